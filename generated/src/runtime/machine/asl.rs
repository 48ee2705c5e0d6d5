//! ASL rendering: states in definition order, fields in ASL order.
//!
//! [`machine_to_asl`] builds a `Value` tree; [`machine_to_string`] streams
//! the same document as text.

use serde_json::{Map, Value};

use super::{Chain, StateMachine};
use crate::runtime::iam::Bindings;
use crate::runtime::states::common::RenderContext;

/// `{"StartAt": …, "States": {…}}` for one scope.
pub(crate) fn scope_to_asl(chain: &Chain, ctx: &RenderContext<'_>) -> Value {
    let mut states = Map::new();
    for state in chain.states() {
        states.insert(state.name().to_owned(), Value::Object(state.to_asl(ctx)));
    }
    let mut m = Map::new();
    m.insert("StartAt".to_owned(), Value::from(chain.start_name()));
    m.insert("States".to_owned(), Value::Object(states));
    Value::Object(m)
}

/// The top-level fields before `StartAt`.
fn header(machine: &StateMachine) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(c) = &machine.comment {
        m.insert("Comment".to_owned(), Value::from(c.as_str()));
    }
    if let Some(q) = machine.query_language {
        m.insert("QueryLanguage".to_owned(), Value::from(q.as_str()));
    }
    if let Some(v) = &machine.version {
        m.insert("Version".to_owned(), Value::from(v.as_str()));
    }
    if let Some(t) = machine.timeout_seconds {
        m.insert("TimeoutSeconds".to_owned(), Value::from(t));
    }
    m
}

/// The whole definition. `placeholders` keeps `${AWS::Partition}` in
/// integration ARNs (CloudFormation) instead of `aws`.
pub(crate) fn machine_to_asl(
    machine: &StateMachine,
    bindings: &Bindings,
    placeholders: bool,
) -> Value {
    let ctx = RenderContext {
        language: machine.query_language(),
        bindings,
        placeholders,
    };
    let mut m = header(machine);
    if let Value::Object(scope) = scope_to_asl(&machine.definition, &ctx) {
        m.extend(scope);
    }
    let mut value = Value::Object(m);
    bindings.apply_json(&mut value);
    value
}

/// Writes `value` as JSON text; pretty output is indented to sit at `depth`.
fn json_text(value: &Value, pretty: bool, depth: usize) -> String {
    // Serialising a `Value` into memory cannot fail.
    if pretty {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        // JSON strings never hold a raw newline, so every newline is layout.
        text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// The definition as compact or pretty JSON text, byte for byte what
/// serialising [`machine_to_asl`] gives. It renders and writes one state at a
/// time, so the working set stays one state deep however large the machine.
pub(crate) fn machine_to_string(
    machine: &StateMachine,
    bindings: &Bindings,
    placeholders: bool,
    pretty: bool,
) -> String {
    let ctx = RenderContext {
        language: machine.query_language(),
        bindings,
        placeholders,
    };
    let (newline, colon) = if pretty { ("\n", ": ") } else { ("", ":") };
    let indent = |depth: usize| {
        if pretty {
            "  ".repeat(depth)
        } else {
            String::new()
        }
    };
    // Growing a multi-megabyte string by doubling costs more than the
    // rendering; a rough per-state size avoids most of the regrowth.
    let per_state = if pretty { 600 } else { 300 };
    let mut out = String::with_capacity(64 + machine.definition.len() * per_state);
    out.push('{');
    let mut header = Value::Object(header(machine));
    bindings.apply_json(&mut header);
    let mut entries: Vec<(String, Value)> = match header {
        Value::Object(m) => m.into_iter().collect(),
        _ => Vec::new(),
    };
    let mut start = Value::from(machine.definition.start_name());
    bindings.apply_json(&mut start);
    entries.push(("StartAt".to_owned(), start));
    for (key, value) in &entries {
        out.push_str(newline);
        out.push_str(&indent(1));
        out.push_str(&json_text(&Value::from(key.as_str()), false, 0));
        out.push_str(colon);
        out.push_str(&json_text(value, pretty, 1));
        out.push(',');
    }
    out.push_str(newline);
    out.push_str(&indent(1));
    out.push_str("\"States\"");
    out.push_str(colon);
    out.push('{');
    for (i, state) in machine.definition.states().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut value = Value::Object(state.to_asl(&ctx));
        bindings.apply_json(&mut value);
        out.push_str(newline);
        out.push_str(&indent(2));
        out.push_str(&json_text(&Value::from(state.name()), false, 0));
        out.push_str(colon);
        out.push_str(&json_text(&value, pretty, 2));
    }
    out.push_str(newline);
    out.push_str(&indent(1));
    out.push('}');
    out.push_str(newline);
    out.push('}');
    out
}
