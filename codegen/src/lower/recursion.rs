//! Which fields must be boxed so recursive shapes have a finite size.
//!
//! Only direct structure/union → structure/union references matter: lists
//! and maps already put their elements on the heap. A field is boxed when its
//! target lies in the same strongly connected component as its owner, which
//! breaks every cycle and is independent of traversal order.

use std::collections::{BTreeMap, BTreeSet};

/// Direct references between shapes, by shape name.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// Maps each shape to the id of its strongly connected component (Tarjan).
pub fn components(graph: &Graph) -> BTreeMap<String, usize> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        component: BTreeMap<String, usize>,
        components: usize,
    }

    // Iterative to survive deep models without stack overflow.
    fn visit<'a>(s: &mut State<'a>, root: &'a str) {
        let mut work: Vec<(&'a str, Vec<&'a str>)> = Vec::new();
        let start = |s: &mut State<'a>, v: &'a str| -> Vec<&'a str> {
            s.index.insert(v, s.next);
            s.low.insert(v, s.next);
            s.next += 1;
            s.stack.push(v);
            s.on_stack.insert(v);
            s.graph
                .get(v)
                .map(|t| t.iter().map(String::as_str).rev().collect())
                .unwrap_or_default()
        };
        let succ = start(s, root);
        work.push((root, succ));
        while let Some((v, mut pending)) = work.pop() {
            if let Some(w) = pending.pop() {
                work.push((v, pending));
                if !s.index.contains_key(w) {
                    let succ = start(s, w);
                    work.push((w, succ));
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
                continue;
            }
            if s.low[v] == s.index[v] {
                while let Some(w) = s.stack.pop() {
                    s.on_stack.remove(w);
                    s.component.insert(w.to_owned(), s.components);
                    if w == v {
                        break;
                    }
                }
                s.components += 1;
            }
            if let Some((parent, _)) = work.last() {
                let low = s.low[*parent].min(s.low[v]);
                s.low.insert(parent, low);
            }
        }
    }

    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        component: BTreeMap::new(),
        components: 0,
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.component
}

/// Whether the reference `from → to` closes a cycle and must be boxed.
pub fn needs_box(components: &BTreeMap<String, usize>, from: &str, to: &str) -> bool {
    match (components.get(from), components.get(to)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut g = Graph::new();
        for (a, b) in edges {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    }

    #[test]
    fn self_loop_and_cycle_are_boxed_but_tree_edges_are_not() {
        let g = graph(&[("A", "A"), ("B", "C"), ("C", "B"), ("C", "D")]);
        let c = components(&g);
        assert!(needs_box(&c, "A", "A"));
        assert!(needs_box(&c, "B", "C"));
        assert!(needs_box(&c, "C", "B"));
        assert!(!needs_box(&c, "C", "D"));
    }
}
