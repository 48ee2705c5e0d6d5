//! The machine's IAM policy: the statements of every task, merged.

use std::collections::BTreeSet;

use super::StateMachine;
use crate::runtime::bind;
use crate::runtime::iam::{PolicyDocument, PolicyStatement};
use crate::runtime::states::{State, TaskState};

pub(crate) fn policy_document(machine: &StateMachine) -> PolicyDocument {
    document_with(machine, TaskState::policy_statements)
}

/// The merged document, each Task state's statements from `task` (which
/// may collect more about the state on the way).
pub(crate) fn document_with(
    machine: &StateMachine,
    mut task: impl FnMut(&TaskState) -> Vec<PolicyStatement>,
) -> PolicyDocument {
    // A set, so that the many equal statements of a large machine are
    // dropped as they come instead of piling up before the merge.
    let mut statements: BTreeSet<PolicyStatement> = BTreeSet::new();
    // Grants on the machine itself (the HTTP Task's) name it.
    bind::with_state_machine_name(machine.name(), || {
        machine.definition.for_each_state(|state| match state {
            State::Task(t) => statements.extend(task(t)),
            State::Map(m) => statements.extend(m.own_policy_statements(machine.name())),
            _ => {}
        });
    });
    PolicyDocument::from_statements(statements)
}
