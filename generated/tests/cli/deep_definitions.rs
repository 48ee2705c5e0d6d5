//! The builder and the linter agree on how deep a definition may nest: the
//! deepest machine the builder accepts lints without an error, and one more
//! level makes the linter refuse the file, naming the limit.

use serde_json::{Value, json};
use sfn_tasks::cli::{self, Severity, Source};
use sfn_tasks::runtime::vocabulary::MAX_JSON_NESTING;
use sfn_tasks::runtime::{Chain, MachineError, Map, Parallel, Pass, StateMachine};

fn nested(levels: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..levels {
        v = Value::Array(vec![v]);
    }
    v
}

/// A Pass whose `Result` nests `levels` arrays, inside Parallel and Map
/// states alternately, `scopes` of them.
fn machine(scopes: usize, levels: usize) -> Result<StateMachine, MachineError> {
    let mut chain = Chain::start(Pass::new("leaf").result(nested(levels)));
    for i in 0..scopes {
        chain = if i % 2 == 0 {
            Chain::start(Parallel::new(format!("P{i}")).branch(chain))
        } else {
            Chain::start(Map::new(format!("M{i}"), chain))
        };
    }
    StateMachine::new(chain)
}

fn errors(text: &str) -> Result<Vec<String>, String> {
    let source = Source::parse("deep.json", text.to_owned()).map_err(|e| e.to_string())?;
    Ok(cli::lint(&source)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect())
}

#[test]
fn the_deepest_machine_the_builder_accepts_lints_and_one_level_more_does_not() {
    for scopes in [0, 7, 30, 60] {
        let levels = (0..=MAX_JSON_NESTING)
            .take_while(|&k| machine(scopes, k).is_ok())
            .last()
            .expect("a shallow payload is accepted");
        let deepest = machine(scopes, levels).unwrap().to_asl_string();
        assert_eq!(errors(&deepest), Ok(vec![]), "{scopes} scopes");

        // The same document with one more array around the innermost value.
        let deeper = deepest.replacen("[1]", "[[1]]", 1);
        assert_ne!(deeper, deepest);
        let refusal = errors(&deeper).expect_err("the linter refuses one level more");
        assert!(
            refusal.contains(&format!("nested deeper than {MAX_JSON_NESTING} levels")),
            "{refusal}"
        );
        assert!(machine(scopes, levels + 1).is_err());
    }
}
