//! The seed README's code samples (`examples/seed_readme.rs`): every code
//! block is rebuilt, and what the example writes passes the external checks:
//! asl-validator on the definitions, cfn-lint on the templates, the IAM
//! service-authorization data on the policies.
//!
//! The external checks need `tools/install`; `SFN_TASKS_SKIP_EXTERNAL=1`
//! skips them (see `tests/support/mod.rs`).

#[path = "../../examples/seed_readme/samples.rs"]
mod samples;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sfn_tasks::runtime::{CfnOptions, StateMachine};
use sfn_tasks::services::sfn::STARTED_BY_KEY;

use crate::support::samples::Rendered;
use crate::support::tools::skip_external;
use crate::support::validate::{self, Accepted};

/// 36 README code blocks; the Start Execution block defines two machines,
/// and 34 samples are not in the README (a later Step Functions feature and
/// the 33 tasks of the later integrations and CDK classes).
const EXPECTED_SAMPLES: usize = 71;

/// Samples that reproduce no README block, each with its reason in `samples.rs`.
const EXTRAS: &[&str] = &[
    "sfn-start-execution-associate-with-parent",
    "athena-start-query-execution",
    "athena-get-query-execution",
    "athena-get-query-results",
    "athena-stop-query-execution",
    "bedrock-invoke-model",
    "bedrock-create-model-customization-job",
    "emr-serverless-create-application",
    "emr-serverless-start-application",
    "emr-serverless-start-job-run",
    "emr-serverless-cancel-job-run",
    "emr-serverless-stop-application",
    "emr-serverless-delete-application",
    "emr-containers-create-virtual-cluster",
    "emr-containers-start-job-run",
    "emr-containers-delete-virtual-cluster",
    "eventbridge-put-events",
    "eventbridge-put-events-callback",
    "databrew-start-job-run",
    "mediaconvert-create-job",
    "eks-create-cluster",
    "eks-create-nodegroup",
    "eks-create-fargate-profile",
    "eks-call",
    "eks-run-job",
    "eks-delete-nodegroup",
    "eks-delete-fargate-profile",
    "eks-delete-cluster",
    "apigateway-invoke",
    "apigateway-invoke-callback",
    "http-invoke",
    "call-aws-service-cross-region",
    "glue-start-crawler",
    "scheduler-create-schedule",
];

fn all() -> Vec<(&'static str, StateMachine)> {
    samples::samples().unwrap_or_else(|e| panic!("{e}"))
}

fn asl_of(name: &str) -> Value {
    all()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| m.to_asl_json())
        .unwrap_or_else(|| panic!("no sample {name}"))
}

#[test]
fn every_readme_block_is_reproduced() {
    let built = all();
    assert_eq!(
        built.len(),
        EXPECTED_SAMPLES,
        "samples: {:?}",
        built.iter().map(|(n, _)| *n).collect::<Vec<_>>()
    );
    assert_eq!(samples::SPECS.len(), built.len());

    let mut names = BTreeSet::new();
    for (name, _) in &built {
        assert!(names.insert(*name), "{name} appears twice");
        let kebab = !name.is_empty()
            && !name.starts_with('-')
            && !name.ends_with('-')
            && !name.contains("--")
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(kebab, "{name} is not kebab case");
    }

    let blocks: BTreeSet<usize> = samples::SPECS
        .iter()
        .map(|s| s.block)
        .filter(|b| *b != 0)
        .collect();
    let wanted: BTreeSet<usize> = (1..=samples::SEED_BLOCKS).collect();
    assert_eq!(blocks, wanted, "README code blocks without a sample");

    let extras: Vec<&str> = samples::SPECS
        .iter()
        .filter(|s| s.block == 0)
        .map(|s| s.name)
        .collect();
    assert_eq!(extras, EXTRAS);
    assert!(samples::SPECS.iter().all(|s| !s.section.trim().is_empty()));

    // Every output renders, as the example writes it.
    for (name, machine) in &built {
        machine
            .to_cloudformation(&CfnOptions::new())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(machine.to_asl_string_pretty().contains("\"StartAt\""));
    }
}

