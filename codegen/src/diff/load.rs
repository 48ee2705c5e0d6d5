//! Reading one set of models, through the same readers `update-models` uses.

use std::collections::BTreeMap;
use std::path::Path;

use crate::botocore::{self, ServiceModel};
use crate::sources::{self, BOTOCORE_DIR, Package, Sources, SourcesError};

use super::{DiffError, SetInfo};

/// The newest model of every vendored service found in one place.
#[derive(Debug)]
pub struct ModelSet {
    /// The path as given, for messages and the report.
    pub origin: String,
    /// The botocore version, or `unknown`.
    pub version: String,
    /// By botocore key; only the services asked for that are present.
    pub services: BTreeMap<String, LoadedService>,
    /// Every other service of the set, by botocore key: the ones the crate
    /// checks from their compact models.
    pub others: BTreeMap<String, LoadedService>,
}

/// One parsed model.
#[derive(Debug)]
pub struct LoadedService {
    /// The API version folder it was read from.
    pub api_version: String,
    /// Where it was read from (file, or wheel and entry).
    pub place: String,
    /// The raw `metadata` object, to report keys the typed mirror ignores.
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// The typed model.
    pub model: ServiceModel,
}

impl ModelSet {
    /// Reads `path`: a botocore wheel, a botocore `data` folder, a folder
    /// containing `botocore/data`, a repository's `models/botocore`, or a
    /// repository root (its `models/botocore` is used).
    ///
    /// `services` (the typed ones) are compared in detail, the others
    /// summarised; at least one of `services` must be there.
    pub fn load(path: &Path, services: &[&str]) -> Result<ModelSet, DiffError> {
        let repo_models = path.join(BOTOCORE_DIR);
        let from = if repo_models.is_dir() {
            repo_models
        } else {
            path.to_path_buf()
        };
        let (mut package, prefix, mut version, _note) = sources::open_botocore(&from, services)?;
        if version == "unknown"
            && let Some(recorded) = recorded_version(&package)
        {
            version = recorded;
        }

        let mut loaded_services = BTreeMap::new();
        let mut others = BTreeMap::new();
        for (service, (api_version, name)) in sources::newest_models(&mut package, &prefix, None)? {
            let loaded = read_service(&mut package, &name, api_version)?;
            if services.contains(&service.as_str()) {
                loaded_services.insert(service, loaded);
            } else {
                others.insert(service, loaded);
            }
        }
        Ok(ModelSet {
            origin: path.display().to_string(),
            version,
            services: loaded_services,
            others,
        })
    }

    /// Origin and version, for the report.
    pub fn info(&self) -> SetInfo {
        SetInfo {
            origin: self.origin.clone(),
            version: self.version.clone(),
        }
    }
}

fn read_service(
    package: &mut Package,
    name: &str,
    api_version: String,
) -> Result<LoadedService, DiffError> {
    let place = package.place(name);
    let raw = package.read(name)?;
    let bytes = if name.ends_with(".gz") {
        sources::gunzip(&raw, &place)?
    } else {
        raw
    };
    sources::validate_model(&bytes, &place)?;
    let text = String::from_utf8(bytes).map_err(|e| SourcesError::BadInput {
        place: place.clone(),
        detail: format!("not UTF-8: {e}"),
    })?;
    let model = botocore::parse(Path::new(&place), &text)?;
    let metadata = raw_metadata(&text, &place)?;
    Ok(LoadedService {
        api_version,
        place,
        metadata,
        model,
    })
}

/// The `metadata` object with every key, typed or not.
fn raw_metadata(text: &str, place: &str) -> Result<BTreeMap<String, serde_json::Value>, DiffError> {
    #[derive(serde::Deserialize)]
    struct OnlyMetadata {
        metadata: BTreeMap<String, serde_json::Value>,
    }
    let only: OnlyMetadata = serde_json::from_str(text).map_err(|e| SourcesError::BadInput {
        place: place.to_owned(),
        detail: format!("unreadable `metadata`: {e}"),
    })?;
    Ok(only.metadata)
}

/// The version `models/SOURCES.toml` records, when `package` is a
/// repository's `models/botocore` (its folders carry no `__init__.py`).
fn recorded_version(package: &Package) -> Option<String> {
    let Package::Dir { root } = package else {
        return None;
    };
    let models = root.parent()?;
    if root.file_name()? != "botocore" || models.file_name()? != "models" {
        return None;
    }
    let sources = Sources::load(models.parent()?).ok()?;
    sources
        .botocore
        .map(|b| b.version)
        .filter(|v| v != "unknown")
}
