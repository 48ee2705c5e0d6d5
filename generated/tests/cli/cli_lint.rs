//! `sfn-tasks lint`, `policy`, `cfn` and `graph` as a user runs them: every
//! definition the project renders lints clean, and hand-broken ones give
//! the expected diagnostic at the expected place.

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
    assert_eq!(files.len(), 66);
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

/// Writes `files` (relative name, text) into a fresh folder and lints the
/// first one: the exit status, the diagnostics and what went to stderr.
fn lint_files(files: &[(&str, &str)]) -> (i32, Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = sfn_tasks()
        .args(["lint", "--format", "json"])
        .arg(dir.path().join(files[0].0))
        .output()
        .unwrap();
    let found: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Array(Vec::new()));
    (
        out.status.code().unwrap(),
        found.as_array().unwrap().clone(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lints one file and expects no finding.
fn clean(name: &str, text: &str) {
    let (code, found, stderr) = lint_files(&[(name, text)]);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}\n{stderr}");
}

/// Lints one file and returns its findings, which must include `code` at `pointer`.
fn finds(name: &str, text: &str, code: &str, pointer: &str) -> Value {
    let (exit, found, stderr) = lint_files(&[(name, text)]);
    assert_eq!(exit, 1, "{found:#?}\n{stderr}");
    found
        .iter()
        .find(|d| d["code"] == code && d["pointer"] == pointer)
        .unwrap_or_else(|| panic!("no {code} at {pointer} in {found:#?}"))
        .clone()
}

/// A one-state machine around `state`, in `language`.
fn machine(language: &str, state: &str) -> String {
    format!(r#"{{"QueryLanguage": "{language}", "StartAt": "S", "States": {{"S": {state}}}}}"#)
}

#[test]
fn integration_arns_may_name_region_and_account() {
    // The developer guide's form: arn:partition:states:region:account:servicename:APIname.
    clean(
        "m.asl.json",
        r#"{"StartAt": "Get", "States": {
            "Get": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
                    "Parameters": {"Bucket": "b", "Key": "k"}, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:lambda:invoke",
                     "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "End": true}}}"#,
    );
}

#[test]
fn cloudformation_functions_inside_a_definition_are_opaque_values() {
    let template = r#"{"Conditions": {"Prod": {"Fn::Equals": ["a", "a"]}},
      "Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {
        "StartAt": "Call",
        "TimeoutSeconds": {"Fn::FindInMap": ["Limits", "Machine", "Seconds"]},
        "States": {
          "Call": {"Type": "Task",
            "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":states:::lambda:invoke"]]},
            "Parameters": {"FunctionName": {"Fn::ImportValue": "Shared-Function"},
                           "Payload": {"zone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                                       "parts": {"Fn::Split": [",", "a,b"]},
                                       "blob": {"Fn::Base64": "x"},
                                       "cidr": {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}}},
            "TimeoutSeconds": {"Fn::If": ["Prod", 30, 60]},
            "Retry": {"Fn::If": ["Prod", [{"ErrorEquals": ["States.ALL"]}], {"Ref": "AWS::NoValue"}]},
            "Next": "Pick"},
          "Pick": {"Fn::If": ["Prod", {"Type": "Succeed"}, {"Type": "Pass", "End": true}]}
        }}}}}}"#;
    clean("template.json", template);
    // A transition chosen at deploy time may reach any state.
    let chosen = template.replace(
        "\"Next\": \"Pick\"},",
        "\"Next\": {\"Fn::If\": [\"Prod\", \"Pick\", \"Other\"]}}, \"Other\": {\"Type\": \"Succeed\"},",
    );
    assert_ne!(chosen, template);
    clean("template.json", &chosen);
    // Structure that is not a function is still linted.
    let broken = template.replace("\"Type\": \"Task\"", "\"Type\": \"Tusk\"");
    finds(
        "template.json",
        &broken,
        "invalid-value",
        "/States/Call/Type",
    );
}

