//! Snapshots of rendered machines: representative shapes, and the examples
//! of the CDK `aws-stepfunctions-tasks` README translated with `CustomTask`
//! (until the typed tasks exist). Review changes with `cargo insta review`.

use insta::{assert_json_snapshot, assert_snapshot};
use serde_json::json;
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{
    Catch, CfnOptions, Chain, Choice, Condition, CustomTask, ExecutionType, Fail,
    IntegrationPattern, ItemBatcher, ItemReader, JitterStrategy, LogDestination, LogLevel, Logging,
    Map, Parallel, Pass, QueryLanguage, ResultWriter, Retry, StateMachine, Succeed, Task, Wait,
    arn, errors, goto,
};

fn machine(chain: impl Into<Chain>) -> StateMachine {
    StateMachine::new(chain).unwrap_or_else(|e| panic!("{e}"))
}

fn lambda(function: &str) -> CustomTask {
    let function_arn = arn("lambda", &format!("function:{function}"));
    CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": function_arn, "Payload.$": "$"}))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [function_arn.clone(), format!("{function_arn}:*")],
        )
}

fn sns(topic: &str, message: serde_json::Value) -> CustomTask {
    let topic_arn = arn("sns", topic);
    CustomTask::new("sns", "publish")
        .parameters(json!({"TopicArn": topic_arn, "Message": message}))
        .policy_actions(["sns:Publish"], [topic_arn])
}

fn sqs(queue: &str, body: serde_json::Value, key: &str) -> CustomTask {
    let mut params = serde_json::Map::new();
    params.insert(
        "QueueUrl".to_owned(),
        json!(format!(
            "https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{queue}"
        )),
    );
    params.insert(key.to_owned(), body);
    CustomTask::new("sqs", "sendMessage")
        .parameters(serde_json::Value::Object(params))
        .policy_actions(["sqs:SendMessage"], [arn("sqs", queue)])
}

fn order_workflow() -> StateMachine {
    let save = CustomTask::new("dynamodb", "putItem")
        .parameters(json!({"TableName": "Orders", "Item": {"id": {"S.$": "$.orderId"}}}))
        .policy_actions(["dynamodb:PutItem"], [arn("dynamodb", "table/Orders")])
        .state("Save order")
        .discard_result();
    let charge = lambda("charge")
        .state("Charge card")
        .result_selector(json!({"approved.$": "$.Payload.approved"}))
        .result_path("$.payment")
        .retry(
            Retry::on(["Lambda.ServiceException"])
                .interval_seconds(2)
                .max_attempts(6)
                .backoff_rate(2.0)
                .jitter(JitterStrategy::Full),
        )
        .catch(Catch::all(Fail::new("Payment error")).result_path("$.error"));
    let ship = sqs(
        "fulfilment",
        json!({"orderId.$": "$.orderId"}),
        "MessageBody",
    )
    .state("Queue for fulfilment");
    let decide = Choice::new("Approved?")
        .when(
            Condition::boolean_equals("$.payment.approved", true),
            ship.next(Succeed::new("Accepted")),
        )
        .otherwise(Fail::new("Declined").error("PaymentDeclined"));
    StateMachine::builder(save.next(charge).next(decide))
        .name("OrderWorkflow")
        .comment("order workflow")
        .build()
        .unwrap()
}

#[test]
fn order_workflow_outputs() {
    let m = order_workflow();
    assert_json_snapshot!("order_workflow_asl", m.to_asl_json());
    assert_json_snapshot!("order_workflow_policy", m.policy_document().to_json());
    let options = CfnOptions::new()
        .logging(Logging::new(
            LogLevel::Error,
            LogDestination::NewLogGroup { retention_days: 30 },
        ))
        .tracing(true);
    assert_json_snapshot!(
        "order_workflow_template",
        m.to_cloudformation(&options).unwrap()
    );
    assert_snapshot!("order_workflow_mermaid", m.to_mermaid());
}

#[test]
fn polling_loop() {
    let start = lambda("start-job").state("Start job").result_path("$.job");
    let wait = Wait::seconds("Wait 30s", 30);
    let status = lambda("job-status")
        .state("Get status")
        .result_selector(json!({"status.$": "$.Payload.status"}))
        .result_path("$.status");
    let decide = Choice::new("Job complete?")
        .when(
            Condition::string_equals("$.status.status", "FAILED"),
            Fail::new("Job failed")
                .error("JobFailed")
                .cause("The job failed"),
        )
        .when(
            Condition::string_equals("$.status.status", "SUCCEEDED"),
            Succeed::new("Job done"),
        )
        .otherwise(goto("Wait 30s"));
    let m = machine(start.next(wait).next(status).next(decide));
    assert_json_snapshot!("polling_loop_asl", m.to_asl_json());
    assert_snapshot!("polling_loop_mermaid", m.to_mermaid());
}

