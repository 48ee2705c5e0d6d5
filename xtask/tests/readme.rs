//! The README's example outputs are what the example really prints.

use std::path::Path;
use std::process::Command;

#[test]
fn readme_shows_the_current_example_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--package",
            "sfn-tasks",
            "--example",
            "order_workflow",
        ])
        .current_dir(&root)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).expect("utf-8 output");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");

    let mut sections = 0;
    // The example prints `# Title` lines, each followed by its output.
    for section in format!("\n{printed}").split("\n# ").skip(1) {
        let (title, body) = section.split_once('\n').expect("a title line");
        let body = body.trim_end();
        assert!(
            readme.contains(body),
            "README.md does not show the current `{title}` output of the order_workflow example; \
             paste it in from `cargo run -p sfn-tasks --example order_workflow`"
        );
        sections += 1;
    }
    assert_eq!(sections, 4, "ASL, policy, template and diagram");
}
