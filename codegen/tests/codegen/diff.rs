//! `codegen::diff`: the change report between two botocore releases, on real
//! models (Lambda, SQS and Step Functions from botocore 1.29.165 and 1.44.8,
//! see `fixtures/diff/SOURCES.toml`), on the vendored models against
//! themselves, and on bad input.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use codegen::diff::{
    self, Change, ChangeKind, CrateView, DiffError, ModelSet, OptimizedTask, Report, ServiceReport,
    TaskKind, TaskStatus, Verdict,
};
use codegen::naming::NamingTable;
use codegen::registry::Registry;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen lives in the workspace")
        .to_path_buf()
}

fn registry() -> Registry {
    Registry::load(&repo_root()).expect("models/services.toml")
}

/// Loads a model set with the registry's services.
fn load(path: &Path) -> Result<ModelSet, DiffError> {
    let registry = registry();
    ModelSet::load(path, &registry.botocore_keys())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn old_dir() -> PathBuf {
    fixtures().join("botocore-1.29.165")
}

fn new_dir() -> PathBuf {
    fixtures().join("botocore-1.44.8")
}

/// The repository's naming rules, and one optimized task per service the
/// fixtures hold, so the assertions do not move when the curated
/// integrations grow.
fn view() -> CrateView {
    let naming = NamingTable::load(&repo_root().join("models")).expect("models/naming.toml");
    let mut view = CrateView::with_naming(naming);
    view.modules = registry()
        .services
        .into_iter()
        .map(|(key, s)| (key, s.module))
        .collect();
    view.optimized.insert(
        "lambda".into(),
        vec![OptimizedTask {
            name: "Invoke".into(),
            operation: "Invoke".into(),
        }],
    );
    view.optimized.insert(
        "stepfunctions".into(),
        vec![OptimizedTask {
            name: "StartExecution".into(),
            operation: "StartExecution".into(),
        }],
    );
    view
}

fn fixture_report() -> Report {
    let old = load(&old_dir()).expect("old fixtures load");
    let new = load(&new_dir()).expect("new fixtures load");
    diff::diff(&old, &new, &view()).expect("the fixtures compare")
}

fn kinds(service: &ServiceReport) -> Vec<&ChangeKind> {
    service.changes.iter().map(|c| &c.kind).collect()
}

fn operations_added(service: &ServiceReport) -> Vec<&str> {
    service
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::OperationAdded { operation } => Some(operation.as_str()),
            _ => None,
        })
        .collect()
}

fn members_added<'a>(service: &'a ServiceReport, shape: &str) -> Vec<&'a ChangeKind> {
    service
        .changes
        .iter()
        .map(|c| &c.kind)
        .filter(|k| matches!(k, ChangeKind::MemberAdded { shape: s, .. } if s == shape))
        .collect()
}