#[test]
fn a_definition_string_joining_deploy_time_functions_is_checked_where_it_can_be() {
    let template = |part: &str| {
        format!(
            r#"{{"Conditions": {{"C": {{"Fn::Equals": ["a", "a"]}}}},
  "Resources": {{"M": {{"Type": "AWS::StepFunctions::StateMachine", "Properties": {{"RoleArn": "r",
    "DefinitionString": {{"Fn::Join": ["", [{part}]]}}}}}}}}}}"#
        )
    };
    // The Fn::If stands inside a string: the rest parses and is linted.
    let comment = template(
        r#""{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true,\"Comment\":\"", {"Fn::If": ["C", "x", "y"]}, "\"}}}""#,
    );
    clean("template.json", &comment);
    let tusk = comment.replace(r#"\"Pass\""#, r#"\"Tusk\""#);
    assert_ne!(tusk, comment);
    finds("template.json", &tusk, "invalid-value", "/States/A/Type");
    // The Fn::If makes structure: not checked, and said so at the property.
    let structure = template(
        r#""{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",", {"Fn::If": ["C", "\"End\":true", "\"Next\":\"A\""]}, "}}}""#,
    );
    let (exit, found, stderr) = lint_files(&[("template.json", &structure)]);
    assert_eq!(exit, 0, "{stderr}");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "not-checked");
    assert_eq!(found[0]["line"], 3, "{found:#?}");
    assert!(
        found[0]["message"].as_str().unwrap().contains("Fn::If"),
        "{found:#?}"
    );
    // A part that is no text at all is an error with the template's line and column.
    let number = template(r#""{\"StartAt\":", 5, "}""#);
    let (exit, _, stderr) = lint_files(&[("template.json", &number)]);
    assert_eq!(exit, 2);
    assert!(
        stderr.contains("template.json:3:25: M: DefinitionString: Fn::Join"),
        "{stderr}"
    );
}

#[test]
fn placeholders_inside_paths_and_format_templates_are_substituted_text() {
    clean(
        "template.yaml",
        r#"Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {"StartAt": "Put", "States": {"Put": {"Type": "Task",
          "Resource": "arn:${AWS::Partition}:states:::dynamodb:putItem",
          "Parameters": {"TableName": "${Table}",
            "Item": {"pk": {"S.$": "$.${PartitionKey}"},
                     "uri": {"S.$": "States.Format('s3://${Bucket}/{}', $.key)"}}},
          "End": true}}}
"#,
    );
    // Outside a placeholder the template is still checked.
    finds(
        "m.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Pass", "Parameters": {"uri.$": "States.Format('s3://${Bucket}/{} {}', $.key)"}, "End": true}"#,
        ),
        "invalid-intrinsic",
        "/States/S/Parameters/uri.$",
    );
}

#[test]
fn a_path_may_be_the_format_template() {
    clean(
        "m.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Pass", "Parameters": {"greeting.$": "States.Format($.template, $.name)"}, "End": true}"#,
        ),
    );
}

#[test]
fn sdk_string_members_take_objects_which_step_functions_serialises() {
    let task = |resource: &str| {
        machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Task", "Resource": "{resource}", "Parameters": {{"QueueUrl": "q", "MessageBody": {{"orderId.$": "$.id"}}}}, "End": true}}"#
            ),
        )
    };
    clean(
        "m.asl.json",
        &task("arn:aws:states:::aws-sdk:sqs:sendMessage"),
    );
    // Optimized integrations do not: an object for DynamoDB's TableName is wrong.
    finds(
        "m.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"TableName": {"a": 1}, "Key": {"id": {"S": "1"}}}, "End": true}"#,
        ),
        "wrong-type",
        "/States/S/Parameters/TableName",
    );
}

