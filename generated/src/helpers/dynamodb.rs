//! CDK-style constructors for the generated DynamoDB
//! [`AttributeValue`] (CDK's `DynamoAttributeValue`). Every dynamic form
//! renders under a `.$` key, including lists and maps from a path (CDK
//! writes `listFromJsonPath` without the suffix, which Step Functions reads
//! as a literal string).
//!
//! ```
//! use std::collections::BTreeMap;
//! use serde_json::json;
//! use sfn_tasks::runtime::ToAsl;
//! use sfn_tasks::services::dynamodb::types::AttributeValue;
//! use sfn_tasks::JsonPath;
//!
//! let path = |p: &str| JsonPath::new(p).unwrap();
//! let item = AttributeValue::map([
//!     ("id", AttributeValue::from_string(path("$.id"))),
//!     ("count", AttributeValue::from_number(3)),
//!     ("price", AttributeValue::number_from_string(path("$.price"))),
//!     ("paid", AttributeValue::boolean(true)),
//!     ("note", AttributeValue::null()),
//!     ("tags", AttributeValue::string_set(["a", "b"])),
//!     ("sizes", AttributeValue::number_set([1.5, 2.0])),
//!     ("raw", AttributeValue::binary("aGk=")),
//!     ("items", AttributeValue::list_from_json_path(path("$.items"))),
//!     ("nested", AttributeValue::list([AttributeValue::from_string("x")])),
//! ]);
//! assert_eq!(
//!     item.to_asl(),
//!     json!({"M": {
//!         "id": {"S.$": "$.id"},
//!         "count": {"N": "3"},
//!         "price": {"N.$": "$.price"},
//!         "paid": {"BOOL": true},
//!         "note": {"NULL": true},
//!         "tags": {"SS": ["a", "b"]},
//!         "sizes": {"NS": ["1.5", "2"]},
//!         "raw": {"B": "aGk="},
//!         "items": {"L.$": "$.items"},
//!         "nested": {"L": [{"S": "x"}]}
//!     }})
//! );
//! ```

use std::collections::BTreeMap;
use std::fmt::Display;

use crate::runtime::{Blob, Field, JsonPath};
use crate::services::dynamodb::types::AttributeValue;

/// A number as DynamoDB writes it: integral floats without `.0`.
fn number_text(value: impl Display) -> String {
    let text = value.to_string();
    match text.strip_suffix(".0") {
        Some(integral) if !integral.is_empty() => integral.to_owned(),
        _ => text,
    }
}

/// An item for `PutItem` (or a key for `GetItem`, `DeleteItem` …):
/// attribute names with their values, in one expression.
///
/// ```
/// use sfn_tasks::services::dynamodb::{item, types::AttributeValue, PutItem};
/// use sfn_tasks::JsonPath;
///
/// let put = PutItem::new("Orders", item([
///     ("orderId", AttributeValue::from_string(JsonPath::new("$.orderId").unwrap())),
///     ("status", AttributeValue::from_string("RECEIVED")),
/// ]));
/// assert_eq!(put.parameters()["Item"]["orderId"], serde_json::json!({"S.$": "$.orderId"}));
/// ```
pub fn item<K: Into<String>>(
    attributes: impl IntoIterator<Item = (K, AttributeValue)>,
) -> BTreeMap<String, Field<AttributeValue>> {
    attributes
        .into_iter()
        .map(|(name, value)| (name.into(), Field::from(value)))
        .collect()
}

impl AttributeValue {
    /// `S`: a string, or a string from a path (`S.$`).
    pub fn from_string(value: impl Into<Field<String>>) -> Self {
        AttributeValue::default().with_s(value)
    }

    /// `N`: a number, written as text as DynamoDB requires.
    pub fn from_number(value: impl Display) -> Self {
        AttributeValue::default().with_n(number_text(value))
    }

    /// `N` from text or a path (`N.$`), for numbers the state data holds as
    /// strings.
    pub fn number_from_string(value: impl Into<Field<String>>) -> Self {
        AttributeValue::default().with_n(value)
    }

    /// `BOOL`, literal or from a path (`BOOL.$`).
    pub fn boolean(value: impl Into<Field<bool>>) -> Self {
        AttributeValue::default().with_bool(value)
    }

    /// `B`: base64-encoded binary, literal or from a path.
    pub fn binary(value: impl Into<Field<Blob>>) -> Self {
        AttributeValue::default().with_b(value)
    }

    /// `NULL: true`.
    pub fn null() -> Self {
        AttributeValue::default().with_null(true)
    }

    /// `M`: a map of attribute values.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, AttributeValue)>) -> Self {
        let map: BTreeMap<String, Field<AttributeValue>> = entries
            .into_iter()
            .map(|(k, v)| (k.into(), Field::Value(v)))
            .collect();
        AttributeValue::default().with_m(map)
    }

    /// `M.$`: a map taken from the state data.
    pub fn map_from_json_path(path: JsonPath) -> Self {
        AttributeValue::default().with_m(path)
    }

    /// `L`: a list of attribute values.
    pub fn list(values: impl IntoIterator<Item = AttributeValue>) -> Self {
        AttributeValue::default().with_l(values.into_iter().collect::<Vec<_>>())
    }

    /// `L.$`: a list taken from the state data (with the `.$` CDK omits).
    pub fn list_from_json_path(path: JsonPath) -> Self {
        AttributeValue::default().with_l(path)
    }

    /// `SS`: a string set.
    pub fn string_set<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        AttributeValue::default().with_ss(values.into_iter().map(Into::into).collect::<Vec<_>>())
    }

    /// `SS.$`: a string set from the state data.
    pub fn string_set_from_json_path(path: JsonPath) -> Self {
        AttributeValue::default().with_ss(path)
    }

    /// `NS`: a number set.
    pub fn number_set<N: Display>(values: impl IntoIterator<Item = N>) -> Self {
        AttributeValue::default().with_ns(values.into_iter().map(number_text).collect::<Vec<_>>())
    }

    /// `NS` from numbers held as text (CDK's `numberSetFromStrings`).
    pub fn number_set_from_strings<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        AttributeValue::default().with_ns(values.into_iter().map(Into::into).collect::<Vec<_>>())
    }

    /// `NS.$`: a number set from the state data.
    pub fn number_set_from_json_path(path: JsonPath) -> Self {
        AttributeValue::default().with_ns(path)
    }

    /// `BS`: a set of base64-encoded binaries.
    pub fn binary_set<S: Into<Blob>>(values: impl IntoIterator<Item = S>) -> Self {
        AttributeValue::default().with_bs(values.into_iter().map(Into::into).collect::<Vec<_>>())
    }

    /// `BS.$`: a binary set from the state data.
    pub fn binary_set_from_json_path(path: JsonPath) -> Self {
        AttributeValue::default().with_bs(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_dynamodb_text() {
        assert_eq!(number_text(2.0), "2");
        assert_eq!(number_text(-0.5), "-0.5");
        assert_eq!(number_text(10_i64), "10");
        assert_eq!(number_text(".0"), ".0");
    }
}
