//! The in-memory bank of a graded table: one bank question per reference answer, each with
//! a rubric derived from it ([`crate::derive`]), and how well the references cover their
//! own rubrics.
//!
//! Builds and checks the bank only: it must not score the table's answers (`scoring.rs`)
//! or compute the figures (`evaluation.rs`).

use rayon::prelude::*;
use serde::Serialize;

use crate::bank::{Bank, Question, RubricOrigin};
use crate::index::ProfileIdf;
use crate::score::{round, Engine, Status};
use crate::Result;

use super::reading::{GradedTable, TableQuestion};

/// A reference answer covering at least this share of its own derived rubric covers it
/// (issue 16: "every reference answer covers ≥ 90% of its own derived rubric").
pub const SELF_COVERAGE: f64 = 0.9;

/// The in-memory bank of a table: one bank question per reference answer, each with a
/// rubric derived from it.
pub struct GradedBank {
    pub engine: Engine,
    /// Per table question, its bank questions (one per reference), in reference order.
    pub variants: Vec<Vec<usize>>,
}

/// Builds the bank of `table`. IDF for derivation comes from one profile per *question*
/// (all its references together), so the words that several references of one question
/// share are not made rarer by the number of references.
pub fn build_bank(table: &GradedTable) -> Result<GradedBank> {
    let question = |id: String, q: &TableQuestion, sample_answer: String| Question {
        slug: id.clone(),
        id,
        text: q.text.clone(),
        guidance: String::new(),
        sample_answer,
        concepts: Vec::new(),
        rubric: RubricOrigin::Derived,
        file: format!("{}:{}", table.path, q.line),
        behavioural: false,
    };
    let profiles = Bank {
        questions: table
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| question(format!("p{i}"), q, q.references.join("\n")))
            .collect(),
    };
    let idf = ProfileIdf::new(&profiles, |_, _| true);
    let mut questions = Vec::new();
    let mut variants = Vec::with_capacity(table.questions.len());
    for q in &table.questions {
        let mut ids = Vec::with_capacity(q.references.len());
        for reference in &q.references {
            let mut variant = question(format!("r{}", questions.len()), q, reference.clone());
            variant.concepts = crate::derive::derive_concepts(&variant, &idf);
            ids.push(questions.len());
            questions.push(variant);
        }
        variants.push(ids);
    }
    Ok(GradedBank {
        engine: Engine::new(Bank { questions })?,
        variants,
    })
}

/// How well the reference answers cover their own derived rubrics.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SelfCoverage {
    pub references: usize,
    /// References covering at least [`SELF_COVERAGE`] of their own rubric.
    pub covering: usize,
    pub share: f64,
    /// Mean concepts per derived rubric.
    pub mean_concepts: f64,
    /// Concepts the references themselves state only negated (`negated` when scored).
    pub negated_concepts: usize,
}

/// Scores every reference answer against its own rubric.
pub fn self_coverage(bank: &GradedBank) -> Result<SelfCoverage> {
    let questions = &bank.engine.bank().questions;
    let reports: Vec<_> = questions
        .par_iter()
        .map(|q| bank.engine.score_sample_answer(q))
        .collect::<Result<_>>()?;
    // Found, covered or only mentioned: whether a terse reference reads as specific is a
    // judgement of the answer, not of the rubric derived from it.
    let covering = reports
        .iter()
        .filter(|r| r.found_share() >= SELF_COVERAGE - 1e-9)
        .count();
    Ok(SelfCoverage {
        references: questions.len(),
        covering,
        share: round(covering as f64 / questions.len().max(1) as f64),
        mean_concepts: round(
            questions.iter().map(|q| q.concepts.len()).sum::<usize>() as f64 / questions.len().max(1) as f64,
        ),
        negated_concepts: reports
            .iter()
            .flat_map(|r| &r.concepts)
            .filter(|c| c.status == Status::Negated)
            .count(),
    })
}