#[test]
fn definition_uri_files_are_read_relative_to_the_template_with_substitutions() {
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.yaml\n      DefinitionSubstitutions:\n        Delay: 30\n        Topic: !Ref Topic\n  Topic:\n    Type: AWS::SNS::Topic\n";
    let good = "StartAt: Wait\nStates:\n  Wait:\n    Type: Wait\n    Seconds: ${Delay}\n    Next: Notify\n  Notify:\n    Type: Task\n    Resource: arn:aws:states:::sns:publish\n    Parameters:\n      TopicArn: ${Topic}\n      Message: done\n    End: true\n";
    let (code, found, stderr) = lint_files(&[
        ("template.yaml", template),
        ("statemachine/flow.asl.yaml", good),
    ]);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}\n{stderr}");
    // A mistake in the file is found where it is in that file.
    let typo = good.replace("Message: done", "Mesage: done");
    let (code, found, _) = lint_files(&[
        ("template.yaml", template),
        ("statemachine/flow.asl.yaml", &typo),
    ]);
    assert_eq!(code, 1);
    let d = &found[0];
    assert_eq!(d["code"], "unknown-parameter", "{found:#?}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(7))
    );
    assert_eq!(
        (d["resource"].as_str(), d["state"].as_str()),
        (Some("Flow"), Some("Notify"))
    );
    // JSON files too, with a bare placeholder where a number goes.
    let json =
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": ${Delay}, "End": true}}}"#;
    let json_template = template.replace("flow.asl.yaml", "flow.asl.json");
    let (code, found, stderr) = lint_files(&[
        ("template.yaml", &json_template),
        ("statemachine/flow.asl.json", json),
    ]);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}\n{stderr}");
}

#[test]
fn unreadable_definition_uri_files_are_one_located_error() {
    let template = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: missing.asl.json\n";
    let (code, _, stderr) = lint_files(&[("template.yaml", template)]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("Flow: DefinitionUri \"missing.asl.json\": cannot read"),
        "{stderr}"
    );
    let bad = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}}}";
    let template = template.replace("missing", "bad");
    let (code, _, stderr) = lint_files(&[("template.yaml", &template), ("bad.asl.json", bad)]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bad.asl.json:4:3: not valid JSON"),
        "{stderr}"
    );
    // A folder is not a definition file.
    let template = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: sub\n";
    let (code, _, stderr) = lint_files(&[("template.yaml", template), ("sub/x", "")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a file"), "{stderr}");
}

#[test]
fn definitions_in_s3_are_not_an_error() {
    // The library reports a note for them (`not-checked`); nothing to fix.
    let template = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri:\n        Bucket: b\n        Key: flow.json\n";
    let (code, found, stderr) = lint_files(&[("template.yaml", template)]);
    assert_ne!(code, 2, "{stderr}");
    assert!(found.iter().all(|d| d["severity"] != "error"), "{found:#?}");
}

#[test]
fn fn_sub_definition_strings_may_hold_bare_placeholders() {
    let template = |body: &str| {
        format!(
            "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub\n        - |\n          {body}\n        - {{Timeout: 30}}\n"
        )
    };
    clean(
        "template.yaml",
        &template(
            r#"{"TimeoutSeconds": ${Timeout}, "StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": ${Timeout}, "End": true}}}"#,
        ),
    );
    // Still one located error when the text is not JSON at all.
    let (code, _, stderr) = lint_files(&[(
        "template.yaml",
        &template(r#"{"TimeoutSeconds": ${Timeout, "StartAt": "A"}"#),
    )]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("M: DefinitionString is not valid JSON at its line 1 column 20"),
        "{stderr}"
    );
}

#[test]
fn yaml_flow_mappings_may_close_dedented() {
    // CloudFormation and PyYAML ignore indentation inside `{…}`.
    let template = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: {\n        \"StartAt\": \"A\",\n    \"States\": {\"A\": {\"Type\": \"Pass\",\n  \"Nxt\": \"B\", \"End\": true}}\n}\n";
    let d = finds("template.yaml", template, "unknown-field", "/States/A/Nxt");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(3))
    );
}

#[test]
fn always_string_values_cannot_fill_structures() {
    let get = |key: &str| {
        machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {{"TableName": "T", "Key": {key}}}, "End": true}}"#
            ),
        )
    };
    let d = finds(
        "m.asl.json",
        &get(r#"{"pk.$": "$$.Execution.Id"}"#),
        "wrong-type",
        "/States/S/Parameters/Key/pk.$",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean {\"S.$\": \"$$.Execution.Id\"}"),
        "{d}"
    );
    finds(
        "m.asl.json",
        &get(r#"{"pk.$": "States.Format('{}-x', $.id)"}"#),
        "wrong-type",
        "/States/S/Parameters/Key/pk.$",
    );
    finds(
        "m.asl.json",
        &get(
            r#"{"pk": {"S": "1"}}, "ProjectionExpression.$": "$.p", "AttributesToGet.$": "States.UUID()""#,
        ),
        "wrong-type",
        "/States/S/Parameters/AttributesToGet.$",
    );
    // A path of unknown kind, and a string where a string goes, are fine.
    clean(
        "m.asl.json",
        &get(r#"{"pk.$": "$.key", "sk": {"S.$": "$$.Execution.Id"}}"#),
    );
}

#[test]
fn grammar_gaps_are_errors() {
    let retry = |list: &str| {
        machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {{"FunctionName": "f"}}, {list}, "Next": "S2"}}, "S2": {{"Type": "Succeed"}}"#
            ),
        )
    };
    let retriers =
        r#""Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["States.Timeout"]}]"#;
    finds(
        "m.asl.json",
        &retry(retriers),
        "invalid-value",
        "/States/S/Retry/0/ErrorEquals",
    );
    let catchers = r#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S2"}, {"ErrorEquals": ["X"], "Next": "S2"}]"#;
    finds(
        "m.asl.json",
        &retry(catchers),
        "invalid-value",
        "/States/S/Catch/0/ErrorEquals",
    );
    let mixed = r#""Retry": [{"ErrorEquals": ["States.ALL", "X"]}]"#;
    finds(
        "m.asl.json",
        &retry(mixed),
        "invalid-value",
        "/States/S/Retry/0/ErrorEquals",
    );
    clean(
        "m.asl.json",
        &retry(r#""Retry": [{"ErrorEquals": ["X"]}, {"ErrorEquals": ["States.ALL"]}]"#),
    );

    let choice = |value: &str| {
        machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Choice", "Choices": [{{"Variable": "$.t", "TimestampLessThan": "{value}", "Next": "S2"}}], "Default": "S2"}}, "S2": {{"Type": "Succeed"}}"#
            ),
        )
    };
    clean("m.asl.json", &choice("2016-03-14T01:59:00Z"));
    for bad in [
        "2016-03-14 01:59:00Z",
        "2016-03-14t01:59:00z",
        "2016-13-14T01:59:00Z",
        "yesterday",
    ] {
        finds(
            "m.asl.json",
            &choice(bad),
            "invalid-value",
            "/States/S/Choices/0/TimestampLessThan",
        );
    }
    let wait = |value: &str| {
        machine(
            "JSONPath",
            &format!(r#"{{"Type": "Wait", "Timestamp": "{value}", "End": true}}"#),
        )
    };
    clean("m.asl.json", &wait("2016-03-14T01:59:00+01:00"));
    finds(
        "m.asl.json",
        &wait("2016-03-14T25:59:00Z"),
        "invalid-value",
        "/States/S/Timestamp",
    );
}