fn added(shape: &str, member: &str, ty: &str) -> ChangeKind {
    ChangeKind::MemberAdded {
        shape: shape.into(),
        member: member.into(),
        ty: ty.into(),
        required: false,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn fixtures_are_the_recorded_upstream_files() {
    let text = fs::read_to_string(fixtures().join("SOURCES.toml")).unwrap();
    let sources: toml::Table = toml::from_str(&text).unwrap();
    let releases = sources["releases"].as_array().unwrap();
    let mut checked = 0;
    for release in releases {
        for file in release["files"].as_array().unwrap() {
            let path = fixtures().join(file["path"].as_str().unwrap());
            let mut json = Vec::new();
            flate2::read::GzDecoder::new(fs::File::open(&path).unwrap())
                .read_to_end(&mut json)
                .unwrap();
            assert_eq!(
                codegen::sources::sha256_hex(&json),
                file["sha256"].as_str().unwrap(),
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 8);
}

#[test]
fn lambda_invoke_gains_exactly_two_optional_members() {
    let report = fixture_report();
    let lambda = &report.services["lambda"];
    assert_eq!(lambda.module, "lambda");
    assert_eq!(
        (
            lambda.old_api_version.as_str(),
            lambda.new_api_version.as_str()
        ),
        ("2015-03-31", "2015-03-31")
    );
    assert_eq!(
        members_added(lambda, "InvocationRequest"),
        [
            &added("InvocationRequest", "DurableExecutionName", "string"),
            &added("InvocationRequest", "TenantId", "string"),
        ]
    );
    assert!(lambda.changes.iter().all(|c| c.verdict == Verdict::Minor));
    assert_eq!(lambda.verdict, Verdict::Minor);
    assert_eq!(
        operations_added(lambda),
        [
            "CheckpointDurableExecution",
            "CreateCapacityProvider",
            "DeleteCapacityProvider",
            "DeleteDurableExecution",
            "DeleteResourcePolicy",
            "GetCapacityProvider",
            "GetDurableExecution",
            "GetDurableExecutionHistory",
            "GetDurableExecutionState",
            "GetFunctionRecursionConfig",
            "GetFunctionScalingConfig",
            "GetResourcePolicy",
            "ListCapacityProviders",
            "ListDurableExecutionsByFunction",
            "ListFunctionVersionsByCapacityProvider",
            "PauseDurableExecution",
            "PutFunctionRecursionConfig",
            "PutFunctionScalingConfig",
            "PutResourcePolicy",
            "ResumeDurableExecution",
            "SendDurableExecutionCallbackFailure",
            "SendDurableExecutionCallbackHeartbeat",
            "SendDurableExecutionCallbackSuccess",
            "StopDurableExecution",
            "UpdateCapacityProvider",
        ]
    );
    // The runtime enum grew; the values are exact.
    let runtimes: Vec<&str> = lambda
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::EnumValueAdded { shape, value } if shape == "Runtime" => {
                Some(value.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        runtimes,
        [
            "custom",
            "dotnet10",
            "dotnet8",
            "java11.al2023",
            "java17.al2023",
            "java21",
            "java25",
            "java8.al2023",
            "nodejs20.x",
            "nodejs22.x",
            "nodejs24.x",
            "nodejs26.x",
            "provided.al2023",
            "python3.11",
            "python3.12",
            "python3.13",
            "python3.14",
            "python3.15",
            "ruby3.3",
            "ruby3.4",
            "ruby4.0",
        ]
    );

    // Both Invoke tasks, optimized first, gained the same two parameters.
    let invoke: Vec<_> = lambda
        .tasks
        .iter()
        .filter(|t| t.operation == "Invoke")
        .collect();
    assert_eq!(invoke.len(), 2);
    for (task, (name, kind)) in invoke.iter().zip([
        ("lambda::Invoke", TaskKind::Optimized),
        ("lambda::sdk::Invoke", TaskKind::Sdk),
    ]) {
        assert_eq!((task.task.as_str(), task.task_kind), (name, kind));
        assert_eq!(task.status, TaskStatus::Changed);
        assert_eq!(
            task.parameters_added,
            strings(&["DurableExecutionName", "TenantId"])
        );
        assert!(task.parameters_removed.is_empty() && task.parameters_changed.is_empty());
        assert_eq!(task.verdict, Verdict::Minor);
    }
    // Nested parameters carry their path; enum growth is counted per parameter.
    let create = lambda
        .tasks
        .iter()
        .find(|t| t.task == "lambda::sdk::CreateFunction")
        .unwrap();
    assert!(
        create
            .parameters_added
            .contains(&"Code.SourceKMSKeyArn".to_owned())
    );
    assert!(
        create
            .parameters_added
            .contains(&"FileSystemConfigs[].S3FilesConfig".to_owned())
    );
    assert_eq!(
        create.parameters_changed,
        strings(&["Runtime: 21 enum values added"])
    );
    let checkpoint = lambda
        .tasks
        .iter()
        .find(|t| t.task == "lambda::sdk::CheckpointDurableExecution")
        .unwrap();
    assert_eq!(
        (checkpoint.status, checkpoint.verdict),
        (TaskStatus::Added, Verdict::Minor)
    );
}

#[test]
fn sqs_reports_the_protocol_change_as_a_note() {
    let report = fixture_report();
    let sqs = &report.services["sqs"];
    let protocol = sqs.notes.iter().find(|n| n.key == "protocol").unwrap();
    assert_eq!(protocol.old, Some(serde_json::json!("query")));
    assert_eq!(protocol.new, Some(serde_json::json!("json")));
    let keys: Vec<&str> = sqs.notes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "auth",
            "awsQueryCompatible",
            "jsonVersion",
            "protocol",
            "protocols",
            "targetPrefix",
            "xmlNamespace"
        ]
    );
    // The move to JSON changed no input type; one member and its enum are new.
    assert_eq!(
        kinds(sqs),
        [
            &ChangeKind::TypeAdded {
                shape: "MessageSystemAttributeName".into(),
                type_kind: "enum".into(),
            },
            &added(
                "ReceiveMessageRequest",
                "MessageSystemAttributeNames",
                "list of enum MessageSystemAttributeName"
            ),
        ]
    );
    assert_eq!(sqs.tasks.len(), 1);
    assert_eq!(sqs.tasks[0].task, "sqs::sdk::ReceiveMessage");
    assert_eq!(
        sqs.tasks[0].parameters_added,
        strings(&["MessageSystemAttributeNames"])
    );
    assert_eq!(sqs.verdict, Verdict::Minor);
    let markdown = report.to_markdown(2);
    assert!(
        markdown.contains("- metadata `protocol` (wire protocol): `\"query\"` → `\"json\"`"),
        "{markdown}"
    );
}

#[test]
fn step_functions_gains_three_operations_and_eight_members() {
    let report = fixture_report();
    let sfn = &report.services["stepfunctions"];
    assert_eq!(sfn.module, "sfn");
    assert_eq!(
        operations_added(sfn),
        [
            "RedriveExecution",
            "TestState",
            "ValidateStateMachineDefinition"
        ]
    );
    let members: Vec<&ChangeKind> = sfn
        .changes
        .iter()
        .map(|c| &c.kind)
        .filter(|k| matches!(k, ChangeKind::MemberAdded { .. }))
        .collect();
    let encryption = "structure EncryptionConfiguration";
    let included = "enum IncludedData";
    assert_eq!(
        members,
        [
            &added("CreateActivityInput", "encryptionConfiguration", encryption),
            &added(
                "CreateStateMachineInput",
                "encryptionConfiguration",
                encryption
            ),
            &added("DescribeExecutionInput", "includedData", included),
            &added(
                "DescribeStateMachineForExecutionInput",
                "includedData",
                included
            ),
            &added("DescribeStateMachineInput", "includedData", included),
            &added(
                "ListExecutionsInput",
                "redriveFilter",
                "enum ExecutionRedriveFilter"
            ),
            &added("StartSyncExecutionInput", "includedData", included),
            &added(
                "UpdateStateMachineInput",
                "encryptionConfiguration",
                encryption
            ),
        ]
    );
    assert!(
        sfn.changes
            .contains(&Change::from(ChangeKind::EnumValueAdded {
                shape: "ExecutionStatus".into(),
                value: "PENDING_REDRIVE".into(),
            }))
    );
    assert_eq!(
        sfn.summary.operations_removed + sfn.summary.members_removed,
        0
    );
    // StartExecution's input did not change: neither of its tasks is listed.
    assert!(!sfn.tasks.iter().any(|t| t.operation == "StartExecution"));
    let new_tasks: Vec<&str> = sfn
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Added)
        .map(|t| t.task.as_str())
        .collect();
    assert_eq!(
        new_tasks,
        [
            "sfn::sdk::RedriveExecution",
            "sfn::sdk::TestState",
            "sfn::sdk::ValidateStateMachineDefinition"
        ]
    );
    let list = sfn
        .tasks
        .iter()
        .find(|t| t.task == "sfn::sdk::ListExecutions")
        .unwrap();
    assert_eq!(list.parameters_added, strings(&["RedriveFilter"]));
    assert_eq!(
        list.parameters_changed,
        strings(&["StatusFilter: 1 enum value added"])
    );
}

#[test]
fn report_is_deterministic_and_renders_both_formats() {
    let report = fixture_report();
    assert_eq!(report.verdict, Verdict::Minor);
    assert_eq!(
        report.services.keys().collect::<Vec<_>>(),
        ["lambda", "sqs", "stepfunctions"]
    );
    let json = report.to_json();
    assert_eq!(json, fixture_report().to_json());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], 1);
    assert_eq!(value["verdict"], "minor");
    let change = &value["services"]["lambda"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["member"] == "TenantId" && c["shape"] == "InvocationRequest")
        .cloned()
        .unwrap();
    assert_eq!(
        change,
        &serde_json::json!({
            "kind": "member_added",
            "shape": "InvocationRequest",
            "member": "TenantId",
            "type": "string",
            "required": false,
            "verdict": "minor"
        })
    );

    let markdown = report.to_markdown(2);
    assert_eq!(markdown, fixture_report().to_markdown(2));
    for line in [
        "Semver verdict for `sfn-tasks`: **minor**.",
        "| sqs | 2012-11-05 | minor | +0 −0 | +1 −0 ~0 | +0 −0 | +1 −0 | 1 | 28 |",
        "### stepfunctions (`sfn`): minor",
        "- minor: operations added: `RedriveExecution`, `TestState`, `ValidateStateMachineDefinition`",
        "- minor: `InvocationRequest.TenantId` added: string, optional",
        "| `lambda::Invoke` | minor | `DurableExecutionName`, `TenantId` |  |  |",
    ] {
        assert!(
            markdown.lines().any(|l| l == line),
            "missing {line:?} in\n{markdown}"
        );
    }
}

