//! anscov's library (`anscov-core`): which expected concepts an interview answer covers,
//! which it misses, and where the evidence is. Banks (embedded or a folder), answer inputs,
//! the analyzer, matcher and index, scoring and routing, checks, evaluation, and the
//! reporters that write each output format to a writer they are given.
//!
//! It must not print (no `println!`, no stdout or stderr: reporters write where the caller
//! says) and must not depend on clap, anyhow or terminal crates (anstream, anstyle,
//! indicatif, ctrlc) or choose an allocator: those are the `anscov` binary's edge, the
//! root package, a thin layer over this crate. Its Cargo.toml lists none of them, so the
//! compiler enforces the boundary.
#![forbid(unsafe_code)]

pub mod analyzer;
pub mod bank;
pub mod bench;
pub mod check;
pub mod config;
pub mod delivery;
pub mod derive;
pub mod error;
pub mod eval;
pub mod evidence;
pub mod figures;
pub mod graded;
pub mod import;
pub mod index;
pub mod input;
pub mod limits;
pub mod lint;
pub mod load;
pub mod matcher;
pub mod neighbours;
pub mod output;
mod own_report;
pub mod progress;
pub mod reference;
pub mod report;
pub mod scaffold;
pub mod score;
pub mod shell;
pub mod specificity;
pub mod star;
pub mod table;
pub mod verdict;
pub mod words;

pub use error::{Error, Result};
