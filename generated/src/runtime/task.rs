//! The [`Task`] trait that every task integration implements, its
//! [`Resource`] and [`IntegrationPattern`], and [`CustomTask`], the
//! hand-written escape hatch for anything the generated tasks do not cover.

use std::fmt;

use serde_json::Value;

use super::iam::{Bindings, PolicyStatement};
use super::states::TaskState;

/// How Step Functions waits for a task (the `Resource` suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum IntegrationPattern {
    /// No suffix: move on as soon as the service answers.
    #[default]
    RequestResponse,
    /// `.sync`: wait for the job to finish ("Run a Job").
    RunJob,
    /// `.sync:2`: like [`RunJob`](Self::RunJob), with JSON output (Step Functions `startExecution`).
    RunJobV2,
    /// `.waitForTaskToken`: pause until `SendTaskSuccess`/`SendTaskFailure` returns the task token.
    WaitForTaskToken,
}

impl IntegrationPattern {
    /// The suffix appended to the integration ARN: the one table of suffixes.
    pub fn suffix(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "",
            IntegrationPattern::RunJob => super::vocabulary::SYNC_SUFFIX,
            IntegrationPattern::RunJobV2 => super::vocabulary::SYNC_V2_SUFFIX,
            IntegrationPattern::WaitForTaskToken => super::vocabulary::WAIT_FOR_TASK_TOKEN_SUFFIX,
        }
    }

    /// Whether Express workflows support this pattern (they support only request-response).
    pub fn supported_by_express(self) -> bool {
        self == IntegrationPattern::RequestResponse
    }
}

/// The `Resource` of a Task state.
///
/// ```
/// use sfn_tasks::runtime::{IntegrationPattern, Resource};
///
/// let put = Resource::integration("dynamodb", "putItem", IntegrationPattern::RequestResponse);
/// assert_eq!(put.to_arn(None), "arn:aws:states:::dynamodb:putItem");
/// assert_eq!(put.to_arn(Some("${AWS::Partition}")), "arn:${AWS::Partition}:states:::dynamodb:putItem");
///
/// let sdk = Resource::integration("aws-sdk:s3", "listBuckets", IntegrationPattern::RequestResponse);
/// assert_eq!(sdk.to_arn(None), "arn:aws:states:::aws-sdk:s3:listBuckets");
///
/// let activity = Resource::arn("arn:aws:states:us-east-1:123456789012:activity:Review");
/// assert_eq!(activity.to_arn(None), "arn:aws:states:us-east-1:123456789012:activity:Review");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    /// An optimized or SDK integration: `arn:<partition>:states:::<service>:<action><suffix>`.
    Integration {
        /// `dynamodb`, `lambda`, or `aws-sdk:<sdk service>` for SDK integrations.
        service: String,
        /// The API action in the case Step Functions expects (`putItem`, `invoke`).
        action: String,
        /// The pattern, which gives the suffix.
        pattern: IntegrationPattern,
    },
    /// A literal ARN: an activity, or a Lambda function called the legacy way.
    Arn(String),
}

impl Resource {
    /// An integration resource.
    pub fn integration(
        service: impl Into<String>,
        action: impl Into<String>,
        pattern: IntegrationPattern,
    ) -> Self {
        Resource::Integration {
            service: service.into(),
            action: action.into(),
            pattern,
        }
    }

    /// A literal ARN (activity or Lambda function).
    pub fn arn(arn: impl Into<String>) -> Self {
        Resource::Arn(arn.into())
    }

    /// The pattern of an integration; literal ARNs count as request-response.
    pub fn pattern(&self) -> IntegrationPattern {
        match self {
            Resource::Integration { pattern, .. } => *pattern,
            Resource::Arn(_) => IntegrationPattern::RequestResponse,
        }
    }

