//! Every code sample of the seed README (the README of the CDK module
//! `aws-stepfunctions-tasks` 1.65.0), rebuilt with this crate's typed tasks,
//! written as ASL, IAM policy and CloudFormation template:
//!
//! ```sh
//! cargo run -p sfn-tasks --features full --example seed_readme -- OUT_DIR
//! ```
//!
//! For each sample it writes `OUT_DIR/<sample>.asl.json` (the definition),
//! `<sample>.policy.json` (the execution role's policy, merged and sorted)
//! and `<sample>.template.json` (role, policy and state machine; with the
//! Lambda function of `EvaluateExpression`), creating `OUT_DIR` if needed,
//! and prints one line per sample. Exit status: 0 done, 1 a sample failed to
//! build, 2 bad usage or an output directory it cannot write.
//!
//! # The samples
//!
//! The 36 code blocks of the README, in its order, give 37 state machines,
//! and 32 more show what the README cannot: a later CDK option and the
//! tasks of the optimized integrations and CDK 2 classes that came after it
//! (`tests/external/seed_examples.rs` checks the count and runs every output
//! through asl-validator, cfn-lint and the IAM authorization data):
//!
//! | README section | samples |
//! | --- | --- |
//! | Paths › InputPath, OutputPath, ResultPath | `lambda-invoke-input-path`, `lambda-invoke-output-path`, `dynamodb-get-item-result-path` |
//! | Task parameters from the state JSON | `lambda-invoke-event` |
//! | Evaluate Expression | `evaluate-expression` |
//! | Batch, CodeBuild | `batch-submit-job`, `codebuild-start-build` |
//! | DynamoDB | `dynamodb-get-item`, `dynamodb-put-item`, `dynamodb-delete-item`, `dynamodb-update-item` |
//! | ECS | `ecs-run-task-ec2`, `ecs-run-task-fargate` |
//! | EMR | `emr-create-cluster`, `emr-set-cluster-termination-protection`, `emr-terminate-cluster`, `emr-add-step`, `emr-cancel-step`, `emr-modify-instance-fleet-by-name`, `emr-modify-instance-group-by-name` |
//! | Glue | `glue-start-job-run` |
//! | Lambda | `lambda-invoke`, `lambda-invoke-payload`, `lambda-invoke-function-response-output`, `lambda-invoke-payload-response-only`, `lambda-invoke-callback` |
//! | SageMaker | `sagemaker-create-training-job`, `sagemaker-create-transform-job`, `sagemaker-create-endpoint`, `sagemaker-create-endpoint-config`, `sagemaker-create-model`, `sagemaker-update-endpoint` |
//! | SNS | `sns-publish` |
//! | Step Functions | `sfn-start-execution-child` and `sfn-start-execution-callback` (the sample's two machines), `sfn-invoke-activity` |
//! | SQS | `sqs-send-message` |
//! | not in the README | `sfn-start-execution-associate-with-parent` (CDK's later `associateWithParent`, with `.sync:2`) |
//! | not in the README: the later optimized integrations and CDK classes | HTTP Task (`http-invoke`), cross-region SDK call (`call-aws-service-cross-region`), Athena (`athena-start-query-execution`, `-get-query-execution`, `-get-query-results`, `-stop-query-execution`), Bedrock (`bedrock-invoke-model`, `bedrock-create-model-customization-job`), EMR Serverless (`emr-serverless-create-application`, `-start-application`, `-start-job-run`, `-cancel-job-run`, `-stop-application`, `-delete-application`), EMR on EKS (`emr-containers-create-virtual-cluster`, `-start-job-run`, `-delete-virtual-cluster`), EventBridge (`eventbridge-put-events`, `-callback`), Glue DataBrew (`databrew-start-job-run`), MediaConvert (`mediaconvert-create-job`), EKS (`eks-create-cluster`, `-create-nodegroup`, `-create-fargate-profile`, `-call`, `-run-job`, `-delete-nodegroup`, `-delete-fargate-profile`, `-delete-cluster`), API Gateway (`apigateway-invoke`, `-callback`) |
//! | not in the README: CDK 2 classes that are SDK calls | `glue-start-crawler` (`GlueStartCrawlerRun`), `scheduler-create-schedule` (`EventBridgeSchedulerCreateScheduleTask`) |
//!
//! Samples with two tasks (Lambda's payload sample, SNS, SQS) chain them in
//! one machine.
//!
//! # What differs from the CDK samples
//!
//! - The resources a CDK sample creates next to its task (tables, topics,
//!   queues, functions, job queues and definitions, projects, clusters, task
//!   definitions, roles, the activity) are not created: the crate renders the
//!   state machine and its role. They are named by ARN or name after the CDK
//!   construct ids, with the template's `${AWS::…}` placeholders.
//! - The ResultPath sample passes `item`/`table_name` to `DynamoGetItem`,
//!   which takes neither; the GetItem it means is rebuilt.
//! - `EvaluateExpression` asks for the `nodejs10.x` runtime, which Lambda no
//!   longer accepts; the function keeps the crate's default Node.js runtime.
//! - Glue's `timeout` and `notify_delay_after` are the API's `Timeout` and
//!   `NotificationProperty.NotifyDelayAfter` (minutes), which is what CDK
//!   renders them as.
//! - EMR's create-cluster sets `KeepJobFlowAliveWhenNoSteps` and
//!   `VisibleToAllUsers`, which CDK adds by default; the Fargate sample names
//!   its subnets and security group, which CDK takes from the cluster's VPC.
//! - IAM follows the crate's rules (see `DEVIATIONS.md`), e.g. ECS `RunTask`
//!   on the task definition family and `iam:PassRole` with
//!   `iam:PassedToService`.
//!
//! # Not reproduced
//!
//! Every code sample of the 1.65.0 README has a typed equivalent, and so
//! has every later optimized integration but the HTTP Task (`http:invoke`),
//! which the crate README lists under "Integrations not supported".

