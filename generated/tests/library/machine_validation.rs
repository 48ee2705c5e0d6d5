//! Every validation error: each test builds a broken machine, checks the
//! error variant, and checks that the message names the state.

use serde_json::json;
use sfn_tasks::runtime::{
    Catch, CfnOptions, Chain, Choice, Condition, CustomTask, ExecutionType, Fail,
    IntegrationPattern, ItemBatcher, ItemReader, MachineError, Map, Parallel, Pass, QueryLanguage,
    Resource, Retry, StateMachine, StateMachineType, Succeed, Task, Wait, errors, goto,
};
use sfn_tasks::{Intrinsic, JsonPath, Jsonata};

/// Builds `chain` and returns the first error, checking it names `state`.
fn error(chain: impl Into<Chain>, state: &str) -> MachineError {
    error_in(chain, QueryLanguage::JsonPath, state)
}

fn error_in(chain: impl Into<Chain>, language: QueryLanguage, state: &str) -> MachineError {
    let err = StateMachine::builder(chain)
        .query_language(language)
        .build()
        .expect_err("the machine should be invalid");
    let message = err.to_string();
    assert!(
        message.contains(&format!("{state:?}")),
        "message {message:?} does not name {state:?}"
    );
    assert_eq!(err.state(), state);
    err
}

fn sqs() -> CustomTask {
    CustomTask::new("sqs", "sendMessage").parameters(json!({"QueueUrl": "q", "MessageBody": "m"}))
}

#[test]
fn duplicate_names() {
    let chain = Pass::new("Same")
        .next(Pass::new("Other"))
        .next(Pass::new("Same").comment("different"));
    assert!(matches!(
        error(chain, "Same"),
        MachineError::DuplicateStateName { .. }
    ));
}

#[test]
fn duplicate_names_across_scopes() {
    let chain = Pass::new("X").next(Parallel::new("P").branch(Pass::new("X")));
    assert!(matches!(
        error(chain, "X"),
        MachineError::DuplicateStateName { .. }
    ));
}

#[test]
fn identical_states_passed_twice_are_one_state() {
    let fail = Fail::new("F").error("E");
    let chain = Pass::new("A").next(
        Choice::new("C")
            .when(Condition::is_null("$.x", true), fail.clone())
            .otherwise(fail),
    );
    let machine = StateMachine::new(chain).unwrap();
    assert_eq!(
        machine.to_asl_json()["States"].as_object().unwrap().len(),
        3
    );
}

#[test]
fn names_over_80_characters() {
    let long = "n".repeat(81);
    let err = error(Pass::new(long.clone()), &long);
    assert!(matches!(
        err,
        MachineError::StateNameTooLong { length: 81, .. }
    ));
    assert!(StateMachine::new(Pass::new("n".repeat(80))).is_ok());
    // Characters, not bytes.
    assert!(StateMachine::new(Pass::new("é".repeat(80))).is_ok());
}

#[test]
fn empty_or_control_character_names() {
    assert!(matches!(
        error(Pass::new(""), ""),
        MachineError::InvalidStateName { .. }
    ));
    assert!(matches!(
        error(Pass::new("a\nb"), "a\nb"),
        MachineError::InvalidStateName { .. }
    ));
}

#[test]
fn dangling_next() {
    let err = error(Pass::new("A").next(goto("Nowhere")), "A");
    match err {
        MachineError::DanglingTransition {
            field,
            target,
            in_other_scope,
            ..
        } => {
            assert_eq!(field, "Next");
            assert_eq!(target, "Nowhere");
            assert!(!in_other_scope);
        }
        other => panic!("{other}"),
    }
}

