//! State machines built with the crate, executed for real on moto's Step
//! Functions interpreter (127.0.0.1, one server for the test binary), with
//! their status, output and side effects asserted.
//!
//! The machines are in `tests/support/machines.rs`; the validator tests
//! check the same machines statically. What moto cannot run is listed in
//! `tests/external/README.md`.
//!
//! Needs `tools/install`; see `tests/support/mod.rs`.

use serde_json::{Value, json};

use crate::support;
use crate::support::machines;
use crate::support::moto::{MotoServer, Report, Scenario};
use crate::support::tools::skip_external;

/// Runs `machine` (rendered to ASL) with the fixtures of `scenario`.
fn run(machine: &sfn_tasks::runtime::StateMachine, scenario: Scenario) -> Report {
    let definition = serde_json::to_string(&machine.to_asl_json()).expect("ASL serialises");
    MotoServer::shared().run(&scenario.definition(definition))
}

fn json_body(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("message body is not JSON ({e}): {body}"))
}

#[test]
fn dynamodb_put_item_then_get_item() {
    let name = "dynamodb-put-get";
    if skip_external(name) {
        return;
    }
    let table = Scenario::scoped(name, "orders");
    let report = run(
        &machines::dynamodb_put_get(name),
        Scenario::new(name)
            .table(&table, "pk", vec![])
            .input(json!({"orderId": "o-1", "total": 42})),
    );
    report.expect_status("SUCCEEDED");
    let expected = json!({"pk": {"S": "o-1"}, "status": {"S": "NEW"}, "total": {"N": "42"}});
    assert_eq!(report.output()["stored"]["item"], expected, "{report}");
    assert_eq!(report.output()["orderId"], "o-1", "input kept: {report}");
    assert_eq!(report.table(&table), [expected], "{report}");
}

#[test]
fn sqs_send_message() {
    let name = "sqs-send";
    if skip_external(name) {
        return;
    }
    let queue = Scenario::scoped(name, "queue");
    let report = run(
        &machines::sqs_send(name),
        Scenario::new(name)
            .queue(&queue)
            .input(json!({"orderId": "o-2"})),
    );
    report.expect_status("SUCCEEDED");
    let messages = report.messages(&queue);
    assert_eq!(messages.len(), 1, "{report}");
    assert_eq!(
        json_body(messages[0]),
        json!({"orderId": "o-2", "kind": "created"})
    );
    let message_id = report.output()["sent"]["messageId"].as_str().unwrap_or("");
    assert!(
        !message_id.is_empty(),
        "no MessageId in the output: {report}"
    );
}

#[test]
fn sns_publish() {
    let name = "sns-publish";
    if skip_external(name) {
        return;
    }
    let topic = Scenario::scoped(name, "topic");
    let tap = Scenario::scoped(name, "tap");
    let report = run(
        &machines::sns_publish(name),
        Scenario::new(name)
            .topic(&topic, &tap)
            .input(json!({"orderId": "o-3"})),
    );
    report.expect_status("SUCCEEDED");
    // The topic's raw-delivery SQS subscription shows what was published.
    assert_eq!(report.messages(&tap), ["order o-3 shipped"], "{report}");
    assert!(
        report.output()["published"]["messageId"].is_string(),
        "no MessageId in the output: {report}"
    );
}

#[test]
fn lambda_invoke() {
    let name = "lambda-invoke";
    if skip_external(name) {
        return;
    }
    let function = Scenario::scoped(name, "fn");
    let report = run(
        &machines::lambda_invoke(name),
        Scenario::new(name)
            .function(&function)
            .input(json!({"orderId": "o-4"})),
    );
    report.expect_status("SUCCEEDED");
    // moto's Docker-free Lambda echoes the payload: this shows the payload
    // reached the function and the result came back through ResultSelector.
    assert_eq!(
        report.output()["validated"],
        json!({"payload": {"orderId": "o-4", "step": "validate"}, "status": 200}),
        "{report}"
    );
    let scheduled = report
        .events()
        .iter()
        .find(|e| e["type"] == "TaskScheduled")
        .unwrap_or_else(|| panic!("no TaskScheduled event: {report}"));
    assert!(
        scheduled["parameters"]["FunctionName"]
            .as_str()
            .is_some_and(|f| f.ends_with(&format!(":function:{function}"))),
        "{report}"
    );
}

#[test]
fn aws_sdk_dynamodb_get_item() {
    let name = "aws-sdk-get-item";
    if skip_external(name) {
        return;
    }
    let table = Scenario::scoped(name, "orders");
    let report = run(
        &machines::aws_sdk_get_item(name),
        Scenario::new(name)
            .table(
                &table,
                "pk",
                vec![json!({"pk": {"S": "o-5"}, "status": {"S": "SEEDED"}})],
            )
            .input(json!({"orderId": "o-5"})),
    );
    report.expect_status("SUCCEEDED");
    assert_eq!(
        report.output()["sdk"],
        json!({"status": "SEEDED"}),
        "{report}"
    );
}