#[test]
fn rendered_details() {
    let get = asl_of("dynamodb-get-item");
    let state = &get["States"]["Get Item"];
    assert_eq!(state["Resource"], "arn:aws:states:::dynamodb:getItem");
    assert_eq!(
        state["Parameters"],
        json!({"TableName": "my-table", "Key": {"message_id": {"S": "message-007"}}})
    );

    let put = asl_of("dynamodb-put-item");
    assert_eq!(
        put["States"]["PutItem"]["Parameters"]["Item"],
        json!({
            "MessageId": {"S": "message-007"},
            "Text": {"S.$": "$.bar"},
            "TotalCount": {"N": "10"}
        })
    );
    let update = asl_of("dynamodb-update-item");
    assert_eq!(
        update["States"]["UpdateItem"]["Parameters"]["ExpressionAttributeValues"],
        json!({":val": {"N.$": "$.Item.TotalCount.N"}, ":rand": {"N": "20"}})
    );
    assert_eq!(
        asl_of("dynamodb-delete-item")["States"]["DeleteItem"]["ResultPath"],
        Value::Null
    );

    let callback = asl_of("lambda-invoke-callback");
    let state = &callback["States"]["Invoke with callback"];
    assert_eq!(
        state["Resource"],
        "arn:aws:states:::lambda:invoke.waitForTaskToken"
    );
    assert_eq!(
        state["Parameters"]["Payload"],
        json!({"token.$": "$$.Task.Token", "input.$": "$.someField"})
    );
    let event = asl_of("lambda-invoke-event");
    assert_eq!(
        event["States"]["Invoke Handler"]["Parameters"]["InvocationType"],
        "Event"
    );
    let response_only = asl_of("lambda-invoke-payload-response-only");
    assert_eq!(
        response_only["States"]["Invoke and combine function response with task input"]["Resource"],
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:MyLambda"
    );

    let ec2 = asl_of("ecs-run-task-ec2");
    let p = &ec2["States"]["Run"]["Parameters"];
    assert_eq!(
        ec2["States"]["Run"]["Resource"],
        "arn:aws:states:::ecs:runTask.sync"
    );
    assert_eq!(p["LaunchType"], "EC2");
    assert_eq!(
        p["PlacementStrategy"],
        json!([
            {"Type": "spread", "Field": "instanceId"},
            {"Type": "binpack", "Field": "cpu"},
            {"Type": "random"}
        ])
    );
    assert_eq!(
        p["PlacementConstraints"],
        json!([{"Type": "memberOf", "Expression": "blieptuut"}])
    );
    let fargate = asl_of("ecs-run-task-fargate");
    let p = &fargate["States"]["RunFargate"]["Parameters"];
    assert_eq!(p["LaunchType"], "FARGATE");
    assert_eq!(
        p["Overrides"]["ContainerOverrides"][0],
        json!({"Name": "TheContainer", "Environment": [{"Name": "SOME_KEY", "Value.$": "$.SomeKey"}]})
    );

    let parent = asl_of("sfn-start-execution-callback");
    let state = &parent["States"]["ChildTask"];
    assert_eq!(
        state["Resource"],
        "arn:aws:states:::states:startExecution.waitForTaskToken"
    );
    assert_eq!(
        state["Parameters"]["Input"],
        json!({"token.$": "$$.Task.Token", "foo": "bar"})
    );
    assert_eq!(state["Parameters"]["Name"], "MyExecutionName");
    let associated = asl_of("sfn-start-execution-associate-with-parent");
    assert_eq!(
        associated["States"]["ChildTask"]["Parameters"]["Input"][format!("{STARTED_BY_KEY}.$")],
        "$$.Execution.Id"
    );

    let glue = asl_of("glue-start-job-run");
    assert_eq!(
        glue["States"]["Task"]["Parameters"],
        json!({
            "JobName": "my-glue-job",
            "Arguments": {"key": "value"},
            "Timeout": 30,
            "NotificationProperty": {"NotifyDelayAfter": 5}
        })
    );

    let evaluate = all()
        .into_iter()
        .find(|(n, _)| *n == "evaluate-expression")
        .map(|(_, m)| m)
        .expect("evaluate-expression");
    let template = evaluate
        .to_cloudformation(&CfnOptions::new())
        .expect("template");
    assert_eq!(
        template["Resources"]["EvaluateExpressionFunction"]["Type"],
        "AWS::Lambda::Function"
    );
    let asl = evaluate.to_asl_json();
    assert_eq!(asl["States"]["Wait"]["SecondsPath"], "$.waitSeconds");
    assert_eq!(
        asl["States"]["Create message"]["Parameters"]["expressionAttributeValues"],
        json!({"$.waitSeconds.$": "$.waitSeconds"})
    );
}

