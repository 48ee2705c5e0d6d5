//! Where the external tools live, whether they are installed, and where the
//! harness may write scratch files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Opt-out for quick local loops. CI never sets it.
pub const SKIP_ENV: &str = "SFN_TASKS_SKIP_EXTERNAL";

/// The repository root: the parent of this crate's manifest directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives one level below the repository root")
        .to_path_buf()
}

pub fn tools_dir() -> PathBuf {
    repo_root().join(".tools")
}

pub fn venv_bin(program: &str) -> PathBuf {
    tools_dir().join("venv").join("bin").join(program)
}

pub fn node_modules() -> PathBuf {
    tools_dir().join("node").join("node_modules")
}

/// True when the user asked to skip the external checks; prints a banner so a
/// skipped run is never mistaken for a passing one.
pub fn skip_external(test: &str) -> bool {
    let skip = std::env::var(SKIP_ENV).is_ok_and(|v| v == "1");
    if skip {
        // Straight to the stderr handle: libtest captures `eprintln!` of
        // passing tests, and this must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!! {SKIP_ENV}=1: external check `{test}` was SKIPPED, nothing was verified !!!!!!!!\n"
        );
    }
    skip
}

/// Which tool a check needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// `.tools/venv`: cfn-lint, moto, boto3.
    Python,
    /// `.tools/node`: asl-validator.
    Node,
}

/// Panics with the fix when a tool is missing or was installed from other pins
/// than the ones in `tools/` (a stale install would test against the wrong version).
pub fn require(tool: Tool) {
    let root = repo_root();
    let (present, stamp, pins) = match tool {
        Tool::Python => (
            venv_bin("python"),
            tools_dir().join("venv/.installed-requirements.txt"),
            root.join("tools/requirements.txt"),
        ),
        Tool::Node => (
            node_modules().join("asl-validator/package.json"),
            tools_dir().join("node/.installed-package-lock.json"),
            root.join("tools/package-lock.json"),
        ),
    };
    let hint = format!(
        "run `tools/install` from the repository root (or set {SKIP_ENV}=1 to skip external checks locally)"
    );
    if !present.exists() {
        panic!(
            "external tool missing: {} not found; {hint}",
            present.display()
        );
    }
    let installed = std::fs::read(&stamp).unwrap_or_default();
    let wanted =
        std::fs::read(&pins).unwrap_or_else(|e| panic!("cannot read {}: {e}", pins.display()));
    if installed != wanted {
        panic!(
            "external tools in {} are stale (installed from other pins than {}); {hint}",
            stamp.parent().unwrap().display(),
            pins.display()
        );
    }
}

/// A fresh directory under cargo's target dir for one check's files; kept after
/// the run so a failure can be reproduced by hand.
pub fn scratch_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("external");
    if n == 0 {
        remove_stale(&base);
    }
    // The process id keeps concurrent test binaries apart.
    let dir = base.join(format!("{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Removes scratch directories of earlier runs (older than an hour, so that
/// a test binary running at the same time keeps its files).
fn remove_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A file name made from free text (state machine names, sample labels).
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