#[test]
fn a_wheel_reads_like_a_folder_and_names_its_version() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = tmp.path().join("botocore-1.29.165-py3-none-any.whl");
    let mut zip = zip::ZipWriter::new(fs::File::create(&wheel).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for entry in walkdir::WalkDir::new(old_dir()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(old_dir()).unwrap();
            let name = format!("botocore/data/{}", rel.to_string_lossy().replace('\\', "/"));
            zip.start_file(name, options).unwrap();
            zip.write_all(&fs::read(entry.path()).unwrap()).unwrap();
        }
    }
    zip.start_file("botocore-1.29.165.dist-info/METADATA", options)
        .unwrap();
    zip.write_all(b"Metadata-Version: 2.1\nName: botocore\nVersion: 1.29.165\n\n")
        .unwrap();
    zip.finish().unwrap();

    let from_wheel = load(&wheel).unwrap();
    assert_eq!(from_wheel.version, "1.29.165");
    let new = load(&new_dir()).unwrap();
    let report = diff::diff(&from_wheel, &new, &view()).unwrap();
    assert!(report.title().starts_with("botocore 1.29.165 → "));
    assert_eq!(report.services, fixture_report().services);
}

#[test]
fn vendored_models_against_themselves_report_no_changes() {
    let root = repo_root();
    let report = diff::compare_paths(&root.join("models/botocore"), &root, &root).unwrap();
    assert_eq!(report.services.len(), registry().services.len());
    assert!(report.is_unchanged());
    assert_eq!(report.verdict, Verdict::None);
    for service in report.services.values() {
        assert!(service.changes.is_empty() && service.notes.is_empty());
        assert!(service.tasks.is_empty());
        assert_eq!(service.documentation_changes, 0);
    }
    // models/SOURCES.toml names the release of the vendored folder.
    assert_eq!(report.old.version, report.new.version);
    assert_ne!(report.old.version, "unknown");
    assert!(report.to_markdown(2).contains(&format!(
        "No changes in the models of {} services",
        registry().services.len()
    )));
}

