//! Tag-on-create grants: ECS authorizes tags given to `RunTask` (explicit,
//! propagated or ECS-managed) as `ecs:TagResource` on the new task, so the
//! task grants it exactly when one of those parameters is present, limited
//! to tagging as part of `RunTask`. The SDK tasks of the creating calls
//! listed in `models/sdk.toml` (`tag_on_create`) do the same.

use serde_json::{Value, json};
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{PolicyDocument, Task};
use sfn_tasks::services::ecs;

use crate::support;

fn tag_statements(task: &ecs::RunTask) -> Vec<Value> {
    task.policy_statements()
        .iter()
        .map(|s| s.to_json())
        .filter(|s| s.to_string().contains("ecs:TagResource"))
        .collect()
}

fn tag_grant() -> Value {
    json!({
        "Effect": "Allow",
        "Action": "ecs:TagResource",
        "Resource": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/*",
        "Condition": {"StringEquals": {"ecs:CreateAction": "RunTask"}}
    })
}

fn tag(key: &str, value: &str) -> ecs::types::Tag {
    ecs::types::Tag::new().with_key(key).with_value(value)
}

#[test]
fn no_tags_no_tagging_grant() {
    assert!(tag_statements(&ecs::RunTask::new("app")).is_empty());
}

#[test]
fn each_way_of_tagging_a_task_gets_the_grant() {
    let tasks = [
        ecs::RunTask::new("app").with_tags(vec![tag("team", "orders")]),
        ecs::RunTask::new("app").with_tags(JsonPath::new("$.tags").unwrap()),
        ecs::RunTask::new("app").with_propagate_tags(ecs::types::PropagateTags::TaskDefinition),
        ecs::RunTask::new("app").with_enable_ecs_managed_tags(true),
        ecs::RunTask::new("app")
            .integration_pattern(ecs::RunTaskPattern::RunJob)
            .with_tags(vec![tag("team", "orders")]),
    ];
    for task in &tasks {
        assert_eq!(
            tag_statements(task),
            [tag_grant()],
            "{:?}",
            task.parameters()
        );
    }
}

#[test]
fn the_grant_is_merged_once_and_valid_against_the_iam_data() {
    let task = ecs::RunTask::new("app")
        .with_tags(vec![tag("team", "orders")])
        .with_propagate_tags(ecs::types::PropagateTags::Service)
        .with_enable_ecs_managed_tags(true);
    let document = PolicyDocument::from_statements(task.policy_statements()).to_json();
    let grants: Vec<&Value> = document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Action"] == "ecs:TagResource")
        .collect();
    assert_eq!(grants, [&tag_grant()]);
    let problems = support::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[cfg(feature = "sdk-ecs")]
#[test]
fn sdk_creating_calls_grant_tagging_only_with_tags() {
    use ecs::sdk;
    let plain = sdk::RunTask::new(ecs::types::RunTaskRequest::new("app"));
    assert!(
        !plain
            .policy_statements()
            .iter()
            .any(|s| s.actions().any(|a| a == "ecs:TagResource"))
    );
    let tagged = sdk::RunTask::new(
        ecs::types::RunTaskRequest::new("app").with_tags(vec![tag("team", "orders")]),
    );
    let cluster = sdk::CreateCluster::new(
        ecs::types::CreateClusterRequest::new().with_tags(vec![tag("team", "orders")]),
    );
    for (task, created, resource) in [
        (&tagged as &dyn Task, "RunTask", "task/*/*"),
        (&cluster as &dyn Task, "CreateCluster", "cluster/*"),
    ] {
        let document = PolicyDocument::from_statements(task.policy_statements()).to_json();
        let grant = document["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Action"] == "ecs:TagResource")
            .unwrap_or_else(|| panic!("{created}: no tagging grant in {document:#}"))
            .clone();
        assert_eq!(
            grant,
            json!({
                "Effect": "Allow",
                "Action": "ecs:TagResource",
                "Resource": format!("arn:${{AWS::Partition}}:ecs:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"),
                "Condition": {"StringEquals": {"ecs:CreateAction": created}}
            })
        );
        let problems = support::iam::Database::get().check_policy(&document);
        assert!(problems.is_empty(), "{created}: {problems:#?}");
    }
}

#[cfg(feature = "sdk-lambda")]
#[test]
fn sdk_create_function_grants_tagging_only_with_tags() {
    use sfn_tasks::services::lambda::{sdk, types};
    let code = || {
        types::FunctionCode::new()
            .with_s3_bucket("code")
            .with_s3_key("fn.zip")
    };
    let role = "arn:aws:iam::123456789012:role/fn";
    let plain = sdk::CreateFunction::new(types::CreateFunctionRequest::new("fn", role, code()));
    let tagged = sdk::CreateFunction::new(
        types::CreateFunctionRequest::new("fn", role, code()).with_tags(
            std::collections::BTreeMap::from([("team".to_owned(), "orders".into())]),
        ),
    );
    let tagging = |task: &dyn Task| -> Vec<Value> {
        task.policy_statements()
            .iter()
            .map(|s| s.to_json())
            .filter(|s| s["Action"].to_string().contains("lambda:TagResource"))
            .collect()
    };
    assert!(tagging(&plain).is_empty());
    assert_eq!(
        tagging(&tagged),
        [json!({
            "Effect": "Allow",
            "Action": "lambda:TagResource",
            "Resource": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"
        })]
    );
}
