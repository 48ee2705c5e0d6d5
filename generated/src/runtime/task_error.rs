//! [`TaskError`]: a task built from invalid input (the hand-written tasks
//! and the helpers on generated tasks report it instead of panicking).

/// Why a task could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{task}: {reason}")]
pub struct TaskError {
    /// The task (`CallAwsService`, `StartExecution`).
    pub task: &'static str,
    /// What is wrong and how to fix it.
    pub reason: String,
}

impl TaskError {
    pub(crate) fn new(task: &'static str, reason: impl Into<String>) -> Self {
        TaskError {
            task,
            reason: reason.into(),
        }
    }
}
