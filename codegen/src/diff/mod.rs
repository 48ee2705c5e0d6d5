//! The change report between two sets of botocore models: what AWS changed
//! in the operations and input shapes of our services, what that does to the
//! tasks of `sfn-tasks`, and the semver bump it calls for.
//!
//! [`ModelSet::load`] reads a set (a botocore wheel, its `data` folder, a
//! folder containing `botocore/data`, or the repository's `models/botocore`),
//! [`diff`] compares two of them against a [`CrateView`], and the report
//! renders as Markdown ([`Report::to_markdown`]) or serializes as JSON
//! (schema [`SCHEMA_VERSION`]).
//!
//! The comparison looks at what the generator turns into Rust: operations,
//! and the shapes reachable from operation inputs, by the Rust-facing type
//! of every member (an `integer` that becomes a `long` is still an `i64`, so
//! it is not reported; a string that becomes an enumeration is).

mod catalog;
mod compare;
mod helpers;
mod load;
mod markdown;
mod tasks;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::sources::SourcesError;

pub use catalog::CatalogChange;
pub use helpers::{HELPERS_DIR, HelperImpact, HelperUse, helper_uses};
pub use load::{LoadedService, ModelSet};
pub use tasks::{CrateView, OptimizedTask};

/// Bumped when a field of the JSON report changes meaning or disappears;
/// adding fields keeps the number.
pub const SCHEMA_VERSION: u32 = 1;

/// Which of the two model sets an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The models before the change.
    Old,
    /// The models after the change.
    New,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Old => "old",
            Side::New => "new",
        })
    }
}

/// Everything that can stop a report. Each renders as one message that
/// names the input (and the file or archive entry) at fault.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The path is not a botocore release, an archive or file is unreadable,
    /// or a model is not valid JSON (reported by the shared readers).
    #[error("{0}")]
    Sources(#[from] SourcesError),
    /// A model parsed as JSON but is not a usable botocore model.
    #[error("{0}")]
    Model(#[from] crate::Error),
    /// A problem with one of the two sets; says which.
    #[error("{side} models: {error}")]
    Side {
        /// Old or new.
        side: Side,
        /// What went wrong there.
        error: Box<DiffError>,
    },
    /// A curated file the crate view reads is unusable.
    #[error("{}: {detail}", file.display())]
    Curated {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

impl DiffError {
    fn on(side: Side) -> impl FnOnce(DiffError) -> DiffError {
        move |error| DiffError::Side {
            side,
            error: Box::new(error),
        }
    }
}

/// A semver bump, ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing changed.
    #[default]
    None,
    /// Documentation or metadata only.
    Patch,
    /// Additions only: operations, optional members, enum values (every
    /// generated struct and enum is `#[non_exhaustive]`).
    Minor,
    /// Something a user's code may depend on changed or went away.
    Major,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::None => "none",
            Verdict::Patch => "patch",
            Verdict::Minor => "minor",
            Verdict::Major => "major",
        })
    }
}

/// The whole report. Field order is the JSON order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The models before.
    pub old: SetInfo,
    /// The models after.
    pub new: SetInfo,
    /// The largest verdict of all services.
    pub verdict: Verdict,
    /// Problems that did not stop the report but make it less complete.
    pub warnings: Vec<String>,
    /// One entry per service present on both sides, by botocore key.
    pub services: BTreeMap<String, ServiceReport>,
    /// Typed services only the new side has (`(botocore key, API
    /// version)`): the registry gained them, or the old release predates
    /// them. Each is a new module, a minor change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services_added: Vec<(String, String)>,
    /// Typed services only the old side has: the new release dropped them
    /// (or is older than they are). Their modules and tasks would go away,
    /// a major change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services_removed: Vec<(String, String)>,
    /// The services the crate does not type (checked from their compact
    /// models) that changed, by botocore key: operations added, removed and
    /// with a changed input. No Rust type changes; lint, policy and
    /// `CallAwsService::checked` follow the data (a minor change when
    /// operations or services come or go, else a patch).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub catalog: BTreeMap<String, CatalogChange>,
    /// Changes to generated types the hand-written helpers
    /// (`generated/src/helpers/`) import: each may break a helper that the
    /// generator does not rewrite.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub helpers: Vec<HelperImpact>,
}

