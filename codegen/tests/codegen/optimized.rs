//! The curated integration files: strict parsing with key paths, and the
//! shipped files load.

use std::path::Path;

use codegen::optimized::parse;

const MINIMAL: &str = r#"
service = "sqs"
doc_url = "https://example.com"

[tasks.SendMessage]
action = "sendMessage"
operation = "SendMessage"
summary = "Sends."
patterns = ["request_response"]
default = "request_response"
source = "https://example.com"

[[tasks.SendMessage.iam]]
actions = ["sqs:SendMessage"]
resources = ["*"]
doc = "r"
source = "s"
"#;

#[test]
fn minimal_manifest_parses() {
    let m = parse(Path::new("models/integrations/sqs.toml"), MINIMAL).expect("valid");
    assert_eq!(m.tasks["SendMessage"].iam.len(), 1);
}

#[test]
fn unknown_keys_fail_with_their_path() {
    let text = MINIMAL.replace(
        "[[tasks.SendMessage.iam]]",
        "patern = \"x\"\n[[tasks.SendMessage.iam]]",
    );
    let err = parse(Path::new("models/integrations/sqs.toml"), &text)
        .expect_err("typo must fail")
        .to_string();
    assert!(
        err.starts_with("models/integrations/sqs.toml: tasks.SendMessage"),
        "{err}"
    );
    assert!(err.contains("patern"), "{err}");
}

#[test]
fn overrides_need_a_reason() {
    let text = format!(
        "{MINIMAL}\n[tasks.SendMessage.overrides.MessageBody]\njson = true\nsource = \"s\"\n"
    );
    let err = parse(Path::new("x.toml"), &text)
        .expect_err("no reason")
        .to_string();
    assert!(
        err.contains("tasks.SendMessage.overrides.MessageBody"),
        "{err}"
    );
    assert!(err.contains("reason"), "{err}");
}

#[test]
fn shipped_manifests_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/integrations");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        // `<module>.shapes.json` files are botocore shapes, read by regen.
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        parse(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        count += 1;
    }
    assert_eq!(count, 21);
}

