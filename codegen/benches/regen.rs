//! The generator end to end, in memory (nothing is written): every typed
//! service with the catalog of every botocore service, the smallest and
//! largest typed ones alone, and reading every model, so that a slowdown in
//! lowering, rendering or formatting shows up with its scale.
//!
//! Run with `cargo bench -p codegen --bench regen`. `cargo xtask regen`
//! also prints its wall time per service; this is the repeatable figure.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

fn benches(c: &mut Criterion) {
    let root = workspace();
    let mut group = c.benchmark_group("regen");
    group.sample_size(10);
    // Services are generated in parallel; the whole run is bounded by the
    // largest one, so both ends are measured alone too.
    for service in ["sqs", "sagemaker"] {
        group.bench_function(service, |b| {
            b.iter(|| {
                let generation = codegen::generate_services(&root, &[service]).expect("generates");
                generation.files.files.len()
            });
        });
    }
    // Every botocore model read, parsed and named (the catalog's share of
    // each run; `cargo xtask regen` prints the rest per service).
    let registry = codegen::registry::Registry::load(&root).expect("registry");
    let prefixes: std::collections::BTreeSet<String> = std::fs::read_dir(root.join("models/iam"))
        .expect("models/iam")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    group.bench_function("catalog: read and name every model", |b| {
        b.iter(|| {
            codegen::catalog::Catalog::load(&root, &registry, &prefixes)
                .expect("catalogues")
                .services
                .len()
        });
    });
    group.bench_function("all", |b| {
        b.iter(|| {
            let generation = codegen::generate(&root).expect("generates");
            generation.files.files.len()
        });
    });
    group.finish();
}

criterion_group!(regen, benches);
criterion_main!(regen);
