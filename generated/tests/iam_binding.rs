//! IAM for the values real definitions hold: ARNs written with
//! CloudFormation pseudo parameters, partial and qualified ARNs, queue URLs
//! of other accounts, revisions, build ids, placeholders and template
//! references; and the permissions AWS requires that were missing (issue
//! "Correct on real definitions"). Each case failed before its fix.
#![cfg(feature = "full")]

use serde_json::{Value, json};
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{CfnOptions, PolicyStatement, StateMachine, Task, TaskInput, arn};
use sfn_tasks::services::{codebuild, ecs, emr, lambda, sagemaker, sqs};

fn statements(task: &dyn Task) -> Vec<Value> {
    task.policy_statements()
        .iter()
        .map(PolicyStatement::to_json)
        .collect()
}

fn resources_of(statements: &[Value], action: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in statements {
        let acts = match &s["Action"] {
            Value::String(a) => vec![a.clone()],
            Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        };
        if acts.iter().any(|a| a == action) {
            match &s["Resource"] {
                Value::String(r) => out.push(r.clone()),
                Value::Array(rs) => out.extend(rs.iter().filter_map(|r| r.as_str().map(str::to_owned))),
                _ => {}
            }
        }
    }
    assert!(!out.is_empty(), "no {action} in {statements:#?}");
    out
}

#[test]
fn a_function_named_with_the_crates_own_arn_is_not_widened() {
    let function = arn("lambda", "function:charge-card");
    let task = lambda::Invoke::new(function.clone());
    assert_eq!(
        resources_of(&statements(&task), "lambda:InvokeFunction"),
        [function.clone(), format!("{function}:*")]
    );
}

#[test]
fn a_state_machine_named_with_the_crates_own_arn_is_not_widened() {
    let machine_arn = arn("states", "stateMachine:child");
    let task = sfn_tasks::services::sfn::StartExecution::new(machine_arn.clone());
    let granted = resources_of(&statements(&task), "states:StartExecution");
    assert_eq!(granted, [machine_arn]);
}

#[test]
fn a_partial_lambda_arn_keeps_its_account() {
    let task = lambda::Invoke::new("123456789012:function:F");
    assert_eq!(
        resources_of(&statements(&task), "lambda:InvokeFunction"),
        [
            "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:F",
            "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:F:*",
        ]
    );
}

#[test]
fn a_queue_url_of_another_account_keeps_its_region_and_account() {
    let task = sqs::SendMessage::new(
        "https://sqs.eu-west-1.amazonaws.com/999999999999/Q",
        TaskInput::text("hi"),
    );
    assert_eq!(
        resources_of(&statements(&task), "sqs:SendMessage"),
        ["arn:aws:sqs:eu-west-1:999999999999:Q"]
    );
}

#[test]
fn a_task_definition_revision_is_exact_and_a_family_takes_its_revisions() {
    let base = "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/";
    let exact = ecs::RunTask::new("TD:7");
    assert_eq!(
        resources_of(&statements(&exact), "ecs:RunTask"),
        [format!("{base}TD:7")]
    );
    let family = ecs::RunTask::new("TD");
    assert_eq!(
        resources_of(&statements(&family), "ecs:RunTask"),
        [format!("{base}TD:*")]
    );
}

#[test]
fn a_build_id_names_its_project() {
    let task = codebuild::StopBuild::new("P:0b7a4f2c-1d7e-4a2b-9c4e-2f1d3e4a5b6c");
    assert_eq!(
        resources_of(&statements(&task), "codebuild:StopBuild"),
        ["arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/P"]
    );
    let ids = codebuild::BatchDeleteBuilds::new(vec!["P:1", "Q:2"]);
    assert_eq!(
        resources_of(&statements(&ids), "codebuild:BatchDeleteBuilds"),
        [
            "arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/P",
            "arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/Q",
        ]
    );
}

#[test]
fn sagemaker_sync_jobs_may_be_tagged_by_step_functions() {
    let output = sagemaker::types::OutputDataConfig::new("s3://bucket/out");
    let training = sagemaker::CreateTrainingJob::new("train", "arn:aws:iam::1:role/sm", output)
        .integration_pattern(sagemaker::CreateTrainingJobPattern::RunJob);
    assert_eq!(
        resources_of(&statements(&training), "sagemaker:AddTags"),
        ["arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/train*"]
    );
    // Request-response without Tags tags nothing.
    let output = sagemaker::types::OutputDataConfig::new("s3://bucket/out");
    let plain = sagemaker::CreateTrainingJob::new("train", "arn:aws:iam::1:role/sm", output);
    assert!(
        !plain
            .policy_statements()
            .iter()
            .any(|s| s.actions().any(|a| a == "sagemaker:AddTags"))
    );
}

