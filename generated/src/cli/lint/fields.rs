//! The building blocks every check uses on one field: unknown and
//! duplicate keys, fields of the other query language, required fields,
//! strings, integers (or JSONata in their place), objects, arrays,
//! enumerated values, RFC 3339 timestamps, a field and its `…Path` form
//! set together, and transitions to other states.

use std::collections::HashSet;
use std::fmt;

use super::paths::substituted;
use super::{Language, Linter, Pointer, Target, did_you_mean, is_jsonata};
use crate::cli::json::{Entry, Node, Value};
use crate::runtime::states::wait::is_timestamp;
use crate::runtime::vocabulary::{JSONATA, JSONPATH, QUERY_LANGUAGES};

impl Linter {
    /// `message` as a `missing-field` error at `node`.
    pub(super) fn missing(&mut self, node: &Node, pointer: &Pointer<'_>, message: &str) {
        self.error(node.start, pointer, "missing-field", message.to_owned());
    }

    /// Keys not in `allowed` (with a did-you-mean), and keys given twice.
    pub(super) fn unknown_fields(
        &mut self,
        entries: &[Entry],
        pointer: &Pointer<'_>,
        allowed: &[&str],
        what: &str,
    ) {
        // A state has a dozen fields at most: there a scan beats hashing.
        let mut seen: HashSet<&str> = HashSet::new();
        let small = entries.len() <= 16;
        for (i, entry) in entries.iter().enumerate() {
            let repeated = if small {
                entries[..i].iter().any(|e| e.key == entry.key)
            } else {
                !seen.insert(&entry.key)
            };
            if repeated {
                self.error(
                    entry.key_start,
                    &pointer.key(&entry.key),
                    "duplicate-key",
                    format!("{} appears twice; only one is used", entry.key),
                );
            }
            if !allowed.contains(&entry.key.as_str()) {
                let hint = did_you_mean(&entry.key, allowed.iter().copied());
                self.error(
                    entry.key_start,
                    &pointer.key(&entry.key),
                    "unknown-field",
                    format!("{} is not a {what}{hint}", entry.key),
                );
            }
        }
    }

