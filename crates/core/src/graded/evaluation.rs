//! From scores to figures: per signal (coverage, similarity, reference similarity, the
//! blended score) Pearson and Spearman with grades, ROC-AUC and macro-F1 with labels, the
//! thresholds (cross-validated by question or learnt on another table) and the blend's
//! share of coverage learnt per fold.
//!
//! Figures only: it must not score answers or build banks; the statistics themselves are
//! `metrics.rs`'s and [`crate::eval`]'s.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::eval::{pearson, spearman};
use crate::score::round;
use crate::table::problem;

use super::derived_bank::SelfCoverage;
use super::metrics::{best_threshold, correlation, macro_f1, roc_auc};
use super::reading::GradedTable;
use super::scoring::Scores;

/// Folds of the cross-validation by question: the threshold applied to a fifth of the
/// questions is learnt on the other four fifths.
pub const FOLDS: usize = 5;

/// The signals reported, in order.
pub const SIGNALS: &[&str] = &["coverage", "similarity", "reference_similarity", "score"];

/// The signal whose blend of coverage and reference similarity is re-learnt per fold.
const BLENDED: &str = "score";

/// Shares of coverage tried when learning the blend, 0, 0.05, …, 1.
const SHARES: usize = 20;

/// `signal` of `scores`; the blended score at `concepts_share`.
fn signal_value(scores: &Scores, signal: &str, concepts_share: f64) -> f64 {
    match signal {
        "similarity" => scores.similarity,
        "reference_similarity" => scores.reference_similarity,
        BLENDED => scores.blended(concepts_share),
        _ => scores.coverage,
    }
}

/// The share of coverage in the blended score (of [`SHARES`] + 1 steps) that ranks the
/// rows `rows` best: ROC-AUC with `truth` when given, else Pearson with `grades`; ties go
/// to the smaller share. `None` when no share gives a figure.
pub fn learn_concepts_share(scores: &[Scores], rows: &[usize], truth: Option<&[bool]>, grades: &[f64]) -> Option<f64> {
    let mut best: Option<(f64, f64)> = None;
    for step in 0..=SHARES {
        let share = step as f64 / SHARES as f64;
        let xs: Vec<f64> = rows.iter().map(|&i| scores[i].blended(share)).collect();
        let figure = match truth {
            Some(truth) => roc_auc(&xs, &rows.iter().map(|&i| truth[i]).collect::<Vec<_>>()),
            None => pearson(&xs, &rows.iter().map(|&i| grades[i]).collect::<Vec<_>>()),
        };
        if let Some(f) = figure {
            if best.is_none_or(|(_, b)| f > b + 1e-12) {
                best = Some((share, f));
            }
        }
    }
    best.map(|(share, _)| share)
}

/// Where the thresholds for macro-F1 come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Thresholds {
    /// Learnt on the other folds of questions ([`FOLDS`]), for each fold.
    CrossValidated,
    /// Learnt on another table (`from`), one per signal.
    Learnt {
        from: String,
        values: BTreeMap<String, f64>,
    },
}

/// Figures for one signal.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SignalFigures {
    pub signal: String,
    /// Pearson and Spearman with the grade (tables with grades).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pearson: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spearman: Option<f64>,
    /// ROC-AUC for the positive label against the rest (tables with labels); `null` when
    /// one side is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roc_auc: Option<f64>,
    /// Macro-F1 (positive label and the rest) at the threshold(s) of `thresholds_from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub macro_f1: Option<f64>,
    /// The threshold learnt on this whole table (to apply to another with
    /// `--threshold-from`), or the one applied when it was learnt elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// Label counts of a labelled table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Labels {
    pub positive: String,
    pub positives: usize,
    pub negatives: usize,
}

/// The evaluation of one graded table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableEvaluation {
    pub file: String,
    pub answers: usize,
    pub questions: usize,
    pub references: usize,
    /// Present when every row has a grade.
    pub graded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Labels>,
    /// Where macro-F1's thresholds were learnt: "cross-validated by question (5 folds)"
    /// or a file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds_from: Option<String>,
    pub signals: Vec<SignalFigures>,
    /// The share of coverage in `score` learnt on the other folds, per fold of questions
    /// (cross-validated tables); the rest is reference similarity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub score_concepts_share: Vec<f64>,
    pub self_coverage: SelfCoverage,
}

