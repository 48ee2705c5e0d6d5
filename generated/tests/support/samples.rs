//! Everything the crate renders that the validators should see, gathered in
//! one place: the snapshot files other tests keep under `tests/*/snapshots/`
//! and `examples/`, and the fixtures of this harness.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::tools::repo_root;

/// Rendered artefacts, each with a name that says where it came from.
#[derive(Debug, Default)]
pub struct Rendered {
    pub definitions: Vec<(String, Value)>,
    pub templates: Vec<(String, Value)>,
    pub policies: Vec<(String, Value)>,
}

impl Rendered {
    /// Sorts one JSON document into its kind by shape: an ASL definition has
    /// `StartAt` and `States`, a template `Resources`, a policy `Statement`.
    /// Returns false for anything else.
    pub fn add(&mut self, name: String, json: Value) -> bool {
        if json.get("StartAt").is_some() && json.get("States").is_some() {
            self.definitions.push((name, json));
        } else if json.get("Resources").is_some() {
            self.templates.push((name, json));
        } else if json.get("Statement").is_some() {
            self.policies.push((name, json));
        } else {
            return false;
        }
        true
    }

    pub fn len(&self) -> usize {
        self.definitions.len() + self.templates.len() + self.policies.len()
    }

    pub fn extend(&mut self, other: Rendered) {
        self.definitions.extend(other.definitions);
        self.templates.extend(other.templates);
        self.policies.extend(other.policies);
    }
}

/// Every JSON document in the crate's snapshot folders (insta's
/// `tests/<binary>/snapshots/` and `examples/`): `*.json` files as they are,
/// and insta `*.snap` files whose body (after the `---` header) is JSON.
/// Other snapshots (Mermaid, Rust debug output) are skipped.
pub fn snapshot_outputs() -> Rendered {
    let crate_dir = repo_root().join("generated");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(crate_dir.join("tests"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("snapshots"))
        .filter(|dir| dir.is_dir())
        .collect();
    assert!(
        !dirs.is_empty(),
        "no insta snapshot folder under {}/tests/*/",
        crate_dir.display()
    );
    dirs.push(crate_dir.join("examples"));
    let mut files = Vec::new();
    for dir in &dirs {
        collect_files(dir, &mut files);
    }
    files.sort();
    let mut rendered = Rendered::default();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let body = match file.extension().and_then(|e| e.to_str()) {
            Some("json") => text.as_str(),
            Some("snap") => snap_body(&text),
            _ => continue,
        };
        let Ok(json) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        let name = file
            .strip_prefix(&crate_dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        rendered.add(name, json);
    }
    rendered
}

/// The body of an insta snapshot: what follows the second `---` line.
pub fn snap_body(text: &str) -> &str {
    let mut rest = text;
    for _ in 0..2 {
        match rest.find("---\n") {
            Some(i) => rest = &rest[i + 4..],
            None => return text,
        }
    }
    rest
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The fixtures under `tests/fixtures/external/<kind>/`, parsed.
pub fn fixtures(kind: &str) -> Vec<(String, Value)> {
    let dir = repo_root()
        .join("generated/tests/fixtures/external")
        .join(kind);
    let mut files = Vec::new();
    collect_files(&dir, &mut files);
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text =
                std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let json =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            (f.file_stem().unwrap().to_string_lossy().into_owned(), json)
        })
        .collect()
}

/// The sample machines of this harness ([`super::machines::all`]), rendered:
/// what [`Rendered::add_machine`] gives the checks, the merged policy, and
/// the CloudFormation template of the Express-with-logging variant.
pub fn machines() -> Rendered {
    use sfn_tasks::runtime::{CfnOptions, StateMachineType};

    let mut rendered = Rendered::default();
    for (name, machine) in super::machines::all() {
        rendered.add_machine(&name, &machine);
        rendered.add(
            format!("{name}.policy"),
            machine.policy_document().to_json(),
        );
        let express = CfnOptions::default().state_machine_type(StateMachineType::Express);
        if let Ok(template) = machine.to_cloudformation(&express) {
            rendered.add(format!("{name}.express.template"), template);
        }
    }
    rendered
}