/// A distributed Map in `language` with extra `fields`.
fn distributed(language: &str, fields: &str) -> String {
    machine(
        language,
        &format!(
            r#"{{"Type": "Map", "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}}, "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}, {fields}, "End": true}}"#
        ),
    )
}

#[test]
fn distributed_map_gaps_are_errors() {
    let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "b", "Key": "k"}}"#;
    clean(
        "m.asl.json",
        &distributed(
            "JSONPath",
            &format!(
                r#"{reader}, "ItemBatcher": {{"MaxItemsPerBatch": 10, "BatchInput": {{"run.$": "$.run"}}}}, "ToleratedFailurePercentage": 5.5, "ResultWriter": {{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {{"Bucket": "b", "Prefix": "p"}}}}"#
            ),
        ),
    );
    for (fields, code, pointer) in [
        (
            r#""ToleratedFailurePercentage": 150"#,
            "out-of-range",
            "/States/S/ToleratedFailurePercentage",
        ),
        (
            r#""ToleratedFailurePercentage": -1"#,
            "out-of-range",
            "/States/S/ToleratedFailurePercentage",
        ),
        (
            r#""ToleratedFailureCount": -1"#,
            "out-of-range",
            "/States/S/ToleratedFailureCount",
        ),
        (
            r#""ItemBatcher": {}"#,
            "missing-field",
            "/States/S/ItemBatcher",
        ),
        (
            r#""ItemBatcher": {"MaxItemsPerBatch": 0}"#,
            "out-of-range",
            "/States/S/ItemBatcher/MaxItemsPerBatch",
        ),
        (
            r#""ItemBatcher": {"MaxInputBytesPerBatch": 300000}"#,
            "out-of-range",
            "/States/S/ItemBatcher/MaxInputBytesPerBatch",
        ),
        (
            r#""ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": "x"}"#,
            "wrong-type",
            "/States/S/ItemBatcher/BatchInput",
        ),
        (
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObjct", "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "unknown-resource",
            "/States/S/ItemReader/Resource",
        ),
        (
            r#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObjct", "Parameters": {"Bucket": "b", "Prefix": "p"}}"#,
            "unknown-resource",
            "/States/S/ResultWriter/Resource",
        ),
        (
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "k"}}"#,
            "language",
            "/States/S/ItemReader/Arguments",
        ),
    ] {
        finds(
            "m.asl.json",
            &distributed("JSONPath", fields),
            code,
            pointer,
        );
    }
    let typo = finds(
        "m.asl.json",
        &distributed(
            "JSONPath",
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObjct"}"#,
        ),
        "unknown-resource",
        "/States/S/ItemReader/Resource",
    );
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"s3:getObject\""),
        "{typo}"
    );
    for (fields, pointer) in [
        (
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/S/ItemReader/Parameters",
        ),
        (
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.n"}, "Arguments": {"Bucket": "b", "Key": "k"}}"#,
            "/States/S/ItemReader/ReaderConfig/MaxItemsPath",
        ),
        (
            r#""ItemBatcher": {"MaxItemsPerBatchPath": "$.n"}"#,
            "/States/S/ItemBatcher/MaxItemsPerBatchPath",
        ),
    ] {
        finds(
            "m.asl.json",
            &distributed("JSONata", fields),
            "language",
            pointer,
        );
    }
    clean(
        "m.asl.json",
        &distributed(
            "JSONata",
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.n %}"}, "Arguments": {"Bucket": "b", "Key": "k"}}, "ToleratedFailurePercentage": "{% $states.input.p %}""#,
        ),
    );
}

