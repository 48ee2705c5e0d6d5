//! The code samples of the seed README (the README of the CDK module
//! `aws-stepfunctions-tasks` 1.65.0), rebuilt with this crate's typed API:
//! one state machine per sample, two where the sample defines two machines.
//!
//! Shared by the `seed_readme` example (which writes the outputs) and
//! `tests/external/seed_examples.rs` (which validates them); see the example's module
//! documentation for the list and for what differs from the CDK samples.
//!
//! The CDK samples also create the resources their tasks call (tables,
//! topics, queues, functions, clusters, job queues, roles, an activity). This
//! crate renders the state machine, its role and policy, so those resources
//! are named here by ARN or name with the template's placeholders
//! (`arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:Topic`), after
//! the CDK construct ids.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;

use serde_json::json;
use sfn_tasks::runtime::{
    Arn, CallAwsServiceCrossRegion, EvaluateExpression, InvokeActivity, Pass, StateMachine, Task,
    TaskInput, Wait, arn,
};
use sfn_tasks::services::dynamodb::types::AttributeValue;
use sfn_tasks::services::ecs::{
    ContainerOverrideExt, Ec2LaunchTarget, FargateLaunchTarget, awsvpc, container_override,
    member_of, packed_by_cpu, randomly, spread_across_instances,
};
use sfn_tasks::services::sagemaker::{MlInstanceType, s3_output, s3_uri};
use sfn_tasks::services::{
    apigateway, athena, batch, bedrock, bedrockruntime, codebuild, databrew, dynamodb, ecs, eks,
    emr, emrcontainers, emrserverless, eventbridge, glue, lambda, mediaconvert, sagemaker,
    scheduler, sfn, sns, sqs,
};
use sfn_tasks::{Field, Intrinsic, JsonPath, ToAsl};

/// What a builder returns.
type Built = Result<StateMachine, Box<dyn Error>>;

/// One sample: its output name, the seed README code block it reproduces
/// and how it is built.
#[derive(Clone, Copy)]
pub struct SampleSpec {
    /// Kebab-case name, the stem of the output files.
    pub name: &'static str,
    /// The 1-based index of the seed README's code block (in the order the
    /// README shows them), or 0 for a sample that is not in the README.
    pub block: usize,
    /// The README heading the block sits under.
    pub section: &'static str,
    build: fn() -> Built,
}

/// The number of code blocks in the seed README; every one of them is
/// reproduced by at least one sample.
pub const SEED_BLOCKS: usize = 36;

