//! A small order workflow: save the order in DynamoDB, charge the card with a
//! Lambda function (retrying its transient errors, catching the rest), then
//! either queue the order for fulfilment in SQS or fail.
//!
//! Prints the three outputs: the ASL definition, the IAM policy of the
//! execution role, and a CloudFormation template (plus a Mermaid diagram).
//!
//! Run with `cargo run -p sfn-tasks --example order_workflow`.
//!
//! The service calls use `CustomTask` with the parameters and grants Step
//! Functions documents; the typed `dynamodb::PutItem`, `lambda::Invoke` and
//! `sqs::SendMessage` tasks will replace them.

use serde_json::{Value, json};
use sfn_tasks::runtime::{
    Catch, CfnOptions, Choice, Condition, CustomTask, Fail, JitterStrategy, LogDestination,
    LogLevel, Logging, MachineError, Retry, StateMachine, Succeed, Task, arn, errors,
};

fn main() -> Result<(), MachineError> {
    let machine = order_workflow()?;
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

/// Builds the workflow.
fn order_workflow() -> Result<StateMachine, MachineError> {
    let table_arn = arn("dynamodb", "table/Orders");
    let save = CustomTask::new("dynamodb", "putItem")
        .parameters(json!({
            "TableName": "Orders",
            "Item": {
                "orderId": {"S.$": "$.orderId"},
                "total": {"N.$": "States.Format('{}', $.total)"},
                "status": {"S": "RECEIVED"}
            }
        }))
        .policy_actions(["dynamodb:PutItem"], [table_arn])
        .state("Save order")
        .discard_result()
        .retry(
            Retry::on(["DynamoDB.ProvisionedThroughputExceededException"])
                .interval_seconds(1)
                .max_attempts(3),
        );

    let function_arn = arn("lambda", "function:charge-card");
    let charge = CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": function_arn, "Payload.$": "$"}))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [function_arn.clone(), format!("{function_arn}:*")],
        )
        .state("Charge card")
        .result_selector(json!({"approved.$": "$.Payload.approved"}))
        .result_path("$.payment")
        .timeout_seconds(30)
        .retry(
            Retry::on(["Lambda.ServiceException", "Lambda.TooManyRequestsException"])
                .interval_seconds(2)
                .max_attempts(6)
                .backoff_rate(2.0)
                .jitter(JitterStrategy::Full),
        )
        .catch(
            Catch::on(
                [errors::ALL],
                Fail::new("Payment error").error("PaymentError"),
            )
            .result_path("$.error"),
        );

    let queue_url = "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/fulfilment";
    let fulfil = CustomTask::new("sqs", "sendMessage")
        .parameters(json!({
            "QueueUrl": queue_url,
            "MessageBody": {"orderId.$": "$.orderId", "total.$": "$.total"}
        }))
        .policy_actions(["sqs:SendMessage"], [arn("sqs", "fulfilment")])
        .state("Queue for fulfilment")
        .result_path("$.queued");

    let approved = Choice::new("Payment approved?")
        .when(
            Condition::boolean_equals("$.payment.approved", true),
            fulfil.next(Succeed::new("Order accepted")),
        )
        .otherwise(
            Fail::new("Payment declined")
                .error("PaymentDeclined")
                .cause("The card was declined"),
        );

    StateMachine::builder(save.next(charge).next(approved))
        .name("OrderWorkflow")
        .comment("Save an order, charge the card, queue it for fulfilment")
        .timeout_seconds(3600)
        .build()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
