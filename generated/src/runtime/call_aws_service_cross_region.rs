//! [`CallAwsServiceCrossRegion`]: an AWS API call in another region (CDK's
//! `CallAwsServiceCrossRegion`). Step Functions' SDK integrations call the
//! state machine's own region only, so the call goes through a Lambda
//! function that the CloudFormation template brings along; the function's
//! role gets the call's IAM, the state machine's role may invoke it.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::call_aws_service::CallAwsService;
use super::iam::{Bindings, PolicyStatement};
use super::lambda_function::LambdaFunction;
use super::states::Retry;
use super::task::{Resource, Task};
use super::task_error::TaskError;

const TASK: &str = "CallAwsServiceCrossRegion";

/// The Node.js handler: loads the service's client from the AWS SDK for
/// JavaScript v3 that Lambda's Node.js runtimes include, sends the command
/// named after the action in the given region (or endpoint), and returns the
/// output as JSON (a binary `Payload`, as Lambda's `Invoke` returns, decoded).
const HANDLER: &str = r#"exports.handler = async (event) => {
  const name = '@aws-sdk/client-' + event.service;
  const sdk = require(name);
  const clients = Object.keys(sdk).filter((k) => k.endsWith('Client') && k !== '__Client');
  if (clients.length !== 1) {
    throw new Error(name + ' has ' + clients.length + ' client classes, expected one');
  }
  const wanted = (event.action + 'Command').toLowerCase();
  const command = Object.keys(sdk).find((k) => k.toLowerCase() === wanted);
  if (!command) {
    throw new Error(name + ' has no command for the action ' + event.action);
  }
  const client = new sdk[clients[0]]({ region: event.region, endpoint: event.endpoint });
  const output = await client.send(new sdk[command](event.parameters || {}));
  if (output.Payload instanceof Uint8Array) {
    const text = new TextDecoder().decode(output.Payload);
    try { output.Payload = JSON.parse(text); } catch (e) { output.Payload = text; }
  }
  return JSON.parse(JSON.stringify(output));
};
"#;

/// Transient Lambda errors, retried as CDK does (every 2 s, 6 times,
/// backoff 2.0).
const LAMBDA_TRANSIENT: [&str; 4] = [
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
];

/// Calls `<service>:<action>` in another region through a Lambda function
/// (CDK's `CallAwsServiceCrossRegion`).
///
/// `service` is the service's name in `aws-sdk:` ARNs (`s3`,
/// `cloudwatchlogs`, `dynamodb`), as for [`CallAwsService`]; the function
/// loads its AWS SDK for JavaScript v3 client, `@aws-sdk/client-<name>`
/// (the [`registry`](crate::services::registry) knows each name). The
/// Task state invokes the function directly (its ARN is the `Resource`, as
/// CDK renders it) with `{"service", "action", "region", "parameters"}`,
/// retrying transient Lambda errors.
///
/// IAM is split between two roles: the state machine's may invoke the
/// function; the function's role, which
/// [`StateMachine::to_cloudformation`](super::StateMachine::to_cloudformation)
/// adds with the function, gets the call's action on the resources given, in
/// the target region (`${AWS::Region}` in them becomes that region). One
/// function serves every cross-region call of a template; each call adds its
/// own policy to the function's role.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{CfnOptions, CallAwsServiceCrossRegion, StateMachine, Task};
///
/// let get = CallAwsServiceCrossRegion::new("s3", "getObject", "us-west-2", ["arn:aws:s3:::my-bucket/*"])?
///     .parameters(json!({"Bucket": "my-bucket", "Key.$": "$.key"}))?;
/// assert_eq!(get.resource().to_string(), "${CrossRegionAwsSdkFunction.Arn}");
/// assert_eq!(get.write_parameters().unwrap()["region"], "us-west-2");
/// let invoke = &get.policy_statements()[0];
/// assert_eq!(invoke.actions().collect::<Vec<_>>(), ["lambda:InvokeFunction"]);
///
/// let machine = StateMachine::new(get.state("Get")).unwrap();
/// let template = machine.to_cloudformation(&CfnOptions::new()).unwrap();
/// let resources = template["Resources"].as_object().unwrap();
/// assert_eq!(resources["CrossRegionAwsSdkFunction"]["Type"], "AWS::Lambda::Function");
/// let policy = resources.iter().find(|(id, _)| id.starts_with("CrossRegionAwsSdkFunctionPolicy")).unwrap().1;
/// assert_eq!(policy["Properties"]["PolicyDocument"]["Statement"][0]["Action"], "s3:GetObject");
/// # Ok::<(), sfn_tasks::runtime::TaskError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CallAwsServiceCrossRegion {
    call: CallAwsService,
    service: String,
    action: String,
    js_client: String,
    region: String,
    endpoint: Option<String>,
    function: LambdaFunction,
    retry_on_service_exceptions: bool,
}

