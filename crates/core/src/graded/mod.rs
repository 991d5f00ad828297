//! `anscov eval` on graded tables: one row per student answer, as public short-answer
//! data sets come (question id and text, one or more reference answers, the answer, and a
//! numeric grade or a label). The bank is built in memory from the table — every
//! reference answer gets a rubric derived by [`crate::derive`], as `bank import` and
//! loading the imported bank would give it — and every answer is scored against each
//! reference of its question, keeping the best: several reference answers are several
//! ways to make the points (SemEval-2013 Beetle gives up to 14 per question, most of them
//! alternatives such as "not connected" / "separated by the gap").
//!
//! Figures: for grades, Pearson and Spearman of each score with the grade; for labels,
//! ROC-AUC of each score for the positive label against the rest, and macro-F1 at a
//! threshold learnt on other data — by default cross-validated by question (the threshold
//! for one fold of questions is learnt on the others), or learnt on another table and
//! applied here ([`Thresholds::Learnt`]).
//!
//! [`TableQuestion`] and [`questions`] are shared with `bank import`, which takes the same
//! tables: repeated questions are merged, and a repeat with other text or other reference
//! answers is an error naming both lines.
//!
//! One job per file: `reading.rs` reads a table into questions and graded answers;
//! `derived_bank.rs` builds the in-memory bank (a derived rubric per reference answer) and
//! checks each reference covers its own rubric; `scoring.rs` scores every answer against
//! its question's references; `evaluation.rs` turns scores into figures (signals,
//! cross-validated thresholds, the learnt blend); `metrics.rs` holds ROC-AUC, macro-F1 and
//! the best threshold. It must not print or know the command line (`src/cli/eval.rs` does).

mod derived_bank;
mod evaluation;
mod metrics;
mod reading;
mod scoring;
#[cfg(test)]
mod tests;

pub use derived_bank::{build_bank, self_coverage, GradedBank, SelfCoverage, SELF_COVERAGE};
pub use evaluation::{
    evaluate, learn_concepts_share, learn_thresholds, positive_label, Labels, SignalFigures, TableEvaluation,
    Thresholds, FOLDS, SIGNALS,
};
pub use metrics::{best_threshold, macro_f1, roc_auc};
pub use reading::{
    looks_graded, parse, question_id, questions, read, GradedAnswer, GradedTable, TableQuestion, Target, ANSWER, GRADE,
    ID, LABEL, QUESTION, QUESTION_ID, REFERENCES,
};
pub use scoring::{score, Scores};
