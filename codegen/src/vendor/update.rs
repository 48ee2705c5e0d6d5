//! What every updater shares: the summary it reports, and swapping its new
//! folder under `models/` in together with `models/SOURCES.toml`.
//!
//! `models/botocore` and the generated `*.json` files of `models/iam` are
//! owned by the updaters ([`update_models`](super::models_update::update_models),
//! [`update_iam`](super::iam_update::update_iam)): they are replaced as a
//! whole, never edited in place, so that a failed update leaves the previous
//! tree untouched.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::sources::{SOURCES_FILE, Sources, SourcesError};

/// What an update changed, for the xtask to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSummary {
    pub package: String,
    pub version: String,
    /// Set when the version could not be determined, or other caveats.
    pub note: Option<String>,
    /// One entry per service (or IAM prefix), in the registry's order.
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
