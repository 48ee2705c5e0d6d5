//! Deep machines: the builder refuses a definition nested past
//! `MAX_JSON_NESTING` levels of JSON with an error naming the state and the
//! depth, accepts everything up to it, and neither building, refusing,
//! rendering nor dropping a machine can overflow the stack, whatever the
//! nesting (these tests run on the test harness's 2 MB threads, in debug).

use serde_json::{Value, json};
use sfn_tasks::runtime::vocabulary::MAX_JSON_NESTING;
use sfn_tasks::runtime::{
    Catch, CfnOptions, Chain, Choice, Condition, CustomTask, ExecutionType, ItemReader,
    MachineError, Map, Parallel, Pass, QueryLanguage, StateMachine, Succeed, Task,
};

/// `leaf` inside `depth` Parallel states.
fn in_parallels(depth: usize, leaf: impl Into<Chain>) -> Chain {
    let mut chain = leaf.into();
    for i in 0..depth {
        chain = Chain::start(Parallel::new(format!("Parallel {i}")).branch(chain));
    }
    chain
}

/// `leaf` inside `depth` Map states.
fn in_maps(depth: usize, leaf: impl Into<Chain>) -> Chain {
    let mut chain = leaf.into();
    for i in 0..depth {
        chain = Chain::start(Map::new(format!("Map {i}"), chain));
    }
    chain
}

/// A value of `levels` nested arrays around `1`.
fn nested(levels: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..levels {
        v = Value::Array(vec![v]);
    }
    v
}

/// Levels of JSON nesting, the outermost container being level 1, counted
/// without recursion and independently of the crate's own counting.
fn depth_of(value: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 1)];
    while let Some((v, level)) = pending.pop() {
        match v {
            Value::Object(m) => {
                deepest = deepest.max(level);
                pending.extend(m.values().map(|c| (c, level + 1)));
            }
            Value::Array(a) => {
                deepest = deepest.max(level);
                pending.extend(a.iter().map(|c| (c, level + 1)));
            }
            _ => {}
        }
    }
    deepest
}

fn too_deep(result: Result<StateMachine, MachineError>) -> (String, String, usize) {
    match result {
        Err(MachineError::TooDeep {
            state,
            field,
            depth,
            limit,
        }) => {
            assert_eq!(limit, MAX_JSON_NESTING);
            assert!(depth > limit, "{depth}");
            (state, field, depth)
        }
        Err(other) => panic!("another error: {other}"),
        Ok(_) => panic!("a machine past the limit was accepted"),
    }
}

#[test]
fn machines_nested_ten_thousand_deep_are_refused_with_the_depth() {
    for chain in [
        in_parallels(10_000, Pass::new("leaf")),
        in_maps(10_000, Pass::new("leaf")),
    ] {
        let builder = StateMachine::builder(chain);
        let all = builder.validate_all();
        assert_eq!(all.len(), 1, "{all:?}");
        let message = all[0].to_string();
        assert!(message.contains("levels deep"), "{message}");
        assert!(message.contains(&MAX_JSON_NESTING.to_string()), "{message}");
        let (state, field, _) = too_deep(builder.build());
        assert!(
            state.starts_with("Parallel") || state.starts_with("Map"),
            "{state}"
        );
        assert_eq!(field, "");
    }
}

#[test]
fn the_first_state_past_the_limit_is_named() {
    // The top scope's states are level 3; each Parallel adds 4, so the
    // states 64 Parallels down sit at 259.
    let (state, field, depth) = too_deep(StateMachine::new(in_parallels(64, Pass::new("leaf"))));
    assert_eq!((state.as_str(), field.as_str(), depth), ("leaf", "", 259));
    let (state, _, depth) = too_deep(StateMachine::new(in_maps(85, Pass::new("leaf"))));
    assert_eq!((state.as_str(), depth), ("leaf", 258));
}

#[test]
fn deep_payloads_and_conditions_are_refused_naming_the_field() {
    let pass = Pass::new("Deep result").result(nested(10_000));
    let (state, field, _) = too_deep(StateMachine::new(pass));
    assert_eq!((state.as_str(), field.as_str()), ("Deep result", "Result"));

    // A task hands its parameters over as an owned value, which serde_json
    // clones recursively: this one is deep, not thousands deep.

    let task = CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": "f", "Payload": nested(1_000)}))
        .state("Deep task");
    let (state, field, _) = too_deep(StateMachine::new(task));
    assert_eq!(
        (state.as_str(), field.as_str()),
        ("Deep task", "Parameters")
    );

    let mut condition = Condition::boolean_equals("$.ok", true);
    for _ in 0..10_000 {
        condition = Condition::not(condition);
    }
    let choice = Choice::new("Deep choice")
        .when(condition, Succeed::new("Yes"))
        .otherwise(Succeed::new("No"));
    let (state, field, _) = too_deep(StateMachine::new(choice));
    assert_eq!((state.as_str(), field.as_str()), ("Deep choice", "Choices"));

    let caught = Parallel::new("Guarded")
        .branch(Pass::new("Inside"))
        .catch(Catch::all(Succeed::new("Handled")).output(nested(300)))
        .next(Succeed::new("Done"));
    let query = StateMachine::builder(caught).query_language(QueryLanguage::Jsonata);
    let (state, field, _) = too_deep(query.build());
    assert_eq!((state.as_str(), field.as_str()), ("Guarded", "Catch"));
}

