//! `Retry` and `Catch`: retriers and catchers are objects with known
//! fields and an `ErrorEquals` list (not empty, `States.ALL` alone and in
//! the last entry); a retrier's numbers are in range; a catcher's `Next` is
//! a transition, with its `ResultPath`, `Output` and `Assign`.

use super::{Language, Linter, Pointer, Target};
use crate::cli::json::{Node, Value};
use crate::runtime::vocabulary::{
    CATCHER_FIELDS, JITTER_STRATEGIES, MAX_RETRY_ATTEMPTS, MAX_RETRY_DELAY_SECONDS, MAX_SECONDS,
    MIN_BACKOFF_RATE, RETRIER_FIELDS, errors,
};

impl Linter {
    pub(super) fn retry(&mut self, node: &Node, pointer: &Pointer<'_>) {
        let Some(items) = self.array(
            node,
            pointer,
            format_args!("Retry must be an array of retriers"),
        ) else {
            return;
        };
        self.all_last(items, pointer, "retrier");
        for (i, r) in items.iter().enumerate() {
            let here = pointer.index(i);
            let Some(entries) = self.object(r, &here, format_args!("a retrier is an object"))
            else {
                continue;
            };
            self.unknown_fields(entries, &here, RETRIER_FIELDS, "field of a retrier");
            self.errors_list(r, &here);
            self.integer_field(r, &here, "IntervalSeconds", 1, MAX_SECONDS);
            self.integer_field(r, &here, "MaxAttempts", 0, MAX_RETRY_ATTEMPTS);
            self.integer_field(r, &here, "MaxDelaySeconds", 1, MAX_RETRY_DELAY_SECONDS);
            if let Some(v) = r.get("BackoffRate") {
                let ok = matches!(&v.value, Value::Number(n) if n.as_f64().is_some_and(|f| f >= MIN_BACKOFF_RATE));
                if !ok {
                    self.error(
                        v.start,
                        &here.key("BackoffRate"),
                        "invalid-value",
                        "BackoffRate must be a number of at least 1.0".to_owned(),
                    );
                }
            }
            self.enum_field(r, &here, "JitterStrategy", JITTER_STRATEGIES);
        }
    }

    pub(super) fn catch(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        language: Language,
        targets: &mut Vec<Target>,
    ) {
        let Some(items) = self.array(
            node,
            pointer,
            format_args!("Catch must be an array of catchers"),
        ) else {
            return;
        };
        self.all_last(items, pointer, "catcher");
        for (i, c) in items.iter().enumerate() {
            let here = pointer.index(i);
            let Some(entries) = self.object(c, &here, format_args!("a catcher is an object"))
            else {
                continue;
            };
            self.unknown_fields(entries, &here, CATCHER_FIELDS, "field of a catcher");
            self.errors_list(c, &here);
            match c.get("Next") {
                Some(n) => self.transition(n, &here.key("Next"), "Next", targets),
                None => self.missing(c, &here, "a catcher needs Next"),
            }
            if let Some(p) = c.entry("ResultPath") {
                self.language_only([p], &here, language, &["ResultPath"], &[]);
                self.nullable_path(&p.value, &here.key("ResultPath"), true);
            }
            self.payload_fields(c, &here, &["Output", "Assign"], language);
        }
    }

    /// `ErrorEquals`: a list of error names, checked as the builder checks it.
    fn errors_list(&mut self, node: &Node, pointer: &Pointer<'_>) {
        let Some(items) = node.get("ErrorEquals") else {
            self.missing(node, pointer, "ErrorEquals is required");
            return;
        };
        let here = pointer.key("ErrorEquals");
        let Some(list) = self.array(
            items,
            &here,
            format_args!("ErrorEquals must be an array of error names"),
        ) else {
            return;
        };
        let mut names = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            match item.as_str() {
                Some(_) if item.is_deferred() => return,
                Some(s) => names.push(s.to_owned()),
                None => self.error(
                    item.start,
                    &here.index(i),
                    "wrong-type",
                    "an error name is a string".to_owned(),
                ),
            }
        }
        if let Some(problem) = crate::runtime::states::retry::error_list_problem(&names) {
            self.error(items.start, &here, "invalid-value", problem);
        }
    }

    /// `States.ALL` catches everything, so a retrier or catcher after the
    /// one naming it could never run; Step Functions requires it last.
    fn all_last(&mut self, items: &[Node], pointer: &Pointer<'_>, what: &str) {
        let last = items.len().saturating_sub(1);
        for (i, item) in items.iter().enumerate().take(last) {
            let Some(list) = item.get("ErrorEquals") else {
                continue;
            };
            let names = list.as_array().unwrap_or_default();
            if names
                .iter()
                .any(|n| n.as_str() == Some(errors::ALL) && !n.is_deferred())
            {
                self.error(
                    list.start,
                    &pointer.index(i).key("ErrorEquals"),
                    "invalid-value",
                    format!("the {what} with States.ALL must be the last one; the {what}s after it can never match"),
                );
            }
        }
    }
}
