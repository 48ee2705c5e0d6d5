//! A scope: a set of states with `StartAt` and `States` (the machine, a
//! Parallel branch, a Map processor). Names are unique in the scope and in
//! the whole machine and of a valid length; every transition names a state
//! of the same scope; every state can be reached from `StartAt`; and some
//! reachable state ends the execution.

use std::collections::{HashMap, VecDeque};

use super::{Language, Linter, Pointer, did_you_mean};
use crate::cli::json::{Entry, Node};
use crate::runtime::vocabulary::MAX_STATE_NAME_LENGTH;

/// The transitions between the states of a scope, by index.
struct Graph {
    /// The states each state can go to.
    edges: Vec<Vec<usize>>,
    /// Whether each state can end the scope.
    terminal: Vec<bool>,
    /// Whether some transition names no state of the scope.
    dangling: bool,
}

impl Linter {
    /// Checks a scope; a transition known only at deploy time inside it
    /// makes its reachability unknown, not that of the scope around it.
    pub(super) fn scope(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let outer = std::mem::replace(&mut self.unknown_transition, false);
        if !node.is_deferred() {
            // Known at deploy time only otherwise.
            let saved = self.state.take();
            self.scope_states(node, pointer, language);
            self.state = saved;
        }
        self.unknown_transition = outer;
    }

    fn scope_states(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let start = self.start_at(node, pointer);
        let Some(states_node) = node.get("States") else {
            self.missing(node, pointer, "States is required");
            return;
        };
        let states_pointer = pointer.key("States");
        let Some(states) = self.object(
            states_node,
            &states_pointer,
            format_args!("States must be an object of states by name"),
        ) else {
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
        let local = self.state_names(states, &states_pointer);
        let graph = self.states(states, &local, &states_pointer, language);
        self.state = None;

        // Reachability from StartAt.
        let Some((start, start_at)) = start else {
            return;
        };
        let Some(&first) = local.get(start.as_str()) else {
            let hint = did_you_mean(&start, states.iter().map(|e| e.key.as_str()));
            self.error(
                start_at,
                &pointer.key("StartAt"),
                "dangling-transition",
                format!("StartAt names no state of this scope: {start:?}{hint}"),
            );
            return;
        };
        if self.unknown_transition {
            // A transition known only at deploy time may reach any state.
            return;
        }
        let mut seen = vec![false; states.len()];
        let mut queue = VecDeque::from([first]);
        seen[first] = true;
        let mut any_terminal = false;
        while let Some(i) = queue.pop_front() {
            any_terminal |= graph.terminal[i];
            for &j in &graph.edges[i] {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        for (i, entry) in states.iter().enumerate() {
            if !seen[i] && local.get(entry.key.as_str()) == Some(&i) {
                self.set_state(&entry.key);
                self.error(
                    entry.key_start,
                    &states_pointer.key(&entry.key),
                    "unreachable",
                    format!("state {:?} cannot be reached from {start:?}", entry.key),
                );
            }
        }
        self.state = None;
        if !any_terminal && !graph.dangling {
            self.error(
                states_node.start,
                &states_pointer,
                "no-terminal",
                format!(
                    "no state reachable from {start:?} ends the execution (End, Succeed or Fail)"
                ),
            );
        }
    }

    /// `StartAt`: the name and offset of the first state, unless it is
    /// missing, not a name, or known at deploy time only.
    fn start_at(&mut self, node: &Node, pointer: &Pointer<'_>) -> Option<(String, usize)> {
        let Some(s) = node.get("StartAt") else {
            self.missing(node, pointer, "StartAt is required");
            return None;
        };
        if s.is_deferred() {
            return None;
        }
        match s.as_str() {
            Some(name) => Some((name.to_owned(), s.start)),
            None => {
                self.error(
                    s.start,
                    &pointer.key("StartAt"),
                    "wrong-type",
                    "StartAt must be a state name".to_owned(),
                );
                None
            }
        }
    }

    /// The names of the scope's states, each checked, as name → index of its
    /// first definition; they are recorded machine-wide too.
    fn state_names<'s>(
        &mut self,
        states: &'s [Entry],
        states_pointer: &Pointer<'_>,
    ) -> HashMap<&'s str, usize> {
        let mut local: HashMap<&str, usize> = HashMap::with_capacity(states.len());
        for (i, entry) in states.iter().enumerate() {
            let here = states_pointer.key(&entry.key);
            self.set_state(&entry.key);
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
            let chars = entry.key.chars().count();
            if chars == 0 || chars > MAX_STATE_NAME_LENGTH {
                self.error(
                    entry.key_start,
                    &here,
                    "invalid-name",
                    format!(
                        "a state name has 1 to {MAX_STATE_NAME_LENGTH} characters, this one has {chars}"
                    ),
                );
            }
            if let Some(first) = self.names.get(entry.key.as_str()) {
                let message = format!(
                    "state name {:?} is already used at {first}; names must be unique in the whole machine",
                    entry.key
                );
                self.error(entry.key_start, &here, "duplicate-state", message);
            } else {
                self.names.insert(entry.key.to_string(), here.to_text());
            }
        }
        local
    }

    /// Checks each state (the first of its name) and resolves its
    /// transitions within the scope.
    fn states(
        &mut self,
        states: &[Entry],
        local: &HashMap<&str, usize>,
        states_pointer: &Pointer<'_>,
        language: Language,
    ) -> Graph {
        let mut graph = Graph {
            edges: vec![Vec::new(); states.len()],
            terminal: vec![false; states.len()],
            dangling: false,
        };
        for (i, entry) in states.iter().enumerate() {
            if local.get(entry.key.as_str()) != Some(&i) {
                continue;
            }
            let here = states_pointer.key(&entry.key);
            self.set_state(&entry.key);
            let mut targets = Vec::new();
            graph.terminal[i] = self.state_node(&entry.value, &here, language, &mut targets);
            for (target, at, target_pointer) in targets {
                match local.get(target.as_str()) {
                    Some(&j) => graph.edges[i].push(j),
                    None => {
                        graph.dangling = true;
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
        graph
    }
}
