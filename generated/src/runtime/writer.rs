//! The JSON writer the generated parameter writers call. It is deliberately
//! non-generic: every call site passes an [`AslRef`], so the machine code for
//! writing a field exists once, not once per shape.

use serde_json::{Map, Value};

use super::{AslRef, Field, ToAsl};

/// Builds one JSON object, applying the `.$` key rule for dynamic values.
#[derive(Debug, Default)]
pub struct ObjectWriter {
    map: Map<String, Value>,
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes a member that is always present.
    pub fn required(&mut self, key: &str, value: AslRef<'_>) {
        match value {
            AslRef::Value(v) => {
                self.map.insert(key.to_owned(), v.to_asl());
            }
            AslRef::Dynamic(d) => {
                let key = if d.needs_path_suffix() {
                    format!("{key}.$")
                } else {
                    key.to_owned()
                };
                self.map.insert(key, Value::String(d.to_asl_string()));
            }
        }
    }

    /// Writes a member only when it is set.
    pub fn optional(&mut self, key: &str, value: Option<AslRef<'_>>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// The finished object.
    pub fn finish(self) -> Value {
        Value::Object(self.map)
    }
}

/// Renders a single field as a one-member object, e.g. `{"Key.$": "$.path"}`.
/// Handy in tests and docs.
pub fn render_field<T: ToAsl>(key: &str, field: &Field<T>) -> Value {
    let mut writer = ObjectWriter::new();
    writer.required(key, field.as_asl());
    writer.finish()
}
