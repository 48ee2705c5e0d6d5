//! Typed AWS SDK integration tasks through the external checks: a sample
//! task of every service in one machine, validated by asl-validator, cfn-lint
//! and the IAM data; and DynamoDB and SQS SDK tasks executed on moto.
//!
//! Needs `tools/install`; see `tests/support/mod.rs`.

use std::collections::BTreeMap;

use serde_json::json;
use sfn_tasks::runtime::{Parallel, StateMachine, Task};
use sfn_tasks::services::*;
use sfn_tasks::{Field, Intrinsic, JsonPath};

use crate::support::moto::{MotoServer, Scenario};
use crate::support::samples::Rendered;
use crate::support::tools::skip_external;
use crate::support::{iam, machines, validate};

fn path(p: &str) -> JsonPath {
    JsonPath::new(p).expect("valid path")
}

/// One read-only SDK call per service, each its own Parallel branch.
fn every_service() -> StateMachine {
    let branches = [
        batch::sdk::ListJobs::new(
            batch::types::ListJobsRequest::default().with_job_queue("nightly"),
        )
        .state("Call batch"),
        codebuild::sdk::ListProjects::new(codebuild::types::ListProjectsInput::default())
            .state("Call codebuild"),
        dynamodb::sdk::DescribeTable::new(dynamodb::types::DescribeTableInput::new("Orders"))
            .state("Call dynamodb"),
        ecs::sdk::ListClusters::new(ecs::types::ListClustersRequest::default()).state("Call ecs"),
        emr::sdk::ListClusters::new(emr::types::ListClustersInput::default()).state("Call emr"),
        glue::sdk::GetJob::new(glue::types::GetJobRequest::new(path("$.job"))).state("Call glue"),
        lambda::sdk::GetFunction::new(lambda::types::GetFunctionRequest::new("charge-card"))
            .state("Call lambda"),
        sagemaker::sdk::ListTrainingJobs::new(
            sagemaker::types::ListTrainingJobsRequest::default().with_max_results(10),
        )
        .state("Call sagemaker"),
        sns::sdk::ListTopics::new(sns::types::ListTopicsInput::default()).state("Call sns"),
        sqs::sdk::GetQueueUrl::new(sqs::types::GetQueueUrlRequest::new("jobs")).state("Call sqs"),
        sfn::sdk::ListStateMachines::new(sfn::types::ListStateMachinesInput::default())
            .state("Call sfn"),
    ];
    let mut parallel = Parallel::new("Every service");
    for branch in branches {
        parallel = parallel.branch(branch);
    }
    StateMachine::builder(parallel)
        .name("SdkSampler")
        .build()
        .expect("valid machine")
}

#[test]
fn sdk_tasks_of_every_service_pass_the_validators_and_the_iam_data() {
    let machine = every_service();
    let policy = machine.policy_document().to_json();
    // The IAM check needs no external tool.
    let problems = iam::Database::get().check_policy(&policy);
    assert!(problems.is_empty(), "{problems:#?}\n{policy:#}");
    let mut resources: Vec<String> = Vec::new();
    for statement in policy["Statement"].as_array().into_iter().flatten() {
        match &statement["Resource"] {
            serde_json::Value::Array(list) => {
                resources.extend(list.iter().filter_map(|r| r.as_str().map(str::to_owned)))
            }
            other => resources.extend(other.as_str().map(str::to_owned)),
        }
    }
    assert!(
        resources.iter().any(|r| r.ends_with(":table/Orders")),
        "DescribeTable is scoped to the table: {resources:?}"
    );
    assert!(
        resources
            .iter()
            .any(|r| r.ends_with(":function:charge-card")),
        "GetFunction is scoped to the function: {resources:?}"
    );
    assert!(
        resources.iter().any(|r| r.ends_with(":job/*")),
        "GetJob from a path keeps a scoped wildcard: {resources:?}"
    );
    if skip_external("sdk-every-service") {
        return;
    }
    let mut rendered = Rendered::default();
    rendered.add_machine("sdk-every-service", &machine);
    validate::all_pass(&rendered, &[]);
}

#[test]
fn dynamodb_and_sqs_sdk_tasks_run_on_moto() {
    let name = "sdk-typed";
    if skip_external(name) {
        return;
    }
    let table = Scenario::scoped(name, "orders");
    let queue = Scenario::scoped(name, "queue");
    let item = BTreeMap::from([
        (
            "pk".to_owned(),
            Field::from(dynamodb::types::AttributeValue::default().with_s(path("$.orderId"))),
        ),
        (
            "status".to_owned(),
            Field::from(dynamodb::types::AttributeValue::default().with_s("NEW")),
        ),
    ]);
    let put = dynamodb::sdk::PutItem::new(dynamodb::types::PutItemInput::new(table.as_str(), item))
        .state("Save order")
        .discard_result();
    let key = BTreeMap::from([(
        "pk".to_owned(),
        Field::from(dynamodb::types::AttributeValue::default().with_s(path("$.orderId"))),
    )]);
    let get = dynamodb::sdk::GetItem::new(
        dynamodb::types::GetItemInput::new(table.as_str(), key).with_consistent_read(true),
    )
    .state("Load order")
    .result_selector(json!({"status.$": "$.Item.status.S"}))
    .result_path("$.stored");
    let body = Intrinsic::parse("States.JsonToString($.stored)").expect("intrinsic");
    let send = sqs::sdk::SendMessage::new(sqs::types::SendMessageRequest::new(
        machines::queue_url(&queue).as_str(),
        body,
    ))
    .state("Notify")
    .result_selector(json!({"id.$": "$.MessageId"}))
    .result_path("$.sent");
    let machine = StateMachine::builder(put.next(get).next(send))
        .name(name)
        .build()
        .expect("valid machine");

    let statements = machine.policy_document().to_json();
    let text = statements.to_string();
    assert!(text.contains(&format!(":table/{table}")), "{text}");
    assert!(text.contains(&format!(":{queue}\"")), "{text}");

    let definition = serde_json::to_string(&machine.to_asl_json()).expect("ASL");
    let report = MotoServer::shared().run(
        &Scenario::new(name)
            .table(&table, "pk", vec![])
            .queue(&queue)
            .input(json!({"orderId": "o-9"}))
            .definition(definition),
    );
    report.expect_status("SUCCEEDED");
    assert_eq!(
        report.output()["stored"],
        json!({"status": "NEW"}),
        "{report}"
    );
    assert_eq!(
        report.table(&table),
        [json!({"pk": {"S": "o-9"}, "status": {"S": "NEW"}})],
        "{report}"
    );
    let messages = report.messages(&queue);
    assert_eq!(messages.len(), 1, "{report}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(messages[0]).ok(),
        Some(json!({"status": "NEW"}))
    );
    assert!(report.output()["sent"]["id"].is_string(), "{report}");
}