/// Where a model set came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetInfo {
    /// The path as given.
    pub origin: String,
    /// The botocore version, or `unknown`.
    pub version: String,
}

/// What changed in one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceReport {
    /// The crate module (`sfn` for `stepfunctions`).
    pub module: String,
    /// API version before.
    pub old_api_version: String,
    /// API version after.
    pub new_api_version: String,
    /// The largest verdict of this service's changes.
    pub verdict: Verdict,
    /// Counts, for the summary table.
    pub summary: Summary,
    /// Changed `metadata` keys (protocol, endpoint prefix, …): they change
    /// no generated type but may change how the service is called.
    pub notes: Vec<Note>,
    /// Every listed change, grouped by kind, then sorted by name.
    pub changes: Vec<Change>,
    /// Documentation-only changes (operation, shape and member docs, and
    /// deprecation flags), counted, not listed.
    pub documentation_changes: usize,
    /// Tasks of the crate that appear, disappear or change.
    pub tasks: Vec<TaskImpact>,
}

impl ServiceReport {
    /// True when nothing at all differs.
    pub fn is_unchanged(&self) -> bool {
        self.verdict == Verdict::None
    }
}

/// Counts per service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Operations added.
    pub operations_added: usize,
    /// Operations removed.
    pub operations_removed: usize,
    /// Members added to existing input shapes.
    pub members_added: usize,
    /// Members removed from input shapes.
    pub members_removed: usize,
    /// Members whose type or required-ness changed, and operations whose input type changed.
    pub members_changed: usize,
    /// Enum values added.
    pub enum_values_added: usize,
    /// Enum values removed.
    pub enum_values_removed: usize,
    /// Generated types (structs, unions, enums) added.
    pub types_added: usize,
    /// Generated types removed or turned into another kind.
    pub types_removed: usize,
    /// Tasks added, removed or changed.
    pub tasks_affected: usize,
}

/// A `metadata` key that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// The key, e.g. `protocol`.
    pub key: String,
    /// Its value before, absent if the key is new.
    pub old: Option<serde_json::Value>,
    /// Its value after, absent if the key was dropped.
    pub new: Option<serde_json::Value>,
}

/// One change, with its verdict.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// What changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// What it means for the crate's version.
    pub verdict: Verdict,
}

