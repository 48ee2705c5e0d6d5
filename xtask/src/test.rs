//! `cargo xtask test`: the whole test suite, exactly as CI runs it.
//!
//! Installs the external validators into `.tools/` first (the project's own
//! `tools/install`), then runs every quality gate in order and stops at the
//! first failure. Each step prints its wall time, so slow steps are visible.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

struct Step {
    name: &'static str,
    action: Action,
}

enum Action {
    /// Runs a program in the workspace root.
    Command {
        program: &'static str,
        args: &'static [&'static str],
        env: &'static [(&'static str, &'static str)],
    },
    /// Runs inside this process: no second build of the xtask binary.
    InProcess(fn(&Path) -> Result<()>),
}

fn regen_check(root: &Path) -> Result<()> {
    crate::regen::run(root, true)
}

const STEPS: &[Step] = &[
    Step {
        name: "install external validators into .tools/",
        action: Action::Command {
            program: "sh",
            args: &["tools/install"],
            env: &[],
        },
    },
    Step {
        name: "formatting",
        action: Action::Command {
            program: "cargo",
            args: &["fmt", "--all", "--check"],
            env: &[],
        },
    },
    Step {
        name: "generated code is current and models match SOURCES.toml",
        action: Action::InProcess(regen_check),
    },
    Step {
        name: "clippy, all features",
        action: Action::Command {
            program: "cargo",
            args: &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            env: &[],
        },
    },
    Step {
        name: "tests, all features",
        action: Action::Command {
            program: "cargo",
            args: &["test", "--workspace", "--all-features"],
            env: &[],
        },
    },
    Step {
        // Criterion's test mode runs each benchmark once: a benchmark whose
        // setup no longer builds (a machine the validator now rejects) fails
        // here instead of on the day someone measures.
        name: "benchmarks run once, all features",
        action: Action::Command {
            program: "cargo",
            args: &["test", "--workspace", "--all-features", "--bench", "*"],
            env: &[],
        },
    },
    Step {
        // Only sfn-tasks has features; codegen and xtask were tested above
        // with the same (empty) feature set of their own.
        name: "tests, no features",
        action: Action::Command {
            program: "cargo",
            args: &["test", "--package", "sfn-tasks", "--no-default-features"],
            env: &[],
        },
    },
    Step {
        name: "docs, all features, warnings denied",
        action: Action::Command {
            program: "cargo",
            args: &["doc", "--workspace", "--all-features", "--no-deps"],
            env: &[("RUSTDOCFLAGS", "-D warnings")],
        },
    },
    Step {
        name: "package sfn-tasks (size under the crates.io limit)",
        action: Action::Command {
            program: "cargo",
            args: &[
                "package",
                "--package",
                "sfn-tasks",
                "--no-verify",
                "--allow-dirty",
            ],
            env: &[],
        },
    },
];

/// crates.io rejects crates over 10 MB.
const MAX_CRATE_BYTES: u64 = 10 * 1024 * 1024;

pub fn run(root: &Path) -> Result<()> {
    let total = Instant::now();
    for (i, step) in STEPS.iter().enumerate() {
        println!("==> [{}/{}] {}", i + 1, STEPS.len(), step.name);
        let start = Instant::now();
        let outcome = match &step.action {
            Action::Command { program, args, env } => run_command(root, program, args, env),
            Action::InProcess(run) => run(root),
        };
        println!("    {:.1} s", start.elapsed().as_secs_f64());
        outcome.with_context(|| format!("step failed: {}", step.name))?;
    }
    check_crate_size(root)?;
    println!(
        "all checks passed in {:.1} s",
        total.elapsed().as_secs_f64()
    );
    Ok(())
}

fn run_command(root: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let mut command = Command::new(program);
    command
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root);
    // The suite builds everything once; incremental caches would only add
    // gigabytes of disk for a crate this size.
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        command.env("CARGO_INCREMENTAL", "0");
    }
    let status = command
        .status()
        .with_context(|| format!("could not start `{program}`"))?;
    if !status.success() {
        bail!("`{program} {}` exited with {status}", args.join(" "));
    }
    Ok(())
}

fn check_crate_size(root: &Path) -> Result<()> {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |t| root.join(t));
    let dir = target.join("package");
    let mut newest = None;
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("sfn-tasks-") && name.ends_with(".crate") {
            let meta = entry.metadata()?;
            if newest
                .as_ref()
                .is_none_or(|(t, _, _)| meta.modified().ok() > Some(*t))
            {
                newest = Some((meta.modified()?, name, meta.len()));
            }
        }
    }
    let Some((_, name, size)) = newest else {
        bail!(
            "cargo package produced no sfn-tasks .crate in {}",
            dir.display()
        );
    };
    println!("    {name}: {:.2} MB", size as f64 / 1_048_576.0);
    if size > MAX_CRATE_BYTES {
        bail!("{name} is {size} bytes; crates.io rejects crates over {MAX_CRATE_BYTES} bytes");
    }
    Ok(())
}