impl CallAwsServiceCrossRegion {
    /// The logical id of the function unless another is chosen; one function
    /// serves every cross-region call of a template, as CDK's singleton does.
    pub const DEFAULT_FUNCTION_ID: &str = "CrossRegionAwsSdkFunction";

    /// Calls `action` (lower camel case, `getObject`) of the SDK service
    /// `service` (`s3`) in `region` (`us-west-2`), granting the function's
    /// role the action on `iam_resources` (`["*"]` for actions without
    /// resource-level permissions).
    pub fn new<R>(
        service: impl Into<String>,
        action: impl Into<String>,
        region: impl Into<String>,
        iam_resources: R,
    ) -> Result<Self, TaskError>
    where
        R: IntoIterator,
        R::Item: Into<String>,
    {
        let service = service.into();
        let action = action.into();
        let region = region.into();
        let call = CallAwsService::new(service.clone(), action.clone(), iam_resources)
            .map_err(|e| TaskError::new(TASK, e.to_string()))?;
        // IAM's spelling of the action (`s3:GetObject`); IAM ignores case,
        // the authorization data and linters of policies do not.
        let mut chars = action.chars();
        let pascal: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        let call = call.iam_action(format!(
            "{}:{pascal}",
            crate::services::registry::iam_prefix(&service)
        ));
        let Some(found) = crate::services::registry::catalog_service(&service) else {
            return Err(TaskError::new(
                TASK,
                format!(
                    "service {service:?} is not a service of the AWS SDKs (expected its name in aws-sdk: ARNs, such as s3 or cloudwatchlogs)"
                ),
            ));
        };
        let valid_region = !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && region.contains('-');
        if !valid_region {
            return Err(TaskError::new(
                TASK,
                format!("region {region:?}: expected a region name such as us-west-2"),
            ));
        }
        Ok(CallAwsServiceCrossRegion {
            call,
            service,
            action,
            js_client: found.js_client.to_owned(),
            region,
            endpoint: None,
            function: LambdaFunction::inline(Self::DEFAULT_FUNCTION_ID),
            retry_on_service_exceptions: true,
        })
    }

    /// The API parameters: an object whose keys are the API's member names
    /// (upper-case first letter; `.$` keys for paths).
    pub fn parameters(mut self, parameters: Value) -> Result<Self, TaskError> {
        self.call = self
            .call
            .parameters(parameters)
            .map_err(|e| TaskError::new(TASK, e.to_string()))?;
        Ok(self)
    }

    /// The IAM action to grant the function's role instead of
    /// `<iam prefix>:<Action>` (`s3:GetObject`).
    pub fn iam_action(mut self, action: impl Into<String>) -> Self {
        self.call = self.call.iam_action(action);
        self
    }

    /// A further statement the function's role needs.
    pub fn additional_statement(mut self, statement: PolicyStatement) -> Self {
        self.call = self.call.additional_statement(statement);
        self
    }

    /// Sends the call to this endpoint URL instead of the region's default.
    /// A literal only: an endpoint from the state input would let whoever
    /// starts an execution send the signed call to a server of their choice.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The logical id of the function in the template (default
    /// [`Self::DEFAULT_FUNCTION_ID`]).
    pub fn function_logical_id(mut self, id: impl Into<String>) -> Self {
        self.function = self.function.with_logical_id(id);
        self
    }

    /// The Lambda runtime of the inline function (a Node.js runtime, which
    /// includes the AWS SDK for JavaScript v3; default `nodejs24.x`).
    pub fn runtime(mut self, runtime: impl Into<String>) -> Self {
        self.function = self.function.with_runtime(runtime);
        self
    }

    /// Uses an existing function (with a handler like ours) instead of adding
    /// one to the template; its role then needs the call's IAM.
    pub fn existing_function(mut self, arn: impl Into<String>) -> Self {
        self.function = LambdaFunction::Existing(arn.into());
        self
    }

    /// Whether the state retries transient Lambda errors (on by default).
    pub fn retry_on_service_exceptions(mut self, retry: bool) -> Self {
        self.retry_on_service_exceptions = retry;
        self
    }

    /// The statements the function's role needs for the call, in the target
    /// region.
    pub fn function_statements(&self) -> Vec<PolicyStatement> {
        let region = Bindings::new().region(self.region.clone());
        self.call
            .policy_statements()
            .iter()
            .map(|s| s.bind(&region))
            .collect()
    }
}