#[test]
fn dangling_default_and_choice_rule() {
    let chain = Choice::new("C")
        .when(Condition::is_null("$.a", true), Succeed::new("S"))
        .otherwise(goto("Missing"));
    assert!(
        matches!(error(chain, "C"), MachineError::DanglingTransition { ref field, .. } if field == "Default")
    );
    let chain = Choice::new("C")
        .when(Condition::is_null("$.a", true), goto("Missing"))
        .otherwise(Succeed::new("S"));
    assert!(
        matches!(error(chain, "C"), MachineError::DanglingTransition { ref field, .. } if field == "Choices[0].Next")
    );
}

#[test]
fn dangling_catch() {
    let chain = sqs().state("Send").catch(Catch::all(goto("Handler")));
    let err = error(chain, "Send");
    assert!(
        matches!(err, MachineError::DanglingTransition { ref field, .. } if field == "Catch[0].Next")
    );
    assert!(err.to_string().contains("Catch[0].Next"));
}

#[test]
fn transition_into_another_scope() {
    let chain = Pass::new("Outside")
        .next(Parallel::new("P").branch(Pass::new("Inside").next(goto("Outside"))));
    let err = error(chain, "Inside");
    assert!(matches!(
        err,
        MachineError::DanglingTransition {
            in_other_scope: true,
            ..
        }
    ));
    assert!(err.to_string().contains("another scope"));
}

#[test]
fn unreachable_state() {
    let chain = Pass::new("A")
        .next(Succeed::new("End"))
        .next(Pass::new("Orphan"));
    assert!(
        matches!(error(chain, "Orphan"), MachineError::UnreachableState { ref start, .. } if start == "A")
    );
}

#[test]
fn no_terminal_state() {
    let chain = Pass::new("A").next(Pass::new("B")).next(goto("A"));
    assert!(matches!(
        error(chain, "A"),
        MachineError::NoTerminalState { .. }
    ));
}

#[test]
fn no_terminal_state_in_a_branch() {
    let chain = Parallel::new("P").branch(Wait::seconds("Spin", 1).next(goto("Spin")));
    assert!(matches!(
        error(chain, "Spin"),
        MachineError::NoTerminalState { .. }
    ));
}

