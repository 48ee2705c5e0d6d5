//! The nesting budget: a definition nests at most
//! [`MAX_JSON_NESTING`] levels of JSON, the linter's parser limit, so the
//! builder accepts exactly the depths `sfn-tasks lint` accepts and no
//! recursion of rendering or validation can be driven past the stack.
//!
//! Everything here is iterative. The nested scopes are walked first, before
//! anything recursive runs, so a machine nested thousands of Parallel or Map
//! states deep is refused cheaply. Each state's payloads and conditions are
//! then measured against the depth of the state object plus a small bound
//! for where ASL puts them; only a state whose bound crosses the limit makes
//! validation render the machine once and measure it, so the verdict is
//! exact without a second rendering of ordinary machines.

use serde_json::{Map as JsonMap, Value};

use super::Chain;
use crate::runtime::error::MachineError;
use crate::runtime::states::choice::Condition;
use crate::runtime::states::{QueryLanguage, State};
use crate::runtime::vocabulary::MAX_JSON_NESTING;

/// The limit, the document itself being level 1.
const LIMIT: usize = MAX_JSON_NESTING;

/// The level of the top scope's state objects: the document, `States`, the state.
const TOP_STATES: usize = 3;

/// Levels from a Parallel state object to its branches' states:
/// `Branches`, the branch, its `States`.
const PARALLEL_STATES: usize = 4;

/// Levels from a Map state object to its processor's states:
/// `ItemProcessor`, its `States`.
const MAP_STATES: usize = 3;

/// The most levels ASL puts between a state object and the start of a
/// payload or condition it holds, or below it in fixed structure (a
/// catcher's `Output` sits in `Catch[i]`, `ErrorEquals` in `Retry[i]`). A
/// bound: crossing the limit with it makes validation measure exactly.
const BELOW_STATE: usize = 3;

/// A JSON part of a state whose depth the user decides.
pub(crate) enum Nested<'a> {
    /// A payload template or literal.
    Value(&'a Value),
    /// An `Assign` block or an integration's parameters.
    Object(&'a JsonMap<String, Value>),
    /// A Choice rule's condition, rendered as nested objects and arrays.
    Condition(&'a Condition),
}

/// One scope of a machine: the top level, a Parallel branch, a Map processor.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) chain: &'a Chain,
    /// The level of its state objects in the rendered definition.
    pub(crate) level: usize,
    /// The query language its states inherit: the enclosing state's.
    pub(crate) language: QueryLanguage,
}

/// Every scope, parents first (the order of a recursive walk), or the first
/// state nested past the limit. `language` is the machine's.
pub(crate) fn scopes(
    chain: &Chain,
    language: QueryLanguage,
) -> Result<Vec<Scope<'_>>, MachineError> {
    let mut out = Vec::new();
    let mut pending = vec![Scope {
        chain,
        level: TOP_STATES,
        language,
    }];
    while let Some(scope) = pending.pop() {
        let level = scope.level;
        if level > LIMIT {
            return Err(too_deep(scope.chain.start_name(), "", level));
        }
        out.push(scope);
        let first_child = pending.len();
        for state in scope.chain.states() {
            let language = state.common().language(scope.language);
            match state {
                State::Parallel(p) => {
                    for branch in &p.branches {
                        pending.push(Scope {
                            chain: branch,
                            level: level + PARALLEL_STATES,
                            language,
                        });
                    }
                }
                State::Map(m) => pending.push(Scope {
                    chain: &m.processor,
                    level: level + MAP_STATES,
                    language,
                }),
                _ => {}
            }
        }
        // A stack pops the last pushed first; reversing this scope's
        // children keeps them in definition order.
        pending[first_child..].reverse();
    }
    Ok(out)
}

/// What one state's user-decided parts say about the limit.
pub(crate) enum Verdict {
    /// Within the limit whatever ASL's exact layout.
    Within,
    /// Close enough that only the rendered definition can tell.
    Measure,
    /// Past the limit: `field` reaches at least `depth`.
    TooDeep { field: &'static str, depth: usize },
}

/// Judges the parts of one state, fed one by one.
pub(crate) struct Judge {
    level: usize,
    deepest: usize,
    too_deep: Option<(&'static str, usize)>,
}

impl Judge {
    /// For a state whose object sits at `level`.
    pub(crate) fn new(level: usize) -> Self {
        Judge {
            level,
            deepest: 0,
            too_deep: None,
        }
    }

    /// Takes one part of the state, `field` naming where it is.
    pub(crate) fn part(&mut self, field: &'static str, part: Nested<'_>) {
        if self.too_deep.is_some() {
            return;
        }
        // Past this a part is too deep wherever ASL puts it.
        let cap = LIMIT.saturating_sub(self.level);
        let depth = match part {
            Nested::Value(v) => value_depth(v, cap),
            Nested::Object(m) => object_depth(m, cap),
            Nested::Condition(c) => condition_depth(c, cap),
        };
        if self.level + depth > LIMIT {
            self.too_deep = Some((field, self.level + depth));
        }
        self.deepest = self.deepest.max(depth);
    }

