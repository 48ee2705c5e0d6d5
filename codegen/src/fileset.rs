//! The generator's output as data: relative path → contents. The xtask
//! writes it or compares it with the tree; nothing is written before the
//! whole set exists, so a failed run never leaves half an output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Generated files plus the directories regen owns entirely.
#[derive(Debug, Default)]
pub struct FileSet {
    /// Repository-relative path (with `/`) → contents.
    pub files: BTreeMap<String, String>,
    /// Repository-relative directories in which every file is generated;
    /// files there that are not in `files` are stale and get deleted.
    pub owned_dirs: Vec<String>,
}

/// One difference between the file set and the tree.
#[derive(Debug, PartialEq, Eq)]
pub enum Drift {
    /// The file should exist but does not.
    Missing(String),
    /// The file exists but is no longer generated.
    Stale(String),
    /// The contents differ; carries a short unified diff.
    Changed(String, String),
}

impl FileSet {
    /// Files on disk inside the owned directories.
    fn existing_owned(&self, root: &Path) -> Result<BTreeSet<String>, Error> {
        let mut found = BTreeSet::new();
        for dir in &self.owned_dirs {
            let abs = root.join(dir);
            if !abs.exists() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&abs).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Io {
                    path: abs.clone(),
                    source: e.into(),
                })?;
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(entry.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    found.insert(rel);
                }
            }
        }
        Ok(found)
    }

    /// Compares with the tree under `root`.
    pub fn check(&self, root: &Path) -> Result<Vec<Drift>, Error> {
        let mut drift = Vec::new();
        for (path, want) in &self.files {
            match std::fs::read_to_string(root.join(path)) {
                Ok(have) if normalise(&have) == normalise(want) => {}
                Ok(have) => drift.push(Drift::Changed(path.clone(), short_diff(&have, want))),
                Err(_) => drift.push(Drift::Missing(path.clone())),
            }
        }
        for path in self.existing_owned(root)? {
            if !self.files.contains_key(&path) {
                drift.push(Drift::Stale(path));
            }
        }
        Ok(drift)
    }

    /// Writes changed files and deletes stale ones. Returns how many files
    /// were written and deleted.
    pub fn write(&self, root: &Path) -> Result<(usize, usize), Error> {
        let stale: Vec<String> = self
            .existing_owned(root)?
            .into_iter()
            .filter(|p| !self.files.contains_key(p))
            .collect();
        let mut written = 0;
        for (path, contents) in &self.files {
            let abs: PathBuf = root.join(path);
            if std::fs::read_to_string(&abs).is_ok_and(|have| &have == contents) {
                continue;
            }
            if let Some(parent) = abs.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(&abs, contents).map_err(|source| Error::Io {
                path: abs.clone(),
                source,
            })?;
            written += 1;
        }
        for path in &stale {
            let abs = root.join(path);
            std::fs::remove_file(&abs).map_err(|source| Error::Io { path: abs, source })?;
        }
        Ok((written, stale.len()))
    }
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// A unified diff cut to a readable length.
fn short_diff(have: &str, want: &str) -> String {
    const MAX_LINES: usize = 40;
    let diff = similar::TextDiff::from_lines(have, want)
        .unified_diff()
        .context_radius(2)
        .header("on disk", "generated")
        .to_string();
    let total = diff.lines().count();
    let mut out: String = diff
        .lines()
        .take(MAX_LINES)
        .map(|l| format!("{l}\n"))
        .collect();
    if total > MAX_LINES {
        out.push_str(&format!("... {} more diff lines\n", total - MAX_LINES));
    }
    out
}
