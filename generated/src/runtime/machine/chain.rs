//! Chains: states connected by `Next`, built with `a.next(b)`.
//!
//! States are owned values. A chain owns its states in order (the first is
//! the start) plus the indices of its *open ends*: states that still lack a
//! `Next`. `a.next(b)` points every open end of `a` at `b`'s start and moves
//! `b`'s states in, so building a chain of n states costs O(n). Open ends
//! left when the machine is built become `"End": true`.
//!
//! Targets of Choice rules and Catch handlers are chains too; they are moved
//! into the enclosing chain. To point at a state that is defined elsewhere
//! (a loop, or a handler shared by several catchers) use [`goto`] with its
//! name. Passing the *same* state by value twice also works: identical states
//! with the same name are kept once.

use crate::runtime::states::{Choice, Fail, Map, Parallel, Pass, State, Succeed, TaskState, Wait};

/// A sequence of states with one start and zero or more open ends.
///
/// ```
/// use sfn_tasks::runtime::{Chain, Pass, Succeed};
///
/// let chain = Chain::start(Pass::new("A")).next(Pass::new("B")).next(Succeed::new("C"));
/// assert_eq!(chain.start_name(), "A");
/// assert_eq!(chain.states().map(|s| s.name()).collect::<Vec<_>>(), ["A", "B", "C"]);
/// ```
#[derive(Debug, Clone)]
pub struct Chain {
    pub(crate) states: Vec<State>,
    /// Indices into `states` of the states whose `Next` is still open.
    pub(crate) ends: Vec<usize>,
}

/// Where a transition goes: a chain that becomes part of the machine, or the
/// name of a state defined elsewhere.
#[derive(Debug, Clone)]
pub enum Target {
    /// A state defined elsewhere in the same scope.
    Name(String),
    /// New states, starting with the chain's first state.
    Chain(Chain),
}

impl Target {
    /// The name of the state the transition goes to.
    pub fn start_name(&self) -> &str {
        match self {
            Target::Name(n) => n,
            Target::Chain(c) => c.start_name(),
        }
    }
}

/// A transition to the state called `name`, defined elsewhere in the same
/// scope (for loops and shared handlers).
///
/// ```
/// use sfn_tasks::runtime::{goto, Choice, Condition, Pass, StateMachine, Succeed, Wait};
///
/// // Poll until done: Wait -> Check -> (done? Succeed : back to Wait)
/// let poll = Wait::seconds("Wait", 10)
///     .next(Pass::new("Check"))
///     .next(
///         Choice::new("Done?")
///             .when(Condition::boolean_equals("$.done", true), Succeed::new("Finished"))
///             .otherwise(goto("Wait")),
///     );
/// let asl = StateMachine::new(poll).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Done?"]["Default"], "Wait");
/// ```
pub fn goto(name: impl Into<String>) -> Target {
    Target::Name(name.into())
}

impl Chain {
    /// A chain starting with `state`.
    pub fn start(state: impl Into<Chain>) -> Chain {
        state.into()
    }

    /// Continues every open end with `next` and returns the longer chain.
    /// With [`goto`], the chain is closed (it has no open ends afterwards).
    pub fn next(mut self, next: impl Into<Target>) -> Chain {
        match next.into() {
            Target::Name(name) => {
                self.connect_ends(&name);
                self.ends.clear();
            }
            Target::Chain(mut other) => {
                let start = other.start_name().to_owned();
                self.connect_ends(&start);
                let offset = self.states.len();
                self.states.append(&mut other.states);
                self.ends = other.ends.iter().map(|i| i + offset).collect();
            }
        }
        self
    }

    /// The name of the first state.
    pub fn start_name(&self) -> &str {
        self.states.first().map_or("", State::name)
    }

    /// The states, start first, in the order they were added.
    pub fn states(&self) -> impl Iterator<Item = &State> {
        self.states.iter()
    }