#[test]
fn integrations_files_name_the_optimized_tasks() {
    let repo = tempfile::tempdir().unwrap();
    let models = repo.path().join("models");
    fs::create_dir_all(models.join("integrations")).unwrap();
    for file in ["naming.toml", "services.toml"] {
        fs::copy(repo_root().join("models").join(file), models.join(file)).unwrap();
    }
    // Named by module (`sfn`) or by botocore key (`lambda`).
    fs::write(
        models.join("integrations/sfn.toml"),
        "[tasks.StartExecution]\noperation = \"StartExecution\"\n",
    )
    .unwrap();
    fs::write(
        models.join("integrations/lambda.toml"),
        "[tasks.Invoke]\noperation = \"Invoke\"\n",
    )
    .unwrap();
    let view = CrateView::load(repo.path()).unwrap();
    assert_eq!(view.optimized["stepfunctions"][0].name, "StartExecution");
    assert_eq!(view.optimized["lambda"][0].operation, "Invoke");
    assert!(view.warnings.is_empty());

    fs::write(models.join("integrations/sqs.toml"), "tasks = 3\n").unwrap();
    let err = CrateView::load(repo.path()).unwrap_err().to_string();
    assert!(err.starts_with("models/integrations/sqs.toml: "), "{err}");
}

// ---------------------------------------------------------------------------
// Bad input: one clear message naming the side, the input and the place.
// ---------------------------------------------------------------------------

