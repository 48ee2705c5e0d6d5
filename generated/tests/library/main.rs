//! The library's own tests: everything that needs neither the `cli` feature
//! nor a tool outside Rust (the IAM checks read `models/iam` in Rust, through
//! `tests/support/iam.rs`).
//!
//! One test binary instead of one per file, so the generated crate is linked
//! once; each module is a former `tests/<module>.rs`, and the features a
//! module needs are stated here. insta keeps the snapshots of
//! `machine_snapshots` in `tests/library/snapshots/`.

#[path = "../support/mod.rs"]
mod support;

mod deep_machines;
mod intrinsics;
mod machine_outputs;
mod machine_snapshots;
mod machine_states;
mod machine_validation;
mod optimized_tasks;
mod paths;

#[cfg(feature = "sdk-models")]
mod checked_sdk_calls;
#[cfg(all(
    feature = "batch",
    feature = "codebuild",
    feature = "dynamodb",
    feature = "ecs",
    feature = "emr",
    feature = "glue",
    feature = "lambda",
    feature = "sagemaker",
    feature = "sfn",
    feature = "sns",
    feature = "sqs",
    feature = "apigateway",
    feature = "athena",
    feature = "bedrock",
    feature = "bedrockruntime",
    feature = "databrew",
    feature = "eks",
    feature = "emrcontainers",
    feature = "eventbridge",
    feature = "mediaconvert",
    feature = "sdk-glue",
    feature = "sdk-scheduler"
))]
mod conformance_cdk;
#[cfg(feature = "dynamodb")]
mod dynamodb_put_item;
#[cfg(feature = "full")]
mod iam_binding;
#[cfg(all(feature = "sqs", feature = "sns"))]
mod optimized_kms;
#[cfg(feature = "full")]
mod sdk_iam;
#[cfg(feature = "ecs")]
mod tagging;
#[cfg(all(feature = "batch", feature = "codebuild"))]
mod wire_names;
