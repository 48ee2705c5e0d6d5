//! Validation of a whole machine. Every check is linear in the number of
//! states: names are looked up in hash maps built once per scope.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::depth::{self, Judge, Nested, Scope, Verdict};
use super::{Chain, StateMachine, asl};
use crate::runtime::error::MachineError;
use crate::runtime::iam::Bindings;
use crate::runtime::states::choice::{Condition, OperandKind};
use crate::runtime::states::common::{Common, NullablePath, QueryLanguage, RenderContext};
use crate::runtime::states::map::ProcessorMode;
use crate::runtime::states::retry::error_list_problem;
use crate::runtime::states::wait::{WaitFor, is_timestamp};
use crate::runtime::states::{Choice, Map, State, TaskState};
use crate::runtime::task::{IntegrationPattern, Resource};
use crate::runtime::task_resource;
use crate::runtime::vocabulary::{
    ASL_VERSION, MAX_BATCH_INPUT_BYTES, MAX_CONCURRENCY, MAX_LABEL_LENGTH, MAX_SECONDS,
    MAX_STATE_NAME_LENGTH, MAX_TOLERATED_FAILURE_PERCENTAGE, is_intrinsic_call,
    state_machine_name_problem,
};
use crate::runtime::{Dynamic, Field, Intrinsic, JsonPath, Jsonata, is_jsonata_template};

/// The name used in errors about top-level fields.
const MACHINE: &str = "(state machine)";

pub(crate) fn validate(machine: &mut StateMachine) -> Vec<MachineError> {
    let language = machine.query_language();
    let mut errors = top_level(machine);
    // Before anything recursive runs: a machine nested past the budget stops here.
    if let Err(e) = depth::scopes(&machine.definition, language) {
        errors.push(e);
        return errors;
    }
    dedupe(&mut machine.definition, language);

    let scopes = match depth::scopes(&machine.definition, language) {
        Ok(scopes) => scopes,
        Err(e) => {
            errors.push(e);
            return errors;
        }
    };
    // Name → scope index of its first definition, across the whole machine.
    let mut owner: HashMap<&str, usize> = HashMap::new();
    let mut reported = HashSet::new();
    for (scope_id, scope) in scopes.iter().enumerate() {
        for state in scope.chain.states() {
            let name = state.name();
            if owner.insert(name, scope_id).is_some() && reported.insert(name) {
                errors.push(MachineError::DuplicateStateName {
                    state: name.to_owned(),
                });
            }
        }
    }
    let mut measure = false;
    for (scope_id, scope) in scopes.iter().enumerate() {
        measure |= check_scope(scope, scope_id, &owner, &mut errors);
    }
    // Near the budget only the rendered definition knows its exact depth;
    // rendering is safe once no part is known to be past it.
    let too_deep = |e: &MachineError| matches!(e, MachineError::TooDeep { .. });
    if measure && !errors.iter().any(too_deep) {
        let asl = asl::machine_to_asl(machine, &Bindings::new(), false);
        errors.extend(depth::measure(&asl));
    }
    errors
}

/// The problems of the top-level fields.
pub(crate) fn top_level(machine: &StateMachine) -> Vec<MachineError> {
    let mut errors = Vec::new();
    match machine.timeout_seconds {
        Some(0) => errors.push(invalid(MACHINE, "TimeoutSeconds", "must be at least 1")),
        Some(t) if i64::from(t) > MAX_SECONDS => errors.push(invalid(
            MACHINE,
            "TimeoutSeconds",
            &format!("{t} is outside 1..={MAX_SECONDS}"),
        )),
        _ => {}
    }
    if let Some(problem) = machine.name.as_deref().and_then(state_machine_name_problem) {
        errors.push(invalid(MACHINE, "StateMachineName", &problem));
    }
    if let Some(v) = machine.version.as_deref().filter(|v| *v != ASL_VERSION) {
        errors.push(invalid(
            MACHINE,
            "Version",
            &format!("{v:?} is not an ASL version (only \"1.0\" exists)"),
        ));
    }
    errors
}