#[path = "seed_readme/samples.rs"]
mod samples;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use sfn_tasks::runtime::{CfnOptions, StateMachine};

const USAGE: &str = "usage: seed_readme OUT_DIR\n\
    writes <sample>.asl.json, <sample>.policy.json and <sample>.template.json \
    for every code sample of the CDK aws-stepfunctions-tasks 1.65.0 README";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out_dir = match args.as_slice() {
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [dir] if !dir.is_empty() && !dir.starts_with('-') => PathBuf::from(dir),
        _ => {
            eprintln!("seed_readme: expected exactly one argument, the output directory\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = prepare(&out_dir) {
        eprintln!("seed_readme: {e}");
        return ExitCode::from(2);
    }
    let samples = match samples::samples() {
        Ok(samples) => samples,
        Err(e) => {
            eprintln!("seed_readme: {e}");
            return ExitCode::from(1);
        }
    };
    let total = samples.len();
    for (spec, (name, machine)) in samples::SPECS.iter().zip(samples) {
        match write_sample(&out_dir, spec, &machine) {
            Ok(line) => println!("{line}"),
            Err(Failure::Output(e)) => {
                eprintln!("seed_readme: {e}");
                return ExitCode::from(2);
            }
            Err(Failure::Build(e)) => {
                eprintln!("seed_readme: sample {name}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let extras = samples::SPECS.iter().filter(|s| s.block == 0).count();
    println!(
        "{total} samples written to {} (the README's {} code blocks, and {extras} not in it)",
        out_dir.display(),
        samples::SEED_BLOCKS,
    );
    ExitCode::SUCCESS
}

/// Creates the output directory if needed; fails when it is not a directory.
fn prepare(dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "output directory {} exists and is not a directory",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create output directory {}: {e}", dir.display()))
}

enum Failure {
    /// The outputs could not be rendered.
    Build(String),
    /// A file could not be written.
    Output(String),
}

/// Writes the three files of one sample and returns the line to print.
fn write_sample(
    dir: &Path,
    spec: &samples::SampleSpec,
    machine: &StateMachine,
) -> Result<String, Failure> {
    let name = spec.name;
    let template = machine
        .to_cloudformation(&CfnOptions::new())
        .map_err(|e| Failure::Build(e.to_string()))?;
    let policy = machine.policy_document().to_json();
    let statements = policy["Statement"].as_array().map_or(0, Vec::len);
    let states = machine.to_asl_json()["States"]
        .as_object()
        .map_or(0, serde_json::Map::len);
    write(dir, name, "asl", machine.to_asl_string_pretty())?;
    write(dir, name, "policy", pretty(&policy)?)?;
    write(dir, name, "template", pretty(&template)?)?;
    let origin = match spec.block {
        0 => format!("not in the README; {}", spec.section),
        n => format!("README block {n}, {}", spec.section),
    };
    Ok(format!(
        "wrote {name}.{{asl,policy,template}}.json: {states} state{}, {statements} IAM statement{} ({origin})",
        plural(states),
        plural(statements)
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn pretty(value: &Value) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Build(e.to_string()))
}

fn write(dir: &Path, name: &str, kind: &str, mut text: String) -> Result<(), Failure> {
    text.push('\n');
    let file = dir.join(format!("{name}.{kind}.json"));
    std::fs::write(&file, text)
        .map_err(|e| Failure::Output(format!("cannot write {}: {e}", file.display())))
}
