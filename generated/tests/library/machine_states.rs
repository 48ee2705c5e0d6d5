//! Rendering of every state type and common field, checked field by field
//! (including key order, which is part of the output contract).

use serde_json::{Value, json};
use sfn_tasks::runtime::{
    Catch, Chain, Choice, Condition, CustomTask, ExecutionType, Fail, IntegrationPattern,
    ItemBatcher, ItemReader, JitterStrategy, Map, Parallel, Pass, QueryLanguage, ResultWriter,
    Retry, Rule, StateMachine, Succeed, Task, Wait, errors, goto,
};
use sfn_tasks::{Intrinsic, JsonPath, Jsonata};

fn path(p: &str) -> JsonPath {
    JsonPath::new(p).unwrap()
}

fn jsonata(e: &str) -> Jsonata {
    Jsonata::new(e).unwrap()
}

/// Renders a one-state-scope machine and returns that state's JSON.
fn render(chain: impl Into<Chain>, name: &str) -> Value {
    let machine = StateMachine::new(chain).unwrap_or_else(|e| panic!("{e}"));
    machine.to_asl_json()["States"][name].clone()
}

fn render_jsonata(chain: impl Into<Chain>, name: &str) -> Value {
    let machine = StateMachine::builder(chain)
        .query_language(QueryLanguage::Jsonata)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    machine.to_asl_json()["States"][name].clone()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn lambda(name: &str) -> CustomTask {
    CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": name, "Payload.$": "$"}))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [format!(
                "arn:aws:lambda:us-east-1:123456789012:function:{name}"
            )],
        )
}

#[test]
fn task_with_every_jsonpath_field_in_asl_order() {
    let task = lambda("f")
        .state("T")
        .comment("calls f")
        .input_path("$.input")
        .result_selector(json!({"body.$": "$.Payload"}))
        .result_path("$.result")
        .output_path("$.result")
        .assign("last", json!("f"))
        .timeout_seconds(60)
        .heartbeat_seconds(10)
        .credentials("arn:aws:iam::111122223333:role/Cross")
        .retry(
            Retry::on([errors::TIMEOUT])
                .interval_seconds(3)
                .max_attempts(2)
                .backoff_rate(1.5)
                .max_delay_seconds(20)
                .jitter(JitterStrategy::Full),
        )
        .catch(Catch::all(Fail::new("Boom")).result_path("$.err"));
    let t = render(task, "T");
    assert_eq!(
        keys(&t),
        [
            "Type",
            "Comment",
            "Resource",
            "Credentials",
            "InputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "OutputPath",
            "Assign",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "Retry",
            "Catch",
            "End"
        ]
    );
    assert_eq!(t["Resource"], "arn:aws:states:::lambda:invoke");
    assert_eq!(
        t["Credentials"],
        json!({"RoleArn": "arn:aws:iam::111122223333:role/Cross"})
    );
    assert_eq!(
        t["Retry"][0],
        json!({"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2,
               "BackoffRate": 1.5, "MaxDelaySeconds": 20, "JitterStrategy": "FULL"})
    );
    assert_eq!(
        t["Catch"][0],
        json!({"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Boom"})
    );
    assert_eq!(t["End"], true);
}

#[test]
fn task_path_forms_of_timeout_heartbeat_and_credentials() {
    let task = lambda("f")
        .state("T")
        .timeout_seconds(path("$.timeout"))
        .heartbeat_seconds(path("$.heartbeat"))
        .credentials(path("$.role"));
    let t = render(task, "T");
    assert_eq!(t["TimeoutSecondsPath"], "$.timeout");
    assert_eq!(t["HeartbeatSecondsPath"], "$.heartbeat");
    assert_eq!(t["Credentials"], json!({"RoleArn.$": "$.role"}));
    assert!(t.get("TimeoutSeconds").is_none());
}

#[test]
fn task_result_path_discard_is_null() {
    let t = render(lambda("f").state("T").discard_result(), "T");
    assert_eq!(t["ResultPath"], Value::Null);
    assert!(t.as_object().unwrap().contains_key("ResultPath"));
}

#[test]
fn task_patterns_pick_the_suffix() {
    for (pattern, arn) in [
        (
            IntegrationPattern::RequestResponse,
            "arn:aws:states:::states:startExecution",
        ),
        (
            IntegrationPattern::RunJob,
            "arn:aws:states:::states:startExecution.sync",
        ),
        (
            IntegrationPattern::RunJobV2,
            "arn:aws:states:::states:startExecution.sync:2",
        ),
        (
            IntegrationPattern::WaitForTaskToken,
            "arn:aws:states:::states:startExecution.waitForTaskToken",
        ),
    ] {
        let task = CustomTask::new("states", "startExecution")
            .integration_pattern(pattern)
            .parameters(
                json!({"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:c",
                               "Input": {"token.$": "$$.Task.Token"}}),
            )
            .state("Start");
        assert_eq!(render(task, "Start")["Resource"], arn);
    }
}

