//! Reporters: one implementation of [`Reporter`] per output format, one file each (text,
//! json, jsonl, markdown, html, junit, sarif, github), with the escaping and number
//! formats they share in [`fmt`]. They write to the writer they are given (the library
//! never prints) and stream where the format allows: an answer is written as soon as it
//! is scored, so memory does not grow with the batch.
//!
//! Reporters get the bank when they are made, for the question texts some show, and
//! otherwise only what a report holds. They must not score, apply thresholds or decide
//! exit codes: verdicts come from the reports (`check` fills `failures`).

use std::io::{self, Write};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::bank::{Bank, Question};
use crate::input::Diagnostic;
use crate::own_report::{MARKDOWN_MARKER, TEXT_MARKER};
use crate::score::AnswerReport;
use crate::verdict::AnswerVerdict;

pub mod fmt;
mod github;
mod html;
mod json;
mod json_parts;
mod jsonl;
mod junit;
mod markdown;
mod sarif;
mod style;
#[cfg(test)]
mod tests;
mod text;

pub use crate::own_report::is_report;
pub use fmt::{clock, length_words, pace_words, percent, plural, quote, status_word, which};
pub use github::Github;
pub use html::Html;
pub use json::Json;
pub use jsonl::Jsonl;
pub use junit::Junit;
pub use markdown::Markdown;
pub use sarif::{Sarif, SARIF_RULES};
pub use text::{coverage_bar, Text};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Markdown,
    Html,
    Junit,
    Sarif,
    Github,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Text,
        Format::Json,
        Format::Jsonl,
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::Sarif,
        Format::Github,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub answers: usize,
    pub mean_coverage: f64,
    /// Answers that failed a threshold (`check`).
    pub failed: usize,
    /// Inputs that could not be read or scored.
    pub problems: usize,
    /// Questions of the bank with no answer (`check`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unanswered: Vec<String>,
    /// Whether unanswered questions are failures (`check --require-all`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub require_all: bool,
    #[serde(skip)]
    coverage_sum: f64,
}

impl Summary {
    pub fn add(&mut self, report: &AnswerReport) {
        self.answers += 1;
        self.coverage_sum += report.coverage;
        self.mean_coverage = crate::score::round(self.coverage_sum / self.answers as f64);
        if !report.failures.is_empty() {
            self.failed += 1;
        }
    }
}

/// A report format.
pub trait Reporter {
    /// Called once before anything else.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()>;
    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The reporter for a format, over the bank the answers are scored against.
pub fn reporter(format: Format, bank: &Bank) -> Box<dyn Reporter + '_> {
    match format {
        Format::Text => Box::new(Text::new(Questions::new(bank))),
        Format::Json => Box::new(Json::default()),
        Format::Jsonl => Box::new(Jsonl::default()),
        Format::Markdown => Box::new(Markdown::new(Questions::new(bank))),
        Format::Html => Box::new(Html::new(Questions::new(bank))),
        Format::Junit => Box::new(Junit::default()),
        Format::Sarif => Box::new(Sarif::default()),
        Format::Github => Box::new(Github),
    }
}

/// The bank's questions by name, for reporters that show a question's text: lower-cased
/// id and slug → the first question with it, built once per run, so each answer's
/// question is found in O(1) where [`Bank::find`] scans. Gives what `Bank::find` gives.
pub struct Questions<'b> {
    bank: &'b Bank,
    by_name: FxHashMap<String, usize>,
}

impl<'b> Questions<'b> {
    pub fn new(bank: &'b Bank) -> Questions<'b> {
        let mut by_name = FxHashMap::default();
        for (qi, q) in bank.questions.iter().enumerate() {
            by_name.entry(q.id.to_ascii_lowercase()).or_insert(qi);
            by_name.entry(q.slug.to_ascii_lowercase()).or_insert(qi);
        }
        Questions { bank, by_name }
    }

    /// The question a report names, if the bank has it.
    pub fn of(&self, report: &AnswerReport) -> Option<&'b Question> {
        let name = report.question.as_deref()?;
        let qi = match self.by_name.get(&name.trim().to_ascii_lowercase()) {
            Some(&qi) => Some(qi),
            // "q4" for "q04": the rare miss takes the bank's own rules.
            None => self.bank.find(name),
        };
        qi.map(|qi| &self.bank.questions[qi])
    }
}

/// The first line of a report written with `-o` in a format that has no fixed beginning
/// of its own (text, Markdown, GitHub annotations), so a folder walk can tell the report
/// from an answer ([`is_report`]). Markdown gets an HTML comment, which renders as nothing.
pub fn file_marker(format: Format) -> Option<&'static str> {
    match format {
        Format::Text | Format::Github => Some(TEXT_MARKER),
        Format::Markdown => Some(MARKDOWN_MARKER),
        _ => None,
    }
}

/// Pass/fail/unclear; "scored" when no thresholds were applied (`anscov score`):
/// without a threshold there is nothing to pass. Shared by every report that shows one.
pub fn verdict(report: &AnswerReport) -> AnswerVerdict {
    if !report.failures.is_empty() {
        AnswerVerdict::Fail
    } else if report.question.is_none() {
        AnswerVerdict::Unclear
    } else if !report.checked {
        AnswerVerdict::Scored
    } else {
        AnswerVerdict::Pass
    }
}
