//! Mermaid flowchart output.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Chain, StateMachine};
use crate::runtime::states::State;

/// Writes the flowchart. Node ids are generated (`s0`, `s1`, …) so state
/// names never need to be valid Mermaid identifiers; names appear only in
/// escaped labels.
pub(crate) fn render(machine: &StateMachine) -> String {
    let mut body = String::new();
    let mut next_id = 0usize;
    let start = scope(&machine.definition, 1, &mut next_id, &mut body);
    format!("flowchart TD\n    start((Start)) --> {start}\n{body}")
}

/// Draws one scope and returns the id of its start node. Terminal states of
/// the top scope point at a shared `stop` node; branches stay open inside
/// their subgraph.
fn scope(chain: &Chain, depth: usize, next_id: &mut usize, out: &mut String) -> String {
    let indent = "    ".repeat(depth);
    let mut ids: HashMap<&str, String> = HashMap::with_capacity(chain.len());
    for state in chain.states() {
        ids.entry(state.name()).or_insert_with(|| {
            let id = format!("s{next_id}");
            *next_id += 1;
            id
        });
    }
    let id_of = |name: &str| {
        ids.get(name)
            .cloned()
            .unwrap_or_else(|| "missing".to_owned())
    };
    let mut edges = String::new();
    for state in chain.states() {
        let id = id_of(state.name());
        let label = escape(state.name());
        match state {
            State::Choice(_) => {
                let _ = writeln!(out, "{indent}{id}{{\"{label}\"}}");
            }
            State::Parallel(p) => {
                let _ = writeln!(out, "{indent}subgraph {id} [\"{label} (Parallel)\"]");
                for (i, branch) in p.branches.iter().enumerate() {
                    let _ = writeln!(out, "{indent}    subgraph {id}_b{i} [\"branch {}\"]", i + 1);
                    scope(branch, depth + 2, next_id, out);
                    let _ = writeln!(out, "{indent}    end");
                }
                let _ = writeln!(out, "{indent}end");
            }
            State::Map(m) => {
                let _ = writeln!(out, "{indent}subgraph {id} [\"{label} (Map)\"]");
                scope(&m.processor, depth + 1, next_id, out);
                let _ = writeln!(out, "{indent}end");
            }
            State::Succeed(_) => {
                let _ = writeln!(out, "{indent}{id}([\"{label}\"])");
            }
            State::Fail(_) => {
                let _ = writeln!(out, "{indent}{id}[[\"{label}\"]]");
            }
            State::Wait(_) => {
                let _ = writeln!(out, "{indent}{id}[/\"{label}\"/]");
            }
            State::Task(_) | State::Pass(_) => {
                let _ = writeln!(out, "{indent}{id}[\"{label}\"]");
            }
        }
        if let Some(next) = &state.common().next {
            let _ = writeln!(edges, "{indent}{id} --> {}", id_of(next));
        } else if depth == 1
            && (state.has_next() || matches!(state, State::Succeed(_) | State::Fail(_)))
        {
            let _ = writeln!(edges, "{indent}{id} --> stop((End))");
        }
        if let State::Choice(c) = state {
            for rule in &c.rules {
                let _ = writeln!(
                    edges,
                    "{indent}{id} -->|\"{}\"| {}",
                    escape(&rule.condition.describe()),
                    id_of(rule.next.start_name())
                );
            }
            if let Some(d) = &c.default {
                let _ = writeln!(
                    edges,
                    "{indent}{id} -->|\"otherwise\"| {}",
                    id_of(d.start_name())
                );
            }
        }
        for catch in &state.common().catch {
            let _ = writeln!(
                edges,
                "{indent}{id} -.->|\"{}\"| {}",
                escape(&catch.errors.join(", ")),
                id_of(catch.next.start_name())
            );
        }
    }
    out.push_str(&edges);
    id_of(chain.start_name())
}

/// Escapes a label for a quoted Mermaid string: entity codes for the
/// characters Mermaid would otherwise parse, spaces for line breaks.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_mermaid_syntax() {
        assert_eq!(
            escape("a \"b\" <c> #1 & `d`\n"),
            "a #quot;b#quot; #lt;c#gt; #35;1 #amp; #96;d#96; "
        );
    }
}
