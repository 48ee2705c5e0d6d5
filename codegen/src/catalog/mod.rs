//! Every botocore service, typed or not: its names ([`names`]) and the
//! compact model of every operation ([`compact`]) that the linter, the
//! policy command and the library's checked SDK calls read at run time.
//!
//! The typed services go through the same path, so `aws-sdk:` calls are
//! checked and granted by one set of data whatever the tier.

pub mod compact;
pub mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::botocore::{self, ServiceModel};
use crate::error::Error;
use crate::registry::{IamActionsRule, REGISTRY_FILE, Registry};
use names::IamNaming;

/// One service as the catalog names it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Botocore folder name.
    pub key: String,
    /// `aws-sdk:<sdk_name>:`.
    pub sdk_name: String,
    /// Prefix of the error names its SDK integration raises (`DynamoDb`).
    pub error_prefix: String,
    /// Its AWS SDK for JavaScript v3 client package (`cloudwatch-logs`).
    pub js_client: String,
    /// Its IAM.
    pub iam: IamNaming,
    /// How operations map to actions, when not by name.
    pub iam_actions: Option<IamActionsRule>,
    /// `Amazon Simple Storage Service`.
    pub full_name: String,
    /// Repository-relative model file.
    pub model_file: PathBuf,
}

impl Entry {
    /// The IAM prefix, when the service has one.
    pub fn iam_prefix(&self) -> Option<&str> {
        match &self.iam {
            IamNaming::Prefix(p) => Some(p),
            _ => None,
        }
    }
}

/// Every vendored model, parsed, with its catalog entry; duplicates (see
/// `duplicate_of`) are left out.
pub struct Catalog {
    /// By botocore folder name.
    pub services: BTreeMap<String, (Entry, ServiceModel)>,
}

impl Catalog {
    /// Reads every model under `root/models/botocore` and names it. Every
    /// problem is collected: a model that does not parse, a service the
    /// rules cannot give an IAM prefix, two services with one SDK name.
    pub fn load(
        root: &Path,
        registry: &Registry,
        iam_prefixes: &BTreeSet<String>,
    ) -> Result<Catalog, Error> {
        let models = root.join("models");
        let dir = models.join("botocore");
        let mut keys: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        keys.sort();

        let loaded = parse_all(root, &models, &keys);
        let mut problems = Vec::new();
        let mut services = BTreeMap::new();
        let mut by_sdk_name: BTreeMap<String, String> = BTreeMap::new();
        for (key, result) in keys.iter().zip(loaded) {
            let (model_file, model) = match result {
                Ok(pair) => pair,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            let exception = registry.names.get(key);
            if exception.and_then(|e| e.duplicate_of.as_ref()).is_some() {
                continue;
            }
            let Some(service_id) = model.metadata.service_id.as_deref() else {
                problems.push(located(
                    &model_file,
                    "/metadata/serviceId",
                    "missing; the SDK name is derived from it",
                ));
                continue;
            };
            let sdk_name = names::sdk_name(service_id);
            let Some(iam) = names::iam_naming(key, &model.metadata, exception, iam_prefixes) else {
                problems.push(located(
                    &model_file,
                    "/metadata/signingName",
                    &format!(
                        "none of signingName, endpointPrefix `{}` and folder `{key}` is an IAM prefix in models/iam; \
                         add [names.{key}] to {REGISTRY_FILE} (iam_prefix, no_iam or no_iam_data)",
                        model.metadata.endpoint_prefix
                    ),
                ));
                continue;
            };
            if let Some(other) = by_sdk_name.insert(sdk_name.clone(), key.clone()) {
                problems.push(located(
                    &model_file,
                    "/metadata/serviceId",
                    &format!(
                        "SDK name `{sdk_name}` is also `{other}`'s; mark one `duplicate_of` in {REGISTRY_FILE} [names]"
                    ),
                ));
                continue;
            }
            let entry = Entry {
                key: key.clone(),
                sdk_name,
                error_prefix: names::error_prefix(service_id),
                js_client: names::js_client(service_id),
                iam,
                iam_actions: exception.and_then(|e| e.iam_actions),
                full_name: model.metadata.service_full_name.clone(),
                model_file,
            };
            services.insert(key.clone(), (entry, model));
        }
        for (key, exception) in &registry.names {
            if !keys.contains(key) {
                problems.push(Error::Curated {
                    file: REGISTRY_FILE.into(),
                    message: format!("names.{key}: no such botocore service in models/botocore"),
                });
            } else if let Some(of) = &exception.duplicate_of
                && !services.contains_key(of)
            {
                problems.push(Error::Curated {
                    file: REGISTRY_FILE.into(),
                    message: format!(
                        "names.{key}.duplicate_of: `{of}` is not a catalogued service"
                    ),
                });
            }
        }
        Error::collect(problems)?;
        Ok(Catalog { services })
    }

    /// botocore folder name → IAM prefix, for the IAM database.
    pub fn iam_prefixes(&self) -> BTreeMap<String, String> {
        self.services
            .iter()
            .filter_map(|(key, (e, _))| Some((key.clone(), e.iam_prefix()?.to_owned())))
            .collect()
    }
}

fn located(file: &Path, pointer: &str, detail: &str) -> Error {
    Error::Curated {
        file: file.to_path_buf(),
        message: format!("{pointer}: {detail}"),
    }
}

/// Parses the models of `keys` on every core, in order.
fn parse_all(
    root: &Path,
    models: &Path,
    keys: &[String],
) -> Vec<Result<(PathBuf, ServiceModel), Error>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = keys.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|key| parse_one(root, models, key))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(Error::Curated {
                        file: "codegen".into(),
                        message: "a model-reading thread panicked; this is a bug in codegen".into(),
                    })]
                })
            })
            .collect()
    })
}

fn parse_one(root: &Path, models: &Path, key: &str) -> Result<(PathBuf, ServiceModel), Error> {
    let path = botocore::model_path(models, key)?;
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let model = botocore::parse(&rel, &text)?;
    Ok((rel, model))
}
