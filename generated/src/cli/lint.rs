//! The structural checks of an ASL definition, over the position-keeping
//! tree of [`super::json`].
//!
//! The rules are the crate's own (`StateMachine` validation): names, dangling
//! transitions, unreachable states, a way out, reference paths, fields of
//! one query language only, retry error lists. They are re-stated here over
//! raw JSON instead of building the crate's typed states, because a linter
//! must go on after the first malformed field and must point at the exact
//! key; the leaf parsers (JSONPath, intrinsic functions, JSONata) are the
//! crate's, so a path is valid here exactly when the builder accepts it.

use std::collections::{HashMap, HashSet, VecDeque};

use super::json::{Entry, Node, Value, escape_segment};
use super::params;
use super::resource::{self, TaskResource};
use super::{Diagnostic, Finding, Severity, Source};
/// Whether a string is a JSONata template (`{% … %}`).
pub(crate) use crate::runtime::is_jsonata_template as is_jsonata;
use crate::runtime::states::wait::is_timestamp;
use crate::runtime::{Intrinsic, JsonPath, Jsonata, errors};

/// The longest state name Step Functions accepts.
const MAX_NAME: usize = 80;
/// The most Step Functions accepts for `TimeoutSeconds` and friends.
const MAX_SECONDS: i64 = 99_999_999;

/// Query language in force for a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    JsonPath,
    Jsonata,
}

const TOP_FIELDS: &[&str] = &[
    "Comment",
    "StartAt",
    "States",
    "TimeoutSeconds",
    "Version",
    "QueryLanguage",
];
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "ResultSelector",
    "ItemsPath",
    "Result",
    "Iterator",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath",
];
const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items", "Condition"];

fn fields_of(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Task" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "ResultSelector",
            "Retry",
            "Catch",
            "Resource",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Arguments",
            "Output",
            "Assign",
        ],
        "Pass" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "Result",
            "Output",
            "Assign",
        ],
        "Choice" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "InputPath",
            "OutputPath",
            "Choices",
            "Default",
            "Output",
            "Assign",
        ],
        "Wait" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Seconds",
            "SecondsPath",
            "Timestamp",
            "TimestampPath",
            "Output",
            "Assign",
        ],
        "Succeed" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "InputPath",
            "OutputPath",
            "Output",
        ],
        "Fail" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Error",
            "ErrorPath",
            "Cause",
            "CausePath",
        ],
        "Parallel" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "ResultSelector",
            "Retry",
            "Catch",
            "Branches",
            "Arguments",
            "Output",
            "Assign",
        ],
        "Map" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "ResultSelector",
            "Retry",
            "Catch",
            "ItemsPath",
            "Items",
            "ItemSelector",
            "Parameters",
            "Iterator",
            "ItemProcessor",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "Label",
            "Arguments",
            "Output",
            "Assign",
        ],
        _ => return None,
    })
}

const STATE_TYPES: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

const COMPARISONS: &[&str] = &[
    "StringEquals",
    "StringEqualsPath",
    "StringLessThan",
    "StringLessThanPath",
    "StringGreaterThan",
    "StringGreaterThanPath",
    "StringLessThanEquals",
    "StringLessThanEqualsPath",
    "StringGreaterThanEquals",
    "StringGreaterThanEqualsPath",
    "StringMatches",
    "NumericEquals",
    "NumericEqualsPath",
    "NumericLessThan",
    "NumericLessThanPath",
    "NumericGreaterThan",
    "NumericGreaterThanPath",
    "NumericLessThanEquals",
    "NumericLessThanEqualsPath",
    "NumericGreaterThanEquals",
    "NumericGreaterThanEqualsPath",
    "BooleanEquals",
    "BooleanEqualsPath",
    "TimestampEquals",
    "TimestampEqualsPath",
    "TimestampLessThan",
    "TimestampLessThanPath",
    "TimestampGreaterThan",
    "TimestampGreaterThanPath",
    "TimestampLessThanEquals",
    "TimestampLessThanEqualsPath",
    "TimestampGreaterThanEquals",
    "TimestampGreaterThanEqualsPath",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
];

/// Walks one definition and collects findings.
pub(crate) struct Linter {
    /// Errors: the definition is wrong.
    pub(crate) findings: Vec<Finding>,
    /// Warnings and notes: probably a mistake, or something not checked.
    pub(crate) warnings: Vec<Finding>,
    /// Every state name → pointer of its first definition, machine-wide.
    names: HashMap<String, String>,
    /// Whether the scope being checked has a transition only known at
    /// deploy time, so that reachability cannot be judged.
    unknown_transition: bool,
    /// The state being checked, for findings.
    state: Option<String>,
}

impl Linter {
    pub(crate) fn new() -> Self {
        Linter {
            findings: Vec::new(),
            warnings: Vec::new(),
            names: HashMap::new(),
            unknown_transition: false,
            state: None,
        }
    }

    pub(crate) fn error(&mut self, at: usize, pointer: &str, code: &'static str, message: String) {
        self.findings.push(Finding {
            offset: at,
            pointer: pointer.to_owned(),
            state: self.state.clone(),
            code,
            message,
        });
    }

    pub(crate) fn warn(&mut self, at: usize, pointer: &str, code: &'static str, message: String) {
        self.warnings.push(Finding {
            offset: at,
            pointer: pointer.to_owned(),
            state: self.state.clone(),
            code,
            message,
        });
    }

    /// Checks a whole definition.
    pub(crate) fn definition(&mut self, root: &Node) {
        if let Value::Deferred(what) = &root.value {
            let message = if what == super::source::REMOTE_DEFINITION {
                "the definition is not in a local file (an S3 location, read at deploy time), so it was not checked".to_owned()
            } else {
                let function = what.trim_start_matches("${").trim_end_matches('}');
                format!(
                    "the definition is made by {function} at deploy time, so it was not checked"
                )
            };
            self.warn(root.start, "", "not-checked", message);
            return;
        }
        let Some(entries) = root.as_object() else {
            self.error(
                root.start,
                "",
                "not-an-object",
                format!(
                    "a state machine definition is an object, not {}",
                    root.type_name()
                ),
            );
            return;
        };
        self.unknown_fields(entries, "", TOP_FIELDS, "field of a state machine");
        let language = match root.get("QueryLanguage") {
            None => Language::JsonPath,
            Some(node) => self.language_field(node, "/QueryLanguage", Language::JsonPath),
        };
        if let Some(t) = root.get("TimeoutSeconds") {
            self.integer(t, "/TimeoutSeconds", 1, MAX_SECONDS);
        }
        if let Some(v) = root.get("Version")
            && v.as_str() != Some("1.0")
        {
            self.error(
                v.start,
                "/Version",
                "invalid-value",
                "Version must be \"1.0\", the only ASL version".to_owned(),
            );
        }
        if let Some(c) = root.get("Comment") {
            self.string(c, "/Comment");
        }
        self.scope(root, "", language);
    }

