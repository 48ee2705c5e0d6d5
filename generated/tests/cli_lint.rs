//! `sfn-tasks lint`, `policy`, `cfn` and `graph` as a user runs them: every
//! definition the project renders lints clean, and hand-broken ones give
//! the expected diagnostic at the expected place.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn sfn_tasks() -> Command {
    Command::cargo_bin("sfn-tasks").expect("the binary is built with --features cli")
}

fn lint_json(file: &Path) -> (i32, Vec<Value>) {
    let out = sfn_tasks()
        .args(["lint", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    (code, found.as_array().unwrap().clone())
}

#[test]
fn rendered_definitions_lint_clean() {
    let dir = fixtures().join("cli/snapshots");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    let out = sfn_tasks().arg("lint").args(&files).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn cdk_definitions_lint_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("cdk")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let target = tmp.path().join(path.file_name().unwrap());
        std::fs::write(
            &target,
            serde_json::to_string_pretty(&fixture["definition"]).unwrap(),
        )
        .unwrap();
        files.push(target);
    }
    assert_eq!(files.len(), 44);
    let out = sfn_tasks().arg("lint").args(&files).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// (file, line, column, pointer, state, code, message fragment)
const BROKEN: &[(&str, usize, usize, &str, &str, &str, &str)] = &[
    (
        "typo.asl.json",
        10,
        9,
        "/States/Save/Parameters/ConditionExpresion",
        "Save",
        "unknown-parameter",
        "did you mean \"ConditionExpression\"",
    ),
    (
        "wrong_type.asl.json",
        10,
        25,
        "/States/Send/Parameters/DelaySeconds",
        "Send",
        "wrong-type",
        "expected an integer, found a string",
    ),
    (
        "missing_required.asl.json",
        7,
        21,
        "/States/Publish/Parameters",
        "Publish",
        "missing-parameter",
        "Message",
    ),
    (
        "unsupported_pattern.asl.json",
        6,
        19,
        "/States/Get/Resource",
        "Get",
        "unsupported-pattern",
        "does not support .sync",
    ),
    (
        "bad_path.asl.json",
        9,
        22,
        "/States/Invoke/Parameters/Payload.$",
        "Invoke",
        "invalid-path",
        "not a valid path",
    ),
    (
        "dangling_next.asl.json",
        7,
        15,
        "/States/Wait/Next",
        "Wait",
        "dangling-transition",
        "did you mean \"Done\"",
    ),
    (
        "bad_enum.asl.json",
        10,
        23,
        "/States/Run/Parameters/LaunchType",
        "Run",
        "invalid-enum",
        "did you mean \"FARGATE\"",
    ),
    (
        "sdk_callback_without_token.asl.json",
        6,
        19,
        "/States/Notify/Resource",
        "Notify",
        "missing-task-token",
        "must pass the task token",
    ),
    (
        "template.json",
        15,
        79,
        "/States/Send/Parameters/Delay",
        "Send",
        "unknown-parameter",
        "did you mean \"DelaySeconds\"",
    ),
    (
        "template.yaml",
        29,
        87,
        "/States/Get/Parameters/Consistent",
        "Get",
        "unknown-parameter",
        "did you mean \"ConsistentRead\"",
    ),
    (
        // A folded description with non-ASCII text, flow maps, tags, a
        // retrier list: the usual shape of a SAM template.
        "sam.yaml",
        44,
        15,
        "/States/Notify/Parameters/Mesage.$",
        "Notify",
        "unknown-parameter",
        "did you mean \"Message\"",
    ),
    (
        "inline.yaml",
        15,
        53,
        "/States/Speichern/Parameters/TableNam",
        "Speichern",
        "unknown-parameter",
        "did you mean \"TableName\"",
    ),
];

#[test]
fn broken_definitions_point_at_the_problem() {
    for (file, line, column, pointer, state, code, fragment) in BROKEN {
        let (exit, found) = lint_json(&fixtures().join("cli/broken").join(file));
        assert_eq!(exit, 1, "{file}");
        let hit = found
            .iter()
            .find(|d| d["code"] == *code && d["pointer"] == *pointer);
        let Some(d) = hit else {
            panic!("{file}: no {code} at {pointer} in {found:#?}");
        };
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(*line as u64), Some(*column as u64)),
            "{file}"
        );
        assert_eq!(d["state"], *state, "{file}");
        assert!(
            d["message"].as_str().unwrap().contains(fragment),
            "{file}: {}",
            d["message"]
        );
    }
}

