//! The hand-written tasks and helpers of the optimized-integration work
//! (`EvaluateExpression`, `CallAwsService`, `InvokeActivity`,
//! `associate_with_parent`, the DynamoDB, ECS and SageMaker helpers), run
//! through the external checks: asl-validator on the ASL, cfn-lint on the
//! templates, and the IAM service-authorization data on the policies.
//!
//! Needs `tools/install`; see `tests/support/mod.rs`.

use serde_json::json;
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{
    CallAwsService, EvaluateExpression, IntegrationPattern, InvokeActivity, StateMachine, Task,
    TaskInput,
};
use sfn_tasks::services::dynamodb::types::AttributeValue;
use sfn_tasks::services::ecs::{
    ContainerOverrideExt, Ec2LaunchTarget, FargateLaunchTarget, awsvpc, capacity_provider,
    container_override, member_of, packed_by_memory, spread_across_zones,
};
use sfn_tasks::services::sagemaker::{
    MlInstanceType, ecr_image, resource_config, s3_output, s3_prefix_channel, s3_uri,
    training_image,
};
use sfn_tasks::services::{dynamodb, ecs, sagemaker, sfn};

use crate::support::samples::Rendered;
use crate::support::tools::skip_external;
use crate::support::validate::{self, ACCOUNT, Accepted};

fn path(p: &str) -> JsonPath {
    JsonPath::new(p).expect("valid path")
}

fn arn(service: &str, resource: &str) -> String {
    format!("arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}")
}

/// One machine per task or helper group.
fn machines() -> Vec<(&'static str, StateMachine)> {
    let single = |task: sfn_tasks::runtime::TaskState| StateMachine::new(task).expect("valid");
    let item = std::collections::BTreeMap::from([
        (
            "pk".to_owned(),
            sfn_tasks::Field::from(AttributeValue::from_string(path("$.id"))),
        ),
        (
            "doc".to_owned(),
            sfn_tasks::Field::from(AttributeValue::map([
                ("n", AttributeValue::from_number(2.5)),
                ("tags", AttributeValue::string_set(["a", "b"])),
                ("list", AttributeValue::list_from_json_path(path("$.items"))),
                ("flag", AttributeValue::boolean(path("$.flag"))),
                ("none", AttributeValue::null()),
            ])),
        ),
    ]);
    let sdk = CallAwsService::new("s3", "getObject", ["arn:aws:s3:::my-bucket/*"])
        .and_then(|t| t.parameters(json!({"Bucket": "my-bucket", "Key.$": "$.key"})))
        .expect("valid call")
        .iam_action("s3:GetObject");
    let child = sfn::StartExecution::new(arn("states", "stateMachine:child"))
        .with_input(TaskInput::object().field("order", path("$.order")))
        .associate_with_parent()
        .expect("an object input")
        .integration_pattern(sfn::StartExecutionPattern::RunJobV2);
    let on_ec2 = ecs::RunTask::new("my-family")
        .with_cluster(arn("ecs", "cluster/main"))
        .launch_target(
            Ec2LaunchTarget::new()
                .placement_strategies([spread_across_zones(), packed_by_memory()])
                .placement_constraints([member_of("attribute:ecs.instance-type =~ t3.*")]),
        );
    let on_fargate = ecs::RunTask::new("my-family")
        .with_cluster(arn("ecs", "cluster/main"))
        .integration_pattern(ecs::RunTaskPattern::RunJob)
        .launch_target(
            FargateLaunchTarget::new()
                .network(awsvpc(["subnet-1"], ["sg-1"], false))
                .capacity_provider_strategy([capacity_provider("FARGATE_SPOT", 1, 0)]),
        )
        .container_overrides([container_override("app").env("KEY", path("$.key"))]);
    let training = sagemaker::CreateTrainingJob::new(
        "my-job",
        format!("arn:aws:iam::{ACCOUNT}:role/sagemaker"),
        s3_output(s3_uri("my-bucket", "output/")),
    )
    .integration_pattern(sagemaker::CreateTrainingJobPattern::RunJob)
    .with_algorithm_specification(training_image(
        ecr_image(ACCOUNT, "us-east-1", "algo", "latest"),
        sagemaker::types::TrainingInputMode::File,
    ))
    .with_input_data_config(vec![s3_prefix_channel(
        "train",
        s3_uri("my-bucket", "train/"),
    )])
    .with_resource_config(resource_config(
        sagemaker::types::TrainingInstanceType::ml("m5.xlarge"),
        1,
        30,
    ))
    .with_stopping_condition(
        sagemaker::types::StoppingCondition::new().with_max_runtime_in_seconds(3600),
    );
    vec![
        (
            "evaluate-expression",
            single(
                EvaluateExpression::new("$.a + $.b")
                    .expect("valid")
                    .state("Sum")
                    .result_path("$.sum"),
            ),
        ),
        (
            "evaluate-expression-jsonata",
            StateMachine::new(
                EvaluateExpression::new("`Waiting ${$.seconds} s`")
                    .and_then(|e| e.to_jsonata("Message"))
                    .expect("translatable"),
            )
            .expect("valid"),
        ),
        (
            "evaluate-expression-existing-function",
            single(
                EvaluateExpression::new("$.a * 2")
                    .expect("valid")
                    .existing_function(arn("lambda", "function:evaluate"))
                    .state("Double"),
            ),
        ),
        ("call-aws-service", single(sdk.state("Get"))),
        (
            "invoke-activity",
            single(
                InvokeActivity::new(arn("states", "activity:Review"))
                    .heartbeat_seconds(60)
                    .state("Review"),
            ),
        ),
        ("start-execution-associated", single(child.state("Child"))),
        (
            "dynamodb-helpers",
            single(dynamodb::PutItem::new("Orders", item).state("Put")),
        ),
        ("ecs-ec2", single(on_ec2.state("Ec2"))),
        ("ecs-fargate", single(on_fargate.state("Fargate"))),
        ("sagemaker-helpers", single(training.state("Train"))),
    ]
}