    fn language_field(&mut self, node: &Node, pointer: &str, inherited: Language) -> Language {
        match node.as_str() {
            Some("JSONPath") => Language::JsonPath,
            Some("JSONata") => Language::Jsonata,
            _ => {
                self.error(
                    node.start,
                    pointer,
                    "invalid-value",
                    "QueryLanguage must be \"JSONPath\" or \"JSONata\"".to_owned(),
                );
                inherited
            }
        }
    }

    /// A set of states with `StartAt` and `States`: the machine, a Parallel
    /// branch or a Map processor.
    fn scope(&mut self, node: &Node, pointer: &str, language: Language) {
        let outer = std::mem::replace(&mut self.unknown_transition, false);
        self.scope_states(node, pointer, language);
        self.unknown_transition = outer;
    }

    fn scope_states(&mut self, node: &Node, pointer: &str, language: Language) {
        if node.is_deferred() {
            return; // Known at deploy time only.
        }
        let saved = self.state.take();
        let start = match node.get("StartAt") {
            Some(s) if s.is_deferred() => None,
            Some(s) => match s.as_str() {
                Some(name) => Some((name.to_owned(), s.start)),
                None => {
                    self.error(
                        s.start,
                        &format!("{pointer}/StartAt"),
                        "wrong-type",
                        "StartAt must be a state name".to_owned(),
                    );
                    None
                }
            },
            None => {
                self.error(
                    node.start,
                    pointer,
                    "missing-field",
                    "StartAt is required".to_owned(),
                );
                None
            }
        };
        let Some(states_node) = node.get("States") else {
            self.error(
                node.start,
                pointer,
                "missing-field",
                "States is required".to_owned(),
            );
            self.state = saved;
            return;
        };
        let states_pointer = format!("{pointer}/States");
        if states_node.is_deferred() {
            self.state = saved;
            return;
        }
        let Some(states) = states_node.as_object() else {
            self.error(
                states_node.start,
                &states_pointer,
                "wrong-type",
                "States must be an object of states by name".to_owned(),
            );
            self.state = saved;
            return;
        };
        if states.is_empty() {
            self.error(
                states_node.start,
                &states_pointer,
                "empty",
                "States must hold at least one state".to_owned(),
            );
        }

        // Names, local index (first definition wins) and machine-wide uniqueness.
        let mut local: HashMap<&str, usize> = HashMap::with_capacity(states.len());
        for (i, entry) in states.iter().enumerate() {
            let here = format!("{states_pointer}/{}", escape_segment(&entry.key));
            self.state = Some(entry.key.clone());
            if local.contains_key(entry.key.as_str()) {
                self.error(
                    entry.key_start,
                    &here,
                    "duplicate-state",
                    format!(
                        "state {:?} is defined twice in this States object",
                        entry.key
                    ),
                );
                continue;
            }
            local.insert(&entry.key, i);
            if let Some(first) = self.names.get(&entry.key) {
                let message = format!(
                    "state name {:?} is already used at {first}; names must be unique in the whole machine",
                    entry.key
                );
                self.error(entry.key_start, &here, "duplicate-state", message);
            } else {
                self.names.insert(entry.key.clone(), here.clone());
            }
            let chars = entry.key.chars().count();
            if chars == 0 || chars > MAX_NAME {
                self.error(
                    entry.key_start,
                    &here,
                    "invalid-name",
                    format!("a state name has 1 to {MAX_NAME} characters, this one has {chars}"),
                );
            }
        }

        // Each state, then its transitions.
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); states.len()];
        let mut terminal = vec![false; states.len()];
        let mut dangling = false;
        for (i, entry) in states.iter().enumerate() {
            if local.get(entry.key.as_str()) != Some(&i) {
                continue;
            }
            let here = format!("{states_pointer}/{}", escape_segment(&entry.key));
            self.state = Some(entry.key.clone());
            let mut targets = Vec::new();
            terminal[i] = self.state_node(&entry.value, &here, language, &mut targets);
            for (target, at, target_pointer) in targets {
                match local.get(target.as_str()) {
                    Some(&j) => edges[i].push(j),
                    None => {
                        dangling = true;
                        let elsewhere = if self.names.contains_key(&target) {
                            " (a state of that name is in another scope, which a transition cannot reach)"
                        } else {
                            ""
                        };
                        let hint = did_you_mean(&target, states.iter().map(|e| e.key.as_str()));
                        self.error(
                            at,
                            &target_pointer,
                            "dangling-transition",
                            format!("no state named {target:?} in this scope{elsewhere}{hint}"),
                        );
                    }
                }
            }
        }
        self.state = None;

        // Reachability from StartAt.
        let Some((start, start_at)) = start else {
            self.state = saved;
            return;
        };
        let Some(&first) = local.get(start.as_str()) else {
            let hint = did_you_mean(&start, states.iter().map(|e| e.key.as_str()));
            self.error(
                start_at,
                &format!("{pointer}/StartAt"),
                "dangling-transition",
                format!("StartAt names no state of this scope: {start:?}{hint}"),
            );
            self.state = saved;
            return;
        };
        if self.unknown_transition {
            // A transition known only at deploy time may reach any state.
            self.state = saved;
            return;
        }
        let mut seen = vec![false; states.len()];
        let mut queue = VecDeque::from([first]);
        seen[first] = true;
        let mut any_terminal = false;
        while let Some(i) = queue.pop_front() {
            any_terminal |= terminal[i];
            for &j in &edges[i] {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        for (i, entry) in states.iter().enumerate() {
            if !seen[i] && local.get(entry.key.as_str()) == Some(&i) {
                self.state = Some(entry.key.clone());
                self.error(
                    entry.key_start,
                    &format!("{states_pointer}/{}", escape_segment(&entry.key)),
                    "unreachable",
                    format!("state {:?} cannot be reached from {start:?}", entry.key),
                );
            }
        }
        self.state = None;
        if !any_terminal && !dangling {
            self.error(
                states_node.start,
                &states_pointer,
                "no-terminal",
                format!(
                    "no state reachable from {start:?} ends the execution (End, Succeed or Fail)"
                ),
            );
        }
        self.state = saved;
    }

    /// Checks one state; pushes its transitions; returns whether it can end the scope.
    fn state_node(
        &mut self,
        node: &Node,
        pointer: &str,
        inherited: Language,
        targets: &mut Vec<(String, usize, String)>,
    ) -> bool {
        if node.is_deferred() {
            // A whole state chosen at deploy time (`Fn::If`).
            self.unknown_transition = true;
            return true;
        }
        let Some(entries) = node.as_object() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("a state is an object, not {}", node.type_name()),
            );
            return true;
        };
        let kind = match node.get("Type") {
            Some(t) if t.is_deferred() => return true,
            None => {
                self.error(
                    node.start,
                    pointer,
                    "missing-field",
                    "Type is required".to_owned(),
                );
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
                        &format!("{pointer}/Type"),
                        "invalid-value",
                        format!("Type must be one of {}{hint}", STATE_TYPES.join(", ")),
                    );
                    return true;
                }
            },
        };
        let allowed = fields_of(kind).unwrap_or(&[]);
        self.unknown_fields(
            entries,
            pointer,
            allowed,
            &format!("field of a {kind} state"),
        );

        let language = match node.get("QueryLanguage") {
            Some(q) => {
                let l = self.language_field(q, &format!("{pointer}/QueryLanguage"), inherited);
                if inherited == Language::Jsonata && l == Language::JsonPath {
                    self.error(
                        q.start,
                        &format!("{pointer}/QueryLanguage"),
                        "language",
                        "a state cannot use JSONPath in a JSONata state machine".to_owned(),
                    );
                }
                l
            }
            None => inherited,
        };
        for entry in entries {
            let key = entry.key.as_str();
            if !allowed.contains(&key) {
                continue;
            }
            let field_pointer = format!("{pointer}/{}", escape_segment(key));
            if language == Language::Jsonata && JSONPATH_ONLY.contains(&key) {
                self.error(
                    entry.key_start,
                    &field_pointer,
                    "language",
                    format!("{key} is a JSONPath field; this state uses JSONata"),
                );
            }
            if language == Language::JsonPath && JSONATA_ONLY.contains(&key) {
                self.error(
                    entry.key_start,
                    &field_pointer,
                    "language",
                    format!("{key} is a JSONata field; this state uses JSONPath (set QueryLanguage to JSONata)"),
                );
            }
        }

        // Transitions and the end.
        let transitions = !matches!(kind, "Choice" | "Succeed" | "Fail");
        let next = node.entry("Next");
        let end = node.get("End");
        if let Some(n) = next {
            match n.value.as_str() {
                Some(_) if n.value.is_deferred() => self.unknown_transition = true,
                Some(target) => {
                    targets.push((target.to_owned(), n.value.start, format!("{pointer}/Next")))
                }
                None => self.error(
                    n.value.start,
                    &format!("{pointer}/Next"),
                    "wrong-type",
                    "Next must be a state name".to_owned(),
                ),
            }
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
                    &format!("{pointer}/End"),
                    "wrong-type",
                    "End must be true or false".to_owned(),
                ),
            }
        }
        if transitions && end_known {
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

        // Fields common to several types.
        for field in ["InputPath", "OutputPath"] {
            if let Some(p) = node.get(field) {
                self.nullable_path(p, &format!("{pointer}/{field}"), false);
            }
        }
        if let Some(p) = node.get("ResultPath") {
            self.nullable_path(p, &format!("{pointer}/ResultPath"), true);
        }
        for field in [
            "Parameters",
            "ResultSelector",
            "ItemSelector",
            "Assign",
            "Output",
            "Arguments",
        ] {
            if let Some(p) = node.get(field) {
                self.payload(p, &format!("{pointer}/{field}"), language);
            }
        }
        if let Some(c) = node.get("Comment") {
            self.string(c, &format!("{pointer}/Comment"));
        }
        if let Some(r) = node.get("Retry") {
            self.retry(r, &format!("{pointer}/Retry"));
        }
        if let Some(c) = node.get("Catch") {
            self.catch(c, &format!("{pointer}/Catch"), language, targets);
        }

        match kind {
            "Task" => self.task(node, pointer, language),
            "Choice" => self.choice(node, pointer, language, targets),
            "Wait" => self.wait(node, pointer, language),
            "Fail" => self.fail(node, pointer),
            "Parallel" => self.parallel(node, pointer, language),
            "Map" => self.map(node, pointer, language),
            "Pass" => {}
            _ => {}
        }
        is_end || matches!(kind, "Succeed" | "Fail")
    }

    fn unknown_fields(&mut self, entries: &[Entry], pointer: &str, allowed: &[&str], what: &str) {
        let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
        for entry in entries {
            let here = format!("{pointer}/{}", escape_segment(&entry.key));
            if !seen.insert(&entry.key) {
                self.error(
                    entry.key_start,
                    &here,
                    "duplicate-key",
                    format!("{} appears twice; only one is used", entry.key),
                );
            }
            if !allowed.contains(&entry.key.as_str()) {
                let hint = did_you_mean(&entry.key, allowed.iter().copied());
                self.error(
                    entry.key_start,
                    &here,
                    "unknown-field",
                    format!("{} is not a {what}{hint}", entry.key),
                );
            }
        }
    }

    /// The string at `node`; `None` (and no error) for a deferred value.
    pub(crate) fn string(&mut self, node: &Node, pointer: &str) -> Option<String> {
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

    fn integer(&mut self, node: &Node, pointer: &str, min: i64, max: i64) {
        match &node.value {
            Value::Deferred(_) => {}
            Value::Number(n) if n.as_i64().is_some_and(|v| v >= min && v <= max) => {}
            Value::Number(n) if n.as_i64().is_some() || n.as_u64().is_some() => self.error(
                node.start,
                pointer,
                "out-of-range",
                format!("{n} is outside {min}..={max}"),
            ),
            _ => self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("expected an integer, found {}", node.type_name()),
            ),
        }
    }

    /// A number, or in JSONata a `{% %}` expression.
    fn number_or_jsonata(
        &mut self,
        node: &Node,
        pointer: &str,
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

    /// A JSONPath; `reference` demands a single-node reference path.
    /// Whitespace around it is ignored, as the Jayway JsonPath compiler the
    /// developer guide points to trims it (`"$$.Execution.Name "` is in
    /// deployed samples and in a developer guide tutorial).
    pub(crate) fn path(&mut self, text: &str, at: usize, pointer: &str, reference: bool) -> bool {
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

    fn nullable_path(&mut self, node: &Node, pointer: &str, result: bool) {
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

    pub(crate) fn jsonata(&mut self, text: &str, at: usize, pointer: &str) {
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
    pub(crate) fn dynamic(&mut self, node: &Node, pointer: &str) {
        match node.as_str() {
            Some(_) if node.is_deferred() => {}
            Some(text) if text.starts_with("States.") => {
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

    /// A payload template: `.$` keys hold paths or intrinsics (JSONPath
    /// only); `{% %}` strings parse (JSONata only).
    fn payload(&mut self, node: &Node, pointer: &str, language: Language) {
        let mut at = pointer.to_owned();
        self.payload_at(node, &mut at, language);
    }

    fn payload_at(&mut self, node: &Node, at: &mut String, language: Language) {
        let len = at.len();
        match &node.value {
            Value::Object(entries) => {
                for entry in entries {
                    at.push('/');
                    at.push_str(&escape_segment(&entry.key));
                    if language == Language::JsonPath && !entry.key.ends_with(".$") {
                        let here = at.clone();
                        self.literal_path(entry, &here);
                    }
                    if entry.key.ends_with(".$") {
                        if language == Language::Jsonata {
                            self.error(
                                entry.key_start,
                                at,
                                "language",
                                format!(
                                    "{} is a JSONPath dynamic key; this state uses JSONata",
                                    entry.key
                                ),
                            );
                        } else {
                            let here = at.clone();
                            self.dynamic(&entry.value, &here);
                        }
                    } else {
                        self.payload_at(&entry.value, at, language);
                    }
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    self.payload_at(item, at, language);
                    at.truncate(len);
                }
            }
            Value::String(s) if language == Language::Jsonata && is_jsonata(s) => {
                let here = at.clone();
                self.jsonata(s, node.start, &here);
            }
            _ => {}
        }
    }

    /// A string under a key without `.$` that reads as a path: Step
    /// Functions sends it as the text itself, which is rarely meant.
    fn literal_path(&mut self, entry: &Entry, pointer: &str) {
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

    fn errors_list(&mut self, node: &Node, pointer: &str) {
        let Some(items) = node.get("ErrorEquals") else {
            self.error(
                node.start,
                pointer,
                "missing-field",
                "ErrorEquals is required".to_owned(),
            );
            return;
        };
        let here = format!("{pointer}/ErrorEquals");
        if items.is_deferred() {
            return;
        }
        let Some(list) = items.as_array() else {
            self.error(
                items.start,
                &here,
                "wrong-type",
                "ErrorEquals must be an array of error names".to_owned(),
            );
            return;
        };
        let mut names = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            match item.as_str() {
                Some(_) if item.is_deferred() => return,
                Some(s) => names.push(s.to_owned()),
                None => self.error(
                    item.start,
                    &format!("{here}/{i}"),
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
    fn all_last(&mut self, items: &[Node], pointer: &str, what: &str) {
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
                    &format!("{pointer}/{i}/ErrorEquals"),
                    "invalid-value",
                    format!("the {what} with States.ALL must be the last one; the {what}s after it can never match"),
                );
            }
        }
    }

    fn retry(&mut self, node: &Node, pointer: &str) {
        if node.is_deferred() {
            return;
        }
        let Some(items) = node.as_array() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                "Retry must be an array of retriers".to_owned(),
            );
            return;
        };
        self.all_last(items, pointer, "retrier");
        for (i, r) in items.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            if r.is_deferred() {
                continue;
            }
            let Some(entries) = r.as_object() else {
                self.error(
                    r.start,
                    &here,
                    "wrong-type",
                    "a retrier is an object".to_owned(),
                );
                continue;
            };
            self.unknown_fields(
                entries,
                &here,
                &[
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                    "Comment",
                ],
                "field of a retrier",
            );
            self.errors_list(r, &here);
            if let Some(v) = r.get("IntervalSeconds") {
                self.integer(v, &format!("{here}/IntervalSeconds"), 1, MAX_SECONDS);
            }
            if let Some(v) = r.get("MaxAttempts") {
                self.integer(v, &format!("{here}/MaxAttempts"), 0, MAX_SECONDS);
            }
            if let Some(v) = r.get("MaxDelaySeconds") {
                self.integer(v, &format!("{here}/MaxDelaySeconds"), 1, 31_622_400);
            }
            if let Some(v) = r.get("BackoffRate") {
                let ok =
                    matches!(&v.value, Value::Number(n) if n.as_f64().is_some_and(|f| f >= 1.0));
                if !ok {
                    self.error(
                        v.start,
                        &format!("{here}/BackoffRate"),
                        "invalid-value",
                        "BackoffRate must be a number of at least 1.0".to_owned(),
                    );
                }
            }
            if let Some(v) = r.get("JitterStrategy")
                && !matches!(v.as_str(), Some("FULL" | "NONE"))
            {
                self.error(
                    v.start,
                    &format!("{here}/JitterStrategy"),
                    "invalid-value",
                    "JitterStrategy must be \"FULL\" or \"NONE\"".to_owned(),
                );
            }
        }
    }

    fn catch(
        &mut self,
        node: &Node,
        pointer: &str,
        language: Language,
        targets: &mut Vec<(String, usize, String)>,
    ) {
        if node.is_deferred() {
            return;
        }
        let Some(items) = node.as_array() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                "Catch must be an array of catchers".to_owned(),
            );
            return;
        };
        self.all_last(items, pointer, "catcher");
        for (i, c) in items.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            if c.is_deferred() {
                continue;
            }
            let Some(entries) = c.as_object() else {
                self.error(
                    c.start,
                    &here,
                    "wrong-type",
                    "a catcher is an object".to_owned(),
                );
                continue;
            };
            self.unknown_fields(
                entries,
                &here,
                &[
                    "ErrorEquals",
                    "Next",
                    "ResultPath",
                    "Output",
                    "Assign",
                    "Comment",
                ],
                "field of a catcher",
            );
            self.errors_list(c, &here);
            match c.get("Next") {
                Some(n) => match n.as_str() {
                    Some(_) if n.is_deferred() => self.unknown_transition = true,
                    Some(t) => targets.push((t.to_owned(), n.start, format!("{here}/Next"))),
                    None => self.error(
                        n.start,
                        &format!("{here}/Next"),
                        "wrong-type",
                        "Next must be a state name".to_owned(),
                    ),
                },
                None => self.error(
                    c.start,
                    &here,
                    "missing-field",
                    "a catcher needs Next".to_owned(),
                ),
            }
            if let Some(p) = c.entry("ResultPath") {
                if language == Language::Jsonata {
                    self.error(
                        p.key_start,
                        &format!("{here}/ResultPath"),
                        "language",
                        "ResultPath is a JSONPath field; this state uses JSONata".to_owned(),
                    );
                }
                self.nullable_path(&p.value, &format!("{here}/ResultPath"), true);
            }
            for field in ["Output", "Assign"] {
                if let Some(p) = c.get(field) {
                    self.payload(p, &format!("{here}/{field}"), language);
                }
            }
        }
    }

    fn task(&mut self, node: &Node, pointer: &str, language: Language) {
        for (field, path_field) in [
            ("TimeoutSeconds", "TimeoutSecondsPath"),
            ("HeartbeatSeconds", "HeartbeatSecondsPath"),
        ] {
            if let Some(v) = node.get(field) {
                self.number_or_jsonata(v, &format!("{pointer}/{field}"), language, 1, MAX_SECONDS);
            }
            if let Some(v) = node.get(path_field)
                && let Some(s) = self.string(v, &format!("{pointer}/{path_field}"))
            {
                self.path(&s, v.start, &format!("{pointer}/{path_field}"), true);
            }
            if node.get(field).is_some() && node.get(path_field).is_some() {
                self.error(
                    node.start,
                    pointer,
                    "conflict",
                    format!("set {field} or {path_field}, not both"),
                );
            }
        }
        let (Some(Value::Number(t)), Some(Value::Number(h))) = (
            node.get("TimeoutSeconds").map(|n| &n.value),
            node.get("HeartbeatSeconds").map(|n| &n.value),
        ) else {
            return self.task_resource(node, pointer, language);
        };
        if h.as_i64() >= t.as_i64() {
            self.error(
                node.get("HeartbeatSeconds").map_or(node.start, |n| n.start),
                &format!("{pointer}/HeartbeatSeconds"),
                "out-of-range",
                "HeartbeatSeconds must be smaller than TimeoutSeconds".to_owned(),
            );
        }
        self.task_resource(node, pointer, language);
    }

    fn task_resource(&mut self, node: &Node, pointer: &str, language: Language) {
        let Some(r) = node.get("Resource") else {
            self.error(
                node.start,
                pointer,
                "missing-field",
                "a Task needs a Resource".to_owned(),
            );
            return;
        };
        let here = format!("{pointer}/Resource");
        let Some(text) = self.string(r, &here) else {
            return;
        };
        let parsed = resource::parse(&text);
        let args_field = match language {
            Language::JsonPath => "Parameters",
            Language::Jsonata => "Arguments",
        };
        let args = node.get(args_field);
        let args_pointer = format!("{pointer}/{args_field}");
        match parsed {
            Err(message) => self.error(r.start, &here, "unknown-resource", message),
            Ok(TaskResource::Sdk {
                service,
                action,
                pattern,
            }) => {
                if let Err(m) = resource::sdk_pattern(pattern) {
                    self.error(r.start, &here, "unsupported-pattern", m);
                }
                self.task_token(pattern, args, r.start, &here);
                let Some(schema) = crate::cli::schema::sdk_service(&service) else {
                    return; // Not vendored: nothing to check the call against.
                };
                match schema.operation(&action) {
                    None => {
                        let hint =
                            did_you_mean(&action, schema.operations.iter().map(|o| o.action));
                        self.error(
                            r.start,
                            &here,
                            "unknown-action",
                            format!("{service} has no operation {action:?}{hint}"),
                        );
                    }
                    Some(op) => {
                        if let Some(reason) = op.excluded {
                            self.error(
                                r.start,
                                &here,
                                "unknown-action",
                                format!("Step Functions cannot call {service}:{action}: {reason}"),
                            );
                        }
                        if let (Some(input), Some(args)) = (op.input, args) {
                            let call = params::Call {
                                schema,
                                language,
                                sdk: true,
                            };
                            params::check(self, &call, input, args, &args_pointer);
                        }
                    }
                }
            }
            Ok(TaskResource::Optimized {
                service,
                action,
                pattern,
            }) => {
                // Optimized integrations of services the crate does not
                // vendor cannot be checked against a model; only the shape
                // of the ARN is.
                let Some(schema) = crate::cli::schema::optimized_service(&service) else {
                    return;
                };
                match schema.optimized(&action) {
                    None => {
                        let hint = did_you_mean(&action, schema.optimized.iter().map(|o| o.action));
                        self.error(r.start, &here, "unknown-action", format!("{service} has no optimized integration {action:?}{hint} (use arn:aws:states:::aws-sdk:{}:{action} for other API actions)", schema.sdk_service));
                    }
                    Some(opt) => {
                        if !opt.patterns.contains(&pattern) {
                            let supported: Vec<String> = opt
                                .patterns
                                .iter()
                                .map(|p| resource::pattern_name(*p))
                                .collect();
                            self.error(
                                r.start,
                                &here,
                                "unsupported-pattern",
                                format!(
                                    "{service}:{action} does not support {}; supported: {}",
                                    resource::pattern_name(pattern),
                                    supported.join(", ")
                                ),
                            );
                        }
                        if let Some(args) = args {
                            let call = params::Call {
                                schema,
                                language,
                                sdk: false,
                            };
                            params::check(self, &call, opt.input, args, &args_pointer);
                        }
                        self.task_token(pattern, args, r.start, &here);
                    }
                }
            }
            Ok(TaskResource::Activity | TaskResource::Function | TaskResource::Placeholder) => {}
        }
    }

    /// A callback task must hand its token to whoever calls back.
    fn task_token(
        &mut self,
        pattern: crate::runtime::IntegrationPattern,
        args: Option<&Node>,
        at: usize,
        here: &str,
    ) {
        if pattern == crate::runtime::IntegrationPattern::WaitForTaskToken
            && !args.is_some_and(passes_task_token)
        {
            self.error(at, here, "missing-task-token", "a .waitForTaskToken task must pass the task token ($$.Task.Token, or $states.context.Task.Token in JSONata) in its parameters".to_owned());
        }
    }

    fn choice(
        &mut self,
        node: &Node,
        pointer: &str,
        language: Language,
        targets: &mut Vec<(String, usize, String)>,
    ) {
        if let Some(d) = node.get("Default") {
            match d.as_str() {
                Some(_) if d.is_deferred() => self.unknown_transition = true,
                Some(t) => targets.push((t.to_owned(), d.start, format!("{pointer}/Default"))),
                None => self.error(
                    d.start,
                    &format!("{pointer}/Default"),
                    "wrong-type",
                    "Default must be a state name".to_owned(),
                ),
            }
        }
        let here = format!("{pointer}/Choices");
        let Some(choices) = node.get("Choices") else {
            self.error(
                node.start,
                pointer,
                "missing-field",
                "a Choice state needs Choices".to_owned(),
            );
            return;
        };
        if choices.is_deferred() {
            return;
        }
        let Some(rules) = choices.as_array() else {
            self.error(
                choices.start,
                &here,
                "wrong-type",
                "Choices must be an array of rules".to_owned(),
            );
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
            let rp = format!("{here}/{i}");
            if rule.is_deferred() {
                continue;
            }
            match rule.get("Next") {
                Some(n) => match n.as_str() {
                    Some(_) if n.is_deferred() => self.unknown_transition = true,
                    Some(t) => targets.push((t.to_owned(), n.start, format!("{rp}/Next"))),
                    None => self.error(
                        n.start,
                        &format!("{rp}/Next"),
                        "wrong-type",
                        "Next must be a state name".to_owned(),
                    ),
                },
                None => self.error(
                    rule.start,
                    &rp,
                    "missing-field",
                    "a Choice rule needs Next".to_owned(),
                ),
            }
            if language == Language::Jsonata {
                if let Some(entries) = rule.as_object() {
                    self.unknown_fields(
                        entries,
                        &rp,
                        &["Condition", "Next", "Comment", "Output", "Assign"],
                        "field of a JSONata Choice rule",
                    );
                }
                match rule.get("Condition") {
                    Some(c) => match c.as_str() {
                        Some(_) if c.is_deferred() => {}
                        Some(s) if is_jsonata(s) => {
                            self.jsonata(s, c.start, &format!("{rp}/Condition"))
                        }
                        _ => self.error(
                            c.start,
                            &format!("{rp}/Condition"),
                            "wrong-type",
                            "Condition must be a {% %} JSONata expression".to_owned(),
                        ),
                    },
                    None => self.error(
                        rule.start,
                        &rp,
                        "missing-field",
                        "a JSONata Choice rule needs Condition".to_owned(),
                    ),
                }
                for field in ["Output", "Assign"] {
                    if let Some(p) = rule.get(field) {
                        self.payload(p, &format!("{rp}/{field}"), language);
                    }
                }
            } else {
                self.condition(rule, &rp, true, 0);
            }
        }
    }

    /// A JSONPath Choice condition; `top` rules also carry Next/Comment/Assign.
    fn condition(&mut self, node: &Node, pointer: &str, top: bool, depth: usize) {
        if node.is_deferred() {
            return;
        }
        let Some(entries) = node.as_object() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                "a condition is an object".to_owned(),
            );
            return;
        };
        let mut allowed: Vec<&str> = vec!["Variable", "And", "Or", "Not", "Comment"];
        allowed.extend(COMPARISONS);
        if top {
            allowed.extend(["Next", "Assign"]);
        }
        self.unknown_fields(entries, pointer, &allowed, "field of a Choice rule");
        if let Some(a) = node.get("Assign") {
            self.payload(a, &format!("{pointer}/Assign"), Language::JsonPath);
        }
        let combinators: Vec<&Entry> = entries
            .iter()
            .filter(|e| matches!(e.key.as_str(), "And" | "Or" | "Not"))
            .collect();
        let comparisons: Vec<&Entry> = entries
            .iter()
            .filter(|e| COMPARISONS.contains(&e.key.as_str()))
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
        if depth > 64 {
            return;
        }
        for c in combinators {
            let here = format!("{pointer}/{}", c.key);
            if c.key == "Not" {
                self.condition(&c.value, &here, false, depth + 1);
            } else if !c.value.is_deferred() {
                match c.value.as_array() {
                    Some(items) if !items.is_empty() => {
                        for (i, item) in items.iter().enumerate() {
                            self.condition(item, &format!("{here}/{i}"), false, depth + 1);
                        }
                    }
                    _ => self.error(
                        c.value.start,
                        &here,
                        "wrong-type",
                        format!("{} must be a non-empty array of conditions", c.key),
                    ),
                }
            }
        }
        if let Some(cmp) = comparisons.first() {
            match node.get("Variable") {
                Some(v) => {
                    if let Some(s) = self.string(v, &format!("{pointer}/Variable")) {
                        self.path(&s, v.start, &format!("{pointer}/Variable"), false);
                    }
                }
                None => self.error(
                    node.start,
                    pointer,
                    "missing-field",
                    format!("{} needs a Variable", cmp.key),
                ),
            }
            let here = format!("{pointer}/{}", cmp.key);
            let key = cmp.key.as_str();
            let v = &cmp.value;
            if key.starts_with("Timestamp") && !key.ends_with("Path") {
                self.timestamp(v, &here);
            }
            let ok = if v.is_deferred() {
                true
            } else if key.ends_with("Path") {
                match v.as_str() {
                    Some(s) => {
                        self.path(s, v.start, &here, false);
                        true
                    }
                    None => false,
                }
            } else if key.starts_with("String") || key.starts_with("Timestamp") {
                v.as_str().is_some()
            } else if key.starts_with("Numeric") {
                matches!(v.value, Value::Number(_))
            } else {
                matches!(v.value, Value::Bool(_))
            };
            if !ok {
                let expected = if key.ends_with("Path") {
                    "a path"
                } else if key.starts_with("String") || key.starts_with("Timestamp") {
                    "a string"
                } else if key.starts_with("Numeric") {
                    "a number"
                } else {
                    "a boolean"
                };
                self.error(
                    v.start,
                    &here,
                    "wrong-type",
                    format!("{key} takes {expected}, found {}", v.type_name()),
                );
            }
        } else if node.get("Variable").is_some() {
            self.error(
                node.start,
                pointer,
                "invalid-condition",
                "Variable needs a comparison operator".to_owned(),
            );
        }
    }

    fn wait(&mut self, node: &Node, pointer: &str, language: Language) {
        let present: Vec<&str> = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
            .into_iter()
            .filter(|f| node.get(f).is_some())
            .collect();
        if present.len() != 1 {
            self.error(node.start, pointer, "invalid-wait", format!("a Wait state sets exactly one of Seconds, Timestamp, SecondsPath, TimestampPath (found {})", present.len()));
        }
        if let Some(v) = node.get("Seconds") {
            self.number_or_jsonata(v, &format!("{pointer}/Seconds"), language, 0, MAX_SECONDS);
        }
        if let Some(v) = node.get("Timestamp")
            && let Some(s) = self.string(v, &format!("{pointer}/Timestamp"))
        {
            let here = format!("{pointer}/Timestamp");
            if language == Language::Jsonata && is_jsonata(&s) {
                self.jsonata(&s, v.start, &here);
            } else {
                self.timestamp(v, &here);
            }
        }
        for field in ["SecondsPath", "TimestampPath"] {
            if let Some(v) = node.get(field)
                && let Some(s) = self.string(v, &format!("{pointer}/{field}"))
            {
                self.path(&s, v.start, &format!("{pointer}/{field}"), true);
            }
        }
    }

    /// A literal timestamp: RFC 3339 as Step Functions reads it
    /// (`2016-03-14T01:59:00Z`, uppercase `T` and `Z`).
    fn timestamp(&mut self, node: &Node, pointer: &str) {
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

    fn fail(&mut self, node: &Node, pointer: &str) {
        for (field, path_field) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
            if let Some(v) = node.get(field) {
                self.string(v, &format!("{pointer}/{field}"));
            }
            if let Some(v) = node.get(path_field) {
                self.dynamic(v, &format!("{pointer}/{path_field}"));
            }
            if node.get(field).is_some() && node.get(path_field).is_some() {
                self.error(
                    node.start,
                    pointer,
                    "conflict",
                    format!("set {field} or {path_field}, not both"),
                );
            }
        }
    }

    fn parallel(&mut self, node: &Node, pointer: &str, language: Language) {
        let here = format!("{pointer}/Branches");
        match node.get("Branches") {
            None => self.error(
                node.start,
                pointer,
                "missing-field",
                "a Parallel state needs Branches".to_owned(),
            ),
            Some(b) if b.is_deferred() => {}
            Some(b) => match b.as_array() {
                Some(items) if !items.is_empty() => {
                    for (i, branch) in items.iter().enumerate() {
                        let bp = format!("{here}/{i}");
                        if let Some(entries) = branch.as_object() {
                            self.unknown_fields(
                                entries,
                                &bp,
                                &["StartAt", "States", "Comment", "QueryLanguage"],
                                "field of a branch",
                            );
                        }
                        self.scope(branch, &bp, language);
                    }
                }
                _ => self.error(
                    b.start,
                    &here,
                    "wrong-type",
                    "Branches must be a non-empty array".to_owned(),
                ),
            },
        }
    }

    fn map(&mut self, node: &Node, pointer: &str, language: Language) {
        let processor = match (node.entry("ItemProcessor"), node.entry("Iterator")) {
            (Some(_), Some(i)) => {
                self.error(
                    i.key_start,
                    &format!("{pointer}/Iterator"),
                    "conflict",
                    "set ItemProcessor or the older Iterator, not both".to_owned(),
                );
                None
            }
            (Some(p), None) => Some(p),
            (None, Some(i)) => Some(i),
            (None, None) => {
                self.error(
                    node.start,
                    pointer,
                    "missing-field",
                    "a Map state needs ItemProcessor".to_owned(),
                );
                None
            }
        };
        if let Some(p) = processor {
            let pp = format!("{pointer}/{}", p.key);
            if let Some(entries) = p.value.as_object() {
                self.unknown_fields(
                    entries,
                    &pp,
                    &[
                        "StartAt",
                        "States",
                        "ProcessorConfig",
                        "Comment",
                        "QueryLanguage",
                    ],
                    "field of a Map processor",
                );
            }
            if let Some(config) = p.value.get("ProcessorConfig") {
                let cp = format!("{pp}/ProcessorConfig");
                if let Some(entries) = config.as_object() {
                    self.unknown_fields(
                        entries,
                        &cp,
                        &["Mode", "ExecutionType"],
                        "field of ProcessorConfig",
                    );
                }
                if let Some(m) = config.get("Mode")
                    && !matches!(m.as_str(), Some("INLINE" | "DISTRIBUTED"))
                {
                    self.error(
                        m.start,
                        &format!("{cp}/Mode"),
                        "invalid-value",
                        "Mode must be \"INLINE\" or \"DISTRIBUTED\"".to_owned(),
                    );
                }
                if let Some(m) = config.get("ExecutionType")
                    && !matches!(m.as_str(), Some("STANDARD" | "EXPRESS"))
                {
                    self.error(
                        m.start,
                        &format!("{cp}/ExecutionType"),
                        "invalid-value",
                        "ExecutionType must be \"STANDARD\" or \"EXPRESS\"".to_owned(),
                    );
                }
            }
            self.scope(&p.value, &pp, language);
        }
        if let Some(v) = node.get("ItemsPath")
            && let Some(s) = self.string(v, &format!("{pointer}/ItemsPath"))
        {
            self.path(&s, v.start, &format!("{pointer}/ItemsPath"), true);
        }
        if let Some(v) = node.get("MaxConcurrency") {
            self.number_or_jsonata(
                v,
                &format!("{pointer}/MaxConcurrency"),
                language,
                0,
                MAX_SECONDS,
            );
        }
        for field in [
            "MaxConcurrencyPath",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath",
        ] {
            if let Some(v) = node.get(field)
                && let Some(s) = self.string(v, &format!("{pointer}/{field}"))
            {
                self.path(&s, v.start, &format!("{pointer}/{field}"), true);
            }
        }
        self.tolerance(node, pointer, language);
        if let Some(b) = node.get("ItemBatcher") {
            self.item_batcher(b, &format!("{pointer}/ItemBatcher"), language);
        }
        for (field, allowed, config) in [
            ("ItemReader", resource::ITEM_READERS, "ReaderConfig"),
            ("ResultWriter", resource::RESULT_WRITERS, "WriterConfig"),
        ] {
            if let Some(r) = node.get(field) {
                self.map_io(r, &format!("{pointer}/{field}"), language, allowed, config);
            }
        }
    }

    /// `ToleratedFailurePercentage` (0 to 100) and `ToleratedFailureCount`
    /// (0 or more), each a number or, in JSONata, an expression.
    fn tolerance(&mut self, node: &Node, pointer: &str, language: Language) {
        if let Some(v) = node.get("ToleratedFailureCount") {
            let here = format!("{pointer}/ToleratedFailureCount");
            self.number_or_jsonata(v, &here, language, 0, i64::MAX);
        }
        let Some(v) = node.get("ToleratedFailurePercentage") else {
            return;
        };
        let here = format!("{pointer}/ToleratedFailurePercentage");
        match &v.value {
            Value::Number(n) if n.as_f64().is_some_and(|p| (0.0..=100.0).contains(&p)) => {}
            Value::Number(n) => self.error(
                v.start,
                &here,
                "out-of-range",
                format!("{n} is outside 0..=100 (a percentage)"),
            ),
            Value::String(s) if language == Language::Jsonata && is_jsonata(s) => {
                self.jsonata(s, v.start, &here);
            }
            Value::Deferred(_) => {}
            _ => self.error(
                v.start,
                &here,
                "wrong-type",
                format!("expected a number from 0 to 100, found {}", v.type_name()),
            ),
        }
    }

    /// `ItemBatcher`: a positive `MaxItemsPerBatch` and/or a positive
    /// `MaxInputBytesPerBatch` (at most 256 KiB), or their `…Path` forms in
    /// JSONPath; `BatchInput` a payload template (an object).
    fn item_batcher(&mut self, node: &Node, pointer: &str, language: Language) {
        if node.is_deferred() {
            return;
        }
        let Some(entries) = node.as_object() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                "ItemBatcher is an object".to_owned(),
            );
            return;
        };
        let limits = [
            ("MaxItemsPerBatch", i64::MAX),
            ("MaxInputBytesPerBatch", 262_144),
        ];
        let mut allowed = vec!["BatchInput"];
        for (field, _) in limits {
            allowed.push(field);
        }
        let paths = ["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"];
        allowed.extend(paths);
        self.unknown_fields(entries, pointer, &allowed, "field of ItemBatcher");
        self.language_only(entries, pointer, language, &paths, &[]);
        for (field, max) in limits {
            if let Some(v) = node.get(field) {
                self.number_or_jsonata(v, &format!("{pointer}/{field}"), language, 1, max);
            }
        }
        for field in paths {
            if let Some(v) = node.get(field)
                && let Some(s) = self.string(v, &format!("{pointer}/{field}"))
            {
                self.path(&s, v.start, &format!("{pointer}/{field}"), true);
            }
        }
        let set = entries.iter().any(|e| {
            e.key.starts_with("MaxItemsPerBatch") || e.key.starts_with("MaxInputBytesPerBatch")
        });
        if !set {
            self.error(
                node.start,
                pointer,
                "missing-field",
                "ItemBatcher needs MaxItemsPerBatch, MaxInputBytesPerBatch or both".to_owned(),
            );
        }
        if let Some(input) = node.get("BatchInput") {
            let here = format!("{pointer}/BatchInput");
            let jsonata = matches!(&input.value, Value::String(s) if language == Language::Jsonata && is_jsonata(s));
            if !jsonata && !input.is_deferred() && input.as_object().is_none() {
                self.error(
                    input.start,
                    &here,
                    "wrong-type",
                    format!(
                        "BatchInput is an object (a payload template), not {}",
                        input.type_name()
                    ),
                );
            }
            self.payload(input, &here, language);
        }
    }

    /// Fields of one query language in a nested object (`ItemReader`,
    /// `ItemBatcher` …), as the state-level check does for states.
    fn language_only(
        &mut self,
        entries: &[Entry],
        pointer: &str,
        language: Language,
        jsonpath: &[&str],
        jsonata: &[&str],
    ) {
        for entry in entries {
            let here = format!("{pointer}/{}", escape_segment(&entry.key));
            let key = entry.key.as_str();
            if language == Language::Jsonata && jsonpath.contains(&key) {
                self.error(
                    entry.key_start,
                    &here,
                    "language",
                    format!("{key} is a JSONPath field; this state uses JSONata"),
                );
            }
            if language == Language::JsonPath && jsonata.contains(&key) {
                self.error(
                    entry.key_start,
                    &here,
                    "language",
                    format!("{key} is a JSONata field; this state uses JSONPath (set QueryLanguage to JSONata)"),
                );
            }
        }
    }

    /// `ItemReader` / `ResultWriter`: an S3 integration Step Functions
    /// supports there, its `Parameters` (JSONPath) or `Arguments` (JSONata),
    /// and its configuration.
    fn map_io(
        &mut self,
        node: &Node,
        pointer: &str,
        language: Language,
        allowed: &[&str],
        config: &str,
    ) {
        if node.is_deferred() {
            return;
        }
        let Some(entries) = node.as_object() else {
            self.error(
                node.start,
                pointer,
                "wrong-type",
                format!("expected an object, found {}", node.type_name()),
            );
            return;
        };
        self.unknown_fields(
            entries,
            pointer,
            &["Resource", "Parameters", "Arguments", config],
            "field here",
        );
        self.language_only(entries, pointer, language, &["Parameters"], &["Arguments"]);
        if let Some(r) = node.get("Resource")
            && let Some(text) = self.string(r, &format!("{pointer}/Resource"))
            && let Err(m) = resource::map_io(&text, allowed)
        {
            self.error(
                r.start,
                &format!("{pointer}/Resource"),
                "unknown-resource",
                m,
            );
        }
        for args in ["Parameters", "Arguments"] {
            if let Some(p) = node.get(args) {
                self.payload(p, &format!("{pointer}/{args}"), language);
            }
        }
        let Some(c) = node.get(config) else {
            return;
        };
        let here = format!("{pointer}/{config}");
        if let Some(entries) = c.as_object() {
            self.language_only(entries, &here, language, &["MaxItemsPath"], &[]);
        }
        if let Some(v) = c.get("MaxItems") {
            self.number_or_jsonata(v, &format!("{here}/MaxItems"), language, 0, 100_000_000);
        }
        if let Some(v) = c.get("MaxItemsPath")
            && let Some(s) = self.string(v, &format!("{here}/MaxItemsPath"))
        {
            self.path(&s, v.start, &format!("{here}/MaxItemsPath"), true);
        }
    }
}

