//! Refreshing `models/botocore` from a botocore release ([`update_models`]):
//! finding the release's data folder and version, picking the newest model of
//! every service, and checking that it is a botocore model.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::archive::{Package, gunzip, is_zip_name};
use super::sources::{
    BOTOCORE_DIR, FileRecord, MODEL_FILE, MODEL_FILE_GZ, PackageSource, Sources, SourcesError,
    sha256_hex, typed_services,
};
use super::update::{ItemChange, UpdateSummary, models_dir, replace_tree};

/// Where the models live inside a botocore wheel or site-packages folder.
pub(crate) const WHEEL_DATA_PREFIX: &str = "botocore/data/";

/// One service model picked from the release.
struct Picked {
    service: String,
    api_version: String,
    upstream: String,
    bytes: Vec<u8>,
}

/// Replaces `models/botocore` with the newest model of every service in
/// `from` (a botocore `data` folder, a folder containing
/// `botocore/data`, or a botocore wheel) and records them in `models/SOURCES.toml`.
///
/// Everything is read and checked in memory first; on any error nothing under
/// `models/` changes.
pub fn update_models(repo_root: &Path, from: &Path) -> Result<UpdateSummary, SourcesError> {
    let models = models_dir(repo_root)?;
    let sources = Sources::load(repo_root)?;

    let typed = typed_services(repo_root)?;
    let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
    let (mut package, data_prefix, version, note) = open_botocore(from, &typed)?;
    let picked = pick_models(&mut package, &data_prefix, &typed)?;

    let (archive, archive_sha256) = package.archive_info();
    let mut files = BTreeMap::new();
    let mut records = Vec::new();
    let mut items = Vec::new();
    for model in &picked {
        let rel = format!("{}/{}/{MODEL_FILE}", model.service, model.api_version);
        let repo_path = format!("{BOTOCORE_DIR}/{rel}");
        let (old, old_bytes, changed) = current_model(&models.join("botocore"), model);
        items.push(ItemChange {
            name: model.service.to_string(),
            old,
            new: model.api_version.clone(),
            old_bytes,
            new_bytes: model.bytes.len() as u64,
            changed,
        });
        records.push(FileRecord {
            path: repo_path,
            sha256: sha256_hex(&model.bytes),
            upstream: Some(model.upstream.clone()),
        });
        files.insert(rel, model.bytes.clone());
    }

    let mut updated = sources;
    updated.botocore = Some(PackageSource {
        package: "botocore".into(),
        version: version.clone(),
        archive,
        archive_sha256,
        database: None,
        database_sha256: None,
        note: note.clone(),
        files: records,
    });

    // Every top-level folder of models/botocore is a service owned by this
    // update; plain files (a README, say) are carried over.
    replace_tree(repo_root, "botocore", &files, |_, is_dir| is_dir, &updated)?;

    Ok(UpdateSummary {
        package: "botocore".into(),
        version,
        note,
        items,
    })
}

/// The existing model of `picked.service`: API version folder, size, and
/// whether the new bytes differ.
fn current_model(botocore: &Path, picked: &Picked) -> (Option<String>, Option<u64>, bool) {
    let Ok(entries) = fs::read_dir(botocore.join(&picked.service)) else {
        return (None, None, true);
    };
    let mut versions: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(MODEL_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort();
    let Some(old) = versions.pop() else {
        return (None, None, true);
    };
    let path = botocore.join(&picked.service).join(&old).join(MODEL_FILE);
    match fs::read(&path) {
        Ok(bytes) => {
            let changed = old != picked.api_version || bytes != picked.bytes;
            (Some(old), Some(bytes.len() as u64), changed)
        }
        Err(_) => (Some(old), None, true),
    }
}

/// Opens `from` and finds its data folder. Returns the package, the
/// `/`-terminated prefix of the data folder inside it, the version and a note.
pub(crate) fn open_botocore(
    from: &Path,
    services: &[&str],
) -> Result<(Package, String, String, Option<String>), SourcesError> {
    let meta = fs::metadata(from).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SourcesError::NotFound {
            path: from.to_path_buf(),
        },
        _ => SourcesError::io(from, e),
    })?;

    if meta.is_file() {
        if !is_zip_name(from) {
            return Err(SourcesError::NotBotocore {
                path: from.to_path_buf(),
                detail: "expected a botocore wheel (.whl) or a folder".into(),
            });
        }
        let mut package = Package::open_wheel(from)?;
        if package.names_under(WHEEL_DATA_PREFIX)?.is_empty() {
            return Err(SourcesError::NotBotocore {
                path: from.to_path_buf(),
                detail: format!("the archive has no `{WHEEL_DATA_PREFIX}` folder"),
            });
        }
        let (version, note) = match package.wheel_version("botocore") {
            Some(v) => (v, None),
            None => unknown_version(
                "the wheel has no botocore dist-info METADATA and its file name carries no version",
            ),
        };
        return Ok((package, WHEEL_DATA_PREFIX.to_string(), version, note));
    }

    // A folder: `.../botocore/data`, `.../botocore` or `site-packages`-like.
    let candidates = [
        from.to_path_buf(),
        from.join("data"),
        from.join("botocore/data"),
    ];
    let data = candidates
        .iter()
        .find(|dir| looks_like_data_dir(dir, services))
        .cloned()
        .ok_or_else(|| SourcesError::NotBotocore {
            path: from.to_path_buf(),
            detail: format!(
                "no `<service>/<api-version>/{MODEL_FILE}` for any of {} in it, \
                 nor in its `data` or `botocore/data` subfolder",
                services.join(", ")
            ),
        })?;
    let (version, note) = match data.parent().and_then(read_init_version) {
        Some(v) => (v, None),
        None => {
            unknown_version("no `__version__` in a botocore `__init__.py` next to the data folder")
        }
    };
    Ok((Package::Dir { root: data }, String::new(), version, note))
}