#[test]
fn callback_without_task_token() {
    let task = sqs()
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .state("Wait for reply");
    assert!(matches!(
        error(task, "Wait for reply"),
        MachineError::MissingTaskToken { .. }
    ));
    let ok = CustomTask::new("sqs", "sendMessage")
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .parameters(json!({"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}))
        .state("Wait");
    assert!(StateMachine::new(ok).is_ok());
}

#[test]
fn callback_token_in_jsonata() {
    let task = CustomTask::new("sqs", "sendMessage")
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .parameters(json!({"QueueUrl": "q", "MessageBody": "{% $states.input %}"}))
        .state("Wait");
    assert!(matches!(
        error_in(task, QueryLanguage::Jsonata, "Wait"),
        MachineError::MissingTaskToken { .. }
    ));
    let ok = CustomTask::new("sqs", "sendMessage")
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .parameters(
            json!({"QueueUrl": "q", "MessageBody": {"token": "{% $states.context.Task.Token %}"}}),
        )
        .state("Wait");
    assert!(
        StateMachine::builder(ok)
            .query_language(QueryLanguage::Jsonata)
            .build()
            .is_ok()
    );
}

#[test]
fn invalid_state_paths() {
    let err = error(Pass::new("P").input_path("input"), "P");
    assert!(matches!(err, MachineError::InvalidPath { ref field, .. } if field == "InputPath"));
    let err = error(Pass::new("P").result_path("$..deep"), "P");
    assert!(matches!(err, MachineError::InvalidPath { ref field, .. } if field == "ResultPath"));
    let err = error(Pass::new("P").result_path("$$.Execution.Id"), "P");
    assert!(err.to_string().contains("context object"));
    let err = error(Map::new("M", Pass::new("I")).items_path("$.items[*]"), "M");
    assert!(matches!(err, MachineError::InvalidPath { ref field, .. } if field == "ItemsPath"));
}

#[test]
fn invalid_paths_in_payloads() {
    let task = CustomTask::new("sns", "publish")
        .parameters(json!({"Message": {"text.$": "not a path"}}))
        .state("Publish");
    let err = error(task, "Publish");
    assert!(
        matches!(err, MachineError::InvalidPath { ref field, .. } if field == "Parameters.Message.text.$")
    );
    let err = error(
        Pass::new("P").parameters(json!({"x.$": "States.Nope($.a)"})),
        "P",
    );
    assert!(matches!(err, MachineError::InvalidPath { .. }));
    let err = error(Pass::new("P").parameters(json!({"x.$": 5})), "P");
    assert!(matches!(err, MachineError::InvalidField { .. }));
}

#[test]
fn invalid_choice_paths_and_values() {
    let err = error(
        Choice::new("C").when(Condition::string_equals("status", "x"), Succeed::new("S")),
        "C",
    );
    assert!(
        matches!(err, MachineError::InvalidPath { ref field, .. } if field == "Choices[0].Variable")
    );
    let err = error(
        Choice::new("C").when(
            Condition::numeric_equals_path("$.a", "b"),
            Succeed::new("S"),
        ),
        "C",
    );
    assert!(
        matches!(err, MachineError::InvalidPath { ref field, .. } if field == "Choices[0].NumericEqualsPath")
    );
    let err = error(
        Choice::new("C").when(
            Condition::timestamp_equals("$.t", "tomorrow"),
            Succeed::new("S"),
        ),
        "C",
    );
    assert!(matches!(err, MachineError::InvalidField { .. }));
    let err = error(
        Choice::new("C").when(Condition::and([]), Succeed::new("S")),
        "C",
    );
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "Choices[0].And")
    );
    let err = error(
        Choice::new("C").when(
            Condition::numeric_equals("$.n", f64::NAN),
            Succeed::new("S"),
        ),
        "C",
    );
    assert!(matches!(err, MachineError::InvalidField { .. }));
}

#[test]
fn choice_without_rules() {
    let err = error(Choice::new("C").otherwise(Succeed::new("S")), "C");
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Choices"));
}

#[test]
fn jsonpath_fields_in_a_jsonata_state() {
    for (chain, field) in [
        (Chain::from(Pass::new("S").input_path("$.a")), "InputPath"),
        (Chain::from(Pass::new("S").output_path("$.a")), "OutputPath"),
        (Chain::from(Pass::new("S").result_path("$.a")), "ResultPath"),
        (
            Chain::from(Pass::new("S").parameters(json!({}))),
            "Parameters",
        ),
        (Chain::from(Pass::new("S").result(json!(1))), "Result"),
        (
            Chain::from(sqs().state("S").result_selector(json!({}))),
            "ResultSelector",
        ),
        (
            Chain::from(Map::new("S", Pass::new("I")).items_path("$.a")),
            "ItemsPath",
        ),
        (
            Chain::from(Wait::seconds("S", JsonPath::new("$.s").unwrap())),
            "SecondsPath",
        ),
        (
            Chain::from(
                sqs()
                    .state("S")
                    .timeout_seconds(JsonPath::new("$.t").unwrap()),
            ),
            "TimeoutSecondsPath",
        ),
        (
            Chain::from(
                CustomTask::new("sqs", "sendMessage")
                    .parameters(json!({"QueueUrl.$": "$.q"}))
                    .state("S"),
            ),
            "Arguments.QueueUrl.$",
        ),
        (
            Chain::from(Choice::new("S").when(Condition::is_null("$.a", true), Succeed::new("Y"))),
            "Choices[0].Variable",
        ),
        (
            Chain::from(
                sqs()
                    .state("S")
                    .catch(Catch::all(Succeed::new("H")).result_path("$.e")),
            ),
            "Catch[0].ResultPath",
        ),
    ] {
        let err = error_in(chain, QueryLanguage::Jsonata, "S");
        assert!(
            matches!(err, MachineError::JsonPathFieldInJsonata { field: ref f, .. } if f == field),
            "{field}: {err}"
        );
        assert!(err.to_string().contains(field));
    }
}

#[test]
fn jsonata_fields_in_a_jsonpath_state() {
    let j = || Jsonata::new("$states.input.x").unwrap();
    for (chain, field) in [
        (Chain::from(Pass::new("S").output(json!(1))), "Output"),
        (
            Chain::from(
                Parallel::new("S")
                    .arguments(json!({}))
                    .branch(Pass::new("B")),
            ),
            "Arguments",
        ),
        (
            Chain::from(Map::new("S", Pass::new("I")).items(json!([1]))),
            "Items",
        ),
        (Chain::from(Wait::seconds("S", j())), "Seconds"),
        (
            Chain::from(Choice::new("S").when(Condition::jsonata("true"), Succeed::new("Y"))),
            "Choices[0].Condition",
        ),
        (
            Chain::from(
                sqs()
                    .state("S")
                    .catch(Catch::all(Succeed::new("H")).output(json!(1))),
            ),
            "Catch[0].Output",
        ),
    ] {
        let err = error(chain, "S");
        assert!(
            matches!(err, MachineError::JsonataFieldInJsonPath { field: ref f, .. } if f == field),
            "{field}: {err}"
        );
    }
}

#[test]
fn invalid_jsonata() {
    let err = error_in(
        Pass::new("P").output(json!("{%  %}")),
        QueryLanguage::Jsonata,
        "P",
    );
    assert!(matches!(err, MachineError::InvalidJsonata { .. }));
}

#[test]
fn bad_retry_values() {
    for (retry, needle) in [
        (Retry::all().interval_seconds(0), "IntervalSeconds"),
        (Retry::all().backoff_rate(0.5), "BackoffRate"),
        (Retry::all().backoff_rate(-2.0), "BackoffRate"),
        (
            Retry::all().max_delay_seconds(40_000_000),
            "MaxDelaySeconds",
        ),
        (Retry::all().max_attempts(100_000_000), "MaxAttempts"),
        (Retry::on(Vec::<String>::new()), "ErrorEquals"),
        (Retry::on([errors::ALL, errors::TIMEOUT]), "States.ALL"),
    ] {
        let err = error(sqs().state("Send").retry(retry), "Send");
        assert!(
            matches!(err, MachineError::InvalidRetry { index: 0, .. }),
            "{err}"
        );
        assert!(err.to_string().contains(needle), "{err}");
    }
}

#[test]
fn bad_catch_error_lists() {
    let err = error(
        sqs()
            .state("Send")
            .catch(Catch::on([errors::ALL, "X"], Succeed::new("H"))),
        "Send",
    );
    assert!(matches!(err, MachineError::InvalidCatch { index: 0, .. }));
}

#[test]
fn bad_timeouts() {
    let err = error(sqs().state("T").timeout_seconds(0), "T");
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "TimeoutSeconds")
    );
    let err = error(
        sqs().state("T").timeout_seconds(10).heartbeat_seconds(10),
        "T",
    );
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "HeartbeatSeconds")
    );
    let err = error(
        sqs()
            .state("T")
            .timeout_seconds(Intrinsic::parse("States.MathAdd($.a, 1)").unwrap()),
        "T",
    );
    assert!(matches!(err, MachineError::InvalidField { .. }));
    let err = error(Wait::seconds("W", -1), "W");
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Seconds"));
    let err = error(Wait::until("W", "2024-13"), "W");
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Timestamp"));
}

