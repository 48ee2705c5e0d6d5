//! One state: an object with a known `Type` and only the fields that type
//! allows, in one query language (its own `QueryLanguage` or the one it
//! inherits), with `Next` or `"End": true` where the type moves on; the
//! fields several types share (`InputPath`, `ResultPath`, the payload
//! templates, `Retry`, `Catch`); then the checks of its type. The types
//! with few fields of their own are checked here too: Wait, Fail, Parallel.

use super::{Language, Linter, Pointer, Target, did_you_mean, is_jsonata};
use crate::cli::json::{Node, Value};
use crate::runtime::vocabulary::{
    BRANCH_FIELDS, JSONATA_ONLY_FIELDS, JSONPATH_ONLY_FIELDS, MAX_SECONDS, STATE_TYPES,
    WAIT_DURATION_FIELDS, has_transition, is_terminal_type, state_fields,
};

impl Linter {
    /// Checks one state; pushes its transitions; returns whether it can end the scope.
    pub(super) fn state_node(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        inherited: Language,
        targets: &mut Vec<Target>,
    ) -> bool {
        if node.is_deferred() {
            // A whole state chosen at deploy time (`Fn::If`).
            self.unknown_transition = true;
            return true;
        }
        let Some(entries) = self.object(
            node,
            pointer,
            format_args!("a state is an object, not {}", node.type_name()),
        ) else {
            return true;
        };
        let kind = match node.get("Type") {
            Some(t) if t.is_deferred() => return true,
            None => {
                self.missing(node, pointer, "Type is required");
                return true;
            }
            Some(t) => match t.as_str() {
                Some(k) if STATE_TYPES.contains(&k) => k,
                other => {
                    let hint = other
                        .map(|k| did_you_mean(k, STATE_TYPES.iter().copied()))
                        .unwrap_or_default();
                    self.error(
                        t.start,
                        &pointer.key("Type"),
                        "invalid-value",
                        format!("Type must be one of {}{hint}", STATE_TYPES.join(", ")),
                    );
                    return true;
                }
            },
        };
        let allowed = state_fields(kind).unwrap_or(&[]);
        self.unknown_fields(
            entries,
            pointer,
            allowed,
            &format!("field of a {kind} state"),
        );

        let language = self.query_language(node, pointer, inherited);
        if let Some(q) = node.get("QueryLanguage")
            && inherited == Language::Jsonata
            && language == Language::JsonPath
        {
            self.error(
                q.start,
                &pointer.key("QueryLanguage"),
                "language",
                "a state cannot use JSONPath in a JSONata state machine".to_owned(),
            );
        }
        self.language_only(
            entries.iter().filter(|e| allowed.contains(&e.key.as_str())),
            pointer,
            language,
            JSONPATH_ONLY_FIELDS,
            JSONATA_ONLY_FIELDS,
        );

        let is_end = self.next_or_end(node, pointer, kind, targets);

        // Fields common to several types.
        for field in ["InputPath", "OutputPath"] {
            if let Some(p) = node.get(field) {
                self.nullable_path(p, &pointer.key(field), false);
            }
        }
        if let Some(p) = node.get("ResultPath") {
            self.nullable_path(p, &pointer.key("ResultPath"), true);
        }
        self.payload_fields(
            node,
            pointer,
            &[
                "Parameters",
                "ResultSelector",
                "ItemSelector",
                "Assign",
                "Output",
                "Arguments",
            ],
            language,
        );
        if let Some(c) = node.get("Comment") {
            self.string(c, &pointer.key("Comment"));
        }
        if let Some(r) = node.get("Retry") {
            self.retry(r, &pointer.key("Retry"));
        }
        if let Some(c) = node.get("Catch") {
            self.catch(c, &pointer.key("Catch"), language, targets);
        }

        match kind {
            "Task" => self.task(node, pointer, language),
            "Choice" => self.choice(node, pointer, language, targets),
            "Wait" => self.wait(node, pointer, language),
            "Fail" => self.fail(node, pointer),
            "Parallel" => self.parallel(node, pointer, language),
            "Map" => self.map(node, pointer, language),
            _ => {}
        }
        is_end || is_terminal_type(kind)
    }