fn compare(old: &Path, new: &Path) -> String {
    match diff::compare_paths(old, new, &repo_root()) {
        Ok(_) => panic!("{} vs {} should fail", old.display(), new.display()),
        Err(e) => e.to_string(),
    }
}

/// A data folder with the fixture models, one of them replaced by `bytes`.
fn data_with(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    for entry in walkdir::WalkDir::new(new_dir()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(new_dir()).unwrap();
        if entry.file_type().is_dir() {
            fs::create_dir_all(dir.join(rel)).unwrap();
        } else {
            fs::copy(entry.path(), dir.join(rel)).unwrap();
        }
    }
    fs::remove_file(dir.join("stepfunctions/2016-11-23/service-2.json.gz")).unwrap();
    fs::write(dir.join(file), bytes).unwrap();
    dir.to_path_buf()
}

#[test]
fn a_folder_that_is_not_botocore_data_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("README.md"), "hello").unwrap();
    let err = compare(tmp.path(), &new_dir());
    assert!(err.starts_with("old models: "), "{err}");
    assert!(err.contains(&tmp.path().display().to_string()), "{err}");
    assert!(err.contains("not a botocore release"), "{err}");

    let missing = tmp.path().join("nope");
    let err = compare(&old_dir(), &missing);
    assert!(err.starts_with("new models: "), "{err}");
    assert!(err.contains("no such file or directory"), "{err}");
}

#[test]
fn a_typed_service_the_new_release_lacks_is_reported_as_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut lambda_only = tmp.path().join("data");
    lambda_only.push("lambda/2015-03-31");
    fs::create_dir_all(&lambda_only).unwrap();
    fs::copy(
        new_dir().join("lambda/2015-03-31/service-2.json.gz"),
        lambda_only.join("service-2.json.gz"),
    )
    .unwrap();
    let data = tmp.path().join("data");
    let report = diff::compare_paths(&old_dir(), &data, &repo_root()).unwrap();
    let removed: Vec<&str> = report
        .services_removed
        .iter()
        .map(|(key, _)| key.as_str())
        .collect();
    assert!(removed.contains(&"sqs"), "{removed:?}");
    assert!(!removed.contains(&"lambda"), "{removed:?}");
    assert!(report.services.contains_key("lambda"));
    assert_eq!(report.verdict, Verdict::Major);
    let markdown = report.to_markdown(2);
    assert!(
        markdown.contains("- major: service `sqs` removed (it had API version 2012-11-05)"),
        "{markdown}"
    );
}

