//! The generator on a small fixture model that has every shape kind and the
//! naming obstacles: recursion, unions, enums, maps of structures, blobs,
//! timestamps, documents, keywords and acronyms; and the checks on curated
//! SDK data, on a scratch copy of the real models.

use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repo")
}

fn generate_fixture() -> codegen::Generation {
    match codegen::generate_services(&fixture_root(), &["fixture"]) {
        Ok(generation) => generation,
        Err(e) => panic!("fixture generation failed: {e}"),
    }
}

#[test]
fn fixture_types_snapshot() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    insta::assert_snapshot!("fixture_types", types);
    let module = &generation.files.files["generated/src/services/fixture/mod.rs"];
    insta::assert_snapshot!("fixture_mod", module);
    let services = &generation.files.files["generated/src/services/mod.rs"];
    insta::assert_snapshot!("services_mod", services);
}

#[test]
fn only_shapes_reachable_from_inputs_become_types() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    assert!(types.contains("pub struct NodeConfig"));
    assert!(
        !types.contains("pub struct Unused"),
        "Unused is not reachable from any input"
    );
    assert_eq!(generation.stats[0].operations, 2);
    // CreateThingRequest, NodeConfig, TreeNode, AttrValue, ThingType.
    assert_eq!(generation.stats[0].types, 5);
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    // A direct self-reference needs a box; a list of itself does not.
    assert!(types.contains("pub parent: ::std::option::Option<\n        crate::runtime::Field<::std::boxed::Box<TreeNode>>,"), "{types}");
    assert!(types.contains("::std::vec::Vec<TreeNode>"));
    // A union recursing through a map or list needs no box.
    assert!(!types.contains("Box<AttrValue>"));
}

#[test]
fn every_file_has_the_generated_header_and_output_is_deterministic() {
    let first = generate_fixture();
    let second = generate_fixture();
    assert_eq!(first.files.files, second.files.files);
    for (path, text) in &first.files.files {
        if path.ends_with(".rs") {
            assert!(
                text.starts_with(codegen::render::HEADER),
                "{path} lacks the header"
            );
        }
    }
}

#[test]
fn manifest_region_lists_features() {
    let generation = generate_fixture();
    let manifest = &generation.files.files["generated/Cargo.toml"];
    assert!(
        manifest.contains(
            "fixture = []\nsdk-fixture = [\"fixture\"]\noptimized-services = []\nfull = [\"sdk-fixture\"]\n# @end generated region"
        ),
        "{manifest}"
    );
    assert!(manifest.starts_with("[package]\nname = \"fixture\""));
}

