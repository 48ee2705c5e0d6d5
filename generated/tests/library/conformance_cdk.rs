//! CDK conformance: each vendored case in `tests/fixtures/cdk/` is rebuilt
//! with the crate's tasks and compared (see the fixtures' README): the same
//! Task state (Resource, Parameters, common fields), and IAM grants that
//! cover CDK's wherever AWS needs them and are never broader unless listed
//! here and in `DEVIATIONS.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Value, json};
use sfn_tasks::runtime::{
    Bindings, CallAwsServiceCrossRegion, Catch, CustomTask, EvaluateExpression, Fail,
    JitterStrategy, Pass, Retry, StateMachine, Succeed, Task, TaskInput, TaskState,
};
use sfn_tasks::services::{
    apigateway, athena, batch, bedrock, bedrockruntime, codebuild, databrew, dynamodb, ecs, eks,
    emr, emrcontainers, eventbridge, glue, lambda, mediaconvert, sagemaker, scheduler, sfn, sns,
    sqs,
};
use sfn_tasks::{Field, Intrinsic, JsonPath};

fn path(p: &str) -> JsonPath {
    JsonPath::new(p).expect("valid path")
}

/// A deliberate difference from CDK for one case; each is in DEVIATIONS.md.
struct Deviation {
    /// `grant-missing`: a CDK grant we leave out; `grant-extra`: one of ours
    /// that CDK's grants do not cover; `state`: a field of the state.
    kind: &'static str,
    /// The IAM action, or the state field.
    what: &'static str,
}

const fn dev(kind: &'static str, what: &'static str) -> Deviation {
    Deviation { kind, what }
}

fn single(task: TaskState) -> StateMachine {
    StateMachine::new(task).expect("a valid machine")
}

fn attr(s: &str) -> dynamodb::types::AttributeValue {
    dynamodb::types::AttributeValue::default().with_s(s)
}

fn fn_arn() -> &'static str {
    "${Fn9270CBC0.Arn}"
}

