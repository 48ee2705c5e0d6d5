//! cfn-lint over many templates in one process, and extraction of the state
//! machine definitions inside templates (cfn-lint does not look into a
//! `DefinitionString` built with `Fn::Sub`/`Fn::Join`, so those go to
//! asl-validator instead).

use std::process::Command;
use std::time::Duration;

use serde_json::{Map, Value};

use super::proc;
use super::tools::{self, Tool};

/// One cfn-lint match.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub level: String,
    pub message: String,
    pub path: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // W3037 lists every action of the service; the first part is enough.
        let message: String = self.message.chars().take(300).collect();
        write!(
            f,
            "{} {} at {}: {}",
            self.level, self.rule, self.path, message
        )
    }
}

/// The verdict for one template: `failures` fail the check, `notes` do not.
#[derive(Debug, Clone, Default)]
pub struct CfnReport {
    pub name: String,
    pub failures: Vec<Finding>,
    pub notes: Vec<Finding>,
}

/// Errors and warnings fail: generated templates have no reason to carry
/// either (W3037 is an unknown IAM action, for one). Informational findings
/// are notes, because the rest of them are advice for hand-written stacks
/// (DeletionPolicy, retention, hard-coded ARN parts) that a library cannot
/// decide for its users; the exception is I3510, an IAM action granted on a
/// resource of the wrong type, which is a real bug in our policies.
fn fails(level: &str, rule: &str) -> bool {
    level != "Informational" || rule == "I3510"
}

/// Lints every `(name, template)` with one cfn-lint launch.
pub fn lint_batch(items: &[(String, Value)]) -> Result<Vec<CfnReport>, String> {
    tools::require(Tool::Python);
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let dir = tools::scratch_dir("cfn");
    let mut files = Vec::new();
    for (i, (name, template)) in items.iter().enumerate() {
        // The index keeps names that sanitise alike apart.
        let file = dir.join(format!("{i:03}-{}.json", tools::file_stem(name)));
        std::fs::write(&file, serde_json::to_vec_pretty(template).unwrap())
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        files.push(file);
    }
    let mut command = Command::new(tools::venv_bin("cfn-lint"));
    command
        .args(["--format", "json", "--include-checks", "I", "--"])
        .args(&files);
    let done = proc::run(command, b"", Duration::from_secs(120))?;
    // The exit status is a bit mask of the levels found (2 error, 4 warning,
    // 8 informational); anything else means cfn-lint itself failed.
    let code = done.status.code().unwrap_or(-1);
    if !(0..16).contains(&code) || code & 1 != 0 {
        return Err(format!(
            "cfn-lint failed to run ({}): {}{}",
            done.status, done.stderr, done.stdout
        ));
    }
    let matches: Value = serde_json::from_str(done.stdout.trim()).map_err(|e| {
        format!(
            "cfn-lint printed no JSON ({e}): {}{}",
            done.stdout, done.stderr
        )
    })?;
    let mut reports: Vec<CfnReport> = items
        .iter()
        .map(|(name, _)| CfnReport {
            name: name.clone(),
            ..CfnReport::default()
        })
        .collect();
    for m in matches.as_array().ok_or("cfn-lint output is not a list")? {
        let file = m["Filename"].as_str().unwrap_or_default();
        let index = files
            .iter()
            .position(|f| f.to_str() == Some(file) || f.ends_with(file))
            .ok_or_else(|| format!("cfn-lint reported an unknown file {file}"))?;
        let path: Vec<String> = m["Location"]["Path"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let finding = Finding {
            rule: m["Rule"]["Id"].as_str().unwrap_or_default().to_owned(),
            level: m["Level"].as_str().unwrap_or_default().to_owned(),
            message: m["Message"].as_str().unwrap_or_default().to_owned(),
            path: path.join("/"),
        };
        if fails(&finding.level, &finding.rule) {
            reports[index].failures.push(finding);
        } else {
            reports[index].notes.push(finding);
        }
    }
    Ok(reports)
}

/// Lints one template: `Ok(notes)` or the failing findings.
pub fn lint(template: &Value) -> Result<Vec<Finding>, Vec<Finding>> {
    let report = lint_batch(&[("template".to_owned(), template.clone())])
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0);
    if report.failures.is_empty() {
        Ok(report.notes)
    } else {
        Err(report.failures)
    }
}