/// The positive label of `table`: `positive` when given (it must occur), else `correct`
/// (any case) when it occurs. `None` when no row has a label.
pub fn positive_label(table: &GradedTable, positive: Option<&str>) -> Result<Option<String>> {
    let labels: std::collections::BTreeSet<&str> =
        table.answers.iter().filter_map(|a| a.target.label.as_deref()).collect();
    if labels.is_empty() {
        return Ok(None);
    }
    if let Some(missing) = table.answers.iter().find(|a| a.target.label.is_none()) {
        return Err(problem(
            Path::new(&table.path),
            Some(missing.line),
            "no `label`, while other rows have one",
            "give every row a label, or none",
        ));
    }
    let wanted = positive.unwrap_or("correct");
    match labels.iter().find(|l| l.eq_ignore_ascii_case(wanted)) {
        Some(found) => Ok(Some(found.to_string())),
        None => Err(Error::Usage(format!(
            "{}: no label `{wanted}` among {}\n  fix: name the label of a correct answer with --positive LABEL",
            table.path,
            labels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Evaluates `table` with its `scores` (from [`score`](super::score)).
pub fn evaluate(
    table: &GradedTable,
    scores: &[Scores],
    self_coverage: SelfCoverage,
    positive: Option<&str>,
    thresholds: &Thresholds,
) -> Result<TableEvaluation> {
    let positive = positive_label(table, positive)?;
    let graded = table.answers.iter().all(|a| a.target.grade.is_some());
    let grades: Vec<f64> = table.answers.iter().filter_map(|a| a.target.grade).collect();
    let truth: Option<Vec<bool>> = positive.as_ref().map(|p| {
        table
            .answers
            .iter()
            .map(|a| a.target.label.as_deref() == Some(p.as_str()))
            .collect()
    });
    let folds: Vec<usize> = table.answers.iter().map(|a| a.question % FOLDS).collect();
    // The blend's share of coverage: under cross-validation learnt per fold on the other
    // folds' questions, so no figure of `score` is measured on questions it was learnt on.
    let cross_validated = matches!(thresholds, Thresholds::CrossValidated) && (truth.is_some() || graded);
    let shares: Vec<f64> = (0..FOLDS)
        .map(|fold| {
            let train: Vec<usize> = (0..scores.len()).filter(|&i| folds[i] != fold).collect();
            cross_validated
                .then(|| learn_concepts_share(scores, &train, truth.as_deref(), &grades))
                .flatten()
                .unwrap_or(crate::reference::CONCEPTS_SHARE)
        })
        .collect();
    let share_of = |signal: &str, fold: usize| {
        if signal == BLENDED && cross_validated {
            shares[fold]
        } else {
            crate::reference::CONCEPTS_SHARE
        }
    };
    let signals = SIGNALS
        .iter()
        .map(|&signal| {
            let xs: Vec<f64> = scores
                .iter()
                .zip(&folds)
                .map(|(s, &fold)| signal_value(s, signal, share_of(signal, fold)))
                .collect();
            let mut figures = SignalFigures {
                signal: signal.to_string(),
                ..SignalFigures::default()
            };
            if graded && grades.len() >= 3 {
                figures.pearson = correlation(&xs, &grades, pearson);
                figures.spearman = correlation(&xs, &grades, spearman);
            }
            if let Some(truth) = &truth {
                figures.roc_auc = roc_auc(&xs, truth).map(round);
                match thresholds {
                    Thresholds::CrossValidated => {
                        let mut predicted = vec![false; xs.len()];
                        for fold in 0..FOLDS {
                            let train: Vec<usize> = (0..xs.len()).filter(|&i| folds[i] != fold).collect();
                            let share = share_of(signal, fold);
                            let (tx, ty): (Vec<f64>, Vec<bool>) = train
                                .iter()
                                .map(|&i| (signal_value(&scores[i], signal, share), truth[i]))
                                .unzip();
                            let Some((t, _)) = best_threshold(&tx, &ty) else {
                                continue;
                            };
                            for i in (0..xs.len()).filter(|&i| folds[i] == fold) {
                                predicted[i] = xs[i] >= t;
                            }
                        }
                        figures.macro_f1 = Some(round(macro_f1(&predicted, truth)));
                        let whole: Vec<f64> = scores
                            .iter()
                            .map(|s| signal_value(s, signal, crate::reference::CONCEPTS_SHARE))
                            .collect();
                        figures.threshold = best_threshold(&whole, truth).map(|(t, _)| round(t));
                    }
                    Thresholds::Learnt { values, .. } => {
                        if let Some(&t) = values.get(signal) {
                            let predicted: Vec<bool> = xs.iter().map(|&x| x >= t).collect();
                            figures.macro_f1 = Some(round(macro_f1(&predicted, truth)));
                            figures.threshold = Some(round(t));
                        }
                    }
                }
            }
            figures
        })
        .collect();
    Ok(TableEvaluation {
        file: table.path.clone(),
        answers: table.answers.len(),
        questions: table.questions.len(),
        references: table.questions.iter().map(|q| q.references.len()).sum(),
        graded,
        labels: truth.as_ref().zip(positive).map(|(truth, positive)| Labels {
            positive,
            positives: truth.iter().filter(|&&t| t).count(),
            negatives: truth.iter().filter(|&&t| !t).count(),
        }),
        thresholds_from: truth.as_ref().map(|_| match thresholds {
            Thresholds::CrossValidated => format!("cross-validated by question ({FOLDS} folds)"),
            Thresholds::Learnt { from, .. } => from.clone(),
        }),
        signals,
        score_concepts_share: if cross_validated { shares } else { Vec::new() },
        self_coverage,
    })
}

/// The thresholds learnt on a whole table (one per signal), for [`Thresholds::Learnt`].
pub fn learn_thresholds(table: &GradedTable, scores: &[Scores], positive: Option<&str>) -> Result<Thresholds> {
    let Some(positive) = positive_label(table, positive)? else {
        return Err(Error::Usage(format!(
            "{}: no labels to learn a threshold from\n  fix: pass a table whose rows have a `label` to --threshold-from",
            table.path
        )));
    };
    let truth: Vec<bool> = table
        .answers
        .iter()
        .map(|a| a.target.label.as_deref() == Some(positive.as_str()))
        .collect();
    let values = SIGNALS
        .iter()
        .filter_map(|&signal| {
            let xs: Vec<f64> = scores
                .iter()
                .map(|s| signal_value(s, signal, crate::reference::CONCEPTS_SHARE))
                .collect();
            best_threshold(&xs, &truth).map(|(t, _)| (signal.to_string(), t))
        })
        .collect();
    Ok(Thresholds::Learnt {
        from: table.path.clone(),
        values,
    })
}
