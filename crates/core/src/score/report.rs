//! The report for one answer, as the engine produces it and every reporter reads it: its
//! concepts with status and evidence, routing candidates and the derived figures
//! (coverage, specificity, the reference score). Types only: it must not score (`super` does) or
//! format (`crate::report` does).

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::delivery::Delivery;
pub use crate::evidence::Evidence;
use crate::matcher::{Signal, Verdict};
use crate::star::Star;
use crate::verdict::{Failure, Flag};

/// Whether a concept is covered.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Covered,
    Missed,
    /// Mentioned only under negation ("we never used canaries").
    Negated,
    /// Named or talked around, nothing specific said about it ("observability is key").
    Mentioned,
}

impl From<Verdict> for Status {
    fn from(verdict: Verdict) -> Status {
        match verdict {
            Verdict::Covered => Status::Covered,
            Verdict::Mentioned => Status::Mentioned,
            Verdict::Negated => Status::Negated,
            Verdict::Missed => Status::Missed,
        }
    }
}

/// The result for one concept.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConceptReport {
    pub id: String,
    pub label: String,
    pub weight: f64,
    pub required: bool,
    pub covered: bool,
    pub status: Status,
    /// Which signal established it (or its negated mention).
    #[serde(rename = "match")]
    pub signal: Option<Signal>,
    pub strength: Option<f64>,
    /// Share of the credit kept for how the concept was found, when below 1: a semantic
    /// match, loose or in a sentence that makes another concept's point
    /// ([`crate::matcher::SEMANTIC_WEAKEST_CREDIT`], [`crate::matcher::SHARED_SENTENCE_CREDIT`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_credit: Option<f64>,
    /// Why `match_credit` is below 1, for the reports' advice; not in the JSON.
    #[serde(skip)]
    pub credit_cut: Option<crate::matcher::CreditCut>,
    pub evidence: Vec<Evidence>,
    /// What to add; present when not covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The sentence of the bank's sample answer that shows the concept; present when not
    /// covered and the sample answer shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_sentence: Option<String>,
    /// The rubric states the point negatively (`negative = true`), so a `negated` status
    /// means the answer said the opposite, not that it declined the point.
    #[serde(skip)]
    pub stated_negatively: bool,
}

/// A routing candidate.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub question: String,
    pub confidence: f64,
}

/// The report for one answer. Field names are a public contract (JSON version 1): fields
/// may be added, never renamed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerReport {
    pub source: String,
    pub id: String,
    pub question: Option<String>,
    pub routed: bool,
    pub route_confidence: Option<f64>,
    pub coverage: f64,
    pub similarity: f64,
    /// The share of its weight each found concept earned ([`crate::specificity::credit`]);
    /// `None` when nothing was found.
    pub specificity: Option<f64>,
    /// Questions with a derived rubric only: similarity to the reference answer, the
    /// blended score and what carried it ([`crate::reference`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub reference: Option<crate::reference::ReferenceScore>,
    pub concepts: Vec<ConceptReport>,
    pub missing_required: Vec<String>,
    pub words: u32,
    /// The answer's aspiration and generic-talk words (byte ranges into `text`), which the
    /// text report quotes when specificity is low: what to cut or back with specifics.
    #[serde(skip)]
    pub talk: Vec<crate::analyzer::TalkWord>,
    pub flags: Vec<Flag>,
    /// Byte ranges of `text` that copy the question's guidance word for word
    /// ([`crate::matcher::Prompt`]): no evidence of anything. The flag
    /// [`Flag::RestatesPrompt`] says so in JSON.
    #[serde(skip)]
    pub copied: Vec<Range<usize>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Thresholds this answer failed (`anscov check` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
    /// How it would sound: words, fillers, hedges, length, and pace from cue timings.
    pub delivery: Delivery,
    /// STAR structure; only for questions the bank marks behavioural.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub star: Option<Star>,
    /// What changed since the previous draft of the same answer (`q04-draft1.md` →
    /// `q04-draft2.md`); set by the caller that sees the drafts ([`crate::progress`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// The text as read (evidence offsets point into it) and the answer's part of it,
    /// for reports that show the answer (HTML).
    #[serde(skip)]
    pub text: Arc<str>,
    #[serde(skip)]
    pub range: Range<usize>,
    /// Whether thresholds were applied (`anscov check`): without them there is no verdict
    /// to show, only the score (a 13% answer is not a "pass").
    #[serde(skip)]
    pub checked: bool,
    /// 1-based line of the answer's first character in its file.
    #[serde(skip)]
    pub line: usize,
    /// The file the answer came from, when it came from a file.
    #[serde(skip)]
    pub path: Option<std::path::PathBuf>,
}

impl AnswerReport {
    /// Records the runs that copy the prompt ([`AnswerReport::copied`]) and flags them.
    pub(crate) fn with_copied(mut self, copied: Vec<Range<usize>>) -> AnswerReport {
        if !copied.is_empty() {
            self.flags.push(Flag::RestatesPrompt);
        }
        self.copied = copied;
        self
    }

    /// The figure the answer is judged by: a derived rubric's blended score (coverage and
    /// similarity to the reference answer, [`crate::reference`]), coverage otherwise.
    /// `anscov check` applies its minimum to it.
    pub fn reported_score(&self) -> f64 {
        self.reference.as_ref().map_or(self.coverage, |r| r.score)
    }

    /// Weight of the concepts found at all (covered or mentioned) over the rubric's total
    /// weight, 1 for an empty rubric: whether the rubric's wording finds its points in this
    /// text, as opposed to how specifically the text makes them (`coverage`). Rubric checks
    /// (a reference against its own derived rubric, `bank lint`) ask the former.
    pub fn found_share(&self) -> f64 {
        let total: f64 = self.concepts.iter().map(|c| c.weight).sum();
        let found: f64 = self
            .concepts
            .iter()
            .filter(|c| matches!(c.status, Status::Covered | Status::Mentioned))
            .map(|c| c.weight)
            .sum();
        if total > 0.0 {
            found / total
        } else {
            1.0
        }
    }
}

/// A concept whose status changed between drafts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptChange {
    pub id: String,
    pub label: String,
    pub from: Status,
    pub to: Status,
}

/// A delivery figure before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub before: f64,
    pub after: f64,
}

/// What the newer draft of an answer gained and lost against the previous one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The previous draft's source and its draft number; this draft's number.
    pub previous: String,
    pub previous_draft: u32,
    pub draft: u32,
    pub coverage: Change,
    /// Concepts that moved up (missed → mentioned → covered).
    pub gained: Vec<ConceptChange>,
    /// Concepts that moved down.
    pub lost: Vec<ConceptChange>,
    pub words: Change,
    pub fillers_per_100_words: Change,
    pub hedges_per_100_words: Change,
    /// Present when both drafts are timed transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_per_minute: Option<Change>,
}