/// The kinds of change. Types are Rust-facing descriptions: `string`,
/// `integer`, `float`, `boolean`, `timestamp`, `blob`, `document`,
/// `enum X`, `structure X`, `union X`, `list of …`, `map of …` (X is the
/// generated type name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation (and so a new SDK task).
    OperationAdded {
        /// Operation name.
        operation: String,
    },
    /// An operation that is gone.
    OperationRemoved {
        /// Operation name.
        operation: String,
    },
    /// The operation's input is another type now.
    OperationInputChanged {
        /// Operation name.
        operation: String,
        /// Input type before (`none` if it had no input).
        old: String,
        /// Input type after.
        new: String,
    },
    /// A new generated type.
    TypeAdded {
        /// Botocore shape name.
        shape: String,
        /// `structure`, `union` or `enum`.
        type_kind: String,
    },
    /// A generated type that is gone.
    TypeRemoved {
        /// Botocore shape name.
        shape: String,
        /// `structure`, `union` or `enum`.
        type_kind: String,
    },
    /// A generated type that is of another kind now (a structure became a union).
    TypeKindChanged {
        /// Botocore shape name.
        shape: String,
        /// Kind before.
        old: String,
        /// Kind after.
        new: String,
    },
    /// A member added to a structure or union.
    MemberAdded {
        /// Botocore shape name.
        shape: String,
        /// Botocore member name.
        member: String,
        /// Its type.
        #[serde(rename = "type")]
        ty: String,
        /// Whether it is required (a constructor argument).
        required: bool,
    },
    /// A member that is gone.
    MemberRemoved {
        /// Botocore shape name.
        shape: String,
        /// Botocore member name.
        member: String,
        /// Its type before.
        #[serde(rename = "type")]
        ty: String,
        /// Whether it was required.
        required: bool,
    },
    /// A member whose Rust-facing type changed.
    MemberTypeChanged {
        /// Botocore shape name.
        shape: String,
        /// Botocore member name.
        member: String,
        /// Type before.
        old: String,
        /// Type after.
        new: String,
    },
    /// A member that became required or optional.
    MemberRequiredChanged {
        /// Botocore shape name.
        shape: String,
        /// Botocore member name.
        member: String,
        /// Required after the change.
        required: bool,
    },
    /// A new enumeration value.
    EnumValueAdded {
        /// Botocore shape name.
        shape: String,
        /// The value as AWS spells it.
        value: String,
    },
    /// An enumeration value that is gone.
    EnumValueRemoved {
        /// Botocore shape name.
        shape: String,
        /// The value as AWS spells it.
        value: String,
    },
}

impl ChangeKind {
    /// The semver consequence for the crate. Structs, unions and enums are
    /// `#[non_exhaustive]`, so additions are minor; a new required member is
    /// a new constructor argument, and a member that stops being required
    /// leaves the constructor too: both are major.
    pub fn verdict(&self) -> Verdict {
        match self {
            ChangeKind::OperationAdded { .. }
            | ChangeKind::TypeAdded { .. }
            | ChangeKind::EnumValueAdded { .. } => Verdict::Minor,
            ChangeKind::MemberAdded { required, .. } => {
                if *required {
                    Verdict::Major
                } else {
                    Verdict::Minor
                }
            }
            ChangeKind::OperationRemoved { .. }
            | ChangeKind::OperationInputChanged { .. }
            | ChangeKind::TypeRemoved { .. }
            | ChangeKind::TypeKindChanged { .. }
            | ChangeKind::MemberRemoved { .. }
            | ChangeKind::MemberTypeChanged { .. }
            | ChangeKind::MemberRequiredChanged { .. }
            | ChangeKind::EnumValueRemoved { .. } => Verdict::Major,
        }
    }
}

impl From<ChangeKind> for Change {
    fn from(kind: ChangeKind) -> Self {
        Change {
            verdict: kind.verdict(),
            kind,
        }
    }
}

/// Optimized or SDK (the order tasks are listed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// A curated integration from `models/integrations/`.
    Optimized,
    /// `arn:aws:states:::aws-sdk:<service>:<action>`, one per operation.
    Sdk,
}

/// What happened to a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// The task is new.
    Added,
    /// The task is gone.
    Removed,
    /// Its parameters changed.
    Changed,
}

/// One task of the crate and how its parameters changed. Parameters are
/// ASL key paths from the task's input: `Code.S3Key`, `Tags{}` for map
/// values, `Overrides[]` for list elements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskImpact {
    /// Rust path inside the crate: `lambda::sdk::Invoke`, `sfn::StartExecution`.
    pub task: String,
    /// SDK or optimized.
    pub task_kind: TaskKind,
    /// The botocore operation behind it.
    pub operation: String,
    /// Added, removed or changed.
    pub status: TaskStatus,
    /// Parameters that appeared.
    pub parameters_added: Vec<String>,
    /// Parameters that disappeared.
    pub parameters_removed: Vec<String>,
    /// Parameters whose type, required-ness or enum values changed, each
    /// with a short description.
    pub parameters_changed: Vec<String>,
    /// The largest verdict of the changes behind it.
    pub verdict: Verdict,
}

