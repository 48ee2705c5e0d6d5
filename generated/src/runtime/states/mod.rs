//! The ASL state types. Each type exposes builder methods only for the fields
//! ASL allows on it; [`State`] is the closed set of them.

pub(crate) mod choice;
pub(crate) mod common;
pub(crate) mod fail;
pub(crate) mod map;
pub(crate) mod map_io;
pub(crate) mod parallel;
pub(crate) mod pass;
pub(crate) mod retry;
pub(crate) mod succeed;
pub(crate) mod task_state;
pub(crate) mod wait;

use serde_json::{Map as JsonMap, Value};

pub use choice::{Choice, Condition, Numeric, Operator, Rule};
pub use common::QueryLanguage;
pub use fail::Fail;
pub use map::{ExecutionType, ItemBatcher, ItemReader, Map, ProcessorMode, ResultWriter};
pub use parallel::Parallel;
pub use pass::Pass;
pub use retry::{Catch, JitterStrategy, Retry, errors};
pub use succeed::Succeed;
pub use task_state::TaskState;
pub use wait::Wait;

use common::{Common, RenderContext};

use crate::runtime::machine::depth::{Judge, Nested};

/// Any state. Builders convert into it (and into [`Chain`](crate::runtime::Chain)) with `into()`.
#[derive(Debug, Clone)]
pub enum State {
    /// A Task state.
    Task(TaskState),
    /// A Pass state.
    Pass(Pass),
    /// A Choice state.
    Choice(Choice),
    /// A Wait state.
    Wait(Wait),
    /// A Parallel state.
    Parallel(Parallel),
    /// A Map state.
    Map(Box<Map>),
    /// A Succeed state.
    Succeed(Succeed),
    /// A Fail state.
    Fail(Fail),
}

impl State {
    /// The state's name.
    pub fn name(&self) -> &str {
        &self.common().name
    }

    /// The ASL `Type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            State::Task(_) => "Task",
            State::Pass(_) => "Pass",
            State::Choice(_) => "Choice",
            State::Wait(_) => "Wait",
            State::Parallel(_) => "Parallel",
            State::Map(_) => "Map",
            State::Succeed(_) => "Succeed",
            State::Fail(_) => "Fail",
        }
    }

    pub(crate) fn common(&self) -> &Common {
        match self {
            State::Task(s) => &s.common,
            State::Pass(s) => &s.common,
            State::Choice(s) => &s.common,
            State::Wait(s) => &s.common,
            State::Parallel(s) => &s.common,
            State::Map(s) => &s.common,
            State::Succeed(s) => &s.common,
            State::Fail(s) => &s.common,
        }
    }

    pub(crate) fn common_mut(&mut self) -> &mut Common {
        match self {
            State::Task(s) => &mut s.common,
            State::Pass(s) => &mut s.common,
            State::Choice(s) => &mut s.common,
            State::Wait(s) => &mut s.common,
            State::Parallel(s) => &mut s.common,
            State::Map(s) => &mut s.common,
            State::Succeed(s) => &mut s.common,
            State::Fail(s) => &mut s.common,
        }
    }

    /// Whether the state continues with `Next` (or ends with `End: true`).
    pub(crate) fn has_next(&self) -> bool {
        matches!(
            self,
            State::Task(_) | State::Pass(_) | State::Wait(_) | State::Parallel(_) | State::Map(_)
        )
    }

    /// Whether an execution can stop at this state.
    pub(crate) fn is_terminal(&self) -> bool {
        match self {
            State::Succeed(_) | State::Fail(_) => true,
            State::Choice(_) => false,
            _ => self.common().next.is_none(),
        }
    }

    /// Feeds `judge` every part of the state whose nesting the user decides,
    /// except a Task's parameters (validation renders those itself).
    pub(crate) fn nested_parts(&self, judge: &mut Judge) {
        let common = self.common();
        let payloads = [
            ("ResultSelector", &common.result_selector),
            ("Parameters", &common.parameters),
            ("Arguments", &common.arguments),
            ("Output", &common.output),
        ];
        for (field, value) in payloads {
            if let Some(v) = value {
                judge.part(field, Nested::Value(v));
            }
        }
        if let Some(a) = &common.assign {
            judge.part("Assign", Nested::Object(a));
        }
        for catch in &common.catch {
            if let Some(v) = &catch.output {
                judge.part("Catch", Nested::Value(v));
            }
            if let Some(a) = &catch.assign {
                judge.part("Catch", Nested::Object(a));
            }
        }
        match self {
            State::Pass(p) => {
                if let Some(v) = &p.result {
                    judge.part("Result", Nested::Value(v));
                }
            }
            State::Choice(c) => {
                for rule in &c.rules {
                    judge.part("Choices", Nested::Condition(&rule.condition));
                    if let Some(v) = &rule.output {
                        judge.part("Choices", Nested::Value(v));
                    }
                    if let Some(a) = &rule.assign {
                        judge.part("Choices", Nested::Object(a));
                    }
                }
            }
            State::Map(m) => m.nested_parts(judge),
            State::Task(_)
            | State::Wait(_)
            | State::Parallel(_)
            | State::Succeed(_)
            | State::Fail(_) => {}
        }
    }

    /// The state's ASL object.
    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> JsonMap<String, Value> {
        match self {
            State::Task(s) => s.to_asl(ctx),
            State::Pass(s) => s.to_asl(ctx),
            State::Choice(s) => s.to_asl(ctx),
            State::Wait(s) => s.to_asl(ctx),
            State::Parallel(s) => s.to_asl(ctx),
            State::Map(s) => s.to_asl(ctx),
            State::Succeed(s) => s.to_asl(ctx),
            State::Fail(s) => s.to_asl(ctx),
        }
    }

    /// Calls `f` with every transition of the state (field, target name),
    /// allocating nothing: validation runs this for every state.
    pub(crate) fn for_each_transition<'a>(&'a self, mut f: impl FnMut(Transition, &'a str)) {
        let common = self.common();
        if let Some(n) = &common.next {
            f(Transition::Next, n);
        }
        if let State::Choice(c) = self {
            for (i, r) in c.rules.iter().enumerate() {
                f(Transition::Choice(i), r.next.start_name());
            }
            if let Some(d) = &c.default {
                f(Transition::Default, d.start_name());
            }
        }
        for (i, c) in common.catch.iter().enumerate() {
            f(Transition::Catch(i), c.next.start_name());
        }
    }
}

