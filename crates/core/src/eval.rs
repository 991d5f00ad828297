//! `anscov eval`: measures the scorer against labelled answers.
//!
//! Input lines: `{"question": "q04", "text": "...", "covered": ["error-budgets"],
//! "grade": 4, "style": "transcript"}`; every field but `text` is optional. Reports
//! concept-level precision/recall/F1 (lines with `question` and `covered`), Spearman rank
//! correlation between coverage and grade, routing accuracy (each line with a `question`
//! is also scored without it), and keyword-list flags per style, overall and per `style`.
//!
//! Lines may also list `mentioned` (named without substance) and `negated` concepts. The
//! *credited share* of a line is the weight of its `covered` concepts over its rubric's
//! total weight: what an interviewer credits. Spearman between coverage and credited share
//! is the headline agreement figure, reported over prose (every style but keyword lists).
//!
//! Figures only: it must not print or decide exit codes (`src/cli/eval.rs` does), and must
//! not score differently from `anscov score`: answers go through [`Engine::score`].

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::Answer;
use crate::score::{round, AnswerReport, Engine};

/// One labelled line.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    #[serde(default)]
    pub question: Option<String>,
    pub text: String,
    #[serde(default)]
    pub covered: Option<Vec<String>>,
    /// Concepts named without substance (for the record; they earn no credited share).
    #[serde(default)]
    pub mentioned: Option<Vec<String>>,
    #[serde(default)]
    pub negated: Option<Vec<String>>,
    #[serde(default)]
    pub grade: Option<f64>,
    #[serde(default)]
    pub style: Option<String>,
}

/// Reads labelled JSONL files; a malformed line is an error naming file and line.
pub fn read_labelled(paths: &[impl AsRef<Path>]) -> Result<Vec<(String, Labelled)>> {
    let mut lines = Vec::new();
    for path in paths {
        let path = path.as_ref();
        // Bounded lines (issue 17): a FIFO or device was read without limit.
        for line in crate::limits::text_lines(path)? {
            let (n, line) = line?;
            if line.trim().is_empty() {
                continue;
            }
            let source = format!("{}:{n}", path.display());
            let parsed: Labelled = serde_json::from_str(&line).map_err(|e| Error::Input {
                source_name: source.clone(),
                message: format!("malformed labelled line: {e}; expected {{\"question\": \"q04\", \"text\": \"...\", \"covered\": [...], \"grade\": 3, \"style\": \"...\"}}"),
            })?;
            lines.push((source, parsed));
        }
    }
    Ok(lines)
}

/// Precision, recall and F1 over concept decisions. A figure whose denominator is zero
/// is undefined and `null` in JSON: with no concept labels at all, precision and recall
/// were reported as 1.0, a perfect score for nothing measured.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Prf {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Prf {
    fn finish(&mut self) {
        let tp = self.true_positives as f64;
        let share = |part: f64, whole: f64| (whole > 0.0).then(|| part / whole);
        let precision = share(tp, tp + self.false_positives as f64);
        let recall = share(tp, tp + self.false_negatives as f64);
        self.precision = precision.map(round);
        self.recall = recall.map(round);
        self.f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(round(2.0 * p * r / (p + r))),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
    }
}

/// Figures for one group of lines (all, or one style).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Figures {
    pub answers: usize,
    /// Lines with a question and a `covered` list: the ones `concepts` is counted over
    /// (with none, its precision and recall mean nothing).
    pub labelled: usize,
    pub concepts: Prf,
    /// Spearman's rho between coverage and grade (lines with a grade).
    pub spearman: Option<f64>,
    /// Pearson's r between coverage and grade.
    pub pearson: Option<f64>,
    /// Pearson's r between the report's `similarity` (tf-idf cosine with the sample
    /// answer) and grade: the plain-similarity control that coverage should beat.
    pub similarity_pearson: Option<f64>,
    pub mean_coverage: f64,
    /// Mean credited share (labelled lines): covered weight over total weight by the labels.
    pub mean_credited: Option<f64>,
    /// Spearman's rho between coverage and credited share (labelled lines).
    pub credited_spearman: Option<f64>,
    /// Of the lines with a question that the router assigned when scored without it (not
    /// "question unclear"), the share assigned to the right question.
    pub routing_accuracy: Option<f64>,
    /// Lines with a question for which the router said "question unclear".
    pub routing_unclear: usize,
    /// Lines flagged as keyword lists.
    pub keyword_list_flags: usize,
}

/// The full evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evaluation {
    pub overall: Figures,
    /// Every line whose style is not a keyword list ([`KEYWORD_STYLES`]).
    pub prose: Figures,
    pub styles: BTreeMap<String, Figures>,
    /// Per-line disagreements, for looking into errors.
    pub mistakes: Vec<Mistake>,
}

/// Styles of labelled lines that are bare lists of terms, left out of [`Evaluation::prose`].
pub const KEYWORD_STYLES: &[&str] = &["keywords", "keyword-list"];

/// A line where the scorer and the labels disagree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mistake {
    pub source: String,
    pub style: Option<String>,
    pub false_positives: Vec<String>,
    pub false_negatives: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_to: Option<String>,
}