/// Every sample, in the order of the seed README.
pub const SPECS: &[SampleSpec] = &[
    spec(
        "lambda-invoke-input-path",
        1,
        "Paths › InputPath",
        lambda_input_path,
    ),
    spec(
        "lambda-invoke-output-path",
        2,
        "Paths › OutputPath",
        lambda_output_path,
    ),
    spec(
        "dynamodb-get-item-result-path",
        3,
        "Paths › ResultPath",
        dynamodb_get_item_result_path,
    ),
    spec(
        "lambda-invoke-event",
        4,
        "Task parameters from the state JSON",
        lambda_event,
    ),
    spec(
        "evaluate-expression",
        5,
        "Evaluate Expression",
        evaluate_expression,
    ),
    spec("batch-submit-job", 6, "Batch › SubmitJob", batch_submit_job),
    spec(
        "codebuild-start-build",
        7,
        "CodeBuild › StartBuild",
        codebuild_start_build,
    ),
    spec(
        "dynamodb-get-item",
        8,
        "DynamoDB › GetItem",
        dynamodb_get_item,
    ),
    spec(
        "dynamodb-put-item",
        9,
        "DynamoDB › PutItem",
        dynamodb_put_item,
    ),
    spec(
        "dynamodb-delete-item",
        10,
        "DynamoDB › DeleteItem",
        dynamodb_delete_item,
    ),
    spec(
        "dynamodb-update-item",
        11,
        "DynamoDB › UpdateItem",
        dynamodb_update_item,
    ),
    spec(
        "ecs-run-task-ec2",
        12,
        "ECS › RunTask › EC2",
        ecs_run_task_ec2,
    ),
    spec(
        "ecs-run-task-fargate",
        13,
        "ECS › RunTask › Fargate",
        ecs_run_task_fargate,
    ),
    spec(
        "emr-create-cluster",
        14,
        "EMR › Create Cluster",
        emr_create_cluster,
    ),
    spec(
        "emr-set-cluster-termination-protection",
        15,
        "EMR › Termination Protection",
        emr_termination_protection,
    ),
    spec(
        "emr-terminate-cluster",
        16,
        "EMR › Terminate Cluster",
        emr_terminate_cluster,
    ),
    spec("emr-add-step", 17, "EMR › Add Step", emr_add_step),
    spec("emr-cancel-step", 18, "EMR › Cancel Step", emr_cancel_step),
    spec(
        "emr-modify-instance-fleet-by-name",
        19,
        "EMR › Modify Instance Fleet",
        emr_modify_instance_fleet,
    ),
    spec(
        "emr-modify-instance-group-by-name",
        20,
        "EMR › Modify Instance Group",
        emr_modify_instance_group,
    ),
    spec("glue-start-job-run", 21, "Glue", glue_start_job_run),
    spec("lambda-invoke", 22, "Lambda", lambda_invoke),
    spec("lambda-invoke-payload", 23, "Lambda", lambda_payload),
    spec(
        "lambda-invoke-function-response-output",
        24,
        "Lambda",
        lambda_function_response_output,
    ),
    spec(
        "lambda-invoke-payload-response-only",
        25,
        "Lambda",
        lambda_payload_response_only,
    ),
    spec("lambda-invoke-callback", 26, "Lambda", lambda_callback),
    spec(
        "sagemaker-create-training-job",
        27,
        "SageMaker › Create Training Job",
        sagemaker_training_job,
    ),
    spec(
        "sagemaker-create-transform-job",
        28,
        "SageMaker › Create Transform Job",
        sagemaker_transform_job,
    ),
    spec(
        "sagemaker-create-endpoint",
        29,
        "SageMaker › Create Endpoint",
        sagemaker_endpoint,
    ),
    spec(
        "sagemaker-create-endpoint-config",
        30,
        "SageMaker › Create Endpoint Config",
        sagemaker_endpoint_config,
    ),
    spec(
        "sagemaker-create-model",
        31,
        "SageMaker › Create Model",
        sagemaker_model,
    ),
    spec(
        "sagemaker-update-endpoint",
        32,
        "SageMaker › Update Endpoint",
        sagemaker_update_endpoint,
    ),
    spec("sns-publish", 33, "SNS", sns_publish),
    spec(
        "sfn-start-execution-child",
        34,
        "Step Functions › Start Execution",
        sfn_child,
    ),
    spec(
        "sfn-start-execution-callback",
        34,
        "Step Functions › Start Execution",
        sfn_start_execution_callback,
    ),
    spec(
        "sfn-start-execution-associate-with-parent",
        0,
        "Step Functions › Start Execution (associateWithParent, a later CDK feature)",
        sfn_start_execution_associate_with_parent,
    ),
    spec(
        "sfn-invoke-activity",
        35,
        "Step Functions › Invoke Activity",
        sfn_invoke_activity,
    ),
    spec("sqs-send-message", 36, "SQS", sqs_send_message),
    // The optimized integrations added after the 1.65.0 README (and two CDK
    // tasks that render SDK calls): not in the README, so each is an extra,
    // built as a user of the typed tier would (see "Later integrations").
    spec(
        "athena-start-query-execution",
        0,
        "Athena › Start Query Execution (CDK 2: AthenaStartQueryExecution)",
        athena_start_query_execution,
    ),
    spec(
        "athena-get-query-execution",
        0,
        "Athena › Get Query Execution (CDK 2: AthenaGetQueryExecution)",
        athena_get_query_execution,
    ),
    spec(
        "athena-get-query-results",
        0,
        "Athena › Get Query Results (CDK 2: AthenaGetQueryResults)",
        athena_get_query_results,
    ),
    spec(
        "athena-stop-query-execution",
        0,
        "Athena › Stop Query Execution (CDK 2: AthenaStopQueryExecution)",
        athena_stop_query_execution,
    ),
    spec(
        "bedrock-invoke-model",
        0,
        "Bedrock › Invoke Model (CDK 2: BedrockInvokeModel)",
        bedrock_invoke_model,
    ),
    spec(
        "bedrock-create-model-customization-job",
        0,
        "Bedrock › Create Model Customization Job (CDK 2: BedrockCreateModelCustomizationJob)",
        bedrock_create_model_customization_job,
    ),
    spec(
        "emr-serverless-create-application",
        0,
        "EMR Serverless › Create Application (no CDK 2 task)",
        emr_serverless_create_application,
    ),
    spec(
        "emr-serverless-start-application",
        0,
        "EMR Serverless › Start Application (no CDK 2 task)",
        emr_serverless_start_application,
    ),
    spec(
        "emr-serverless-start-job-run",
        0,
        "EMR Serverless › Start Job Run (no CDK 2 task)",
        emr_serverless_start_job_run,
    ),
    spec(
        "emr-serverless-cancel-job-run",
        0,
        "EMR Serverless › Cancel Job Run (no CDK 2 task)",
        emr_serverless_cancel_job_run,
    ),
    spec(
        "emr-serverless-stop-application",
        0,
        "EMR Serverless › Stop Application (no CDK 2 task)",
        emr_serverless_stop_application,
    ),
    spec(
        "emr-serverless-delete-application",
        0,
        "EMR Serverless › Delete Application (no CDK 2 task)",
        emr_serverless_delete_application,
    ),
    spec(
        "emr-containers-create-virtual-cluster",
        0,
        "EMR on EKS › Create Virtual Cluster (CDK 2: EmrContainersCreateVirtualCluster)",
        emr_containers_create_virtual_cluster,
    ),
    spec(
        "emr-containers-start-job-run",
        0,
        "EMR on EKS › Start Job Run (CDK 2: EmrContainersStartJobRun)",
        emr_containers_start_job_run,
    ),
    spec(
        "emr-containers-delete-virtual-cluster",
        0,
        "EMR on EKS › Delete Virtual Cluster (CDK 2: EmrContainersDeleteVirtualCluster)",
        emr_containers_delete_virtual_cluster,
    ),
    spec(
        "eventbridge-put-events",
        0,
        "EventBridge › Put Events (CDK 2: EventBridgePutEvents)",
        eventbridge_put_events,
    ),
    spec(
        "eventbridge-put-events-callback",
        0,
        "EventBridge › Put Events with a task token (CDK 2: EventBridgePutEvents)",
        eventbridge_put_events_callback,
    ),
    spec(
        "databrew-start-job-run",
        0,
        "Glue DataBrew › Start Job Run (CDK 2: GlueDataBrewStartJobRun)",
        databrew_start_job_run,
    ),
    spec(
        "mediaconvert-create-job",
        0,
        "MediaConvert › Create Job (CDK 2: MediaConvertCreateJob)",
        mediaconvert_create_job,
    ),
    spec(
        "eks-create-cluster",
        0,
        "EKS › Create Cluster (no CDK 2 task)",
        eks_create_cluster,
    ),
    spec(
        "eks-create-nodegroup",
        0,
        "EKS › Create Node Group (no CDK 2 task)",
        eks_create_nodegroup,
    ),
    spec(
        "eks-create-fargate-profile",
        0,
        "EKS › Create Fargate Profile (no CDK 2 task)",
        eks_create_fargate_profile,
    ),
    spec("eks-call", 0, "EKS › Call (CDK 2: EksCall)", eks_call),
    spec(
        "eks-run-job",
        0,
        "EKS › Run Job (no CDK 2 task)",
        eks_run_job,
    ),
    spec(
        "eks-delete-nodegroup",
        0,
        "EKS › Delete Node Group (no CDK 2 task)",
        eks_delete_nodegroup,
    ),
    spec(
        "eks-delete-fargate-profile",
        0,
        "EKS › Delete Fargate Profile (no CDK 2 task)",
        eks_delete_fargate_profile,
    ),
    spec(
        "eks-delete-cluster",
        0,
        "EKS › Delete Cluster (no CDK 2 task)",
        eks_delete_cluster,
    ),
    spec(
        "apigateway-invoke",
        0,
        "API Gateway › Invoke a REST API (CDK 2: CallApiGatewayRestApiEndpoint)",
        apigateway_invoke,
    ),
    spec(
        "apigateway-invoke-callback",
        0,
        "API Gateway › Invoke with a task token (CDK 2: CallApiGatewayRestApiEndpoint)",
        apigateway_invoke_callback,
    ),
    spec(
        "http-invoke",
        0,
        "HTTP Task › Call an HTTPS API with an EventBridge connection (CDK 2: HttpInvoke)",
        http_invoke,
    ),
    spec(
        "call-aws-service-cross-region",
        0,
        "AWS SDK › Call a service in another region (CDK 2: CallAwsServiceCrossRegion)",
        call_aws_service_cross_region,
    ),
    spec(
        "glue-start-crawler",
        0,
        "Glue › Start Crawler (CDK 2: GlueStartCrawlerRun)",
        glue_start_crawler,
    ),
    spec(
        "scheduler-create-schedule",
        0,
        "EventBridge Scheduler › Create Schedule (CDK 2: EventBridgeSchedulerCreateScheduleTask)",
        scheduler_create_schedule,
    ),
];