/// The samples of the later integrations: the pattern each asks for, where
/// the task token goes, and the literal names the grants are scoped to.
#[test]
fn later_integrations_rendered_details() {
    let task = |name: &str| {
        let asl = asl_of(name);
        let start = asl["StartAt"].as_str().expect("StartAt").to_owned();
        asl["States"][start.as_str()].clone()
    };
    for (name, resource) in [
        (
            "athena-start-query-execution",
            "arn:aws:states:::athena:startQueryExecution.sync",
        ),
        (
            "bedrock-create-model-customization-job",
            "arn:aws:states:::bedrock:createModelCustomizationJob.sync",
        ),
        (
            "emr-serverless-start-job-run",
            "arn:aws:states:::emr-serverless:startJobRun.sync",
        ),
        (
            "emr-containers-start-job-run",
            "arn:aws:states:::emr-containers:startJobRun.sync",
        ),
        (
            "emr-containers-delete-virtual-cluster",
            "arn:aws:states:::emr-containers:deleteVirtualCluster.sync",
        ),
        (
            "databrew-start-job-run",
            "arn:aws:states:::databrew:startJobRun.sync",
        ),
        (
            "mediaconvert-create-job",
            "arn:aws:states:::mediaconvert:createJob.sync",
        ),
        (
            "eks-create-cluster",
            "arn:aws:states:::eks:createCluster.sync",
        ),
        (
            "eks-create-nodegroup",
            "arn:aws:states:::eks:createNodegroup.sync",
        ),
        (
            "eks-delete-nodegroup",
            "arn:aws:states:::eks:deleteNodegroup.sync",
        ),
        (
            "eks-delete-cluster",
            "arn:aws:states:::eks:deleteCluster.sync",
        ),
        ("eks-run-job", "arn:aws:states:::eks:runJob.sync"),
        ("eks-call", "arn:aws:states:::eks:call"),
        (
            "eventbridge-put-events",
            "arn:aws:states:::events:putEvents",
        ),
        (
            "eventbridge-put-events-callback",
            "arn:aws:states:::events:putEvents.waitForTaskToken",
        ),
        ("apigateway-invoke", "arn:aws:states:::apigateway:invoke"),
        (
            "apigateway-invoke-callback",
            "arn:aws:states:::apigateway:invoke.waitForTaskToken",
        ),
        (
            "glue-start-crawler",
            "arn:aws:states:::aws-sdk:glue:startCrawler",
        ),
        (
            "scheduler-create-schedule",
            "arn:aws:states:::aws-sdk:scheduler:createSchedule",
        ),
    ] {
        assert_eq!(task(name)["Resource"], resource, "{name}");
    }

    let athena = task("athena-start-query-execution");
    assert_eq!(athena["Parameters"]["WorkGroup"], "analytics");
    assert_eq!(
        athena["Parameters"]["ResultConfiguration"],
        json!({"OutputLocation": "s3://query-results-bucket/athena/"})
    );
    let bedrock = task("bedrock-invoke-model");
    assert_eq!(
        bedrock["Parameters"]["ModelId"],
        "amazon.titan-text-express-v1"
    );
    assert_eq!(bedrock["Parameters"]["Body"]["inputText.$"], "$.prompt");

    // The task token: in the event's Detail, in a header as a list.
    assert_eq!(
        task("eventbridge-put-events-callback")["Parameters"]["Entries"][0]["Detail"]["taskToken.$"],
        "$$.Task.Token"
    );
    let callback = task("apigateway-invoke-callback");
    assert_eq!(
        callback["Parameters"]["Headers"],
        json!({"TaskToken.$": "States.Array($$.Task.Token)"})
    );
    let get = task("apigateway-invoke");
    assert_eq!(
        get["Parameters"],
        json!({
            "ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com",
            "Method": "GET",
            "Stage": "prod",
            "Path": "pets",
            "AuthType": "IAM_ROLE"
        })
    );
    assert_eq!(
        task("eks-run-job")["Parameters"]["LogOptions"],
        json!({"RetrieveLogs": true})
    );

    // Literal names scope the grants.
    let policy_of = |name: &str| {
        all()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m.policy_document().to_json().to_string())
            .unwrap_or_else(|| panic!("no sample {name}"))
    };
    for (name, scoped) in [
        ("athena-start-query-execution", ":workgroup/analytics\""),
        ("apigateway-invoke", ":abc123/prod/GET/pets\""),
        ("databrew-start-job-run", ":job/clean-orders-job\""),
        ("eks-delete-cluster", ":cluster/MyCluster\""),
        ("glue-start-crawler", ":crawler/my-crawler\""),
        ("eventbridge-put-events", ":event-bus/orders\""),
    ] {
        let policy = policy_of(name);
        assert!(policy.contains(scoped), "{name}: {policy}");
    }
    // EKS's Kubernetes API calls are authorized by the cluster's RBAC.
    for name in ["eks-call", "eks-run-job"] {
        assert!(policy_of(name).contains("\"Statement\":[]"), "{name}");
    }
}

