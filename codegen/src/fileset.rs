//! The generator's output as data: relative path → contents. The xtask
//! writes it or compares it with the tree; nothing is written before the
//! whole set exists, so a failed run never leaves half an output.
//!
//! Writing survives being killed at any instant: each file's new contents go
//! to a temporary file beside it (`.<name>.<pid>-<n>.regen-tmp`), and only
//! when every one of them is complete are they renamed over their targets, so
//! a file on disk is always either its old or its new contents, never empty or
//! cut short. Stale files are deleted after all renames. Temporary files a
//! killed run leaves behind are never compared or reported, and the next
//! write removes them.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Generated files plus the directories regen owns entirely.
#[derive(Debug, Default)]
pub struct FileSet {
    /// Repository-relative path (with `/`) → contents.
    pub files: BTreeMap<String, String>,
    /// Repository-relative path → contents of binary files (compressed
    /// data), compared byte for byte.
    pub binary: BTreeMap<String, Vec<u8>>,
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

/// How the temporary files of a write end; see [`is_temporary`].
pub const TEMP_SUFFIX: &str = ".regen-tmp";

/// Whether a file name is one of the temporary files [`FileSet::write`]
/// stages new contents in.
pub fn is_temporary(file_name: &str) -> bool {
    file_name.starts_with('.') && file_name.ends_with(TEMP_SUFFIX)
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl FileSet {
    /// Whether the set holds a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.binary.contains_key(path)
    }

    /// Files on disk inside the owned directories, temporary files excluded.
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
                if entry.file_type().is_file()
                    && !is_temporary(&entry.file_name().to_string_lossy())
                {
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
            match fs::read_to_string(root.join(path)) {
                Ok(have) if normalise(&have) == normalise(want) => {}
                Ok(have) => drift.push(Drift::Changed(path.clone(), short_diff(&have, want))),
                Err(_) => drift.push(Drift::Missing(path.clone())),
            }
        }
        for (path, want) in &self.binary {
            match fs::read(root.join(path)) {
                Ok(have) if have == *want => {}
                Ok(have) => drift.push(Drift::Changed(
                    path.clone(),
                    format!("binary, {} bytes -> {} bytes", have.len(), want.len()),
                )),
                Err(_) => drift.push(Drift::Missing(path.clone())),
            }
        }
        for path in self.existing_owned(root)? {
            if !self.contains(&path) {
                drift.push(Drift::Stale(path));
            }
        }
        Ok(drift)
    }

    /// Writes changed files and deletes stale ones, so that a run killed at
    /// any point leaves every file whole (old or new). Returns how many files
    /// were written and deleted.
    pub fn write(&self, root: &Path) -> Result<(usize, usize), Error> {
        // Two runs at once (two shells, an editor's watcher) would remove each
        // other's temporary files; they take turns instead.
        let _lock = lock(root)?;
        self.remove_temporaries(root)?;
        let stale: Vec<String> = self
            .existing_owned(root)?
            .into_iter()
            .filter(|p| !self.contains(p))
            .collect();

        let mut changed: Vec<(&str, &[u8])> = self
            .files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_bytes()))
            .chain(self.binary.iter().map(|(p, c)| (p.as_str(), c.as_slice())))
            .filter(|(path, contents)| {
                fs::read(root.join(path)).map_or(true, |have| have != *contents)
            })
            .collect();
        // Deeper files first and each folder's `mod.rs` after its siblings, the
        // manifest last: a run killed between two renames has at worst new
        // modules nothing declares yet, never a declaration of a missing one.
        changed.sort_by_key(|(path, _)| {
            (
                Reverse(path.matches('/').count()),
                path.ends_with("/mod.rs") || path.ends_with("Cargo.toml"),
                *path,
            )
        });

        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(changed.len());
        for (path, contents) in &changed {
            match stage(&root.join(path), contents) {
                Ok(pair) => staged.push(pair),
                Err(e) => {
                    discard(staged.iter().map(|(tmp, _)| tmp));
                    return Err(e);
                }
            }
        }
        let mut dirs = BTreeSet::new();
        for (i, (tmp, target)) in staged.iter().enumerate() {
            if let Err(source) = fs::rename(tmp, target) {
                discard(staged[i..].iter().map(|(tmp, _)| tmp));
                return Err(Error::Io {
                    path: target.clone(),
                    source,
                });
            }
            if let Some(dir) = target.parent() {
                dirs.insert(dir.to_path_buf());
            }
        }
        for dir in &dirs {
            sync_dir(dir)?;
        }
        for path in &stale {
            let abs = root.join(path);
            fs::remove_file(&abs).map_err(io_error(&abs))?;
        }
        Ok((staged.len(), stale.len()))
    }

    /// Removes the temporary files of earlier runs that were killed: in the
    /// owned directories and beside every file of the set.
    fn remove_temporaries(&self, root: &Path) -> Result<(), Error> {
        let mut dirs: BTreeSet<PathBuf> = self
            .files
            .keys()
            .chain(self.binary.keys())
            .filter_map(|p| root.join(p).parent().map(Path::to_path_buf))
            .collect();
        for dir in &self.owned_dirs {
            let abs = root.join(dir);
            for entry in walkdir::WalkDir::new(&abs).into_iter().flatten() {
                if entry.file_type().is_dir() {
                    dirs.insert(entry.into_path());
                }
            }
        }
        for dir in dirs {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                if is_temporary(&entry.file_name().to_string_lossy())
                    && entry.file_type().is_ok_and(|t| t.is_file())
                {
                    let path = entry.path();
                    fs::remove_file(&path).map_err(io_error(&path))?;
                }
            }
        }
        Ok(())
    }
}