#[test]
fn bad_machine_fields() {
    let err = StateMachine::builder(Pass::new("P"))
        .timeout_seconds(0)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("(state machine)"));
    let err = StateMachine::builder(Pass::new("P"))
        .version("2.0")
        .build()
        .unwrap_err();
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Version"));
}

#[test]
fn parallel_without_branches() {
    let err = error(Parallel::new("P"), "P");
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Branches"));
}

#[test]
fn map_validation() {
    let err = error(
        Map::new("M", Pass::new("I")).item_reader(ItemReader::s3_object("b", "k")),
        "M",
    );
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "ItemReader"));
    let err = error(
        Map::new("M", Pass::new("I"))
            .distributed(ExecutionType::Standard)
            .tolerated_failure_percentage(150.0),
        "M",
    );
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "ToleratedFailurePercentage")
    );
    let err = error(Map::new("M", Pass::new("I")).max_concurrency(-1), "M");
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "MaxConcurrency")
    );
    let err = error(
        Map::new("M", Pass::new("I"))
            .distributed(ExecutionType::Standard)
            .item_batcher(ItemBatcher::new()),
        "M",
    );
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "ItemBatcher"));
    let err = error(
        Map::new("M", Pass::new("I"))
            .distributed(ExecutionType::Standard)
            .label("has space"),
        "M",
    );
    assert!(matches!(err, MachineError::InvalidField { ref field, .. } if field == "Label"));
}

