//! The workflow as a Mermaid flowchart or a Graphviz digraph, drawn from
//! the raw definition (the crate's Mermaid writer needs a typed machine).
//! Node ids are generated, so any state name is safe; names appear only in
//! escaped labels.

use std::collections::HashMap;
use std::fmt::Write;

use super::json::Node;
use crate::runtime::machine::mermaid::escape;

/// Diagram formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid `flowchart TD`.
    Mermaid,
    /// A Graphviz `digraph`.
    Dot,
}

struct Edge {
    from: String,
    to: String,
    label: Option<String>,
    dashed: bool,
}

/// Draws the definition.
pub fn render(root: &Node, format: GraphFormat) -> String {
    let mut g = Graph {
        format,
        next_id: 0,
        body: String::new(),
        edges: Vec::new(),
    };
    let start = g.scope(root, 1, 0);
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n");
            if let Some(start) = start {
                let _ = writeln!(out, "    start((Start)) --> {start}");
            }
            out.push_str(&g.body);
            for e in &g.edges {
                let arrow = if e.dashed { "-.->" } else { "-->" };
                match &e.label {
                    Some(l) => {
                        let _ = writeln!(out, "    {} {arrow}|\"{}\"| {}", e.from, escape(l), e.to);
                    }
                    None => {
                        let _ = writeln!(out, "    {} {arrow} {}", e.from, e.to);
                    }
                }
            }
        }
        GraphFormat::Dot => {
            out.push_str("digraph StateMachine {\n    node [shape=box];\n    start [shape=circle, label=\"Start\"];\n    stop [shape=doublecircle, label=\"End\"];\n");
            if let Some(start) = start {
                let _ = writeln!(out, "    start -> {start};");
            }
            out.push_str(&g.body);
            for e in &g.edges {
                let mut attrs = Vec::new();
                if let Some(l) = &e.label {
                    attrs.push(format!("label=\"{}\"", dot_escape(l)));
                }
                if e.dashed {
                    attrs.push("style=dashed".to_owned());
                }
                let attrs = if attrs.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", attrs.join(", "))
                };
                let _ = writeln!(out, "    {} -> {}{attrs};", e.from, e.to);
            }
            out.push_str("}\n");
        }
    }
    out
}

struct Graph {
    format: GraphFormat,
    next_id: usize,
    body: String,
    edges: Vec<Edge>,
}

impl Graph {
    fn scope(&mut self, node: &Node, depth: usize, nesting: usize) -> Option<String> {
        let states = node.get("States")?.as_object()?;
        if nesting > super::json::MAX_DEPTH {
            return None;
        }
        let indent = "    ".repeat(depth);
        let mut ids: HashMap<&str, String> = HashMap::with_capacity(states.len());
        for e in states {
            ids.entry(e.key.as_str()).or_insert_with(|| {
                self.next_id += 1;
                format!("s{}", self.next_id - 1)
            });
        }
        let id_of = |name: &str| {
            ids.get(name)
                .cloned()
                .unwrap_or_else(|| "missing".to_owned())
        };
        for e in states {
            let id = id_of(&e.key);
            let kind = e.value.get("Type").and_then(Node::as_str).unwrap_or("?");
            match self.format {
                GraphFormat::Mermaid => {
                    let label = escape(&e.key);
                    let shape = match kind {
                        "Choice" => format!("{id}{{\"{label}\"}}"),
                        "Succeed" => format!("{id}([\"{label}\"])"),
                        "Fail" => format!("{id}[[\"{label}\"]]"),
                        "Wait" => format!("{id}[/\"{label}\"/]"),
                        _ => format!("{id}[\"{label}\"]"),
                    };
                    if matches!(kind, "Parallel" | "Map") {
                        let _ = writeln!(self.body, "{indent}subgraph {id} [\"{label} ({kind})\"]");
                        self.children(&e.value, kind, depth, nesting, &id);
                        let _ = writeln!(self.body, "{indent}end");
                    } else {
                        let _ = writeln!(self.body, "{indent}{shape}");
                    }
                }
                GraphFormat::Dot => {
                    let label = dot_escape(&e.key);
                    if matches!(kind, "Parallel" | "Map") {
                        let _ = writeln!(
                            self.body,
                            "{indent}{id} [label=\"{label} ({kind})\", shape=box3d];"
                        );
                        let _ = writeln!(
                            self.body,
                            "{indent}subgraph cluster_{id} {{\n{indent}    label=\"{label}\";"
                        );
                        self.children(&e.value, kind, depth, nesting, &id);
                        let _ = writeln!(self.body, "{indent}}}");
                    } else {
                        let shape = match kind {
                            "Choice" => "diamond",
                            "Succeed" | "Fail" => "oval",
                            "Wait" => "parallelogram",
                            _ => "box",
                        };
                        let _ = writeln!(
                            self.body,
                            "{indent}{id} [label=\"{label}\", shape={shape}];"
                        );
                    }
                }
            }
            if let Some(next) = e.value.get("Next").and_then(Node::as_str) {
                self.edge(&id, id_of(next), None, false);
            } else if depth == 1
                && (e.value.get("End").is_some() || matches!(kind, "Succeed" | "Fail"))
            {
                let stop = match self.format {
                    GraphFormat::Mermaid => "stop((End))".to_owned(),
                    GraphFormat::Dot => "stop".to_owned(),
                };
                self.edge(&id, stop, None, false);
            }
            for (i, rule) in e
                .value
                .get("Choices")
                .and_then(Node::as_array)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                if let Some(next) = rule.get("Next").and_then(Node::as_str) {
                    self.edge(&id, id_of(next), Some(format!("rule {}", i + 1)), false);
                }
            }
            if let Some(d) = e.value.get("Default").and_then(Node::as_str) {
                self.edge(&id, id_of(d), Some("otherwise".to_owned()), false);
            }
            for c in e.value.get("Catch").and_then(Node::as_array).unwrap_or(&[]) {
                if let Some(next) = c.get("Next").and_then(Node::as_str) {
                    let errors: Vec<&str> = c
                        .get("ErrorEquals")
                        .and_then(Node::as_array)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(Node::as_str)
                        .collect();
                    self.edge(&id, id_of(next), Some(errors.join(", ")), true);
                }
            }
        }
        node.get("StartAt").and_then(Node::as_str).map(id_of)
    }

    fn children(&mut self, state: &Node, kind: &str, depth: usize, nesting: usize, id: &str) {
        if kind == "Parallel" {
            for (i, b) in state
                .get("Branches")
                .and_then(Node::as_array)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let indent = "    ".repeat(depth + 1);
                match self.format {
                    GraphFormat::Mermaid => {
                        let _ = writeln!(
                            self.body,
                            "{indent}subgraph {id}_b{i} [\"branch {}\"]",
                            i + 1
                        );
                        self.scope(b, depth + 2, nesting + 1);
                        let _ = writeln!(self.body, "{indent}end");
                    }
                    GraphFormat::Dot => {
                        if let Some(start) = self.scope(b, depth + 1, nesting + 1) {
                            self.edge(id, start, Some(format!("branch {}", i + 1)), true);
                        }
                    }
                }
            }
        } else if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
            let start = self.scope(p, depth + 1, nesting + 1);
            if let (GraphFormat::Dot, Some(start)) = (self.format, start) {
                self.edge(id, start, Some("each item".to_owned()), true);
            }
        }
    }

    fn edge(&mut self, from: &str, to: String, label: Option<String>, dashed: bool) {
        self.edges.push(Edge {
            from: from.to_owned(),
            to,
            label,
            dashed,
        });
    }
}

fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
