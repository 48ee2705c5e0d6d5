//! Hand-written helpers for some generated services, one file per service
//! module (CDK-style constructors, builder methods the models cannot
//! express). Each is re-exported from its service module,
//! `crate::services::<module>`, which is where users find them; the
//! registry's `helpers` flag (`models/services.toml`) makes codegen print
//! that re-export.

#[cfg(feature = "dynamodb")]
pub(crate) mod dynamodb;
#[cfg(feature = "ecs")]
pub(crate) mod ecs;
#[cfg(feature = "sagemaker")]
pub(crate) mod sagemaker;
#[cfg(feature = "sfn")]
pub(crate) mod sfn;
