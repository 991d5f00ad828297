//! Scoring a graded table: every answer against every reference of its question, in
//! parallel, keeping the best reference's scores.
//!
//! Scores only: it must not compute figures or thresholds (`evaluation.rs` does).

use rayon::prelude::*;
use serde::Serialize;

use crate::input::Answer;
use crate::Result;

use super::derived_bank::GradedBank;
use super::reading::GradedTable;

/// An answer's scores: against its best reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Highest coverage over the question's references.
    pub coverage: f64,
    /// Highest TF-IDF similarity over the question's references.
    pub similarity: f64,
    /// Index of the reference that gave the coverage (ties: the more similar one).
    pub reference: usize,
    /// Highest similarity to a reference answer ([`crate::reference`]) over the
    /// question's references.
    pub reference_similarity: f64,
}

impl Scores {
    /// Coverage blended with reference similarity, `concepts_share` of it coverage.
    pub fn blended(&self, concepts_share: f64) -> f64 {
        crate::reference::blend(self.coverage, self.reference_similarity, concepts_share).0
    }
}

/// Scores every answer of `table` against every reference of its question (in parallel).
pub fn score(table: &GradedTable, bank: &GradedBank) -> Result<Vec<Scores>> {
    table
        .answers
        .par_iter()
        .map(|answer| {
            let mut best = Scores {
                coverage: -1.0,
                similarity: 0.0,
                reference: 0,
                reference_similarity: 0.0,
            };
            let mut best_reference: f64 = 0.0;
            let mut best_similarity: f64 = 0.0;
            for (k, &qi) in bank.variants[answer.question].iter().enumerate() {
                let id = &bank.engine.bank().questions[qi].id;
                let report = bank.engine.score(&Answer::from_text(
                    &format!("{}:{}", table.path, answer.line),
                    Some(id),
                    &answer.text,
                ))?;
                best_similarity = best_similarity.max(report.similarity);
                if let Some(r) = &report.reference {
                    best_reference = best_reference.max(r.reference_similarity);
                }
                if report.coverage > best.coverage
                    || (report.coverage == best.coverage && report.similarity > best.similarity)
                {
                    best = Scores {
                        coverage: report.coverage,
                        similarity: report.similarity,
                        reference: k,
                        reference_similarity: 0.0,
                    };
                }
            }
            best.coverage = best.coverage.max(0.0);
            best.similarity = best_similarity;
            best.reference_similarity = best_reference;
            Ok(best)
        })
        .collect()
}
