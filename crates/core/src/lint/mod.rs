//! `anscov bank lint`: checks a bank the way an author needs, reporting every problem found
//! (not just the first, as loading does) with its file, line and a fix.
//!
//! Checks, by code:
//!
//! - `schema` (error): a file that is not valid TOML or does not fit the corpus/rubric
//!   schema, or that [`Bank::parse`] rejects (empty field, bad concept id or weight,
//!   rubric for an unknown question). The bank cannot be loaded: [`Lint::unparseable`].
//! - `duplicate-id` (error): a question id or slug defined in two corpus files, a question
//!   with two rubrics, or a concept id used twice in one rubric.
//! - `no-alternatives` (warning): a concept with no alternatives (only its description can
//!   match, and only paraphrase-strength).
//! - `empty-alternative` (warning): an alternative that analyses to nothing (all stopwords,
//!   e.g. "it is what it is"), so it can never match.
//! - `shared-alternative` (warning): the same alternative, after analysis, in two concepts
//!   of one question, so one mention covers both.
//! - `sample-misses-required` (error): the question's own sample answer does not cover
//!   one of its required concepts, so the rubric fails its best answer.
//! - `no-sample-answer` (error): a question with neither a rubric nor a sample answer, so
//!   nothing can be scored against it.
//! - `no-rubric` (info): a question without a rubric; its concepts will be derived from
//!   the sample answer (`anscov bank derive ID [--bank DIR]` prints them).
//! - `sample-misses-derived` (warning): the sample answer, scored by the engine, makes
//!   (covers or mentions) less than 90% of the weight of the rubric derived from it, so
//!   the derived rubric fails its own best answer (as a concept the sample states under
//!   negation did before derived concepts kept the negation).
//!
//! One job per file: `files.rs` is [`lint`] itself, each corpus and rubric file on its
//! own (`schema`, `duplicate-id`), then the bank the good files load as; `semantic.rs`
//! the per-question checks on that bank; `lines.rs` finds the line a finding points at;
//! `suggest.rs` writes the `anscov bank derive` command a fix suggests (with `--bank DIR`
//! for a bank folder).
//! This file holds what a lint returns. Lint reads bank files and reports: it must not
//! write them or change how a bank loads or scores.
//!
//! [`Bank::parse`]: crate::bank::Bank::parse

use serde::Serialize;

mod files;
mod lines;
mod semantic;
mod suggest;
#[cfg(test)]
mod tests;

pub use files::lint;

/// How serious a finding is. Errors and warnings make `bank lint` exit 1; notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem found in a bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub file: String,
    /// 1-based line in `file`.
    pub line: usize,
    pub severity: Severity,
    /// Stable kebab-case code (see the module documentation).
    pub code: &'static str,
    pub message: String,
    pub fix: String,
}

/// The result of linting one or more banks combined.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lint {
    /// In file order, then line.
    pub findings: Vec<Finding>,
    /// Some file could not be parsed (a `schema` finding): the bank cannot be loaded as is.
    /// The semantic checks still ran on the files that parsed.
    pub unparseable: bool,
}

impl Lint {
    /// Whether any finding is an error or a warning (notes do not count).
    pub fn has_problems(&self) -> bool {
        self.findings.iter().any(|f| f.severity != Severity::Info)
    }
}