    /// `Next` (a transition) and `End`: a state of a `kind` that moves on
    /// has exactly one of them. Returns whether the state ends its scope.
    fn next_or_end(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        kind: &str,
        targets: &mut Vec<Target>,
    ) -> bool {
        let next = node.get("Next");
        let end = node.get("End");
        if let Some(n) = next {
            self.transition(n, &pointer.key("Next"), "Next", targets);
        }
        let mut is_end = false;
        // A deferred End may end the scope; whether it clashes with Next
        // is only known at deploy time.
        let end_known = !end.is_some_and(Node::is_deferred);
        if let Some(e) = end {
            match e.value {
                Value::Bool(b) => is_end = b,
                Value::Deferred(_) => is_end = true,
                _ => self.error(
                    e.start,
                    &pointer.key("End"),
                    "wrong-type",
                    "End must be true or false".to_owned(),
                ),
            }
        }
        if has_transition(kind) && end_known {
            if next.is_some() && is_end {
                self.error(
                    node.start,
                    pointer,
                    "next-and-end",
                    "a state has either Next or \"End\": true, not both".to_owned(),
                );
            } else if next.is_none() && !is_end {
                self.error(
                    node.start,
                    pointer,
                    "no-next",
                    "the state needs Next or \"End\": true".to_owned(),
                );
            }
        }
        is_end
    }

    /// Wait: exactly one of `Seconds`, `Timestamp` and their `…Path` forms.
    fn wait(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let present = WAIT_DURATION_FIELDS
            .iter()
            .filter(|f| node.get(f).is_some())
            .count();
        if present != 1 {
            self.error(
                node.start,
                pointer,
                "invalid-wait",
                format!(
                    "a Wait state sets exactly one of {} (found {present})",
                    WAIT_DURATION_FIELDS.join(", ")
                ),
            );
        }
        self.number_field(node, pointer, "Seconds", language, 0, MAX_SECONDS);
        if let Some(v) = node.get("Timestamp")
            && let Some(s) = self.string(v, &pointer.key("Timestamp"))
        {
            let here = pointer.key("Timestamp");
            if language == Language::Jsonata && is_jsonata(&s) {
                self.jsonata(&s, v.start, &here);
            } else {
                self.timestamp(v, &here);
            }
        }
        for field in ["SecondsPath", "TimestampPath"] {
            self.reference_path_field(node, pointer, field);
        }
    }

    /// Fail: `Error` and `Cause` are strings, `ErrorPath` and `CausePath`
    /// paths or intrinsic functions, one of each pair.
    fn fail(&mut self, node: &Node, pointer: &Pointer<'_>) {
        for (field, path_field) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
            if let Some(v) = node.get(field) {
                self.string(v, &pointer.key(field));
            }
            if let Some(v) = node.get(path_field) {
                self.dynamic(v, &pointer.key(path_field));
            }
            self.not_both(node, pointer, field, path_field);
        }
    }

    /// Parallel: a non-empty array of branches, each a scope.
    fn parallel(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let here = pointer.key("Branches");
        let Some(b) = node.get("Branches") else {
            self.missing(node, pointer, "a Parallel state needs Branches");
            return;
        };
        let Some(items) =
            self.non_empty_array(b, &here, format_args!("Branches must be a non-empty array"))
        else {
            return;
        };
        for (i, branch) in items.iter().enumerate() {
            let bp = here.index(i);
            if let Some(entries) = branch.as_object() {
                self.unknown_fields(entries, &bp, BRANCH_FIELDS, "field of a branch");
            }
            self.scope(branch, &bp, language);
        }
    }
}
