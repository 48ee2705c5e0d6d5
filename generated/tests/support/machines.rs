//! The sample state machines of the external checks, built with the crate's
//! API. The moto tests run them; the validator tests render them (ASL,
//! policy, template) and validate the results, so every machine that runs is
//! also checked statically.
//!
//! Each builder takes the scenario name and derives its resource names from
//! it, so that scenarios sharing one moto server do not collide.
//!
//! Service calls use `CustomTask` with the parameters and IAM grants Step
//! Functions documents for each integration; when typed tasks exist they can
//! replace these one by one.

use serde_json::json;
use sfn_tasks::runtime::{
    Catch, Choice, Condition, CustomTask, Fail, Map, Parallel, Pass, Retry, StateMachine, Succeed,
    Task, Wait, arn,
};

/// The URL of a queue in the machine's own region and account.
pub fn queue_url(queue: &str) -> String {
    format!("https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{queue}")
}

/// DynamoDB putItem then getItem of the same key.
pub fn dynamodb_put_get(name: &str) -> StateMachine {
    let table = format!("{name}-orders");
    let table_arn = arn("dynamodb", &format!("table/{table}"));
    let put = CustomTask::new("dynamodb", "putItem")
        .parameters(json!({
            "TableName": table,
            "Item": {
                "pk": {"S.$": "$.orderId"},
                "status": {"S": "NEW"},
                "total": {"N.$": "States.Format('{}', $.total)"}
            }
        }))
        .policy_actions(["dynamodb:PutItem"], [table_arn.clone()])
        .state("Save order")
        .discard_result();
    let get = CustomTask::new("dynamodb", "getItem")
        .parameters(json!({
            "TableName": table,
            "Key": {"pk": {"S.$": "$.orderId"}},
            "ConsistentRead": true
        }))
        .policy_actions(["dynamodb:GetItem"], [table_arn])
        .state("Load order")
        .result_selector(json!({"item.$": "$.Item"}))
        .result_path("$.stored");
    StateMachine::builder(put.next(get))
        .name(name)
        .comment("DynamoDB putItem then getItem")
        .build()
        .expect("valid machine")
}

/// SQS sendMessage with a JSON message body.
pub fn sqs_send(name: &str) -> StateMachine {
    let queue = format!("{name}-queue");
    let send = CustomTask::new("sqs", "sendMessage")
        .parameters(json!({
            "QueueUrl": queue_url(&queue),
            "MessageBody": {"orderId.$": "$.orderId", "kind": "created"}
        }))
        .policy_actions(["sqs:SendMessage"], [arn("sqs", &queue)])
        .state("Notify warehouse")
        .result_selector(json!({"messageId.$": "$.MessageId"}))
        .result_path("$.sent");
    StateMachine::builder(send)
        .name(name)
        .build()
        .expect("valid machine")
}

/// SNS publish with a message built by an intrinsic.
pub fn sns_publish(name: &str) -> StateMachine {
    let topic = format!("{name}-topic");
    let topic_arn = arn("sns", &topic);
    let publish = CustomTask::new("sns", "publish")
        .parameters(json!({
            "TopicArn": topic_arn,
            "Message.$": "States.Format('order {} shipped', $.orderId)",
            "Subject": "shipping"
        }))
        .policy_actions(["sns:Publish"], [topic_arn])
        .state("Announce")
        .result_selector(json!({"messageId.$": "$.MessageId"}))
        .result_path("$.published");
    StateMachine::builder(publish)
        .name(name)
        .build()
        .expect("valid machine")
}

/// The optimized Lambda integration.
pub fn lambda_invoke(name: &str) -> StateMachine {
    let function = format!("{name}-fn");
    let function_arn = arn("lambda", &format!("function:{function}"));
    let invoke = CustomTask::new("lambda", "invoke")
        .parameters(json!({
            "FunctionName": function_arn,
            "Payload": {"orderId.$": "$.orderId", "step": "validate"}
        }))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [function_arn.clone(), format!("{function_arn}:*")],
        )
        .state("Validate")
        .result_selector(json!({"payload.$": "$.Payload", "status.$": "$.StatusCode"}))
        .result_path("$.validated");
    StateMachine::builder(invoke)
        .name(name)
        .build()
        .expect("valid machine")
}

/// An SDK integration: `aws-sdk:dynamodb:getItem`.
pub fn aws_sdk_get_item(name: &str) -> StateMachine {
    let table = format!("{name}-orders");
    let get = CustomTask::aws_sdk("dynamodb", "getItem")
        .parameters(json!({
            "TableName": table,
            "Key": {"pk": {"S.$": "$.orderId"}}
        }))
        .policy_actions(
            ["dynamodb:GetItem"],
            [arn("dynamodb", &format!("table/{table}"))],
        )
        .state("Read with SDK")
        .result_selector(json!({"status.$": "$.Item.status.S"}))
        .result_path("$.sdk");
    StateMachine::builder(get)
        .name(name)
        .build()
        .expect("valid machine")
}