impl Task for CallAwsServiceCrossRegion {
    fn resource(&self) -> Resource {
        Resource::arn(self.function.arn())
    }

    fn write_parameters(&self) -> Option<Value> {
        let mut m = Map::new();
        m.insert("region".to_owned(), Value::from(self.region.as_str()));
        if let Some(endpoint) = &self.endpoint {
            m.insert("endpoint".to_owned(), Value::from(endpoint.as_str()));
        }
        m.insert("action".to_owned(), Value::from(self.action.as_str()));
        m.insert("service".to_owned(), Value::from(self.js_client.as_str()));
        m.insert(
            "parameters".to_owned(),
            self.call.write_parameters().unwrap_or(json!({})),
        );
        Some(Value::Object(m))
    }

    fn policy_statements(&self) -> Vec<PolicyStatement> {
        vec![self.function.invoke_statement()]
    }

    fn default_retries(&self) -> Vec<Retry> {
        if !self.retry_on_service_exceptions {
            return Vec::new();
        }
        vec![
            Retry::on(LAMBDA_TRANSIENT)
                .interval_seconds(2)
                .max_attempts(6)
                .backoff_rate(2.0),
        ]
    }

    fn template_resources(&self) -> Vec<(String, Value)> {
        let Some((id, role)) = self.function.logical_ids() else {
            return Vec::new();
        };
        let mut resources: BTreeMap<String, Value> = self
            .function
            .template_resources(HANDLER)
            .into_iter()
            .collect();
        let statements: Vec<Value> = self
            .function_statements()
            .iter()
            .map(PolicyStatement::to_json)
            .collect();
        if !statements.is_empty() {
            let document = json!({"Version": "2012-10-17", "Statement": statements});
            // One policy per distinct call, named by its content, so calls
            // sharing the function add to its role instead of replacing.
            let policy_id = format!("{id}Policy{:08X}", fnv32(&document.to_string()));
            resources.insert(
                policy_id.clone(),
                json!({
                    "Type": "AWS::IAM::Policy",
                    "Properties": {
                        "PolicyName": policy_id,
                        "PolicyDocument": document,
                        "Roles": [{"Ref": role}]
                    }
                }),
            );
        }
        resources.into_iter().collect()
    }
}

/// FNV-1a, 32 bits: a stable short name for a policy's content.
fn fnv32(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_an_error_naming_it() {
        let err = |r: Result<CallAwsServiceCrossRegion, TaskError>| r.unwrap_err().to_string();
        assert!(
            err(CallAwsServiceCrossRegion::new(
                "nosuch",
                "getThing",
                "us-west-2",
                ["*"]
            ))
            .contains("\"nosuch\"")
        );
        assert!(
            err(CallAwsServiceCrossRegion::new(
                "s3",
                "GetObject",
                "us-west-2",
                ["*"]
            ))
            .contains("lower camel case")
        );
        assert!(
            err(CallAwsServiceCrossRegion::new(
                "s3",
                "getObject",
                "$.region",
                ["*"]
            ))
            .contains("region")
        );
    }

    #[test]
    fn the_function_role_is_granted_in_the_target_region() {
        let call = CallAwsServiceCrossRegion::new(
            "cloudwatchlogs",
            "putLogEvents",
            "eu-west-1",
            ["arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:app:*"],
        )
        .unwrap();
        assert_eq!(
            call.write_parameters().unwrap()["service"],
            "cloudwatch-logs"
        );
        let statement = call.function_statements()[0].to_json();
        assert_eq!(statement["Action"], "logs:PutLogEvents");
        assert_eq!(
            statement["Resource"],
            "arn:${AWS::Partition}:logs:eu-west-1:${AWS::AccountId}:log-group:app:*"
        );
        // Two different calls add two policies to the one function's role.
        let other =
            CallAwsServiceCrossRegion::new("s3", "getObject", "eu-west-1", ["arn:aws:s3:::b/*"])
                .unwrap();
        let ids = |t: &CallAwsServiceCrossRegion| -> Vec<String> {
            t.template_resources()
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        };
        let (a, b) = (ids(&call), ids(&other));
        assert_eq!(a.len(), 3);
        assert_eq!(a[0], "CrossRegionAwsSdkFunction");
        assert_ne!(a[1], b[1], "{a:?} {b:?}");
        assert!(
            call.retry_on_service_exceptions(false)
                .default_retries()
                .is_empty()
        );
    }
}