/// The machines as the checks see them.
fn rendered() -> Rendered {
    let mut rendered = Rendered::default();
    for (name, machine) in machines() {
        rendered.add_machine(name, &machine);
    }
    rendered
}

/// Grants AWS's own templates make on `*` although the actions take
/// resource ARNs: the task ids and tag targets are not known in advance.
const AWS_TEMPLATE_STARS: &Accepted = &[
    ("ecs:DescribeTasks", "ecs-iam: on *"),
    ("ecs:StopTask", "ecs-iam: on *"),
    ("sagemaker:ListTags", "sagemaker-iam: on *"),
];

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
    let rendered = rendered();
    let (name, evaluate) = &rendered.templates[0];
    assert_eq!(name, "evaluate-expression.template");
    assert_eq!(
        evaluate["Resources"]["EvaluateExpressionFunction"]["Type"],
        "AWS::Lambda::Function"
    );
    validate::templates_pass_cfn_lint(&rendered);
}

#[test]
fn policies_pass_the_iam_data() {
    if skip_external("policies_pass_the_iam_data") {
        return;
    }
    validate::policies_pass_the_iam_data(&rendered(), AWS_TEMPLATE_STARS);
}

#[test]
fn rendered_details() {
    let all = machines();
    let asl = |name: &str| {
        all.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m.to_asl_json())
            .expect("machine")
    };
    let child = asl("start-execution-associated");
    assert_eq!(
        child["States"]["Child"]["Parameters"]["Input"],
        json!({"order.$": "$.order", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"})
    );
    let fargate = asl("ecs-fargate");
    let p = &fargate["States"]["Fargate"]["Parameters"];
    assert!(
        p.get("LaunchType").is_none(),
        "capacity providers replace the launch type"
    );
    assert_eq!(
        p["CapacityProviderStrategy"][0]["CapacityProvider"],
        "FARGATE_SPOT"
    );
    let message = asl("evaluate-expression-jsonata");
    assert_eq!(
        message["States"]["Message"]["Output"],
        "{% (\"Waiting \" & $string($states.input.seconds) & \" s\") %}"
    );
    // The SDK task refuses `.sync` and keeps request-response.
    let sdk = CallAwsService::new("s3", "listBuckets", ["*"]).expect("valid");
    assert!(
        sdk.clone()
            .integration_pattern(IntegrationPattern::RunJob)
            .is_err()
    );
    assert_eq!(
        sdk.resource().to_string(),
        "arn:aws:states:::aws-sdk:s3:listBuckets"
    );
}
