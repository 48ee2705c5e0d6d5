//! The generator's tests, one module per former `tests/<module>.rs`, in one
//! test binary so the generator and its dependencies are linked once. insta
//! keeps the snapshots of `generate` in `tests/codegen/snapshots/` (those of
//! `docs` in `tests/fixtures/docs/snapshots/`, as `docs` sets).
//!
//! `tests/fileset_kill.rs` stays a binary of its own: it re-executes itself
//! as the writer it kills, and times those kills on an otherwise idle
//! process.

mod catalog;
mod diff;
mod docs;
mod generate;
mod iam;
mod naming;
mod optimized;
mod registry;
mod sources;
