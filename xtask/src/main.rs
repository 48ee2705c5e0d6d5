//! Maintainer commands for the sfn-tasks workspace. Thin: argument parsing and
//! reporting only; the work lives in the `codegen` library.

use std::path::PathBuf;

mod models;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "sfn-tasks maintainer commands")]
struct Cli {
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
    /// Replace models/botocore with the newest models from a botocore release.
    UpdateModels {
        /// A botocore `data` directory or a botocore wheel (.whl).
        #[arg(long)]
        from: PathBuf,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { check } => {
            let _ = check;
            anyhow::bail!("regen is not implemented yet")
        }
        Command::UpdateModels { from } => {
            let _ = from;
            anyhow::bail!("update-models is not implemented yet")
        }
    }
}