struct LineResult {
    style: Option<String>,
    grade: Option<f64>,
    labelled: bool,
    /// Labelled credited share.
    credited: Option<f64>,
    coverage: f64,
    similarity: f64,
    prf: Prf,
    routed_ok: Option<bool>,
    unclear: bool,
    flagged: bool,
    mistake: Option<Mistake>,
}

/// Scores every line (in parallel) and computes the figures.
pub fn evaluate(engine: &Engine, lines: &[(String, Labelled)]) -> Result<Evaluation> {
    let results: Vec<LineResult> = lines
        .par_iter()
        .map(|(source, line)| evaluate_line(engine, source, line))
        .collect::<Result<_>>()?;
    let mut overall = Vec::new();
    let mut prose = Vec::new();
    let mut styles: BTreeMap<String, Vec<&LineResult>> = BTreeMap::new();
    for r in &results {
        overall.push(r);
        if !r.style.as_deref().is_some_and(|s| KEYWORD_STYLES.contains(&s)) {
            prose.push(r);
        }
        styles
            .entry(r.style.clone().unwrap_or_else(|| "unspecified".into()))
            .or_default()
            .push(r);
    }
    Ok(Evaluation {
        overall: figures(&overall),
        prose: figures(&prose),
        styles: styles.into_iter().map(|(k, v)| (k, figures(&v))).collect(),
        mistakes: results.into_iter().filter_map(|r| r.mistake).collect(),
    })
}

fn evaluate_line(engine: &Engine, source: &str, line: &Labelled) -> Result<LineResult> {
    let scored: AnswerReport = engine.score(&Answer::from_text(source, line.question.as_deref(), &line.text))?;
    let mut prf = Prf::default();
    let mut mistake = Mistake {
        source: source.to_string(),
        style: line.style.clone(),
        false_positives: vec![],
        false_negatives: vec![],
        routed_to: None,
    };
    // A label naming no concept of the question (a typo, a renamed concept) would silently
    // count as nothing and move every figure.
    if line.question.is_some() {
        let labels = [&line.covered, &line.mentioned, &line.negated];
        if let Some(unknown) = labels
            .iter()
            .filter_map(|l| l.as_ref())
            .flatten()
            .find(|id| !scored.concepts.iter().any(|c| &c.id == *id))
        {
            let question = scored.question.clone().unwrap_or_default();
            return Err(Error::Input {
                source_name: source.to_string(),
                message: format!(
                    "labels name `{unknown}`, which is not a concept of {question}; use an id that `anscov bank show {question}` lists"
                ),
            });
        }
    }
    if let (Some(_), Some(labels)) = (&line.question, &line.covered) {
        for concept in &scored.concepts {
            let labelled = labels.contains(&concept.id);
            match (concept.covered, labelled) {
                (true, true) => prf.true_positives += 1,
                (true, false) => {
                    prf.false_positives += 1;
                    mistake.false_positives.push(concept.id.clone());
                }
                (false, true) => {
                    prf.false_negatives += 1;
                    mistake.false_negatives.push(concept.id.clone());
                }
                (false, false) => {}
            }
        }
    }
    let (routed_ok, unclear) = match &line.question {
        Some(question) => {
            let routed = engine.score(&Answer::from_text(source, None, &line.text))?;
            let expected = engine
                .bank()
                .find(question)
                .map(|i| engine.bank().questions[i].id.clone());
            if routed.question != expected {
                mistake.routed_to = Some(routed.question.clone().unwrap_or_else(|| "unclear".into()));
            }
            (Some(routed.question == expected), routed.question.is_none())
        }
        None => (None, false),
    };
    let credited = match (&line.covered, &scored.question) {
        (Some(labels), Some(_)) if line.question.is_some() => {
            let total: f64 = scored.concepts.iter().map(|c| c.weight).sum();
            let credited: f64 = scored
                .concepts
                .iter()
                .filter(|c| labels.contains(&c.id))
                .map(|c| c.weight)
                .sum();
            (total > 0.0).then(|| credited / total)
        }
        _ => None,
    };
    let has_mistake =
        !mistake.false_positives.is_empty() || !mistake.false_negatives.is_empty() || mistake.routed_to.is_some();
    Ok(LineResult {
        style: line.style.clone(),
        grade: line.grade,
        labelled: line.question.is_some() && line.covered.is_some(),
        credited,
        coverage: scored.coverage,
        similarity: scored.similarity,
        prf,
        routed_ok,
        unclear,
        flagged: scored.flags.contains(&crate::verdict::Flag::KeywordList),
        mistake: has_mistake.then_some(mistake),
    })
}