#[test]
fn corrupt_json_and_gzip_are_named_with_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = data_with(
        &tmp.path().join("json"),
        "stepfunctions/2016-11-23/service-2.json",
        b"{\"metadata\": {",
    );
    let err = compare(&old_dir(), &dir);
    assert!(err.starts_with("new models: "), "{err}");
    assert!(
        err.contains("stepfunctions/2016-11-23/service-2.json"),
        "{err}"
    );
    assert!(err.contains("invalid JSON"), "{err}");

    let dir = data_with(
        &tmp.path().join("gzip"),
        "stepfunctions/2016-11-23/service-2.json.gz",
        b"not gzip at all",
    );
    let err = compare(&dir, &new_dir());
    assert!(err.starts_with("old models: "), "{err}");
    assert!(err.contains("service-2.json.gz"), "{err}");
    assert!(err.contains("corrupt gzip"), "{err}");
}

#[test]
fn a_model_with_a_dangling_shape_reference_is_named_with_its_pointer() {
    let tmp = tempfile::tempdir().unwrap();
    let model = r#"{
  "metadata": {"apiVersion": "2016-11-23", "endpointPrefix": "states", "protocol": "json",
               "serviceFullName": "AWS Step Functions"},
  "operations": {"StartExecution": {"name": "StartExecution", "input": {"shape": "StartExecutionInput"}}},
  "shapes": {"StartExecutionInput": {"type": "structure", "members": {"name": {"shape": "Nowhere"}}}}
}"#;
    let dir = data_with(
        &tmp.path().join("dangling"),
        "stepfunctions/2016-11-23/service-2.json",
        model.as_bytes(),
    );
    let err = compare(&old_dir(), &dir);
    assert!(err.starts_with("new models: "), "{err}");
    assert!(
        err.contains("stepfunctions/2016-11-23/service-2.json"),
        "{err}"
    );
    assert!(
        err.contains("/shapes/StartExecutionInput/members/name/shape: unknown shape `Nowhere`"),
        "{err}"
    );
}

#[test]
fn a_wheel_that_is_not_a_zip_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = tmp.path().join("botocore-9.9.9-py3-none-any.whl");
    fs::write(&wheel, "this is not a zip archive").unwrap();
    let err = compare(&wheel, &new_dir());
    assert!(err.starts_with("old models: "), "{err}");
    assert!(err.contains(&wheel.display().to_string()), "{err}");
    assert!(err.contains("not a readable wheel"), "{err}");
}

#[test]
fn a_typed_service_the_old_release_lacks_is_reported_as_added() {
    // The registry gained SQS since the last update, or the old release
    // predates it: either way a new module, a minor change.
    let mut old = load(&old_dir()).unwrap();
    old.services.remove("sqs");
    let new = load(&new_dir()).unwrap();
    let report = diff::diff(&old, &new, &view()).unwrap();
    assert_eq!(
        report.services_added,
        [("sqs".to_owned(), "2012-11-05".to_owned())]
    );
    assert!(report.services_removed.is_empty());
    assert!(!report.services.contains_key("sqs"));
    assert!(report.verdict >= Verdict::Minor);
    assert!(!report.is_unchanged());
    let markdown = report.to_markdown(2);
    assert!(
        markdown.contains("- minor: service `sqs` added (API version 2012-11-05)"),
        "{markdown}"
    );
}