#[test]
fn errors_inside_branches_and_processors_are_found() {
    let chain = Parallel::new("P").branch(Map::new("M", Pass::new("Deep").input_path("bad")));
    assert!(matches!(
        error(chain, "Deep"),
        MachineError::InvalidPath { .. }
    ));
}

#[test]
fn express_machines_reject_sync_and_callback_tasks() {
    let task = CustomTask::new("states", "startExecution")
        .integration_pattern(IntegrationPattern::RunJob)
        .parameters(json!({"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:c"}))
        .state("Child");
    let machine = StateMachine::new(Parallel::new("P").branch(task)).unwrap();
    let express = CfnOptions::new().state_machine_type(StateMachineType::Express);
    let err = machine.to_cloudformation(&express).unwrap_err();
    assert!(matches!(err, MachineError::PatternNotSupported { ref state, .. } if state == "Child"));
    assert!(err.to_string().contains("\"Child\""));
    let distributed =
        StateMachine::new(Map::new("D", Pass::new("I")).distributed(ExecutionType::Express))
            .unwrap();
    let err = distributed.to_cloudformation(&express).unwrap_err();
    assert_eq!(err.state(), "D");
    assert!(machine.to_cloudformation(&CfnOptions::new()).is_ok());
}

#[test]
fn validate_all_reports_every_problem_in_order() {
    let builder = StateMachine::builder(
        Pass::new("A")
            .input_path("x")
            .next(Pass::new("B").output_path("y"))
            .next(goto("Missing")),
    );
    let errors = builder.validate_all();
    let states: Vec<_> = errors.iter().map(MachineError::state).collect();
    assert_eq!(states, ["A", "B", "B"]);
    assert!(builder.build().is_err());
    let _ = Task::pattern(&sqs());
}

/// Every error of a machine that should not build.
fn all_errors(chain: impl Into<Chain>, language: QueryLanguage) -> Vec<MachineError> {
    StateMachine::builder(chain)
        .query_language(language)
        .validate_all()
}