fn figures(results: &[&LineResult]) -> Figures {
    let mut concepts = Prf::default();
    for r in results {
        concepts.true_positives += r.prf.true_positives;
        concepts.false_positives += r.prf.false_positives;
        concepts.false_negatives += r.prf.false_negatives;
    }
    concepts.finish();
    // Coverage, similarity and grade, all taken from the same graded lines so they align.
    let graded: Vec<&LineResult> = results.iter().copied().filter(|r| r.grade.is_some()).collect();
    let xs: Vec<f64> = graded.iter().map(|r| r.coverage).collect();
    let similarities: Vec<f64> = graded.iter().map(|r| r.similarity).collect();
    let ys: Vec<f64> = graded.iter().filter_map(|r| r.grade).collect();
    let routed: Vec<bool> = results
        .iter()
        .filter(|r| !r.unclear)
        .filter_map(|r| r.routed_ok)
        .collect();
    let credited_lines: Vec<&LineResult> = results.iter().copied().filter(|r| r.credited.is_some()).collect();
    let credited: Vec<f64> = credited_lines.iter().filter_map(|r| r.credited).collect();
    let credited_coverage: Vec<f64> = credited_lines.iter().map(|r| r.coverage).collect();
    Figures {
        answers: results.len(),
        mean_credited: (!credited.is_empty()).then(|| round(credited.iter().sum::<f64>() / credited.len() as f64)),
        credited_spearman: at_least_3(&credited, || spearman(&credited_coverage, &credited)),
        labelled: results.iter().filter(|r| r.labelled).count(),
        concepts,
        spearman: at_least_3(&ys, || spearman(&xs, &ys)),
        pearson: at_least_3(&ys, || pearson(&xs, &ys)),
        similarity_pearson: at_least_3(&ys, || pearson(&similarities, &ys)),
        mean_coverage: round(results.iter().map(|r| r.coverage).sum::<f64>() / results.len().max(1) as f64),
        routing_accuracy: (!routed.is_empty())
            .then(|| round(routed.iter().filter(|&&ok| ok).count() as f64 / routed.len() as f64)),
        routing_unclear: results.iter().filter(|r| r.unclear).count(),
        keyword_list_flags: results.iter().filter(|r| r.flagged).count(),
    }
}

/// A correlation over at least 3 lines, rounded; `None` (undefined) otherwise.
fn at_least_3(lines: &[f64], correlation: impl FnOnce() -> Option<f64>) -> Option<f64> {
    (lines.len() >= 3).then(correlation).flatten().map(round)
}

/// Pearson's correlation coefficient; `None` (undefined) with fewer than 2 values or when
/// either side is constant — the text table printed such a figure as 0.000.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if n < 2.0 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    if vx == 0.0 || vy == 0.0 {
        None
    } else {
        Some(cov / (vx.sqrt() * vy.sqrt()))
    }
}

/// Spearman's rank correlation (Pearson on ranks, ties averaged); `None` when undefined.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]).unwrap() - 1.0).abs() < 1e-9);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-9);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), None, "constant: undefined");
    }

    #[test]
    fn prf_from_counts() {
        let mut p = Prf {
            true_positives: 8,
            false_positives: 2,
            false_negatives: 2,
            ..Prf::default()
        };
        p.finish();
        assert_eq!((p.precision, p.recall, p.f1), (Some(0.8), Some(0.8), Some(0.8)));
        let mut none = Prf::default();
        none.finish();
        assert_eq!(
            (none.precision, none.recall, none.f1),
            (None, None, None),
            "nothing labelled"
        );
    }

    fn line(question: Option<&str>, text: &str, covered: Option<&[&str]>, grade: f64) -> (String, Labelled) {
        let json = serde_json::json!({
            "question": question,
            "text": text,
            "covered": covered,
            "grade": grade,
        });
        ("t".into(), serde_json::from_value(json).unwrap())
    }

    #[test]
    fn a_label_naming_no_concept_is_an_error_with_its_line() {
        let engine = Engine::new(crate::bank::Bank::embedded().unwrap()).unwrap();
        let lines = vec![line(
            Some("q04"),
            "We page on error budget burn.",
            Some(&["error-budget"]),
            3.0,
        )];
        let err = evaluate(&engine, &lines).unwrap_err().to_string();
        assert!(
            err.contains("labels name `error-budget`, which is not a concept of q04"),
            "{err}"
        );
    }

    #[test]
    fn similarity_control_and_labelled_count() {
        let engine = Engine::new(crate::bank::Bank::embedded().unwrap()).unwrap();
        let sample = engine.bank().questions[3].sample_answer.clone();
        let lines = vec![
            line(Some("q04"), &sample, Some(&[]), 5.0),
            line(Some("q04"), "We define SLOs and alert on error budget burn.", None, 3.0),
            line(Some("q04"), "It depends; I would follow best practices.", None, 0.0),
        ];
        let e = evaluate(&engine, &lines).unwrap();
        assert_eq!(e.overall.labelled, 1, "only the line with a `covered` list");
        // The sample answer is most similar to itself and has the best grade.
        let r = e.overall.similarity_pearson.unwrap();
        assert!(r > 0.5, "{r}");
        let unlabelled = evaluate(&engine, &lines[1..]).unwrap();
        assert_eq!(unlabelled.overall.labelled, 0);
        assert_eq!(unlabelled.overall.similarity_pearson, None, "fewer than 3 graded lines");
    }
}