    /// The verdict on every part taken.
    pub(crate) fn verdict(&self) -> Verdict {
        match self.too_deep {
            Some((field, depth)) => Verdict::TooDeep { field, depth },
            None if self.level + BELOW_STATE + self.deepest > LIMIT => Verdict::Measure,
            None => Verdict::Within,
        }
    }
}

/// Levels of arrays and objects from `value` down, `value` included;
/// counting stops once past `cap`.
fn value_depth(value: &Value, cap: usize) -> usize {
    match value {
        Value::Object(m) => object_depth(m, cap),
        Value::Array(items) => items_depth(items.iter(), cap),
        _ => 0,
    }
}

fn object_depth(map: &JsonMap<String, Value>, cap: usize) -> usize {
    items_depth(map.values(), cap)
}

/// Levels counted by recursion before a value is walked with a heap stack:
/// ordinary payloads need no allocation, and the recursion stays shallow.
const RECURSION: usize = 16;

/// One level for the container holding `children`, plus the deepest child.
fn items_depth<'a>(children: impl Iterator<Item = &'a Value> + Clone, cap: usize) -> usize {
    match shallow_depth(children.clone(), RECURSION) {
        Some(depth) => depth,
        None => deepest_below(children, cap),
    }
}

/// [`items_depth`] by recursion, or `None` past `budget` levels.
fn shallow_depth<'a>(children: impl Iterator<Item = &'a Value>, budget: usize) -> Option<usize> {
    let budget = budget.checked_sub(1)?;
    let mut deepest = 0;
    for child in children {
        let depth = match child {
            Value::Object(m) => shallow_depth(m.values(), budget)?,
            Value::Array(items) => shallow_depth(items.iter(), budget)?,
            _ => 0,
        };
        deepest = deepest.max(depth);
    }
    Some(deepest + 1)
}

fn deepest_below<'a>(children: impl Iterator<Item = &'a Value>, cap: usize) -> usize {
    let mut deepest = 1;
    let mut pending: Vec<(&Value, usize)> = children.map(|c| (c, 2)).collect();
    while let Some((value, level)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Object(m) => Box::new(m.values()),
            Value::Array(items) => Box::new(items.iter()),
            _ => continue,
        };
        deepest = deepest.max(level);
        if deepest > cap {
            return deepest;
        }
        pending.extend(children.map(|c| (c, level + 1)));
    }
    deepest
}

/// Levels a condition adds below its rule object: `And`/`Or` an array and
/// an object per nesting, `Not` an object, a comparison its operand.
fn condition_depth(condition: &Condition, cap: usize) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(condition, 0)];
    while let Some((condition, level)) = pending.pop() {
        let reached = match condition {
            Condition::Compare { value, .. } => level + value_depth(value, cap),
            Condition::And(cs) | Condition::Or(cs) => {
                pending.extend(cs.iter().map(|c| (c, level + 2)));
                level + 1
            }
            Condition::Not(c) => {
                pending.push((c, level + 1));
                level + 1
            }
            Condition::Jsonata(_) => level,
        };
        deepest = deepest.max(reached);
        if deepest > cap {
            return deepest;
        }
    }
    deepest
}

/// Where a value sits in a rendered definition.
#[derive(Clone, Copy)]
enum Role {
    /// `{"StartAt", "States", …}`: the document, a branch, a processor.
    Scope,
    /// A scope's `States`: its members are states.
    States,
    /// A state object: its members are its fields.
    State,
    /// A Parallel's `Branches`: its items are scopes.
    Branches,
    /// Anything else.
    Plain,
}

/// The first place a rendered definition nests past the limit, named by
/// its state and that state's field.
pub(crate) fn measure(asl: &Value) -> Option<MachineError> {
    let mut pending: Vec<(&Value, usize, Role, &str, &str)> = vec![(asl, 1, Role::Scope, "", "")];
    while let Some((value, level, role, state, field)) = pending.pop() {
        // Only arrays and objects are levels; a scalar sits in its container's.
        let container = value.is_object() || value.is_array();
        if container && level > LIMIT {
            return Some(too_deep(state, field, level));
        }
        let below = level + 1;
        match (value, role) {
            (Value::Object(m), Role::State) => {
                let kind = m.get("Type").and_then(Value::as_str);
                for (key, child) in m.iter().rev() {
                    let role = match (kind, key.as_str()) {
                        (Some("Parallel"), "Branches") => Role::Branches,
                        (Some("Map"), "ItemProcessor" | "Iterator") => Role::Scope,
                        _ => Role::Plain,
                    };
                    pending.push((child, below, role, state, key));
                }
            }
            (Value::Object(m), Role::States) => {
                for (name, child) in m.iter().rev() {
                    pending.push((child, below, Role::State, name, ""));
                }
            }
            (Value::Object(m), Role::Scope) => {
                for (key, child) in m.iter().rev() {
                    let role = if key == "States" {
                        Role::States
                    } else {
                        Role::Plain
                    };
                    pending.push((child, below, role, state, field));
                }
            }
            (Value::Object(m), _) => {
                for child in m.values().rev() {
                    pending.push((child, below, Role::Plain, state, field));
                }
            }
            (Value::Array(items), role) => {
                let role = match role {
                    Role::Branches => Role::Scope,
                    _ => Role::Plain,
                };
                for child in items.iter().rev() {
                    pending.push((child, below, role, state, field));
                }
            }
            _ => {}
        }
    }
    None
}

/// The error for `state`, whose `field` (empty: the state itself) reaches `depth`.
pub(crate) fn too_deep(state: &str, field: &str, depth: usize) -> MachineError {
    MachineError::TooDeep {
        state: state.to_owned(),
        field: field.to_owned(),
        depth,
        limit: LIMIT,
    }
}