#[test]
fn pass_wait_parallel_map_choice() {
    let name = "control-flow";
    if skip_external(name) {
        return;
    }
    let report = run(&machines::control_flow(name), Scenario::new(name));
    report.expect_status("SUCCEEDED");
    let output = report.output();
    assert_eq!(output["data"], json!({"items": [1, 2, 3]}), "{report}");
    assert_eq!(
        output["parallel"],
        json!({"ends": {"sum": 4}, "counted": {"count": 3}}),
        "{report}"
    );
    assert_eq!(
        output["mapped"],
        json!([{"double": 2}, {"double": 4}, {"double": 6}]),
        "{report}"
    );
    let entered = report.entered();
    for state in [
        "Seed",
        "Pause",
        "Fan out",
        "Double each",
        "Big enough?",
        "Big",
    ] {
        assert!(entered.contains(&state), "{state} not entered: {report}");
    }
    assert!(!entered.contains(&"Too small"), "{report}");
    // Wait really waits on moto.
    assert!(
        report.json["elapsed_seconds"].as_f64().unwrap_or(0.0) >= 1.0,
        "{report}"
    );
}

#[test]
fn fail_state_reports_error_and_cause() {
    let name = "fail-state";
    if skip_external(name) {
        return;
    }
    let report = run(
        &machines::fail_state(name),
        Scenario::new(name).input(json!({"amount": -5})),
    );
    report.expect_status("FAILED");
    assert_eq!(report.error(), Some("Order.Invalid"), "{report}");
    assert_eq!(report.cause(), Some("negative amount"), "{report}");
    assert_eq!(report.entered(), ["Check amount", "Reject"], "{report}");
}

#[test]
fn retry_then_catch_on_a_service_error() {
    let name = "retry-catch";
    if skip_external(name) {
        return;
    }
    let table = Scenario::scoped(name, "orders");
    let existing = json!({"pk": {"S": "o-8"}, "status": {"S": "ORIGINAL"}});
    let report = run(
        &machines::retry_then_catch(name),
        Scenario::new(name)
            .table(&table, "pk", vec![existing.clone()])
            .input(json!({"orderId": "o-8"})),
    );
    report.expect_status("SUCCEEDED");
    let error = "DynamoDB.ConditionalCheckFailedException";
    // One attempt plus one retry, then the catcher.
    assert_eq!(report.task_failures(), [error, error], "{report}");
    assert_eq!(report.output()["error"]["Error"], error, "{report}");
    let entered = report.entered();
    assert!(entered.contains(&"Already there"), "{report}");
    assert!(
        !entered.contains(&"Inserted"),
        "the catcher ends the run: {report}"
    );
    assert_eq!(
        report.table(&table),
        [existing],
        "item must be unchanged: {report}"
    );
}

/// The moto check can fail: a machine whose execution fails is reported as
/// FAILED with the service's error, and the success check every other
/// scenario relies on rejects it.
#[test]
fn moto_detects_a_failing_execution() {
    let name = "missing-table";
    if skip_external(name) {
        return;
    }
    let report = run(&machines::put_into_missing_table(name), Scenario::new(name));
    assert_eq!(report.status(), "FAILED", "{report}");
    assert_eq!(
        report.error(),
        Some("DynamoDB.ResourceNotFoundException"),
        "{report}"
    );
    let check = report.check_status("SUCCEEDED");
    assert!(
        check.as_ref().is_err_and(|e| e.contains("FAILED")),
        "the success check accepted a failed execution: {check:?}"
    );
}

/// The README's order workflow (DynamoDB, Lambda, Choice, SQS, Retry/Catch),
/// as the snapshot tests render it, run twice: approved and declined.
#[test]
fn readme_order_workflow() {
    let name = "order-workflow";
    if skip_external(name) {
        return;
    }
    let snapshot = support::tools::repo_root().join(
        "generated/tests/library/snapshots/library__machine_snapshots__order_workflow_asl.snap",
    );
    let text = std::fs::read_to_string(&snapshot).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the order workflow snapshot moved? update this test)",
            snapshot.display()
        )
    });
    let definition = support::samples::snap_body(&text).to_owned();
    let server = MotoServer::shared();

    // The names are the README's own, so only this test may create them.
    let approved = server.run(
        &Scenario::new(name)
            .definition(definition.clone())
            .table("Orders", "id", vec![])
            .function("charge")
            .queue("fulfilment")
            .input(json!({"orderId": "o-10", "total": 12, "approved": true})),
    );
    approved.expect_status("SUCCEEDED");
    assert_eq!(
        approved.table("Orders"),
        [json!({"id": {"S": "o-10"}})],
        "{approved}"
    );
    let messages = approved.messages("fulfilment");
    assert_eq!(messages.len(), 1, "{approved}");
    assert_eq!(json_body(messages[0]), json!({"orderId": "o-10"}));

    // moto's Lambda echoes its payload, so the input decides the payment.
    let declined = server.run(
        &Scenario::new(&format!("{name}-declined"))
            .definition(definition)
            .input(json!({"orderId": "o-11", "total": 99, "approved": false})),
    );
    declined.expect_status("FAILED");
    assert_eq!(declined.error(), Some("PaymentDeclined"), "{declined}");
    assert!(declined.entered().contains(&"Declined"), "{declined}");
}