#[test]
fn an_endpoint_configs_execution_role_is_passed_to_sagemaker() {
    let task = sagemaker::CreateEndpointConfig::new("cfg", Vec::new())
        .with_execution_role_arn("arn:aws:iam::111122223333:role/inference");
    let all = statements(&task);
    let pass = all
        .iter()
        .find(|s| s["Action"] == "iam:PassRole")
        .expect("iam:PassRole");
    assert_eq!(pass["Resource"], "arn:aws:iam::111122223333:role/inference");
    assert_eq!(
        pass["Condition"]["StringEquals"]["iam:PassedToService"],
        "sagemaker.amazonaws.com"
    );
}

#[test]
fn emr_roles_each_go_to_their_own_service() {
    let instances = emr::types::JobFlowInstancesConfig::default();
    let task = emr::CreateCluster::new("c", instances)
        .with_service_role("EMR_DefaultRole")
        .with_job_flow_role(JsonPath::new("$.profile").unwrap());
    let all = statements(&task);
    let passes: Vec<&Value> = all.iter().filter(|s| s["Action"] == "iam:PassRole").collect();
    assert_eq!(passes.len(), 2, "{all:#?}");
    for pass in &passes {
        assert!(
            pass["Condition"]["StringEquals"]["iam:PassedToService"].is_string(),
            "iam:PassRole without iam:PassedToService: {pass}"
        );
    }
    let service = passes
        .iter()
        .find(|p| p["Condition"]["StringEquals"]["iam:PassedToService"] == "elasticmapreduce.amazonaws.com")
        .unwrap();
    assert_eq!(
        service["Resource"],
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/EMR_DefaultRole"
    );
}

#[test]
fn the_library_reports_what_its_policy_cannot_see() {
    let machine = StateMachine::new(ecs::RunTask::new("TD:7").state("Run")).unwrap();
    let report = machine.policy_report();
    assert_eq!(report.document.to_json(), machine.policy_document().to_json());
    let warning = report
        .warnings
        .iter()
        .find(|w| w.code == "pass-role")
        .expect("a pass-role warning");
    assert_eq!(warning.state, "Run");
    assert!(warning.message.contains("task definition"), "{warning:?}");
    // Declaring the roles answers it.
    let declared = ecs::RunTask::new("TD:7").grant_pass_role("arn:aws:iam::1:role/task");
    let machine = StateMachine::new(declared.state("Run")).unwrap();
    assert!(machine.policy_report().warnings.is_empty());
}

#[test]
fn a_placeholder_url_is_a_warned_wildcard_not_a_broken_arn() {
    let task = sqs::SendMessage::new("${QueueUrl}", TaskInput::text("hi"));
    let machine = StateMachine::new(task.state("Send")).unwrap();
    let report = machine.policy_report();
    let policy = report.document.to_json().to_string();
    assert!(!policy.contains(":${QueueUrl}"), "{policy}");
    assert!(policy.contains("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*"));
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(report.warnings[0].code, "placeholder");
    // A placeholder that names an ARN is used whole.
    let task = sqs::SendMessage::new("${Jobs.Arn}", TaskInput::text("hi"));
    assert_eq!(resources_of(&statements(&task), "sqs:SendMessage"), ["${Jobs.Arn}"]);
}

#[test]
fn shadowed_retriers_and_literal_paths_are_warned() {
    use sfn_tasks::runtime::Retry;
    let invoke = lambda::Invoke::new("f")
        .with_payload(TaskInput::json(json!({"taskId": "$.result.taskId"})))
        .state("Call")
        .retry(Retry::on(["Lambda.ServiceException"]).max_attempts(9));
    let machine = StateMachine::new(invoke).unwrap();
    let warnings = machine.warnings();
    let codes: Vec<&str> = warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"shadowed-retry"), "{warnings:#?}");
    assert!(codes.contains(&"literal-path"), "{warnings:#?}");
    let literal = warnings.iter().find(|w| w.code == "literal-path").unwrap();
    assert!(literal.message.contains("\"taskId.$\""), "{literal:?}");
}

#[test]
fn the_execution_role_trusts_only_this_accounts_state_machine() {
    let machine = StateMachine::builder(lambda::Invoke::new("f").state("Call"))
        .name("Orders")
        .build()
        .unwrap();
    let template = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    let statement =
        &template["Resources"]["StateMachineRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(
        statement["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!({"Ref": "AWS::AccountId"})
    );
    assert_eq!(
        statement["Condition"]["ArnLike"]["aws:SourceArn"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:Orders"})
    );
}