/// A family of machines whose definition nests one level deeper with each
/// step; the builder must accept it exactly up to the limit. `place` is
/// the state and field the refusal names.
fn assert_exact_boundary(
    name: &str,
    place: (&str, &str),
    machine: impl Fn(usize) -> Result<StateMachine, MachineError>,
) {
    let mut accepted = None;
    for levels in 0..=MAX_JSON_NESTING {
        match machine(levels) {
            Ok(m) => accepted = Some((levels, m)),
            Err(MachineError::TooDeep {
                depth,
                state,
                field,
                ..
            }) => {
                assert_eq!((state.as_str(), field.as_str()), place, "{name}");
                let (last, m) = accepted.unwrap_or_else(|| panic!("{name}: nothing accepted"));
                assert_eq!(last + 1, levels, "{name}");
                let rendered = depth_of(&m.to_asl_json());
                assert_eq!(rendered, MAX_JSON_NESTING, "{name}: the last accepted");
                assert_eq!(depth, MAX_JSON_NESTING + 1, "{name}: the first refused");
                // Everything renders at the limit, in a 2 MB debug thread.
                let compact = serde_json::to_string(&m.to_asl_json()).unwrap();
                assert_eq!(m.to_asl_string(), compact, "{name}");
                assert!(m.to_asl_string_pretty().len() > compact.len(), "{name}");
                m.to_cloudformation(&CfnOptions::default()).unwrap();
                assert!(m.to_mermaid().starts_with("flowchart TD"));
                let _ = m.policy_document();
                return;
            }
            Err(other) => panic!("{name} at {levels}: {other}"),
        }
    }
    panic!("{name}: never refused");
}

#[test]
fn the_builder_accepts_exactly_up_to_the_limit() {
    assert_exact_boundary("Pass Result in 40 Parallels", ("leaf", "Result"), |k| {
        StateMachine::new(in_parallels(40, Pass::new("leaf").result(nested(k))))
    });
    assert_exact_boundary("ItemSelector in 60 Maps", ("inner", "ItemSelector"), |k| {
        StateMachine::new(in_maps(
            60,
            Map::new("inner", Pass::new("leaf")).item_selector(json!({"v": nested(k)})),
        ))
    });
    assert_exact_boundary("Task parameters at the top", ("Call", "Parameters"), |k| {
        StateMachine::new(
            CustomTask::new("lambda", "invoke")
                .parameters(json!({"FunctionName": "f", "Payload": nested(k)}))
                .state("Call"),
        )
    });
    assert_exact_boundary(
        "Choice conditions in 10 Parallels",
        ("Choose", "Choices"),
        |k| {
            let mut condition = Condition::boolean_equals("$.ok", true);
            for _ in 0..k {
                condition = Condition::not(condition);
            }
            StateMachine::new(in_parallels(
                10,
                Choice::new("Choose")
                    .when(condition, Succeed::new("Yes"))
                    .otherwise(Succeed::new("No")),
            ))
        },
    );
    assert_exact_boundary("a catcher's Output in 20 Maps", ("Guarded", "Catch"), |k| {
        let guarded = Parallel::new("Guarded")
            .branch(Pass::new("Inside"))
            .catch(Catch::all(Succeed::new("Handled")).output(nested(k)))
            .next(Succeed::new("Done"));
        StateMachine::builder(in_maps(20, guarded))
            .query_language(QueryLanguage::Jsonata)
            .build()
    });
    assert_exact_boundary(
        "a distributed Map's ItemSelector",
        ("Each", "ItemSelector"),
        |k| {
            StateMachine::new(
                Map::new("Each", Pass::new("leaf"))
                    .distributed(ExecutionType::Standard)
                    .item_reader(ItemReader::s3_object("bucket", "items.json"))
                    .item_selector(nested(k)),
            )
        },
    );
}

#[test]
fn deep_machines_drop_without_recursion() {
    drop(in_parallels(100_000, Pass::new("leaf")));
    drop(in_maps(100_000, Pass::new("leaf")));
    let mut condition = Condition::boolean_equals("$.ok", true);
    for _ in 0..100_000 {
        condition = Condition::not(condition);
    }
    drop(condition);
    let mut wide = Condition::boolean_equals("$.ok", true);
    for _ in 0..100_000 {
        wide = Condition::and([wide, Condition::is_present("$.x", true)]);
    }
    drop(wide);
}

#[test]
fn a_task_trait_object_is_still_usable_after_a_refusal() {
    // The refused definition is dropped inside `build`; the task it held is shared.
    let task = std::sync::Arc::new(
        CustomTask::new("lambda", "invoke").parameters(json!({"FunctionName": "f"})),
    );
    let state = sfn_tasks::runtime::TaskState::from_arc("Call", task.clone());
    let _ = StateMachine::new(in_maps(1_000, state));
    assert_eq!(task.write_parameters().unwrap()["FunctionName"], "f");
}

#[test]
fn the_deepest_admitted_machines_render_everything() {
    for (name, chain, refused) in [
        (
            "63 Parallels",
            in_parallels(63, Pass::new("leaf")),
            in_parallels(64, Pass::new("leaf")),
        ),
        (
            "84 Maps",
            in_maps(84, Pass::new("leaf")),
            in_maps(85, Pass::new("leaf")),
        ),
    ] {
        let machine = StateMachine::new(chain).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            depth_of(&machine.to_asl_json()) <= MAX_JSON_NESTING,
            "{name}"
        );
        assert!(!machine.to_asl_string_pretty().is_empty());
        machine.to_cloudformation(&CfnOptions::default()).unwrap();
        assert!(
            machine.to_mermaid().matches("subgraph").count() >= 63,
            "{name}"
        );
        let _ = (machine.policy_document(), machine.warnings());
        too_deep(StateMachine::new(refused));
    }
}