const fn spec(
    name: &'static str,
    block: usize,
    section: &'static str,
    build: fn() -> Built,
) -> SampleSpec {
    SampleSpec {
        name,
        block,
        section,
        build,
    }
}

/// A sample that could not be built, with the reason.
#[derive(Debug)]
pub struct SampleError {
    /// The sample's name.
    pub sample: &'static str,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sample {}: {}", self.sample, self.message)
    }
}

impl Error for SampleError {}

/// Builds every sample, in the order of the seed README.
pub fn samples() -> Result<Vec<(&'static str, StateMachine)>, SampleError> {
    SPECS
        .iter()
        .map(|spec| {
            (spec.build)()
                .map(|machine| (spec.name, machine))
                .map_err(|e| SampleError {
                    sample: spec.name,
                    message: e.to_string(),
                })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Resources the samples refer to
// ---------------------------------------------------------------------------

fn path(p: &str) -> Result<JsonPath, Box<dyn Error>> {
    Ok(JsonPath::new(p)?)
}

/// A Lambda function of the account, by name.
fn function(name: &str) -> String {
    arn("lambda", &format!("function:{name}"))
}

/// An IAM role of the account, by name (IAM ARNs have no region).
fn role(name: &str) -> String {
    Arn::new("iam", format!("role/{name}"))
        .region("")
        .to_string()
}

/// The URL of an SQS queue of the account.
fn queue_url(name: &str) -> String {
    format!("https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{name}")
}

/// The table the DynamoDB samples use (`table` in the CDK samples).
const TABLE: &str = "my-table";

/// A one-attribute key with a literal string.
fn string_key(attribute: &str, value: &str) -> BTreeMap<String, Field<AttributeValue>> {
    BTreeMap::from([(
        attribute.to_owned(),
        Field::from(AttributeValue::from_string(value)),
    )])
}

/// `my_lambda` of the Lambda samples.
fn my_lambda() -> String {
    function("MyLambda")
}

// ---------------------------------------------------------------------------
// Paths and parameters
// ---------------------------------------------------------------------------

fn lambda_input_path() -> Built {
    let task = lambda::Invoke::new(function("SubmitJobLambda"))
        .state("Invoke Handler")
        .input_path("$.input");
    Ok(StateMachine::new(task)?)
}

fn lambda_output_path() -> Built {
    let task = lambda::Invoke::new(function("SubmitJobLambda"))
        .state("Invoke Handler")
        .output_path("$.Payload.result");
    Ok(StateMachine::new(task)?)
}

/// The README's sample passes `item` and `table_name`, which `DynamoGetItem`
/// does not take; its intent, a GetItem whose result lands in `$.Item`, is
/// rebuilt (the state keeps the sample's name, "PutItem").
fn dynamodb_get_item_result_path() -> Built {
    let task = dynamodb::GetItem::new("my-table", string_key("MessageId", "12345"))
        .state("PutItem")
        .result_path("$.Item");
    Ok(StateMachine::new(task)?)
}

fn lambda_event() -> Built {
    let task = lambda::Invoke::new(function("SubmitJobLambda"))
        .with_payload(path("$.input")?)
        .with_invocation_type(lambda::types::InvocationType::Event)
        .state("Invoke Handler");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// Evaluate Expression
// ---------------------------------------------------------------------------

/// CDK asks for the `nodejs10.x` runtime, which Lambda no longer accepts;
/// the inline function keeps the crate's default Node.js runtime.
fn evaluate_expression() -> Built {
    let convert = EvaluateExpression::new("$.waitMilliseconds / 1000")?
        .state("Convert to seconds")
        .result_path("$.waitSeconds");
    // Note: this is a string inside a string.
    let message = EvaluateExpression::new("`Now waiting ${$.waitSeconds} seconds...`")?
        .state("Create message")
        .result_path("$.message");
    let publish = sns::Publish::new(path("$.message")?)
        .with_topic_arn(arn("sns", "Topic"))
        .state("Publish message")
        .result_path("$.sns");
    let wait = Wait::seconds("Wait", path("$.waitSeconds")?);
    Ok(StateMachine::new(
        convert.next(message).next(publish).next(wait),
    )?)
}

// ---------------------------------------------------------------------------
// Batch, CodeBuild
// ---------------------------------------------------------------------------

fn batch_submit_job() -> Built {
    let task = batch::SubmitJob::new(
        "MyJob",
        arn("batch", "job-queue/JobQueue"),
        arn("batch", "job-definition/JobDefinition:1"),
    )
    .state("Submit Job");
    Ok(StateMachine::new(task)?)
}

fn codebuild_start_build() -> Built {
    use codebuild::types::{EnvironmentVariable, EnvironmentVariableType};
    let task = codebuild::StartBuild::new("MyTestProject")
        .integration_pattern(codebuild::StartBuildPattern::RunJob)
        .with_environment_variables_override(vec![
            EnvironmentVariable::new("ZONE", path("$.envVariables.zone")?)
                .with_type(EnvironmentVariableType::Plaintext),
        ])
        .state("Task");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// DynamoDB
// ---------------------------------------------------------------------------

fn dynamodb_get_item() -> Built {
    let task =
        dynamodb::GetItem::new(TABLE, string_key("message_id", "message-007")).state("Get Item");
    Ok(StateMachine::new(task)?)
}

fn dynamodb_put_item() -> Built {
    let item = BTreeMap::from([
        (
            "MessageId".to_owned(),
            Field::from(AttributeValue::from_string("message-007")),
        ),
        (
            "Text".to_owned(),
            Field::from(AttributeValue::from_string(path("$.bar")?)),
        ),
        (
            "TotalCount".to_owned(),
            Field::from(AttributeValue::from_number(10)),
        ),
    ]);
    let task = dynamodb::PutItem::new(TABLE, item).state("PutItem");
    Ok(StateMachine::new(task)?)
}

fn dynamodb_delete_item() -> Built {
    let task = dynamodb::DeleteItem::new(TABLE, string_key("MessageId", "message-007"))
        .state("DeleteItem")
        .discard_result();
    Ok(StateMachine::new(task)?)
}

fn dynamodb_update_item() -> Built {
    let values = BTreeMap::from([
        (
            ":val".to_owned(),
            Field::from(AttributeValue::number_from_string(path(
                "$.Item.TotalCount.N",
            )?)),
        ),
        (
            ":rand".to_owned(),
            Field::from(AttributeValue::from_number(20)),
        ),
    ]);
    let task = dynamodb::UpdateItem::new(TABLE, string_key("MessageId", "message-007"))
        .with_expression_attribute_values(values)
        .with_update_expression("SET TotalCount = :val + :rand")
        .state("UpdateItem");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// ECS
// ---------------------------------------------------------------------------

/// The task role CDK creates with the task definition `TD`; ECS receives it
/// when the task starts, hence `iam:PassRole`.
fn task_definition_role() -> String {
    role("TDTaskRole")
}

fn ecs_run_task_ec2() -> Built {
    let task = ecs::RunTask::new("TD")
        .integration_pattern(ecs::RunTaskPattern::RunJob)
        .with_cluster(arn("ecs", "cluster/Ec2Cluster"))
        .launch_target(
            Ec2LaunchTarget::new()
                .placement_strategies([spread_across_instances(), packed_by_cpu(), randomly()])
                .placement_constraints([member_of("blieptuut")]),
        )
        .grant_pass_role(task_definition_role())
        .state("Run");
    Ok(StateMachine::new(task)?)
}

/// Fargate needs an `awsvpc` network; CDK takes the cluster VPC's private
/// subnets and creates a security group, here given by id.
fn ecs_run_task_fargate() -> Built {
    let task = ecs::RunTask::new("TD")
        .integration_pattern(ecs::RunTaskPattern::RunJob)
        .with_cluster(arn("ecs", "cluster/FargateCluster"))
        .launch_target(FargateLaunchTarget::new().network(awsvpc(
            ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            ["sg-0123456789abcdef0"],
            false,
        )))
        .container_overrides([
            container_override("TheContainer").env("SOME_KEY", path("$.SomeKey")?)
        ])
        .grant_pass_role(task_definition_role())
        .state("RunFargate");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// EMR
// ---------------------------------------------------------------------------

/// `FIRE_AND_FORGET` is request-response. CDK adds
/// `KeepJobFlowAliveWhenNoSteps: true` (Step Functions requires it) and
/// `VisibleToAllUsers: true` by default; here they are set explicitly. The
/// instance role is passed by its instance profile's name, as EMR takes it.
fn emr_create_cluster() -> Built {
    let task = emr::CreateCluster::new(
        path("$.ClusterName")?,
        emr::types::JobFlowInstancesConfig::new().with_keep_job_flow_alive_when_no_steps(true),
    )
    .integration_pattern(emr::CreateClusterPattern::RequestResponse)
    .with_job_flow_role("ClusterRole")
    .with_service_role("ServiceRole")
    .with_auto_scaling_role("AutoScalingRole")
    .with_visible_to_all_users(true)
    .state("Create Cluster");
    Ok(StateMachine::new(task)?)
}

fn emr_termination_protection() -> Built {
    let task = emr::SetClusterTerminationProtection::new(false, "ClusterId").state("Task");
    Ok(StateMachine::new(task)?)
}

fn emr_terminate_cluster() -> Built {
    let task = emr::TerminateCluster::new("ClusterId").state("Task");
    Ok(StateMachine::new(task)?)
}

fn emr_add_step() -> Built {
    let step = emr::types::StepConfig::new("StepName", emr::types::HadoopJarStepConfig::new("Jar"))
        .with_action_on_failure(emr::types::ActionOnFailure::Continue);
    let task = emr::AddStep::new("ClusterId", step).state("Task");
    Ok(StateMachine::new(task)?)
}

fn emr_cancel_step() -> Built {
    let task = emr::CancelStep::new("ClusterId", "StepId").state("Task");
    Ok(StateMachine::new(task)?)
}

fn emr_modify_instance_fleet() -> Built {
    let task = emr::ModifyInstanceFleetByName::new(
        "ClusterId",
        TaskInput::json(json!({"TargetOnDemandCapacity": 2, "TargetSpotCapacity": 0})),
        "InstanceFleetName",
    )
    .state("Task");
    Ok(StateMachine::new(task)?)
}

fn emr_modify_instance_group() -> Built {
    let task = emr::ModifyInstanceGroupByName::new(
        "ClusterId",
        TaskInput::json(json!({"InstanceCount": 1})),
        path("$.InstanceGroupName")?,
    )
    .state("Task");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// Glue
// ---------------------------------------------------------------------------

/// CDK turns `timeout` (30 minutes) and `notify_delay_after` (5 minutes)
/// into the API's `Timeout` and `NotificationProperty.NotifyDelayAfter`,
/// both in minutes; here they are those API fields.
fn glue_start_job_run() -> Built {
    let task = glue::StartJobRun::new("my-glue-job")
        .with_arguments(BTreeMap::from([("key".to_owned(), Field::from("value"))]))
        .with_timeout(30)
        .with_notification_property(
            glue::types::NotificationProperty::new().with_notify_delay_after(5),
        )
        .state("Task");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// Lambda
// ---------------------------------------------------------------------------

fn lambda_invoke() -> Built {
    let task = lambda::Invoke::new(my_lambda()).state("Invoke with state input");
    Ok(StateMachine::new(task)?)
}

/// The two tasks of the sample, in sequence: the second uses the first's
/// `Payload`.
fn lambda_payload() -> Built {
    let empty = lambda::Invoke::new(my_lambda())
        .with_payload(TaskInput::object())
        .state("Invoke with empty object as payload");
    let field = lambda::Invoke::new(function("MyOtherLambda"))
        .with_payload(path("$.Payload")?)
        .state("Invoke with payload field in the state input");
    Ok(StateMachine::new(empty.next(field))?)
}

fn lambda_function_response_output() -> Built {
    let task = lambda::Invoke::new(my_lambda())
        .with_payload(JsonPath::whole_input())
        .state("Invoke and set function response as task output")
        .output_path("$.Payload");
    Ok(StateMachine::new(task)?)
}

fn lambda_payload_response_only() -> Built {
    let task = lambda::Invoke::new(my_lambda())
        .payload_response_only()
        .state("Invoke and combine function response with task input")
        .result_path("$.myLambda");
    Ok(StateMachine::new(task)?)
}

fn lambda_callback() -> Built {
    let task = lambda::Invoke::new(my_lambda())
        .integration_pattern(lambda::InvokePattern::WaitForTaskToken)
        .with_payload(
            TaskInput::object()
                .field("token", JsonPath::task_token())
                .field("input", path("$.someField")?),
        )
        .state("Invoke with callback");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// SageMaker
// ---------------------------------------------------------------------------

/// `role` of the SageMaker samples.
fn sagemaker_role() -> String {
    role("SageMakerRole")
}

fn sagemaker_training_job() -> Built {
    use sagemaker::types::{
        AlgorithmSpecification, Channel, DataSource, ResourceConfig, S3DataSource, S3DataType,
        StoppingCondition, TrainingInputMode, TrainingInstanceType,
    };
    let train = Channel::new(
        "train",
        DataSource::new()
            .with_s3_data_source(S3DataSource::new(S3DataType::S3Prefix, path("$.S3Bucket")?)),
    );
    let task = sagemaker::CreateTrainingJob::new(
        path("$.JobName")?,
        sagemaker_role(),
        s3_output(s3_uri("mybucket", "myoutputpath")),
    )
    .with_algorithm_specification(
        AlgorithmSpecification::new(TrainingInputMode::File).with_algorithm_name("BlazingText"),
    )
    .with_input_data_config(vec![train])
    .with_resource_config(
        ResourceConfig::new()
            .with_instance_count(1)
            .with_instance_type(TrainingInstanceType::ml("p3.2xlarge"))
            .with_volume_size_in_gb(50),
    )
    .with_stopping_condition(StoppingCondition::new().with_max_runtime_in_seconds(3600))
    .state("TrainSagemaker");
    Ok(StateMachine::new(task)?)
}

/// The role is the one the model runs with; CDK grants passing it.
fn sagemaker_transform_job() -> Built {
    use sagemaker::types::{
        S3DataType, TransformDataSource, TransformInput, TransformInstanceType, TransformOutput,
        TransformResources, TransformS3DataSource,
    };
    let task = sagemaker::CreateTransformJob::new(
        "MyTransformJob",
        "MyModelName",
        TransformInput::new(TransformDataSource::new(TransformS3DataSource::new(
            S3DataType::S3Prefix,
            "s3://inputbucket/train",
        ))),
        TransformOutput::new("s3://outputbucket/TransformJobOutputPath"),
        TransformResources::new(TransformInstanceType::ml("m4.xlarge"), 1),
    )
    .grant_pass_role(sagemaker_role())
    .state("Batch Inference");
    Ok(StateMachine::new(task)?)
}

fn sagemaker_endpoint() -> Built {
    let task =
        sagemaker::CreateEndpoint::new(path("$.EndpointName")?, path("$.EndpointConfigName")?)
            .state("SagemakerEndpoint");
    Ok(StateMachine::new(task)?)
}

fn sagemaker_endpoint_config() -> Built {
    use sagemaker::types::{ProductionVariant, ProductionVariantInstanceType};
    let task = sagemaker::CreateEndpointConfig::new(
        "MyEndpointConfig",
        vec![
            ProductionVariant::new("awesome-variant")
                .with_initial_instance_count(2)
                .with_instance_type(ProductionVariantInstanceType::ml("m5.xlarge"))
                .with_model_name("MyModel"),
        ],
    )
    .state("SagemakerEndpointConfig");
    Ok(StateMachine::new(task)?)
}

/// CDK creates an execution role for the model when none is given; here it
/// is named.
fn sagemaker_model() -> Built {
    use sagemaker::types::{ContainerDefinition, ContainerMode};
    let task = sagemaker::CreateModel::new("MyModel")
        .with_execution_role_arn(role("SagemakerRole"))
        .with_primary_container(
            ContainerDefinition::new()
                .with_image(path("$.Model.imageName")?)
                .with_mode(ContainerMode::SingleModel)
                .with_model_data_url(path("$.TrainingJob.ModelArtifacts.S3ModelArtifacts")?),
        )
        .state("Sagemaker");
    Ok(StateMachine::new(task)?)
}

fn sagemaker_update_endpoint() -> Built {
    let task = sagemaker::UpdateEndpoint::new(
        path("$.Endpoint.Name")?,
        path("$.Endpoint.EndpointConfig")?,
    )
    .state("SagemakerEndpoint");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// SNS, SQS
// ---------------------------------------------------------------------------

/// The sample's two tasks, in sequence.
fn sns_publish() -> Built {
    let topic = arn("sns", "Topic");
    let task1 = sns::Publish::new(path("$.state.message")?)
        .with_topic_arn(topic.clone())
        .integration_pattern(sns::PublishPattern::RequestResponse)
        .state("Publish1");
    let task2 = sns::Publish::new(
        TaskInput::object()
            .field("field1", "somedata")
            .field("field2", path("$.field2")?),
    )
    .with_topic_arn(topic)
    .state("Publish2");
    Ok(StateMachine::new(task1.next(task2))?)
}

/// The sample's two tasks, in sequence.
fn sqs_send_message() -> Built {
    let task1 = sqs::SendMessage::new(queue_url("Queue"), path("$.message")?).state("Send1");
    let task2 = sqs::SendMessage::new(
        queue_url("Queue"),
        TaskInput::object()
            .field("field1", "somedata")
            .field("field2", path("$.field2")?),
    )
    .state("Send2");
    Ok(StateMachine::new(task1.next(task2))?)
}

// ---------------------------------------------------------------------------
// Step Functions
// ---------------------------------------------------------------------------

const CHILD: &str = "ChildStateMachine";

fn child_arn() -> String {
    arn("states", &format!("stateMachine:{CHILD}"))
}

/// The child machine the sample defines: one Pass state.
fn sfn_child() -> Built {
    Ok(StateMachine::builder(Pass::new("PassState"))
        .name(CHILD)
        .build()?)
}

fn sfn_start_execution_callback() -> Built {
    let task = sfn::StartExecution::new(child_arn())
        .integration_pattern(sfn::StartExecutionPattern::WaitForTaskToken)
        .with_input(
            TaskInput::object()
                .field("token", JsonPath::task_token())
                .field("foo", "bar"),
        )
        .with_name("MyExecutionName")
        .state("ChildTask");
    Ok(StateMachine::builder(task)
        .name("ParentStateMachine")
        .build()?)
}

/// Not in the 1.65 README: the same child started with `.sync:2` and linked
/// to its parent in the console (CDK's later `associateWithParent`).
fn sfn_start_execution_associate_with_parent() -> Built {
    let task = sfn::StartExecution::new(child_arn())
        .integration_pattern(sfn::StartExecutionPattern::RunJobV2)
        .with_input(TaskInput::object().field("foo", "bar"))
        .associate_with_parent()?
        .state("ChildTask");
    Ok(StateMachine::builder(task)
        .name("ParentStateMachine")
        .build()?)
}

fn sfn_invoke_activity() -> Built {
    let task = InvokeActivity::new(arn("states", "activity:SubmitJob")).state("Submit Job");
    Ok(StateMachine::new(task)?)
}

// ---------------------------------------------------------------------------
// Later integrations (not in the 1.65.0 README)
// ---------------------------------------------------------------------------
//
// Each sample below is an extra (block 0) for the same reason: the seed
// README predates Step Functions' optimized integrations of Athena, Bedrock,
// EMR Serverless, EMR on EKS, EventBridge, Glue DataBrew, MediaConvert, EKS
// and API Gateway, and CDK's Glue crawler and EventBridge Scheduler tasks,
// so it has no block to reproduce. They show the typed tier as a user
// builds it, with the CDK 2 task each corresponds to named in its section.

/// The EKS cluster the EKS and EMR on EKS samples use.
const EKS_CLUSTER: &str = "MyCluster";

/// Two private subnets and a security group of the VPC the EKS samples use.
const EKS_SUBNETS: [&str; 2] = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
const EKS_SECURITY_GROUP: &str = "sg-0123456789abcdef0";

/// The EMR Serverless application the job and lifecycle samples act on.
const EMR_SERVERLESS_APP: &str = "00fexampleapp123";

/// The API Gateway REST API the Invoke samples call.
const API_ENDPOINT: &str = "abc123.execute-api.us-east-1.amazonaws.com";

// Athena ---------------------------------------------------------------------

/// Not in the README: a query in a named workgroup, its results written to
/// S3, `.sync` waiting for it to finish.
fn athena_start_query_execution() -> Built {
    use athena::types::{QueryExecutionContext, ResultConfiguration};
    let task = athena::StartQueryExecution::new(
        "SELECT order_id, total FROM orders WHERE order_date = current_date",
    )
    .integration_pattern(athena::StartQueryExecutionPattern::RunJob)
    .with_work_group("analytics")
    .with_query_execution_context(QueryExecutionContext::new().with_database("sales"))
    .with_result_configuration(
        ResultConfiguration::new().with_output_location("s3://query-results-bucket/athena/"),
    )
    .state("Start Query");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: the state of a query started earlier in the execution.
fn athena_get_query_execution() -> Built {
    let task = athena::GetQueryExecution::new(path("$.QueryExecution.QueryExecutionId")?)
        .state("Get Query Execution");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: the first page of a finished query's rows.
fn athena_get_query_results() -> Built {
    let task = athena::GetQueryResults::new(path("$.QueryExecution.QueryExecutionId")?)
        .with_max_results(100)
        .state("Get Query Results");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: stops a running query.
fn athena_stop_query_execution() -> Built {
    let task = athena::StopQueryExecution::new(path("$.QueryExecution.QueryExecutionId")?)
        .state("Stop Query");
    Ok(StateMachine::new(task)?)
}

// Bedrock --------------------------------------------------------------------

/// The foundation model the Bedrock samples use.
const TITAN_TEXT: &str = "amazon.titan-text-express-v1";

/// Not in the README: a foundation model invoked with a JSON body (Step
/// Functions serialises it), the prompt taken from the state input.
fn bedrock_invoke_model() -> Built {
    let body = TaskInput::object()
        .field("inputText", path("$.prompt")?)
        .field(
            "textGenerationConfig",
            TaskInput::json(json!({"maxTokenCount": 512, "temperature": 0.5})),
        );
    let task = bedrockruntime::InvokeModel::new(TITAN_TEXT)
        .with_body(body)
        .with_content_type("application/json")
        .with_accept("application/json")
        .state("Invoke Model")
        .result_selector(json!({"completion.$": "$.Body.results[0].outputText"}));
    Ok(StateMachine::new(task)?)
}

/// Not in the README: fine-tuning the foundation model on training data in
/// S3, `.sync` waiting for the job; Bedrock receives the role (`iam:PassRole`).
fn bedrock_create_model_customization_job() -> Built {
    use bedrock::types::{CustomizationType, OutputDataConfig, TrainingDataConfig};
    let task = bedrock::CreateModelCustomizationJob::new(
        path("$.jobName")?,
        "support-assistant",
        role("BedrockCustomizationRole"),
        TITAN_TEXT,
        TrainingDataConfig::new().with_s3_uri("s3://training-bucket/train.jsonl"),
        OutputDataConfig::new("s3://output-bucket/customization/"),
    )
    .integration_pattern(bedrock::CreateModelCustomizationJobPattern::RunJob)
    .with_customization_type(CustomizationType::FineTuning)
    .with_hyper_parameters(BTreeMap::from([
        ("epochCount".to_owned(), Field::from("2")),
        ("learningRate".to_owned(), Field::from("0.00001")),
    ]))
    .state("Customize Model");
    Ok(StateMachine::new(task)?)
}

// EMR Serverless -------------------------------------------------------------

/// Not in the README: a Spark application, `.sync` waiting until it is
/// created.
fn emr_serverless_create_application() -> Built {
    let task = emrserverless::CreateApplication::new("emr-7.1.0", "SPARK")
        .integration_pattern(emrserverless::CreateApplicationPattern::RunJob)
        .with_name("nightly-spark")
        .state("Create Application");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: `.sync` waits until the application has started.
fn emr_serverless_start_application() -> Built {
    let task = emrserverless::StartApplication::new(EMR_SERVERLESS_APP)
        .integration_pattern(emrserverless::StartApplicationPattern::RunJob)
        .state("Start Application");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a Spark job, `.sync` waiting for it; EMR Serverless
/// receives the job's execution role (`iam:PassRole`).
fn emr_serverless_start_job_run() -> Built {
    use emrserverless::types::{JobDriver, SparkSubmit};
    let driver = JobDriver::spark_submit(
        SparkSubmit::new("s3://my-bucket/scripts/wordcount.py")
            .with_entry_point_arguments(vec!["s3://my-bucket/output/"])
            .with_spark_submit_parameters("--conf spark.executor.cores=1"),
    );
    let task = emrserverless::StartJobRun::new(EMR_SERVERLESS_APP, role("EMRServerlessJobRole"))
        .integration_pattern(emrserverless::StartJobRunPattern::RunJob)
        .with_name("wordcount")
        .with_job_driver(driver)
        .with_execution_timeout_minutes(60)
        .state("Start Job Run");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: cancels the job run a previous state started.
fn emr_serverless_cancel_job_run() -> Built {
    let task = emrserverless::CancelJobRun::new(EMR_SERVERLESS_APP, path("$.JobRunId")?)
        .state("Cancel Job Run");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: stops the application (request-response).
fn emr_serverless_stop_application() -> Built {
    let task = emrserverless::StopApplication::new(EMR_SERVERLESS_APP).state("Stop Application");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: deletes an application named by the state input.
fn emr_serverless_delete_application() -> Built {
    let task =
        emrserverless::DeleteApplication::new(path("$.ApplicationId")?).state("Delete Application");
    Ok(StateMachine::new(task)?)
}

// EMR on EKS -----------------------------------------------------------------

/// Not in the README: a virtual cluster on a namespace of the EKS cluster.
fn emr_containers_create_virtual_cluster() -> Built {
    use emrcontainers::types::{ContainerInfo, ContainerProvider, ContainerProviderType, EksInfo};
    let provider = ContainerProvider::new(ContainerProviderType::Eks, EKS_CLUSTER).with_info(
        ContainerInfo::eks_info(EksInfo::new().with_namespace("emr")),
    );
    let task = emrcontainers::CreateVirtualCluster::new("my-virtual-cluster", provider)
        .state("Create Virtual Cluster");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a Spark job on the virtual cluster, `.sync` waiting
/// for it.
fn emr_containers_start_job_run() -> Built {
    use emrcontainers::types::{JobDriver, SparkSubmitJobDriver};
    let driver = JobDriver::new().with_spark_submit_job_driver(
        SparkSubmitJobDriver::new("local:///usr/lib/spark/examples/src/main/python/pi.py")
            .with_spark_submit_parameters("--conf spark.executor.instances=2"),
    );
    let task = emrcontainers::StartJobRun::new("vc-0123456789abcdef")
        .integration_pattern(emrcontainers::StartJobRunPattern::RunJob)
        .with_name("pi")
        .with_execution_role_arn(role("EmrOnEksJobRole"))
        .with_release_label("emr-6.15.0-latest")
        .with_job_driver(driver)
        .state("Start Job Run");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: `.sync` waits until the virtual cluster is deleted.
fn emr_containers_delete_virtual_cluster() -> Built {
    let task = emrcontainers::DeleteVirtualCluster::new(path("$.VirtualClusterId")?)
        .integration_pattern(emrcontainers::DeleteVirtualClusterPattern::RunJob)
        .state("Delete Virtual Cluster");
    Ok(StateMachine::new(task)?)
}

// EventBridge ----------------------------------------------------------------

/// One `PutEventsRequestEntry` on the `orders` bus; Step Functions
/// serialises the `Detail` object.
fn order_event(detail: TaskInput) -> serde_json::Value {
    json!({
        "EventBusName": "orders",
        "Source": "com.example.orders",
        "DetailType": "OrderPlaced",
        "Detail": detail.to_asl(),
    })
}

/// Not in the README: one event on a custom bus (request-response).
fn eventbridge_put_events() -> Built {
    let detail = TaskInput::object()
        .field("orderId", path("$.orderId")?)
        .field("total", path("$.total")?);
    let task = eventbridge::PutEvents::new(json!([order_event(detail)])).state("Put Events");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: the consumer of the event returns the task token in
/// the entry's `Detail` with `SendTaskSuccess`.
fn eventbridge_put_events_callback() -> Built {
    let detail = TaskInput::object()
        .field("orderId", path("$.orderId")?)
        .field("taskToken", JsonPath::task_token());
    let task = eventbridge::PutEvents::new(json!([order_event(detail)]))
        .integration_pattern(eventbridge::PutEventsPattern::WaitForTaskToken)
        .state("Put Events and wait");
    Ok(StateMachine::new(task)?)
}

// Glue DataBrew, MediaConvert -----------------------------------------------

/// Not in the README: a DataBrew job, `.sync` waiting for the run.
fn databrew_start_job_run() -> Built {
    let task = databrew::StartJobRun::new("clean-orders-job")
        .integration_pattern(databrew::StartJobRunPattern::RunJob)
        .state("Start DataBrew Job");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: one input transcoded with a system preset into a
/// file group, `.sync` waiting for the job; MediaConvert receives the role
/// (`iam:PassRole`).
fn mediaconvert_create_job() -> Built {
    use mediaconvert::types::{
        AudioDefaultSelection, AudioSelector, FileGroupSettings, Input, JobSettings, Output,
        OutputGroup, OutputGroupSettings, OutputGroupType,
    };
    let input = Input::new()
        .with_file_input(path("$.inputFile")?)
        .with_audio_selectors(BTreeMap::from([(
            "Audio Selector 1".to_owned(),
            Field::from(
                AudioSelector::new().with_default_selection(AudioDefaultSelection::Default),
            ),
        )]));
    let group = OutputGroup::new()
        .with_output_group_settings(
            OutputGroupSettings::new()
                .with_type(OutputGroupType::FileGroupSettings)
                .with_file_group_settings(
                    FileGroupSettings::new().with_destination("s3://output-bucket/converted/"),
                ),
        )
        .with_outputs(vec![
            Output::new()
                .with_preset("System-Generic_Hd_Mp4_Avc_Aac_16x9_1920x1080p_24Hz_6Mbps")
                .with_name_modifier("-1080p"),
        ]);
    let settings = JobSettings::new()
        .with_inputs(vec![input])
        .with_output_groups(vec![group]);
    let task = mediaconvert::CreateJob::new(role("MediaConvertRole"), settings)
        .integration_pattern(mediaconvert::CreateJobPattern::RunJob)
        .state("Transcode");
    Ok(StateMachine::new(task)?)
}

// EKS ------------------------------------------------------------------------

/// Not in the README: a cluster in two subnets, `.sync` waiting until it is
/// active; EKS receives the cluster role (`iam:PassRole`).
fn eks_create_cluster() -> Built {
    let vpc = eks::types::VpcConfigRequest::new()
        .with_subnet_ids(EKS_SUBNETS.to_vec())
        .with_security_group_ids(vec![EKS_SECURITY_GROUP]);
    let task = eks::CreateCluster::new(EKS_CLUSTER, role("EksClusterRole"), vpc)
        .integration_pattern(eks::CreateClusterPattern::RunJob)
        .state("Create Cluster");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a managed node group, `.sync` waiting until it is
/// active; EKS receives the node role (`iam:PassRole`).
fn eks_create_nodegroup() -> Built {
    let task = eks::CreateNodegroup::new(
        EKS_CLUSTER,
        "MyNodegroup",
        EKS_SUBNETS.to_vec(),
        role("EksNodeRole"),
    )
    .integration_pattern(eks::CreateNodegroupPattern::RunJob)
    .with_scaling_config(
        eks::types::NodegroupScalingConfig::new()
            .with_min_size(1)
            .with_max_size(3)
            .with_desired_size(2),
    )
    .with_instance_types(vec!["t3.medium"])
    .state("Create Nodegroup");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: pods of the `default` namespace on Fargate; EKS
/// receives the pod execution role (`iam:PassRole`).
fn eks_create_fargate_profile() -> Built {
    let task = eks::CreateFargateProfile::new(
        "MyFargateProfile",
        EKS_CLUSTER,
        role("EksFargatePodExecutionRole"),
    )
    .with_subnets(EKS_SUBNETS.to_vec())
    .with_selectors(vec![
        eks::types::FargateProfileSelector::new().with_namespace("default"),
    ])
    .state("Create Fargate Profile");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a GET on the cluster's Kubernetes API, with the
/// endpoint and certificate from an earlier `DescribeCluster`.
fn eks_call() -> Built {
    let task = eks::Call::new(
        EKS_CLUSTER,
        path("$.Cluster.CertificateAuthority.Data")?,
        path("$.Cluster.Endpoint")?,
        eks::types::KubernetesHttpMethod::Get,
        "/api/v1/namespaces/default/pods",
    )
    .state("List Pods");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a Kubernetes Job, `.sync` waiting for it and
/// returning its pods' logs.
fn eks_run_job() -> Built {
    let job = TaskInput::json(json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "example-job"},
        "spec": {
            "backoffLimit": 0,
            "template": {
                "metadata": {"name": "example-job"},
                "spec": {
                    "containers": [{
                        "name": "pi-2000",
                        "image": "perl",
                        "command": ["perl"],
                        "args": ["-Mbignum=bpi", "-wle", "print bpi(2000)"]
                    }],
                    "restartPolicy": "Never"
                }
            }
        }
    }));
    let task = eks::RunJob::new(
        EKS_CLUSTER,
        "Y2VydGlmaWNhdGU=",
        "https://EXAMPLE0123456789.gr7.us-east-1.eks.amazonaws.com",
        job,
    )
    .integration_pattern(eks::RunJobPattern::RunJob)
    .with_namespace("jobs")
    .with_log_options(eks::types::KubernetesLogOptions::new().with_retrieve_logs(true))
    .state("Run Job");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: `.sync` waits until the node group is deleted.
fn eks_delete_nodegroup() -> Built {
    let task = eks::DeleteNodegroup::new(EKS_CLUSTER, "MyNodegroup")
        .integration_pattern(eks::DeleteNodegroupPattern::RunJob)
        .state("Delete Nodegroup");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: deletes the Fargate profile (request-response).
fn eks_delete_fargate_profile() -> Built {
    let task = eks::DeleteFargateProfile::new(EKS_CLUSTER, "MyFargateProfile")
        .state("Delete Fargate Profile");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: `.sync` waits until the cluster is deleted.
fn eks_delete_cluster() -> Built {
    let task = eks::DeleteCluster::new(EKS_CLUSTER)
        .integration_pattern(eks::DeleteClusterPattern::RunJob)
        .state("Delete Cluster");
    Ok(StateMachine::new(task)?)
}

// API Gateway ----------------------------------------------------------------

/// Not in the README: a GET on a REST API's stage, signed with the state
/// machine's role (`AuthType` `IAM_ROLE`, hence `execute-api:Invoke`).
fn apigateway_invoke() -> Built {
    use apigateway::types::{InvokeAuthType, InvokeHttpMethod};
    let task = apigateway::Invoke::new(API_ENDPOINT, InvokeHttpMethod::Get)
        .with_stage("prod")
        .with_path("pets")
        .with_auth_type(InvokeAuthType::IamRole)
        .state("Get Pets");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: a POST whose backend returns the task token, sent in
/// a header (header values are lists, hence `States.Array`).
fn apigateway_invoke_callback() -> Built {
    use apigateway::types::{InvokeAuthType, InvokeHttpMethod};
    let token = Intrinsic::call("Array", [JsonPath::task_token().into()])?;
    let task = apigateway::Invoke::new(API_ENDPOINT, InvokeHttpMethod::Post)
        .integration_pattern(apigateway::InvokePattern::WaitForTaskToken)
        .with_stage("prod")
        .with_path("pets")
        .with_headers(BTreeMap::from([(
            "TaskToken".to_owned(),
            Field::from(token),
        )]))
        .with_request_body(path("$.pet")?)
        .with_auth_type(InvokeAuthType::IamRole)
        .state("Add Pet and wait");
    Ok(StateMachine::new(task)?)
}

// HTTP Task --------------------------------------------------------------------

/// Not in the README: a GET on a third-party API, authorized by an
/// EventBridge connection; the machine's name scopes
/// `states:InvokeHTTPEndpoint`, and the URL's literal parts its condition.
fn http_invoke() -> Built {
    use eventbridge::types::{HttpTaskConnection, HttpTaskMethod};
    let url = Intrinsic::format(
        "https://api.stripe.com/v1/customers/{}",
        [path("$.customer_id")?.into()],
    )?;
    let task = eventbridge::HttpInvoke::new(url, HttpTaskMethod::Get)
        .with_invocation_config(HttpTaskConnection::new(
            "arn:aws:events:us-east-1:123456789012:connection/Stripe/81210c42-8af1-456b-9c4a-6ff02fc664ac",
        ))
        .with_query_parameters(TaskInput::json(json!({"expand[]": "subscriptions"})))
        .state("Get Customer");
    Ok(StateMachine::builder(task).name("CustomerSync").build()?)
}

// Cross-region SDK call -------------------------------------------------------

/// Not in the README: a DynamoDB read in another region, through the Lambda
/// function the template brings along (its role gets `dynamodb:GetItem` on
/// the table in that region).
fn call_aws_service_cross_region() -> Built {
    let task = CallAwsServiceCrossRegion::new(
        "dynamodb",
        "getItem",
        "eu-west-1",
        ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"],
    )?
    .parameters(json!({"TableName": "Orders", "Key": {"pk": {"S.$": "$.orderId"}}}))?
    .state("Get Order in Ireland");
    Ok(StateMachine::new(task)?)
}

// Glue crawler, EventBridge Scheduler (SDK integrations) ---------------------

/// Not in the README: CDK's `GlueStartCrawlerRun` is this SDK call.
fn glue_start_crawler() -> Built {
    let task = glue::sdk::StartCrawler::new(glue::types::StartCrawlerRequest::new("my-crawler"))
        .state("Start Crawler");
    Ok(StateMachine::new(task)?)
}

/// Not in the README: CDK's `EventBridgeSchedulerCreateScheduleTask` is this
/// SDK call; the schedule sends a message to a queue every five minutes with
/// its own role, which Scheduler receives (`iam:PassRole`).
fn scheduler_create_schedule() -> Built {
    use scheduler::types::{
        CreateScheduleInput, FlexibleTimeWindow, FlexibleTimeWindowMode, Target,
    };
    let target = Target::new(arn("sqs", "Queue"), role("SchedulerRole")).with_input("hello");
    let input = CreateScheduleInput::new(
        "my-schedule",
        "rate(5 minutes)",
        target,
        FlexibleTimeWindow::new(FlexibleTimeWindowMode::Off),
    );
    let task = scheduler::sdk::CreateSchedule::new(input).state("Create Schedule");
    Ok(StateMachine::new(task)?)
}
