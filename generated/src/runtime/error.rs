//! The one error type of state machine validation and rendering.

use super::task::IntegrationPattern;

/// Why a state machine cannot be built or rendered. Every variant names the
/// state it is about (quoted) and, where useful, the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MachineError {
    /// Two different states share a name; names are unique in the whole machine.
    #[error(
        "state {state:?}: duplicate state name (names must be unique in the whole state machine)"
    )]
    DuplicateStateName {
        /// The repeated name.
        state: String,
    },
    /// A state name longer than the 80 characters Step Functions allows.
    #[error("state {state:?}: name is {length} characters long; the limit is 80")]
    StateNameTooLong {
        /// The name.
        state: String,
        /// Its length in characters.
        length: usize,
    },
    /// A state name that is empty or contains control characters.
    #[error("state {state:?}: invalid name: {reason}")]
    InvalidStateName {
        /// The name.
        state: String,
        /// What is wrong.
        reason: String,
    },
    /// A `Next`, `Default`, Choice rule or `Catch` target that names no state of the same scope.
    #[error("state {state:?}: {field} target {target:?} {}", if *.in_other_scope { "is in another scope (a transition cannot leave or enter a Parallel branch or Map processor)" } else { "does not exist" })]
    DanglingTransition {
        /// The state with the transition.
        state: String,
        /// `Next`, `Default`, `Choices[i].Next` or `Catch[i].Next`.
        field: String,
        /// The missing target.
        target: String,
        /// Whether the target exists, but in another Parallel branch or Map processor.
        in_other_scope: bool,
    },
    /// A state no transition leads to.
    #[error("state {state:?}: unreachable from {start:?}")]
    UnreachableState {
        /// The unreachable state.
        state: String,
        /// The start state of its scope.
        start: String,
    },
    /// A scope in which no reachable state ends the execution.
    #[error(
        "state {start:?}: no terminal state is reachable from it (add a Succeed, Fail or End state)"
    )]
    NoTerminalState {
        /// The start state of the scope.
        start: String,
    },
    /// A callback task whose parameters do not pass the task token.
    #[error(
        "state {state:?}: the .waitForTaskToken pattern needs the task token in the parameters \
         ($$.Task.Token, or $states.context.Task.Token in JSONata)"
    )]
    MissingTaskToken {
        /// The task state.
        state: String,
    },
    /// An integration pattern the machine type does not support (Express runs request-response only).
    #[error(
        "state {state:?}: the {pattern:?} integration pattern is not supported by {machine_type} state machines"
    )]
    PatternNotSupported {
        /// The task state.
        state: String,
        /// The pattern.
        pattern: IntegrationPattern,
        /// `EXPRESS`.
        machine_type: String,
    },
    /// A path that does not parse.
    #[error("state {state:?}: invalid {field} {path:?}: {reason}")]
    InvalidPath {
        /// The state.
        state: String,
        /// The field holding the path.
        field: String,
        /// The rejected path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A JSONata expression that is not usable.
    #[error("state {state:?}: invalid JSONata in {field}: {reason}")]
    InvalidJsonata {
        /// The state.
        state: String,
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A JSONPath-only field (`InputPath`, `Parameters`, `ResultSelector`,
    /// `ResultPath`, `OutputPath`, `…Path` variants, `.$` keys) in a JSONata state.
    #[error("state {state:?}: {field} is a JSONPath field and the state uses JSONata")]
    JsonPathFieldInJsonata {
        /// The state.
        state: String,
        /// The offending field.
        field: String,
    },
    /// A JSONata-only field (`Arguments`, `Output`, `Condition`, `Items`, `{% %}` values) in a JSONPath state.
    #[error(
        "state {state:?}: {field} needs the JSONata query language and the state uses JSONPath"
    )]
    JsonataFieldInJsonPath {
        /// The state.
        state: String,
        /// The offending field.
        field: String,
    },
    /// A retrier with an out-of-range value.
    #[error("state {state:?}: Retry[{index}]: {reason}")]
    InvalidRetry {
        /// The state.
        state: String,
        /// The retrier's index.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// A catcher with an invalid error list.
    #[error("state {state:?}: Catch[{index}]: {reason}")]
    InvalidCatch {
        /// The state.
        state: String,
        /// The catcher's index.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The definition would nest deeper than
    /// [`MAX_JSON_NESTING`](crate::runtime::vocabulary::MAX_JSON_NESTING)
    /// levels of JSON (the linter's limit too).
    #[error(
        "state {state:?}: {} {depth} levels deep in the definition's JSON; sfn-tasks builds and lints definitions nested at most {limit} levels (a Parallel adds 4, a Map 3)",
        if field.is_empty() { "sits".to_owned() } else { format!("{field} reaches") }
    )]
    TooDeep {
        /// The state: the first one found that is, or holds, the too-deep part.
        state: String,
        /// The state's field that nests too deep, empty when the state itself does.
        field: String,
        /// How deep it nests (the document is level 1).
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// Any other field with a value ASL does not allow.
    #[error("state {state:?}: invalid {field}: {reason}")]
    InvalidField {
        /// The state (or `(state machine)` for top-level fields).
        state: String,
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
}

impl MachineError {
    /// The state the error is about.
    pub fn state(&self) -> &str {
        match self {
            MachineError::DuplicateStateName { state }
            | MachineError::StateNameTooLong { state, .. }
            | MachineError::InvalidStateName { state, .. }
            | MachineError::TooDeep { state, .. }
            | MachineError::DanglingTransition { state, .. }
            | MachineError::UnreachableState { state, .. }
            | MachineError::MissingTaskToken { state }
            | MachineError::PatternNotSupported { state, .. }
            | MachineError::InvalidPath { state, .. }
            | MachineError::InvalidJsonata { state, .. }
            | MachineError::JsonPathFieldInJsonata { state, .. }
            | MachineError::JsonataFieldInJsonPath { state, .. }
            | MachineError::InvalidRetry { state, .. }
            | MachineError::InvalidCatch { state, .. }
            | MachineError::InvalidField { state, .. } => state,
            MachineError::NoTerminalState { start } => start,
        }
    }
}