/// The cases built so far, with their deviations.
fn cases() -> Vec<(&'static str, StateMachine, Vec<Deviation>)> {
    let key = || {
        BTreeMap::from([
            ("pk".to_owned(), Field::from(attr("user#1"))),
            (
                "sk".to_owned(),
                Field::from(dynamodb::types::AttributeValue::default().with_s(path("$.sk"))),
            ),
        ])
    };
    let table = "${TableCD117FA1}";
    let ecs_vpc = || {
        ecs::types::NetworkConfiguration::default().with_awsvpc_configuration(
            ecs::types::AwsVpcConfiguration::new(vec![
                "${VpcPrivateSubnet1Subnet536B997A}",
                "${VpcPrivateSubnet2Subnet3788AAA1}",
            ])
            .with_security_groups(vec!["${TaskSecurityGroup7A9820DB.GroupId}"]),
        )
    };
    // CDK grants the task definition by its ARN reference; we by family.
    let ecs_family = || {
        vec![
            dev("grant-missing", "ecs:RunTask"),
            dev("grant-extra", "ecs:RunTask"),
        ]
    };
    let ecs_common = |task: ecs::RunTask| {
        task.with_cluster("${ClusterEB0386A7.Arn}")
            .grant_pass_role("${TaskDefTaskRole1EDB4A67.Arn}")
    };
    vec![
        (
            "dynamodb-get-item",
            single(
                dynamodb::GetItem::new(table, key())
                    .with_consistent_read(false)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "dynamodb-put-item",
            single(
                dynamodb::PutItem::new(
                    table,
                    BTreeMap::from([
                        ("pk".to_owned(), Field::from(attr("user#1"))),
                        ("sk".to_owned(), Field::from(attr("profile"))),
                        (
                            "count".to_owned(),
                            Field::from(dynamodb::types::AttributeValue::default().with_n("1")),
                        ),
                    ]),
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "dynamodb-delete-item",
            single(
                dynamodb::DeleteItem::new(table, key())
                    .with_condition_expression("#s = :s")
                    .with_expression_attribute_names(BTreeMap::from([(
                        "#s".to_owned(),
                        Field::from("status"),
                    )]))
                    .with_expression_attribute_values(BTreeMap::from([(
                        ":s".to_owned(),
                        Field::from(attr("inactive")),
                    )]))
                    .with_return_values(dynamodb::types::ReturnValue::AllOld)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "dynamodb-update-item",
            single(
                dynamodb::UpdateItem::new(table, key())
                    .with_condition_expression("attribute_exists(pk)")
                    .with_expression_attribute_names(BTreeMap::from([
                        ("#c".to_owned(), Field::from("count")),
                        ("#s".to_owned(), Field::from("status")),
                    ]))
                    .with_expression_attribute_values(BTreeMap::from([
                        (
                            ":inc".to_owned(),
                            Field::from(dynamodb::types::AttributeValue::default().with_n("1")),
                        ),
                        (
                            ":s".to_owned(),
                            Field::from(dynamodb::types::AttributeValue::default().with_s(path("$.status"))),
                        ),
                    ]))
                    .with_return_consumed_capacity(dynamodb::types::ReturnConsumedCapacity::None)
                    .with_return_item_collection_metrics(
                        dynamodb::types::ReturnItemCollectionMetrics::None,
                    )
                    .with_return_values(dynamodb::types::ReturnValue::UpdatedNew)
                    .with_update_expression("SET #c = #c + :inc, #s = :s")
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "lambda-invoke-default",
            single(lambda::Invoke::new(fn_arn()).state("Task")),
            vec![],
        ),
        (
            "lambda-invoke-event",
            single(
                lambda::Invoke::new(fn_arn())
                    .with_invocation_type(lambda::types::InvocationType::Event)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "lambda-invoke-payload-object",
            single(
                lambda::Invoke::new(fn_arn())
                    .with_payload(
                        TaskInput::object()
                            .field("literal", "x")
                            .field("num", 1_i64)
                            .field("flag", true)
                            .field("fromInput", path("$.a.b"))
                            .field("list", path("$.items"))
                            .field("execId", JsonPath::execution_id())
                            .field("entire", JsonPath::whole_input())
                            .field(
                                "formatted",
                                Intrinsic::parse("States.Format('hello {}', $.name)").unwrap(),
                            )
                            .field("nested", TaskInput::object().field("inner", path("$.n"))),
                    )
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "lambda-invoke-payload-response-only",
            single(
                lambda::Invoke::new(fn_arn())
                    .payload_response_only()
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "lambda-invoke-wait-for-task-token",
            single(
                lambda::Invoke::new(fn_arn())
                    .integration_pattern(lambda::InvokePattern::WaitForTaskToken)
                    .with_payload(
                        TaskInput::object()
                            .field("token", JsonPath::task_token())
                            .field("input", path("$.input")),
                    )
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "common-result-path-discard",
            single(lambda::Invoke::new(fn_arn()).state("Task").discard_result()),
            vec![],
        ),
        ("common-props-jsonpath", common_props(), vec![]),
        (
            "sqs-send-message",
            single(sqs::SendMessage::new("${Queue4A7E3555}", "hello").state("Task")),
            vec![],
        ),
        (
            "sqs-send-message-wait-for-task-token",
            single(
                sqs::SendMessage::new(
                    "${Queue4A7E3555}",
                    TaskInput::object()
                        .field("token", JsonPath::task_token())
                        .field("data", path("$.data")),
                )
                .integration_pattern(sqs::SendMessagePattern::WaitForTaskToken)
                .state("Task"),
            ),
            vec![],
        ),
        (
            "sns-publish-message-jsonpath",
            single(
                sns::Publish::new(path("$.message"))
                    .with_topic_arn("${TopicBFC7AF6E}")
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "sns-publish-wait-for-task-token",
            single(
                sns::Publish::new(
                    TaskInput::object()
                        .field("token", JsonPath::task_token())
                        .field("input", JsonPath::whole_input()),
                )
                .with_topic_arn("${TopicBFC7AF6E}")
                .integration_pattern(sns::PublishPattern::WaitForTaskToken)
                .state("Task"),
            ),
            vec![],
        ),
        (
            "sfn-start-execution-request-response",
            single(sfn::StartExecution::new("${ChildStateMachine9133117F}").state("Task")),
            vec![],
        ),
        (
            "sfn-start-execution-sync",
            single(
                sfn::StartExecution::new("${ChildStateMachine9133117F}")
                    .integration_pattern(sfn::StartExecutionPattern::RunJobV2)
                    .with_input(TaskInput::object().field("a", path("$.a")))
                    .with_name("child-exec")
                    .state("Task"),
            ),
            // CDK derives the execution ARN with Fn::Select/Fn::Split; a
            // `${Ref}` is opaque to us, so the name part is the reference.
            vec![
                dev("grant-missing", "states:DescribeExecution"),
                dev("grant-missing", "states:StopExecution"),
                dev("grant-extra", "states:DescribeExecution"),
                dev("grant-extra", "states:StopExecution"),
            ],
        ),
        (
            "sfn-start-execution-wait-for-task-token",
            single(
                sfn::StartExecution::new("${ChildStateMachine9133117F}")
                    .integration_pattern(sfn::StartExecutionPattern::WaitForTaskToken)
                    .with_input(TaskInput::object().field("token", JsonPath::task_token()))
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "sfn-invoke-activity",
            single(CustomTask::from_arn("${Activity04690B0A}").state("Task")),
            vec![],
        ),
        (
            "call-aws-service-s3-list-buckets",
            single(
                CustomTask::aws_sdk("s3", "listBuckets")
                    .policy_actions(["s3:listBuckets"], ["*"])
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "batch-submit-job-sync",
            single(batch_job().state("Task")),
            // CDK grants any job definition; we grant the one named. CDK
            // lacks the polling/cancel actions AWS requires for `.sync`.
            vec![
                dev("grant-extra", "batch:SubmitJob"),
                dev("grant-extra", "batch:DescribeJobs"),
                dev("grant-extra", "batch:TerminateJob"),
            ],
        ),
        (
            "batch-submit-job-request-response",
            single(
                batch_job()
                    .integration_pattern(batch::SubmitJobPattern::RequestResponse)
                    .state("Task"),
            ),
            // CDK adds the `.sync` EventBridge rule to request-response too.
            vec![
                dev("grant-extra", "batch:SubmitJob"),
                dev("grant-missing", "events:PutTargets"),
                dev("grant-missing", "events:PutRule"),
                dev("grant-missing", "events:DescribeRule"),
            ],
        ),
        (
            "glue-start-job-run-request-response",
            single(glue::StartJobRun::new("my-glue-job").state("Task")),
            vec![],
        ),
        (
            "glue-start-job-run-sync",
            single(
                glue::StartJobRun::new("my-glue-job")
                    .integration_pattern(glue::StartJobRunPattern::RunJob)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "codebuild-start-build-request-response",
            single(codebuild::StartBuild::new("${ProjectC78D97AD}").state("Task")),
            // AWS needs only StartBuild without `.sync`; CDK grants the
            // polling actions for every pattern.
            vec![
                dev("grant-missing", "codebuild:BatchGetBuilds"),
                dev("grant-missing", "codebuild:BatchGetReports"),
                dev("grant-missing", "codebuild:StopBuild"),
            ],
        ),
        (
            "codebuild-start-build-sync",
            single(
                codebuild::StartBuild::new("${ProjectC78D97AD}")
                    .integration_pattern(codebuild::StartBuildPattern::RunJob)
                    .state("Task"),
            ),
            // Authorized on report groups, so CDK's grant on the project
            // does nothing; AWS's template does not list it.
            vec![dev("grant-missing", "codebuild:BatchGetReports")],
        ),
        (
            "codebuild-start-build-batch-sync",
            single(
                codebuild::StartBuildBatch::new("${ProjectC78D97AD}")
                    .integration_pattern(codebuild::StartBuildBatchPattern::RunJob)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "ecs-run-task-ec2-request-response",
            single(
                ecs_common(ecs::RunTask::new("OracleStackTaskDef4F1BD43C"))
                    .with_launch_type(ecs::types::LaunchType::Ec2)
                    .state("Task"),
            ),
            // CDK grants DescribeTasks/StopTask without `.sync`; AWS does not need them.
            {
                let mut d = ecs_family();
                d.push(dev("grant-missing", "ecs:DescribeTasks"));
                d.push(dev("grant-missing", "ecs:StopTask"));
                d
            },
        ),
        (
            "ecs-run-task-fargate-sync",
            single(
                ecs_common(ecs::RunTask::new("OracleStackTaskDef4F1BD43C"))
                    .integration_pattern(ecs::RunTaskPattern::RunJob)
                    .with_network_configuration(ecs_vpc())
                    .with_launch_type(ecs::types::LaunchType::Fargate)
                    .with_platform_version("LATEST")
                    .state("Task"),
            ),
            ecs_family(),
        ),
        (
            "ecs-run-task-fargate-wait-for-task-token",
            single(
                ecs_common(ecs::RunTask::new("OracleStackTaskDef4F1BD43C"))
                    .integration_pattern(ecs::RunTaskPattern::WaitForTaskToken)
                    .with_network_configuration(ecs_vpc())
                    .with_overrides(ecs::types::TaskOverride::default().with_container_overrides(
                        vec![
                            ecs::types::ContainerOverride::new()
                                .with_name("app")
                                .with_environment(vec![
                                    ecs::types::KeyValuePair::default()
                                        .with_name("TASK_TOKEN")
                                        .with_value(JsonPath::task_token()),
                                ]),
                        ],
                    ))
                    .with_launch_type(ecs::types::LaunchType::Fargate)
                    .with_platform_version("LATEST")
                    .state("Task"),
            ),
            {
                let mut d = ecs_family();
                d.push(dev("grant-missing", "ecs:DescribeTasks"));
                d.push(dev("grant-missing", "ecs:StopTask"));
                d
            },
        ),
        (
            "emr-cancel-step",
            single(emr::CancelStep::new("j-1234567890ABC", "s-1234567890ABC").state("Task")),
            vec![],
        ),
        (
            "emr-terminate-cluster-sync",
            single(emr::TerminateCluster::new("j-1234567890ABC").state("Task")),
            vec![],
        ),
        (
            "emr-set-cluster-termination-protection",
            single(emr::SetClusterTerminationProtection::new(false, "j-1234567890ABC").state("Task")),
            vec![],
        ),
        (
            "emr-add-step-sync",
            single(
                emr::AddStep::new(
                    path("$.ClusterId"),
                    emr::types::StepConfig::new(
                        "my-step",
                        emr::types::HadoopJarStepConfig::new("command-runner.jar")
                            .with_main_class("com.example.Main")
                            .with_args(vec!["spark-submit", "--version"])
                            .with_properties(vec![
                                emr::types::KeyValue::default().with_key("k1").with_value("v1"),
                            ]),
                    )
                    .with_action_on_failure(emr::types::ActionOnFailure::Continue),
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "emr-modify-instance-fleet-by-name",
            single(
                emr::ModifyInstanceFleetByName::new(
                    "j-1234567890ABC",
                    TaskInput::json(json!({"TargetOnDemandCapacity": 2, "TargetSpotCapacity": 0})),
                    "Core",
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "emr-modify-instance-group-by-name",
            single(
                emr::ModifyInstanceGroupByName::new(
                    "j-1234567890ABC",
                    TaskInput::json(json!({
                        "EC2InstanceIdsToTerminate": ["i-123"],
                        "InstanceCount": 4,
                        "ShrinkPolicy": {
                            "DecommissionTimeout": 300,
                            "InstanceResizePolicy": {"InstancesToProtect": ["i-456"], "InstanceTerminationTimeout": 120}
                        }
                    })),
                    path("$.InstanceGroupName"),
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "sagemaker-create-endpoint",
            single(
                sagemaker::CreateEndpoint::new("my-endpoint", "my-endpoint-config")
                    .with_tags(vec![sagemaker::types::Tag::new("project", "ml")])
                    .state("Task"),
            ),
            // Ours names the endpoint and its config; CDK grants `*`-free
            // CreateEndpoint on the endpoint only. Tagging needs AddTags.
            vec![dev("grant-extra", "sagemaker:CreateEndpoint"), dev("grant-extra", "sagemaker:AddTags")],
        ),
        (
            "sagemaker-update-endpoint",
            single(sagemaker::UpdateEndpoint::new("my-endpoint", "my-endpoint-config-v2").state("Task")),
            vec![dev("grant-extra", "sagemaker:UpdateEndpoint")],
        ),
        (
            "sagemaker-create-endpoint-config",
            single(
                sagemaker::CreateEndpointConfig::new(
                    "my-endpoint-config",
                    vec![
                        sagemaker::types::ProductionVariant::new("AllTraffic")
                            .with_initial_instance_count(1)
                            .with_instance_type(sagemaker::types::ProductionVariantInstanceType::MlM5Large)
                            .with_model_name("my-model")
                            .with_initial_variant_weight(1.0),
                    ],
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "sagemaker-create-model",
            single(
                sagemaker::CreateModel::new("my-model")
                    .with_enable_network_isolation(true)
                    .with_execution_role_arn("${TaskSagemakerRole24575143.Arn}")
                    .with_primary_container(
                        sagemaker::types::ContainerDefinition::new()
                            .with_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest")
                            .with_mode(sagemaker::types::ContainerMode::SingleModel)
                            .with_model_data_url(path("$.TrainingJob.ModelArtifacts.S3ModelArtifacts"))
                            .with_environment(BTreeMap::from([("K".to_owned(), Field::from("V"))])),
                    )
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "sagemaker-create-training-job-sync",
            single(
                sagemaker::CreateTrainingJob::new(
                    "my-training-job",
                    "${TaskSagemakerRole24575143.Arn}",
                    sagemaker::types::OutputDataConfig::new(
                        "https://s3.${AWS::Region}.${AWS::URLSuffix}/my-sagemaker-bucket/output/",
                    ),
                )
                .integration_pattern(sagemaker::CreateTrainingJobPattern::RunJob)
                .with_algorithm_specification(
                    sagemaker::types::AlgorithmSpecification::new(sagemaker::types::TrainingInputMode::File)
                        .with_algorithm_name("BlazingText"),
                )
                .with_input_data_config(vec![sagemaker::types::Channel::new(
                    "train",
                    sagemaker::types::DataSource::new().with_s3_data_source(
                        sagemaker::types::S3DataSource::new(
                            sagemaker::types::S3DataType::S3Prefix,
                            "https://s3.${AWS::Region}.${AWS::URLSuffix}/my-sagemaker-bucket/train/",
                        ),
                    ),
                )])
                .with_resource_config(
                    sagemaker::types::ResourceConfig::new()
                        .with_instance_count(1)
                        .with_instance_type(sagemaker::types::TrainingInstanceType::MlM4Xlarge)
                        .with_volume_size_in_gb(10),
                )
                .with_stopping_condition(
                    sagemaker::types::StoppingCondition::new().with_max_runtime_in_seconds(3600),
                )
                .state("Task"),
            ),
            // AWS's template has no AddTags; we grant it only when Tags is set.
            vec![dev("grant-missing", "sagemaker:AddTags")],
        ),
        (
            "sagemaker-create-transform-job-sync",
            single(
                sagemaker::CreateTransformJob::new(
                    "my-transform-job",
                    "my-model",
                    sagemaker::types::TransformInput::new(sagemaker::types::TransformDataSource::new(
                        sagemaker::types::TransformS3DataSource::new(
                            sagemaker::types::S3DataType::S3Prefix,
                            "s3://my-sagemaker-bucket/input",
                        ),
                    )),
                    sagemaker::types::TransformOutput::new("s3://my-sagemaker-bucket/output"),
                    sagemaker::types::TransformResources::new(
                        sagemaker::types::TransformInstanceType::MlM4Xlarge,
                        1,
                    ),
                )
                .integration_pattern(sagemaker::CreateTransformJobPattern::RunJob)
                .grant_pass_role("${TaskSagemakerTransformRoleB80F5CB1.Arn}")
                .state("Task"),
            ),
            // AWS's template has no AddTags; we grant it only when Tags is set.
            vec![dev("grant-missing", "sagemaker:AddTags")],
        ),
        (
            "evaluate-expression",
            single(
                EvaluateExpression::new("$.a + $.b")
                    .expect("a valid expression")
                    .function_logical_id("TaskEvalFunction5A5BDA9B")
                    .state("Task")
                    .result_path("$.sum"),
            ),
            vec![],
        ),
        (
            "emr-create-cluster-sync",
            single(
                emr::CreateCluster::new(
                    "my-cluster",
                    emr::types::JobFlowInstancesConfig::new()
                        .with_instance_count(3)
                        .with_keep_job_flow_alive_when_no_steps(true)
                        .with_master_instance_type("m5.xlarge")
                        .with_slave_instance_type("m5.xlarge"),
                )
                .with_job_flow_role("${TaskInstanceRoleB72072BF}")
                .with_service_role("${TaskServiceRoleBF55F61E}")
                .with_auto_scaling_role("${TaskAutoScalingRoleD06F8423}")
                .with_release_label("emr-6.15.0")
                .with_tags(vec![
                    emr::types::Tag::new()
                        .with_key("for-use-with-amazon-emr-managed-policies")
                        .with_value("true"),
                ])
                .with_visible_to_all_users(true)
                .state("Task"),
            ),
            vec![],
        ),
    ]
    .into_iter()
    .chain(second_set())
    .collect()
}

/// The Glue Data Catalog actions of Athena's `StartQueryExecution`.
const ATHENA_GLUE: [&str; 19] = [
    "glue:CreateDatabase",
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:UpdateDatabase",
    "glue:DeleteDatabase",
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:GetTable",
    "glue:GetTables",
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:BatchCreatePartition",
    "glue:CreatePartition",
    "glue:UpdatePartition",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
];

/// The cases of `tools/cdk/synth.js` (SOURCES-2.md), with their deviations.
fn second_set() -> Vec<(&'static str, StateMachine, Vec<Deviation>)> {
    let rest_api = |auth: apigateway::types::InvokeAuthType| {
        apigateway::Invoke::new(
            "${ApiF70053CD}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
            apigateway::types::InvokeHttpMethod::Get,
        )
        .with_stage("prod")
        .with_path("/pets")
        .with_auth_type(auth)
    };
    let http_api = || {
        apigateway::Invoke::new(
            "${HttpApiF5A9A8A7}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
            apigateway::types::InvokeHttpMethod::Get,
        )
        .with_path("/pets")
        .with_auth_type(apigateway::types::InvokeAuthType::IamRole)
    };
    let titan = "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/amazon.titan-text-express-v1";
    let entry = |detail: Value, bus: &str| {
        json!({
            "Detail": detail,
            "DetailType": "MessageFromStepFunctions",
            "EventBusName": bus,
            "Source": "step.functions"
        })
    };
    vec![
        (
            "apigateway-rest-api-endpoint",
            single(rest_api(apigateway::types::InvokeAuthType::IamRole).state("Task")),
            vec![],
        ),
        (
            "apigateway-rest-api-endpoint-no-auth",
            single(rest_api(apigateway::types::InvokeAuthType::NoAuth).state("Task")),
            vec![],
        ),
        (
            "apigateway-http-api-endpoint-stage",
            single(http_api().with_stage("$default").state("Task")),
            vec![],
        ),
        (
            "apigateway-http-api-endpoint",
            single(http_api().state("Task")),
            // Without a Stage CDK writes `undefined` into the ARN; we
            // grant any stage (`*`), which covers `$default`.
            vec![dev("grant-extra", "execute-api:Invoke")],
        ),
        (
            "athena-start-query-execution-sync",
            single(
                athena::StartQueryExecution::new("SELECT 1")
                    .with_work_group("primary")
                    .with_result_configuration(
                        athena::types::ResultConfiguration::new()
                            .with_output_location("s3://query-results-bucket/results/"),
                    )
                    .integration_pattern(athena::StartQueryExecutionPattern::RunJob)
                    .state("Task"),
            ),
            // AWS's athena-iam template: any data catalog, any Glue
            // database and table (the SQL names them), result writes on any
            // bucket (a workgroup may override OutputLocation), and
            // StopQueryExecution for `.sync`, which CDK omits.
            {
                let mut d: Vec<Deviation> =
                    ATHENA_GLUE.iter().map(|a| dev("grant-extra", a)).collect();
                d.extend([
                    dev("grant-extra", "athena:StartQueryExecution"),
                    dev("grant-extra", "athena:GetDataCatalog"),
                    dev("grant-extra", "athena:StopQueryExecution"),
                    // CDK's merged statement also lists the data catalog for
                    // GetQueryExecution, which Athena authorizes on the
                    // workgroup only (granted there).
                    dev("grant-missing", "athena:GetQueryExecution"),
                    dev("grant-extra", "s3:AbortMultipartUpload"),
                    dev("grant-extra", "s3:ListBucketMultipartUploads"),
                    dev("grant-extra", "s3:ListMultipartUploadParts"),
                    dev("grant-extra", "s3:PutObject"),
                ]);
                d
            },
        ),
        (
            "athena-get-query-execution",
            single(athena::GetQueryExecution::new(path("$.id")).state("Task")),
            vec![],
        ),
        (
            "athena-get-query-results",
            single(athena::GetQueryResults::new(path("$.id")).state("Task")),
            vec![],
        ),
        (
            "athena-stop-query-execution",
            single(athena::StopQueryExecution::new(path("$.id")).state("Task")),
            vec![],
        ),
        (
            "bedrock-invoke-model",
            single(
                bedrockruntime::InvokeModel::new(titan)
                    .with_body(TaskInput::object().field("inputText", "Hello").field(
                        "textGenerationConfig",
                        TaskInput::object().field("maxTokenCount", 100_i64),
                    ))
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "bedrock-create-model-customization-job-sync",
            single(
                bedrock::CreateModelCustomizationJob::new(
                    "my-customization-job",
                    "my-custom-model",
                    "${TaskBedrockRole9608F654.Arn}",
                    titan,
                    bedrock::types::TrainingDataConfig::new()
                        .with_s3_uri("s3://training-bucket/train.jsonl"),
                    bedrock::types::OutputDataConfig::new("s3://output-bucket/output/"),
                )
                .integration_pattern(bedrock::CreateModelCustomizationJobPattern::RunJob)
                .with_customization_type(bedrock::types::CustomizationType::FineTuning)
                .with_hyper_parameters(BTreeMap::from([(
                    "epochCount".to_owned(),
                    Field::from("1"),
                )]))
                .with_validation_data_config(bedrock::types::ValidationDataConfig::new(vec![
                    bedrock::types::Validator::new("s3://training-bucket/validation.jsonl"),
                ]))
                .state("Task"),
            ),
            // CDK's RUN_JOB renders no `.sync` (so it does not wait) and
            // lacks the polling grants; it grants TagResource although
            // nothing is tagged.
            vec![
                dev("state", "Resource"),
                dev("grant-extra", "bedrock:GetModelCustomizationJob"),
                dev("grant-extra", "bedrock:StopModelCustomizationJob"),
                dev("grant-missing", "bedrock:TagResource"),
                // CDK's model-customization-job/* resource of the create
                // action: the authorization data names no such resource for it.
                dev("grant-missing", "bedrock:CreateModelCustomizationJob"),
            ],
        ),
        (
            "emr-containers-create-virtual-cluster",
            single(
                emrcontainers::CreateVirtualCluster::new(
                    "my-virtual-cluster",
                    emrcontainers::types::ContainerProvider::new(
                        emrcontainers::types::ContainerProviderType::Eks,
                        "my-eks-cluster",
                    )
                    .with_info(emrcontainers::types::ContainerInfo::eks_info(
                        emrcontainers::types::EksInfo::new().with_namespace("emr"),
                    )),
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "emr-containers-delete-virtual-cluster-sync",
            single(
                emrcontainers::DeleteVirtualCluster::new(path("$.VirtualClusterId"))
                    .integration_pattern(emrcontainers::DeleteVirtualClusterPattern::RunJob)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "emr-containers-start-job-run-sync",
            single(
                emrcontainers::StartJobRun::new("vc-0123456789abcdef")
                    .integration_pattern(emrcontainers::StartJobRunPattern::RunJob)
                    .with_name("my-job")
                    .with_execution_role_arn("arn:aws:iam::123456789012:role/emr-job-role")
                    .with_release_label("emr-6.2.0-latest")
                    .with_job_driver(
                        emrcontainers::types::JobDriver::new().with_spark_submit_job_driver(
                            emrcontainers::types::SparkSubmitJobDriver::new(
                                "local:///usr/lib/spark/examples/src/main/python/pi.py",
                            )
                            .with_spark_submit_parameters("--conf spark.executor.instances=2"),
                        ),
                    )
                    // CDK's default, set here; we add none.
                    .with_configuration_overrides(
                        emrcontainers::types::ConfigurationOverrides::new()
                            .with_monitoring_configuration(
                                emrcontainers::types::MonitoringConfiguration::new()
                                    .with_persistent_app_ui(
                                        emrcontainers::types::PersistentAppUI::Enabled,
                                    ),
                            ),
                    )
                    .state("Task"),
            ),
            // Same grants, StartJobRun with the same
            // `emr-containers:ExecutionRoleArn` condition (checked in
            // cli/optimized_integrations.rs).
            vec![],
        ),
        (
            "eventbridge-put-events",
            single(
                eventbridge::PutEvents::new(TaskInput::json(json!([entry(
                    json!({"message": "hello"}),
                    "${EventBus7B8748AA.Arn}"
                )])))
                .state("Task"),
            ),
            vec![],
        ),
        (
            "eventbridge-put-events-wait-for-task-token",
            single(
                eventbridge::PutEvents::new(TaskInput::json(json!([entry(
                    json!({"token.$": "$$.Task.Token"}),
                    "arn:aws:events:us-east-1:123456789012:event-bus/my-bus"
                )])))
                .integration_pattern(eventbridge::PutEventsPattern::WaitForTaskToken)
                .state("Task"),
            ),
            vec![],
        ),
        (
            "call-aws-service-cross-region",
            single(
                CallAwsServiceCrossRegion::new(
                    "s3",
                    "getObject",
                    "us-west-2",
                    ["arn:aws:s3:::my-bucket/*"],
                )
                .unwrap()
                .parameters(json!({"Bucket": "my-bucket", "Key.$": "$.key"}))
                .unwrap()
                // CDK's singleton id; ours defaults to CrossRegionAwsSdkFunction.
                .function_logical_id("CrossRegionAwsSdk8a0c93f3dbef4b71ac137aaf2048ce7eF7430F4F")
                .state("Task"),
            ),
            vec![],
        ),
        (
            "http-invoke",
            single(
                eventbridge::HttpInvoke::new(
                    Intrinsic::parse("States.Format('{}/{}', 'https://api.example.com', 'path')")
                        .unwrap(),
                    eventbridge::types::HttpTaskMethod::Post,
                )
                .with_authentication(eventbridge::types::HttpTaskConnection::new(
                    "${Connection07624BCD.Arn}",
                ))
                .with_headers(TaskInput::json(json!({"Content-Type": "application/json"})))
                .with_request_body(TaskInput::json(json!({"key": "value"})))
                .with_query_parameters(TaskInput::json(json!({"id": "123"})))
                .state("Task"),
            ),
            // CDK names the connection construct's secret; a definition
            // only its ARN (a reference), so we grant AWS's documented
            // `events!connection/*` secrets (see DEVIATIONS.md).
            vec![
                dev("grant-extra", "secretsmanager:DescribeSecret"),
                dev("grant-extra", "secretsmanager:GetSecretValue"),
                dev("grant-missing", "secretsmanager:DescribeSecret"),
                dev("grant-missing", "secretsmanager:GetSecretValue"),
            ],
        ),
        (
            "eventbridge-scheduler-create-schedule",
            single(
                scheduler::sdk::CreateSchedule::new(
                    scheduler::types::CreateScheduleInput::new(
                        "my-schedule",
                        "rate(5 minutes)",
                        scheduler::types::Target::new(
                            "${Queue4A7E3555.Arn}",
                            "${SchedulerRole59E73443.Arn}",
                        )
                        .with_input("hello"),
                        scheduler::types::FlexibleTimeWindow::new(
                            scheduler::types::FlexibleTimeWindowMode::Off,
                        ),
                    )
                    // CDK's defaults, set here; we add none.
                    .with_action_after_completion(scheduler::types::ActionAfterCompletion::None)
                    .with_state(scheduler::types::ScheduleState::Enabled),
                )
                .state("Task"),
            ),
            vec![],
        ),
        (
            "glue-databrew-start-job-run-sync",
            single(
                databrew::StartJobRun::new("my-databrew-job")
                    .integration_pattern(databrew::StartJobRunPattern::RunJob)
                    .state("Task"),
            ),
            vec![],
        ),
        (
            "glue-start-crawler-run",
            single(
                glue::sdk::StartCrawler::new(glue::types::StartCrawlerRequest::new("my-crawler"))
                    .state("Task"),
            ),
            // StartCrawler needs glue:StartCrawler only; nothing polls.
            vec![dev("grant-missing", "glue:GetCrawler")],
        ),
        (
            "mediaconvert-create-job-sync",
            single(
                mediaconvert::CreateJob::new(
                    "arn:aws:iam::123456789012:role/MediaConvertRole",
                    mediaconvert::types::JobSettings::new()
                        .with_output_groups(Vec::<mediaconvert::types::OutputGroup>::new())
                        .with_inputs(vec![
                            mediaconvert::types::Input::new()
                                .with_file_input("s3://input-bucket/input.mp4"),
                        ]),
                )
                .integration_pattern(mediaconvert::CreateJobPattern::RunJob)
                .state("Task"),
            ),
            vec![],
        ),
        (
            "eks-call",
            single(
                eks::Call::new(
                    "my-cluster",
                    "Y2VydGlmaWNhdGU=",
                    "https://EXAMPLE0123456789.gr7.us-east-1.eks.amazonaws.com",
                    eks::types::KubernetesHttpMethod::Get,
                    "/api/v1/namespaces/default/pods",
                )
                .state("Task"),
            ),
            vec![],
        ),
    ]
}

fn batch_job() -> batch::SubmitJob {
    batch::SubmitJob::new(
        "my-job",
        "arn:aws:batch:us-east-1:123456789012:job-queue/my-job-queue",
        "arn:aws:batch:us-east-1:123456789012:job-definition/my-job-definition:1",
    )
}

fn common_props() -> StateMachine {
    let task = lambda::Invoke::new(fn_arn())
        .retry_on_service_exceptions(false)
        .state("Task")
        .comment("a task with every common prop")
        .input_path("$.input")
        .output_path("$.out")
        .result_path("$.result")
        .result_selector(
            json!({"body.$": "$.Payload.body", "status.$": "$.StatusCode", "fixed": "x"}),
        )
        .timeout_seconds(300)
        .heartbeat_seconds(60)
        .retry(
            Retry::on(["MyError"])
                .interval_seconds(3)
                .max_attempts(4)
                .backoff_rate(1.5),
        )
        .retry(
            Retry::on(["States.Timeout"])
                .interval_seconds(1)
                .max_attempts(2)
                .max_delay_seconds(10)
                .jitter(JitterStrategy::Full),
        )
        .catch(Catch::on(["MyError"], Pass::new("Recover")).result_path("$.error"))
        .catch(Catch::all(
            Fail::new("Failed").error("Boom").cause("it failed"),
        ));
    StateMachine::new(task.next(Succeed::new("Done"))).expect("valid")
}

/// Cases not rebuilt yet; each is reported so the gap stays visible.
/// Cases without a typed counterpart yet: none.
const NOT_YET: &[&str] = &[];

fn fixture(case: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cdk")
        .join(format!("{case}.json"));
    serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture")).expect("JSON")
}

/// A `${Logical}` or `${Logical.Attr}` reference in a CDK placeholder
/// stands for a resource of the stack: a resource string that contains
/// one becomes `<Logical>` plus whatever follows it, on both sides, so
/// `${Queue.Arn}` and our `arn:…:sqs:…:${Queue}` compare equal.
fn normalise(resource: &str) -> String {
    let mut rest = resource;
    let mut last = None;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with("AWS::") && !name.contains("::") && !name.contains('(') {
            let logical = name.split('.').next().unwrap_or(name);
            last = Some((logical.to_owned(), after[end + 1..].to_owned()));
        }
        rest = &after[end + 1..];
    }
    match last {
        Some((logical, tail)) => format!("<{logical}>{tail}"),
        None => resource.to_owned(),
    }
}

/// `*` and `${AWS::…}` in `pattern` match any text.
fn glob(pattern: &str, text: &str) -> bool {
    let pattern = pattern
        .replace("${AWS::Partition}", "*")
        .replace("${AWS::Region}", "*")
        .replace("${AWS::AccountId}", "*");
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !text.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 {
            return text.len() >= pos + part.len() && text[pos..].ends_with(part);
        } else {
            match text[pos..].find(part) {
                Some(at) => pos += at + part.len(),
                None => return false,
            }
        }
    }
    true
}

/// (action in lower case, normalised resource) pairs.
fn grants(statements: &Value) -> BTreeSet<(String, String)> {
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            _ => vec![],
        }
    };
    let mut out = BTreeSet::new();
    for s in statements.as_array().into_iter().flatten() {
        for a in list(&s["Action"]) {
            for r in list(&s["Resource"]) {
                out.insert((a.to_lowercase(), normalise(&r)));
            }
        }
    }
    out
}

/// JSON equality with numbers compared by value: a float model member
/// renders `1.0` where CDK writes `1`, and Step Functions reads both alike.
fn same_json(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(Some(x), Some(y)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.len() == y.len() && x.iter().all(|(k, v)| same_json(Some(v), y.get(k)))
        }
        (a, b) => a == b,
    }
}

fn covers(by: &BTreeSet<(String, String)>, grant: &(String, String)) -> bool {
    by.iter().any(|(a, r)| *a == grant.0 && glob(r, &grant.1))
}

#[test]
fn every_case_is_rebuilt_or_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cdk");
    let built: BTreeSet<&str> = cases().iter().map(|(c, _, _)| *c).collect();
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(case) = name.strip_suffix(".json") {
            assert!(
                built.contains(case) || NOT_YET.contains(&case),
                "{case}: neither rebuilt nor listed in NOT_YET"
            );
        }
    }
}

#[test]
fn cases_match_cdk() {
    let partition = Bindings::new().partition("${AWS::Partition}");
    let mut failures = Vec::new();
    for (case, machine, deviations) in cases() {
        let expected = fixture(case);
        let asl = machine.to_asl_json_with(&partition);
        let allowed = |kind: &str, what: &str| {
            deviations
                .iter()
                .any(|d| d.kind == kind && d.what.eq_ignore_ascii_case(what))
        };
        // The Task state, field by field.
        let ours = &asl["States"]["Task"];
        let theirs = &expected["definition"]["States"]["Task"];
        let keys: BTreeSet<&String> = ours
            .as_object()
            .into_iter()
            .flatten()
            .chain(theirs.as_object().into_iter().flatten())
            .map(|(k, _)| k)
            .collect();
        for key in keys {
            if !same_json(ours.get(key), theirs.get(key)) && !allowed("state", key) {
                failures.push(format!(
                    "{case}: {key}: ours {} vs CDK {}",
                    ours.get(key).unwrap_or(&Value::Null),
                    theirs.get(key).unwrap_or(&Value::Null)
                ));
            }
        }
        // The whole definition for the multi-state case.
        if case == "common-props-jsonpath" {
            for (name, state) in expected["definition"]["States"]
                .as_object()
                .into_iter()
                .flatten()
            {
                if name != "Task" && &asl["States"][name] != state {
                    failures.push(format!("{case}: state {name} differs"));
                }
            }
        }
        // IAM, as sets of grants.
        let ours = grants(&machine.policy_document().to_json()["Statement"]);
        let theirs = grants(&expected["policy_statements"]);
        // A CDK grant is met by ours on the same resource or a narrower
        // one inside it (CDK's `cluster/*` by our `cluster/j-1…`).
        for g in &theirs {
            let met = ours
                .iter()
                .any(|(a, r)| *a == g.0 && (glob(r, &g.1) || glob(&g.1, r)));
            if !met && !allowed("grant-missing", &g.0) {
                failures.push(format!("{case}: CDK grant {g:?} is not covered"));
            }
        }
        for g in &ours {
            if !covers(&theirs, g) && !allowed("grant-extra", &g.0) {
                failures.push(format!("{case}: our grant {g:?} is broader than CDK's"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn callback_without_token_is_an_error() {
    let task = sqs::SendMessage::new("https://sqs.eu-west-1.amazonaws.com/1/q", "no token")
        .integration_pattern(sqs::SendMessagePattern::WaitForTaskToken)
        .state("Send");
    assert!(StateMachine::new(task).is_err());
}

#[test]
fn paths_give_scoped_wildcards() {
    let task = dynamodb::GetItem::new(path("$.table"), BTreeMap::new());
    let statements = task.policy_statements();
    let resources: Vec<&str> = statements[0].resources().collect();
    assert_eq!(
        resources,
        ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"]
    );
    let _ = ecs::RunTask::new("family").state("x");
}
