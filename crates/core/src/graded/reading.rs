//! Reading a graded table (CSV or JSONL, one row per student answer): the column names,
//! the questions with their reference answers (repeats merged, conflicting repeats an
//! error naming both lines), and each answer with its grade or label.
//!
//! Reading only: it must not build a bank or score. `bank import` reads its tables through
//! [`questions`] too.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
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
/// `score_avg` is the mean of two graders' marks in the Mohler et al. (2011) short-answer
/// table (`id,question,desired_answer,student_answer,score_me,score_other,score_avg`), so
/// that table is read as published.
pub const GRADE: &[&str] = &["grade", "score", "score_avg", "mark"];
pub const LABEL: &[&str] = &["label"];

/// What a graded row looks like, for error messages.
const EXPECTED: &str = "{\"question_id\": \"1.1\", \"question\": \"...\", \"reference_answers\": [\"...\"], \"answer\": \"...\", \"grade\": 4} (or \"label\": \"correct\")";

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
                "give every answer a numeric `grade` (or `score`, `score_avg`, `mark`) or a `label` (\"correct\", \"incorrect\")",
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
