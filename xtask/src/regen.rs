//! `cargo xtask regen [--check]`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use codegen::Drift;

/// The workspace root (xtask lives one level below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn run(root: &Path, check: bool) -> Result<()> {
    let start = Instant::now();
    if check {
        codegen::sources::verify(root)
            .context("vendored models do not match models/SOURCES.toml")?;
    }
    let generation = codegen::generate(root).context("generation failed; nothing was written")?;
    let mut lines = 0;
    for s in &generation.stats {
        println!(
            "{:<10} {:>4} operations {:>5} types {:>7} lines {:>6} ms",
            s.module, s.operations, s.types, s.lines, s.millis
        );
        lines += s.lines;
    }
    if let Some(c) = &generation.catalog {
        println!(
            "catalog    {} services, {} operations ({} with actions newer than the IAM data, {} without any action, {} of services without IAM data), {} bytes compressed, {} ms",
            c.services,
            c.figures.operations,
            c.figures.unchecked,
            c.figures.no_action,
            c.figures.no_data,
            c.bytes,
            c.millis
        );
        let mut slowest = c.per_service.clone();
        slowest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = slowest
            .iter()
            .take(5)
            .map(|(name, micros)| format!("{name} {} ms", micros / 1000))
            .collect();
        println!("catalog    slowest: {}", list.join(", "));
    }
    let operations: usize = generation.stats.iter().map(|s| s.operations).sum();
    let types: usize = generation.stats.iter().map(|s| s.types).sum();
    if check {
        let drift = generation.files.check(root)?;
        if drift.is_empty() {
            println!(
                "{:<10} {operations:>4} operations {types:>5} types {lines:>7} lines {:>6} ms: up to date",
                "total",
                start.elapsed().as_millis()
            );
            return Ok(());
        }
        for d in &drift {
            match d {
                Drift::Missing(p) => eprintln!("missing: {p}"),
                Drift::Stale(p) => eprintln!("stale (no longer generated): {p}"),
                Drift::Changed(p, diff) => eprintln!("changed: {p}\n{diff}"),
            }
        }
        bail!(
            "{} generated file(s) are out of date; run `cargo xtask regen` and commit the result",
            drift.len()
        );
    }
    let (written, deleted) = generation.files.write(root)?;
    println!(
        "{:<10} {operations:>4} operations {types:>5} types {lines:>7} lines {:>6} ms ({written} files written, {deleted} deleted, {} unchanged)",
        "total",
        start.elapsed().as_millis(),
        (generation.files.files.len() + generation.files.binary.len()).saturating_sub(written)
    );
    Ok(())
}
