//! `anscov bank import`: a bank's corpus files from a table of questions (JSONL or CSV,
//! one question per line or row, with its sample answer), for people whose questions
//! live in a spreadsheet or come from a public graded short-answer data set. The bank
//! gets no rubric files: anscov derives rubrics from the sample answers until someone
//! writes them (`anscov bank derive`).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::bank::{Bank, BankFile, BankFiles, CorpusToml};
use crate::error::Error;
use crate::scaffold::File;
use crate::Result;

/// The slug made from a question's text keeps this many words.
const SLUG_WORDS: usize = 6;

/// One question as the table gives it.
#[derive(Debug, Deserialize)]
struct Row {
    /// As written: a CSV cell, or a JSONL string or number (public data sets number their
    /// questions: 1.1, 1.2 … 1.10, which through f64 became 1.1 again).
    #[serde(skip)]
    id: Option<String>,
    slug: Option<String>,
    question: Option<String>,
    guidance: Option<String>,
    /// Also read as `reference_answer`, `reference` or `desired_answer`, the names
    /// graded short-answer data sets use for the model answer.
    #[serde(alias = "reference_answer", alias = "reference", alias = "desired_answer")]
    sample_answer: Option<String>,
}

/// The `id` of a JSONL row, raw, so a number keeps its digits.
#[derive(Deserialize)]
struct RowId {
    #[serde(default)]
    id: Option<Box<serde_json::value::RawValue>>,
}

/// Reads `path` (at most `--max-file-size` bytes: tables are small, a few hundred
/// questions is a few hundred KB, so anything bigger is the wrong file, not a bank) and
/// returns its [`corpus_files`].
pub fn corpus_files_from(path: &Path) -> Result<Vec<File>> {
    let bytes = crate::limits::read_file(
        path,
        crate::limits::max_file_size(),
        "a question table (pass the table of questions: id, question, sample_answer; not the answers)",
    )?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        problem(path, Some(line), "not UTF-8 text", "save the table as UTF-8")
    })?;
    corpus_files(path, &text)
}

/// The corpus files (`corpus/<id>.toml`) for the questions of `path`, a `.csv` file (a
/// header row names the columns) or JSONL (any other name). Every question is checked as
/// `Bank::parse` would check it, and problems name the line of `path`.
pub fn corpus_files(path: &Path, text: &str) -> Result<Vec<File>> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let rows = if is_csv {
        csv_rows(path, text)?
    } else {
        jsonl_rows(path, text)?
    };
    if rows.is_empty() {
        return Err(problem(
            path,
            None,
            "no questions",
            "add one question per line (JSONL) or row (CSV)",
        ));
    }
    let mut files = Vec::with_capacity(rows.len());
    let mut bank = BankFiles::default();
    let mut file_names: HashMap<String, usize> = HashMap::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for (line, row) in rows {
        let required = |value: Option<String>, field: &str| -> Result<String> {
            value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                problem(
                    path,
                    Some(line),
                    &format!("no `{field}`"),
                    "every question needs id, question and sample_answer (or reference_answer)",
                )
            })
        };
        let id = required(row.id, "id")?;
        let id = id.trim().to_string();
        let question = required(row.question, "question")?;
        let sample_answer = required(row.sample_answer, "sample_answer")?;
        let slug = match row.slug.filter(|s| !s.trim().is_empty()) {
            Some(slug) => slug.trim().to_string(),
            None => {
                // Two questions that open alike would get one slug: the later takes its id too.
                let slug = slug_of(&question);
                if slug.is_empty() || slugs.contains_key(&slug) {
                    format!("{}-{slug}", file_stem(&id)).trim_end_matches('-').to_string()
                } else {
                    slug
                }
            }
        };
        slugs.insert(slug.to_ascii_lowercase(), line);
        let stem = file_stem(&id);
        if let Some(first) = file_names.insert(stem.to_ascii_lowercase(), line) {
            return Err(problem(
                path,
                Some(line),
                &format!("id `{id}` gives the file name corpus/{stem}.toml, as the id on line {first} does"),
                "give each question a unique id (letters, digits, '-' and '_' keep file names apart)",
            ));
        }
        let contents = toml::to_string(&CorpusToml {
            id: &id,
            slug: &slug,
            question: question.trim(),
            guidance: row.guidance.as_deref().unwrap_or("").trim(),
            sample_answer: sample_answer.trim(),
        })
        .map_err(|e| problem(path, Some(line), &e.to_string(), "report this as a bug"))?;
        bank.corpus.push(BankFile {
            name: format!("{}:{line}", path.display()),
            text: contents.clone(),
        });
        files.push(File {
            path: Path::new("corpus").join(format!("{stem}.toml")),
            contents,
        });
    }
    // What `anscov score --bank DIR` will check: duplicate ids and slugs, named by line.
    Bank::parse(&[bank])?;
    Ok(files)
}

fn jsonl_rows(path: &Path, text: &str) -> Result<Vec<(usize, Row)>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_text = line.trim_start_matches('\u{feff}').trim();
        if line_text.is_empty() {
            continue;
        }
        let malformed = |e: serde_json::Error| {
            problem(
                path,
                Some(i + 1),
                &format!("malformed JSONL line: {e}"),
                "each line is an object like {\"id\": \"q1\", \"question\": \"...\", \"sample_answer\": \"...\"}",
            )
        };
        let mut row: Row = serde_json::from_str(line_text).map_err(malformed)?;
        let id: RowId = serde_json::from_str(line_text).map_err(malformed)?;
        row.id = id.id.as_deref().and_then(crate::input::id_as_written);
        rows.push((i + 1, row));
    }
    Ok(rows)
}