#[test]
fn jsonata_is_parsed_fully() {
    let pass = |expr: &str| {
        machine(
            "JSONata",
            &format!(r#"{{"Type": "Pass", "Output": {{"x": "{{% {expr} %}}"}}, "End": true}}"#),
        )
    };
    clean(
        "m.asl.json",
        &pass("$states.input.a + ($states.input.b ? 1 : 2)"),
    );
    for bad in [
        "$states.input.a +",
        "$states.input.",
        "$a $b",
        "$states.input.a.b := 1",
    ] {
        let d = finds(
            "m.asl.json",
            &pass(bad),
            "invalid-jsonata",
            "/States/S/Output/x",
        );
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("invalid JSONata expression"),
            "{d}"
        );
    }
}

#[test]
fn nested_intrinsics_within_the_documented_ten_are_accepted() {
    // The developer guide's example: nine calls in one field, five deep.
    let arn = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    clean(
        "m.asl.json",
        &machine(
            "JSONPath",
            &format!(r#"{{"Type": "Pass", "Parameters": {{"myArn.$": "{arn}"}}, "End": true}}"#),
        ),
    );
    let ten_deep = format!(
        "{}States.UUID(){}",
        "States.Array(".repeat(9),
        ")".repeat(9)
    );
    clean(
        "m.asl.json",
        &machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Pass", "Parameters": {{"deep.$": "{ten_deep}"}}, "End": true}}"#
            ),
        ),
    );
}