#[test]
fn states_all_must_be_the_last_retrier_and_catcher() {
    let err = error(
        sqs()
            .state("Send")
            .retry(Retry::all())
            .retry(Retry::on([errors::TIMEOUT])),
        "Send",
    );
    assert!(
        matches!(err, MachineError::InvalidRetry { index: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("last"), "{err}");
    let err = error(
        sqs()
            .state("Send")
            .catch(Catch::all(Succeed::new("A")))
            .catch(Catch::on(["X"], Succeed::new("B"))),
        "Send",
    );
    assert!(
        matches!(err, MachineError::InvalidCatch { index: 0, .. }),
        "{err}"
    );
    // Last is right.
    let ok = sqs()
        .state("Send")
        .retry(Retry::on([errors::TIMEOUT]))
        .retry(Retry::all())
        .catch(Catch::on(["X"], Succeed::new("B")))
        .catch(Catch::all(Succeed::new("A")));
    assert!(StateMachine::new(ok).is_ok());
}

#[test]
fn timestamps_must_be_rfc_3339_with_every_field_in_range() {
    for bad in [
        "2016-03-14t01:59:00z",
        "2016-13-14T01:59:00Z",
        "2016-02-30T01:59:00Z",
        "2016-03-14T24:00:00Z",
        "2016-03-14T01:59:00+01",
    ] {
        let err = error(Wait::until("W", bad), "W");
        assert!(
            matches!(err, MachineError::InvalidField { ref field, .. } if field == "Timestamp"),
            "{bad}: {err}"
        );
        let choice = Choice::new("C")
            .when(
                Condition::timestamp_less_than("$.t", bad),
                Succeed::new("Yes"),
            )
            .otherwise(Succeed::new("No"));
        let err = error(choice, "C");
        assert!(err.to_string().contains("RFC 3339"), "{bad}: {err}");
    }
    assert!(StateMachine::new(Wait::until("W", "2016-03-14T01:59:00Z")).is_ok());
}

#[test]
fn tolerated_failure_percentage_is_a_percentage() {
    for p in [150.0, -1.0, f64::NAN] {
        let err = error(
            Map::new("M", Pass::new("I"))
                .distributed(ExecutionType::Standard)
                .tolerated_failure_percentage(p),
            "M",
        );
        assert!(
            matches!(err, MachineError::InvalidField { ref field, .. } if field == "ToleratedFailurePercentage"),
            "{p}: {err}"
        );
    }
}

#[test]
fn item_batchers_need_a_positive_limit_and_an_object_input() {
    let map = |batcher: ItemBatcher| {
        Map::new("M", Pass::new("I"))
            .distributed(ExecutionType::Standard)
            .item_batcher(batcher)
    };
    for (batcher, field) in [
        (
            ItemBatcher::new().max_items_per_batch(0),
            "ItemBatcher.MaxItemsPerBatch",
        ),
        (
            ItemBatcher::new().max_input_bytes_per_batch(300_000),
            "ItemBatcher.MaxInputBytesPerBatch",
        ),
        (
            ItemBatcher::new()
                .max_items_per_batch(5)
                .batch_input(json!("run")),
            "ItemBatcher.BatchInput",
        ),
    ] {
        let err = error(map(batcher), "M");
        assert!(
            matches!(err, MachineError::InvalidField { field: ref f, .. } if f == field),
            "{field}: {err}"
        );
    }
    let ok = map(ItemBatcher::new()
        .max_items_per_batch(5)
        .batch_input(json!({"run.$": "$.run"})));
    assert!(StateMachine::new(ok).is_ok());
}

#[test]
fn item_readers_use_a_supported_resource_and_their_language_fields() {
    let reader = |resource: Resource| {
        ItemReader::custom(resource, json!({"Bucket": "b", "Key": "k"}), vec![])
    };
    let map = |r: ItemReader| {
        Map::new("M", Pass::new("I"))
            .distributed(ExecutionType::Standard)
            .item_reader(r)
    };
    let typo = Resource::integration("s3", "getObjct", IntegrationPattern::RequestResponse);
    let err = error(map(reader(typo)), "M");
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "ItemReader.Resource"),
        "{err}"
    );
    let sync = Resource::integration("s3", "getObject", IntegrationPattern::RunJob);
    assert!(matches!(
        error(map(reader(sync)), "M"),
        MachineError::InvalidField { .. }
    ));
    let config = ItemReader::s3_object("b", "k")
        .reader_config(json!({"InputType": "JSON", "MaxItemsPath": "$.n"}));
    assert!(StateMachine::new(map(config.clone())).is_ok());
    let errors = all_errors(map(config), QueryLanguage::Jsonata);
    assert!(
        errors.iter().any(|e| matches!(e, MachineError::InvalidField { field, .. } if field == "ItemReader.ReaderConfig.MaxItemsPath")),
        "{errors:?}"
    );
    let listed = ItemReader::custom(
        Resource::integration("s3", "listObjectsV2", IntegrationPattern::RequestResponse),
        json!({"Bucket": "b"}),
        vec![],
    );
    assert!(StateMachine::new(map(listed)).is_ok());
}

