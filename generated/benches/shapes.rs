//! Deep and wide machines: the time and peak heap of building (or
//! refusing) and rendering them, ASL, template and Mermaid.
//!
//! - 5,000 and 10,000 Parallel states nested in each other: past the
//!   nesting budget, refused with an error (no output);
//! - the deepest machine the budget admits: 63 Parallels, or 84 Maps;
//! - 10,000 wide: one Parallel with 10,000 branches.
//!
//! Run with `cargo bench -p sfn-tasks --bench shapes`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sfn_tasks::runtime::{CfnOptions, Chain, Map, Parallel, Pass, StateMachine};

#[path = "support/counting.rs"]
mod counting;

fn parallels(depth: usize) -> Chain {
    let mut chain = Chain::start(Pass::new("leaf"));
    for i in 0..depth {
        chain = Chain::start(Parallel::new(format!("P{i}")).branch(chain));
    }
    chain
}

fn maps(depth: usize) -> Chain {
    let mut chain = Chain::start(Pass::new("leaf"));
    for i in 0..depth {
        chain = Chain::start(Map::new(format!("M{i}"), chain));
    }
    chain
}

fn wide(branches: usize) -> Chain {
    let mut parallel = Parallel::new("Wide");
    for i in 0..branches {
        parallel = parallel.branch(Pass::new(format!("B{i}")));
    }
    Chain::start(parallel)
}

/// A named way to build a definition.
type Shape = (&'static str, fn() -> Chain);

const SHAPES: [Shape; 5] = [
    ("5000 deep (refused)", || parallels(5_000)),
    ("10000 deep (refused)", || parallels(10_000)),
    ("63 Parallels deep", || parallels(63)),
    ("84 Maps deep", || maps(84)),
    ("10000 wide", || wide(10_000)),
];

/// Builds the machine and renders everything; the total output size, or 0
/// when the machine is refused.
fn build_and_render(definition: Chain) -> usize {
    match StateMachine::new(definition) {
        Ok(m) => {
            let asl = m.to_asl_string_pretty();
            let template = m.to_cloudformation(&CfnOptions::new()).expect("template");
            let mermaid = m.to_mermaid();
            asl.len() + template.to_string().len() + mermaid.len()
        }
        Err(_) => 0,
    }
}

fn report_peak_memory() {
    eprintln!("peak heap of building the definition, building the machine and rendering it:");
    for (name, shape) in SHAPES {
        let (bytes, peak) = counting::peak_of(|| black_box(build_and_render(shape())));
        let mermaid = StateMachine::new(shape()).map(|m| m.to_mermaid().len());
        eprintln!(
            "  {name:>22}: peak {:>9.1} KiB, output {:>9.1} KiB, Mermaid {}",
            peak as f64 / 1024.0,
            bytes as f64 / 1024.0,
            mermaid.map_or("none".to_owned(), |n| format!(
                "{:.1} KiB",
                n as f64 / 1024.0
            )),
        );
    }
}

fn benches(c: &mut Criterion) {
    report_peak_memory();
    let mut group = c.benchmark_group("shapes");
    for (name, shape) in SHAPES {
        group.bench_with_input(BenchmarkId::from_parameter(name), &shape, |b, shape| {
            b.iter_with_large_drop(|| build_and_render(black_box(shape())));
        });
    }
    group.finish();
}

criterion_group! {
    name = shape_benches;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(shape_benches);