    /// The ARN text. `partition` defaults to `aws`; pass
    /// `Some("${AWS::Partition}")` inside CloudFormation.
    pub fn to_arn(&self, partition: Option<&str>) -> String {
        match self {
            Resource::Integration {
                service,
                action,
                pattern,
            } => format!(
                "arn:{}:states:::{service}:{action}{}",
                partition.unwrap_or("aws"),
                pattern.suffix()
            ),
            Resource::Arn(arn) => arn.clone(),
        }
    }

    /// The ARN with `bindings` applied; an unbound partition renders as `aws`
    /// in integration ARNs.
    pub(crate) fn render(&self, bindings: &Bindings, placeholders: bool) -> String {
        let partition = match bindings.bound_partition() {
            Some(p) => Some(p),
            None if placeholders => Some(super::iam::PARTITION),
            None => None,
        };
        bindings.apply(&self.to_arn(partition))
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_arn(None))
    }
}

/// A task integration: what a Task state calls, with which parameters, and
/// which IAM permissions that needs.
///
/// Generated tasks (`dynamodb::PutItem`, `lambda::Invoke`, …) and
/// [`CustomTask`] implement it. Wrap one in a state with [`Task::state`] (or
/// [`TaskState::new`]).
///
/// ```
/// use serde_json::{json, Value};
/// use sfn_tasks::runtime::{arn, IntegrationPattern, PolicyStatement, Resource, Task};
///
/// /// A hand-written integration: SNS publish to a fixed topic.
/// #[derive(Debug)]
/// struct Notify;
///
/// impl Task for Notify {
///     fn resource(&self) -> Resource {
///         Resource::integration("sns", "publish", IntegrationPattern::RequestResponse)
///     }
///     fn write_parameters(&self) -> Option<Value> {
///         Some(json!({"TopicArn": arn("sns", "alerts"), "Message.$": "$.message"}))
///     }
///     fn policy_statements(&self) -> Vec<PolicyStatement> {
///         vec![PolicyStatement::allow(["sns:Publish"], [arn("sns", "alerts")])]
///     }
/// }
///
/// let state = Notify.state("Notify");
/// assert_eq!(state.name(), "Notify");
/// ```
pub trait Task: fmt::Debug + Send + Sync {
    /// The `Resource` of the state; its pattern is the task's pattern.
    fn resource(&self) -> Resource;

    /// The `Parameters` object (JSONPath states) or `Arguments` value
    /// (JSONata states), already in ASL form (`.$` keys for paths,
    /// `{% %}` strings for JSONata). `None` writes no field.
    fn write_parameters(&self) -> Option<Value>;

    /// The integration pattern; by default the one in [`Task::resource`].
    fn pattern(&self) -> IntegrationPattern {
        self.resource().pattern()
    }

    /// The IAM statements the state machine's role needs to run this task.
    fn policy_statements(&self) -> Vec<PolicyStatement>;

    /// Retriers the task adds to its state before the user's own (Lambda's
    /// retry on transient service errors). None by default.
    fn default_retries(&self) -> Vec<super::states::Retry> {
        Vec::new()
    }

    /// Whether the parameters pass the task token (`$$.Task.Token` or
    /// `$states.context.Task.Token`), which the callback pattern requires.
    /// The default scans [`Task::write_parameters`].
    fn references_task_token(&self) -> bool {
        self.write_parameters()
            .as_ref()
            .is_some_and(json_references_task_token)
    }

    /// CloudFormation resources the task brings along (the function behind
    /// `EvaluateExpression`), as `(logical id, resource)`. The template adds
    /// them and lets `${Id}` and `${Id.Arn}` through `Fn::Sub`. None by default.
    fn template_resources(&self) -> Vec<(String, Value)> {
        Vec::new()
    }

    /// Wraps the task in a Task state called `name`.
    fn state(self, name: impl Into<String>) -> TaskState
    where
        Self: Sized + 'static,
    {
        TaskState::new(name, self)
    }
}