#[test]
fn definition_strings_report_inner_positions() {
    let (_, found) = lint_json(&fixtures().join("cli/broken/template.json"));
    let d = found.iter().find(|d| d["resource"] == "AsString").unwrap();
    assert_eq!(d["code"], "dangling-transition");
    assert_eq!(d["inner"], serde_json::json!({"line": 1, "column": 52}));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(26), Some(29))
    );
}

#[test]
fn yaml_block_definition_strings_map_to_file_lines() {
    // A `|` block holds the JSON verbatim: the finding is placed at its own
    // line and column in the file, and inside the string as well.
    let (_, found) = lint_json(&fixtures().join("cli/broken/template.yaml"));
    let d = found.iter().find(|d| d["resource"] == "Typo").unwrap();
    assert_eq!(d["inner"], serde_json::json!({"line": 7, "column": 79}));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(29), Some(87))
    );
}

#[test]
fn yaml_syntax_errors_name_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, "Resources:\n  M:\n    Type: [a, b\n  N: 1\n").unwrap();
    sfn_tasks()
        .arg("lint")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.yaml:4:"))
        .stderr(predicates::str::contains("neither JSON nor YAML"));
}

#[test]
fn text_output_names_file_line_column_state_and_pointer() {
    sfn_tasks()
        .arg("lint")
        .arg(fixtures().join("cli/broken/typo.asl.json"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("typo.asl.json:10:9: error[unknown-parameter]: ConditionExpresion is not a parameter here (did you mean \"ConditionExpression\"?) (state \"Save\", /States/Save/Parameters/ConditionExpresion)"));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    sfn_tasks()
        .args(["lint", "no/such/file.json"])
        .assert()
        .code(2);
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}}}").unwrap();
    sfn_tasks()
        .arg("lint")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.json:4:3: not valid JSON"));
    sfn_tasks().arg("lint").assert().code(2);
    sfn_tasks().arg("frobnicate").assert().code(2);
    sfn_tasks().arg("--help").assert().code(0);
}

#[test]
fn policy_binds_and_warns() {
    let file = fixtures().join("cli/snapshots/order_workflow.asl.json");
    let out = sfn_tasks()
        .args([
            "policy",
            "--partition",
            "aws",
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = policy.to_string();
    assert!(
        text.contains("arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"),
        "{text}"
    );
    assert!(text.contains("\"lambda:InvokeFunction\""), "{text}");
    assert!(!text.contains("${AWS::Region}"), "{text}");

    let tmp = tempfile::tempdir().unwrap();
    let dynamic = tmp.path().join("dynamic.json");
    std::fs::write(&dynamic, r#"{"StartAt":"Get","States":{"Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName.$":"$.table","Key":{"id":{"S":"1"}}},"End":true}}}"#).unwrap();
    sfn_tasks()
        .arg("policy")
        .arg(&dynamic)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*",
        ))
        .stderr(predicates::str::contains("warning[unscoped]"));
}

#[test]
fn cfn_and_graph() {
    let file = fixtures().join("cli/snapshots/order_workflow.asl.json");
    let out = sfn_tasks()
        .args(["cfn", "--name", "Orders"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let template: Value = serde_json::from_slice(&out.stdout).unwrap();
    let machine = &template["Resources"]["StateMachine"];
    assert_eq!(machine["Type"], "AWS::StepFunctions::StateMachine");
    assert_eq!(machine["Properties"]["StateMachineName"], "Orders");
    assert!(machine["Properties"]["DefinitionString"]["Fn::Sub"].is_string());
    assert_eq!(
        template["Resources"]["StateMachineRoleDefaultPolicy"]["Type"],
        "AWS::IAM::Policy"
    );

    sfn_tasks()
        .arg("graph")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with(
            "flowchart TD\n    start((Start)) --> s0",
        ));
    sfn_tasks()
        .args(["graph", "--format", "dot"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("digraph StateMachine {"));
}
