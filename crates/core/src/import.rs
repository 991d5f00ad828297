//! `anscov bank import`: a bank's corpus files from a table of questions (JSONL or CSV,
//! one question per line or row, with its sample answer), for people whose questions
//! live in a spreadsheet or come from a public graded short-answer data set. The bank
//! gets no rubric files: anscov derives rubrics from the sample answers until someone
//! writes them (`anscov bank derive`).
//!
//! Builds the files' contents only: it must not write them ([`crate::scaffold::write`]
//! does, never over an existing file), derive rubrics or score.

use std::collections::HashMap;
use std::path::Path;

use crate::bank::{Bank, BankFile, BankFiles, CorpusToml, OTHER_REFERENCES_HEADING};
use crate::graded::questions;
use crate::scaffold::File;
use crate::table::{self, problem};
use crate::Result;

/// The slug made from a question's text keeps this many words.
const SLUG_WORDS: usize = 6;

/// What a row looks like, for error messages.
const EXPECTED: &str = "{\"id\": \"q1\", \"question\": \"...\", \"sample_answer\": \"...\"} (or a graded table: question_id, question, reference_answers, answer, grade)";

/// Reads `path` and returns its [`corpus_files`].
pub fn corpus_files_from(path: &Path) -> Result<Vec<File>> {
    let text = table::read_text(path)?;
    corpus_files(path, &text)
}

/// The files to add to the bank folder `out` (which may not exist yet) for the table at
/// `path` ([`corpus_files_from`]), checked against the questions already there: a question
/// id or slug the folder's bank already uses would make every later load of it fail
/// ("question id s01 is also defined in …"), so it stops the import before anything is
/// written. A file whose name is taken is left alone by the writer and not checked.
pub fn corpus_files_into(path: &Path, out: &Path) -> Result<Vec<File>> {
    let files = corpus_files_from(path)?;
    if !out.join("corpus").is_dir() {
        return Ok(files);
    }
    let existing = crate::bank::BankFiles::from_dir(out)?;
    let added: Vec<BankFile> = files
        .iter()
        .filter(|f| !out.join(&f.path).exists())
        .map(|f| BankFile {
            name: format!("{} (from {})", out.join(&f.path).display(), path.display()),
            text: f.contents.clone(),
        })
        .collect();
    let added = crate::bank::BankFiles {
        corpus: added,
        rubrics: Vec::new(),
    };
    Bank::parse(&[existing, added])?;
    Ok(files)
}

/// The corpus files (`corpus/<id>.toml`) for the questions of `path`, a `.csv` file (a
/// header row names the columns) or JSONL (any other name): a table of questions, or a
/// graded table with one row per student answer, whose repeated questions are merged (a
/// repeat with other text or reference answers is an error naming both lines). Every
/// question is checked as `Bank::parse` would check it, and problems name the line of
/// `path`.
///
/// A question with several reference answers keeps the first as its sample answer (the
/// source of its derived rubric and of the similarity figure) and lists the others in its
/// guidance; `anscov eval` on the table itself scores against each reference.
pub fn corpus_files(path: &Path, text: &str) -> Result<Vec<File>> {
    let rows = table::rows(path, text, EXPECTED)?;
    if rows.is_empty() {
        return Err(problem(
            path,
            None,
            "no questions",
            "add one question per line (JSONL) or row (CSV)",
        ));
    }
    let (questions, _) = questions(path, &rows)?;
    let mut files = Vec::with_capacity(questions.len());
    let mut bank = BankFiles::default();
    let mut file_names: HashMap<String, usize> = HashMap::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for question in questions {
        let line = question.line;
        let id = question.id.trim().to_string();
        let slug = match &question.slug {
            Some(slug) => slug.clone(),
            None => {
                // Two questions that open alike would get one slug: the later takes its id too.
                let slug = slug_of(&question.text);
                if slug.is_empty() || slugs.contains_key(&slug) {
                    format!("{}-{slug}", crate::bank::file_stem(&id))
                        .trim_end_matches('-')
                        .to_string()
                } else {
                    slug
                }
            }
        };
        slugs.insert(slug.to_ascii_lowercase(), line);
        let stem = crate::bank::file_stem(&id);
        if let Some(first) = file_names.insert(stem.to_ascii_lowercase(), line) {
            return Err(problem(
                path,
                Some(line),
                &format!("id `{id}` gives the file name corpus/{stem}.toml, as the id on line {first} does"),
                "give each question a unique id (letters, digits, '-' and '_' keep file names apart)",
            ));
        }
        let mut guidance = question.guidance.clone().unwrap_or_default();
        if question.references.len() > 1 {
            if !guidance.is_empty() {
                guidance.push_str("\n\n");
            }
            guidance.push_str(OTHER_REFERENCES_HEADING);
            for reference in &question.references[1..] {
                guidance.push_str("\n- ");
                guidance.push_str(reference);
            }
        }
        let contents = toml::to_string(&CorpusToml {
            id: &id,
            slug: &slug,
            question: question.text.trim(),
            guidance: guidance.trim(),
            sample_answer: question.references[0].trim(),
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