#[test]
fn task_in_jsonata_uses_arguments_and_output() {
    let task = CustomTask::new("sqs", "sendMessage")
        .parameters(json!({"QueueUrl": "q", "MessageBody": "{% $states.input.message %}"}))
        .state("Send")
        .output(json!({"id": "{% $states.result.MessageId %}"}))
        .assign("sent", json!("{% $states.result.MessageId %}"))
        .timeout_seconds(jsonata("$states.input.timeout"));
    let t = render_jsonata(task, "Send");
    assert_eq!(
        keys(&t),
        [
            "Type",
            "Resource",
            "Arguments",
            "Output",
            "Assign",
            "TimeoutSeconds",
            "End"
        ]
    );
    assert_eq!(t["TimeoutSeconds"], "{% $states.input.timeout %}");
}

#[test]
fn activity_and_legacy_lambda_resources() {
    let activity = CustomTask::from_arn("arn:aws:states:us-east-1:123456789012:activity:Review")
        .state("Review");
    let t = render(activity, "Review");
    assert_eq!(
        t,
        json!({"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "End": true})
    );
}

#[test]
fn pass_fields() {
    let pass = Pass::new("P")
        .comment("c")
        .input_path("$.a")
        .parameters(json!({"x.$": "$.b"}))
        .result(json!({"fixed": 1}))
        .result_path("$.r")
        .output_path("$.r")
        .assign("v", 1);
    let p = render(pass, "P");
    assert_eq!(
        keys(&p),
        [
            "Type",
            "Comment",
            "InputPath",
            "Parameters",
            "Result",
            "ResultPath",
            "OutputPath",
            "Assign",
            "End"
        ]
    );
    assert_eq!(
        render(Pass::new("Q").discard_input().discard_output(), "Q"),
        json!({"Type": "Pass", "InputPath": null, "OutputPath": null, "End": true})
    );
}

#[test]
fn pass_in_jsonata_uses_output() {
    let p = render_jsonata(Pass::new("P").output(json!({"sum": "{% 1 + 2 %}"})), "P");
    assert_eq!(
        p,
        json!({"Type": "Pass", "Output": {"sum": "{% 1 + 2 %}"}, "End": true})
    );
}

#[test]
fn wait_forms() {
    assert_eq!(
        render(Wait::seconds("W", 5), "W"),
        json!({"Type": "Wait", "Seconds": 5, "End": true})
    );
    assert_eq!(
        render(Wait::seconds("W", path("$.s")), "W")["SecondsPath"],
        "$.s"
    );
    assert_eq!(
        render(Wait::until("W", "2030-01-01T00:00:00Z"), "W")["Timestamp"],
        "2030-01-01T00:00:00Z"
    );
    assert_eq!(
        render(Wait::until("W", path("$.t")), "W")["TimestampPath"],
        "$.t"
    );
    assert_eq!(
        render_jsonata(Wait::seconds("W", jsonata("$states.input.delay")), "W")["Seconds"],
        "{% $states.input.delay %}"
    );
    assert_eq!(
        render_jsonata(Wait::until("W", jsonata("$states.input.at")), "W")["Timestamp"],
        "{% $states.input.at %}"
    );
}

#[test]
fn succeed_and_fail_forms() {
    assert_eq!(
        render(Succeed::new("S").comment("ok").output_path("$.x"), "S"),
        json!({"Type": "Succeed", "Comment": "ok", "OutputPath": "$.x"})
    );
    assert_eq!(
        render(Fail::new("F").error("E").cause("C"), "F"),
        json!({"Type": "Fail", "Error": "E", "Cause": "C"})
    );
    assert_eq!(
        render(
            Fail::new("F")
                .error(path("$.e"))
                .cause(Intrinsic::parse("States.Format('bad {}', $.id)").unwrap()),
            "F"
        ),
        json!({"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('bad {}', $.id)"})
    );
    assert_eq!(
        render_jsonata(Fail::new("F").error(jsonata("$states.input.code")), "F"),
        json!({"Type": "Fail", "Error": "{% $states.input.code %}"})
    );
}

#[test]
fn choice_rules_default_and_rule_details() {
    let choice = Choice::new("C")
        .comment("route")
        .input_path("$.order")
        .when(
            Condition::string_equals("$.kind", "gift"),
            Pass::new("Gift"),
        )
        .rule(
            Rule::new(
                Condition::numeric_greater_than_equals("$.total", 100),
                Pass::new("Big"),
            )
            .comment("big orders")
            .assign("big", true),
        )
        .otherwise(Pass::new("Normal"));
    let c = render(choice, "C");
    assert_eq!(
        keys(&c),
        ["Type", "Comment", "InputPath", "Choices", "Default"]
    );
    assert_eq!(
        c["Choices"][0],
        json!({"Variable": "$.kind", "StringEquals": "gift", "Next": "Gift"})
    );
    assert_eq!(
        c["Choices"][1],
        json!({"Variable": "$.total", "NumericGreaterThanEquals": 100, "Comment": "big orders",
               "Assign": {"big": true}, "Next": "Big"})
    );
    assert_eq!(c["Default"], "Normal");
}

#[test]
fn choice_nested_boolean_logic() {
    let cond = Condition::and([
        Condition::is_present("$.a", true),
        Condition::or([
            Condition::timestamp_less_than("$.t", "2024-01-01T00:00:00Z"),
            Condition::not(Condition::string_matches("$.name", "test-*")),
        ]),
    ]);
    let c = render(
        Choice::new("C")
            .when(cond, Succeed::new("Yes"))
            .otherwise(Fail::new("No")),
        "C",
    );
    assert_eq!(
        c["Choices"][0],
        json!({"And": [
            {"Variable": "$.a", "IsPresent": true},
            {"Or": [
                {"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z"},
                {"Not": {"Variable": "$.name", "StringMatches": "test-*"}}
            ]}
        ], "Next": "Yes"})
    );
}

#[test]
fn choice_in_jsonata_uses_condition() {
    let choice = Choice::new("C")
        .when(
            Condition::jsonata("$states.input.total > 100"),
            Succeed::new("Big"),
        )
        .rule(
            Rule::new(
                Condition::jsonata("{% $states.input.gift %}"),
                Succeed::new("Gift"),
            )
            .output(json!({"gift": true})),
        )
        .otherwise(Succeed::new("Small"))
        .output(json!("{% $states.input %}"));
    let c = render_jsonata(choice, "C");
    assert_eq!(
        c["Choices"][0],
        json!({"Condition": "{% $states.input.total > 100 %}", "Next": "Big"})
    );
    assert_eq!(c["Choices"][1]["Output"], json!({"gift": true}));
    assert_eq!(c["Output"], "{% $states.input %}");
}

#[test]
fn parallel_fields_and_branches() {
    let parallel = Parallel::new("P")
        .parameters(json!({"id.$": "$.id"}))
        .branch(Pass::new("A1").next(Succeed::new("A2")))
        .branch(Wait::seconds("B1", 1))
        .result_selector(json!({"a.$": "$[0]"}))
        .result_path("$.both")
        .retry(Retry::on([errors::BRANCH_FAILED]).max_attempts(1))
        .catch(Catch::on([errors::ALL], Fail::new("F")));
    let p = render(parallel, "P");
    assert_eq!(
        keys(&p),
        [
            "Type",
            "Parameters",
            "Branches",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "End"
        ]
    );
    assert_eq!(
        p["Branches"][0],
        json!({"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Succeed"}}})
    );
    assert_eq!(
        p["Branches"][1]["States"]["B1"],
        json!({"Type": "Wait", "Seconds": 1, "End": true})
    );
}

