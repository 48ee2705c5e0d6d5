//! [`CallAwsService`]: any API of any AWS service through the SDK
//! integration (`arn:aws:states:::aws-sdk:<service>:<action>`), with
//! parameters and IAM grants given by the user, or (feature `sdk-models`,
//! [`CallAwsService::checked`]) checked against the service's model and
//! granted IAM from its data. The generated `sdk` tasks are typed; this
//! serves every other service.

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
    /// Built by [`CallAwsService::checked`]: parameters are checked against
    /// the service's model and IAM comes from its data.
    checked: bool,
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
            checked: false,
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
        #[cfg(feature = "sdk-models")]
        if self.checked {
            checked::parameters(&self.service, &self.action, &parameters)?;
        }
        self.parameters = parameters;
        Ok(self)
    }

    /// The IAM action to grant instead of the one derived from the service
    /// and action (`s3:GetObject` for `getObject` is the same action; IAM
    /// ignores case, but some APIs map to differently named actions). On a
    /// [checked](CallAwsService::checked) call it replaces the statements
    /// derived from the data: the action on [`iam_resources`](Self::iam_resources),
    /// `*` unless given.
    pub fn iam_action(mut self, action: impl Into<String>) -> Self {
        self.iam_action = Some(action.into());
        self
    }

    /// The resources the IAM action is granted on.
    pub fn iam_resources<R>(mut self, resources: R) -> Self
    where
        R: IntoIterator,
        R::Item: Into<String>,
    {
        self.iam_resources = resources.into_iter().map(Into::into).collect();
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

#[cfg(feature = "sdk-models")]
impl CallAwsService {
    /// Calls `action` of the SDK service `service` with `parameters`,
    /// checked against the service's model as it is built: an unknown
    /// service or action (with the nearest name), an unknown member, a value
    /// of the wrong type, an unknown enum value or a missing required member,
    /// at any depth, is an `Err` that names it. Paths (`Key.$`) and JSONata
    /// (`{% … %}`) are known only at run time; a path that is always a string
    /// still cannot fill an object. Member names are the model's or the AWS
    /// SDK for Java v2's (`DbInstanceIdentifier`), as Step Functions takes
    /// both.
    ///
    /// Its IAM statements come from the service-authorization data, exactly
    /// as for the typed SDK tasks: the operation's actions on the resources
    /// its literal parameters name (a scoped wildcard for a part that comes
    /// from a path). Add what the data cannot know with
    /// [`additional_statement`](Self::additional_statement), or replace it
    /// with [`iam_action`](Self::iam_action). Where the data has nothing (an
    /// operation IAM authorises without an action, or one of the few
    /// services newer than the IAM data) no statement is derived; grant it
    /// yourself there.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_tasks::runtime::{CallAwsService, Task};
    ///
    /// let get = CallAwsService::checked("s3", "getObject", json!({"Bucket": "reports", "Key.$": "$.key"}))?;
    /// let statement = &get.policy_statements()[0];
    /// assert_eq!(statement.actions().collect::<Vec<_>>(), ["s3:GetObject"]);
    /// assert_eq!(statement.resources().collect::<Vec<_>>(), ["arn:${AWS::Partition}:s3:::reports/*"]);
    ///
    /// let typo = CallAwsService::checked("s3", "getObject", json!({"Bucket": "reports", "Kee": "a.csv"}));
    /// assert!(typo.unwrap_err().to_string().contains("/Kee: Kee is not a parameter here (did you mean \"Key\"?)"));
    /// let action = CallAwsService::checked("s3", "listObjectV2", json!({"Bucket": "reports"}));
    /// assert!(action.unwrap_err().to_string().contains("did you mean \"listObjectsV2\"?"));
    /// # Ok::<(), sfn_tasks::runtime::TaskError>(())
    /// ```
    pub fn checked(
        service: impl Into<String>,
        action: impl Into<String>,
        parameters: Value,
    ) -> Result<Self, TaskError> {
        let call = CallAwsService::new(service, action, Vec::<String>::new())?;
        checked::operation(&call.service, &call.action)?;
        CallAwsService {
            checked: true,
            ..call
        }
        .parameters(parameters)
    }
}

/// The model behind [`CallAwsService::checked`].
#[cfg(feature = "sdk-models")]
mod checked {
    use serde_json::Value;

    use super::{TASK, TaskError};
    use crate::check::schema::ServiceSchema;
    use crate::check::{Report, catalog, json, params, suggest};
    use crate::runtime::iam::PolicyStatement;
    use crate::runtime::{IntegrationPattern, QueryLanguage};

    /// The service's schema and the operation's input, or why not.
    pub(super) fn operation(
        service: &str,
        action: &str,
    ) -> Result<(&'static ServiceSchema, Option<u32>), TaskError> {
        let Some(schema) = catalog::schema(service) else {
            if crate::services::registry::UNMODELLED.contains(&service) {
                return Err(TaskError::new(
                    TASK,
                    format!(
                        "aws-sdk:{service}: the service is retired and no model has it; use CallAwsService::new"
                    ),
                ));
            }
            let hint = suggest::did_you_mean(service, catalog::names());
            return Err(TaskError::new(
                TASK,
                format!("aws-sdk:{service}: no such service{hint}"),
            ));
        };
        let Some(operation) = schema.operation(action) else {
            let hint = suggest::did_you_mean(action, schema.operations.iter().map(|o| o.action));
            return Err(TaskError::new(
                TASK,
                format!("aws-sdk:{service}:{action}: {service} has no such operation{hint}"),
            ));
        };
        if let Some(reason) = operation.excluded {
            return Err(TaskError::new(
                TASK,
                format!("aws-sdk:{service}:{action}: Step Functions cannot call it: {reason}"),
            ));
        }
        Ok((schema, operation.input))
    }

    /// Every problem of `parameters` for the operation, as one error.
    pub(super) fn parameters(
        service: &str,
        action: &str,
        parameters: &Value,
    ) -> Result<(), TaskError> {
        let (schema, input) = operation(service, action)?;
        let fail = |problems: Vec<String>| {
            Err(TaskError::new(
                TASK,
                format!("aws-sdk:{service}:{action}: {}", problems.join("; ")),
            ))
        };
        let Some(input) = input else {
            let empty = parameters.as_object().is_none_or(|m| m.is_empty());
            return if empty {
                Ok(())
            } else {
                fail(vec!["the operation takes no parameters".to_owned()])
            };
        };
        // The linter's checker reads its own positioned JSON tree.
        let node = json::parse(&parameters.to_string()).map_err(|e| {
            TaskError::new(
                TASK,
                format!("aws-sdk:{service}:{action}: parameters: {}", e.message),
            )
        })?;
        let call = params::Call {
            schema,
            // JSONata expressions (`{% … %}`) are taken as run-time values;
            // `.$` keys are paths in either language.
            language: QueryLanguage::Jsonata,
            sdk: true,
        };
        let mut problems = Problems::default();
        params::check(&mut problems, &call, input, &node, "");
        if problems.0.is_empty() {
            Ok(())
        } else {
            fail(problems.0)
        }
    }

    /// The operation's statements from the data, bound to `parameters`.
    pub(super) fn statements(
        service: &str,
        action: &str,
        pattern: IntegrationPattern,
        parameters: &Value,
    ) -> Vec<PolicyStatement> {
        let grants = catalog::schema(service).and_then(|s| s.grants(action));
        grants.map_or_else(Vec::new, |g| {
            crate::runtime::grant::statements(g, pattern, parameters)
        })
    }

    #[derive(Default)]
    struct Problems(Vec<String>);

    impl Report for Problems {
        fn error(&mut self, _offset: usize, pointer: &str, _code: &'static str, message: String) {
            let at = if pointer.is_empty() { "/" } else { pointer };
            self.0.push(format!("{at}: {message}"));
        }
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
        #[cfg(feature = "sdk-models")]
        if self.checked && self.iam_action.is_none() {
            let mut out =
                checked::statements(&self.service, &self.action, self.pattern, &self.parameters);
            out.extend(self.statements.iter().cloned());
            return out;
        }
        let resources = if self.iam_resources.is_empty() && self.checked {
            vec!["*".to_owned()]
        } else {
            self.iam_resources.clone()
        };
        let action = self
            .iam_action
            .clone()
            .unwrap_or_else(|| self.default_iam_action());
        let mut out = vec![PolicyStatement::allow([action], resources)];
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