#[test]
fn untyped_services_get_a_summary_of_their_operations() {
    // EventBridge Pipes is not typed: its real 1.29.165 → 1.44.8 change is
    // summarised (no operation came or went; the inputs that changed, such
    // as CreatePipe's new `LogConfiguration`, are named).
    let report = fixture_report();
    assert!(!report.services.contains_key("pipes"));
    let pipes = &report.catalog["pipes"];
    assert_eq!(pipes.old_api_version.as_deref(), Some("2015-10-07"));
    assert!(pipes.operations_added.is_empty() && pipes.operations_removed.is_empty());
    for op in ["CreatePipe", "UpdatePipe"] {
        assert!(
            pipes.inputs_changed.iter().any(|o| o == op),
            "{:?}",
            pipes.inputs_changed
        );
    }
    // AWS also dropped the `^…$` anchors of the pipe ARN's pattern, which
    // every operation's input uses: all ten changed.
    assert_eq!(pipes.inputs_changed.len(), 10, "{:?}", pipes.inputs_changed);
    let markdown = report.to_markdown(2);
    assert!(
        markdown.contains("Other services (1 changed; checked from their compact models)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| pipes | 2015-10-07 |  |  | `CreatePipe`"),
        "{markdown}"
    );
    assert!(report.to_json().contains("\"catalog\""));
}

#[test]
fn an_untyped_service_that_comes_or_goes_is_a_minor_change() {
    let old = load(&old_dir()).unwrap();
    let mut new = load(&new_dir()).unwrap();
    new.others.remove("pipes");
    let report = diff::diff(&old, &new, &view()).unwrap();
    let pipes = &report.catalog["pipes"];
    assert_eq!(pipes.new_api_version, None);
    assert!(pipes.operations_removed.iter().any(|o| o == "CreatePipe"));
    assert!(
        report
            .to_markdown(2)
            .contains("| pipes | dropped: 2015-10-07 |")
    );
    let reversed = diff::diff(&new, &old, &view()).unwrap();
    assert!(
        reversed.catalog["pipes"]
            .operations_added
            .iter()
            .any(|o| o == "CreatePipe")
    );
    assert!(reversed.verdict >= Verdict::Minor);
}

/// A change to a generated type that a hand-written helper imports is
/// marked with the helper's file: here `ResourceConfig.VolumeSizeInGB`
/// becoming required, which `helpers/sagemaker.rs`'s `ResourceConfig::new()`
/// call would no longer match.
#[test]
fn changes_to_types_the_helpers_use_name_the_helper() {
    let root = repo_root();
    let uses = diff::helper_uses(&root).unwrap();
    assert!(
        uses.iter()
            .any(|u| u.file == "generated/src/helpers/sagemaker.rs"
                && u.module == "sagemaker"
                && u.type_name == "ResourceConfig"),
        "{uses:?}"
    );
    let old_models = root.join("models/botocore");
    let version_dir = fs::read_dir(old_models.join("sagemaker"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = fs::read_to_string(version_dir.join("service-2.json")).unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&text).unwrap();
    model["shapes"]["ResourceConfig"]["required"] = serde_json::json!(["VolumeSizeInGB"]);
    let new_models = tempfile::tempdir().unwrap();
    let target = new_models
        .path()
        .join("sagemaker")
        .join(version_dir.file_name().unwrap());
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("service-2.json"), model.to_string()).unwrap();

    let services = ["sagemaker"];
    let old = ModelSet::load(&old_models, &services).unwrap();
    let new = ModelSet::load(new_models.path(), &services).unwrap();
    let report = diff::diff(&old, &new, &CrateView::load(&root).unwrap()).unwrap();
    assert_eq!(report.helpers.len(), 1, "{:#?}", report.helpers);
    let impact = &report.helpers[0];
    assert_eq!(impact.file, "generated/src/helpers/sagemaker.rs");
    assert_eq!(impact.type_name, "sagemaker::types::ResourceConfig");
    assert_eq!(impact.shape, "ResourceConfig");
    assert_eq!(impact.changes, ["member VolumeSizeInGB is required now"]);
    let markdown = report.to_markdown(2);
    assert!(
        markdown.contains("Hand-written helpers touched"),
        "{markdown}"
    );
    assert!(
        markdown.contains("`generated/src/helpers/sagemaker.rs` (line "),
        "{markdown}"
    );
    assert!(report.to_json().contains("\"helpers\""));
    // Without the change nothing is marked.
    let same = diff::diff(&old, &old, &CrateView::load(&root).unwrap()).unwrap();
    assert!(same.helpers.is_empty());
}
