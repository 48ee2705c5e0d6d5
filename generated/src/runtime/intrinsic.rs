//! Intrinsic functions (`States.Format(...)` and friends).

use std::fmt;

/// Why a string is not a valid intrinsic function call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intrinsic function `{text}` at byte {position}: {reason}")]
pub struct IntrinsicError {
    /// The rejected text.
    pub text: String,
    /// Byte offset of the problem.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// A validated intrinsic function call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Intrinsic(String);

impl Intrinsic {
    /// Parses and validates a call such as `States.Format('{}', $.name)`.
    pub fn parse(text: impl Into<String>) -> Result<Self, IntrinsicError> {
        let text = text.into();
        if !text.starts_with("States.") {
            return Err(IntrinsicError {
                text,
                position: 0,
                reason: "an intrinsic function starts with `States.`".to_owned(),
            });
        }
        Ok(Intrinsic(text))
    }

    /// The call text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
