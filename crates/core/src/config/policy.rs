//! From settings to `check`'s [`Policy`]: the thresholds, with question keys and required
//! concept ids checked against the bank, errors naming the config file's line.
//!
//! Builds the policy only: it must not apply it to reports ([`crate::check`] does).

use std::collections::BTreeMap;

use crate::bank::Bank;
use crate::check::{Policy, QuestionRule};
use crate::error::Error;
use crate::Result;

use super::{Config, Origin};

impl Config {
    /// The thresholds, with question keys and required concept ids checked against
    /// `bank`. Errors point at the config line.
    pub fn policy(&self, bank: &Bank) -> Result<Policy> {
        let mut questions = BTreeMap::new();
        for (key, setting) in &self.questions {
            let here = |message: String, fix: String, needle: Option<&str>| {
                let (file, line) = match &setting.origin {
                    Origin::File { path, line } => (path.display().to_string(), *line),
                    _ => ("config".to_string(), 1),
                };
                // Point at the concept's own line when it can be found below the table header.
                let line = needle
                    .and_then(|n| {
                        self.text
                            .as_deref()
                            .and_then(|t| line_after(t, line, &format!("\"{n}\"")))
                    })
                    .unwrap_or(line);
                Error::Parse {
                    file,
                    line,
                    column: 1,
                    message,
                    fix,
                }
            };
            let Some(qi) = bank.find(key) else {
                let known: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
                return Err(here(
                    format!("[questions.{key}]: the bank has no question `{key}`"),
                    format!(
                        "use a question id or slug from `anscov bank list` ({})",
                        known.join(", ")
                    ),
                    None,
                ));
            };
            let question = &bank.questions[qi];
            for concept in &setting.require {
                if !question.concepts.iter().any(|c| &c.id == concept) {
                    let ids: Vec<&str> = question.concepts.iter().map(|c| c.id.as_str()).collect();
                    return Err(here(
                        format!(
                            "[questions.{key}] require: question {} has no concept `{concept}`",
                            question.id
                        ),
                        format!("use one of {}'s concept ids: {}", question.id, ids.join(", ")),
                        Some(concept),
                    ));
                }
            }
            let rule: &mut QuestionRule = questions.entry(question.id.clone()).or_default();
            rule.min_coverage = setting.min_coverage.or(rule.min_coverage);
            for concept in &setting.require {
                if !rule.require.contains(concept) {
                    rule.require.push(concept.clone());
                }
            }
        }
        Ok(Policy {
            min_coverage: self.min_coverage.value,
            max_missing_required: self.max_missing_required.value,
            require_all: self.require_all.value,
            questions,
        })
    }
}

/// The first line at or after `from` (1-based) that contains `needle`.
fn line_after(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}
