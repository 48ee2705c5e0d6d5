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
    let services = match codegen::vendor::typed_services(root) {
        Ok(services) => services,
        Err(e) => {
            eprintln!("note: no change report: {e}");
            return None;
        }
    };
    let services: Vec<&str> = services.iter().map(String::as_str).collect();
    match ModelSet::load(&dir, &services) {
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
pub fn after_update(root: &Path, old: &ModelSet, changelog: bool) -> Result<Report> {
    let context = "the models were updated, but the change report failed";
    let view = CrateView::load(root).context(context)?;
    let new = ModelSet::load(&root.join(codegen::sources::BOTOCORE_DIR), &view.services())
        .context(context)?;
    let report = codegen::diff::diff(old, &new, &view).context(context)?;
    println!();
    print!("{}", report.to_markdown(2));
    if changelog && !report.is_unchanged() {
        append_changelog(root, &report)?;
        println!("\nappended the report to {CHANGELOG}");
    }
    Ok(report)
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

#[cfg(test)]
mod tests {
    //! The update-models flow on a scratch repository: the report appears
    //! only after a successful update that changed something, and bad input
    //! leaves the models and CHANGELOG.md alone.

    use std::path::PathBuf;

    use super::*;

    /// A scratch folder, emptied first; removed by the test when it passes.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A botocore package folder (`botocore/__init__.py` + `botocore/data`)
    /// with a one-operation model per service; `newer` adds an operation to
    /// Step Functions and an optional member to Lambda's input.
    fn release(dir: &Path, version: &str, newer: bool) -> PathBuf {
        let package = dir.join("botocore");
        fs::create_dir_all(&package).unwrap();
        fs::write(
            package.join("__init__.py"),
            format!("__version__ = '{version}'\n"),
        )
        .unwrap();
        let services = codegen::vendor::typed_services(&crate::regen::repo_root()).unwrap();
        for service in &services {
            let service = service.as_str();
            let mut operations =
                vec![r#""Ping": {"name": "Ping", "input": {"shape": "PingInput"}}"#];
            let mut members = vec![r#""Target": {"shape": "String"}"#];
            if newer && service == "stepfunctions" {
                operations.push(r#""Pong": {"name": "Pong", "input": {"shape": "PingInput"}}"#);
            }
            if newer && service == "lambda" {
                members.push(r#""Extra": {"shape": "String"}"#);
            }
            let model = format!(
                r#"{{"metadata": {{"apiVersion": "2020-01-01", "endpointPrefix": "{service}", "protocol": "json", "serviceFullName": "{service}"}},
"operations": {{{}}},
"shapes": {{"PingInput": {{"type": "structure", "required": ["Target"], "members": {{{}}}}}, "String": {{"type": "string"}}}}}}"#,
                operations.join(", "),
                members.join(", ")
            );
            let folder = package.join("data").join(service).join("2020-01-01");
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join("service-2.json"), model).unwrap();
        }
        dir.to_path_buf()
    }

    fn read(path: &Path) -> Option<String> {
        fs::read_to_string(path).ok()
    }

    #[test]
    fn update_models_appends_the_report_after_a_successful_update_only() {
        let tmp = scratch("update");
        let root = tmp.join("repo");
        fs::create_dir_all(root.join("models")).unwrap();
        for file in ["models/naming.toml", "models/services.toml"] {
            fs::copy(crate::regen::repo_root().join(file), root.join(file)).unwrap();
        }
        let a = release(&tmp.join("a"), "0.0.1", false);
        let b = release(&tmp.join("b"), "0.0.2", true);
        let changelog = root.join(CHANGELOG);
        let sources = root.join(codegen::sources::SOURCES_FILE);

        // First import: nothing to compare with, so no report.
        crate::models::update_models(&root, a.clone(), true).unwrap();
        assert_eq!(read(&changelog), None);

        crate::models::update_models(&root, b.clone(), true).unwrap();
        let text = read(&changelog).unwrap();
        assert!(text.starts_with(CHANGELOG_HEADER), "{text}");
        for line in [
            "## AWS model changes: botocore 0.0.1 → botocore 0.0.2",
            "Semver verdict for `sfn-tasks`: **minor**.",
            "- minor: operations added: `Pong`",
            "- minor: `PingInput.Extra` added: string, optional",
            "| `lambda::sdk::Ping` | minor | `Extra` |  |  |",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }

        // The same release again changes nothing: no new section.
        crate::models::update_models(&root, b.clone(), true).unwrap();
        assert_eq!(read(&changelog).as_ref(), Some(&text));

        // --no-changelog: the update happens, the changelog stays.
        crate::models::update_models(&root, a.clone(), false).unwrap();
        assert_eq!(read(&changelog).as_ref(), Some(&text));
        assert!(read(&sources).unwrap().contains("version = \"0.0.1\""));

        // A wheel that is not a zip: an error, nothing written.
        let before = read(&sources);
        let bad = tmp.join("botocore-0.0.3-py3-none-any.whl");
        fs::write(&bad, "not a zip").unwrap();
        let err = crate::models::update_models(&root, bad.clone(), true).unwrap_err();
        assert!(
            format!("{err:#}").contains("not a readable wheel"),
            "{err:#}"
        );
        assert_eq!(read(&sources), before);
        assert_eq!(read(&changelog).as_ref(), Some(&text));

        // model-diff reads both sides and writes nothing; bad input fails.
        model_diff(&root, &a, &b, Format::Json).unwrap();
        let err = model_diff(&root, &a, &bad, Format::Markdown).unwrap_err();
        assert!(format!("{err:#}").contains("new models: "), "{err:#}");
        assert_eq!(read(&sources), before);

        fs::remove_dir_all(&tmp).unwrap();
    }
}
