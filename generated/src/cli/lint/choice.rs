//! Choice: `Default` and each rule's `Next` are transitions; a JSONata rule
//! is one `{% %}` `Condition`; a JSONPath rule is a tree of `And`/`Or`/`Not`
//! whose leaves compare a `Variable` with an operand of the operator's type
//! (a path, a string, a number, a boolean, an RFC 3339 timestamp).

use super::{Language, Linter, Pointer, Target, is_jsonata};
use crate::cli::json::{Entry, Node, Value};
use crate::runtime::states::choice::{OperandKind, operand_of};
use crate::runtime::vocabulary::{
    CHOICE_RULE_FIELDS, COMPARISON_OPERATORS, CONDITION_COMBINATORS, CONDITION_FIELDS,
    JSONATA_CHOICE_RULE_FIELDS, is_comparison_operator,
};

/// How deep `And`/`Or`/`Not` nest before the walk stops.
const MAX_DEPTH: usize = 64;

impl Linter {
    pub(super) fn choice(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        language: Language,
        targets: &mut Vec<Target>,
    ) {
        if let Some(d) = node.get("Default") {
            self.transition(d, &pointer.key("Default"), "Default", targets);
        }
        let here = pointer.key("Choices");
        let Some(choices) = node.get("Choices") else {
            self.missing(node, pointer, "a Choice state needs Choices");
            return;
        };
        let Some(rules) = self.array(
            choices,
            &here,
            format_args!("Choices must be an array of rules"),
        ) else {
            return;
        };
        if rules.is_empty() {
            self.error(
                choices.start,
                &here,
                "empty",
                "Choices must hold at least one rule".to_owned(),
            );
        }
        for (i, rule) in rules.iter().enumerate() {
            let rp = here.index(i);
            if rule.is_deferred() {
                continue;
            }
            match rule.get("Next") {
                Some(n) => self.transition(n, &rp.key("Next"), "Next", targets),
                None => self.missing(rule, &rp, "a Choice rule needs Next"),
            }
            if language == Language::Jsonata {
                self.jsonata_rule(rule, &rp, language);
            } else {
                self.condition(rule, &rp, true, 0);
            }
        }
    }

    /// A JSONata rule: a `{% %}` `Condition`, with `Output` and `Assign`.
    fn jsonata_rule(&mut self, rule: &Node, pointer: &Pointer<'_>, language: Language) {
        if let Some(entries) = rule.as_object() {
            self.unknown_fields(
                entries,
                pointer,
                JSONATA_CHOICE_RULE_FIELDS,
                "field of a JSONata Choice rule",
            );
        }
        match rule.get("Condition") {
            Some(c) => match c.as_str() {
                Some(_) if c.is_deferred() => {}
                Some(s) if is_jsonata(s) => self.jsonata(s, c.start, &pointer.key("Condition")),
                _ => self.error(
                    c.start,
                    &pointer.key("Condition"),
                    "wrong-type",
                    "Condition must be a {% %} JSONata expression".to_owned(),
                ),
            },
            None => self.missing(rule, pointer, "a JSONata Choice rule needs Condition"),
        }
        self.payload_fields(rule, pointer, &["Output", "Assign"], language);
    }

    /// A JSONPath Choice condition; `top` rules also carry Next/Comment/Assign.
    fn condition(&mut self, node: &Node, pointer: &Pointer<'_>, top: bool, depth: usize) {
        let Some(entries) = self.object(node, pointer, format_args!("a condition is an object"))
        else {
            return;
        };
        let mut allowed: Vec<&str> = CONDITION_FIELDS.to_vec();
        allowed.extend(COMPARISON_OPERATORS);
        if top {
            allowed.extend(CHOICE_RULE_FIELDS);
        }
        self.unknown_fields(entries, pointer, &allowed, "field of a Choice rule");
        self.payload_fields(node, pointer, &["Assign"], Language::JsonPath);
        let combinators: Vec<&Entry> = entries
            .iter()
            .filter(|e| CONDITION_COMBINATORS.contains(&e.key.as_str()))
            .collect();
        let comparisons: Vec<&Entry> = entries
            .iter()
            .filter(|e| is_comparison_operator(&e.key))
            .collect();
        if combinators.len() + comparisons.len() != 1 {
            self.error(
                node.start,
                pointer,
                "invalid-condition",
                format!(
                    "a rule has exactly one comparison or And/Or/Not, this one has {}",
                    combinators.len() + comparisons.len()
                ),
            );
        }
        if depth > MAX_DEPTH {
            return;
        }
        for c in combinators {
            let here = pointer.key(&c.key);
            if c.key == "Not" {
                self.condition(&c.value, &here, false, depth + 1);
            } else if let Some(items) = self.non_empty_array(
                &c.value,
                &here,
                format_args!("{} must be a non-empty array of conditions", c.key),
            ) {
                for (i, item) in items.iter().enumerate() {
                    self.condition(item, &here.index(i), false, depth + 1);
                }
            }
        }
        if let Some(cmp) = comparisons.first() {
            match node.get("Variable") {
                Some(v) => {
                    if let Some(s) = self.string(v, &pointer.key("Variable")) {
                        self.path(&s, v.start, &pointer.key("Variable"), false);
                    }
                }
                None => self.error(
                    node.start,
                    pointer,
                    "missing-field",
                    format!("{} needs a Variable", cmp.key),
                ),
            }
            self.operand(cmp, &pointer.key(&cmp.key));
        } else if node.get("Variable").is_some() {
            self.error(
                node.start,
                pointer,
                "invalid-condition",
                "Variable needs a comparison operator".to_owned(),
            );
        }
    }

    /// The operand of a comparison: of the type its operator takes.
    fn operand(&mut self, comparison: &Entry, pointer: &Pointer<'_>) {
        let key = comparison.key.as_str();
        let v = &comparison.value;
        let kind = operand_of(key);
        if kind == OperandKind::Timestamp {
            self.timestamp(v, pointer);
        }
        if v.is_deferred() {
            return;
        }
        let (ok, expected) = match kind {
            OperandKind::Path => match v.as_str() {
                Some(s) => {
                    self.path(s, v.start, pointer, false);
                    (true, "a path")
                }
                None => (false, "a path"),
            },
            OperandKind::String | OperandKind::Timestamp => (v.as_str().is_some(), "a string"),
            OperandKind::Number => (matches!(v.value, Value::Number(_)), "a number"),
            OperandKind::Boolean | OperandKind::TypeTest => {
                (matches!(v.value, Value::Bool(_)), "a boolean")
            }
        };
        if !ok {
            self.error(
                v.start,
                pointer,
                "wrong-type",
                format!("{key} takes {expected}, found {}", v.type_name()),
            );
        }
    }
}
