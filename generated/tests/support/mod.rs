//! Harness for checking what the crate renders with tools outside Rust:
//! asl-validator (ASL), cfn-lint (CloudFormation), the AWS service-authorization
//! data in `models/iam` (IAM policies) and moto's Step Functions interpreter
//! (real executions).
//!
//! The tools are installed by `tools/install` into `<repo>/.tools`. A missing or
//! stale install fails the tests with the command to run; the only way to skip
//! them is `SFN_TASKS_SKIP_EXTERNAL=1`, which says so loudly.
//!
//! Each test binary (`tests/library`, `tests/external`) includes this module
//! with `#[path = "../support/mod.rs"] mod support;` and uses a different
//! part of it, hence the `dead_code` allowance. `validate` runs the three
//! static checks (asl-validator, cfn-lint, IAM data) on rendered output.
#![allow(dead_code)]

pub mod asl;
pub mod cfn;
pub mod iam;
pub mod machines;
pub mod moto;
pub mod proc;
pub mod samples;
pub mod tools;
pub mod validate;
