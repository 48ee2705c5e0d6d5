//! A small order workflow on the typed tasks: save the order in DynamoDB,
//! charge the card with a Lambda function (retrying a declined-but-retryable
//! charge, notifying SNS and failing on anything else), then hand the order
//! to fulfilment over SQS and wait for its callback.
//!
//! Prints the outputs: the ASL definition, the IAM policy of the execution
//! role, a CloudFormation template and a Mermaid diagram.
//!
//! Run with `cargo run -p sfn-tasks --features dynamodb,lambda,sns,sqs --example order_workflow`.

// The README's example, verbatim from here to the end marker
// (`xtask/tests/readme.rs` checks that the two agree).
use sfn_tasks::prelude::*;
use sfn_tasks::services::dynamodb::{self, types::AttributeValue};
use sfn_tasks::services::{lambda, sns, sqs};

fn order_workflow() -> Result<StateMachine, MachineError> {
    let path = |p: &str| JsonPath::new(p).expect("a valid path");
    let save = dynamodb::PutItem::new(
        "Orders",
        dynamodb::item([
            ("orderId", AttributeValue::from_string(path("$.orderId"))),
            ("total", AttributeValue::number_from_string(path("$.total"))),
            ("status", AttributeValue::from_string("RECEIVED")),
        ]),
    )
    .state("Save order")
    .discard_result();

    let failed = sns::Publish::new(
        TaskInput::object()
            .field("orderId", path("$.orderId"))
            .field("error", path("$.error.Cause")),
    )
    .with_topic_arn("arn:aws:sns:eu-west-1:123456789012:order-failures")
    .state("Notify failure")
    .next(Fail::new("Order failed").error("OrderFailed"));

    let charge = lambda::Invoke::new("charge-card")
        .state("Charge card")
        .result_selector(serde_json::json!({"approved.$": "$.Payload.approved"}))
        .result_path("$.payment")
        .retry(
            Retry::on(["Payment.Retryable"])
                .interval_seconds(5)
                .max_attempts(3),
        )
        .catch(Catch::all(failed).result_path("$.error"));

    let fulfil = sqs::SendMessage::new(
        "https://sqs.eu-west-1.amazonaws.com/123456789012/fulfilment",
        TaskInput::object()
            .field("token", JsonPath::task_token())
            .field("orderId", path("$.orderId")),
    )
    .integration_pattern(sqs::SendMessagePattern::WaitForTaskToken)
    .state("Wait for fulfilment")
    .heartbeat_seconds(3600)
    .result_path("$.fulfilment");

    StateMachine::builder(save.next(charge).next(fulfil).next(Succeed::new("Done")))
        .name("OrderWorkflow")
        .build()
}
// End of the README's example.

use serde_json::Value;
use sfn_tasks::runtime::{LogDestination, LogLevel, Logging};

fn main() -> Result<(), MachineError> {
    let machine = order_workflow()?;
    assert!(machine.warnings().is_empty(), "{:?}", machine.warnings());
    println!("# ASL definition\n{}\n", machine.to_asl_string_pretty());
    println!(
        "# IAM policy\n{}\n",
        pretty(&machine.policy_document().to_json())
    );
    let options = CfnOptions::new()
        .logging(Logging::new(
            LogLevel::Error,
            LogDestination::NewLogGroup { retention_days: 30 },
        ))
        .tracing(true);
    println!(
        "# CloudFormation template\n{}\n",
        pretty(&machine.to_cloudformation(&options)?)
    );
    println!("# Mermaid diagram\n{}", machine.to_mermaid());
    Ok(())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
