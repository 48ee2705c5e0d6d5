//! Facts about a service live in the registry (`models/services.toml`) and
//! the curated data, not in code: no string literal in the generator, the
//! runtime or the CLI names a typed service, except where the exemptions
//! below say why.

use std::path::{Path, PathBuf};

use codegen::registry::Registry;
use walkdir::WalkDir;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// The code that must not name a service. `generated/src/services` is
/// generated from the registry; `generated/src/helpers` holds the
/// hand-written per-service helpers, one file per service by design.
const SCANNED: &[&str] = &[
    "codegen/src",
    "generated/src/runtime",
    "generated/src/cli",
    "generated/src/bin",
];

/// (file, name, why the file may name it).
const EXEMPT: &[(&str, &str, &str)] = &[
    (
        "generated/src/runtime/task_resource.rs",
        "lambda",
        "ASL lets a Task's Resource be a Lambda function ARN, called directly",
    ),
    (
        "generated/src/cli/policy.rs",
        "lambda",
        "ASL lets a Task's Resource be a Lambda function ARN, called directly",
    ),
    (
        "generated/src/runtime/lambda_function.rs",
        "lambda",
        "the Lambda function EvaluateExpression and CallAwsServiceCrossRegion (CDK's constructs) declare and run on",
    ),
    (
        "generated/src/runtime/bind/value.rs",
        "sqs",
        "the binder reads SQS queue URLs, the one resource identifier AWS writes as a URL",
    ),
    // S3 and CloudWatch Logs joined the typed tier; these are Step Functions'
    // own features that use them, not facts about the services.
    (
        "generated/src/runtime/vocabulary.rs",
        "s3",
        "ASL's Distributed Map names its ItemReader and ResultWriter resources `arn:aws:states:::s3:getObject`, `…:listObjectsV2`, `…:putObject`",
    ),
    (
        "generated/src/runtime/states/map.rs",
        "s3",
        "the Distributed Map's ItemReader and ResultWriter read and write S3 with the IAM AWS documents for them",
    ),
    (
        "generated/src/runtime/states/map_io.rs",
        "s3",
        "the one table of the IAM AWS documents for the Distributed Map's ItemReader and ResultWriter, which read and write S3",
    ),
    (
        "generated/src/cli/source.rs",
        "s3",
        "CloudFormation's DefinitionS3Location names an `s3://` object",
    ),
    (
        "generated/src/runtime/machine/cfn.rs",
        "logs",
        "a state machine's logging needs the CloudWatch Logs delivery permissions AWS documents for Step Functions",
    ),
];

/// The string literals of the code in `text`: not in comments, not in the
/// `#[cfg(test)]` module at the end of a file.
fn literals(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut chars = line.chars();
        let mut current: Option<String> = None;
        while let Some(c) = chars.next() {
            match (&mut current, c) {
                (None, '"') => current = Some(String::new()),
                (None, '/') if chars.clone().next() == Some('/') => break,
                (None, _) => {}
                (Some(_), '"') => out.push((i + 1, current.take().unwrap_or_default())),
                (Some(s), '\\') => {
                    s.push('\\');
                    s.extend(chars.next());
                }
                (Some(s), c) => s.push(c),
            }
        }
    }
    out
}

/// Whether `literal` names `name`: the whole literal, an ARN part
/// (`:name:`), an action prefix (`name:Action`), or a service principal.
fn names(literal: &str, name: &str) -> bool {
    let bytes = literal.as_bytes();
    let mut from = 0;
    while let Some(at) = literal[from..].find(name) {
        let start = from + at;
        let end = start + name.len();
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        let token_start = before.is_none_or(|b| {
            !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'/')
        });
        let token_end =
            matches!(after, None | Some(b':')) || literal[end..].starts_with(".amazonaws.com");
        if token_start && token_end {
            return true;
        }
        from = end;
    }
    false
}

#[test]
fn no_code_names_a_typed_service() {
    let root = repo_root();
    let registry = Registry::load(&root).expect("models/services.toml");
    // Step Functions is the platform itself: its integration ARNs
    // (`arn:aws:states:::…`), the state machine's own role and executions.
    let platform = |s: &codegen::registry::Service| s.iam_prefix == "states";
    let mut service_names: Vec<&str> = registry
        .services
        .iter()
        .filter(|(_, s)| !platform(s))
        .flat_map(|(key, s)| [key.as_str(), &s.module, &s.sdk_name, &s.iam_prefix])
        .collect();
    service_names.sort_unstable();
    service_names.dedup();
    assert!(
        service_names.len() >= 10,
        "the registry should list the typed services: {service_names:?}"
    );

    let mut files = 0;
    let mut found = Vec::new();
    let mut used_exemptions = vec![false; EXEMPT.len()];
    for dir in SCANNED {
        for entry in WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("readable source tree");
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            files += 1;
            let relative = entry
                .path()
                .strip_prefix(&root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(entry.path()).expect("UTF-8 source");
            for (line, literal) in literals(&text) {
                for name in &service_names {
                    if !names(&literal, name) {
                        continue;
                    }
                    match EXEMPT
                        .iter()
                        .position(|(file, n, _)| *file == relative && n == name)
                    {
                        Some(i) => used_exemptions[i] = true,
                        None => found.push(format!("{relative}:{line}: {name} in \"{literal}\"")),
                    }
                }
            }
        }
    }
    assert!(files > 50, "scanned only {files} files");
    assert!(
        found.is_empty(),
        "service names in code (move the fact to models/services.toml or the curated data):\n{}",
        found.join("\n")
    );
    let stale: Vec<_> = EXEMPT
        .iter()
        .zip(&used_exemptions)
        .filter(|(_, used)| !**used)
        .map(|((file, name, _), _)| format!("{file}: {name}"))
        .collect();
    assert!(stale.is_empty(), "exemptions no longer needed: {stale:?}");
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let text = "let a = \"sqs:SendMessage\";\nlet b = \"arn:aws:sqs:r:a:q\"; // \"ecs\"\n// \"glue\"\nlet c = \"glue\";\nlet d = \"myglue:x\";\n#[cfg(test)]\nlet e = \"batch\";";
    let found: Vec<(usize, String)> = literals(text)
        .into_iter()
        .filter(|(_, l)| ["sqs", "ecs", "glue", "batch"].iter().any(|n| names(l, n)))
        .collect();
    assert_eq!(
        found,
        [
            (1, "sqs:SendMessage".to_owned()),
            (2, "arn:aws:sqs:r:a:q".to_owned()),
            (4, "glue".to_owned())
        ]
    );
    assert!(names("lambda.amazonaws.com", "lambda"));
    assert!(!names("models/iam", "iam"));
}