#[test]
fn jsonata_is_parsed_with_its_grammar() {
    for bad in ["{% $states.input.a + %}", "{% $a $b %}", "{% $x.y := 1 %}"] {
        assert!(Jsonata::new(bad).is_err(), "{bad}");
        let err = error_in(
            Pass::new("P").output(json!({"x": bad})),
            QueryLanguage::Jsonata,
            "P",
        );
        assert!(
            matches!(err, MachineError::InvalidJsonata { .. }),
            "{bad}: {err}"
        );
    }
    let ok = Pass::new("P").output(json!({"x": "{% ($n := $states.input.n; $n * 2) %}"}));
    assert!(
        StateMachine::builder(ok)
            .query_language(QueryLanguage::Jsonata)
            .build()
            .is_ok()
    );
}

#[test]
fn documented_nesting_of_intrinsics_is_accepted() {
    // The developer guide's nine-call example, and ten calls one inside another.
    let arn = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    let deep = format!(
        "{}States.UUID(){}",
        "States.Array(".repeat(9),
        ")".repeat(9)
    );
    let pass = Pass::new("P").parameters(json!({"myArn.$": arn, "deep.$": deep}));
    assert!(StateMachine::new(pass).is_ok());
}

/// What `sfn-tasks lint` rejects, the builder rejects too (each was
/// accepted by the builder before).
#[test]
fn a_jsonpath_state_in_a_jsonata_machine() {
    let err = error_in(
        Pass::new("Old style").query_language(QueryLanguage::JsonPath),
        QueryLanguage::Jsonata,
        "Old style",
    );
    assert!(
        matches!(err, MachineError::InvalidField { ref field, .. } if field == "QueryLanguage")
    );
    // The other way round is how a JSONPath machine moves to JSONata.
    StateMachine::new(Pass::new("New style").query_language(QueryLanguage::Jsonata)).unwrap();
}

#[test]
fn machine_timeout_beyond_step_functions_limit() {
    let build = |seconds| {
        StateMachine::builder(Pass::new("P"))
            .timeout_seconds(seconds)
            .build()
    };
    let err = build(u32::MAX).unwrap_err();
    assert!(
        err.to_string()
            .contains("4294967295 is outside 1..=99999999"),
        "{err}"
    );
    build(99_999_999).unwrap();
    assert!(build(100_000_000).is_err());
}

#[test]
fn state_machine_names_follow_create_state_machine() {
    let build = |name: &str| StateMachine::builder(Pass::new("P")).name(name).build();
    for bad in [
        "bad name/*",
        "",
        "tab\there",
        "a:b",
        "x{y}",
        "cost$",
        "é\u{85}",
    ] {
        let err = build(bad).expect_err(bad);
        assert!(
            matches!(err, MachineError::InvalidField { ref field, .. } if field == "StateMachineName"),
            "{bad:?}: {err}"
        );
    }
    let long = "n".repeat(200);
    assert!(
        build(&long)
            .unwrap_err()
            .to_string()
            .contains("200 characters")
    );
    for good in [
        "Orders",
        "orders-2026_v1",
        "n".repeat(80).as_str(),
        "Bestellungen-ü",
    ] {
        build(good).unwrap_or_else(|e| panic!("{good:?}: {e}"));
    }
}

