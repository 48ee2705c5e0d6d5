//! The old path of the vendored-model bookkeeping, now in [`crate::vendor`].
//!
//! Only re-exports, kept so that callers (`xtask`, `codegen/tests`,
//! [`crate::diff`]) compile unchanged; to be removed once they use
//! `crate::vendor`.

pub use crate::vendor::models_update::update_models;
pub use crate::vendor::sources::{
    BOTOCORE_DIR, FileRecord, PackageSource, SOURCES_FILE, Sources, SourcesError, VerifyProblem,
    sha256_hex, verify,
};
pub use crate::vendor::update::{ItemChange, UpdateSummary};

pub(crate) use crate::vendor::archive::{Package, gunzip};
pub(crate) use crate::vendor::models_update::{newest_models, open_botocore, validate_model};
