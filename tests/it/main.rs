//! The integration tests, as one crate: one link of the library and its dependencies
//! instead of one per file, one set of helpers ([`common`]) and one way of running the
//! binary ([`common::command`]).
//!
//! `cargo test --profile test-release --test it` runs them all; a module's tests alone with
//! a filter, e.g. `cargo test --profile test-release --test it cli_check::`. The bounded
//! fuzz pass of CI: `PROPTEST_CASES=2000 cargo test --profile test-release --test it fuzz::`.

mod common;
#[path = "../support/ranges.rs"]
mod ranges;

mod bad_input;
mod bank_quality;
mod cli_bank;
mod cli_bench;
mod cli_check;
mod cli_conventions;
mod cli_eval;
mod cli_score;
mod fixtures;
mod fuzz;
mod house;
mod html_report;
