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
    program: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        name: "install external validators into .tools/",
        program: "sh",
        args: &["tools/install"],
        env: &[],
    },
    Step {
        name: "formatting",
        program: "cargo",
        args: &["fmt", "--all", "--check"],
        env: &[],
    },
    Step {
        name: "generated code is current and models match SOURCES.toml",
        program: "cargo",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "regen",
            "--check",
        ],
        env: &[],
    },
    Step {
        name: "clippy, all features",
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
    Step {
        name: "tests, all features",
        program: "cargo",
        args: &["test", "--workspace", "--all-features"],
        env: &[],
    },
    Step {
        name: "tests, no features",
        program: "cargo",
        args: &["test", "--workspace", "--no-default-features"],
        env: &[],
    },
    Step {
        name: "docs, all features, warnings denied",
        program: "cargo",
        args: &["doc", "--workspace", "--all-features", "--no-deps"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step {
        name: "package sfn-tasks (size under the crates.io limit)",
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
];

/// crates.io rejects crates over 10 MB.
const MAX_CRATE_BYTES: u64 = 10 * 1024 * 1024;

pub fn run(root: &Path) -> Result<()> {
    let total = Instant::now();
    for (i, step) in STEPS.iter().enumerate() {
        println!("==> [{}/{}] {}", i + 1, STEPS.len(), step.name);
        let start = Instant::now();
        let mut command = Command::new(step.program);
        command.args(step.args).envs(step.env.iter().copied());
        // The suite builds everything once; incremental caches would only
        // add gigabytes of disk for a crate this size.
        if std::env::var_os("CARGO_INCREMENTAL").is_none() {
            command.env("CARGO_INCREMENTAL", "0");
        }
        let status = command
            .current_dir(root)
            .status()
            .with_context(|| format!("could not start `{}`", step.program))?;
        println!("    {:.1} s", start.elapsed().as_secs_f64());
        if !status.success() {
            bail!("step failed: {} ({status})", step.name);
        }
    }
    check_crate_size(root)?;
    println!(
        "all checks passed in {:.1} s",
        total.elapsed().as_secs_f64()
    );
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
