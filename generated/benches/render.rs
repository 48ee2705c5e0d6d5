//! Building and rendering machines of 10 to 10,000 Task states: validation,
//! ASL, the merged policy and the CloudFormation template.
//!
//! Besides criterion's timings, prints the peak heap use of one build and
//! render per size, measured by a counting global allocator.
//!
//! Run with `cargo bench -p sfn-tasks --bench render` (add
//! `-- --measurement-time 2` for a quicker run).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use sfn_tasks::runtime::{
    Catch, CfnOptions, Chain, CustomTask, Fail, Retry, StateMachine, Task, arn, errors, goto,
};

#[path = "support/counting.rs"]
mod counting;

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// A chain of `n` DynamoDB putItem tasks over 100 tables, each with a retrier
/// and a catcher pointing at one shared Fail state.
fn definition(n: usize) -> Chain {
    // The first task's catcher defines the shared Fail state; the others go to it.
    let task = |i: usize| {
        let failed = if i == 0 {
            Catch::all(Fail::new("Failed").error("StepFailed"))
        } else {
            Catch::all(goto("Failed"))
        };
        let table = format!("Table{}", i % 100);
        CustomTask::new("dynamodb", "putItem")
            .parameters(json!({
                "TableName": table,
                "Item": {"pk": {"S.$": "$.id"}, "step": {"N": i.to_string()}}
            }))
            .policy_actions(
                ["dynamodb:PutItem"],
                [arn("dynamodb", &format!("table/{table}"))],
            )
            .state(format!("Step {i}"))
            .result_path(format!("$.results.s{i}"))
            .retry(Retry::on([errors::TASK_FAILED]).max_attempts(2))
            .catch(failed.result_path("$.error"))
    };
    let mut chain = Chain::start(task(0));
    for i in 1..n {
        chain = chain.next(task(i));
    }
    chain
}

/// Builds, validates and renders all three outputs; returns the machine and
/// the outputs' total size.
fn build_and_render(n: usize) -> (StateMachine, usize) {
    let machine = StateMachine::builder(definition(n))
        .name("Bench")
        .build()
        .expect("valid machine");
    let bytes = render(&machine);
    (machine, bytes)
}

fn render(machine: &StateMachine) -> usize {
    let asl = machine.to_asl_string_pretty();
    let policy = machine.policy_document().to_json().to_string();
    let template = machine
        .to_cloudformation(&CfnOptions::new())
        .expect("template")
        .to_string();
    asl.len() + policy.len() + template.len()
}

fn report_peak_memory() {
    eprintln!("peak heap per build + render (counting allocator):");
    for n in SIZES {
        let ((machine, bytes), peak) = counting::peak_of(|| black_box(build_and_render(n)));
        drop(machine);
        eprintln!(
            "  {n:>6} task states: peak {:>10.1} KiB, output {:>10.1} KiB",
            peak as f64 / 1024.0,
            bytes as f64 / 1024.0
        );
    }
}

fn benches(c: &mut Criterion) {
    report_peak_memory();
    let mut group = c.benchmark_group("build_and_render");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        // The machine is dropped outside the timing: freeing a 46 MB object
        // graph (10,000 states) is the allocator's work, neither building
        // nor rendering, and it alone grows faster than the machine does
        // (0.55 µs per state at 1,000 states, 2.4 µs at 10,000, from cache
        // misses on memory last touched long before).
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter_with_large_drop(|| build_and_render(black_box(n)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render_only");
    for n in SIZES {
        let machine = StateMachine::builder(definition(n))
            .name("Bench")
            .build()
            .expect("valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &machine, |b, m| {
            b.iter(|| render(black_box(m)));
        });
    }
    group.finish();
    let _ = CustomTask::new("s", "a").resource();
}

criterion_group! {
    name = render_benches;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(render_benches);
