//! The Lambda function a task runs on when the template brings it along
//! ([`EvaluateExpression`](super::EvaluateExpression),
//! [`CallAwsServiceCrossRegion`](super::CallAwsServiceCrossRegion)): an
//! inline Node.js function under a logical id, or an existing one by ARN.

use serde_json::{Value, json};

use super::iam::PolicyStatement;

/// The Node.js runtime of an inline function unless another is chosen.
const DEFAULT_RUNTIME: &str = "nodejs24.x";

/// Where the function comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LambdaFunction {
    /// Defined in the template under this logical id, with this runtime.
    Inline { id: String, runtime: String },
    /// An existing function, by ARN.
    Existing(String),
}

impl LambdaFunction {
    /// An inline function under `id` with the default runtime.
    pub(crate) fn inline(id: impl Into<String>) -> Self {
        LambdaFunction::Inline {
            id: id.into(),
            runtime: DEFAULT_RUNTIME.to_owned(),
        }
    }

    /// Inline under `id`, keeping an inline function's runtime.
    pub(crate) fn with_logical_id(self, id: impl Into<String>) -> Self {
        let runtime = match self {
            LambdaFunction::Inline { runtime, .. } => runtime,
            LambdaFunction::Existing(_) => DEFAULT_RUNTIME.to_owned(),
        };
        LambdaFunction::Inline {
            id: id.into(),
            runtime,
        }
    }

    /// Sets an inline function's runtime; an existing one has its own.
    pub(crate) fn with_runtime(mut self, runtime: impl Into<String>) -> Self {
        if let LambdaFunction::Inline { runtime: r, .. } = &mut self {
            *r = runtime.into();
        }
        self
    }

    /// The function's ARN, as a template reference for the inline one.
    pub(crate) fn arn(&self) -> String {
        match self {
            LambdaFunction::Inline { id, .. } => format!("${{{id}.Arn}}"),
            LambdaFunction::Existing(arn) => arn.clone(),
        }
    }

    /// What the state machine's role needs to invoke it (any version).
    pub(crate) fn invoke_statement(&self) -> PolicyStatement {
        let arn = self.arn();
        PolicyStatement::allow(["lambda:InvokeFunction"], [arn.clone(), format!("{arn}:*")])
    }

    /// The inline function's logical id and its role's; `None` for an
    /// existing function.
    pub(crate) fn logical_ids(&self) -> Option<(&str, String)> {
        match self {
            LambdaFunction::Inline { id, .. } => Some((id, format!("{id}ServiceRole"))),
            LambdaFunction::Existing(_) => None,
        }
    }

    /// The inline function running `handler` (`index.handler`, 30 s) and
    /// its role (basic execution), by logical id; none for an existing
    /// function.
    pub(crate) fn template_resources(&self, handler: &str) -> Vec<(String, Value)> {
        let (LambdaFunction::Inline { runtime, .. }, Some((id, role))) = (self, self.logical_ids())
        else {
            return Vec::new();
        };
        let mut role_resource = crate::runtime::machine::cfn::service_role("lambda.amazonaws.com");
        role_resource["Properties"]["ManagedPolicyArns"] = json!([{
            "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        }]);
        let function = json!({
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": runtime,
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": [role, "Arn"]},
                "Timeout": 30,
                "Code": {"ZipFile": handler}
            }
        });
        vec![(role, role_resource), (id.to_owned(), function)]
    }
}
