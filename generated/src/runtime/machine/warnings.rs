//! What a machine the builder accepted may still get wrong at run time:
//! grants the policy could not scope or cannot see, retriers that never
//! run, and literals that look like paths. The same facts `sfn-tasks
//! policy` and `lint` report for definitions written by hand.

use serde_json::Value;

use super::StateMachine;
use crate::runtime::bind;
use crate::runtime::iam::PolicyDocument;
use crate::runtime::reads_as_path;
use crate::runtime::states::{QueryLanguage, Retry, State, TaskState, errors};

/// Worth a look before deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The state it is about.
    pub state: String,
    /// `placeholder` (a `${…}` value the policy could not place),
    /// `pass-role` (roles the service receives that the policy cannot see
    /// or scope), `shadowed-retry` or `literal-path`.
    pub code: &'static str,
    /// What and why, with the fix.
    pub message: String,
}

/// The machine's policy with the warnings raised while deriving it.
#[derive(Debug, Clone)]
pub struct PolicyReport {
    /// The same document as [`StateMachine::policy_document`].
    pub document: PolicyDocument,
    /// One per problem, in state order.
    pub warnings: Vec<Warning>,
}

pub(crate) fn policy_report(machine: &StateMachine) -> PolicyReport {
    let mut warnings = Vec::new();
    // One walk: each task's statements, and the warnings raised deriving them.
    let document = super::policy::document_with(machine, |task| {
        let (statements, found) = bind::collect_warnings(|| task.policy_statements());
        warnings.extend(found.into_iter().map(|(code, message)| Warning {
            state: task.common.name.clone(),
            code,
            message,
        }));
        statements
    });
    PolicyReport { document, warnings }
}

pub(crate) fn warnings(machine: &StateMachine) -> Vec<Warning> {
    let mut out = policy_report(machine).warnings;
    // A validated machine is within the nesting budget, so this walk succeeds.
    let scopes =
        super::depth::scopes(&machine.definition, machine.query_language()).unwrap_or_default();
    for scope in scopes {
        for state in scope.chain.states() {
            if let State::Task(task) = state {
                shadowed_retries(task, &mut out);
                if task.common.language(scope.language) == QueryLanguage::JsonPath
                    && let Some(parameters) = task.task.write_parameters()
                {
                    literal_paths(&task.common.name, &parameters, "", &mut out);
                }
            }
        }
    }
    out
}

/// A retrier runs only for errors no earlier retrier of the state matches;
/// Step Functions tries them in order. One whose every error is matched
/// earlier (the task's default retrier comes first) never runs.
fn shadowed_retries(task: &TaskState, out: &mut Vec<Warning>) {
    let retries: &[Retry] = &task.common.retry;
    for (i, retry) in retries.iter().enumerate() {
        let earlier = &retries[..i];
        let covered = |error: &String| {
            earlier
                .iter()
                .position(|r| r.errors.iter().any(|e| e == error || e == errors::ALL))
        };
        let firsts: Vec<usize> = retry.errors.iter().filter_map(covered).collect();
        if retry.errors.is_empty() || firsts.len() != retry.errors.len() {
            continue;
        }
        let by = firsts.iter().max().copied().unwrap_or(0);
        out.push(Warning {
            state: task.common.name.clone(),
            code: "shadowed-retry",
            message: format!(
                "retrier {} ({}) never runs: retrier {} ({}) matches its errors first{}",
                i + 1,
                retry.errors.join(", "),
                by + 1,
                retries[by].errors.join(", "),
                if by < task.task.default_retries().len() {
                    " (it is the task's default retrier; turn the default off to use your own)"
                } else {
                    ""
                }
            ),
        });
    }
}

/// A literal that reads like a path under a key without `.$` is sent as
/// that text, not the value it names.
fn literal_paths(state: &str, value: &Value, at: &str, out: &mut Vec<Warning>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key.ends_with(".$") {
                    continue;
                }
                let here = format!("{at}/{key}");
                if let Value::String(s) = v
                    && reads_as_path(s)
                {
                    out.push(Warning {
                        state: state.to_owned(),
                        code: "literal-path",
                        message: format!(
                            "{} is the literal text {s:?}; to pass the value at that path, name the key \"{key}.$\" (in the typed API, pass a JsonPath)",
                            here.trim_start_matches('/')
                        ),
                    });
                } else {
                    literal_paths(state, v, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                literal_paths(state, v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
