//! Reading an upstream package: a folder on disk or a wheel (zip) read in
//! memory, its version, and gzip-compressed entries.

use std::fs;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};

use super::sources::{SourcesError, relative, sha256_hex};

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