#[test]
fn parallel_and_maps() {
    let notify = Parallel::new("Notify")
        .branch(sns("emails", json!({"kind": "email"})).state("Email"))
        .branch(sqs("sms", json!("text"), "MessageBody").state("Sms"))
        .result_path(JsonPath::new("$.notified").unwrap().as_str());
    let lines = Map::new(
        "Price lines",
        lambda("price").state("Price line").output_path("$.Payload"),
    )
    .items_path("$.lines")
    .item_selector(json!({"line.$": "$$.Map.Item.Value", "currency.$": "$.currency"}))
    .max_concurrency(10)
    .result_path("$.priced");
    let files = Map::new("Each file", lambda("process").state("Process batch"))
        .distributed(ExecutionType::Standard)
        .item_reader(ItemReader::s3_object("inventory", "manifest.json"))
        .item_batcher(ItemBatcher::new().max_items_per_batch(100))
        .result_writer(ResultWriter::s3("results", "inventory/"))
        .max_concurrency(1000)
        .tolerated_failure_percentage(5.0)
        .label("inventory")
        .discard_result();
    let m = StateMachine::builder(notify.next(lines).next(files))
        .name("Inventory")
        .build()
        .unwrap();
    assert_json_snapshot!("parallel_and_maps_asl", m.to_asl_json());
    assert_json_snapshot!("parallel_and_maps_policy", m.policy_document().to_json());
    assert_snapshot!("parallel_and_maps_mermaid", m.to_mermaid());
}

#[test]
fn jsonata_machine() {
    let get = CustomTask::new("dynamodb", "getItem")
        .parameters(
            json!({"TableName": "Orders", "Key": {"id": {"S": "{% $states.input.orderId %}"}}}),
        )
        .policy_actions(["dynamodb:GetItem"], [arn("dynamodb", "table/Orders")])
        .state("Load")
        .output(json!({"order": "{% $states.result.Item %}"}))
        .assign("orderId", json!("{% $states.input.orderId %}"))
        .catch(
            Catch::all(Fail::new("Missing").error("{% 'NotFound' %}"))
                .output(json!("{% $states.errorOutput %}")),
        );
    let decide = Choice::new("Large?")
        .when(
            Condition::jsonata("$number($states.input.order.total.N) > 100"),
            Wait::seconds(
                "Hold",
                sfn_tasks::Jsonata::new("$states.input.delay").unwrap(),
            )
            .next(Succeed::new("Held")),
        )
        .otherwise(Succeed::new("Small"));
    let items = Map::new(
        "Each",
        Pass::new("Touch").output(json!("{% $states.input %}")),
    )
    .items(json!("{% $states.input.order.lines.L %}"));
    let m = StateMachine::builder(get.next(items).next(decide))
        .query_language(QueryLanguage::Jsonata)
        .comment("JSONata throughout")
        .build()
        .unwrap();
    assert_json_snapshot!("jsonata_machine_asl", m.to_asl_json());
}

// ---- The CDK README examples (seed), translated ----

/// "Evaluate Expression": convert, build a message, publish it, wait.
#[test]
fn seed_evaluate_expression_chain() {
    let convert = lambda("evaluate")
        .state("Convert to seconds")
        .result_path("$.waitSeconds");
    let message = lambda("evaluate")
        .state("Create message")
        .result_path("$.message");
    let publish = sns("topic", json!(null))
        .parameters(json!({"TopicArn": arn("sns", "topic"), "Message.$": "$.message"}))
        .state("Publish message")
        .result_path("$.sns");
    let wait = Wait::seconds("Wait", JsonPath::new("$.waitSeconds").unwrap());
    let m = machine(convert.next(message).next(publish).next(wait));
    assert_json_snapshot!("seed_evaluate_expression_asl", m.to_asl_json());
}

/// InputPath, OutputPath and ResultPath examples.
#[test]
fn seed_paths() {
    let input = lambda("submit")
        .state("Invoke Handler")
        .input_path("$.input");
    let output = lambda("submit")
        .state("Invoke Handler 2")
        .output_path("$.Payload.result");
    let result = CustomTask::new("dynamodb", "getItem")
        .parameters(json!({"Key": {"MessageId": {"S": "12345"}}, "TableName": "my-table"}))
        .policy_actions(["dynamodb:GetItem"], [arn("dynamodb", "table/my-table")])
        .state("GetItem")
        .result_path("$.Item");
    let delete = CustomTask::new("dynamodb", "deleteItem")
        .parameters(json!({"Key": {"MessageId": {"S": "message-007"}}, "TableName": "my-table"}))
        .policy_actions(["dynamodb:DeleteItem"], [arn("dynamodb", "table/my-table")])
        .state("DeleteItem")
        .discard_result();
    let m = machine(input.next(output).next(result).next(delete));
    assert_json_snapshot!("seed_paths_asl", m.to_asl_json());
    assert_json_snapshot!("seed_paths_policy", m.policy_document().to_json());
}

