//! The machine's IAM policy: the statements of every task, merged.

use std::collections::BTreeSet;

use super::StateMachine;
use crate::runtime::iam::{PolicyDocument, PolicyStatement};
use crate::runtime::states::State;

pub(crate) fn policy_document(machine: &StateMachine) -> PolicyDocument {
    // A set, so that the many equal statements of a large machine are
    // dropped as they come instead of piling up before the merge.
    let mut statements: BTreeSet<PolicyStatement> = BTreeSet::new();
    machine.definition.for_each_state(|state| match state {
        State::Task(t) => statements.extend(t.policy_statements()),
        State::Map(m) => statements.extend(m.own_policy_statements(machine.name())),
        _ => {}
    });
    PolicyDocument::from_statements(statements)
}