/// Whether a rendered `Parameters`/`Arguments` value passes the task token:
/// a `.$` key whose path or intrinsic reads `$$.Task.Token` (or the whole
/// context object `$$` or `$$.Task`, which carry it), or a JSONata string
/// that reads `$states.context.Task.Token` (or `$states.context`,
/// `$states.context.Task`).
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::json_references_task_token;
///
/// assert!(json_references_task_token(&json!({"Payload": {"token.$": "$$.Task.Token"}})));
/// assert!(json_references_task_token(&json!({"ExecutionContext.$": "$$"})));
/// assert!(json_references_task_token(&json!({"token": "{% $states.context.Task.Token %}"})));
/// assert!(!json_references_task_token(&json!({"token": "$$.Task.Token"})));
/// assert!(!json_references_task_token(&json!({"id.$": "$$.Execution.Id"})));
/// ```
pub fn json_references_task_token(value: &Value) -> bool {
    match value {
        Value::String(s) if is_jsonata_template(s) => {
            let inner = s.trim().trim_start_matches("{%").trim_end_matches("%}");
            carries_task_token(inner, "$states.context")
        }
        Value::Array(items) => items.iter().any(json_references_task_token),
        Value::Object(map) => map.iter().any(|(key, value)| {
            if key.ends_with(".$") {
                value.as_str().is_some_and(|s| carries_task_token(s, "$$"))
            } else {
                json_references_task_token(value)
            }
        }),
        _ => false,
    }
}

/// Whether an expression reads the token under the context root `root`,
/// or hands over the whole context (or its `Task` object) that holds it.
fn carries_task_token(text: &str, root: &str) -> bool {
    let text = text.trim();
    text.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest == ".Task" || rest.starts_with(".Task.Token"))
        || text.contains(&format!("{root}.Task.Token"))
}

pub(crate) fn is_jsonata_template(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("{%") && t.ends_with("%}")
}

/// A task written by hand: a resource, a raw parameters object and the IAM
/// statements it needs. Use it for integrations the generated tasks do not
/// cover yet, for activities, and in tests. CDK calls its equivalents
/// `CustomState` and `CallAwsService`.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{arn, CustomTask, IntegrationPattern, PolicyStatement, Task};
///
/// let put = CustomTask::new("dynamodb", "putItem")
///     .parameters(json!({
///         "TableName": "Orders",
///         "Item": {"id": {"S.$": "$.orderId"}}
///     }))
///     .policy(PolicyStatement::allow(["dynamodb:PutItem"], [arn("dynamodb", "table/Orders")]));
/// assert_eq!(put.resource().to_string(), "arn:aws:states:::dynamodb:putItem");
///
/// let callback = CustomTask::new("sqs", "sendMessage")
///     .integration_pattern(IntegrationPattern::WaitForTaskToken)
///     .parameters(json!({"QueueUrl": "https://example/q", "MessageBody": {"token.$": "$$.Task.Token"}}));
/// assert!(callback.references_task_token());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CustomTask {
    resource: Resource,
    parameters: Option<Value>,
    statements: Vec<PolicyStatement>,
}

impl CustomTask {
    /// An integration task for `service` and `action` (request-response until
    /// [`CustomTask::integration_pattern`] says otherwise). For SDK integrations pass
    /// `aws-sdk:<service>` as the service, or use [`CustomTask::aws_sdk`].
    pub fn new(service: impl Into<String>, action: impl Into<String>) -> Self {
        CustomTask {
            resource: Resource::integration(service, action, IntegrationPattern::RequestResponse),
            parameters: None,
            statements: Vec::new(),
        }
    }

    /// An SDK integration (`arn:aws:states:::aws-sdk:<service>:<action>`).
    /// Parameters default to `{}`, as Step Functions expects for SDK calls.
    ///
    /// ```
    /// use sfn_tasks::runtime::{CustomTask, Task};
    ///
    /// let list = CustomTask::aws_sdk("s3", "listBuckets").policy_actions(["s3:ListAllMyBuckets"], ["*"]);
    /// assert_eq!(list.resource().to_string(), "arn:aws:states:::aws-sdk:s3:listBuckets");
    /// assert_eq!(list.write_parameters(), Some(serde_json::json!({})));
    /// ```
    pub fn aws_sdk(service: &str, action: impl Into<String>) -> Self {
        CustomTask::new(format!("aws-sdk:{service}"), action)
            .parameters(Value::Object(Default::default()))
    }