/// Every finding of every definition of `source`, errors and warnings,
/// in document order (see [`cli::lint`](super::lint)).
pub(crate) fn lint_all(source: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for definition in &source.definitions {
        let mut linter = Linter::new();
        linter.definition(&definition.root);
        let mut found: Vec<(Severity, Finding)> = linter
            .findings
            .into_iter()
            .map(|f| (Severity::Error, f))
            .chain(linter.warnings.into_iter().map(|f| (Severity::Warning, f)))
            .collect();
        found.sort_by_key(|(_, f)| f.offset);
        for (severity, finding) in found {
            out.extend(super::place(source, definition, severity, vec![finding]));
        }
    }
    out
}

/// Parses `text` with `parse`. When that fails and the text holds `${…}`
/// placeholders, which CloudFormation, SAM or the CDK replace before Step
/// Functions reads the text (`$.${PartitionKey}`, `'s3://${Bucket}/{}'`),
/// each placeholder is read as a plain name, then as a number, and the first
/// success is kept; otherwise the error is the text's own.
pub(crate) fn substituted<T, E>(text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<T, E> {
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

/// One rule for the library and the linter: see
/// [`json_references_task_token`](crate::runtime::json_references_task_token).
fn passes_task_token(args: &Node) -> bool {
    crate::runtime::json_references_task_token(&args.to_json())
}

/// ` (did you mean "X"?)` when one candidate is close to `word`.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    hint(suggestion(word, candidates))
}

/// ` (did you mean "X"?)` for a suggestion, nothing without one.
pub(crate) fn hint(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |c| format!(" (did you mean {c:?}?)"))
}