/// The real models and templates in a scratch folder, with `models/sdk.toml`
/// edited by `edit`.
fn workspace_with_sdk_data(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("temp dir");
    for top in ["models", "templates"] {
        for entry in walkdir::WalkDir::new(real.join(top)) {
            let entry = entry.expect("readable");
            let rel = entry.path().strip_prefix(&real).expect("inside");
            let target = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let generated = dir.path().join("generated");
    std::fs::create_dir_all(&generated).expect("mkdir");
    std::fs::copy(
        real.join("generated/Cargo.toml"),
        generated.join("Cargo.toml"),
    )
    .expect("copy");
    let sdk = dir.path().join("models/sdk.toml");
    let text = std::fs::read_to_string(&sdk).expect("sdk.toml");
    std::fs::write(&sdk, edit(text)).expect("write");
    dir
}

#[test]
fn tag_on_create_data_is_checked_against_the_model_and_the_iam_data() {
    let cases = [
        (
            "RunTask = \"task\"",
            "RunTask = \"no-such-type\"",
            "tag_on_create[0].operations.RunTask: `ecs:TagResource` has no resource type `no-such-type`",
        ),
        (
            "RunTask = \"task\"",
            "RunTasks = \"task\"",
            "tag_on_create[0].operations.RunTasks: not an operation of the ecs model",
        ),
        (
            "create_action_key = \"ecs:CreateAction\"",
            "create_action_key = \"ecs:MadeUp\"",
            "`ecs:TagResource` does not support the condition key `ecs:MadeUp`",
        ),
    ];
    for (from, to, expected) in cases {
        let dir = workspace_with_sdk_data(|t| t.replacen(from, to, 1));
        let err = match codegen::generate_services(dir.path(), &["ecs"]) {
            Ok(_) => panic!("{to}: generation succeeded"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("models/sdk.toml"), "{err}");
        assert!(err.contains(expected), "{to}: {err}");
    }
    // The unedited data generates.
    let dir = workspace_with_sdk_data(|t| t);
    assert!(codegen::generate_services(dir.path(), &["ecs"]).is_ok());
}

/// `models/sdk.toml`'s pass-role, binding and qualifier data is checked
/// against the models: each mistake is one located message, never a panic
/// and never silently ignored.
#[test]
fn pass_role_and_binding_data_is_checked_against_the_models() {
    let cases: [(&str, &str, &str, &str); 8] = [
        (
            "ecs",
            "members = [\"taskRoleArn\", \"executionRoleArn\"]",
            "members = [\"taskRoleArn\", \"executionRoleArns\"]",
            "role_members[0].members[1]: `executionRoleArns` matches no string member of a ecs input",
        ),
        (
            "ecs",
            "[passed_to.ecs]",
            "[passed_to.ecs_elsewhere]",
            "passed_to.ecs_elsewhere: not a service of models/services.toml",
        ),
        (
            "emr",
            "operations = [\"GetClusterSessionCredentials\",",
            "operations = [\"GetClusterSessionCredential\",",
            "not_passed[3].operations: `GetClusterSessionCredential` is not an operation of the emr model",
        ),
        (
            "dynamodb",
            "pointer = \"/TransactItems/*/*/TableName\"",
            "pointer = \"/TransactItems/*/*/Table\"",
            "bindings[6].pointer `/TransactItems/*/*/Table` in dynamodb TransactWriteItems:",
        ),
        (
            "dynamodb",
            "pointer = \"/TransactItems/*/*/TableName\"",
            "pointer = \"/TransactItems/*/*/Key\"",
            "reaches Map, `arn-or-name` needs String",
        ),
        (
            "lambda",
            "member = \"Qualifier\"",
            "member = \"Version\"",
            "qualified[0] (Invoke): `Version` is not a string member of the input",
        ),
        (
            "sns",
            "member = \"Attributes\"",
            "member = \"Name\"",
            "role_keys[0].member: `Name` is not a map member of sns CreateTopic",
        ),
        (
            "ecs",
            "passed_to = [\"ecs-tasks.amazonaws.com\"]",
            "passed_to = [\"ecs-tasks.amazonaws.com\"]\ncolour = \"blue\"",
            "unknown field `colour`",
        ),
    ];
    for (service, from, to, expected) in cases {
        let dir = workspace_with_sdk_data(|t| {
            assert!(t.contains(from), "models/sdk.toml no longer has {from}");
            t.replacen(from, to, 1)
        });
        let err = match codegen::generate_services(dir.path(), &[service]) {
            Ok(_) => panic!("{to}: generation succeeded"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("models/sdk.toml"), "{err}");
        assert!(err.contains(expected), "{to}: {err}");
    }
    // A role member whose service has no principal is an error too.
    let dir = workspace_with_sdk_data(|t| {
        let start = t.find("[passed_to.lambda]").expect("passed_to.lambda");
        let end = t[start..].find("\n\n").map_or(t.len(), |e| start + e);
        format!("{}{}", &t[..start], &t[end..])
    });
    let err = codegen::generate_services(dir.path(), &["lambda"])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("passed_to.lambda: missing; lambda ")
            && err.contains("hands a role over at `/"),
        "{err}"
    );
}