impl Report {
    /// True when no service has any change and none was added.
    pub fn is_unchanged(&self) -> bool {
        self.services_added.is_empty()
            && self.services_removed.is_empty()
            && self.catalog.is_empty()
            && self.services.values().all(ServiceReport::is_unchanged)
    }

    /// The report as Markdown, for release notes and `CHANGELOG.md`. The top
    /// heading has level `level` (2 for a changelog section).
    pub fn to_markdown(&self, level: usize) -> String {
        markdown::render(self, level)
    }

    /// The report as pretty JSON (schema [`SCHEMA_VERSION`]).
    pub fn to_json(&self) -> String {
        // Strings, numbers, maps and vectors of such always serialize.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A one-line title: `botocore 1.29.165 → botocore 1.44.8`.
    pub fn title(&self) -> String {
        format!("{} → {}", self.old.label(), self.new.label())
    }
}

impl SetInfo {
    /// `botocore 1.44.8`, or the path when the version is unknown.
    pub fn label(&self) -> String {
        if self.version == "unknown" {
            self.origin.clone()
        } else {
            format!("botocore {}", self.version)
        }
    }
}

/// Compares two model sets for the crate described by `view`. A typed
/// service with a model on one side only is reported as added or removed.
pub fn diff(old: &ModelSet, new: &ModelSet, view: &CrateView) -> Result<Report, DiffError> {
    let mut services = BTreeMap::new();
    for (key, before) in &old.services {
        let Some(after) = new.services.get(key) else {
            continue;
        };
        let report = compare::service(key, before, after, view)?;
        services.insert(key.clone(), report);
    }
    let only_in = |set: &ModelSet, other: &ModelSet| -> Vec<(String, String)> {
        set.services
            .iter()
            .filter(|(key, _)| !other.services.contains_key(*key))
            .map(|(key, s)| (key.clone(), s.api_version.clone()))
            .collect()
    };
    let services_added = only_in(new, old);
    let services_removed = only_in(old, new);
    let added_verdict = if !services_removed.is_empty() {
        Verdict::Major
    } else if !services_added.is_empty() {
        Verdict::Minor
    } else {
        Verdict::None
    };
    // A service typed on either side is compared in detail above.
    let typed = |k: &str| old.services.contains_key(k) || new.services.contains_key(k);
    let catalog = catalog::compare(&old.others, &new.others, typed);
    let catalog_verdict = catalog
        .values()
        .map(|c| {
            let comes_or_goes = c.old_api_version.is_none()
                || c.new_api_version.is_none()
                || !c.operations_added.is_empty()
                || !c.operations_removed.is_empty();
            if comes_or_goes {
                Verdict::Minor
            } else {
                Verdict::Patch
            }
        })
        .max()
        .unwrap_or_default();
    let helpers = services
        .values()
        .flat_map(|s| helpers::impacts(s, &view.helpers, &view.naming))
        .collect();
    Ok(Report {
        schema: SCHEMA_VERSION,
        old: old.info(),
        new: new.info(),
        verdict: services
            .values()
            .map(|s| s.verdict)
            .chain([added_verdict, catalog_verdict])
            .max()
            .unwrap_or_default(),
        warnings: view.warnings.clone(),
        services,
        services_added,
        services_removed,
        catalog,
        helpers,
    })
}

/// Loads both sets and the crate view of `repo_root`, and compares them.
/// Reads only; writes nothing.
pub fn compare_paths(old: &Path, new: &Path, repo_root: &Path) -> Result<Report, DiffError> {
    let view = CrateView::load(repo_root)?;
    let services = view.services();
    let before = ModelSet::load(old, &services).map_err(DiffError::on(Side::Old))?;
    let after = ModelSet::load(new, &services).map_err(DiffError::on(Side::New))?;
    diff(&before, &after, &view)
}
