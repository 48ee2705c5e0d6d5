//! Tag-on-create grants: ECS authorizes tags given to `RunTask` (explicit,
//! propagated or ECS-managed) as `ecs:TagResource` on the new task, so the
//! task grants it exactly when one of those parameters is present, limited
//! to tagging as part of `RunTask`.
#![cfg(feature = "ecs")]

mod external;

use serde_json::{Value, json};
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{PolicyDocument, Task};
use sfn_tasks::services::ecs;

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
    let problems = external::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}
