//! The IR of a service's AWS SDK integration tasks (`sdk.rs`).

use serde::Serialize;

use super::GrantIr;

/// The IR of one SDK task.
#[derive(Debug, Serialize)]
pub struct SdkTaskIr {
    /// Rust type name (the operation name).
    pub name: String,
    /// Botocore operation.
    pub operation: String,
    /// camelCase action in the Resource ARN.
    pub action: String,
    /// Input type in `types`, if any.
    pub input: Option<String>,
    /// Doc summary of the operation.
    pub summary: String,
    /// IAM grants.
    pub grants: Vec<GrantIr>,
    /// Error constants (idents in the `errors` module) this operation can raise.
    pub errors: Vec<String>,
    /// The CDK class that renders this call, for `#[doc(alias)]`.
    pub cdk: Option<String>,
}

/// An error name constant.
#[derive(Debug, Serialize)]
pub struct ErrorIr {
    /// Constant name.
    pub ident: String,
    /// The name Step Functions raises.
    pub name: String,
}

/// A service's SDK integration tasks (`sdk.rs`).
#[derive(Debug, Serialize)]
pub struct SdkIr {
    /// The service in `aws-sdk:<service>:` ARNs.
    pub sdk_service: String,
    /// One task per callable operation.
    pub tasks: Vec<SdkTaskIr>,
    /// Error-name constants.
    pub errors: Vec<ErrorIr>,
    /// `(operation, reason)` of operations Step Functions cannot call.
    pub excluded: Vec<(String, String)>,
    /// The module doc test.
    pub example: Option<Example>,
}

/// The operation the module's doc test builds.
#[derive(Debug, Serialize)]
pub struct Example {
    /// Task type.
    pub task: String,
    /// Input type.
    pub input: String,
    /// ARN action.
    pub action: String,
    /// Constructor arguments: the paths the required members are read from.
    pub args: Vec<String>,
    /// The required members' ASL keys, in argument order.
    pub keys: Vec<String>,
    /// The first statement the task grants: (actions, resources).
    pub statement: Option<(Vec<String>, Vec<String>)>,
}
