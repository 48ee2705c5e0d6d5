//! `cargo xtask regen` as users run it: the committed output is current, and
//! a broken model fails with one clear message and writes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

/// The drift check, mirrored as a test so `cargo test` catches stale output.
#[test]
fn committed_output_is_current() {
    let out = xtask(&["regen", "--check"]);
    assert!(
        out.status.success(),
        "regen --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copies the fixture workspace to a scratch folder.
fn scratch(name: &str) -> PathBuf {
    let src = workspace().join("codegen/tests/fixtures/repo");
    let dst = workspace().join("target/xtask-tests").join(name);
    let _ = std::fs::remove_dir_all(&dst);
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("fixture is readable");
        let rel = entry.path().strip_prefix(&src).expect("inside fixture");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    dst
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("generated")).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            files.push((
                entry.path().to_path_buf(),
                std::fs::read(entry.path()).expect("read"),
            ));
        }
    }
    files
}

const MODEL: &str = "models/botocore/fixture/2020-01-01/service-2.json";

/// Runs regen on a scratch copy whose model was edited by `break_model`;
/// returns stderr after checking the run failed and changed nothing.
fn broken_regen(name: &str, break_model: impl FnOnce(String) -> String) -> String {
    let root = scratch(name);
    // A first good run, so there is output that must survive the bad one.
    let ok = xtask(&["--root", root.to_str().expect("utf-8 path"), "regen"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = snapshot(&root);
    let model = root.join(MODEL);
    let text = std::fs::read_to_string(&model).expect("model");
    std::fs::write(&model, break_model(text)).expect("write model");
    let out = xtask(&["--root", root.to_str().expect("utf-8 path"), "regen"]);
    assert!(!out.status.success(), "regen must fail on a broken model");
    assert_eq!(
        before,
        snapshot(&root),
        "a failed regen must not write anything"
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn broken_json_names_file_and_position() {
    let err = broken_regen("broken-json", |t| {
        t.replacen("\"shapes\": {", "\"shapes\": {,", 1)
    });
    assert!(err.contains(MODEL), "{err}");
    assert!(err.contains("line 24 column 14"), "{err}");
}

#[test]
fn unknown_shape_reference_names_the_pointer() {
    let err = broken_regen("unknown-shape", |t| {
        t.replacen(
            "\"Tags\": {\"shape\": \"TagMap\"}",
            "\"Tags\": {\"shape\": \"NoSuchShape\"}",
            1,
        )
    });
    assert!(
        err.contains(&format!(
            "{MODEL}: /shapes/CreateThingRequest/members/Tags/shape: unknown shape `NoSuchShape`"
        )),
        "{err}"
    );
}

#[test]
fn member_without_target_names_the_pointer() {
    let err = broken_regen("no-target", |t| {
        t.replacen("\"Count\": {\"shape\": \"Integer\"}}", "\"Count\": {}}", 1)
    });
    assert!(
        err.contains(&format!(
            "{MODEL}: /shapes/NodeConfig/members/Count: missing field `shape`"
        )),
        "{err}"
    );
}

#[test]
fn unknown_shape_type_is_rejected() {
    let err = broken_regen("bad-type", |t| {
        t.replacen(
            "\"Float\": {\"type\": \"float\"}",
            "\"Float\": {\"type\": \"decimal\"}",
            1,
        )
    });
    assert!(
        err.contains(&format!(
            "{MODEL}: /shapes/Float/type: unknown shape type `decimal`"
        )),
        "{err}"
    );
}