#[test]
fn every_finding_with_its_severity_and_file() {
    use sfn_tasks::cli::{Severity, Source, lint};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sm")).unwrap();
    std::fs::write(
        dir.path().join("sm/flow.asl.json"),
        "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\",\n  \"Parameters\": {\"id\": \"$.order.id\"}, \"Nxt\": 1, \"End\": true}}}",
    )
    .unwrap();
    let template = dir.path().join("template.yaml");
    let text = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: sm/flow.asl.json\n  Remote:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://bucket/key.json\n";
    let source = Source::parse(template.to_str().unwrap(), text.to_owned()).unwrap();
    let found = lint(&source);
    let summary: Vec<_> = found
        .iter()
        .map(|d| (d.severity, d.code, d.line, d.column, d.resource.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (Severity::Warning, "literal-path", 2, 24, Some("Flow")),
            (Severity::Error, "unknown-field", 2, 39, Some("Flow")),
            (Severity::Warning, "not-checked", 9, 22, Some("Remote")),
        ],
        "{found:#?}"
    );
    let file = dir.path().join("sm/flow.asl.json");
    assert_eq!(found[0].file, file.to_str().unwrap());
    assert_eq!(found[1].file, file.to_str().unwrap());
    assert_eq!(found[2].file, template.to_str().unwrap());
    // A name in another case is not found (SAM on Linux does not either),
    // and the error says which file is there.
    let text = text.replace("sm/flow.asl.json", "sm/Flow.asl.json");
    let err = Source::parse(template.to_str().unwrap(), text).unwrap_err();
    assert!(
        err.message
            .contains("(the folder has \"flow.asl.json\": file names are case-sensitive)"),
        "{err}"
    );
}

#[test]
fn the_whole_context_object_carries_the_task_token() {
    let task = |payload: &str| {
        machine(
            "JSONPath",
            &format!(
                r#"{{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {{"FunctionName": "f", "Payload": {payload}}}, "End": true}}"#
            ),
        )
    };
    clean("m.asl.json", &task(r#"{"ExecutionContext.$": "$$"}"#));
    clean("m.asl.json", &task(r#"{"task.$": "$$.Task"}"#));
    finds(
        "m.asl.json",
        &task(r#"{"execution.$": "$$.Execution"}"#),
        "missing-task-token",
        "/States/S/Resource",
    );
}

#[test]
fn bare_definition_files_may_hold_bare_placeholders() {
    // SAM DefinitionUri files and Terraform templates are substituted as text.
    clean(
        "m.asl.yaml",
        "StartAt: W\nStates:\n  W:\n    Type: Wait\n    Seconds: ${Delay}\n    End: true\n",
    );
    clean(
        "m.asl.json",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": ${Delay}, "End": true}}}"#,
    );
    // Quoted, it is a string, and a string is not a number of seconds.
    finds(
        "m.asl.yaml",
        "StartAt: W\nStates:\n  W:\n    Type: Wait\n    Seconds: \"${Delay}\"\n    End: true\n",
        "wrong-type",
        "/States/W/Seconds",
    );
}

#[test]
fn whitespace_around_a_path_is_ignored() {
    clean(
        "m.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name "}, "InputPath": " $.a", "End": true}"#,
        ),
    );
}

#[test]
fn dedented_quoted_scalars_do_not_stop_the_template() {
    let template = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, Nxt: B, End: true}\nOutputs:\n  Sample:\n    Value: \"{\n      \\\"input\\\": 1\n  }\"\n";
    finds("template.yaml", template, "unknown-field", "/States/A/Nxt");
}

#[test]
fn definitions_made_by_other_functions_are_not_an_error() {
    use sfn_tasks::cli::{Source, lint};
    for property in [
        "DefinitionString: !If [Prod, '{}', '{}']",
        "DefinitionString: !Ref DefinitionParameter",
        "Definition: !If [Prod, {StartAt: A}, {StartAt: B}]",
    ] {
        let text = format!(
            "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      {property}\n"
        );
        let source =
            Source::parse("template.yaml", text).unwrap_or_else(|e| panic!("{property}: {e}"));
        let found = lint(&source);
        assert_eq!(found.len(), 1, "{property}: {found:#?}");
        assert_eq!(found[0].code, "not-checked");
        assert!(
            found[0].message.contains("at deploy time"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].line, 5);
    }
}

#[test]
fn standard_input_byte_order_marks_and_bad_utf8() {
    let machine = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Nxt": "P", "End": true}}}"#;
    // `-` reads standard input, and findings name it.
    let out = sfn_tasks()
        .args(["lint", "-"])
        .write_stdin(machine)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("<stdin>:1:"), "{text}");
    assert!(text.contains("Nxt"), "{text}");

    // A BOM changes neither the verdict nor the columns.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.json");
    let bom = dir.path().join("bom.json");
    std::fs::write(&plain, machine).unwrap();
    std::fs::write(&bom, format!("\u{feff}{machine}")).unwrap();
    let (plain_code, plain_found) = lint_json(&plain);
    let (bom_code, bom_found) = lint_json(&bom);
    assert_eq!(plain_code, bom_code);
    let columns =
        |found: &[Value]| -> Vec<Value> { found.iter().map(|d| d["column"].clone()).collect() };
    assert!(!plain_found.is_empty());
    assert_eq!(columns(&plain_found), columns(&bom_found));
    // In YAML the BOM used to stick to the first key.
    let yaml = dir.path().join("bom.yaml");
    std::fs::write(
        &yaml,
        "\u{feff}StartAt: P\nStates:\n  P:\n    Type: Pass\n    End: true\n",
    )
    .unwrap();
    let (code, found) = lint_json(&yaml);
    assert_eq!((code, found.len()), (0, 0), "{found:#?}");

    // Invalid UTF-8 names the offset.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"StartAt\": \"\xff\"}").unwrap();
    let out = sfn_tasks().arg("lint").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not UTF-8: invalid byte at offset 13"),
        "{err}"
    );
}