    /// Fields of one query language among `entries` (of a state, or of a
    /// nested object such as `ItemReader`) when the other one is in force.
    pub(super) fn language_only<'e>(
        &mut self,
        entries: impl IntoIterator<Item = &'e Entry>,
        pointer: &Pointer<'_>,
        language: Language,
        jsonpath: &[&str],
        jsonata: &[&str],
    ) {
        for entry in entries {
            let key = entry.key.as_str();
            if language == Language::Jsonata && jsonpath.contains(&key) {
                self.error(
                    entry.key_start,
                    &pointer.key(&entry.key),
                    "language",
                    format!("{key} is a JSONPath field; this state uses JSONata"),
                );
            }
            if language == Language::JsonPath && jsonata.contains(&key) {
                self.error(
                    entry.key_start,
                    &pointer.key(&entry.key),
                    "language",
                    format!("{key} is a JSONata field; this state uses JSONPath (set QueryLanguage to JSONata)"),
                );
            }
        }
    }

    /// The string at `node`; `None` (and no error) for a deferred value.
    pub(super) fn string(&mut self, node: &Node, pointer: &Pointer<'_>) -> Option<String> {
        match node.as_str() {
            Some(_) if node.is_deferred() => None,
            Some(s) => Some(s.to_owned()),
            None => {
                self.error(
                    node.start,
                    pointer,
                    "wrong-type",
                    format!("expected a string, found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// The members of the object at `node`; a `wrong-type` error saying
    /// `message` when it is something else. `None` without an error for a
    /// value known at deploy time only.
    pub(super) fn object<'n>(
        &mut self,
        node: &'n Node,
        pointer: &Pointer<'_>,
        message: fmt::Arguments<'_>,
    ) -> Option<&'n [Entry]> {
        if node.is_deferred() {
            return None;
        }
        let entries = node.as_object();
        if entries.is_none() {
            self.error(node.start, pointer, "wrong-type", message.to_string());
        }
        entries
    }

    /// The items of the array at `node`, as [`Linter::object`] does for objects.
    pub(super) fn array<'n>(
        &mut self,
        node: &'n Node,
        pointer: &Pointer<'_>,
        message: fmt::Arguments<'_>,
    ) -> Option<&'n [Node]> {
        if node.is_deferred() {
            return None;
        }
        let items = node.as_array();
        if items.is_none() {
            self.error(node.start, pointer, "wrong-type", message.to_string());
        }
        items
    }

    /// The items of the array at `node`, which must not be empty either.
    pub(super) fn non_empty_array<'n>(
        &mut self,
        node: &'n Node,
        pointer: &Pointer<'_>,
        message: fmt::Arguments<'_>,
    ) -> Option<&'n [Node]> {
        if node.is_deferred() {
            return None;
        }
        match node.as_array() {
            Some(items) if !items.is_empty() => Some(items),
            _ => {
                self.error(node.start, pointer, "wrong-type", message.to_string());
                None
            }
        }
    }

    /// The value of `field` of `parent` when it is one of `values`; any
    /// other value is an `invalid-value` error. `None` when absent, wrong,
    /// or known only at deploy time.
    pub(super) fn enum_field<'n>(
        &mut self,
        parent: &'n Node,
        pointer: &Pointer<'_>,
        field: &str,
        values: &[&str],
    ) -> Option<&'n str> {
        let node = parent.get(field)?;
        // A value known only at deploy time (a `${…}` substitution, a
        // CloudFormation function) cannot be judged here.
        if node.is_deferred()
            || node
                .as_str()
                .and_then(crate::runtime::bind::whole_placeholder)
                .is_some()
        {
            return None;
        }
        match node.as_str() {
            Some(v) if values.contains(&v) => Some(v),
            _ => {
                let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                self.error(
                    node.start,
                    &pointer.key(field),
                    "invalid-value",
                    format!("{field} must be {}", quoted.join(" or ")),
                );
                None
            }
        }
    }

    /// The `QueryLanguage` of `parent` (the machine or a state): the one it
    /// names, else `inherited`.
    pub(super) fn query_language(
        &mut self,
        parent: &Node,
        pointer: &Pointer<'_>,
        inherited: Language,
    ) -> Language {
        match self.enum_field(parent, pointer, "QueryLanguage", QUERY_LANGUAGES) {
            Some(JSONPATH) => Language::JsonPath,
            Some(JSONATA) => Language::Jsonata,
            _ => inherited,
        }
    }

    pub(super) fn integer(&mut self, node: &Node, pointer: &Pointer<'_>, min: i64, max: i64) {
        match &node.value {
            Value::Deferred(_) => {}
            Value::Number(n) if n.as_i64().is_some_and(|v| v >= min && v <= max) => {}
            Value::Number(n) if n.as_i64().is_some() || n.as_u64().is_some() => self.error(
                node.start,
                pointer,
                "out-of-range",
                format!("{n} is outside {min}..={max}"),
            ),
            // An integer too large for 64 bits is read as a float; say the
            // range, not the type.
            Value::Number(n)
                if n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && (f > max as f64 || f < min as f64)) =>
            {
                self.error(
                    node.start,
                    pointer,
                    "out-of-range",
                    format!("{n} is outside {min}..={max}"),
                )
            }
            _ => self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("expected an integer, found {}", node.type_name()),
            ),
        }
    }

    /// `field` of `parent`, if set: an integer from `min` to `max`.
    pub(super) fn integer_field(
        &mut self,
        parent: &Node,
        pointer: &Pointer<'_>,
        field: &str,
        min: i64,
        max: i64,
    ) {
        if let Some(v) = parent.get(field) {
            self.integer(v, &pointer.key(field), min, max);
        }
    }

    /// A number, or in JSONata a `{% %}` expression.
    pub(super) fn number_or_jsonata(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        language: Language,
        min: i64,
        max: i64,
    ) {
        if language == Language::Jsonata
            && let Some(s) = node.as_str()
            && is_jsonata(s)
        {
            self.jsonata(s, node.start, pointer);
            return;
        }
        self.integer(node, pointer, min, max);
    }

    /// `field` of `parent`, if set: an integer from `min` to `max`, or in
    /// JSONata a `{% %}` expression.
    pub(super) fn number_field(
        &mut self,
        parent: &Node,
        pointer: &Pointer<'_>,
        field: &str,
        language: Language,
        min: i64,
        max: i64,
    ) {
        if let Some(v) = parent.get(field) {
            self.number_or_jsonata(v, &pointer.key(field), language, min, max);
        }
    }

    /// A literal timestamp: RFC 3339 as Step Functions reads it
    /// (`2016-03-14T01:59:00Z`, uppercase `T` and `Z`).
    pub(super) fn timestamp(&mut self, node: &Node, pointer: &Pointer<'_>) {
        if let Some(text) = node.as_str().filter(|_| !node.is_deferred())
            && substituted(text, |t| if is_timestamp(t) { Ok(()) } else { Err(()) }).is_err()
        {
            self.error(
                node.start,
                pointer,
                "invalid-value",
                format!("{text:?} is not an RFC 3339 timestamp such as 2016-03-14T01:59:00Z (uppercase T and Z)"),
            );
        }
    }

    /// A field and its `…Path` form (`TimeoutSeconds`, `TimeoutSecondsPath`)
    /// cannot both be set.
    pub(super) fn not_both(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        field: &str,
        path_field: &str,
    ) {
        if node.get(field).is_some() && node.get(path_field).is_some() {
            self.error(
                node.start,
                pointer,
                "conflict",
                format!("set {field} or {path_field}, not both"),
            );
        }
    }

    /// A transition (`Next`, `Default`) at `pointer`: the name of a state,
    /// added to `targets`. One known only at deploy time may go anywhere.
    pub(super) fn transition(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        field: &str,
        targets: &mut Vec<Target>,
    ) {
        match node.as_str() {
            Some(_) if node.is_deferred() => self.unknown_transition = true,
            Some(target) => targets.push((target.to_owned(), node.start, pointer.to_text())),
            None => self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("{field} must be a state name"),
            ),
        }
    }
}
