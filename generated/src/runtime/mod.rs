//! The hand-written core shared by every generated service: values, paths,
//! intrinsic functions, JSONata and the ASL JSON writer; the [`Task`] trait,
//! the states, [`StateMachine`] with its validation and outputs (ASL, IAM,
//! CloudFormation, Mermaid; see the [`machine`] module for the API at a
//! glance). Nothing here knows about a particular AWS service: the services
//! are generated (`crate::services`) from the registry, with their
//! hand-written helpers in `src/helpers/`.

pub mod bind;
pub mod grant;
pub mod optimized;
mod payload;
pub mod sdk;
#[cfg(feature = "sdk-models")]
pub mod sdk_models;
pub use payload::TaskInput;
mod intrinsic;
mod jsonata;
mod path;
mod value;
mod writer;

pub use intrinsic::{Intrinsic, IntrinsicArg, IntrinsicError};
pub use jsonata::{Jsonata, JsonataError};
pub(crate) use path::reads_as_path;
pub use path::{JsonPath, PathError};
pub use value::{AslRef, Blob, Dynamic, Field, Timestamp, ToAsl};
pub use writer::{ObjectWriter, render_field};

mod error;
mod iam;
pub mod machine;
pub(crate) mod states;
mod task;
pub(crate) mod task_resource;
pub mod vocabulary;

pub use error::MachineError;
pub use iam::{
    ACCOUNT_ID, Arn, Bindings, Conditions, Effect, PARTITION, PolicyDocument, PolicyStatement,
    REGION, URL_SUFFIX, arn, global_arn,
};
pub use machine::{
    CfnOptions, Chain, LogDestination, LogLevel, Logging, PolicyReport, StateMachine,
    StateMachineBuilder, StateMachineType, Target, Warning, goto,
};
pub use states::{
    Catch, Choice, Condition, ExecutionType, Fail, ItemBatcher, ItemReader, JitterStrategy, Map,
    Numeric, Operator, Parallel, Pass, ProcessorMode, QueryLanguage, ResultWriter, Retry, Rule,
    State, Succeed, TaskState, Wait, errors,
};
pub(crate) use task::is_jsonata_template;
pub use task::{CustomTask, IntegrationPattern, Resource, Task, json_references_task_token};

mod activity;
mod call_aws_service;
mod call_aws_service_cross_region;
mod evaluate_expression;
mod lambda_function;
mod task_error;

pub use activity::InvokeActivity;
pub use call_aws_service::CallAwsService;
pub use call_aws_service_cross_region::CallAwsServiceCrossRegion;
pub use evaluate_expression::EvaluateExpression;
pub use task_error::TaskError;