/// The states inside a Parallel or Map inherit its query language, as
/// `sfn-tasks lint` reads them, and say so in the rendered definition, so
/// the definition means the same to a reader that takes the machine's.
#[test]
fn states_inside_a_parallel_or_map_inherit_its_language() {
    let inner = Pass::new("Inner").output(json!("{% $states.input.id %}"));
    let map = Map::new("Each", inner).query_language(QueryLanguage::Jsonata);
    let machine = StateMachine::new(map).unwrap();
    let asl = machine.to_asl_json();
    let inner = &asl["States"]["Each"]["ItemProcessor"]["States"]["Inner"];
    assert_eq!(inner["QueryLanguage"], "JSONata", "{asl:#}");
    let keys: Vec<&str> = inner
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys[..2], ["Type", "QueryLanguage"]);
    assert_eq!(
        serde_json::to_string(&asl).unwrap(),
        machine.to_asl_string(),
        "the streamed text and the tree agree"
    );
    // A JSONPath field there is refused, as lint refuses it.
    let old = Map::new(
        "Each",
        Pass::new("Inner").parameters(json!({"id.$": "$.id"})),
    )
    .query_language(QueryLanguage::Jsonata);
    let err = error(old, "Inner");
    assert!(
        matches!(err, MachineError::JsonPathFieldInJsonata { .. }),
        "{err}"
    );
    // States of the machine's own language stay unmarked.
    let plain = StateMachine::new(Parallel::new("Both").branch(Pass::new("Left"))).unwrap();
    let left = &plain.to_asl_json()["States"]["Both"]["Branches"][0]["States"]["Left"];
    assert!(left.get("QueryLanguage").is_none());
}

/// Found by the builder⇄lint property test (`tests/cli/builder_lint.rs`):
/// each was accepted by the builder and rejected by `sfn-tasks lint`.
#[test]
fn disagreements_the_property_test_found() {
    use sfn_tasks::runtime::Operator;
    // A comparison's operand of the wrong type.
    for (operator, value) in [
        (Operator::StringEquals, json!(true)),
        (Operator::BooleanEquals, json!("yes")),
        (Operator::IsPresent, json!(1)),
    ] {
        let condition = Condition::Compare {
            variable: "$.x".to_owned(),
            operator,
            value,
        };
        let choice = Choice::new("C")
            .when(condition, Succeed::new("Yes"))
            .otherwise(Succeed::new("No"));
        let err = error(choice, "C");
        assert!(err.to_string().contains("takes a"), "{err}");
    }
    // `TimeoutSecondsPath` and the other `…Path` forms take a reference path.
    let wildcard = JsonPath::new("$.a[*].b").unwrap();
    let err = error(sqs().state("T").timeout_seconds(wildcard.clone()), "T");
    assert!(err.to_string().contains("reference path"), "{err}");
    let err = error(Wait::seconds("W", wildcard), "W");
    assert!(err.to_string().contains("reference path"), "{err}");
    // `MaxConcurrency` at most 99,999,999.
    let err = error(Map::new("M", Pass::new("P")).max_concurrency(i64::MAX), "M");
    assert!(err.to_string().contains("outside 0..=99999999"), "{err}");
    StateMachine::new(Map::new("M", Pass::new("P")).max_concurrency(99_999_999)).unwrap();
}

/// A literal `Resource` is parsed as `sfn-tasks lint` parses it (one parser,
/// `runtime::task_resource`): a function name where an ARN belongs
/// (`lambda::Invoke::new("f").payload_response_only()` wrote one; it now
/// writes the function's ARN) is refused.
#[test]
fn a_literal_resource_must_be_an_arn() {
    let err = error(
        CustomTask::from_arn("charge-card").state("Charge"),
        "Charge",
    );
    assert!(
        err.to_string().contains("\"charge-card\" is not an ARN"),
        "{err}"
    );
    for ok in [
        "arn:aws:lambda:us-east-1:123456789012:function:charge-card",
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:activity:review",
        "${ChargeFunctionArn}",
    ] {
        StateMachine::new(CustomTask::from_arn(ok).state("Charge"))
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}
