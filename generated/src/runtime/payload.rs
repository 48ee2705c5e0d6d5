//! [`TaskInput`]: a JSON value handed to a service as data — Lambda's
//! `Payload`, an SQS message body, an SNS message, a child execution's
//! `Input` — where the API itself wants a string or a blob but Step
//! Functions accepts (and serialises) any JSON.

use serde_json::{Map, Value};

use super::value::{Field, ToAsl};
use super::writer::ObjectWriter;
use super::{JsonPath, PathError};

/// A task input: an object whose members may be dynamic, any literal JSON,
/// or text. A whole input taken from the state's data is a
/// [`JsonPath`] passed where a `Field<TaskInput>` is expected.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{TaskInput, ToAsl};
/// use sfn_tasks::JsonPath;
///
/// let input = TaskInput::object()
///     .field("token", JsonPath::task_token())
///     .field("input", JsonPath::new("$.someField").unwrap())
///     .field("kind", "order");
/// assert_eq!(
///     input.to_asl(),
///     json!({"token.$": "$$.Task.Token", "input.$": "$.someField", "kind": "order"})
/// );
/// assert_eq!(TaskInput::text("hello").to_asl(), json!("hello"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskInput(Value);

impl TaskInput {
    /// An empty object; add members with [`TaskInput::field`].
    pub fn object() -> Self {
        TaskInput(Value::Object(Map::new()))
    }

    /// Literal JSON, written as given (keys ending in `.$` are passed through
    /// as Step Functions reads them).
    pub fn json(value: Value) -> Self {
        TaskInput(value)
    }

    /// A string.
    pub fn text(text: impl Into<String>) -> Self {
        TaskInput(Value::String(text.into()))
    }

    /// The input at a path of the state's data (CDK's `fromJsonPathAt`).
    pub fn from_json_path_at(path: &str) -> Result<Field<TaskInput>, PathError> {
        Ok(JsonPath::new(path)?.into())
    }

    /// Adds a member; a dynamic value gets the `.$` key. On an input that is
    /// not an object, this starts a new object.
    #[must_use]
    pub fn field(self, key: &str, value: impl Into<Field<TaskInput>>) -> Self {
        let mut map = match self.0 {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let mut writer = ObjectWriter::new();
        writer.required(key, value.into().as_asl());
        if let Value::Object(one) = writer.finish() {
            map.extend(one);
        }
        TaskInput(Value::Object(map))
    }
}

impl ToAsl for TaskInput {
    fn to_asl(&self) -> Value {
        self.0.clone()
    }
}

impl From<&str> for Field<TaskInput> {
    fn from(value: &str) -> Self {
        Field::Value(TaskInput::text(value))
    }
}

impl From<String> for Field<TaskInput> {
    fn from(value: String) -> Self {
        Field::Value(TaskInput::text(value))
    }
}

impl From<Value> for Field<TaskInput> {
    fn from(value: Value) -> Self {
        Field::Value(TaskInput::json(value))
    }
}

impl From<i64> for Field<TaskInput> {
    fn from(value: i64) -> Self {
        Field::Value(TaskInput::json(Value::from(value)))
    }
}

impl From<bool> for Field<TaskInput> {
    fn from(value: bool) -> Self {
        Field::Value(TaskInput::json(Value::from(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_objects_and_paths() {
        let inner = TaskInput::object().field("id", JsonPath::new("$.id").unwrap());
        let outer = TaskInput::object().field("order", inner).field("n", 3_i64);
        assert_eq!(outer.to_asl(), json!({"order": {"id.$": "$.id"}, "n": 3}));
        let text = TaskInput::text("x").field("a", true);
        assert_eq!(text.to_asl(), json!({"a": true}));
        assert!(TaskInput::from_json_path_at("nope").is_err());
    }
}
