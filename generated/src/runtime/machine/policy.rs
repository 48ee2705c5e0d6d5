//! The machine's IAM policy: the statements of every task, merged.

use std::collections::BTreeSet;

use super::{Chain, StateMachine};
use crate::runtime::iam::{PolicyDocument, PolicyStatement};
use crate::runtime::states::State;

pub(crate) fn policy_document(machine: &StateMachine) -> PolicyDocument {
    // A set, so that the many equal statements of a large machine are
    // dropped as they come instead of piling up before the merge.
    let mut statements = BTreeSet::new();
    collect(&machine.definition, machine.name(), &mut statements);
    PolicyDocument::from_statements(statements)
}

fn collect(chain: &Chain, machine_name: Option<&str>, out: &mut BTreeSet<PolicyStatement>) {
    for state in chain.states() {
        match state {
            State::Task(t) => out.extend(t.policy_statements()),
            State::Parallel(p) => {
                for branch in &p.branches {
                    collect(branch, machine_name, out);
                }
            }
            State::Map(m) => {
                out.extend(m.own_policy_statements(machine_name));
                collect(&m.processor, machine_name, out);
            }
            _ => {}
        }
    }
}