/// Panics listing every failing template; prints the notes.
pub fn assert_all_clean(items: &[(String, Value)]) {
    let reports = lint_batch(items).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for r in &reports {
        for note in &r.notes {
            eprintln!("cfn-lint note for {}: {note}", r.name);
        }
        if !r.failures.is_empty() {
            let lines: Vec<String> = r.failures.iter().map(|f| format!("    {f}")).collect();
            failures.push(format!("  {}:\n{}", r.name, lines.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "cfn-lint found errors or warnings in {} of {} templates:\n{}",
        failures.len(),
        items.len(),
        failures.join("\n")
    );
}

/// The state machine definitions of a template, one per
/// `AWS::StepFunctions::StateMachine`, as asl-validator should see them:
/// intrinsics resolved to `${...}` tokens, `DefinitionSubstitutions` applied,
/// tokens standing for non-string JSON values replaced by `0`.
pub fn definitions_in_template(template: &Value) -> Result<Vec<(String, Value)>, String> {
    let mut out = Vec::new();
    let resources = template["Resources"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (logical_id, resource) in &resources {
        if resource["Type"] != "AWS::StepFunctions::StateMachine" {
            continue;
        }
        let props = &resource["Properties"];
        let substitutions: Map<String, Value> = props["DefinitionSubstitutions"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let text = if let Some(definition) = props.get("Definition") {
            serde_json::to_string(&resolve_intrinsics(definition)?).unwrap()
        } else if let Some(definition) = props.get("DefinitionString") {
            intrinsic_text(definition)?
        } else {
            return Err(format!(
                "{logical_id}: neither Definition nor DefinitionString (S3 locations are not fetched)"
            ));
        };
        let mut text = text;
        for (key, value) in &substitutions {
            let value = intrinsic_text(value)?;
            text = text.replace(&format!("${{{key}}}"), &value);
        }
        let text = zero_bare_tokens(&text);
        let definition: Value = serde_json::from_str(&text).map_err(|e| {
            format!("{logical_id}: the definition is not JSON after substitution ({e}): {text}")
        })?;
        out.push((logical_id.clone(), definition));
    }
    Ok(out)
}

/// A CloudFormation value that must end up as text: a string, `Fn::Sub`
/// (its template string, with the escaped `${!…}` read as CloudFormation
/// reads it), `Fn::Join`, `Ref` (`${Name}`), `Fn::GetAtt`
/// (`${Name.Attr}`).
fn intrinsic_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Object(o) if o.len() == 1 => {
            let (k, v) = o.iter().next().unwrap();
            match (k.as_str(), v) {
                // `${!Name}` is how `Fn::Sub` writes a literal `${Name}`.
                ("Fn::Sub", Value::String(s)) => Ok(s.replace("${!", "${")),
                ("Fn::Sub", Value::Array(a)) if !a.is_empty() => match &a[0] {
                    Value::String(s) => Ok(s.replace("${!", "${")),
                    other => Err(format!("Fn::Sub template is not a string: {other}")),
                },
                ("Fn::Join", Value::Array(a)) if a.len() == 2 => {
                    let sep = a[0].as_str().ok_or("Fn::Join separator is not a string")?;
                    let parts = a[1].as_array().ok_or("Fn::Join parts are not a list")?;
                    let parts: Result<Vec<String>, String> =
                        parts.iter().map(intrinsic_text).collect();
                    Ok(parts?.join(sep))
                }
                ("Ref", Value::String(name)) => Ok(format!("${{{name}}}")),
                ("Fn::GetAtt", Value::Array(a)) if a.len() == 2 => Ok(format!(
                    "${{{}.{}}}",
                    a[0].as_str().unwrap_or_default(),
                    a[1].as_str().unwrap_or_default()
                )),
                ("Fn::GetAtt", Value::String(s)) => Ok(format!("${{{s}}}")),
                _ => Err(format!("unsupported intrinsic in a definition: {value}")),
            }
        }
        other => Err(format!("expected text, found {other}")),
    }
}

/// A `Definition` object with every intrinsic turned into its text.
fn resolve_intrinsics(value: &Value) -> Result<Value, String> {
    Ok(match value {
        Value::Object(o)
            if o.len() == 1
                && o.keys()
                    .next()
                    .is_some_and(|k| k == "Ref" || k.starts_with("Fn::")) =>
        {
            Value::String(intrinsic_text(value)?)
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), resolve_intrinsics(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .map(resolve_intrinsics)
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// Replaces `${...}` tokens that stand outside JSON strings (numbers or
/// booleans substituted at deploy time) by `0`, so the text parses.
fn zero_bare_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_string && rest.starts_with("${") {
            if let Some(end) = rest.find('}') {
                out.push('0');
                rest = &rest[end + 1..];
                continue;
            }
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