fn unknown_version(why: &str) -> (String, Option<String>) {
    ("unknown".into(), Some(format!("version unknown: {why}")))
}

/// True if `dir` has `<service>/<version>/service-2.json[.gz]` for any of our services.
fn looks_like_data_dir(dir: &Path, services: &[&str]) -> bool {
    services.iter().any(|service| {
        fs::read_dir(dir.join(service)).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let p = e.path();
                p.join(MODEL_FILE).is_file() || p.join(MODEL_FILE_GZ).is_file()
            })
        })
    })
}

/// `__version__ = '1.2.3'` from `<botocore>/__init__.py`.
fn read_init_version(package_dir: &Path) -> Option<String> {
    let text = fs::read_to_string(package_dir.join("__init__.py")).ok()?;
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("__version__")?;
        let rest = rest.trim_start().strip_prefix('=')?.trim();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let inner = rest.strip_prefix(quote)?;
        let end = inner.find(quote)?;
        let version = &inner[..end];
        (!version.is_empty()).then(|| version.to_string())
    })
}

/// For every service found under `data_prefix` (of `only` if given): its
/// newest API version and the model file to read there. Errors when none is
/// found.
pub(crate) fn newest_models(
    package: &mut Package,
    data_prefix: &str,
    only: Option<&[&str]>,
) -> Result<BTreeMap<String, (String, String)>, SourcesError> {
    // service -> api version -> file names present in that folder
    let mut found: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for name in package.names_under(data_prefix)? {
        let Some(rest) = name.strip_prefix(data_prefix) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let [service, version, file] = parts.as_slice() else {
            continue;
        };
        if only.is_some_and(|only| !only.contains(service)) {
            continue;
        }
        if *file == MODEL_FILE || *file == MODEL_FILE_GZ {
            found
                .entry((*service).to_owned())
                .or_default()
                .entry((*version).to_owned())
                .or_default()
                .push(name.clone());
        }
    }
    if found.is_empty() {
        return Err(SourcesError::NotBotocore {
            path: PathBuf::from(package.origin()),
            detail: format!(
                "no `{data_prefix}<service>/<api-version>/{MODEL_FILE}[.gz]`{}",
                only.map(|o| format!(" for any of {}", o.join(", ")))
                    .unwrap_or_default()
            ),
        });
    }
    let mut newest = BTreeMap::new();
    for (service, versions) in found {
        // API versions are ISO dates, so the greatest string is the newest.
        if let Some((version, files)) = versions.into_iter().next_back() {
            // botocore ships one of the two; if both exist the plain file wins.
            let plain = files.iter().find(|f| f.ends_with(MODEL_FILE));
            if let Some(name) = plain.or(files.first()).cloned() {
                newest.insert(service, (version, name));
            }
        }
    }
    Ok(newest)
}

/// Picks the newest API version of every service and reads, decompresses and
/// validates its model. Every `typed` service must be there.
fn pick_models(
    package: &mut Package,
    data_prefix: &str,
    typed: &[&str],
) -> Result<Vec<Picked>, SourcesError> {
    let found = newest_models(package, data_prefix, None)?;
    if let Some(service) = typed.iter().find(|s| !found.contains_key(**s)) {
        return Err(SourcesError::MissingService {
            origin: package.origin(),
            service: service.to_string(),
            expected: format!("{data_prefix}{service}/<api-version>/{MODEL_FILE}[.gz]"),
        });
    }
    let mut picked = Vec::new();
    for (service, (version, name)) in &found {
        let place = package.place(name);
        let raw = package.read(name)?;
        let bytes = if name.ends_with(".gz") {
            gunzip(&raw, &place)?
        } else {
            raw
        };
        validate_model(&bytes, &place)?;
        let upstream = match data_prefix {
            "" => format!("{WHEEL_DATA_PREFIX}{name}"),
            _ => name.clone(),
        };
        picked.push(Picked {
            service: service.clone(),
            api_version: version.clone(),
            upstream,
            bytes,
        });
    }
    Ok(picked)
}

/// Checks that `bytes` is a botocore service model: a JSON object with
/// `metadata`, `operations` and `shapes` objects.
pub(crate) fn validate_model(bytes: &[u8], place: &str) -> Result<(), SourcesError> {
    let bad = |detail: String| SourcesError::BadInput {
        place: place.to_string(),
        detail,
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| bad("not a botocore model: top level is not a JSON object".into()))?;
    for key in ["metadata", "operations", "shapes"] {
        if !object.get(key).is_some_and(serde_json::Value::is_object) {
            return Err(bad(format!(
                "not a botocore model: `{key}` is missing or not an object"
            )));
        }
    }
    Ok(())
}
