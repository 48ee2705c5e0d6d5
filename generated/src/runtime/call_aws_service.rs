//! [`CallAwsService`]: any API of any AWS service through the SDK
//! integration (`arn:aws:states:::aws-sdk:<service>:<action>`), with
//! parameters and IAM grants given by the user. The generated `sdk` tasks
//! are typed; this is the escape hatch for services this crate does not
//! vendor.

use serde_json::{Map, Value};

use super::iam::PolicyStatement;
use super::task::{IntegrationPattern, Resource, Task};
use super::task_error::TaskError;

const TASK: &str = "CallAwsService";

/// Calls `<service>:<action>` with untyped parameters (CDK's `CallAwsService`).
///
/// The action is written as Step Functions expects it (`listBuckets`, lower
/// camel case) and every top-level parameter key starts upper-case (the
/// API's member names); both are checked. The role gets `<iam
/// prefix>:<Action>` on the resources given (the IAM prefix differs from the
/// SDK name for a few services, `sfn` → `states`, `cloudwatchlogs` → `logs`:
/// see [`registry`](crate::services::registry));
/// override the action with [`CallAwsService::iam_action`] and add more with
/// [`CallAwsService::additional_statement`]. SDK integrations do not support
/// `.sync`.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{CallAwsService, StateMachine, Task};
///
/// let get = CallAwsService::new("s3", "getObject", ["arn:aws:s3:::my-bucket/*"])?
///     .parameters(json!({"Bucket": "my-bucket", "Key.$": "$.key"}))?
///     .iam_action("s3:GetObject");
/// assert_eq!(get.resource().to_string(), "arn:aws:states:::aws-sdk:s3:getObject");
/// let policy = StateMachine::new(get.state("Get")).unwrap().policy_document().to_json();
/// assert_eq!(policy["Statement"][0]["Action"], "s3:GetObject");
///
/// assert!(CallAwsService::new("s3", "ListBuckets", ["*"]).is_err());
/// assert!(CallAwsService::new("s3", "listBuckets", ["*"])?.parameters(json!({"bucket": "b"})).is_err());
/// # Ok::<(), sfn_tasks::runtime::TaskError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CallAwsService {
    service: String,
    action: String,
    parameters: Value,
    iam_action: Option<String>,
    iam_resources: Vec<String>,
    statements: Vec<PolicyStatement>,
    pattern: IntegrationPattern,
}

impl CallAwsService {
    /// Calls `action` (lower camel case, `listBuckets`) of the SDK service
    /// `service` (`s3`, `ec2`), granting the action on `iam_resources`
    /// (`["*"]` for actions without resource-level permissions).
    pub fn new<R>(
        service: impl Into<String>,
        action: impl Into<String>,
        iam_resources: R,
    ) -> Result<Self, TaskError>
    where
        R: IntoIterator,
        R::Item: Into<String>,
    {
        let service = service.into();
        let action = action.into();
        let valid_service = !service.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !valid_service {
            return Err(TaskError::new(
                TASK,
                format!(
                    "service {service:?}: expected the SDK's lower-case service name (s3, ec2)"
                ),
            ));
        }
        let mut chars = action.chars();
        let valid_action = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_alphanumeric());
        if !valid_action {
            return Err(TaskError::new(
                TASK,
                format!(
                    "action {action:?}: expected lower camel case, as Step Functions writes it (listBuckets)"
                ),
            ));
        }
        Ok(CallAwsService {
            service,
            action,
            parameters: Value::Object(Map::new()),
            iam_action: None,
            iam_resources: iam_resources.into_iter().map(Into::into).collect(),
            statements: Vec::new(),
            pattern: IntegrationPattern::RequestResponse,
        })
    }

    /// The API parameters: an object whose keys are the API's member names
    /// (upper-case first letter; `.$` keys for paths).
    pub fn parameters(mut self, parameters: Value) -> Result<Self, TaskError> {
        let Value::Object(map) = &parameters else {
            return Err(TaskError::new(TASK, "parameters must be a JSON object"));
        };
        if let Some(key) = map
            .keys()
            .find(|k| !k.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        {
            return Err(TaskError::new(
                TASK,
                format!(
                    "parameter {key:?}: keys start with an upper-case letter (the API member name)"
                ),
            ));
        }
        self.parameters = parameters;
        Ok(self)
    }

    /// The IAM action to grant instead of the one derived from the service
    /// and action (`s3:GetObject` for `getObject` is the same action; IAM
    /// ignores case, but some APIs map to differently named actions).
    pub fn iam_action(mut self, action: impl Into<String>) -> Self {
        self.iam_action = Some(action.into());
        self
    }

    /// A further statement the call needs (a KMS key, a second action).
    pub fn additional_statement(mut self, statement: PolicyStatement) -> Self {
        self.statements.push(statement);
        self
    }

    /// Request-response (the default) or `.waitForTaskToken`; SDK
    /// integrations have no `.sync` form.
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Result<Self, TaskError> {
        match pattern {
            IntegrationPattern::RequestResponse | IntegrationPattern::WaitForTaskToken => {
                self.pattern = pattern;
                Ok(self)
            }
            other => Err(TaskError::new(
                TASK,
                format!(
                    "pattern {other:?} ({:?}) is not supported by SDK integrations; use RequestResponse or WaitForTaskToken",
                    other.suffix()
                ),
            )),
        }
    }

    /// The IAM action derived from the service and action, with the IAM
    /// prefix the service registry gives the SDK name.
    fn default_iam_action(&self) -> String {
        format!(
            "{}:{}",
            crate::services::registry::iam_prefix(&self.service),
            self.action
        )
    }
}

impl Task for CallAwsService {
    fn resource(&self) -> Resource {
        Resource::integration(
            format!("aws-sdk:{}", self.service),
            self.action.clone(),
            self.pattern,
        )
    }

    fn write_parameters(&self) -> Option<Value> {
        Some(self.parameters.clone())
    }

    fn policy_statements(&self) -> Vec<PolicyStatement> {
        let action = self
            .iam_action
            .clone()
            .unwrap_or_else(|| self.default_iam_action());
        let mut out = vec![PolicyStatement::allow([action], self.iam_resources.clone())];
        out.extend(self.statements.iter().cloned());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validation() {
        assert!(CallAwsService::new("", "listBuckets", ["*"]).is_err());
        assert!(CallAwsService::new("S3", "listBuckets", ["*"]).is_err());
        assert!(CallAwsService::new("s3", "", ["*"]).is_err());
        assert!(CallAwsService::new("s3", "list-buckets", ["*"]).is_err());
        let ok = CallAwsService::new("s3", "listBuckets", ["*"]).unwrap();
        assert!(ok.clone().parameters(json!([1])).is_err());
        assert!(ok.clone().parameters(json!({"": 1})).is_err());
        assert!(ok.clone().parameters(json!({"Bucket.$": "$.b"})).is_ok());
        assert!(
            ok.clone()
                .integration_pattern(IntegrationPattern::RunJob)
                .is_err()
        );
        assert!(
            ok.integration_pattern(IntegrationPattern::RunJobV2)
                .is_err()
        );
    }

    #[test]
    fn iam_prefix_follows_the_service() {
        let t = CallAwsService::new("sfn", "describeExecution", ["*"]).unwrap();
        let s = t.policy_statements();
        assert_eq!(
            s[0].actions().collect::<Vec<_>>(),
            ["states:describeExecution"]
        );
    }
}
