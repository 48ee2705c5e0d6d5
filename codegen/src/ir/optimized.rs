//! The IR of a service's optimized integrations (`optimized.rs`).

use serde::Serialize;

use super::{FieldIr, GrantIr};

/// Every optimized task of one service.
#[derive(Debug, Serialize)]
pub struct TasksIr {
    /// Service module (`dynamodb`).
    pub module: String,
    /// AWS's long name.
    pub title: String,
    /// The service part of the integration ARNs (`dynamodb`, `states`).
    pub service: String,
    /// The AWS integration page.
    pub doc_url: String,
    /// Tasks in name order.
    pub tasks: Vec<TaskIr>,
}

/// One task.
#[derive(Debug, Serialize)]
pub struct TaskIr {
    /// Rust name (`GetItem`).
    pub name: String,
    /// CDK construct names, for `#[doc(alias)]`.
    pub cdk: Vec<String>,
    /// Doc lines.
    pub doc: Vec<String>,
    /// ARN service part.
    pub service: String,
    /// ARN action part.
    pub action: String,
    /// The pattern enum's name.
    pub pattern_enum: String,
    /// Supported patterns, default first.
    pub patterns: Vec<PatternIr>,
    /// Whether the user can choose (more than one pattern).
    pub selectable: bool,
    /// Parameters in model order (added ones last).
    pub fields: Vec<FieldIr>,
    /// IAM grants.
    pub grants: Vec<GrantIr>,
    /// `iam:PassRole` data.
    pub pass_role: Option<PassRoleIr>,
    /// KMS actions for keys added with `grant_kms_key`.
    pub kms: Option<Vec<String>>,
    /// Default retrier.
    pub default_retry: Option<RetryIr>,
    /// The direct-`Resource` form.
    pub direct: Option<DirectIr>,
    /// Doc-test lines (Rust source, without the fences).
    pub example: Vec<String>,
}

/// One selectable pattern.
#[derive(Debug, Serialize)]
pub struct PatternIr {
    /// Variant of the task's pattern enum and of `IntegrationPattern`.
    pub variant: String,
    /// Resource suffix, for docs.
    pub suffix: String,
    /// Whether it is the default.
    pub default: bool,
    /// Doc line.
    pub doc: String,
}

/// `iam:PassRole` data.
#[derive(Debug, Serialize)]
pub struct PassRoleIr {
    /// Docs of `grant_pass_role`.
    pub method_doc: Vec<String>,
    /// Service principal.
    pub service: Option<String>,
    /// Pointers holding roles.
    pub pointers: Vec<String>,
    /// `(pointer, principal)` where a pointer's role goes to its own service.
    pub passed_to: Vec<(String, String)>,
    /// The warning about roles no parameter names.
    pub unseen: Option<String>,
}

/// A default retrier.
#[derive(Debug, Serialize)]
pub struct RetryIr {
    /// Docs of the switch.
    pub doc: String,
    /// Setter name.
    pub switch: String,
    /// Errors.
    pub errors: Vec<String>,
    /// Interval.
    pub interval_seconds: u32,
    /// Attempts.
    pub max_attempts: u32,
    /// Backoff, printed as a float literal.
    pub backoff_rate: String,
}

/// The direct-`Resource` form.
#[derive(Debug, Serialize)]
pub struct DirectIr {
    /// Docs of the switch.
    pub doc: Vec<String>,
    /// Field holding the ARN.
    pub member: String,
    /// Field written as the parameters.
    pub input: String,
    /// Setter.
    pub switch: String,
    /// ARN service of a name made whole (`lambda`).
    pub arn_service: String,
    /// Resource type before the name (`function:`).
    pub arn_type: String,
}
