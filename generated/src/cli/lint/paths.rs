//! Values the crate's own parsers read: JSONPath paths and reference paths
//! (`InputPath`, `ResultPath`, the `…Path` fields), intrinsic functions and
//! paths under `.$` keys, JSONata `{% %}` expressions, payload templates
//! (`Parameters`, `ResultSelector`, `Assign`, `Output` …) with literal text
//! that reads as a path, and text with `${…}` placeholders that
//! CloudFormation, SAM or the CDK fill in before Step Functions reads it.

use super::{Language, Linter, Pointer, is_jsonata};
use crate::cli::json::{Entry, Node, Value};
use crate::runtime::vocabulary::is_intrinsic_call;
use crate::runtime::{Intrinsic, JsonPath, Jsonata};

impl Linter {
    /// A JSONPath; `reference` demands a single-node reference path.
    /// Whitespace around it is ignored, as the Jayway JsonPath compiler the
    /// developer guide points to trims it (`"$$.Execution.Name "` is in
    /// deployed samples and in a developer guide tutorial).
    pub(super) fn path(
        &mut self,
        text: &str,
        at: usize,
        pointer: &Pointer<'_>,
        reference: bool,
    ) -> bool {
        match substituted(text.trim(), |t| JsonPath::new(t)) {
            Err(e) => {
                self.error(
                    at,
                    pointer,
                    "invalid-path",
                    format!("{text:?} is not a valid path: {}", e.reason),
                );
                false
            }
            Ok(p) if reference && !p.is_reference_path() => {
                self.error(
                    at,
                    pointer,
                    "invalid-path",
                    format!("{text:?} must be a reference path (a single node: no wildcards, filters or slices)"),
                );
                false
            }
            Ok(_) => true,
        }
    }

    /// `field` of `parent`, if set: a string holding a reference path
    /// (`ItemsPath`, `SecondsPath`, `MaxConcurrencyPath` …).
    pub(super) fn reference_path_field(
        &mut self,
        parent: &Node,
        pointer: &Pointer<'_>,
        field: &str,
    ) {
        if let Some(v) = parent.get(field) {
            let here = pointer.key(field);
            if let Some(s) = self.string(v, &here) {
                self.path(&s, v.start, &here, true);
            }
        }
    }

    /// `InputPath`, `OutputPath` or (`result`) `ResultPath`: a reference
    /// path or `null`; `ResultPath` cannot write to the context object.
    pub(super) fn nullable_path(&mut self, node: &Node, pointer: &Pointer<'_>, result: bool) {
        match &node.value {
            Value::Null | Value::Deferred(_) => {}
            Value::String(s) => {
                if self.path(s, node.start, pointer, result) && result && s.starts_with("$$") {
                    self.error(
                        node.start,
                        pointer,
                        "invalid-path",
                        "ResultPath cannot write to the context object ($$)".to_owned(),
                    );
                }
            }
            _ => self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("expected a path or null, found {}", node.type_name()),
            ),
        }
    }

    pub(super) fn jsonata(&mut self, text: &str, at: usize, pointer: &Pointer<'_>) {
        if let Err(e) = substituted(text, |t| Jsonata::new(t)) {
            self.error(
                at,
                pointer,
                "invalid-jsonata",
                format!("invalid JSONata expression: {}", e.reason),
            );
        }
    }

    /// A path or an intrinsic function, as the value of a `.$` key.
    pub(super) fn dynamic(&mut self, node: &Node, pointer: &Pointer<'_>) {
        match node.as_str() {
            Some(_) if node.is_deferred() => {}
            Some(text) if is_intrinsic_call(text) => {
                if let Err(e) = substituted(text, |t| Intrinsic::parse(t)) {
                    self.error(
                        node.start,
                        pointer,
                        "invalid-intrinsic",
                        format!("{text:?} is not a valid intrinsic function: {}", e.reason),
                    );
                }
            }
            Some(text) => {
                self.path(text, node.start, pointer, false);
            }
            None => self.error(
                node.start,
                pointer,
                "wrong-type",
                "the value of a key ending in .$ must be a path or an intrinsic function string"
                    .to_owned(),
            ),
        }
    }

    /// Each of `fields` of `parent` that is set, as a payload template.
    pub(super) fn payload_fields(
        &mut self,
        parent: &Node,
        pointer: &Pointer<'_>,
        fields: &[&str],
        language: Language,
    ) {
        for field in fields {
            if let Some(p) = parent.get(field) {
                self.payload(p, &pointer.key(field), language);
            }
        }
    }

    /// A payload template: `.$` keys hold paths or intrinsics (JSONPath
    /// only); `{% %}` strings parse (JSONata only).
    pub(super) fn payload(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        match &node.value {
            Value::Object(entries) => {
                for entry in entries {
                    let at = pointer.key(&entry.key);
                    if language == Language::JsonPath && !entry.key.ends_with(".$") {
                        self.literal_path(entry, &at);
                    }
                    if entry.key.ends_with(".$") {
                        if language == Language::Jsonata {
                            self.error(
                                entry.key_start,
                                &at,
                                "language",
                                format!(
                                    "{} is a JSONPath dynamic key; this state uses JSONata",
                                    entry.key
                                ),
                            );
                        } else {
                            self.dynamic(&entry.value, &at);
                        }
                    } else {
                        self.payload(&entry.value, &at, language);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.payload(item, &pointer.index(i), language);
                }
            }
            Value::String(s) if language == Language::Jsonata && is_jsonata(s) => {
                self.jsonata(s, node.start, pointer);
            }
            _ => {}
        }
    }

    /// A string under a key without `.$` that reads as a path: Step
    /// Functions sends it as the text itself, which is rarely meant.
    fn literal_path(&mut self, entry: &Entry, pointer: &Pointer<'_>) {
        let Some(text) = entry.value.as_str().filter(|_| !entry.value.is_deferred()) else {
            return;
        };
        let path_like = substituted(text, |t| {
            crate::runtime::reads_as_path(t).then_some(()).ok_or(())
        })
        .is_ok();
        if path_like {
            self.warn(
                entry.value.start,
                pointer,
                "literal-path",
                format!(
                    "{text:?} is sent as the literal text; did you mean \"{}.$\"?",
                    entry.key
                ),
            );
        }
    }
}

/// Parses `text` with `parse`. When that fails and the text holds `${…}`
/// placeholders, which CloudFormation, SAM or the CDK replace before Step
/// Functions reads the text (`$.${PartitionKey}`, `'s3://${Bucket}/{}'`),
/// each placeholder is read as a plain name, then as a number, and the first
/// success is kept; otherwise the error is the text's own.
pub(super) fn substituted<T, E>(text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<T, E> {
    let first = parse(text);
    if first.is_ok() || !text.contains("${") {
        return first;
    }
    for stand_in in ["x", "0"] {
        if let Some(Ok(parsed)) = replace_placeholders(text, stand_in).map(|t| parse(&t)) {
            return Ok(parsed);
        }
    }
    first
}

/// `text` with every closed `${…}` replaced by `stand_in`; `None` without one.
fn replace_placeholders(text: &str, stand_in: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut replaced = false;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(stand_in);
        rest = &rest[start + len + 1..];
        replaced = true;
    }
    out.push_str(rest);
    replaced.then_some(out)
}