#[test]
fn policy_cfn_and_graph_refuse_what_is_not_a_state_machine() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("empty.json", "", "the file is empty"),
        ("array.json", "[1, 2]", "found an array"),
        ("text.json", "\"StartAt\"", "found a string"),
    ];
    for (name, text, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        for command in ["policy", "cfn", "graph"] {
            let out = sfn_tasks().arg(command).arg(&file).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{command} {name}: {out:?}");
            assert!(out.stdout.is_empty(), "{command} {name} printed output");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(expected), "{command} {name}: {err}");
        }
    }
    // lint reports it as a finding at line 1, in the same words.
    let out = sfn_tasks()
        .arg("lint")
        .arg(dir.path().join("empty.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("empty.json:1:1: error[not-an-object]: the file is empty"),
        "{text}"
    );
}

#[test]
fn integers_beyond_64_bits_name_the_range() {
    // Read as a float, such a number is still an integer out of range.
    let found = finds(
        "w.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Wait", "Seconds": 18446744073709551616, "End": true}"#,
        ),
        "out-of-range",
        "/States/S/Seconds",
    );
    assert!(
        found["message"].as_str().unwrap_or("").contains("outside"),
        "{found}"
    );
    // A fraction is the wrong type, whatever its size.
    finds(
        "w.asl.json",
        &machine(
            "JSONPath",
            r#"{"Type": "Wait", "Seconds": 5.5, "End": true}"#,
        ),
        "wrong-type",
        "/States/S/Seconds",
    );
}

#[test]
fn definitions_over_one_megabyte_are_errors() {
    // Step Functions accepts definitions up to 1,048,576 bytes.
    let pass = |i: usize| {
        format!(
            r#""P{i}": {{"Type": "Pass", "Result": "{}", "Next": "P{}"}}"#,
            "x".repeat(1000),
            i + 1
        )
    };
    let big = |states: usize| {
        let mut body: Vec<String> = (0..states).map(pass).collect();
        body.push(format!(r#""P{states}": {{"Type": "Succeed"}}"#));
        format!(r#"{{"StartAt": "P0", "States": {{{}}}}}"#, body.join(", "))
    };
    let over = big(1100);
    assert!(over.len() > 1_048_576);
    let found = finds("big.asl.json", &over, "definition-too-large", "");
    assert!(
        found["message"]
            .as_str()
            .unwrap_or("")
            .contains(&over.len().to_string()),
        "{found}"
    );
    let under = big(900);
    assert!(under.len() < 1_048_576);
    clean("big.asl.json", &under);
}

#[test]
fn machine_names_given_on_the_command_line_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.asl.json");
    std::fs::write(
        &file,
        machine("JSONPath", r#"{"Type": "Pass", "End": true}"#),
    )
    .unwrap();
    for command in ["cfn", "policy"] {
        for (name, expected) in [
            ("bad name/*", "' ' is not allowed"),
            (&"n".repeat(200), "200 characters long; the limit is 80"),
        ] {
            let out = sfn_tasks()
                .arg(command)
                .arg(&file)
                .args(["--name", name])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{command} {name}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(expected), "{command}: {err}");
        }
        let out = sfn_tasks()
            .arg(command)
            .arg(&file)
            .args(["--name", "Orders-1"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
    }
}