fn csv_rows(path: &Path, text: &str) -> Result<Vec<(usize, Row)>> {
    let malformed = |line: Option<usize>, e: csv::Error| {
        problem(
            path,
            line,
            &format!("malformed CSV: {e}"),
            "a header row names the columns id, question, sample_answer (and optionally slug, guidance)",
        )
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| malformed(Some(1), e))?.clone();
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(malformed(e.position().map(|p| p.line() as usize), e)),
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut row: Row = record
            .deserialize(Some(&headers))
            .map_err(|e| malformed(Some(line), e))?;
        // The cell as written (serde would read `1.10` as a number).
        row.id = headers
            .iter()
            .position(|h| h.trim() == "id")
            .and_then(|i| record.get(i))
            .map(str::to_string);
        rows.push((line, row));
    }
    Ok(rows)
}

/// `corpus/<stem>.toml`: the id with anything but ASCII letters, digits, '-' and '_'
/// replaced, so an id like "1.1" or "q/4" makes a safe file name.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The first words of a question, lower-case, joined by '-'.
fn slug_of(question: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    question
        .unicode_words()
        .map(|w| {
            w.to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(SLUG_WORDS)
        .collect::<Vec<_>>()
        .join("-")
}

fn problem(path: &Path, line: Option<usize>, message: &str, fix: &str) -> Error {
    let file = match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    };
    Error::Bank {
        file,
        message: message.to_string(),
        fix: fix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(name: &str, text: &str) -> Result<Vec<File>> {
        corpus_files(Path::new(name), text)
    }

    #[test]
    fn jsonl_and_csv_give_the_same_bank() {
        let jsonl = "{\"id\": \"1.1\", \"question\": \"What is the role of a prototype program in problem solving?\", \"desired_answer\": \"To simulate the behaviour of portions of the desired software product.\"}\n\n{\"id\": \"q2\", \"slug\": \"stack\", \"question\": \"What is a stack?\", \"sample_answer\": \"A last in, first out list.\", \"extra\": 3}\n";
        let csv = "id,question,reference_answer,slug\n1.1,What is the role of a prototype program in problem solving?,To simulate the behaviour of portions of the desired software product.,\nq2,What is a stack?,\"A last in, first out list.\",stack\n";
        let a = import("q.jsonl", jsonl).unwrap();
        let b = import("q.csv", csv).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].path, Path::new("corpus/1-1.toml"));
        assert!(
            a[0].contents.contains("slug = \"what-is-the-role-of-a\""),
            "{}",
            a[0].contents
        );
        assert!(a[1].contents.contains("slug = \"stack\""));
        // The files make a bank that parses, with the answers as sample answers.
        let bank = Bank::parse(&[BankFiles {
            corpus: a
                .iter()
                .map(|f| BankFile {
                    name: f.path.display().to_string(),
                    text: f.contents.clone(),
                })
                .collect(),
            rubrics: Vec::new(),
        }])
        .unwrap();
        assert_eq!(bank.questions[0].id, "1.1");
        assert_eq!(bank.questions[1].sample_answer, "A last in, first out list.");
    }

    #[test]
    fn problems_name_the_line() {
        let missing = import("q.jsonl", "{\"id\": \"a\", \"question\": \"Q?\", \"sample_answer\": \"A.\"}\n{\"id\": \"b\", \"question\": \"Q2?\"}\n");
        assert!(missing
            .unwrap_err()
            .to_string()
            .starts_with("q.jsonl:2: no `sample_answer`"));
        let malformed = import(
            "q.jsonl",
            "{\"id\": \"a\", \"question\": \"Q?\", \"sample_answer\": \"A.\"}\nnot json\n",
        );
        assert!(malformed
            .unwrap_err()
            .to_string()
            .starts_with("q.jsonl:2: malformed JSONL line"));
        let twice = "{\"id\": \"a\", \"question\": \"Q?\", \"sample_answer\": \"A.\"}\n{\"id\": \"A\", \"question\": \"Other?\", \"sample_answer\": \"B.\"}\n";
        let err = import("q.jsonl", twice).unwrap_err().to_string();
        assert!(err.starts_with("q.jsonl:2:") && err.contains("line 1"), "{err}");
        let same_slug = "id,question,sample_answer,slug\na,Q?,A.,s\nb,Q2?,B.,s\n";
        let err = import("q.csv", same_slug).unwrap_err().to_string();
        assert!(err.starts_with("q.csv:3:") && err.contains("q.csv:2"), "{err}");
        assert!(import("q.csv", "id,question,sample_answer\n")
            .unwrap_err()
            .to_string()
            .contains("no questions"));
    }

    #[test]
    fn generated_slugs_stay_unique() {
        let text = "{\"id\": \"a\", \"question\": \"Explain the difference between a stack and a queue.\", \"sample_answer\": \"A.\"}\n{\"id\": \"b\", \"question\": \"Explain the difference between a stack and a heap.\", \"sample_answer\": \"B.\"}\n";
        let files = import("q.jsonl", text).unwrap();
        assert!(files[0]
            .contents
            .contains("slug = \"explain-the-difference-between-a-stack\""));
        assert!(files[1]
            .contents
            .contains("slug = \"b-explain-the-difference-between-a-stack\""));
    }
}
