//! The Task state.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::common::{
    Common, RenderContext, head, impl_assign, impl_base, impl_errors, impl_io, impl_result,
    impl_result_selector, put_errors, put_field, put_io, put_transition,
};
use crate::runtime::iam::PolicyStatement;
use crate::runtime::task::Task;
use crate::runtime::{Field, ObjectWriter};

/// A Task state: runs one [`Task`] integration.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{errors, Catch, CustomTask, Fail, Retry, StateMachine, Task};
///
/// let charge = CustomTask::new("lambda", "invoke")
///     .parameters(json!({"FunctionName": "charge", "Payload.$": "$"}))
///     .policy_actions(["lambda:InvokeFunction"], ["arn:aws:lambda:us-east-1:123456789012:function:charge"])
///     .state("Charge card")
///     .result_selector(json!({"receipt.$": "$.Payload"}))
///     .result_path("$.charge")
///     .timeout_seconds(30)
///     .retry(Retry::on([errors::TASK_FAILED]).max_attempts(2))
///     .catch(Catch::all(Fail::new("Payment failed")));
/// let machine = StateMachine::new(charge).unwrap();
/// assert_eq!(machine.to_asl_json()["States"]["Charge card"]["TimeoutSeconds"], 30);
/// ```
#[derive(Debug, Clone)]
pub struct TaskState {
    pub(crate) common: Common,
    pub(crate) task: Arc<dyn Task>,
    pub(crate) timeout: Option<Field<i64>>,
    pub(crate) heartbeat: Option<Field<i64>>,
    pub(crate) credentials: Option<Field<String>>,
}

impl_base!(TaskState);
impl_io!(TaskState);
impl_assign!(TaskState);
impl_result!(TaskState);
impl_result_selector!(TaskState);
impl_errors!(TaskState);

impl TaskState {
    /// A Task state called `name` running `task`.
    pub fn new(name: impl Into<String>, task: impl Task + 'static) -> Self {
        Self::from_arc(name, Arc::new(task))
    }

    /// A Task state sharing an already boxed task.
    pub fn from_arc(name: impl Into<String>, task: Arc<dyn Task>) -> Self {
        let mut common = Common::named(name);
        common.retry = task.default_retries();
        TaskState {
            common,
            task,
            timeout: None,
            heartbeat: None,
            credentials: None,
        }
    }

    /// The task this state runs.
    pub fn task(&self) -> &dyn Task {
        self.task.as_ref()
    }

    /// Sets `TimeoutSeconds` (a positive number), `TimeoutSecondsPath`
    /// (a [`JsonPath`](crate::JsonPath)) or a JSONata expression.
    pub fn timeout_seconds(mut self, seconds: impl Into<Field<i64>>) -> Self {
        self.timeout = Some(seconds.into());
        self
    }

    /// Sets `HeartbeatSeconds` (less than the timeout), `HeartbeatSecondsPath`
    /// or a JSONata expression.
    pub fn heartbeat_seconds(mut self, seconds: impl Into<Field<i64>>) -> Self {
        self.heartbeat = Some(seconds.into());
        self
    }

    /// Sets `Credentials`: a role the execution role assumes to run this
    /// task (cross-account). The machine's policy gains `sts:AssumeRole` on it.
    pub fn credentials(mut self, role_arn: impl Into<Field<String>>) -> Self {
        self.credentials = Some(role_arn.into());
        self
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let language = self.common.language(ctx.language);
        let mut m = head("Task", &self.common, ctx);
        m.insert(
            "Resource".to_owned(),
            Value::from(self.task.resource().render(ctx.bindings, ctx.placeholders)),
        );
        if let Some(role) = &self.credentials {
            let mut w = ObjectWriter::new();
            w.required("RoleArn", role.as_asl());
            m.insert("Credentials".to_owned(), w.finish());
        }
        put_io(&mut m, &self.common, self.task.write_parameters(), language);
        put_field(&mut m, "TimeoutSeconds", &self.timeout);
        put_field(&mut m, "HeartbeatSeconds", &self.heartbeat);
        put_errors(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }

    /// What the execution role needs for this state: the task's statements,
    /// or only `sts:AssumeRole` when the task runs with `Credentials` (the
    /// task's own grants then belong on the assumed role).
    pub(crate) fn policy_statements(&self) -> Vec<PolicyStatement> {
        match &self.credentials {
            None => self.task.policy_statements(),
            Some(Field::Value(role)) => {
                vec![PolicyStatement::allow(["sts:AssumeRole"], [role.clone()])]
            }
            Some(Field::Dynamic(_)) => vec![PolicyStatement::allow(["sts:AssumeRole"], ["*"])],
        }
    }
}