/// Lambda: event invocation, response-only (legacy ARN), callback with the task token.
#[test]
fn seed_lambda_variants() {
    let event = CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": arn("lambda", "function:submit"), "Payload.$": "$.input", "InvocationType": "Event"}))
        .policy_actions(["lambda:InvokeFunction"], [arn("lambda", "function:submit")])
        .state("Invoke Handler");
    let response_only = CustomTask::from_arn(arn("lambda", "function:my-lambda"))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [arn("lambda", "function:my-lambda")],
        )
        .state("Invoke and combine function response with task input")
        .result_path("$.myLambda");
    let callback = CustomTask::new("lambda", "invoke")
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .parameters(json!({
            "FunctionName": arn("lambda", "function:my-lambda"),
            "Payload": {"token.$": "$$.Task.Token", "input.$": "$.someField"}
        }))
        .policy_actions(
            ["lambda:InvokeFunction"],
            [arn("lambda", "function:my-lambda")],
        )
        .state("Invoke with callback");
    assert!(callback.task().references_task_token());
    let m = machine(event.next(response_only).next(callback));
    assert_json_snapshot!("seed_lambda_variants_asl", m.to_asl_json());
}

/// Step Functions: a child machine started with the callback pattern.
#[test]
fn seed_start_execution_callback() {
    let child = machine(Chain::start(Pass::new("PassState")));
    assert_json_snapshot!("seed_child_asl", child.to_asl_json());
    let child_arn = arn("states", "stateMachine:ChildStateMachine");
    let task = CustomTask::new("states", "startExecution")
        .integration_pattern(IntegrationPattern::WaitForTaskToken)
        .parameters(json!({
            "StateMachineArn": child_arn,
            "Input": {"token.$": "$$.Task.Token", "foo": "bar"},
            "Name": "MyExecutionName"
        }))
        .policy_actions(["states:StartExecution"], [child_arn.clone()])
        .state("ChildTask");
    let parent = StateMachine::builder(task)
        .name("ParentStateMachine")
        .build()
        .unwrap();
    assert_json_snapshot!("seed_start_execution_asl", parent.to_asl_json());
}

/// Activities: a literal activity ARN and no IAM grant.
#[test]
fn seed_activity() {
    let m = machine(CustomTask::from_arn(arn("states", "activity:SubmitJob")).state("Submit Job"));
    assert_json_snapshot!("seed_activity_asl", m.to_asl_json());
    assert!(m.policy_document().is_empty());
}

/// SQS and SNS: message bodies from a path and from an object.
#[test]
fn seed_sqs_and_sns_messages() {
    let send1 = sqs("queue", json!("$.message"), "MessageBody.$").state("Send1");
    let send2 = sqs(
        "queue",
        json!({"field1": "somedata", "field2.$": "$.field2"}),
        "MessageBody",
    )
    .state("Send2");
    let publish1 = sns("topic", json!(null))
        .parameters(json!({"TopicArn": arn("sns", "topic"), "Message.$": "$.state.message"}))
        .state("Publish1");
    let publish2 = sns(
        "topic",
        json!({"field1": "somedata", "field2.$": "$.field2"}),
    )
    .state("Publish2");
    let m = machine(send1.next(send2).next(publish1).next(publish2));
    assert_json_snapshot!("seed_sqs_sns_asl", m.to_asl_json());
    assert_json_snapshot!("seed_sqs_sns_policy", m.policy_document().to_json());
}

/// The common-props case of the CDK fixtures: every common field on a Lambda task.
#[test]
fn seed_common_props() {
    let task = lambda("fn")
        .state("Task")
        .comment("all common props")
        .input_path("$.in")
        .result_selector(json!({"payload.$": "$.Payload"}))
        .result_path("$.out")
        .output_path("$.out")
        .timeout_seconds(300)
        .heartbeat_seconds(60)
        .retry(
            Retry::on([errors::TIMEOUT])
                .interval_seconds(5)
                .max_attempts(2)
                .backoff_rate(1.5),
        )
        .retry(Retry::all().max_attempts(1))
        .catch(Catch::on(["MyError"], Pass::new("Handle my error")).result_path("$.error"))
        .catch(Catch::all(Fail::new("Failed")));
    assert_json_snapshot!("seed_common_props_asl", machine(task).to_asl_json());
}
