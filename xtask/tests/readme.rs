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
            "--features",
            "dynamodb,lambda,sns,sqs",
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
             paste it in from `cargo run -p sfn-tasks --features dynamodb,lambda,sns,sqs --example order_workflow`"
        );
        sections += 1;
    }
    assert_eq!(sections, 4, "ASL, policy, template and diagram");
}

/// The README's example code is the example's, verbatim: the block between
/// the example's markers appears in README.md as written, so compiling the
/// example (and the README's doc test) compiles the code readers copy.
#[test]
fn readme_shows_the_example_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let example = std::fs::read_to_string(root.join("generated/examples/order_workflow.rs"))
        .expect("the example");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let start = example
        .find("// (`xtask/tests/readme.rs` checks that the two agree).\n")
        .map(|i| i + "// (`xtask/tests/readme.rs` checks that the two agree).\n".len())
        .expect("the start marker");
    let end = example
        .find("// End of the README's example.")
        .expect("the end marker");
    let code = example[start..end].trim_end();
    assert!(code.lines().count() > 20, "{code}");
    assert!(
        readme.contains(&format!("```rust\n{code}\n")),
        "README.md's complete example differs from generated/examples/order_workflow.rs; copy it over"
    );
}
