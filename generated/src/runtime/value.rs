//! The value type every task parameter accepts.
//!
//! A parameter is either a literal of its model type or a [`Dynamic`] value
//! resolved by Step Functions at run time. Keeping this one generic enum (and
//! not one per shape) lets generated setters accept `impl Into<Field<T>>`
//! while the writers stay non-generic (see [`AslRef`]).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Intrinsic, JsonPath, Jsonata};

/// Binary data as Step Functions passes it to the SDK: a base64 string.
pub type Blob = String;

/// A point in time as Step Functions passes it to the SDK: an ISO 8601 string
/// such as `2024-01-31T12:00:00Z`.
pub type Timestamp = String;

/// A value resolved when the state runs instead of when the machine is built.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic {
    /// A JSONPath reference (`$.order.id`, `$$.Task.Token`); rendered under a `.$` key.
    Path(JsonPath),
    /// An intrinsic function call (`States.Format(...)`); rendered under a `.$` key.
    Intrinsic(Intrinsic),
    /// A JSONata expression, rendered as `{% ... %}` under the plain key.
    Jsonata(Jsonata),
}

impl Dynamic {
    /// The string Step Functions sees as the value.
    pub fn to_asl_string(&self) -> String {
        match self {
            Dynamic::Path(p) => p.as_str().to_owned(),
            Dynamic::Intrinsic(i) => i.as_str().to_owned(),
            Dynamic::Jsonata(j) => j.to_template(),
        }
    }

    /// Whether the key carrying this value takes the `.$` suffix (JSONPath mode).
    pub fn needs_path_suffix(&self) -> bool {
        !matches!(self, Dynamic::Jsonata(_))
    }

    /// Whether this value reads the task token from the context object.
    pub fn references_task_token(&self) -> bool {
        match self {
            Dynamic::Path(p) => p.is_task_token(),
            Dynamic::Intrinsic(i) => i.references_task_token(),
            Dynamic::Jsonata(j) => j.references_task_token(),
        }
    }
}

/// A parameter value: a literal of type `T`, or a [`Dynamic`] value.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// A value known when the state machine is built.
    Value(T),
    /// A value Step Functions resolves when the state runs.
    Dynamic(Dynamic),
}

impl<T> Field<T> {
    /// Moves the literal into a box; the generator boxes fields of recursive shapes.
    pub fn boxed(self) -> Field<Box<T>> {
        match self {
            Field::Value(v) => Field::Value(Box::new(v)),
            Field::Dynamic(d) => Field::Dynamic(d),
        }
    }
}

impl<T: ToAsl> Field<T> {
    /// A non-generic view for the writer.
    pub fn as_asl(&self) -> AslRef<'_> {
        match self {
            Field::Value(v) => AslRef::Value(v),
            Field::Dynamic(d) => AslRef::Dynamic(d),
        }
    }
}

/// A borrowed [`Field`] with its literal type erased, so one writer function
/// serves every shape instead of one monomorphised copy per type.
#[derive(Clone, Copy)]
pub enum AslRef<'a> {
    /// A literal value.
    Value(&'a dyn ToAsl),
    /// A dynamic value.
    Dynamic(&'a Dynamic),
}

/// Renders a literal as ASL JSON. Implemented by the primitive types and by
/// every generated shape. (Whether parameters carry the task token is checked
/// on the rendered JSON, so the generated code need not repeat that walk.)
pub trait ToAsl {
    /// The value as it appears in a state's `Parameters` (or `Arguments`).
    fn to_asl(&self) -> Value;
}

impl ToAsl for String {
    fn to_asl(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToAsl for bool {
    fn to_asl(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToAsl for i64 {
    fn to_asl(&self) -> Value {
        Value::from(*self)
    }
}

impl ToAsl for f64 {
    fn to_asl(&self) -> Value {
        // Non-finite numbers have no JSON form; Step Functions would reject them anyway.
        serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
}

/// Free-form JSON (botocore `document` shapes and JSON payloads).
impl ToAsl for Value {
    fn to_asl(&self) -> Value {
        self.clone()
    }
}

impl<T: ToAsl> ToAsl for Vec<T> {
    fn to_asl(&self) -> Value {
        Value::Array(self.iter().map(ToAsl::to_asl).collect())
    }
}

impl<T: ToAsl> ToAsl for Box<T> {
    fn to_asl(&self) -> Value {
        (**self).to_asl()
    }
}

/// Maps keep their keys as given: they are user data, not member names.
impl<T: ToAsl> ToAsl for BTreeMap<String, Field<T>> {
    fn to_asl(&self) -> Value {
        let mut writer = super::ObjectWriter::new();
        for (key, value) in self {
            writer.required(key, value.as_asl());
        }
        writer.finish()
    }
}

impl<T: ToAsl> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T> From<Dynamic> for Field<T> {
    fn from(value: Dynamic) -> Self {
        Field::Dynamic(value)
    }
}

impl<T> From<JsonPath> for Field<T> {
    fn from(value: JsonPath) -> Self {
        Field::Dynamic(Dynamic::Path(value))
    }
}

impl<T> From<Intrinsic> for Field<T> {
    fn from(value: Intrinsic) -> Self {
        Field::Dynamic(Dynamic::Intrinsic(value))
    }
}

impl<T> From<Jsonata> for Field<T> {
    fn from(value: Jsonata) -> Self {
        Field::Dynamic(Dynamic::Jsonata(value))
    }
}

impl From<&str> for Field<String> {
    fn from(value: &str) -> Self {
        Field::Value(value.to_owned())
    }
}

impl From<Vec<&str>> for Field<Vec<String>> {
    fn from(value: Vec<&str>) -> Self {
        Field::Value(value.into_iter().map(str::to_owned).collect())
    }
}

impl From<i32> for Field<i64> {
    fn from(value: i32) -> Self {
        Field::Value(i64::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_field(v: impl Into<Field<i64>>) -> Field<i64> {
        v.into()
    }

    #[test]
    fn integer_literals_infer_without_annotations() {
        assert_eq!(int_field(5), Field::Value(5));
    }

    #[test]
    fn strings_paths_and_expressions_convert() {
        let s: Field<String> = "a".into();
        assert_eq!(s, Field::Value("a".to_owned()));
        let p: Field<String> = JsonPath::new("$.a").unwrap().into();
        assert!(matches!(p, Field::Dynamic(Dynamic::Path(_))));
        let j: Field<bool> = Jsonata::new("$states.input.flag").unwrap().into();
        assert!(matches!(j, Field::Dynamic(Dynamic::Jsonata(_))));
    }

    #[test]
    fn task_token_path_is_recognised() {
        assert!(Dynamic::Path(JsonPath::task_token()).references_task_token());
        assert!(!Dynamic::Path(JsonPath::new("$.token").unwrap()).references_task_token());
    }
}
