//! JSONata expressions for states in the JSONata query language.

use std::fmt;

/// Why a string is not a usable JSONata expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSONata expression `{expression}`: {reason}")]
pub struct JsonataError {
    /// The rejected expression.
    pub expression: String,
    /// What is wrong.
    pub reason: String,
}

/// A JSONata expression, rendered as `{% expression %}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jsonata(String);

impl Jsonata {
    /// Accepts a bare expression (`$states.input.id`) or one already wrapped in `{% %}`.
    pub fn new(expression: impl Into<String>) -> Result<Self, JsonataError> {
        let expression = expression.into();
        let trimmed = expression.trim();
        let inner = trimmed
            .strip_prefix("{%")
            .and_then(|s| s.strip_suffix("%}"))
            .unwrap_or(trimmed)
            .trim();
        if inner.is_empty() {
            return Err(JsonataError {
                expression,
                reason: "the expression is empty".to_owned(),
            });
        }
        Ok(Jsonata(inner.to_owned()))
    }

    /// The expression without its `{% %}` delimiters.
    pub fn expression(&self) -> &str {
        &self.0
    }

    /// The expression as Step Functions expects it in a JSON string value.
    pub fn to_template(&self) -> String {
        format!("{{% {} %}}", self.0)
    }
}

impl fmt::Display for Jsonata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_template())
    }
}
