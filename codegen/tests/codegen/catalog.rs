//! The catalog of every botocore service: the naming rules against AWS's
//! own table of SDK service names, every operation's compact model and IAM
//! mapping over the vendored models, and located errors for bad input.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use codegen::catalog::Catalog;
use codegen::catalog::names::{IamNaming, sdk_name};
use codegen::registry::Registry;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn iam_prefixes(root: &Path) -> BTreeSet<String> {
    fs::read_dir(root.join("models/iam"))
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect()
}

fn real_catalog() -> Catalog {
    let root = repo_root();
    let registry = Registry::load(&root).unwrap();
    Catalog::load(&root, &registry, &iam_prefixes(&root)).unwrap()
}

/// `(sdk_name, status)` rows of AWS's table.
fn documented() -> Vec<(String, String)> {
    let text =
        fs::read_to_string(repo_root().join("codegen/tests/data/sfn-sdk-services.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[1].to_owned(), cols[2].to_owned())
        })
        .collect()
}

/// The documented names no botocore 1.44.8 model has: services AWS has
/// since retired (their models left botocore), and two deprecated ones.
const RETIRED: &[&str] = &[
    "apptest",
    "elasticinference",
    "elastictranscoder",
    "evidently",
    "finspace",
    "finspacedata",
    "honeycode",
    "iotanalytics",
    "iotevents",
    "ioteventsdata",
    "iotfleethub",
    "lookoutmetrics",
    "lookoutvision",
    "macie",
    "mobile",
    "opsworks",
    "opsworkscm",
    "panorama",
    "privatenetworks",
    "qldb",
    "qldbsession",
    "robomaker",
    "simspaceweaver",
    "sms",
    "tnb",
];

#[test]
fn the_sdk_name_rule_reproduces_aws_table() {
    let rows = documented();
    assert!(rows.len() >= 390, "the table has {} rows", rows.len());
    let catalog = real_catalog();
    let ours: BTreeSet<&str> = catalog
        .services
        .values()
        .map(|(e, _)| e.sdk_name.as_str())
        .collect();
    let mut reproduced = 0;
    let mut missing = BTreeSet::new();
    for (name, _) in rows.iter().filter(|(n, _)| n != "-") {
        if ours.contains(name.as_str()) {
            reproduced += 1;
        } else {
            missing.insert(name.as_str());
        }
    }
    let retired: BTreeSet<&str> = RETIRED.iter().copied().collect();
    assert_eq!(
        missing, retired,
        "documented names the rule does not produce"
    );
    assert!(reproduced >= 366, "{reproduced} reproduced");
    println!(
        "{reproduced} of {} documented names reproduced; {} retired",
        rows.len(),
        missing.len()
    );
}

#[test]
fn sdk_names_follow_the_rule_for_awkward_service_ids() {
    assert_eq!(sdk_name("Database Migration Service"), "databasemigration");
    assert_eq!(sdk_name("Directory Service Data"), "directoryservicedata");
    assert_eq!(sdk_name("Config Service"), "config");
    assert_eq!(sdk_name("CloudWatch Logs"), "cloudwatchlogs");
    assert_eq!(sdk_name("EventBridge"), "eventbridge");
}

#[test]
fn every_service_is_named_and_the_issue_examples_hold() {
    let catalog = real_catalog();
    assert!(catalog.services.len() >= 440, "{}", catalog.services.len());
    let by_sdk: BTreeMap<&str, (&str, &IamNaming)> = catalog
        .services
        .values()
        .map(|(e, _)| (e.sdk_name.as_str(), (e.key.as_str(), &e.iam)))
        .collect();
    for (sdk, botocore, prefix) in [
        ("s3", "s3", "s3"),
        ("eventbridge", "events", "events"),
        ("cloudwatchlogs", "logs", "logs"),
        ("bedrockagent", "bedrock-agent", "bedrock"),
        ("bedrockagentruntime", "bedrock-agent-runtime", "bedrock"),
        ("redshiftdata", "redshift-data", "redshift-data"),
        ("emrserverless", "emr-serverless", "emr-serverless"),
        ("sfn", "stepfunctions", "states"),
        ("emr", "emr", "elasticmapreduce"),
        ("mwaa", "mwaa", "airflow"),
        ("efs", "efs", "elasticfilesystem"),
        ("elasticloadbalancingv2", "elbv2", "elasticloadbalancing"),
        (
            "resourcegroupstaggingapi",
            "resourcegroupstaggingapi",
            "tag",
        ),
    ] {
        let (key, iam) = by_sdk
            .get(sdk)
            .unwrap_or_else(|| panic!("no service {sdk}"));
        assert_eq!(*key, botocore, "{sdk}");
        assert_eq!(**iam, IamNaming::Prefix(prefix.to_owned()), "{sdk}");
    }
    assert_eq!(*by_sdk["connectparticipant"].1, IamNaming::NoIam);
}