/// The samples as the checks see them.
fn rendered() -> Rendered {
    let mut rendered = Rendered::default();
    for (name, machine) in all() {
        rendered.add_machine(name, &machine);
    }
    rendered
}

#[test]
fn definitions_pass_asl_validator() {
    if skip_external("definitions_pass_asl_validator") {
        return;
    }
    validate::definitions_pass_asl_validator(&rendered());
}

#[test]
fn templates_pass_cfn_lint() {
    if skip_external("templates_pass_cfn_lint") {
        return;
    }
    validate::templates_pass_cfn_lint(&rendered());
}

/// A sample that names its function or state machine (with `arn(…)`, a
/// literal ARN or a name) is granted that resource, never every function or
/// state machine of the account; only values from paths may widen.
#[test]
fn named_resources_are_not_widened() {
    let mut checked = 0;
    for (name, machine) in all() {
        let asl = machine.to_asl_json().to_string();
        let policy = machine.policy_document().to_json().to_string();
        for (wide, dynamic_key) in [
            (":function:*\"", "\"FunctionName.$\""),
            (":stateMachine:*\"", "\"StateMachineArn.$\""),
        ] {
            if policy.contains(wide) {
                assert!(
                    asl.contains(dynamic_key),
                    "{name}: {wide} granted although the definition names the resource\n{policy}"
                );
            }
        }
        if asl.contains("\"FunctionName\"") || asl.contains("\"StateMachineArn\"") {
            checked += 1;
        }
    }
    // The samples that name a function or a state machine literally (9 of
    // the 69; they were widened before the binder read ARNs part by part).
    assert!(
        checked >= 9,
        "only {checked} samples name a function or state machine"
    );
}

#[test]
fn policies_pass_the_iam_data() {
    if skip_external("policies_pass_the_iam_data") {
        return;
    }
    // Grants that follow AWS's Step Functions IAM templates where the
    // authorization data lists other resource types for the action; each
    // is accepted only as "has no usable resource" for that action.
    const AWS_TEMPLATE_GRANTS: &Accepted = &[
        // On `*`: task ids and tag targets are not known in advance
        // (DEVIATIONS.md, "Not covered").
        ("ecs:DescribeTasks", "ecs-iam: on *"),
        ("ecs:StopTask", "ecs-iam: on *"),
        ("sagemaker:ListTags", "sagemaker-iam: on *"),
        // On `*`: the `.sync` polling and cancelling of a job whose id is
        // not known in advance (DEVIATIONS.md, IAM, `batch::SubmitJob` `.sync`).
        ("batch:TerminateJob", "batch-iam: on *"),
    ];
    validate::policies_pass_the_iam_data(&rendered(), AWS_TEMPLATE_GRANTS);
}