    /// The number of states (not counting those inside Parallel and Map).
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether the chain has no states (never true for chains built from states).
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Calls `f` on every state of this scope and of the scopes nested in
    /// it (Parallel branches, Map processors), each state before the states
    /// it contains; stops at the first error.
    pub(crate) fn try_for_each_state<E>(
        &self,
        f: &mut impl FnMut(&State) -> Result<(), E>,
    ) -> Result<(), E> {
        for state in self.states() {
            f(state)?;
            match state {
                State::Parallel(p) => p
                    .branches
                    .iter()
                    .try_for_each(|b| b.try_for_each_state(f))?,
                State::Map(m) => m.processor.try_for_each_state(f)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// [`Chain::try_for_each_state`] for a walk that cannot fail.
    pub(crate) fn for_each_state(&self, mut f: impl FnMut(&State)) {
        let _ = self.try_for_each_state(&mut |state| {
            f(state);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// The names of the states whose `Next` is still open.
    pub fn open_ends(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().map(|&i| self.states[i].name())
    }

    fn connect_ends(&mut self, target: &str) {
        for &i in &self.ends {
            self.states[i].common_mut().next = Some(target.to_owned());
        }
    }

    /// Builds a chain from one state, moving in the chains its Choice rules
    /// and catchers point at. With `keep_branch_ends`, the open ends of the
    /// Choice branches stay open (for [`Choice::afterwards`]).
    pub(crate) fn from_state(mut state: State, keep_branch_ends: bool) -> Chain {
        let mut branches: Vec<Chain> = Vec::new();
        let mut handlers: Vec<Chain> = Vec::new();
        for catch in &mut state.common_mut().catch {
            take_chain(&mut catch.next, &mut handlers);
        }
        if let State::Choice(choice) = &mut state {
            for rule in &mut choice.rules {
                take_chain(&mut rule.next, &mut branches);
            }
            if let Some(default) = &mut choice.default {
                take_chain(default, &mut branches);
            }
        }
        let open = state.has_next() && state.common().next.is_none();
        let mut chain = Chain {
            states: vec![state],
            ends: if open { vec![0] } else { Vec::new() },
        };
        for mut branch in branches {
            let offset = chain.states.len();
            if keep_branch_ends {
                chain.ends.extend(branch.ends.iter().map(|i| i + offset));
            }
            chain.states.append(&mut branch.states);
        }
        // Handlers are separate paths: their open ends end the execution
        // unless the user continues them explicitly.
        for mut handler in handlers {
            chain.states.append(&mut handler.states);
        }
        chain
    }
}

impl Drop for Chain {
    /// The derived drop recurses once per level of Parallel and Map
    /// nesting, which a user's machine can make deep enough to overflow the
    /// stack; the nested scopes are moved onto a heap stack instead, so each
    /// is dropped with its nesting already taken out.
    fn drop(&mut self) {
        let mut pending = Vec::new();
        take_scopes(&mut self.states, &mut pending);
        while let Some(mut chain) = pending.pop() {
            take_scopes(&mut chain.states, &mut pending);
        }
    }
}

/// Moves the scopes nested in `states` (Parallel branches, Map processors) into `into`.
fn take_scopes(states: &mut [State], into: &mut Vec<Chain>) {
    for state in states {
        match state {
            State::Parallel(p) => into.append(&mut p.branches),
            State::Map(m) => into.push(std::mem::replace(
                &mut m.processor,
                Chain {
                    states: Vec::new(),
                    ends: Vec::new(),
                },
            )),
            _ => {}
        }
    }
}

/// Replaces a chain target by the name of its start and keeps the chain.
fn take_chain(target: &mut Target, into: &mut Vec<Chain>) {
    if let Target::Chain(_) = target {
        let name = Target::Name(target.start_name().to_owned());
        if let Target::Chain(chain) = std::mem::replace(target, name) {
            into.push(chain);
        }
    }
}

impl Choice {
    /// A chain whose open ends are the open ends of this Choice's branches,
    /// so `.next(x)` continues all of them with `x` (CDK's `afterwards()`).
    pub fn afterwards(self) -> Chain {
        Chain::from_state(State::Choice(self), true)
    }
}

impl From<State> for Chain {
    fn from(state: State) -> Self {
        Chain::from_state(state, false)
    }
}

impl From<Chain> for Target {
    fn from(chain: Chain) -> Self {
        Target::Chain(chain)
    }
}

impl From<State> for Target {
    fn from(state: State) -> Self {
        Target::Chain(state.into())
    }
}

macro_rules! chainable {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Chain {
            fn from(state: $ty) -> Self {
                Chain::from(State::from(state))
            }
        }

        impl From<$ty> for Target {
            fn from(state: $ty) -> Self {
                Target::Chain(state.into())
            }
        }
    )*};
}
chainable!(TaskState, Pass, Choice, Wait, Parallel, Map, Succeed, Fail);

macro_rules! continuable {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// Continues with `next` (a state, a chain, or [`goto`]) and returns the chain.
            pub fn next(self, next: impl Into<Target>) -> Chain {
                Chain::from(self).next(next)
            }
        }
    )*};
}
continuable!(TaskState, Pass, Wait, Parallel, Map);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{Catch, Condition};

    #[test]
    fn next_connects_all_open_ends() {
        let choice = Choice::new("C")
            .when(Condition::is_present("$.a", true), Pass::new("A"))
            .otherwise(Pass::new("B").next(Pass::new("B2")));
        let chain = choice.afterwards().next(Succeed::new("Z"));
        let names: Vec<_> = chain.states().map(State::name).collect();
        assert_eq!(names, ["C", "A", "B", "B2", "Z"]);
        assert_eq!(chain.states[1].common().next.as_deref(), Some("Z"));
        assert_eq!(chain.states[2].common().next.as_deref(), Some("B2"));
        assert_eq!(chain.states[3].common().next.as_deref(), Some("Z"));
        assert_eq!(chain.open_ends().count(), 0);
    }

    #[test]
    fn choice_without_afterwards_closes_the_chain() {
        let chain =
            Chain::from(Choice::new("C").when(Condition::is_null("$.a", true), Pass::new("A")));
        assert_eq!(chain.open_ends().count(), 0);
    }

    #[test]
    fn catch_handlers_move_in_and_stay_separate() {
        let chain = Pass::new("A").next(Wait::seconds("W", 1)).next(
            Parallel::new("P")
                .branch(Pass::new("X"))
                .catch(Catch::all(Fail::new("F"))),
        );
        let names: Vec<_> = chain.states().map(State::name).collect();
        assert_eq!(names, ["A", "W", "P", "F"]);
        assert_eq!(chain.open_ends().collect::<Vec<_>>(), ["P"]);
    }

    #[test]
    fn goto_closes_the_chain() {
        let chain = Pass::new("A").next(goto("A"));
        assert_eq!(chain.open_ends().count(), 0);
        assert_eq!(chain.states[0].common().next.as_deref(), Some("A"));
    }
}
