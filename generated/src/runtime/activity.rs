//! [`InvokeActivity`]: a Task state that hands its work to an activity
//! worker (CDK's `StepFunctionsInvokeActivity`).

use serde_json::Value;

use super::iam::PolicyStatement;
use super::task::{Resource, Task};

/// Runs an activity: the state's `Resource` is the activity ARN, and the
/// worker polls for it with `GetActivityTask`, so the state machine's role
/// needs no permission (the worker's does).
///
/// An activity should have a heartbeat so a lost worker does not hold the
/// execution until its timeout; [`InvokeActivity::heartbeat_seconds`] sets it
/// on the state (the same as `TaskState::heartbeat_seconds`).
///
/// ```
/// use sfn_tasks::runtime::{InvokeActivity, StateMachine};
///
/// let review = InvokeActivity::new("arn:aws:states:us-east-1:123456789012:activity:Review")
///     .heartbeat_seconds(60)
///     .timeout_seconds(3600);
/// let asl = StateMachine::new(review.state("Review")).unwrap().to_asl_json();
/// let state = &asl["States"]["Review"];
/// assert_eq!(state["Resource"], "arn:aws:states:us-east-1:123456789012:activity:Review");
/// assert_eq!(state["HeartbeatSeconds"], 60);
/// assert!(state.get("Parameters").is_none());
/// ```
#[doc(alias = "StepFunctionsInvokeActivity")]
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeActivity {
    activity_arn: String,
    parameters: Option<Value>,
    heartbeat_seconds: Option<i64>,
    timeout_seconds: Option<i64>,
}

impl InvokeActivity {
    /// Invokes the activity with this ARN (a literal ARN or a
    /// `${Activity}` reference of the same template).
    pub fn new(activity_arn: impl Into<String>) -> Self {
        InvokeActivity {
            activity_arn: activity_arn.into(),
            parameters: None,
            heartbeat_seconds: None,
            timeout_seconds: None,
        }
    }

    /// The input the worker receives (`Parameters`); by default the state input.
    pub fn parameters(mut self, parameters: Value) -> Self {
        self.parameters = Some(parameters);
        self
    }

    /// `HeartbeatSeconds` of the state: the longest the worker may stay
    /// silent before the task fails with `States.Timeout`.
    pub fn heartbeat_seconds(mut self, seconds: i64) -> Self {
        self.heartbeat_seconds = Some(seconds);
        self
    }

    /// `TimeoutSeconds` of the state.
    pub fn timeout_seconds(mut self, seconds: i64) -> Self {
        self.timeout_seconds = Some(seconds);
        self
    }

    /// Wraps the activity in a Task state with its heartbeat and timeout.
    pub fn state(self, name: impl Into<String>) -> super::TaskState {
        let heartbeat = self.heartbeat_seconds;
        let timeout = self.timeout_seconds;
        let mut state = super::TaskState::new(name, self);
        if let Some(seconds) = heartbeat {
            state = state.heartbeat_seconds(seconds);
        }
        if let Some(seconds) = timeout {
            state = state.timeout_seconds(seconds);
        }
        state
    }
}

impl Task for InvokeActivity {
    fn resource(&self) -> Resource {
        Resource::arn(self.activity_arn.clone())
    }

    fn write_parameters(&self) -> Option<Value> {
        self.parameters.clone()
    }

    fn policy_statements(&self) -> Vec<PolicyStatement> {
        Vec::new()
    }
}
