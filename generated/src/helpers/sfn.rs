//! `associate_with_parent` for the generated [`sfn::StartExecution`]
//! (CDK's `associateWithParent`).
//!
//! [`sfn::StartExecution`]: crate::services::sfn::StartExecution

use serde_json::Value;

use crate::runtime::{Field, TaskError, TaskInput, ToAsl};
use crate::services::sfn::StartExecution;

/// The input key Step Functions reads to link a child execution to its parent.
pub const STARTED_BY_KEY: &str = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";

impl StartExecution {
    /// Links the child execution to this one in the console: adds
    /// `"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"` to
    /// `Input`. The input must be an object built with
    /// [`TaskInput::object`] or [`TaskInput::json`]; a path (including the
    /// default whole state input) or text cannot take the extra member.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_tasks::runtime::{Task, TaskInput};
    /// use sfn_tasks::services::sfn::StartExecution;
    ///
    /// let child = StartExecution::new("arn:aws:states:us-east-1:123456789012:stateMachine:child")
    ///     .with_input(TaskInput::object().field("foo", "bar"))
    ///     .associate_with_parent()?;
    /// assert_eq!(
    ///     child.write_parameters().unwrap()["Input"],
    ///     json!({"foo": "bar", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"})
    /// );
    /// // The default input is the whole state input, a path: not an object.
    /// assert!(StartExecution::new("child").associate_with_parent().is_err());
    /// # Ok::<(), sfn_tasks::runtime::TaskError>(())
    /// ```
    pub fn associate_with_parent(mut self) -> Result<Self, TaskError> {
        let mut object = match &self.input {
            None => serde_json::Map::new(),
            Some(Field::Value(input)) => match input.to_asl() {
                Value::Object(map) => map,
                _ => {
                    return Err(TaskError::new(
                        "StartExecution",
                        "associate_with_parent needs an object Input; this one is not an object",
                    ));
                }
            },
            Some(Field::Dynamic(_)) => {
                return Err(TaskError::new(
                    "StartExecution",
                    "associate_with_parent needs an object Input; this one is taken from a path \
                     (the default is the whole state input): use TaskInput::object()",
                ));
            }
        };
        object.remove(STARTED_BY_KEY);
        object.insert(
            format!("{STARTED_BY_KEY}.$"),
            Value::from("$$.Execution.Id"),
        );
        self.input = Some(Field::Value(TaskInput::json(Value::Object(object))));
        Ok(self)
    }
}
