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
        machine: machine.query_language(),
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

/// serde_json's pretty layout (two spaces), indented as if the value sat
/// `base` levels deep, so each state can be written on its own straight into
/// the document.
struct NestedPretty {
    base: usize,
    level: usize,
    has_value: bool,
}

impl NestedPretty {
    fn new(base: usize) -> Self {
        NestedPretty {
            base,
            level: 0,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.base + self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl NestedPretty {
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes JSON text through one buffer that every state reuses, so a large
/// machine costs no allocation per state for its text.
struct TextWriter {
    out: String,
    scratch: Vec<u8>,
    pretty: bool,
}

impl TextWriter {
    /// Appends `value`; pretty output is indented to sit at `depth`.
    fn value<T: serde::Serialize + ?Sized>(&mut self, value: &T, depth: usize) {
        self.scratch.clear();
        // Serialising into memory cannot fail: the values are JSON already.
        let _ = if self.pretty {
            let mut ser =
                serde_json::Serializer::with_formatter(&mut self.scratch, NestedPretty::new(depth));
            value.serialize(&mut ser)
        } else {
            value.serialize(&mut serde_json::Serializer::new(&mut self.scratch))
        };
        // serde_json writes UTF-8 only.
        if let Ok(text) = std::str::from_utf8(&self.scratch) {
            self.out.push_str(text);
        }
    }

    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A line break and `depth` levels of indent (nothing when compact).
    fn newline(&mut self, depth: usize) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str("  ");
            }
        }
    }

    /// `"key": ` (or `"key":` when compact).
    fn key(&mut self, key: &str) {
        self.value(key, 0);
        self.out.push_str(if self.pretty { ": " } else { ":" });
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
        machine: machine.query_language(),
        bindings,
        placeholders,
    };
    // Growing a multi-megabyte string by doubling costs more than the
    // rendering; a rough per-state size avoids most of the regrowth.
    let per_state = if pretty { 600 } else { 300 };
    let mut w = TextWriter {
        out: String::with_capacity(64 + machine.definition.len() * per_state),
        scratch: Vec::new(),
        pretty,
    };
    w.raw("{");
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
        w.newline(1);
        w.key(key);
        w.value(value, 1);
        w.raw(",");
    }
    w.newline(1);
    w.key("States");
    w.raw("{");
    for (i, state) in machine.definition.states().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        let mut value = Value::Object(state.to_asl(&ctx));
        bindings.apply_json(&mut value);
        w.newline(2);
        w.key(state.name());
        w.value(&value, 2);
    }
    w.newline(1);
    w.raw("}");
    w.newline(0);
    w.raw("}");
    w.out
}