#[test]
fn parallel_in_jsonata_uses_arguments() {
    let p = render_jsonata(
        Parallel::new("P")
            .arguments(json!({"id": "{% $states.input.id %}"}))
            .branch(Pass::new("X")),
        "P",
    );
    assert_eq!(keys(&p), ["Type", "Arguments", "Branches", "End"]);
}

#[test]
fn inline_map_fields() {
    let map = Map::new("M", Pass::new("Item").next(Succeed::new("Item done")))
        .items_path("$.items")
        .item_selector(json!({"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"}))
        .max_concurrency(10)
        .result_path("$.results")
        .catch(Catch::all(Fail::new("Map failed")));
    let m = render(map, "M");
    assert_eq!(
        keys(&m),
        [
            "Type",
            "ItemsPath",
            "ItemSelector",
            "MaxConcurrency",
            "ItemProcessor",
            "ResultPath",
            "Catch",
            "End"
        ]
    );
    assert_eq!(
        m["ItemProcessor"],
        json!({"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item",
               "States": {"Item": {"Type": "Pass", "Next": "Item done"}, "Item done": {"Type": "Succeed"}}})
    );
    assert_eq!(
        render(
            Map::new("M", Pass::new("I")).max_concurrency(path("$.limit")),
            "M"
        )["MaxConcurrencyPath"],
        "$.limit"
    );
}