/// Pass, Wait, Parallel, Map and Choice, no service calls.
pub fn control_flow(name: &str) -> StateMachine {
    let seed = Pass::new("Seed")
        .result(json!({"items": [1, 2, 3]}))
        .result_path("$.data");
    let wait = Wait::seconds("Pause", 1);
    let parallel = Parallel::new("Fan out")
        .branch(Pass::new("Sum ends").parameters(json!({
            "sum.$": "States.MathAdd($.data.items[0], $.data.items[2])"
        })))
        .branch(Pass::new("Count").parameters(json!({
            "count.$": "States.ArrayLength($.data.items)"
        })))
        // Named branches rather than `$.parallel[0].sum` later: moto turns a
        // path with a field after an array index into a one-element array,
        // where AWS gives the value; see README.md.
        .result_selector(json!({"ends.$": "$[0]", "counted.$": "$[1]"}))
        .result_path("$.parallel");
    let map = Map::new(
        "Double each",
        Pass::new("Double").parameters(json!({"double.$": "States.MathAdd($.n, $.n)"})),
    )
    .items_path("$.data.items")
    .item_selector(json!({"n.$": "$$.Map.Item.Value"}))
    .max_concurrency(2)
    .result_path("$.mapped");
    let choice = Choice::new("Big enough?")
        .when(
            Condition::and([
                Condition::numeric_greater_than("$.parallel.ends.sum", 3),
                Condition::is_present("$.mapped", true),
            ]),
            Succeed::new("Big"),
        )
        .otherwise(Fail::new("Too small").error("Sample.TooSmall"));
    let chain = seed.next(wait).next(parallel).next(map).next(choice);
    StateMachine::builder(chain)
        .name(name)
        .build()
        .expect("valid machine")
}

/// A Choice that ends in a Fail state with an error and a cause.
pub fn fail_state(name: &str) -> StateMachine {
    let choice = Choice::new("Check amount")
        .when(
            Condition::numeric_less_than("$.amount", 0),
            Fail::new("Reject")
                .error("Order.Invalid")
                .cause("negative amount"),
        )
        .otherwise(Succeed::new("Accept"));
    StateMachine::builder(choice)
        .name(name)
        .build()
        .expect("valid machine")
}

/// A conditional putItem that fails with ConditionalCheckFailedException,
/// is retried once, then caught.
pub fn retry_then_catch(name: &str) -> StateMachine {
    let table = format!("{name}-orders");
    let insert = CustomTask::new("dynamodb", "putItem")
        .parameters(json!({
            "TableName": table,
            "Item": {"pk": {"S.$": "$.orderId"}, "status": {"S": "DUPLICATE"}},
            "ConditionExpression": "attribute_not_exists(pk)"
        }))
        .policy_actions(
            ["dynamodb:PutItem"],
            [arn("dynamodb", &format!("table/{table}"))],
        )
        .state("Insert once")
        .retry(
            Retry::on(["DynamoDB.ConditionalCheckFailedException"])
                .interval_seconds(1)
                .max_attempts(1)
                .backoff_rate(1.0),
        )
        .catch(
            Catch::on(
                ["DynamoDB.ConditionalCheckFailedException"],
                Pass::new("Already there"),
            )
            .result_path("$.error"),
        );
    StateMachine::builder(insert.next(Succeed::new("Inserted")))
        .name(name)
        .build()
        .expect("valid machine")
}

/// A putItem into a table nobody created, with no Retry or Catch: the
/// execution must fail.
pub fn put_into_missing_table(name: &str) -> StateMachine {
    let table = format!("{name}-missing");
    let put = CustomTask::new("dynamodb", "putItem")
        .parameters(json!({"TableName": table, "Item": {"pk": {"S": "x"}}}))
        .policy_actions(
            ["dynamodb:PutItem"],
            [arn("dynamodb", &format!("table/{table}"))],
        )
        .state("Put");
    StateMachine::builder(put)
        .name(name)
        .build()
        .expect("valid machine")
}

/// Builds a sample machine for a scenario name.
pub type Builder = fn(&str) -> StateMachine;

/// Every sample machine, named as the moto scenarios name them.
pub fn all() -> Vec<(String, StateMachine)> {
    let builders: [(&str, Builder); 9] = [
        ("dynamodb-put-get", dynamodb_put_get),
        ("sqs-send", sqs_send),
        ("sns-publish", sns_publish),
        ("lambda-invoke", lambda_invoke),
        ("aws-sdk-get-item", aws_sdk_get_item),
        ("control-flow", control_flow),
        ("fail-state", fail_state),
        ("retry-catch", retry_then_catch),
        ("missing-table", put_into_missing_table),
    ];
    builders
        .iter()
        .map(|(name, build)| (name.to_string(), build(name)))
        .collect()
}