    /// A task whose `Resource` is a literal ARN: an activity, or a Lambda
    /// function called without the `lambda:invoke` integration.
    pub fn from_arn(arn: impl Into<String>) -> Self {
        CustomTask {
            resource: Resource::arn(arn),
            parameters: None,
            statements: Vec::new(),
        }
    }

    /// Sets the integration pattern (ignored for literal ARNs).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        if let Resource::Integration { pattern: p, .. } = &mut self.resource {
            *p = pattern;
        }
        self
    }

    /// Sets the `Parameters`/`Arguments` value, written as given.
    pub fn parameters(mut self, parameters: Value) -> Self {
        self.parameters = Some(parameters);
        self
    }

    /// Adds an IAM statement the task needs.
    pub fn policy(mut self, statement: PolicyStatement) -> Self {
        self.statements.push(statement);
        self
    }

    /// Adds an `Allow` statement for `actions` on `resources`.
    pub fn policy_actions<A, R>(self, actions: A, resources: R) -> Self
    where
        A: IntoIterator,
        A::Item: Into<String>,
        R: IntoIterator,
        R::Item: Into<String>,
    {
        self.policy(PolicyStatement::allow(actions, resources))
    }
}

impl Task for CustomTask {
    fn resource(&self) -> Resource {
        self.resource.clone()
    }

    fn write_parameters(&self) -> Option<Value> {
        self.parameters.clone()
    }

    fn policy_statements(&self) -> Vec<PolicyStatement> {
        self.statements.clone()
    }

    fn references_task_token(&self) -> bool {
        self.parameters
            .as_ref()
            .is_some_and(json_references_task_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn suffix_table() {
        let arn = |p| Resource::integration("states", "startExecution", p).to_arn(None);
        assert_eq!(
            arn(IntegrationPattern::RequestResponse),
            "arn:aws:states:::states:startExecution"
        );
        assert_eq!(
            arn(IntegrationPattern::RunJob),
            "arn:aws:states:::states:startExecution.sync"
        );
        assert_eq!(
            arn(IntegrationPattern::RunJobV2),
            "arn:aws:states:::states:startExecution.sync:2"
        );
        assert_eq!(
            arn(IntegrationPattern::WaitForTaskToken),
            "arn:aws:states:::states:startExecution.waitForTaskToken"
        );
    }

    #[test]
    fn render_uses_placeholder_or_binding() {
        let r = Resource::integration("sqs", "sendMessage", IntegrationPattern::RequestResponse);
        assert_eq!(
            r.render(&Bindings::new(), false),
            "arn:aws:states:::sqs:sendMessage"
        );
        assert_eq!(
            r.render(&Bindings::new(), true),
            "arn:${AWS::Partition}:states:::sqs:sendMessage"
        );
        assert_eq!(
            r.render(&Bindings::new().partition("aws-cn"), true),
            "arn:aws-cn:states:::sqs:sendMessage"
        );
    }

    #[test]
    fn token_scan_looks_at_dynamic_keys_and_jsonata_only() {
        assert!(json_references_task_token(
            &json!([{"a": {"t.$": "States.Format('{}', $$.Task.Token)"}}])
        ));
        assert!(!json_references_task_token(
            &json!({"t": "{% $states.input.x %}"})
        ));
        assert!(!json_references_task_token(&json!(null)));
    }

    #[test]
    fn pattern_is_ignored_for_literal_arns() {
        let t = CustomTask::from_arn("arn:aws:states:us-east-1:1:activity:a")
            .integration_pattern(IntegrationPattern::RunJob);
        assert_eq!(t.pattern(), IntegrationPattern::RequestResponse);
    }
}
