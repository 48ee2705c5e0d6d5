//! Typed AWS Step Functions task integrations, generated from AWS's own service models.
//!
//! The crate has two halves:
//!
//! - [`runtime`] is hand-written and knows no service: the value type every
//!   parameter accepts ([`Field`]), JSONPath, intrinsic functions and JSONata
//!   expressions, and the writer that renders Amazon States Language (ASL) JSON.
//! - [`services`] is written by `cargo xtask regen` from the vendored botocore
//!   models, one cargo feature per service.
//!
//! Every parameter, at any depth, is either a literal or a dynamic value:
//!
//! ```
//! use sfn_tasks::{Field, JsonPath};
//!
//! let literal: Field<String> = "orders".into();
//! let from_input: Field<String> = JsonPath::new("$.order.table").unwrap().into();
//! assert_eq!(sfn_tasks::runtime::render_field("TableName", &literal).to_string(),
//!            r#"{"TableName":"orders"}"#);
//! assert_eq!(sfn_tasks::runtime::render_field("TableName", &from_input).to_string(),
//!            r#"{"TableName.$":"$.order.table"}"#);
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

#[cfg(feature = "sdk-models")]
#[cfg_attr(docsrs, doc(cfg(feature = "sdk-models")))]
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
mod helpers;
pub mod runtime;
pub mod services;

pub use runtime::{
    CfnOptions, CustomTask, IntegrationPattern, MachineError, PolicyDocument, PolicyStatement,
    Resource, StateMachine, Task,
};
pub use runtime::{Dynamic, Field, Intrinsic, JsonPath, Jsonata, ToAsl};

/// What most workflows use, in one import. The typed tasks stay in their
/// service modules (`sfn_tasks::services::lambda::Invoke`), where the
/// feature that builds them is named.
///
/// ```
/// use sfn_tasks::prelude::*;
///
/// let wait = Wait::seconds("Pause", 5).next(Succeed::new("Done"));
/// let machine = StateMachine::new(wait)?;
/// assert_eq!(machine.to_asl_json()["StartAt"], "Pause");
/// # Ok::<(), MachineError>(())
/// ```
pub mod prelude {
    pub use crate::runtime::{
        Catch, CfnOptions, Chain, Choice, Condition, CustomTask, Fail, Field, Intrinsic,
        JitterStrategy, JsonPath, Jsonata, MachineError, Map, Parallel, Pass, QueryLanguage, Retry,
        StateMachine, Succeed, Task, TaskInput, Wait, arn, errors, goto,
    };
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "full"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