#[test]
fn distributed_map_fields() {
    let map = Map::new("Files", Pass::new("Process"))
        .distributed(ExecutionType::Express)
        .item_reader(ItemReader::s3_object("inventory", "items.csv").csv_with_header())
        .item_batcher(
            ItemBatcher::new()
                .max_items_per_batch(50)
                .max_input_bytes_per_batch(100_000)
                .batch_input(json!({"run": 1})),
        )
        .result_writer(ResultWriter::s3("results", "runs/"))
        .max_concurrency(100)
        .tolerated_failure_percentage(5.0)
        .tolerated_failure_count(path("$.failures"))
        .label("files");
    let m = render(map, "Files");
    assert_eq!(
        keys(&m),
        [
            "Type",
            "ItemReader",
            "ItemBatcher",
            "MaxConcurrency",
            "ToleratedFailurePercentage",
            "ToleratedFailureCountPath",
            "ItemProcessor",
            "Label",
            "ResultWriter",
            "End"
        ]
    );
    assert_eq!(
        m["ItemReader"],
        json!({"Resource": "arn:aws:states:::s3:getObject",
               "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
               "Parameters": {"Bucket": "inventory", "Key": "items.csv"}})
    );
    assert_eq!(
        m["ItemBatcher"],
        json!({"MaxItemsPerBatch": 50, "MaxInputBytesPerBatch": 100000, "BatchInput": {"run": 1}})
    );
    assert_eq!(
        m["ItemProcessor"]["ProcessorConfig"],
        json!({"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"})
    );
    assert_eq!(
        m["ResultWriter"],
        json!({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "runs/"}})
    );
}

#[test]
fn map_in_jsonata_uses_items_and_arguments_for_reader() {
    let map = Map::new("M", Pass::new("I"))
        .items(json!("{% $states.input.list %}"))
        .item_selector(json!({"v": "{% $states.context.Map.Item.Value %}"}));
    let m = render_jsonata(map, "M");
    assert_eq!(m["Items"], "{% $states.input.list %}");
    let distributed = Map::new("D", Pass::new("J"))
        .distributed(ExecutionType::Standard)
        .item_reader(ItemReader::s3_list("bucket", Some("in/".into())));
    let d = render_jsonata(distributed, "D");
    assert_eq!(
        d["ItemReader"]["Arguments"],
        json!({"Bucket": "bucket", "Prefix": "in/"})
    );
}

#[test]
fn state_level_query_language_overrides_the_machine() {
    let chain = Pass::new("Old").next(
        Pass::new("New")
            .query_language(QueryLanguage::Jsonata)
            .output(json!("{% $states.input %}")),
    );
    let asl = StateMachine::new(chain).unwrap().to_asl_json();
    assert_eq!(asl["States"]["New"]["QueryLanguage"], "JSONata");
    assert!(asl["States"]["Old"].get("QueryLanguage").is_none());
}

#[test]
fn top_level_fields_in_order() {
    let machine = StateMachine::builder(Pass::new("P"))
        .comment("c")
        .query_language(QueryLanguage::JsonPath)
        .version("1.0")
        .timeout_seconds(60)
        .build()
        .unwrap();
    let asl = machine.to_asl_json();
    assert_eq!(
        keys(&asl),
        [
            "Comment",
            "QueryLanguage",
            "Version",
            "TimeoutSeconds",
            "StartAt",
            "States"
        ]
    );
}

#[test]
fn loops_with_goto_and_shared_handlers_by_value() {
    let fail = Fail::new("Failed").error("Oops");
    let chain = lambda("a")
        .state("A")
        .catch(Catch::all(fail.clone()))
        .next(lambda("b").state("B").catch(Catch::all(fail)))
        .next(
            Choice::new("Again?")
                .when(Condition::boolean_equals("$.again", true), goto("A"))
                .otherwise(Succeed::new("Done")),
        );
    let asl = StateMachine::new(chain).unwrap().to_asl_json();
    let names: Vec<_> = asl["States"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(names, ["A", "Failed", "B", "Again?", "Done"]);
    assert_eq!(asl["States"]["Again?"]["Choices"][0]["Next"], "A");
}

#[test]
fn task_trait_defaults() {
    let t = CustomTask::new("sns", "publish").parameters(json!({"Message": "hi"}));
    assert_eq!(t.pattern(), IntegrationPattern::RequestResponse);
    assert!(!t.references_task_token());
    let state = t.state("Publish");
    assert_eq!(state.name(), "Publish");
    assert_eq!(
        state.task().resource().to_string(),
        "arn:aws:states:::sns:publish"
    );
}
