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

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::bank::{Bank, Question, RubricOrigin};
use crate::error::{Error, Result};
use crate::eval::{pearson, spearman};
use crate::index::BankIndex;
use crate::input::Answer;
use crate::score::{round, Engine, Status};
use crate::table::{self, problem, Row};

/// Column names, first match wins. The question id is `question_id` when the table has
/// one (per-answer tables use `id` for the answer), otherwise `id`.
pub const QUESTION_ID: &[&str] = &["question_id", "qid"];
pub const ID: &[&str] = &["id"];
pub const QUESTION: &[&str] = &["question", "question_text"];
/// Reference answers: a list (`reference_answers`) or one per column name.
pub const REFERENCES: &[&str] = &[
    "reference_answers",
    "sample_answer",
    "reference_answer",
    "reference",
    "desired_answer",
    "model_answer",
];
pub const ANSWER: &[&str] = &["answer", "student_answer", "response"];
pub const GRADE: &[&str] = &["grade", "score"];
pub const LABEL: &[&str] = &["label"];

/// What a graded row looks like, for error messages.
const EXPECTED: &str = "{\"question_id\": \"1.1\", \"question\": \"...\", \"reference_answers\": [\"...\"], \"answer\": \"...\", \"grade\": 4} (or \"label\": \"correct\")";

/// Folds of the cross-validation by question: the threshold applied to a fifth of the
/// questions is learnt on the other four fifths.
pub const FOLDS: usize = 5;

/// A reference answer covering at least this share of its own derived rubric covers it
/// (issue 16: "every reference answer covers ≥ 90% of its own derived rubric").
pub const SELF_COVERAGE: f64 = 0.9;

/// One question of a table, merged over the rows that carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableQuestion {
    pub id: String,
    pub text: String,
    /// In table order, each once.
    pub references: Vec<String>,
    pub slug: Option<String>,
    pub guidance: Option<String>,
    /// The first line that gives it.
    pub line: usize,
}

/// The question id of a row: `question_id` (or `qid`) when the row has that column,
/// otherwise `id`.
pub fn question_id(row: &Row) -> Option<String> {
    if row.has(QUESTION_ID) {
        row.text(QUESTION_ID)
    } else {
        row.text(ID)
    }
}

/// The questions of a table's rows, merged by id, and for each row the index of its
/// question. A row without id, question text or reference answer, or a repeat of a
/// question with other text or references, is an error naming the line(s).
pub fn questions(path: &Path, rows: &[Row]) -> Result<(Vec<TableQuestion>, Vec<usize>)> {
    let mut out: Vec<TableQuestion> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut of_row = Vec::with_capacity(rows.len());
    for row in rows {
        let missing = |field: &str| {
            problem(
                path,
                Some(row.line),
                &format!("no `{field}`"),
                "every row needs a question id (`question_id`, or `id` in a table of questions), `question` and a reference answer (`reference_answers`, `sample_answer` or `reference_answer`)",
            )
        };
        let id = question_id(row).ok_or_else(|| missing(if row.has(QUESTION_ID) { "question_id" } else { "id" }))?;
        let text = row.text(QUESTION).ok_or_else(|| missing("question"))?;
        let mut references: Vec<String> = Vec::new();
        for reference in row.texts(REFERENCES) {
            if !references.contains(&reference) {
                references.push(reference);
            }
        }
        if references.is_empty() {
            return Err(missing("sample_answer"));
        }
        let question = TableQuestion {
            id: id.clone(),
            text,
            references,
            slug: row.text(&["slug"]),
            guidance: row.text(&["guidance"]),
            line: row.line,
        };
        match by_id.get(&id) {
            Some(&qi) => {
                let first = &out[qi];
                let what = if first.text != question.text {
                    Some("question text")
                } else if first.references != question.references {
                    Some("reference answers")
                } else if first.slug != question.slug || first.guidance != question.guidance {
                    Some("slug or guidance")
                } else {
                    None
                };
                if let Some(what) = what {
                    return Err(problem(
                        path,
                        Some(row.line),
                        &format!("question `{id}` has other {what} than on line {}", first.line),
                        "give the question the same text and reference answers on every row, or a different id",
                    ));
                }
                of_row.push(qi);
            }
            None => {
                by_id.insert(id, out.len());
                of_row.push(out.len());
                out.push(question);
            }
        }
    }
    Ok((out, of_row))
}

/// What an answer was graded.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub grade: Option<f64>,
    pub label: Option<String>,
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq)]
pub struct GradedAnswer {
    pub line: usize,
    /// Index into [`GradedTable::questions`].
    pub question: usize,
    /// The row's answer id, when the table gives one besides the question id.
    pub id: Option<String>,
    pub text: String,
    pub target: Target,
}

