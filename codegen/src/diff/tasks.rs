//! What the crate makes of the models: module names and the optimized
//! tasks, read from the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::naming::NamingTable;
use crate::registry::Registry;

use super::DiffError;

/// Folder of the curated optimized integrations, one TOML file per service.
pub const INTEGRATIONS_DIR: &str = "models/integrations";
/// The SDK integration facts, for the operations without an SDK task.
const SDK_FILE: &str = "models/sdk.toml";

/// The parts of the crate a report needs.
#[derive(Debug)]
pub struct CrateView {
    /// The type-name rules.
    pub naming: NamingTable,
    /// Crate module by botocore key, from the service registry.
    pub modules: BTreeMap<String, String>,
    /// Optimized tasks by botocore key.
    pub optimized: BTreeMap<String, Vec<OptimizedTask>>,
    /// (botocore key, operation) pairs without an SDK task (`models/sdk.toml`).
    pub sdk_excluded: BTreeSet<(String, String)>,
    /// Curated files that could not be read as expected; the report carries them.
    pub warnings: Vec<String>,
    /// The generated types the hand-written helpers import.
    pub helpers: Vec<super::HelperUse>,
}

/// One curated optimized integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptimizedTask {
    /// The task's name in its module: `Invoke`, `GetItem`.
    pub name: String,
    /// The botocore operation it calls.
    pub operation: String,
}

impl CrateView {
    /// Reads `models/naming.toml`, the service registry, the SDK exclusions
    /// of `models/sdk.toml` and `models/integrations/*.toml` (the last two
    /// optional).
    pub fn load(repo_root: &Path) -> Result<CrateView, DiffError> {
        let naming = NamingTable::load(&repo_root.join("models"))?;
        let mut view = CrateView::with_naming(naming);
        let registry = Registry::load(repo_root)?;
        view.helpers = super::helper_uses(repo_root)?;
        view.modules = registry
            .services
            .iter()
            .map(|(key, s)| (key.clone(), s.module.clone()))
            .collect();
        if repo_root.join(SDK_FILE).is_file() {
            let sdk = crate::sdk::SdkData::load(repo_root, &registry)?;
            view.sdk_excluded = sdk
                .excluded
                .into_iter()
                .map(|e| (e.service, e.operation))
                .collect();
        }
        let dir = repo_root.join(INTEGRATIONS_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(view),
            Err(e) => {
                return Err(DiffError::Curated {
                    file: PathBuf::from(INTEGRATIONS_DIR),
                    detail: e.to_string(),
                });
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let file = Path::new(INTEGRATIONS_DIR).join(path.file_name().unwrap_or_default());
            let text = std::fs::read_to_string(&path).map_err(|e| DiffError::Curated {
                file: file.clone(),
                detail: e.to_string(),
            })?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let key = view.key_of(&stem);
            let tasks = parse_integrations(&text).map_err(|detail| DiffError::Curated {
                file: file.clone(),
                detail,
            })?;
            match tasks {
                Some(tasks) => {
                    view.optimized.entry(key).or_default().extend(tasks);
                }
                None => view.warnings.push(format!(
                    "{}: no `tasks` table with `operation` keys; its optimized tasks are not in this report",
                    file.display()
                )),
            }
        }
        Ok(view)
    }

    /// A view with no optimized tasks, for callers without a repository.
    pub fn with_naming(naming: NamingTable) -> CrateView {
        CrateView {
            naming,
            modules: BTreeMap::new(),
            optimized: BTreeMap::new(),
            sdk_excluded: BTreeSet::new(),
            warnings: Vec::new(),
            helpers: Vec::new(),
        }
    }

    /// The crate module of a service; the botocore key if the registry lacks it.
    pub fn module(&self, key: &str) -> String {
        self.modules
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The crate module of a service the registry lists.
    pub fn module_of(&self, key: &str) -> Option<&str> {
        self.modules.get(key).map(String::as_str)
    }

    /// The botocore keys of the registry's services, in name order.
    pub fn services(&self) -> Vec<&str> {
        self.modules.keys().map(String::as_str).collect()
    }

    /// True when Step Functions cannot call `operation` through the SDK integration.
    pub fn sdk_excluded(&self, key: &str, operation: &str) -> bool {
        self.sdk_excluded
            .contains(&(key.to_owned(), operation.to_owned()))
    }

    /// Optimized tasks of a service.
    pub fn optimized(&self, key: &str) -> &[OptimizedTask] {
        self.optimized.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The botocore key of an integrations file named after either the key
    /// (`stepfunctions.toml`) or the module (`sfn.toml`).
    fn key_of(&self, stem: &str) -> String {
        self.modules
            .iter()
            .find(|(_, module)| *module == stem)
            .map(|(key, _)| key.clone())
            .unwrap_or_else(|| stem.to_owned())
    }
}

/// The tasks of one integrations file. The file format belongs to the
/// optimized-integrations generator; this reads only what the report needs,
/// in either shape a TOML file would naturally take:
///
/// ```toml
/// [tasks.Invoke]            # or: [[tasks]] with name = "Invoke"
/// operation = "Invoke"      # defaults to the task name
/// ```
///
/// `Ok(None)` when there is no `tasks` table at all.
fn parse_integrations(text: &str) -> Result<Option<Vec<OptimizedTask>>, String> {
    let value: toml::Table =
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
    // A task whose parameters are Step Functions' own (`input`, not
    // `operation`) depends on no API, so a model update cannot touch it.
    let task = |name: &str, entry: &toml::Value| -> Result<Option<OptimizedTask>, String> {
        let operation = match (entry.get("operation"), entry.get("input")) {
            (None, Some(_)) => return Ok(None),
            (None, None) => name.to_owned(),
            (Some(toml::Value::String(op)), _) => op.clone(),
            (Some(_), _) => return Err(format!("tasks.{name}.operation: expected a string")),
        };
        Ok(Some(OptimizedTask {
            name: name.to_owned(),
            operation,
        }))
    };
    let mut out = Vec::new();
    match value.get("tasks") {
        None => return Ok(None),
        Some(toml::Value::Table(tasks)) => {
            for (name, entry) in tasks {
                out.extend(task(name, entry)?);
            }
        }
        Some(toml::Value::Array(tasks)) => {
            for (i, entry) in tasks.iter().enumerate() {
                let Some(name) = entry.get("name").and_then(toml::Value::as_str) else {
                    return Err(format!("tasks[{i}]: no string `name`"));
                };
                out.extend(task(name, entry)?);
            }
        }
        Some(_) => return Err("`tasks` is neither a table nor an array of tables".to_owned()),
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tasks_tables_and_arrays() {
        let table = parse_integrations(
            "[tasks.Invoke]\npattern = \"x\"\n[tasks.StartExecution]\noperation = \"StartExecution\"\n",
        );
        assert_eq!(
            table,
            Ok(Some(vec![
                OptimizedTask {
                    name: "Invoke".into(),
                    operation: "Invoke".into()
                },
                OptimizedTask {
                    name: "StartExecution".into(),
                    operation: "StartExecution".into()
                },
            ]))
        );
        let array =
            parse_integrations("[[tasks]]\nname = \"AddStep\"\noperation = \"AddJobFlowSteps\"\n");
        assert_eq!(
            array,
            Ok(Some(vec![OptimizedTask {
                name: "AddStep".into(),
                operation: "AddJobFlowSteps".into()
            }]))
        );
        assert_eq!(parse_integrations("[other]\n"), Ok(None));
        assert!(parse_integrations("[tasks.X]\noperation = 1\n").is_err());
        assert!(parse_integrations("not toml").is_err());
    }
}