/// Holds an exclusive lock on `root` while it lives (Unix: `flock` on the
/// directory; elsewhere, runs are not serialised).
fn lock(root: &Path) -> Result<Option<File>, Error> {
    if cfg!(unix) {
        let dir = File::open(root).map_err(io_error(root))?;
        dir.lock().map_err(io_error(root))?;
        Ok(Some(dir))
    } else {
        Ok(None)
    }
}

/// Writes `contents` to a new temporary file beside `target` and flushes it
/// to disk, so that after the rename a crash cannot expose an empty file
/// (a kill alone cannot: the page cache survives it). Returns (temporary,
/// target).
fn stage(target: &Path, contents: &[u8]) -> Result<(PathBuf, PathBuf), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}-{n}{TEMP_SUFFIX}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(source) => return Err(Error::Io { path: tmp, source }),
        }
    };
    let written = file
        .write_all(contents)
        .and_then(|()| {
            // Keep the mode of the file being replaced (a new file gets the
            // umask's, as `fs::write` gives it).
            match fs::metadata(target) {
                Ok(meta) => file.set_permissions(meta.permissions()),
                Err(_) => Ok(()),
            }
        })
        .and_then(|()| file.sync_all());
    if let Err(source) = written {
        discard([&tmp]);
        return Err(Error::Io { path: tmp, source });
    }
    Ok((tmp, target.to_path_buf()))
}

/// Makes the renames into `dir` durable (Unix; elsewhere a no-op).
fn sync_dir(dir: &Path) -> Result<(), Error> {
    if cfg!(unix) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    Ok(())
}

/// Best-effort removal of temporary files after a failure; the error that
/// caused it is the one reported.
fn discard<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) {
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// A unified diff cut to a readable length.
fn short_diff(have: &str, want: &str) -> String {
    const MAX_LINES: usize = 40;
    // A file rewritten wholesale would take minutes to diff exactly; a
    // coarser diff after the deadline still shows where it differs.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_lines(have, want)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        FileSet {
            files: files
                .iter()
                .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
                .collect(),
            owned_dirs: vec!["out".to_owned()],
            ..FileSet::default()
        }
    }

    #[test]
    fn binary_files_are_written_and_compared_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = set(&[("out/a.rs", "a\n")]);
        set.binary
            .insert("out/data.gz".into(), vec![0x1f, 0x8b, 0, 0xff]);
        assert_eq!(set.write(dir.path()).unwrap(), (2, 0));
        assert!(set.check(dir.path()).unwrap().is_empty());
        fs::write(dir.path().join("out/data.gz"), [0x1f, 0x8b, 0, 0xfe]).unwrap();
        let drift = set.check(dir.path()).unwrap();
        assert!(
            matches!(&drift[..], [Drift::Changed(p, _)] if p == "out/data.gz"),
            "{drift:?}"
        );
        // Without it in the set, the file in the owned folder is stale.
        set.binary.clear();
        let drift = set.check(dir.path()).unwrap();
        assert!(
            matches!(&drift[..], [Drift::Stale(p)] if p == "out/data.gz"),
            "{drift:?}"
        );
    }

    #[test]
    fn temporary_files_of_a_killed_run_are_ignored_then_removed() {
        let root = tempfile::tempdir().expect("scratch");
        let set = set(&[("out/a.rs", "new a\n"), ("top.toml", "new top\n")]);
        set.write(root.path()).expect("first write");
        let stray = [
            root.path().join("out/.a.rs.4242-0.regen-tmp"),
            root.path().join(".top.toml.4242-3.regen-tmp"),
        ];
        for path in &stray {
            std::fs::write(path, "half").expect("stray file");
        }
        // Another dot file is a stale file like any other.
        std::fs::write(root.path().join("out/.notes"), "x").expect("dot file");
        assert_eq!(
            set.check(root.path()).expect("check"),
            [Drift::Stale("out/.notes".to_owned())]
        );
        assert_eq!(set.write(root.path()).expect("second write"), (0, 1));
        for path in &stray {
            assert!(!path.exists(), "{} was left", path.display());
        }
        assert!(set.check(root.path()).expect("check").is_empty());
    }

    #[test]
    fn writes_replace_files_whole_and_keep_their_mode() {
        let root = tempfile::tempdir().expect("scratch");
        let target = root.path().join("out/a.rs");
        std::fs::create_dir_all(target.parent().expect("folder")).expect("mkdir");
        std::fs::write(&target, "old\n").expect("old file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let odd = std::fs::Permissions::from_mode(0o640);
            std::fs::set_permissions(&target, odd).expect("chmod");
        }
        let before = std::fs::metadata(&target).expect("meta").permissions();
        let set = set(&[("out/a.rs", "new\n"), ("out/deeper/b.rs", "b\n")]);
        assert_eq!(set.write(root.path()).expect("write"), (2, 0));
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new\n");
        assert_eq!(
            std::fs::metadata(&target).expect("meta").permissions(),
            before
        );
        assert_eq!(set.write(root.path()).expect("unchanged"), (0, 0));
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_temporary(".sdk.rs.12-0.regen-tmp"));
        assert!(!is_temporary("sdk.rs"));
        assert!(!is_temporary("x.regen-tmp"));
        assert!(!is_temporary(".gitignore"));
    }
}
