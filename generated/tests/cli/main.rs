//! The `sfn-tasks` command and its library side (`sfn_tasks::cli`): lint,
//! policy, cfn and graph on fixtures and on the real-world corpus, and random
//! input. Built only with the `cli` feature (`required-features` in
//! `Cargo.toml`), which also builds the `sfn-tasks` binary `cli_lint` runs.
//!
//! One test binary instead of one per file, so the generated crate is linked
//! once; each module is a former `tests/<module>.rs`.

mod builder_lint;
mod cli_fuzz;
mod cli_lint;
mod cli_policy;
mod deep_definitions;
mod every_service;
mod one_task;
mod optimized_integrations;
mod real_world;