/// Drops repeated states that are identical to the first of their name in
/// the same scope, so one handler can be passed by value to several
/// catchers. Different states with one name are left for the duplicate check.
fn dedupe(chain: &mut Chain, language: QueryLanguage) {
    chain.ends.clear();
    for state in &mut chain.states {
        match state {
            State::Parallel(p) => p.branches.iter_mut().for_each(|b| dedupe(b, language)),
            State::Map(m) => dedupe(&mut m.processor, language),
            _ => {}
        }
    }
    let bindings = Bindings::new();
    let ctx = RenderContext {
        language,
        machine: language,
        bindings: &bindings,
        placeholders: false,
    };
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut drop = vec![false; chain.states.len()];
    let mut any = false;
    for (i, state) in chain.states.iter().enumerate() {
        match first.get(state.name()) {
            None => {
                first.insert(state.name(), i);
            }
            Some(&j) => {
                if chain.states[j].to_asl(&ctx) == state.to_asl(&ctx) {
                    drop[i] = true;
                    any = true;
                }
            }
        }
    }
    if any {
        let mut i = 0;
        chain.states.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

/// Checks one scope; true when a state is close enough to the nesting
/// budget to need measuring.
fn check_scope(
    scope: &Scope<'_>,
    scope_id: usize,
    owner: &HashMap<&str, usize>,
    errors: &mut Vec<MachineError>,
) -> bool {
    let chain = scope.chain;
    let local: HashMap<&str, usize> = chain
        .states
        .iter()
        .enumerate()
        .rev() // so the first definition wins
        .map(|(i, s)| (s.name(), i))
        .collect();

    let mut dangling = false;
    let mut measure = false;
    for state in chain.states() {
        measure |= check_state(state, scope.level, scope.language, errors);
        state.for_each_transition(|field, target| {
            if !local.contains_key(target) {
                dangling = true;
                errors.push(MachineError::DanglingTransition {
                    state: state.name().to_owned(),
                    field: field.to_string(),
                    target: target.to_owned(),
                    in_other_scope: owner.get(target).is_some_and(|&s| s != scope_id),
                });
            }
        });
    }

    // Reachability from the start, breadth first.
    let mut seen = vec![false; chain.states.len()];
    let mut queue = VecDeque::new();
    if !chain.states.is_empty() {
        seen[0] = true;
        queue.push_back(0);
    }
    let mut terminal = false;
    while let Some(i) = queue.pop_front() {
        let state = &chain.states[i];
        terminal |= state.is_terminal();
        state.for_each_transition(|_, target| {
            if let Some(&j) = local.get(target) {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        });
    }
    for (i, state) in chain.states().enumerate() {
        if !seen[i] && local.get(state.name()) == Some(&i) {
            errors.push(MachineError::UnreachableState {
                state: state.name().to_owned(),
                start: chain.start_name().to_owned(),
            });
        }
    }
    // A dangling transition already explains a missing way out.
    if !terminal && !dangling && !chain.states.is_empty() {
        errors.push(MachineError::NoTerminalState {
            start: chain.start_name().to_owned(),
        });
    }
    measure
}

fn invalid(state: &str, field: &str, reason: &str) -> MachineError {
    MachineError::InvalidField {
        state: state.to_owned(),
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Collects the problems of one state.
struct Checker<'a> {
    state: &'a str,
    language: QueryLanguage,
    errors: &'a mut Vec<MachineError>,
}

impl Checker<'_> {
    fn push(&mut self, error: MachineError) {
        self.errors.push(error);
    }

    fn invalid(&mut self, field: &str, reason: &str) {
        let e = invalid(self.state, field, reason);
        self.push(e);
    }

    fn jsonpath_only(&mut self, field: &str) -> bool {
        if self.language == QueryLanguage::Jsonata {
            self.push(MachineError::JsonPathFieldInJsonata {
                state: self.state.to_owned(),
                field: field.to_owned(),
            });
            return false;
        }
        true
    }

    fn jsonata_only(&mut self, field: &str) -> bool {
        if self.language == QueryLanguage::JsonPath {
            self.push(MachineError::JsonataFieldInJsonPath {
                state: self.state.to_owned(),
                field: field.to_owned(),
            });
            return false;
        }
        true
    }

    /// Parses a path; `reference` demands a *reference path* (one node, no
    /// filters or wildcards), as `InputPath`, `ResultPath`, `OutputPath`,
    /// `ItemsPath` and Choice `Variable` do. Returns the parsed path.
    fn path_kind(&mut self, field: &str, path: &str, reference: bool) -> Option<JsonPath> {
        match JsonPath::new(path) {
            Err(e) => {
                self.push(MachineError::InvalidPath {
                    state: self.state.to_owned(),
                    field: field.to_owned(),
                    path: path.to_owned(),
                    reason: e.reason,
                });
                None
            }
            Ok(p) if reference && !p.is_reference_path() => {
                self.push(MachineError::InvalidPath {
                    state: self.state.to_owned(),
                    field: field.to_owned(),
                    path: path.to_owned(),
                    reason:
                        "must be a reference path (a single node: no wildcards, filters or slices)"
                            .to_owned(),
                });
                None
            }
            Ok(p) => Some(p),
        }
    }

    fn path(&mut self, field: &str, path: &str) {
        self.path_kind(field, path, false);
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: JSONPath only; `ResultPath`
    /// cannot write into the read-only context object.
    fn nullable_path(&mut self, field: &str, path: &Option<NullablePath>) {
        let Some(path) = path else { return };
        if !self.jsonpath_only(field) {
            return;
        }
        if let NullablePath::Path(p) = path {
            let parsed = self.path_kind(field, p, true);
            if field.ends_with("ResultPath") && parsed.is_some_and(|p| p.is_context()) {
                self.push(MachineError::InvalidPath {
                    state: self.state.to_owned(),
                    field: field.to_owned(),
                    path: p.clone(),
                    reason: "ResultPath cannot write to the context object".to_owned(),
                });
            }
        }
    }

    fn jsonata(&mut self, field: &str, template: &str) {
        if let Err(e) = Jsonata::new(template) {
            self.push(MachineError::InvalidJsonata {
                state: self.state.to_owned(),
                field: field.to_owned(),
                reason: e.reason,
            });
        }
    }

    /// A JSON payload (`Parameters`, `Arguments`, `ResultSelector`,
    /// `ItemSelector`, `Assign`, `Output`): `.$` keys hold valid paths or
    /// intrinsics and appear only in JSONPath; `{% %}` strings parse.
    fn payload(&mut self, field: &str, value: &Value) {
        // Nothing to check in plain literals; skip the walk (the common case).
        if !needs_check(value) {
            return;
        }
        let mut at = field.to_owned();
        self.payload_at(&mut at, value);
    }

    /// Walks `value`; `at` is the field path so far, extended in place.
    fn payload_at(&mut self, at: &mut String, value: &Value) {
        let len = at.len();
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    at.push('.');
                    at.push_str(key);
                    if key.ends_with(".$") {
                        self.dynamic_key(at, v);
                    } else {
                        self.payload_at(at, v);
                    }
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push_str(&format!("[{i}]"));
                    self.payload_at(at, v);
                    at.truncate(len);
                }
            }
            Value::String(s)
                if self.language == QueryLanguage::Jsonata && is_jsonata_template(s) =>
            {
                let here = at.clone();
                self.jsonata(&here, s);
            }
            _ => {}
        }
    }

    /// A `key.$` member: JSONPath only, and its value a path or intrinsic.
    fn dynamic_key(&mut self, at: &str, value: &Value) {
        if !self.jsonpath_only(at) {
            return;
        }
        match value.as_str() {
            Some(text) if is_intrinsic_call(text) => {
                if let Err(e) = Intrinsic::parse(text) {
                    self.push(MachineError::InvalidPath {
                        state: self.state.to_owned(),
                        field: at.to_owned(),
                        path: text.to_owned(),
                        reason: e.reason,
                    });
                }
            }
            Some(text) => self.path(at, text),
            None => self.invalid(at, "the value of a key ending in .$ must be a path string"),
        }
    }

    /// A value with a `…Path` form (`TimeoutSeconds`, `Seconds`, `Error` …).
    /// Where no intrinsic function is allowed, ASL asks for a reference
    /// path (`TimeoutSecondsPath`, `SecondsPath`, `MaxConcurrencyPath` …).
    fn field<T>(&mut self, field: &str, value: &Field<T>, intrinsic_ok: bool) {
        let Field::Dynamic(d) = value else { return };
        match d {
            Dynamic::Path(p) => {
                if self.jsonpath_only(&format!("{field}Path")) {
                    self.path_kind(&format!("{field}Path"), p.as_str(), !intrinsic_ok);
                }
            }
            Dynamic::Intrinsic(_) => {
                if self.jsonpath_only(&format!("{field}Path")) && !intrinsic_ok {
                    self.invalid(field, "intrinsic functions are not allowed here");
                }
            }
            Dynamic::Jsonata(j) => {
                if self.jsonata_only(field) {
                    self.jsonata(field, &j.to_template());
                }
            }
        }
    }

    fn int_range(
        &mut self,
        field: &str,
        value: &Option<Field<i64>>,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        match value {
            Some(Field::Value(v)) => {
                if *v < min || *v > max {
                    self.invalid(field, &format!("{v} is outside {min}..={max}"));
                }
                Some(*v)
            }
            Some(f) => {
                self.field(field, f, false);
                None
            }
            None => None,
        }
    }

    fn common(&mut self, common: &Common) {
        self.nullable_path("InputPath", &common.input_path);
        self.nullable_path("OutputPath", &common.output_path);
        self.nullable_path("ResultPath", &common.result_path);
        if let Some(v) = &common.result_selector {
            if self.jsonpath_only("ResultSelector") {
                self.payload("ResultSelector", v);
            }
        }
        if let Some(v) = &common.parameters {
            if self.jsonpath_only("Parameters") {
                self.payload("Parameters", v);
            }
        }
        if let Some(v) = &common.arguments {
            if self.jsonata_only("Arguments") {
                self.payload("Arguments", v);
            }
        }
        if let Some(v) = &common.output {
            if self.jsonata_only("Output") {
                self.payload("Output", v);
            }
        }
        if let Some(a) = &common.assign {
            self.payload("Assign", &Value::Object((**a).clone()));
        }
        for (i, r) in common.retry.iter().enumerate() {
            if let Some(reason) = r.problems() {
                self.push(MachineError::InvalidRetry {
                    state: self.state.to_owned(),
                    index: i,
                    reason,
                });
            }
        }
        if let Some(i) = all_before_last(common.retry.iter().map(|r| &r.errors)) {
            self.push(MachineError::InvalidRetry {
                state: self.state.to_owned(),
                index: i,
                reason: ALL_LAST.to_owned(),
            });
        }
        if let Some(i) = all_before_last(common.catch.iter().map(|c| &c.errors)) {
            self.push(MachineError::InvalidCatch {
                state: self.state.to_owned(),
                index: i,
                reason: ALL_LAST.to_owned(),
            });
        }
        for (i, c) in common.catch.iter().enumerate() {
            if let Some(reason) = error_list_problem(&c.errors) {
                self.push(MachineError::InvalidCatch {
                    state: self.state.to_owned(),
                    index: i,
                    reason,
                });
            }
            self.nullable_path(&format!("Catch[{i}].ResultPath"), &c.result_path);
            if let Some(o) = &c.output {
                if self.jsonata_only(&format!("Catch[{i}].Output")) {
                    self.payload(&format!("Catch[{i}].Output"), o);
                }
            }
            if let Some(a) = &c.assign {
                self.payload(&format!("Catch[{i}].Assign"), &Value::Object(a.clone()));
            }
        }
    }

    fn task(&mut self, t: &TaskState, parameters: Option<&Value>) {
        // A literal ARN is parsed as the linter parses it (the integrations
        // the crate builds are well-formed by construction).
        if let Resource::Arn(text) = t.task.resource() {
            if let Err(reason) = task_resource::parse(&text) {
                self.invalid("Resource", &reason);
            }
        }
        if let Some(p) = parameters {
            self.payload(self.language.arguments_key(), p);
        }
        let timeout = self.int_range("TimeoutSeconds", &t.timeout, 1, MAX_SECONDS);
        let heartbeat = self.int_range("HeartbeatSeconds", &t.heartbeat, 1, MAX_SECONDS);
        if let (Some(timeout), Some(heartbeat)) = (timeout, heartbeat) {
            if heartbeat >= timeout {
                self.invalid(
                    "HeartbeatSeconds",
                    &format!("{heartbeat} must be less than TimeoutSeconds ({timeout})"),
                );
            }
        }
        if let Some(role) = &t.credentials {
            self.field("Credentials.RoleArn", role, true);
        }
        if t.task.pattern() == IntegrationPattern::WaitForTaskToken
            && !t.task.references_task_token()
        {
            self.push(MachineError::MissingTaskToken {
                state: self.state.to_owned(),
            });
        }
    }

    fn condition(&mut self, field: &str, condition: &Condition) {
        match condition {
            Condition::Compare {
                variable,
                operator,
                value,
            } => {
                if !self.jsonpath_only(&format!("{field}.Variable")) {
                    return;
                }
                self.path_kind(&format!("{field}.Variable"), variable, true);
                let here = format!("{field}.{}", operator.as_str());
                match operator.operand() {
                    OperandKind::Path => self.path(&here, value.as_str().unwrap_or_default()),
                    OperandKind::Timestamp => {
                        let text = value.as_str().unwrap_or_default();
                        if !is_timestamp(text) {
                            self.invalid(&here, &format!("{text:?} is not an RFC 3339 timestamp"));
                        }
                    }
                    OperandKind::Number if !value.is_number() => {
                        self.invalid(&here, "not a finite number");
                    }
                    OperandKind::String if !value.is_string() => {
                        self.invalid(&here, &format!("takes a string, found {value}"));
                    }
                    OperandKind::Boolean | OperandKind::TypeTest if !value.is_boolean() => {
                        self.invalid(&here, &format!("takes a boolean, found {value}"));
                    }
                    _ => {}
                }
            }
            Condition::And(cs) | Condition::Or(cs) => {
                let op = if matches!(condition, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                if cs.is_empty() {
                    self.invalid(&format!("{field}.{op}"), "needs at least one condition");
                }
                for (i, c) in cs.iter().enumerate() {
                    self.condition(&format!("{field}.{op}[{i}]"), c);
                }
            }
            Condition::Not(c) => self.condition(&format!("{field}.Not"), c),
            Condition::Jsonata(e) => {
                if self.jsonata_only(&format!("{field}.Condition")) {
                    self.jsonata(&format!("{field}.Condition"), e);
                }
            }
        }
    }

    fn choice(&mut self, c: &Choice) {
        if c.rules.is_empty() {
            self.invalid("Choices", "a Choice state needs at least one rule");
        }
        for (i, rule) in c.rules.iter().enumerate() {
            let field = format!("Choices[{i}]");
            match (&rule.condition, self.language) {
                (Condition::Jsonata(_), _) | (_, QueryLanguage::JsonPath) => {}
                (_, QueryLanguage::Jsonata) => {
                    // A JSONata rule is one `Condition`, not a comparison tree.
                    self.push(MachineError::JsonPathFieldInJsonata {
                        state: self.state.to_owned(),
                        field: format!("{field}.Variable"),
                    });
                    continue;
                }
            }
            self.condition(&field, &rule.condition);
            if let Some(o) = &rule.output {
                if self.jsonata_only(&format!("{field}.Output")) {
                    self.payload(&format!("{field}.Output"), o);
                }
            }
            if let Some(a) = &rule.assign {
                self.payload(&format!("{field}.Assign"), &Value::Object(a.clone()));
            }
        }
    }

    fn map(&mut self, m: &Map) {
        if let Some(p) = &m.items_path {
            if self.jsonpath_only("ItemsPath") {
                self.path_kind("ItemsPath", p, true);
            }
        }
        if let Some(items) = &m.items {
            if self.jsonata_only("Items") {
                match items {
                    Value::Array(_) => {}
                    Value::String(s) if is_jsonata_template(s) => self.jsonata("Items", s),
                    _ => self.invalid("Items", "must be an array or a {% %} expression"),
                }
            }
        }
        if let Some(s) = &m.item_selector {
            self.payload("ItemSelector", s);
        }
        self.int_range("MaxConcurrency", &m.max_concurrency, 0, MAX_CONCURRENCY);
        self.int_range(
            "ToleratedFailureCount",
            &m.tolerated_failure_count,
            0,
            i64::MAX,
        );
        match &m.tolerated_failure_percentage {
            Some(Field::Value(p)) if !(0.0..=MAX_TOLERATED_FAILURE_PERCENTAGE).contains(p) => {
                self.invalid(
                    "ToleratedFailurePercentage",
                    &format!("{p} is outside 0..=100"),
                );
            }
            Some(f) => self.field("ToleratedFailurePercentage", f, false),
            None => {}
        }
        for (field, reason) in m.io_problems(self.language) {
            self.invalid(&field, &reason);
        }
        if let Some(b) = &m.item_batcher {
            if b.batch_input.as_ref().is_some_and(|v| !v.is_object()) {
                self.invalid(
                    "ItemBatcher.BatchInput",
                    "must be a JSON object (a payload template)",
                );
            }
            if let Some(v) = &b.batch_input {
                self.payload("ItemBatcher.BatchInput", v);
            }
            if b.max_items.is_none() && b.max_bytes.is_none() {
                self.invalid(
                    "ItemBatcher",
                    "set MaxItemsPerBatch or MaxInputBytesPerBatch",
                );
            }
            self.int_range("ItemBatcher.MaxItemsPerBatch", &b.max_items, 1, i64::MAX);
            self.int_range(
                "ItemBatcher.MaxInputBytesPerBatch",
                &b.max_bytes,
                1,
                MAX_BATCH_INPUT_BYTES,
            );
        }
        if m.mode == ProcessorMode::Inline {
            let distributed_only = [
                ("ItemReader", m.item_reader.is_some()),
                ("ItemBatcher", m.item_batcher.is_some()),
                ("ResultWriter", m.result_writer.is_some()),
                (
                    "ToleratedFailurePercentage",
                    m.tolerated_failure_percentage.is_some(),
                ),
                ("ToleratedFailureCount", m.tolerated_failure_count.is_some()),
                ("Label", m.label.is_some()),
            ];
            for (field, set) in distributed_only {
                if set {
                    self.invalid(
                        field,
                        "only a distributed Map (Map::distributed) can use it",
                    );
                }
            }
        }
        if let Some(label) = &m.label {
            if label.chars().count() > MAX_LABEL_LENGTH
                || label.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                self.invalid("Label", "at most 40 characters, without whitespace");
            }
        }
    }
}

/// Checks one state whose object sits at `level` in a scope whose states
/// inherit `inherited`; true when it is close enough to the nesting budget
/// to need measuring.
fn check_state(
    state: &State,
    level: usize,
    inherited: QueryLanguage,
    errors: &mut Vec<MachineError>,
) -> bool {
    let name = state.name();
    let length = name.chars().count();
    if length > MAX_STATE_NAME_LENGTH {
        errors.push(MachineError::StateNameTooLong {
            state: name.to_owned(),
            length,
        });
    }
    if name.is_empty() {
        errors.push(MachineError::InvalidStateName {
            state: name.to_owned(),
            reason: "the name is empty".to_owned(),
        });
    } else if name.chars().any(char::is_control) {
        errors.push(MachineError::InvalidStateName {
            state: name.to_owned(),
            reason: "the name contains control characters".to_owned(),
        });
    }

    let language = state.common().language(inherited);
    if inherited == QueryLanguage::Jsonata && language == QueryLanguage::JsonPath {
        errors.push(invalid(
            name,
            "QueryLanguage",
            "a state cannot use JSONPath in a JSONata state machine",
        ));
    }
    let parameters = match state {
        State::Task(t) => t.task.write_parameters(),
        _ => None,
    };
    // Measured before the checks below, which recurse into the parts.
    let mut judge = Judge::new(level);
    state.nested_parts(&mut judge);
    if let Some(p) = &parameters {
        judge.part(language.arguments_key(), Nested::Value(p));
    }
    let measure = match judge.verdict() {
        Verdict::TooDeep { field, depth } => {
            errors.push(depth::too_deep(name, field, depth));
            return false;
        }
        Verdict::Measure => true,
        Verdict::Within => false,
    };

    let mut c = Checker {
        state: name,
        language,
        errors,
    };
    c.common(state.common());
    match state {
        State::Task(t) => c.task(t, parameters.as_ref()),
        State::Pass(p) => {
            if p.result.is_some() {
                c.jsonpath_only("Result");
            }
        }
        State::Choice(ch) => c.choice(ch),
        State::Wait(w) => match &w.wait {
            WaitFor::Seconds(s) => {
                c.int_range("Seconds", &Some(s.clone()), 0, MAX_SECONDS);
            }
            WaitFor::Timestamp(t) => match t {
                Field::Value(text) if !is_timestamp(text) => {
                    c.invalid(
                        "Timestamp",
                        &format!("{text:?} is not an RFC 3339 timestamp"),
                    );
                }
                _ => c.field("Timestamp", t, false),
            },
        },
        State::Parallel(p) => {
            if p.branches.is_empty() {
                c.invalid("Branches", "a Parallel state needs at least one branch");
            }
        }
        State::Map(m) => c.map(m),
        State::Succeed(_) => {}
        State::Fail(f) => {
            if let Some(e) = &f.error {
                c.field("Error", e, true);
            }
            if let Some(e) = &f.cause {
                c.field("Cause", e, true);
            }
        }
    }
    measure
}

/// Why a retrier or catcher with `States.ALL` must come last.
const ALL_LAST: &str = "States.ALL must be in the last retrier or catcher of its list: the ones after it could never match";

/// The index of the first list naming `States.ALL` that is not the last.
fn all_before_last<'a>(lists: impl ExactSizeIterator<Item = &'a Vec<String>>) -> Option<usize> {
    let last = lists.len().checked_sub(1)?;
    lists
        .enumerate()
        .take(last)
        .find(|(_, errors)| errors.iter().any(|e| e == crate::runtime::errors::ALL))
        .map(|(i, _)| i)
}

/// Whether a payload holds anything to check: a `.$` key or a `{% %}` string.
fn needs_check(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| k.ends_with(".$") || needs_check(v)),
        Value::Array(items) => items.iter().any(needs_check),
        Value::String(s) => is_jsonata_template(s),
        _ => false,
    }
}
