//! The sfn-tasks generator: a pure function from the files under `models/`
//! to the file set under `generated/src/services/`.
//!
//! Stages, one module each: [`botocore`] and [`iam`] load the inputs,
//! [`lower`] turns them into the [`ir`] that holds every decision,
//! [`render`] prints the IR through the templates, and [`fileset`] compares
//! or writes the result. [`sources`] owns the vendored-model bookkeeping.

pub mod iam;
pub mod sources;
