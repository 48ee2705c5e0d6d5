//! The real-world corpus: every definition and template under `corpus/`
//! (public AWS samples and developer-guide examples, listed with their
//! origin in `corpus/SOURCES.toml`) goes through `lint`, `policy`, `cfn` and
//! `graph` through the library side of the command (`sfn_tasks::cli`).
//!
//! What must hold, file by file:
//! - nothing panics;
//! - the file loads, unless `corpus/expected.toml` lists it under
//!   `[[load_errors]]` with the reviewed reason it cannot;
//! - the lint findings, as (file, resource, code, pointer), are exactly the
//!   `[[findings]]` of `corpus/expected.toml`: each one a reviewed true
//!   positive with its reason. A finding that is not listed is a false alarm
//!   (see `corpus/REVIEW.md`) or a new one to review; a listed one that is
//!   no longer reported is a mistake the linter stopped catching;
//! - `policy`, `cfn` and `graph` give a usable result for every definition of
//!   every file that loads;
//! - no policy `Resource` wraps a placeholder that stands for a whole ARN or
//!   URL (`${TopicArn}`, `${Queue.Arn}`, `${QueueUrl}`: a name ending in
//!   Arn/ARN/Url/URL) inside other text, as in
//!   `arn:…:sns:…:${TopicArn}`, unless `[[policy_wrapping]]` lists it.
//!
//! The corpus files are the upstream files unchanged: their SHA-256 is
//! checked against `SOURCES.toml`, so a file cannot be edited to hide a
//! finding. Files with `role = "licence"` (an Apache-2.0 repository's
//! LICENSE and NOTICE) are checked the same way but not run.
//!
//! Set `SFN_TASKS_CORPUS_REPORT` to a file name to get every finding and
//! load error written there in the format of `expected.toml`, for review.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use sfn_tasks::cli::{self, GraphFormat, Source};
use sfn_tasks::runtime::Bindings;
use sfn_tasks::runtime::bind::{References, Stands, TemplateReferences};
use toml::Value as Toml;

/// The corpus has at least this many files.
const MIN_FILES: usize = 300;

/// Files at the top of `corpus/` that are about the corpus, not part of it.
const META: &[&str] = &["SOURCES.toml", "expected.toml", "REVIEW.md"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

fn read_toml(name: &str) -> toml::Table {
    let path = corpus().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus/{name} cannot be read: {e}"));
    text.parse()
        .unwrap_or_else(|e| panic!("corpus/{name} is not valid TOML: {e}"))
}

fn rows<'a>(table: &'a toml::Table, key: &str, file: &str) -> Vec<&'a toml::Table> {
    match table.get(key) {
        None => Vec::new(),
        Some(Toml::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_table()
                    .unwrap_or_else(|| panic!("corpus/{file}: every [[{key}]] is a table"))
            })
            .collect(),
        Some(_) => panic!("corpus/{file}: {key} must be an array of tables ([[{key}]])"),
    }
}

fn text<'a>(row: &'a toml::Table, key: &str, file: &str) -> &'a str {
    row.get(key)
        .and_then(Toml::as_str)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| panic!("corpus/{file}: a row has no {key}: {row:?}"))
}

/// Every file under `dir`, as a path relative to the corpus with `/`.
fn files_on_disk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            files_on_disk(&entry.path(), &rel, out);
        } else if !(prefix.is_empty() && META.contains(&rel.as_str())) {
            out.insert(rel);
        }
    }
}

/// A lint finding as the corpus keys it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    file: String,
    resource: Option<String>,
    code: String,
    pointer: String,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = &self.resource {
            write!(f, " [{r}]")?;
        }
        write!(f, " {} at {}", self.code, self.pointer)
    }
}

/// `${Name}` placeholders in `s` that stand for a whole ARN or URL — by
/// their name, or by the template resource they reference (a topic's `Ref`
/// is its ARN, a queue's its URL; the return values are the crate's table,
/// each row from CloudFormation's documentation) — with their byte offsets.
fn arn_or_url_placeholders<'a>(s: &'a str, refs: &TemplateReferences) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(start) = s[rest..].find("${").map(|i| i + rest) {
        let Some(len) = s[start..].find('}') else {
            break;
        };
        let name = &s[start + 2..start + len];
        let by_reference = matches!(refs.stands_for(name), Stands::Arn(_) | Stands::QueueUrl(_));
        if by_reference
            || ["Arn", "ARN", "Url", "URL"]
                .iter()
                .any(|e| name.ends_with(e))
        {
            out.push((start, name));
        }
        rest = start + len + 1;
    }
    out
}