/// The candidate closest to `word`, when it is close enough to be a typo.
pub(crate) fn suggestion<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let other = c.to_lowercase();
        let d = if other == lower {
            0
        } else if lower.len() >= 4 && (other.starts_with(&lower) || lower.starts_with(&other)) {
            // A shortened or extended name (`Consistent` for `ConsistentRead`).
            1
        } else {
            distance(&lower, &other)
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    match best {
        Some((d, c)) if d <= limit && d < len && c != word => Some(c),
        _ => None,
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("TabelName", ["TableName", "Key"].into_iter()),
            " (did you mean \"TableName\"?)"
        );
        assert_eq!(
            did_you_mean("tableName", ["TableName"].into_iter()),
            " (did you mean \"TableName\"?)"
        );
        assert_eq!(did_you_mean("Zzzzzz", ["TableName"].into_iter()), "");
    }

    fn lint_text(path: &str, text: &str) -> Vec<Diagnostic> {
        lint_all(&Source::parse(path, text.to_owned()).unwrap())
    }

    fn pass_with(parameters: &str, language: &str) -> String {
        format!(
            r#"{{"QueryLanguage": "{language}", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "{}": {parameters}, "End": true}}}}}}"#,
            if language == "JSONata" {
                "Output"
            } else {
                "Parameters"
            }
        )
    }

    #[test]
    fn a_literal_that_reads_as_a_path_is_a_warning_with_the_fix() {
        let found = lint_text(
            "m.json",
            &pass_with(
                r#"{"taskId": "$.result.taskId", "run": {"id": "$$.Execution.Id"}, "ok.$": "$.a", "price": "$5", "text": "$.", "note": "costs $.50 or so"}"#,
                "JSONPath",
            ),
        );
        let warnings: Vec<_> = found
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        assert!(
            found.iter().all(|d| d.severity == Severity::Warning),
            "{found:#?}"
        );
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert_eq!(warnings[0].code, "literal-path");
        assert_eq!(warnings[0].pointer, "/States/P/Parameters/taskId");
        assert_eq!(
            warnings[0].message,
            "\"$.result.taskId\" is sent as the literal text; did you mean \"taskId.$\"?"
        );
        assert_eq!(warnings[1].pointer, "/States/P/Parameters/run/id");
        // JSONata states have no `.$` keys: `$` text there is just text.
        let jsonata = lint_text(
            "m.json",
            &pass_with(r#"{"taskId": "$.result.taskId"}"#, "JSONata"),
        );
        assert!(jsonata.is_empty(), "{jsonata:#?}");
    }

    #[test]
    fn a_definition_in_s3_gets_a_note_not_an_error() {
        let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Remote:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://bucket/machine.asl.json\n  Cfn:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionS3Location: {Bucket: b, Key: k}\n";
        let found = lint_text("template.yaml", template);
        assert_eq!(found.len(), 2, "{found:#?}");
        for (d, (resource, line)) in found.iter().zip([("Remote", 6), ("Cfn", 10)]) {
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!(d.code, "not-checked");
            assert_eq!(d.resource.as_deref(), Some(resource));
            assert_eq!((d.file.as_str(), d.line), ("template.yaml", line));
            assert!(d.message.contains("not in a local file"), "{}", d.message);
        }
    }

    #[test]
    fn findings_in_a_definition_uri_file_name_that_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("statemachine")).unwrap();
        let machine = dir.path().join("statemachine/flow.asl.yaml");
        std::fs::write(
            &machine,
            "StartAt: Wait\nStates:\n  Wait:\n    Type: Wait\n    Seconds: ${Delay}\n    Nxet: Done\n    End: true\n",
        )
        .unwrap();
        let template = dir.path().join("template.yaml");
        let text = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.yaml\n      DefinitionSubstitutions:\n        Delay: 30\n";
        let path = template.to_str().unwrap();
        let found = lint_text(path, text);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.file, machine.to_str().unwrap());
        assert_eq!((d.line, d.column), (6, 5));
        assert_eq!(d.resource.as_deref(), Some("Flow"));
        let source = Source::parse(path, text.to_owned()).unwrap();
        assert_eq!(
            source.definitions[0].context.substitutions["Delay"].as_deref(),
            Some("30")
        );
    }
}