/// A graded table, read and checked.
#[derive(Debug, Clone)]
pub struct GradedTable {
    pub path: String,
    pub questions: Vec<TableQuestion>,
    pub answers: Vec<GradedAnswer>,
}

/// Whether the rows of `text` (from `path`) look like a graded table rather than the
/// labelled answers of `tests/eval` (`{"question": "q04", "text": ...}`): a CSV file, or a
/// first JSONL object with a reference answer column.
pub fn looks_graded(path: &Path, text: &str) -> bool {
    if table::is_csv(path) {
        return true;
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    first
        .and_then(|l| {
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(l.trim_start_matches('\u{feff}')).ok()
        })
        .is_some_and(|cells| REFERENCES.iter().any(|c| cells.contains_key(*c)))
}

/// Reads a graded table from `path`.
pub fn read(path: &Path) -> Result<GradedTable> {
    let text = table::read_text(path)?;
    parse(path, &text)
}

/// Parses a graded table (`path` says CSV or JSONL and names the file in errors).
pub fn parse(path: &Path, text: &str) -> Result<GradedTable> {
    let rows = table::rows(path, text, EXPECTED)?;
    if rows.is_empty() {
        return Err(problem(
            path,
            None,
            "no rows",
            &format!("add one graded answer per line, like {EXPECTED}"),
        ));
    }
    let (questions, of_row) = questions(path, &rows)?;
    let mut answers = Vec::with_capacity(rows.len());
    let has_question_id = rows.iter().any(|r| r.has(QUESTION_ID));
    for (row, question) in rows.iter().zip(of_row) {
        let text = row.text(ANSWER).ok_or_else(|| {
            problem(
                path,
                Some(row.line),
                "no `answer`",
                "every row needs the student's answer in `answer` (or `student_answer`)",
            )
        })?;
        let grade = row.number(GRADE).map_err(|(column, value)| {
            problem(
                path,
                Some(row.line),
                &format!("`{column}` is {value}, not a number"),
                "give grades as numbers (4, 3.5); put categories such as \"correct\" in `label`",
            )
        })?;
        let label = row.text(LABEL);
        if grade.is_none() && label.is_none() {
            return Err(problem(
                path,
                Some(row.line),
                "no `grade` or `label`",
                "give every answer a numeric `grade` or a `label` (\"correct\", \"incorrect\")",
            ));
        }
        answers.push(GradedAnswer {
            line: row.line,
            question,
            id: if has_question_id { row.text(ID) } else { None },
            text,
            target: Target { grade, label },
        });
    }
    Ok(GradedTable {
        path: path.display().to_string(),
        questions,
        answers,
    })
}

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
    let index = BankIndex::build(&profiles)?;
    let mut questions = Vec::new();
    let mut variants = Vec::with_capacity(table.questions.len());
    for q in &table.questions {
        let mut ids = Vec::with_capacity(q.references.len());
        for reference in &q.references {
            let mut variant = question(format!("r{}", questions.len()), q, reference.clone());
            variant.concepts = crate::derive::derive_concepts(&variant, &index);
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
        .map(|q| {
            bank.engine
                .score(&Answer::from_text(&q.file, Some(&q.id), &q.sample_answer))
        })
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

/// Evaluates `table` with its `scores` (from [`score`]).
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

fn correlation(xs: &[f64], ys: &[f64], f: fn(&[f64], &[f64]) -> Option<f64>) -> Option<f64> {
    f(xs, ys).map(round)
}

/// ROC-AUC of `scores` for `truth` (the probability that a random positive scores above a
/// random negative, ties counting half); `None` without both classes.
pub fn roc_auc(scores: &[f64], truth: &[bool]) -> Option<f64> {
    let positives = truth.iter().filter(|&&t| t).count();
    let negatives = truth.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Mann-Whitney U from average ranks.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += rank * order[i..=j].iter().filter(|&&k| truth[k]).count() as f64;
        i = j + 1;
    }
    let (p, n) = (positives as f64, negatives as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Mean of the F1 of the positive class and of the negative class.
pub fn macro_f1(predicted: &[bool], truth: &[bool]) -> f64 {
    let f1 = |class: bool| {
        let tp = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p == class && t == class)
            .count() as f64;
        let fp = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p == class && t != class)
            .count() as f64;
        let fn_ = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p != class && t == class)
            .count() as f64;
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    };
    (f1(true) + f1(false)) / 2.0
}

/// The threshold (predict positive when score ≥ it) with the best macro-F1 on these rows,
/// and that F1; midway between adjacent distinct scores, so it generalises to scores in
/// between. `None` without rows.
pub fn best_threshold(scores: &[f64], truth: &[bool]) -> Option<(f64, f64)> {
    if scores.is_empty() {
        return None;
    }
    let mut distinct: Vec<f64> = scores.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut candidates = vec![distinct[0]];
    candidates.extend(distinct.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(distinct[distinct.len() - 1] + 1e-9);
    // Sweep: scores sorted descending, the prediction flips to positive one score at a time.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let positives = truth.iter().filter(|&&t| t).count() as f64;
    let negatives = truth.len() as f64 - positives;
    let f1 = |tp: f64, fp: f64, fn_: f64| {
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    };
    let mut best: Option<(f64, f64)> = None;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut k = 0;
    for &t in candidates.iter().rev() {
        while k < order.len() && scores[order[k]] >= t {
            if truth[order[k]] {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            k += 1;
        }
        let (fn_, tn) = (positives - tp, negatives - fp);
        let macro_f1 = (f1(tp, fp, fn_) + f1(tn, fn_, fp)) / 2.0;
        if best.is_none_or(|(_, m)| macro_f1 > m) {
            best = Some((t, macro_f1));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = r#"{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a1", "answer": "Let the water evaporate and the salt is left behind.", "label": "correct"}
{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a2", "answer": "I used a magnet.", "label": "incorrect"}
{"question_id": "Q2", "question": "Why does the bulb light?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a3", "answer": "because the circuit is closed", "label": "correct"}
{"question_id": "Q2", "question": "Why does the bulb light?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a4", "answer": "the battery is big", "label": "incorrect"}
"#;

    #[test]
    fn merges_questions_and_scores_against_the_best_reference() {
        let table = parse(Path::new("t.jsonl"), TABLE).unwrap();
        assert_eq!(table.questions.len(), 2);
        assert_eq!(table.questions[1].references.len(), 2);
        assert_eq!(table.answers[0].id.as_deref(), Some("a1"));
        let bank = build_bank(&table).unwrap();
        assert_eq!(bank.variants, [vec![0], vec![1, 2]]);
        let scores = score(&table, &bank).unwrap();
        assert!(scores[0].coverage > scores[1].coverage, "{scores:?}");
        assert_eq!(scores[2].reference, 1, "the second reference says it: {scores:?}");
        assert!(scores[2].coverage > scores[3].coverage, "{scores:?}");
        let own = self_coverage(&bank).unwrap();
        assert_eq!(own.references, 3);
        let e = evaluate(&table, &scores, own, None, &Thresholds::CrossValidated).unwrap();
        assert_eq!(e.labels.as_ref().unwrap().positive, "correct");
        assert_eq!(e.signals[0].roc_auc, Some(1.0));
        assert_eq!(e.signals[0].pearson, None, "labels, no grades");
    }

    #[test]
    fn conflicting_repeats_and_missing_fields_name_the_line() {
        let conflict = TABLE.replacen("\"Why does the bulb light?\"", "\"Why?\"", 1);
        let err = parse(Path::new("t.jsonl"), &conflict).unwrap_err().to_string();
        assert!(
            err.starts_with("t.jsonl:4: question `Q2` has other question text than on line 3"),
            "{err}"
        );
        let err = parse(
            Path::new("t.csv"),
            "question_id,question,reference_answer,answer\nq,Q?,A.,a\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("t.csv:2: no `grade` or `label`"), "{err}");
        let err = parse(
            Path::new("t.csv"),
            "question_id,question,reference_answer,answer,grade\nq,Q?,A.,a,good\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("t.csv:2: `grade` is \"good\", not a number"), "{err}");
    }

    #[test]
    fn metrics() {
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), Some(0.75));
        assert_eq!(roc_auc(&[0.5, 0.5], &[false, true]), Some(0.5));
        assert_eq!(roc_auc(&[0.5], &[true]), None);
        assert_eq!(macro_f1(&[true, false], &[true, false]), 1.0);
        let (t, f) = best_threshold(&[0.1, 0.2, 0.7, 0.9], &[false, false, true, true]).unwrap();
        assert!((0.2..=0.7).contains(&t) && f == 1.0, "{t} {f}");
    }

    #[test]
    fn csv_tables_read_like_jsonl() {
        let csv = "question_id,question,reference_answers,id,answer,grade\nQ2,Why does the bulb light?,\"The bulb is in a closed path with the battery\nThe circuit is closed\",a3,because the circuit is closed,5\n";
        let table = parse(Path::new("t.csv"), csv).unwrap();
        assert_eq!(table.questions[0].references.len(), 2);
        assert_eq!(table.answers[0].target.grade, Some(5.0));
    }
}
