//! `cargo xtask model-diff OLD NEW` and the change report of `update-models`.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use codegen::diff::{CrateView, ModelSet, Report};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For release notes and CHANGELOG.md.
    Markdown,
    /// For tools: a stable schema, see `codegen::diff::Report`.
    Json,
}

/// Repository-relative changelog the update appends to.
pub const CHANGELOG: &str = "CHANGELOG.md";

const CHANGELOG_HEADER: &str = "# Changelog\n\n\
All notable changes to `sfn-tasks`. `cargo xtask update-models` appends a \
section for every model update that changes something; edit it into the \
release notes before publishing.\n";

/// `cargo xtask model-diff OLD NEW [--format json]`: prints the report; reads only.
pub fn model_diff(root: &Path, old: &Path, new: &Path, format: Format) -> Result<()> {
    let report = codegen::diff::compare_paths(old, new, root)
        .with_context(|| format!("model-diff {} {}", old.display(), new.display()))?;
    print!("{}", render(&report, format));
    Ok(())
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => report.to_markdown(2),
        Format::Json => report.to_json() + "\n",
    }
}

/// The models `update-models` is about to replace, read before it does.
/// `None` (with a note) when there is nothing usable to compare against.
pub fn before_update(root: &Path) -> Option<ModelSet> {
    let dir = root.join(codegen::sources::BOTOCORE_DIR);
    if !dir.is_dir() {
        return None;
    }
    match ModelSet::load(&dir) {
        Ok(set) => Some(set),
        Err(e) => {
            eprintln!("note: no change report: the current models cannot be read: {e}");
            None
        }
    }
}

/// After a successful update: compares `old` with the models now in the
/// tree, prints the report and, when `changelog` is set and something
/// changed, appends it to CHANGELOG.md.
pub fn after_update(root: &Path, old: &ModelSet, changelog: bool) -> Result<()> {
    let context = "the models were updated, but the change report failed";
    let view = CrateView::load(root).context(context)?;
    let new = ModelSet::load(&root.join(codegen::sources::BOTOCORE_DIR)).context(context)?;
    let report = codegen::diff::diff(old, &new, &view).context(context)?;
    println!();
    print!("{}", report.to_markdown(2));
    if changelog && !report.is_unchanged() {
        append_changelog(root, &report)?;
        println!("\nappended the report to {CHANGELOG}");
    }
    Ok(())
}

/// Appends the report as a `##` section, creating the file with its header
/// if needed. Written to a temporary file and renamed, so an interrupted
/// run leaves the old file whole.
pub fn append_changelog(root: &Path, report: &Report) -> Result<()> {
    let path = root.join(CHANGELOG);
    let mut text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CHANGELOG_HEADER.to_owned(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&report.to_markdown(2));
    let tmp = root.join(format!(".{CHANGELOG}.tmp"));
    fs::write(&tmp, &text).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
}