/// The error prefixes the registry records for the typed services (each
/// with its AWS source) are the ones the Java v2 naming rule derives from
/// the models, so the rule can name every other service's errors.
#[test]
fn the_error_prefix_rule_reproduces_the_registry() {
    let root = repo_root();
    let registry = Registry::load(&root).unwrap();
    let catalog = real_catalog();
    let mut compared = 0;
    for (key, service) in &registry.services {
        let (entry, _) = &catalog.services[key];
        assert_eq!(entry.error_prefix, service.error_prefix, "{key}");
        compared += 1;
    }
    assert!(compared >= 41, "{compared} typed services");
    let by_key = |key: &str| catalog.services[key].0.error_prefix.clone();
    assert_eq!(by_key("ec2"), "Ec2");
    assert_eq!(by_key("redshift-data"), "RedshiftData");
}

/// Every operation of every model has its compact model, and its IAM is
/// mapped: the action exists in the IAM data, or an exception says why not.
#[test]
fn every_operation_has_its_compact_model_and_iam() {
    let root = repo_root();
    let generation = codegen::generate(&root).unwrap();
    let stats = generation
        .catalog
        .expect("the real tree has IAM and SDK data");
    let catalog = real_catalog();
    let expected: usize = catalog
        .services
        .values()
        .map(|(_, m)| m.operations.len())
        .sum();
    assert_eq!(stats.figures.operations, expected);
    assert_eq!(stats.services, catalog.services.len());
    assert_eq!(generation.files.binary.len(), catalog.services.len());
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut decoded_operations = 0;
    for (path, bytes) in &generation.files.binary {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], 1, "{path}");
        let shapes = value["shapes"].as_array().unwrap().len();
        for op in value["operations"].as_array().unwrap() {
            decoded_operations += 1;
            if let Some(i) = op["input"].as_u64() {
                assert!((i as usize) < shapes, "{path}: {op}");
            }
            *statuses
                .entry(op["iam"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    assert_eq!(decoded_operations, expected);
    let keys: BTreeSet<&str> = statuses.keys().map(String::as_str).collect();
    assert!(
        keys.is_subset(&BTreeSet::from(["checked", "unchecked", "none", "no-data"])),
        "{keys:?}"
    );
    assert!(statuses["checked"] > 18_000, "{statuses:?}");
    assert_eq!(statuses["unchecked"], stats.figures.unchecked);
    println!(
        "{} services, {expected} operations, {} compressed bytes: {statuses:?}",
        stats.services, stats.bytes
    );
}

// ---------------------------------------------------------------------------
// Bad input: one located message, nothing else needed to find it

/// A scratch tree with an empty registry and the given models.
fn scratch(models: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("models/iam")).unwrap();
    // No typed services and no naming exceptions: only the rules.
    fs::write(root.join("models/services.toml"), "[services]\n").unwrap();
    for (service, text) in models {
        let d = root.join(format!("models/botocore/{service}/2020-01-01"));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("service-2.json"), text).unwrap();
    }
    dir
}

fn model(service_id: &str, signing: &str) -> String {
    format!(
        r#"{{"metadata": {{"apiVersion": "2020-01-01", "serviceFullName": "X", "serviceId": "{service_id}",
            "endpointPrefix": "{signing}", "signingName": "{signing}", "protocol": "json"}},
          "operations": {{}}, "shapes": {{}}}}"#
    )
}

fn load_error(dir: &Path, prefixes: &[&str]) -> String {
    let registry = Registry::load(dir).unwrap();
    let known: BTreeSet<String> = prefixes.iter().map(|p| p.to_string()).collect();
    match Catalog::load(dir, &registry, &known) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_malformed_model_is_named_with_its_pointer() {
    let dir = scratch(&[(
        "alpha",
        r#"{"metadata": {"apiVersion": 1}, "operations": {}, "shapes": {}}"#,
    )]);
    let message = load_error(dir.path(), &["alpha"]);
    assert!(
        message.contains("models/botocore/alpha/2020-01-01/service-2.json"),
        "{message}"
    );
    assert!(message.contains("/metadata"), "{message}");
}

#[test]
fn a_service_without_an_iam_prefix_is_named() {
    let dir = scratch(&[("gamma", &model("Gamma", "gamma-signing"))]);
    let message = load_error(dir.path(), &["other"]);
    assert!(
        message.contains("models/botocore/gamma/2020-01-01/service-2.json"),
        "{message}"
    );
    assert!(message.contains("/metadata/signingName"), "{message}");
    assert!(message.contains("[names.gamma]"), "{message}");
    assert!(load_error(dir.path(), &["gamma-signing"]).is_empty());
}

#[test]
fn two_services_with_one_sdk_name_are_named() {
    let dir = scratch(&[
        ("delta-one", &model("Delta One", "delta")),
        ("deltaone", &model("DeltaOne", "delta")),
    ]);
    let message = load_error(dir.path(), &["delta"]);
    assert!(message.contains("SDK name `deltaone`"), "{message}");
    assert!(message.contains("duplicate_of"), "{message}");
}