/// Policy resources that wrap an ARN/URL placeholder inside other text. A
/// placeholder that opens the resource (`${Fn.Arn}:*`, a qualifier on the
/// ARN itself) is the resource, not wrapped.
fn wrapped_placeholders(policy: &Json, refs: &TemplateReferences) -> Vec<String> {
    let mut out = Vec::new();
    let statements = policy
        .get("Statement")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    for statement in &statements {
        let resources: Vec<&Json> = match statement.get("Resource") {
            Some(Json::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for r in resources.into_iter().filter_map(Json::as_str) {
            if arn_or_url_placeholders(r, refs)
                .iter()
                .any(|(at, _)| *at > 0)
            {
                out.push(r.to_owned());
            }
        }
    }
    out
}

/// SHA-256 of `data`, in lower-case hex.
fn sha256(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn placeholder_rule_tells_wrapped_from_whole() {
    let policy = serde_json::json!({"Statement": [
        {"Resource": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicArn}"},
        {"Resource": ["${Fn.Arn}", "${Fn.Arn}:*", "${QueueUrl}"]},
        {"Resource": "arn:aws:sqs:us-east-1:123456789012:${QueueUrl}"},
        {"Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}"},
    ]});
    assert_eq!(
        wrapped_placeholders(&policy, &TemplateReferences::default()),
        [
            "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicArn}",
            "arn:aws:sqs:us-east-1:123456789012:${QueueUrl}",
        ]
    );
    // A reference is judged by what the template says it is.
    let refs = TemplateReferences {
        resource_types: [("Topic".to_owned(), "AWS::SNS::Topic".to_owned())].into(),
        substitutions: Default::default(),
    };
    let policy = serde_json::json!({"Statement": [
        {"Resource": "arn:aws:sns:us-east-1:123456789012:${Topic}"},
        {"Resource": "${Topic}"},
    ]});
    assert_eq!(
        wrapped_placeholders(&policy, &refs),
        ["arn:aws:sns:us-east-1:123456789012:${Topic}"]
    );
}

/// What running the corpus found, and what went wrong.
#[derive(Default)]
struct Outcome {
    problems: Vec<String>,
    findings: BTreeMap<Key, String>,
    load_errors: BTreeMap<String, String>,
    wrapped: BTreeSet<(String, String)>,
    loaded: usize,
    definitions: usize,
    policies: usize,
}

fn run_file(rel: &str, out: &mut Outcome) {
    let path = corpus().join(rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            out.problems.push(format!("{rel}: cannot be read: {e}"));
            return;
        }
    };
    // The full path, so that a reader of files next to a template finds them.
    let name = path.to_string_lossy().into_owned();
    let parsed = catch_unwind(AssertUnwindSafe(|| Source::parse(&name, text)));
    let source = match parsed {
        Err(_) => {
            out.problems.push(format!("{rel}: Source::parse panicked"));
            return;
        }
        Ok(Err(e)) => {
            out.load_errors.insert(rel.to_owned(), e.message.clone());
            return;
        }
        Ok(Ok(source)) => source,
    };
    out.loaded += 1;
    match catch_unwind(AssertUnwindSafe(|| cli::lint(&source))) {
        Err(_) => out.problems.push(format!("{rel}: lint panicked")),
        Ok(diagnostics) => {
            for d in diagnostics {
                let key = Key {
                    file: rel.to_owned(),
                    resource: d.resource.clone(),
                    code: d.code.to_owned(),
                    pointer: d.pointer.clone(),
                };
                out.findings.insert(key, d.message.clone());
            }
        }
    }
    if source.definitions.is_empty() {
        out.problems
            .push(format!("{rel}: loads but holds no definition"));
    }
    let bindings = Bindings::new();
    for definition in &source.definitions {
        out.definitions += 1;
        let which = match &definition.resource {
            Some(r) => format!("{rel} [{r}]"),
            None => rel.to_owned(),
        };
        match catch_unwind(AssertUnwindSafe(|| {
            cli::policy(&source, definition, &bindings, None)
        })) {
            Err(_) => out.problems.push(format!("{which}: policy panicked")),
            Ok((policy, _warnings)) => {
                if policy.get("Version").and_then(Json::as_str) != Some("2012-10-17")
                    || !policy.get("Statement").is_some_and(Json::is_array)
                {
                    out.problems.push(format!(
                        "{which}: policy is not a policy document: {policy}"
                    ));
                }
                out.policies += 1;
                let refs = TemplateReferences {
                    resource_types: definition.context.resource_types.clone(),
                    substitutions: definition.context.substitutions.clone(),
                };
                for r in wrapped_placeholders(&policy, &refs) {
                    out.wrapped.insert((rel.to_owned(), r));
                }
            }
        }
        match catch_unwind(AssertUnwindSafe(|| {
            cli::cloudformation(&source, definition, &bindings, None)
        })) {
            Err(_) => out.problems.push(format!("{which}: cfn panicked")),
            Ok((template, _warnings)) => {
                let machines = template
                    .get("Resources")
                    .and_then(Json::as_object)
                    .map_or(0, |r| {
                        r.values()
                            .filter(|v| {
                                v.get("Type").and_then(Json::as_str)
                                    == Some("AWS::StepFunctions::StateMachine")
                            })
                            .count()
                    });
                if machines != 1 {
                    out.problems.push(format!(
                        "{which}: cfn gives {machines} state machines, not one"
                    ));
                }
            }
        }
        for format in [GraphFormat::Mermaid, GraphFormat::Dot] {
            match catch_unwind(AssertUnwindSafe(|| cli::graph(definition, format))) {
                Err(_) => out.problems.push(format!("{which}: graph panicked")),
                Ok(diagram) if diagram.trim().is_empty() => {
                    out.problems.push(format!("{which}: graph is empty"));
                }
                Ok(_) => {}
            }
        }
    }
}

/// The findings and load errors in the format of `expected.toml`, reasons
/// left to write.
fn report(outcome: &Outcome) -> String {
    let q = |s: &str| Toml::String(s.to_owned()).to_string();
    let mut s = String::new();
    for (file, message) in &outcome.load_errors {
        let _ = writeln!(
            s,
            "[[load_errors]]\nfile = {}\nmessage = {}\nreason = \"\"\n",
            q(file),
            q(message)
        );
    }
    for (key, message) in &outcome.findings {
        let _ = writeln!(s, "[[findings]]\nfile = {}", q(&key.file));
        if let Some(r) = &key.resource {
            let _ = writeln!(s, "resource = {}", q(r));
        }
        let _ = writeln!(
            s,
            "code = {}\npointer = {}\nmessage = {}\nreason = \"\"\n",
            q(&key.code),
            q(&key.pointer),
            q(message)
        );
    }
    for (file, resource) in &outcome.wrapped {
        let _ = writeln!(
            s,
            "[[policy_wrapping]]\nfile = {}\npolicy_resource = {}\nreason = \"\"\n",
            q(file),
            q(resource)
        );
    }
    s
}

#[test]
fn real_world_corpus() {
    let sources = read_toml("SOURCES.toml");
    let expected = read_toml("expected.toml");

    // The manifest: repositories, then one row per file.
    let mut repositories = BTreeMap::new();
    for row in rows(&sources, "repositories", "SOURCES.toml") {
        let repo = text(row, "repo", "SOURCES.toml");
        let commit = text(row, "commit", "SOURCES.toml");
        assert!(
            commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
            "SOURCES.toml: {repo}: commit {commit:?} is not 40 hex digits"
        );
        text(row, "licence", "SOURCES.toml");
        text(row, "licence_file", "SOURCES.toml");
        repositories.insert(repo.to_owned(), row);
    }
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    // Licence and NOTICE files ride along where the licence asks for them.
    let mut definitions = BTreeSet::new();
    for row in rows(&sources, "files", "SOURCES.toml") {
        let path = text(row, "path", "SOURCES.toml");
        let repo = text(row, "repo", "SOURCES.toml");
        text(row, "upstream", "SOURCES.toml");
        if text(row, "role", "SOURCES.toml") != "licence" {
            definitions.insert(path.to_owned());
        }
        if !repositories.contains_key(repo) {
            problems.push(format!(
                "SOURCES.toml: {path}: repository {repo} has no [[repositories]] row"
            ));
        }
        let owner_dir = repo.replace('/', "__");
        if !path.starts_with(&format!("{owner_dir}/")) {
            problems.push(format!("SOURCES.toml: {path} is not under {owner_dir}/"));
        }
        if !listed.insert(path.to_owned()) {
            problems.push(format!("SOURCES.toml: {path} is listed twice"));
        }
        match std::fs::read(corpus().join(path)) {
            Err(e) => problems.push(format!("SOURCES.toml lists {path}, which is missing: {e}")),
            Ok(bytes) => {
                let want = text(row, "sha256", "SOURCES.toml");
                let got = sha256(&bytes);
                if got != want {
                    problems.push(format!(
                        "{path}: sha256 {got} differs from SOURCES.toml ({want}): corpus files stay as upstream wrote them"
                    ));
                }
            }
        }
    }
    let mut on_disk = BTreeSet::new();
    files_on_disk(&corpus(), "", &mut on_disk);
    for extra in on_disk.difference(&listed) {
        problems.push(format!("corpus/{extra} is not listed in SOURCES.toml"));
    }
    assert!(
        definitions.len() >= MIN_FILES,
        "the corpus has {} definitions and templates, fewer than {MIN_FILES}",
        definitions.len()
    );

    // The reviewed expectations.
    let mut expected_findings = BTreeMap::new();
    for row in rows(&expected, "findings", "expected.toml") {
        let key = Key {
            file: text(row, "file", "expected.toml").to_owned(),
            resource: row
                .get("resource")
                .and_then(Toml::as_str)
                .map(str::to_owned),
            code: text(row, "code", "expected.toml").to_owned(),
            pointer: row
                .get("pointer")
                .and_then(Toml::as_str)
                .unwrap_or_else(|| panic!("expected.toml: a finding has no pointer: {row:?}"))
                .to_owned(),
        };
        let reason = text(row, "reason", "expected.toml");
        if !definitions.contains(&key.file) {
            problems.push(format!(
                "expected.toml: {key}: the file is not in the corpus"
            ));
        }
        if expected_findings.insert(key.clone(), reason).is_some() {
            problems.push(format!("expected.toml: {key} is listed twice"));
        }
    }
    let mut expected_load_errors = BTreeMap::new();
    for row in rows(&expected, "load_errors", "expected.toml") {
        let file = text(row, "file", "expected.toml");
        expected_load_errors.insert(file.to_owned(), text(row, "reason", "expected.toml"));
    }
    let mut expected_wrapping = BTreeSet::new();
    for row in rows(&expected, "policy_wrapping", "expected.toml") {
        text(row, "reason", "expected.toml");
        expected_wrapping.insert((
            text(row, "file", "expected.toml").to_owned(),
            text(row, "policy_resource", "expected.toml").to_owned(),
        ));
    }
    assert!(
        !expected_findings.is_empty(),
        "expected.toml lists no reviewed finding: the test would prove nothing about lint"
    );

    // Run everything.
    let mut outcome = Outcome::default();
    for rel in &definitions {
        run_file(rel, &mut outcome);
    }
    problems.append(&mut outcome.problems);
    assert!(outcome.loaded > 0 && outcome.definitions > 0 && outcome.policies > 0);
    if let Some(target) = std::env::var_os("SFN_TASKS_CORPUS_REPORT") {
        std::fs::write(&target, report(&outcome)).expect("the report can be written");
    }

    // Compare.
    let mut sections = Vec::new();
    let unexpected_loads: Vec<String> = outcome
        .load_errors
        .iter()
        .filter(|(f, _)| !expected_load_errors.contains_key(*f))
        .map(|(f, m)| format!("  {f}: {m}"))
        .collect();
    if !unexpected_loads.is_empty() {
        sections.push(format!(
            "{} files do not load although they are valid (false rejections, see corpus/REVIEW.md):\n{}",
            unexpected_loads.len(),
            unexpected_loads.join("\n")
        ));
    }
    let loads_now: Vec<String> = expected_load_errors
        .keys()
        .filter(|f| !outcome.load_errors.contains_key(*f))
        .map(|f| format!("  {f}"))
        .collect();
    if !loads_now.is_empty() {
        sections.push(format!(
            "{} files load although expected.toml says they cannot:\n{}",
            loads_now.len(),
            loads_now.join("\n")
        ));
    }
    let mut unexpected: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (key, message) in &outcome.findings {
        if !expected_findings.contains_key(key) {
            unexpected
                .entry(key.code.as_str())
                .or_default()
                .push(format!("  {key}: {message}"));
        }
    }
    if !unexpected.is_empty() {
        let total: usize = unexpected.values().map(Vec::len).sum();
        let mut s = format!(
            "{total} lint findings are not reviewed true positives (false alarms, see corpus/REVIEW.md):"
        );
        for (code, lines) in &unexpected {
            let _ = write!(s, "\n {code} ({}):\n{}", lines.len(), lines.join("\n"));
        }
        sections.push(s);
    }
    let missed: Vec<String> = expected_findings
        .iter()
        .filter(|(k, _)| !outcome.findings.contains_key(*k))
        .map(|(k, reason)| format!("  {k}: {reason}"))
        .collect();
    if !missed.is_empty() {
        sections.push(format!(
            "{} reviewed true positives are no longer reported:\n{}",
            missed.len(),
            missed.join("\n")
        ));
    }
    let wrapped: Vec<String> = outcome
        .wrapped
        .difference(&expected_wrapping)
        .map(|(f, r)| format!("  {f}: {r}"))
        .collect();
    if !wrapped.is_empty() {
        sections.push(format!(
            "{} policy resources wrap a placeholder that stands for a whole ARN or URL:\n{}",
            wrapped.len(),
            wrapped.join("\n")
        ));
    }
    if !problems.is_empty() {
        sections.insert(
            0,
            format!("{} problems:\n  {}", problems.len(), problems.join("\n  ")),
        );
    }
    assert!(
        sections.is_empty(),
        "real-world corpus: {} files, {} loaded, {} definitions\n\n{}",
        definitions.len(),
        outcome.loaded,
        outcome.definitions,
        sections.join("\n\n")
    );
}
