//! anscov: which expected concepts an interview answer covers, which it misses, and where
//! the evidence is. The library never prints; the `anscov` binary is a thin layer over it.
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
pub mod specificity;
pub mod star;
pub mod table;
pub mod verdict;
pub mod words;

pub use error::{Error, Result};
