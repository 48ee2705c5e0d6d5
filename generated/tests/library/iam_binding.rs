//! IAM for the values real definitions hold: ARNs written with
//! CloudFormation pseudo parameters, partial and qualified ARNs, queue URLs
//! of other accounts, revisions, build ids, placeholders and template
//! references; and the permissions AWS requires that were missing (issue
//! "Correct on real definitions"). Each case failed before its fix.

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
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        if acts.iter().any(|a| a == action) {
            match &s["Resource"] {
                Value::String(r) => out.push(r.clone()),
                Value::Array(rs) => {
                    out.extend(rs.iter().filter_map(|r| r.as_str().map(str::to_owned)))
                }
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

/// The direct form needs an ARN as its `Resource`; `FunctionName` also
/// takes a name or a partial ARN, which are made whole (a name was written
/// as the `Resource` as it stood, which Step Functions rejects).
#[test]
fn payload_response_only_makes_a_name_a_function_arn() {
    let resource_of = |name: &str| {
        let state = lambda::Invoke::new(name)
            .payload_response_only()
            .state("Call");
        let machine = sfn_tasks::runtime::StateMachine::new(state).unwrap();
        machine.to_asl_json()["States"]["Call"]["Resource"].clone()
    };
    assert_eq!(
        resource_of("charge-card"),
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:charge-card"
    );
    assert_eq!(
        resource_of("123456789012:function:charge-card:live"),
        "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:charge-card:live"
    );
    let full = "arn:aws:lambda:eu-west-1:999999999999:function:charge-card";
    assert_eq!(resource_of(full), full);
    assert_eq!(resource_of("${ChargeArn}"), "${ChargeArn}");
}

/// A topic ARN has no resource-type prefix; it was taken for an ARN of
/// another type and rebuilt from its name with the machine's region and
/// account (found by the typed order workflow example).
#[test]
fn a_topic_arn_of_another_region_and_account_is_granted_as_written() {
    let topic = "arn:aws:sns:eu-west-1:999999999999:order-failures";
    let task =
        sfn_tasks::services::sns::Publish::new(TaskInput::text("failed")).with_topic_arn(topic);
    assert_eq!(resources_of(&statements(&task), "sns:Publish"), [topic]);
    let by_name = sfn_tasks::services::sns::Publish::new(TaskInput::text("x"))
        .with_topic_arn(arn("sns", "alerts"));
    assert_eq!(
        resources_of(&statements(&by_name), "sns:Publish"),
        ["arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts"]
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
    let passes: Vec<&Value> = all
        .iter()
        .filter(|s| s["Action"] == "iam:PassRole")
        .collect();
    assert_eq!(passes.len(), 2, "{all:#?}");
    for pass in &passes {
        assert!(
            pass["Condition"]["StringEquals"]["iam:PassedToService"].is_string(),
            "iam:PassRole without iam:PassedToService: {pass}"
        );
    }
    let service = passes
        .iter()
        .find(|p| {
            p["Condition"]["StringEquals"]["iam:PassedToService"]
                == "elasticmapreduce.amazonaws.com"
        })
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
    assert_eq!(
        report.document.to_json(),
        machine.policy_document().to_json()
    );
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
    assert_eq!(
        resources_of(&statements(&task), "sqs:SendMessage"),
        ["${Jobs.Arn}"]
    );
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
    let statement = &template["Resources"]["StateMachineRole"]["Properties"]["AssumeRolePolicyDocument"]
        ["Statement"][0];
    assert_eq!(
        statement["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!({"Ref": "AWS::AccountId"})
    );
    assert_eq!(
        statement["Condition"]["ArnLike"]["aws:SourceArn"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:Orders"})
    );
}

/// `sfn-tasks policy` and `cfn` on definitions with placeholders and
/// template references.
#[cfg(feature = "cli")]
mod cli {
    use serde_json::Value;
    use sfn_tasks::cli::{self, Source};
    use sfn_tasks::runtime::Bindings;

    fn policy_of(file: &str, text: &str) -> (String, Vec<String>) {
        let source = Source::parse(file, text.to_owned()).unwrap_or_else(|e| panic!("{e}"));
        let definition = &source.definitions[0];
        let (policy, warnings) = cli::policy(&source, definition, &Bindings::new(), None);
        (
            policy.to_string(),
            warnings
                .iter()
                .map(|w| format!("{}: {}", w.code, w.message))
                .collect(),
        )
    }

    fn task(resource: &str, parameters: &str) -> String {
        format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{resource}","Parameters":{parameters},"End":true}}}}}}"#
        )
    }

    #[test]
    fn credentials_grant_assume_role_instead_of_the_tasks_actions() {
        let text = r#"{"StartAt":"T","States":{"T":{"Type":"Task",
            "Resource":"arn:aws:states:::lambda:invoke",
            "Credentials":{"RoleArn":"arn:aws:iam::111122223333:role/Cross"},
            "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:111122223333:function:F"},
            "End":true}}}"#;
        let (policy, _) = policy_of("c.asl.json", text);
        assert!(policy.contains("sts:AssumeRole"), "{policy}");
        assert!(
            policy.contains("arn:aws:iam::111122223333:role/Cross"),
            "{policy}"
        );
        assert!(!policy.contains("lambda:InvokeFunction"), "{policy}");
    }

    #[test]
    fn placeholders_standing_for_arns_are_not_wrapped() {
        let (policy, _) = policy_of(
            "p.asl.json",
            &task(
                "arn:aws:states:::states:startExecution.sync:2",
                r#"{"StateMachineArn":"${ChildStateMachineArn}","Input":{}}"#,
            ),
        );
        assert!(policy.contains(r#""${ChildStateMachineArn}""#), "{policy}");
        assert!(
            !policy.contains("stateMachine:${ChildStateMachineArn}"),
            "{policy}"
        );
        let (policy, _) = policy_of(
            "p.asl.json",
            &task(
                "arn:aws:states:::sns:publish",
                r#"{"TopicArn":"${TopicArn}","Message":"m"}"#,
            ),
        );
        assert!(policy.contains(r#""Resource":"${TopicArn}""#), "{policy}");
        let (policy, warnings) = policy_of(
            "p.asl.json",
            &task(
                "arn:aws:states:::sqs:sendMessage",
                r#"{"QueueUrl":"${QueueUrl}","MessageBody":"m"}"#,
            ),
        );
        assert!(!policy.contains(":${QueueUrl}"), "{policy}");
        assert!(
            warnings.iter().any(|w| w.starts_with("placeholder:")),
            "{warnings:?}"
        );
    }

    #[test]
    fn template_references_follow_their_return_values() {
        let template = r#"{
          "Resources": {
            "Topic": {"Type": "AWS::SNS::Topic"},
            "Jobs": {"Type": "AWS::SQS::Queue"},
            "Machine": {
              "Type": "AWS::Serverless::StateMachine",
              "Properties": {
                "DefinitionSubstitutions": {"TopicArn": {"Ref": "Topic"}, "Fn": "charge-card"},
                "Definition": {
                  "StartAt": "Notify",
                  "States": {
                    "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                      "Parameters": {"TopicArn": "${TopicArn}", "Message": "m"}, "Next": "Direct"},
                    "Direct": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                      "Parameters": {"TopicArn": {"Ref": "Topic"}, "Message": "m"}, "Next": "Queue"},
                    "Queue": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                      "Parameters": {"QueueUrl": {"Ref": "Jobs"}, "MessageBody": "m"}, "Next": "Charge"},
                    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "${Fn}"}, "End": true}
                  }
                }
              }
            }
          }
        }"#;
        let (policy, warnings) = policy_of("template.json", template);
        let policy: Value = serde_json::from_str(&policy).unwrap();
        let text = policy.to_string();
        assert!(text.contains(r#""Resource":"${Topic}""#), "{text}");
        assert!(!text.contains(":${Topic}"), "{text}");
        assert!(text.contains(r#""Resource":"${Jobs.Arn}""#), "{text}");
        // A substitution of a plain string is read as that string.
        assert!(text.contains(":function:charge-card\""), "{text}");
        assert!(
            warnings.iter().all(|w| !w.starts_with("placeholder:")),
            "{warnings:?}"
        );
    }

    /// Every optimized integration, with every pass-role parameter given as
    /// a path (the widest case): no `iam:PassRole` without
    /// `iam:PassedToService`.
    #[test]
    fn no_optimized_task_passes_any_role_to_any_service() {
        use sfn_tasks::runtime::optimized::statements;
        let mut checked = 0;
        for service in cli::schema::services() {
            for task in service.optimized {
                let Some(spec) = &task.pass_role else {
                    continue;
                };
                let mut params = serde_json::Map::new();
                for pointer in spec.pointers {
                    // `/Overrides/TaskRoleArn` → {"Overrides": {"TaskRoleArn.$": "$.r"}}
                    let mut at = &mut params;
                    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
                    for (i, part) in parts.iter().enumerate() {
                        if i + 1 == parts.len() {
                            at.insert(format!("{part}.$"), Value::from("$.role"));
                        } else {
                            at = at
                                .entry(part.to_string())
                                .or_insert_with(|| Value::Object(Default::default()))
                                .as_object_mut()
                                .unwrap();
                        }
                    }
                }
                for pattern in task.patterns {
                    let all = statements(
                        task.grants,
                        *pattern,
                        &Value::Object(params.clone()),
                        Some((spec, &[])),
                    );
                    for s in all
                        .iter()
                        .filter(|s| s.actions().any(|a| a == "iam:PassRole"))
                    {
                        let json = s.to_json();
                        assert!(
                            json["Condition"]["StringEquals"]["iam:PassedToService"].is_string(),
                            "{}:{}: {json}",
                            service.module,
                            task.action
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked >= 10, "only {checked} pass-role statements checked");
    }

    #[test]
    fn sdk_tasks_keep_revisions_and_read_build_ids() {
        let (policy, _) = policy_of(
            "e.asl.json",
            &task(
                "arn:aws:states:::aws-sdk:ecs:runTask",
                r#"{"Cluster":"c","TaskDefinition":"TD:7"}"#,
            ),
        );
        assert!(policy.contains(":task-definition/TD:7\""), "{policy}");
        let (policy, _) = policy_of(
            "e.asl.json",
            &task(
                "arn:aws:states:::aws-sdk:ecs:runTask",
                r#"{"Cluster":"c","TaskDefinition":"TD"}"#,
            ),
        );
        assert!(policy.contains(":task-definition/TD:*\""), "{policy}");
        let (policy, _) = policy_of(
            "b.asl.json",
            &task(
                "arn:aws:states:::aws-sdk:codebuild:stopBuild",
                r#"{"Id":"P:0b7a"}"#,
            ),
        );
        assert!(policy.contains(":project/P\""), "{policy}");
    }

    #[test]
    fn cfn_turns_every_placeholder_into_a_parameter() {
        let text = task(
            "arn:aws:states:::glue:startJobRun",
            r#"{"JobName":"${glue_job_name}"}"#,
        );
        let source = Source::parse("g.asl.json", text).unwrap();
        let (template, _) =
            cli::cloudformation(&source, &source.definitions[0], &Bindings::new(), None);
        assert_eq!(template["Parameters"]["GlueJobName"]["Type"], "String");
        let definition =
            template["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
                .as_str()
                .unwrap();
        assert!(
            definition.contains(r#""JobName":"${GlueJobName}""#),
            "{definition}"
        );
        assert!(!definition.contains("${!"), "{definition}");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Text shaped like the values real definitions hold: ARNs, URLs,
    /// placeholders, ids with colons and slashes, and noise.
    fn value() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("arn:".to_owned()),
            Just("${AWS::Partition}".to_owned()),
            Just("${".to_owned()),
            Just("}".to_owned()),
            Just(":".to_owned()),
            Just("/".to_owned()),
            Just("https://sqs.".to_owned()),
            Just(".amazonaws.com/".to_owned()),
            Just("123456789012".to_owned()),
            Just("function:".to_owned()),
            Just("Arn".to_owned()),
            "[a-zA-Z0-9._*-]{0,6}",
            ".{0,3}",
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|p| p.concat())
    }

    fn well_formed(resource: &str) -> bool {
        resource == "*" || resource.starts_with("arn:") || resource.starts_with("${")
    }

    proptest! {
        #[test]
        fn the_binder_never_panics_nor_writes_a_malformed_resource(v in value()) {
            let tasks: Vec<Box<dyn Task>> = vec![
                Box::new(lambda::Invoke::new(v.clone())),
                Box::new(sqs::SendMessage::new(v.clone(), TaskInput::text("m"))),
                Box::new(ecs::RunTask::new(v.clone())),
                Box::new(codebuild::StopBuild::new(v.clone())),
                Box::new(codebuild::BatchDeleteBuilds::new(vec![v.as_str(), "P:1"])),
                Box::new(sfn_tasks::services::sfn::StartExecution::new(v.clone())),
                Box::new(emr::CreateCluster::new("c", emr::types::JobFlowInstancesConfig::default()).with_service_role(v.clone())),
            ];
            for task in tasks {
                let (statements, _) = sfn_tasks::runtime::bind::collect_warnings(|| task.policy_statements());
                prop_assert!(!statements.is_empty());
                for s in &statements {
                    for r in s.resources() {
                        prop_assert!(well_formed(r), "{v:?} gave {r:?}");
                    }
                }
            }
        }
    }
}
