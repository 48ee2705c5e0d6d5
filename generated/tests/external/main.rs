//! The checks that run tools outside Rust (installed by `tools/install`):
//! asl-validator, cfn-lint and the IAM authorization data on what the crate
//! renders (`support::validate`), and real executions on moto's Step
//! Functions interpreter (one moto server for the whole binary). See
//! `tests/external/README.md`.
//!
//! One test binary instead of one per file, so the generated crate is linked
//! once; each module is a former `tests/<module>.rs`, and the features a
//! module needs are stated here.

#[path = "../support/mod.rs"]
mod support;

mod external_moto;
mod external_validators;

#[cfg(feature = "full")]
mod external_sdk;
#[cfg(feature = "eventbridge")]
mod moto_eventbridge;
#[cfg(all(
    feature = "dynamodb",
    feature = "ecs",
    feature = "sagemaker",
    feature = "sfn"
))]
mod optimized_external;
#[cfg(feature = "full")]
mod seed_examples;