/// A copy of the fixture repository with an integrations file added.
fn repo_with(manifest: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repo");
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in walkdir(&from) {
        let rel = entry.strip_prefix(&from).expect("inside");
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
    }
    let integrations = dir.path().join("models/integrations");
    std::fs::create_dir_all(&integrations).expect("mkdir");
    std::fs::write(integrations.join("fixture.toml"), manifest).expect("write");
    dir
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

const FIXTURE_TASK: &str = r#"
service = "fixture"
doc_url = "https://example.com"

[tasks.CreateThing]
action = "createThing"
operation = "CreateThing"
summary = "Creates."
patterns = ["request_response", "sync"]
default = "request_response"
source = "https://example.com"

[[tasks.CreateThing.iam]]
actions = ["fixture:CreateThing"]
resources = ["arn:${Partition}:fixture:${Region}:${Account}:thing/${Name}"]
bind.Name = { pointer = "/Name", extract = "whole" }
doc = "r"
source = "s"
"#;

#[test]
fn a_good_manifest_generates_a_task() {
    let repo = repo_with(FIXTURE_TASK);
    let generation = codegen::generate_services(repo.path(), &["fixture"]).expect("generates");
    let text = &generation.files.files["generated/src/services/fixture/optimized.rs"];
    assert!(text.contains("pub struct CreateThing"), "{text}");
    assert!(text.contains("pub enum CreateThingPattern"));
    assert!(text.contains("\"arn:${Partition}:fixture:${Region}:${Account}:thing/${Name}\""));
}

#[test]
fn link_errors_are_collected_with_key_paths() {
    let manifest = format!(
        "{FIXTURE_TASK}\n[tasks.CreateThing.overrides.Step]\nrequired = true\nreason = \"r\"\nsource = \"s\"\n\n[[tasks.CreateThing.iam]]\npatterns = [\"wait_for_task_token\"]\nactions = [\"fixture:X\"]\nresources = [\"arn:${{Partition}}:fixture:${{Region}}:${{Account}}:thing/${{Other}}\"]\ndoc = \"r\"\nsource = \"s\"\n"
    );
    let repo = repo_with(&manifest);
    let err = match codegen::generate_services(repo.path(), &["fixture"]) {
        Ok(_) => panic!("bad data must fail"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("models/integrations/fixture.toml: tasks.CreateThing.overrides.Step: no member Step in CreateThingRequest"),
        "{err}"
    );
    assert!(err.contains("tasks.CreateThing.iam[1].patterns"), "{err}");
    assert!(err.contains("${Other}"), "{err}");
}

/// Service-authorization data for the fixture service, in the vendored
/// format, with `iam:PassRole` as a dependent action of `CreateThing`.
const FIXTURE_IAM: &str = r#"{
  "service_name": "Fixture",
  "prefix": "fixture",
  "service_authorization_url": "https://example.com",
  "privileges": {
    "CreateThing": {
      "privilege": "CreateThing",
      "description": "Creates a thing",
      "access_level": "Write",
      "api_documentation_link": "https://example.com",
      "resource_types": {
        "thing": {"resource_type": "thing", "required": true, "condition_keys": [], "dependent_actions": ["iam:PassRole"]}
      }
    }
  },
  "resources": {
    "thing": {"resource": "thing", "arn": "arn:${Partition}:fixture:${Region}:${Account}:thing/${Name}", "condition_keys": []}
  },
  "conditions": {}
}"#;

/// No exceptions: the fixture's prefix comes from its registry.
const FIXTURE_OPERATION_ACTIONS: &str = "# curated\n";

fn repo_with_iam(manifest: &str) -> tempfile::TempDir {
    let repo = repo_with(manifest);
    let iam = repo.path().join("models/iam");
    std::fs::create_dir_all(&iam).expect("mkdir");
    std::fs::write(iam.join("fixture.json"), FIXTURE_IAM).expect("write");
    std::fs::write(
        iam.join("operation-actions.toml"),
        FIXTURE_OPERATION_ACTIONS,
    )
    .expect("write");
    repo
}

#[test]
fn a_task_whose_action_passes_roles_must_say_which() {
    let repo = repo_with_iam(FIXTURE_TASK);
    let err = match codegen::generate_services(repo.path(), &["fixture"]) {
        Ok(_) => panic!("a task passing roles without pass_role must fail"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("tasks.CreateThing.pass_role"), "{err}");
    assert!(err.contains("fixture:CreateThing"), "{err}");
    let declared = format!(
        "{FIXTURE_TASK}\n[tasks.CreateThing.pass_role]\nservice = \"fixture.amazonaws.com\"\npointers = [\"/Name\"]\nreason = \"r\"\nsource = \"s\"\n"
    );
    let repo = repo_with_iam(&declared);
    codegen::generate_services(repo.path(), &["fixture"]).expect("declared roles generate");
}

/// A task whose parameters are Step Functions' own: its input is a shape
/// of `fixture.shapes.json`, not an operation's.
const OWN_SHAPES_TASK: &str = r#"
service = "fixture"
doc_url = "https://example.com"

[tasks.Ping]
action = "ping"
input = "PingParameters"
summary = "Pings."
patterns = ["request_response"]
default = "request_response"
source = "https://example.com"

[[tasks.Ping.iam]]
actions = ["fixture:CreateThing"]
resources = ["arn:${Partition}:fixture:${Region}:${Account}:thing/${Name}"]
bind.Name = { pointer = "/Target", extract = "whole" }
doc = "r"
source = "s"
"#;

const OWN_SHAPES: &str = r#"{
  "shapes": {
    "PingParameters": {
      "type": "structure",
      "required": ["Target"],
      "members": {
        "Target": {"shape": "PingTarget", "documentation": "<p>What to ping.</p>"},
        "Mode": {"shape": "PingMode"}
      }
    },
    "PingTarget": {"type": "string"},
    "PingMode": {"type": "string", "enum": ["FAST", "SLOW"]}
  }
}"#;

fn generation_error(repo: &Path, why: &str) -> String {
    match codegen::generate_services(repo, &["fixture"]) {
        Ok(_) => panic!("{why}"),
        Err(e) => e.to_string(),
    }
}

fn repo_with_shapes(manifest: &str, shapes: &str) -> tempfile::TempDir {
    let repo = repo_with(manifest);
    std::fs::write(
        repo.path().join("models/integrations/fixture.shapes.json"),
        shapes,
    )
    .expect("write");
    repo
}

#[test]
fn own_parameter_shapes_become_types_and_a_task() {
    let repo = repo_with_shapes(OWN_SHAPES_TASK, OWN_SHAPES);
    let generation = codegen::generate_services(repo.path(), &["fixture"]).expect("generates");
    let files = &generation.files.files;
    let task = &files["generated/src/services/fixture/optimized.rs"];
    assert!(task.contains("pub struct Ping"), "{task}");
    assert!(task.contains("types::PingParameters"), "{task}");
    let types = &files["generated/src/services/fixture/types.rs"];
    assert!(types.contains("pub struct PingParameters"), "{types}");
    assert!(types.contains("pub enum PingMode"), "{types}");
    // No operation refers to the shapes, so no SDK task is made of them.
    let sdk = files
        .get("generated/src/services/fixture/sdk.rs")
        .map_or("", String::as_str);
    assert!(!sdk.contains("pub struct Ping "), "{sdk}");
}

#[test]
fn own_parameter_shapes_are_checked_with_locations() {
    let clash = OWN_SHAPES.replace(
        "\"PingTarget\": {\"type\": \"string\"}",
        "\"PingTarget\": {\"type\": \"string\"}, \"CreateThingRequest\": {\"type\": \"string\"}",
    );
    let repo = repo_with_shapes(OWN_SHAPES_TASK, &clash);
    let err = generation_error(repo.path(), "a clash must fail");
    assert!(
        err.contains("models/integrations/fixture.shapes.json")
            && err.contains("/shapes/CreateThingRequest"),
        "{err}"
    );
    let dangling = OWN_SHAPES.replace("{\"shape\": \"PingMode\"}", "{\"shape\": \"NoSuchShape\"}");
    let repo = repo_with_shapes(OWN_SHAPES_TASK, &dangling);
    let err = generation_error(repo.path(), "a dangling reference must fail");
    assert!(
        err.contains("/shapes/PingParameters/members/Mode/shape") && err.contains("NoSuchShape"),
        "{err}"
    );
    let both = OWN_SHAPES_TASK.replace(
        "input = \"PingParameters\"",
        "input = \"PingParameters\"\noperation = \"CreateThing\"",
    );
    let repo = repo_with_shapes(&both, OWN_SHAPES);
    let err = generation_error(repo.path(), "operation and input together must fail");
    assert!(
        err.contains("tasks.Ping: needs exactly one of `operation`"),
        "{err}"
    );
    let missing = OWN_SHAPES_TASK.replace("input = \"PingParameters\"", "input = \"Nope\"");
    let repo = repo_with_shapes(&missing, OWN_SHAPES);
    let err = generation_error(repo.path(), "an unknown input must fail");
    assert!(err.contains("tasks.Ping.input: no structure Nope"), "{err}");
}

/// A task under another ARN service, with a condition bound to a member and
/// a grant on the state machine itself.
const BOUND_TASK: &str = r#"
service = "fixture"
doc_url = "https://example.com"

[tasks.CallOut]
service = "callout"
action = "invoke"
operation = "CreateThing"
summary = "Calls out."
patterns = ["request_response"]
default = "request_response"
source = "https://example.com"

[[tasks.CallOut.iam]]
actions = ["fixture:CreateThing"]
resources = ["arn:${Partition}:states:${Region}:${Account}:stateMachine:${Machine}"]
bind.Machine = { extract = "state_machine_name" }
condition_from = [{ operator = "StringEquals", key = "fixture:Size", pointer = "/Name" }]
doc = "r"
source = "s"
"#;

#[test]
fn tasks_may_name_their_arn_service_and_bind_conditions() {
    let repo = repo_with(BOUND_TASK);
    let generation = codegen::generate_services(repo.path(), &["fixture"]).expect("generates");
    // Compared without whitespace: the files are formatted.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let task = squeeze(&generation.files.files["generated/src/services/fixture/optimized.rs"]);
    for wanted in [
        r#"crate::runtime::Resource::integration("callout","invoke""#,
        r#"crate::runtime::bind::ConditionBinding{operator:"StringEquals",key:"fixture:Size",pointer:"/Name",}"#,
        "extract:crate::runtime::bind::Extract::StateMachineName",
    ] {
        assert!(task.contains(wanted), "{wanted} not in {task}");
    }
    // The linter's schema lists it under `callout` (checked through
    // `sfn-tasks lint` on `http:invoke` in the crate's CLI tests).
}

#[test]
fn bound_conditions_and_own_name_bindings_are_checked() {
    // The IAM data defines no `fixture:Size`; `state_machine_name` reads no
    // member, and every other extract needs one.
    let manifest = BOUND_TASK.replace(
        r#"bind.Machine = { extract = "state_machine_name" }"#,
        "bind.Machine = { pointer = \"/Name\", extract = \"state_machine_name\" }\nbind.Other = { extract = \"whole\" }",
    );
    let repo = repo_with_iam(&manifest);
    let err = generation_error(repo.path(), "bad bindings must fail");
    assert!(
        err.contains("tasks.CallOut.iam[0].condition_from[0]: `fixture:Size` is not a condition key of `fixture`"),
        "{err}"
    );
    assert!(
        err.contains("tasks.CallOut.iam[0].bind.Machine: `state_machine_name` takes no pointer"),
        "{err}"
    );
    assert!(err.contains("tasks.CallOut.iam[0].bind.Other"), "{err}");
}
