//! asl-validator over many definitions in one node process
//! (`tools/asl_validate.cjs`, which also removes the validator's known false
//! positives; see the comments there).

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use super::proc;
use super::tools::{self, Tool};

/// One finding of asl-validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AslError {
    pub code: String,
    pub message: String,
}

/// The verdict for one named definition.
#[derive(Debug, Clone)]
pub struct AslReport {
    pub name: String,
    pub errors: Vec<AslError>,
}

impl AslReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates every `(name, definition)`; `definition` may be a JSON object or
/// a JSON string holding the definition text. One node launch for the batch.
pub fn validate_batch(items: &[(String, Value)]) -> Result<Vec<AslReport>, String> {
    tools::require(Tool::Node);
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let dir = tools::scratch_dir("asl");
    let batch: Vec<Value> = items
        .iter()
        .map(|(name, definition)| json!({"name": name, "definition": definition}))
        .collect();
    let batch_file = dir.join("batch.json");
    std::fs::write(&batch_file, serde_json::to_vec_pretty(&batch).unwrap())
        .map_err(|e| format!("cannot write {}: {e}", batch_file.display()))?;

    let mut command = Command::new("node");
    command
        .arg(tools::repo_root().join("tools/asl_validate.cjs"))
        .arg(&batch_file);
    let done = proc::run(command, b"", Duration::from_secs(60))?;
    if !done.status.success() {
        return Err(format!(
            "asl-validator failed to run ({}): {}",
            done.status, done.stderr
        ));
    }
    let report: Value = serde_json::from_str(&done.stdout).map_err(|e| {
        format!(
            "asl-validator printed no JSON report ({e}): {}",
            done.stdout
        )
    })?;
    let reports: Vec<AslReport> = report
        .as_array()
        .ok_or("asl-validator report is not an array")?
        .iter()
        .map(|r| AslReport {
            name: r["name"].as_str().unwrap_or_default().to_owned(),
            errors: r["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| AslError {
                    code: e["code"].as_str().unwrap_or_default().to_owned(),
                    message: e["message"].as_str().unwrap_or_default().to_owned(),
                })
                .collect(),
        })
        .collect();
    if reports.len() != items.len() {
        return Err(format!(
            "asl-validator answered {} of {} definitions",
            reports.len(),
            items.len()
        ));
    }
    Ok(reports)
}

/// Validates one definition: `Ok` or the validator's findings.
pub fn validate(definition: &Value) -> Result<(), Vec<AslError>> {
    let reports = validate_batch(&[("definition".to_owned(), definition.clone())])
        .unwrap_or_else(|e| panic!("{e}"));
    let report = reports.into_iter().next().expect("one report");
    if report.is_valid() {
        Ok(())
    } else {
        Err(report.errors)
    }
}

/// Panics listing every invalid definition of the batch.
pub fn assert_all_valid(items: &[(String, Value)]) {
    let reports = validate_batch(items).unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = reports
        .iter()
        .zip(items)
        .filter(|(r, _)| !r.is_valid())
        .map(|(r, (_, definition))| {
            let errors: Vec<String> = r
                .errors
                .iter()
                .map(|e| format!("    {}: {}", e.code, e.message))
                .collect();
            format!(
                "  {}:\n{}\n    definition: {}",
                r.name,
                errors.join("\n"),
                definition
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "asl-validator rejected {} of {} definitions:\n{}",
        failures.len(),
        items.len(),
        failures.join("\n")
    );
}