/// Which field a transition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transition {
    Next,
    Default,
    Choice(usize),
    Catch(usize),
}

impl std::fmt::Display for Transition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transition::Next => f.write_str("Next"),
            Transition::Default => f.write_str("Default"),
            Transition::Choice(i) => write!(f, "Choices[{i}].Next"),
            Transition::Catch(i) => write!(f, "Catch[{i}].Next"),
        }
    }
}

macro_rules! into_state {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for State {
            fn from(s: $ty) -> Self {
                State::$variant(s)
            }
        }
    )*};
}
into_state!(
    Task(TaskState),
    Pass(Pass),
    Choice(Choice),
    Wait(Wait),
    Parallel(Parallel),
    Succeed(Succeed),
    Fail(Fail)
);

impl From<Map> for State {
    fn from(s: Map) -> Self {
        State::Map(Box::new(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::CustomTask;
    use crate::runtime::vocabulary::{STATE_TYPES, state_fields};

    #[test]
    fn every_state_type_is_in_the_vocabulary() {
        let states: [State; 8] = [
            TaskState::new("T", CustomTask::new("lambda", "invoke")).into(),
            Pass::new("P").into(),
            Choice::new("C").into(),
            Wait::seconds("W", 1).into(),
            Succeed::new("S").into(),
            Fail::new("F").into(),
            Parallel::new("L").into(),
            Map::new("M", Pass::new("I")).into(),
        ];
        let names: Vec<&str> = states.iter().map(State::type_name).collect();
        assert_eq!(names, STATE_TYPES);
        for state in &states {
            let fields = state_fields(state.type_name()).unwrap();
            // Every field the builder writes is one the state type allows.
            let ctx = RenderContext {
                language: QueryLanguage::JsonPath,
                machine: QueryLanguage::JsonPath,
                bindings: &crate::runtime::Bindings::new(),
                placeholders: false,
            };
            for key in state.to_asl(&ctx).keys() {
                assert!(fields.contains(&key.as_str()), "{key}");
            }
        }
    }
}
