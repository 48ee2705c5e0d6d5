//! JSONPath references as Step Functions accepts them.

use std::fmt;

/// Why a string is not a valid Step Functions JSONPath.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSONPath `{path}` at byte {position}: {reason}")]
pub struct PathError {
    /// The rejected path.
    pub path: String,
    /// Byte offset of the problem.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// A validated JSONPath: `$...` into the state input, or `$$...` into the context object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(String);

impl JsonPath {
    /// Parses and validates a path.
    pub fn new(path: impl Into<String>) -> Result<Self, PathError> {
        let path = path.into();
        if !path.starts_with('$') {
            return Err(PathError {
                path,
                position: 0,
                reason: "a path starts with `$` or `$$`".to_owned(),
            });
        }
        Ok(JsonPath(path))
    }

    /// `$$.Task.Token`: the task token of a callback (`.waitForTaskToken`) task.
    pub fn task_token() -> Self {
        JsonPath("$$.Task.Token".to_owned())
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this path reads the task token.
    pub fn is_task_token(&self) -> bool {
        self.0 == "$$.Task.Token"
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
