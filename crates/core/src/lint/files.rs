//! [`lint`]: the file-by-file pass (each corpus file, then each rubric against its
//! question's corpus file: `schema` and `duplicate-id` findings), then the semantic checks
//! on the bank the files that passed load as.
//!
//! Reads files leniently only to name duplicates and lines; whether a file is valid is
//! always [`Bank::parse`]'s word, never a second parser's. It must not write a bank file.

use serde::Deserialize;

use crate::bank::{Bank, BankFile, BankFiles};
use crate::error::{Error, Result};

use super::lines::{key_line, IdLines};
use super::semantic::semantic_checks;
use super::{Finding, Lint, Severity};

/// The fields of a corpus file lint needs, read leniently (the strict parse is
/// [`Bank::parse`]'s, whose errors are reported as `schema`).
#[derive(Deserialize)]
struct CorpusPeek {
    id: String,
    slug: String,
}

#[derive(Deserialize)]
struct RubricPeek {
    question: String,
    #[serde(default, rename = "concept")]
    concepts: Vec<ConceptPeek>,
}

#[derive(Deserialize)]
struct ConceptPeek {
    id: String,
}

/// Lints banks combined, as `--bank A --bank B` would load them.
///
/// Linear in the bank's size: every lookup is a hash map, each rubric is checked against
/// its own question's corpus file only, and lines are found within the concept's own
/// table. (Scans per file, per concept and per alternative took `bank lint` 46 s on one
/// rubric of 15k concepts and 190 s on 30k.)
pub fn lint(banks: &[BankFiles]) -> Result<Lint> {
    use rustc_hash::{FxHashMap, FxHashSet};
    let mut lint = Lint::default();
    // 1. Corpus files one by one: schema errors, then duplicate ids and slugs.
    let mut corpus_ok: Vec<&BankFile> = Vec::new();
    // Lower-cased id → (id, corpus_ok index); lower-cased slug → corpus_ok index.
    let mut ids: FxHashMap<String, (String, usize)> = FxHashMap::default();
    let mut slugs: FxHashMap<String, usize> = FxHashMap::default();
    for file in banks.iter().flat_map(|b| &b.corpus) {
        if let Err(err) = Bank::parse(&[BankFiles {
            corpus: vec![file.clone()],
            rubrics: vec![],
        }]) {
            lint.unparseable = true;
            lint.findings.push(schema_finding(file, err));
            continue;
        }
        let Ok(peek) = toml::from_str::<CorpusPeek>(&file.text) else {
            continue;
        };
        let (id, slug) = (peek.id.to_ascii_lowercase(), peek.slug.to_ascii_lowercase());
        let clash = if let Some(&(_, other)) = ids.get(&id) {
            Some((format!("question id `{}` is also defined in", peek.id), "id", other))
        } else if let Some(&other) = slugs.get(&slug) {
            Some((
                format!("question slug `{}` is also defined in", peek.slug),
                "slug",
                other,
            ))
        } else if let Some(&other) = slugs.get(&id) {
            // A name shared by one question's id and another's slug: answers naming it
            // were routed to whichever question came first.
            Some((
                format!("question id `{}` is the slug of the question in", peek.id),
                "id",
                other,
            ))
        } else {
            ids.get(&slug).map(|&(_, other)| {
                (
                    format!("question slug `{}` is the id of the question in", peek.slug),
                    "slug",
                    other,
                )
            })
        };
        if let Some((message, key, other)) = clash {
            lint.findings.push(Finding {
                file: file.name.clone(),
                line: key_line(&file.text, key),
                severity: Severity::Error,
                code: "duplicate-id",
                message: format!("{message} {}", corpus_ok[other].name),
                fix: "give each question an id and slug no other question uses as its id or slug, or drop one of the banks".into(),
            });
            continue;
        }
        ids.insert(id, (peek.id, corpus_ok.len()));
        slugs.insert(slug, corpus_ok.len());
        corpus_ok.push(file);
    }
    if corpus_ok.is_empty() {
        if !lint.unparseable {
            // No corpus file at all: Bank::parse says so with the right fix.
            Bank::parse(banks)?;
        }
        return Ok(lint);
    }
    // The good corpus file a rubric's `question` names (by id or slug), as Bank::parse
    // attaches rubrics.
    let named = |question: &str| {
        let key = question.to_ascii_lowercase();
        ids.get(&key).map(|&(_, i)| i).or_else(|| slugs.get(&key).copied())
    };
    // 2. Rubric files one by one against their question's corpus file: duplicate concept
    // ids, a second rubric for one question, then anything else Bank::parse rejects.
    let mut rubrics_ok: Vec<BankFile> = Vec::new();
    let mut rubric_of: FxHashMap<usize, String> = FxHashMap::default();
    let mut rejected: FxHashSet<String> = FxHashSet::default();
    for file in banks.iter().flat_map(|b| &b.rubrics) {
        let peek = toml::from_str::<RubricPeek>(&file.text).ok();
        if let Some(peek) = &peek {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            let mut duplicate = false;
            let mut lines = IdLines::new(&file.text);
            for concept in &peek.concepts {
                if !seen.insert(&concept.id) {
                    duplicate = true;
                    lint.findings.push(Finding {
                        file: file.name.clone(),
                        line: lines.nth(&concept.id, 2),
                        severity: Severity::Error,
                        code: "duplicate-id",
                        message: format!("concept id `{}` is used twice in this rubric", concept.id),
                        fix: "give each concept of a question its own id, or merge the two concepts".into(),
                    });
                }
            }
            if duplicate {
                // Until it is accepted: a rejected rubric is reported, not "no rubric".
                rejected.insert(peek.question.to_ascii_lowercase());
                continue;
            }
        }
        let question = peek.as_ref().and_then(|p| named(&p.question));
        // Unparseable or naming no question: any corpus file lets Bank::parse say which.
        let files = BankFiles {
            corpus: vec![corpus_ok[question.unwrap_or(0)].clone()],
            rubrics: vec![file.clone()],
        };
        if let Err(err) = Bank::parse(&[files]) {
            if let Some(peek) = &peek {
                rejected.insert(peek.question.to_ascii_lowercase());
            }
            lint.unparseable = true;
            lint.findings.push(schema_finding(file, err));
            continue;
        }
        let (Some(peek), Some(question)) = (peek, question) else {
            continue;
        };
        if let Some(other) = rubric_of.get(&question) {
            rejected.insert(peek.question.to_ascii_lowercase());
            lint.findings.push(Finding {
                file: file.name.clone(),
                line: key_line(&file.text, "question"),
                severity: Severity::Error,
                code: "duplicate-id",
                message: format!("question `{}` already has a rubric in {other}", peek.question),
                fix: "merge the two rubrics into one file".into(),
            });
            continue;
        }
        rubric_of.insert(question, file.name.clone());
        rubrics_ok.push(file.clone());
    }
    // 3. The bank as it would load from the good files: per-question checks.
    let files = BankFiles {
        corpus: corpus_ok.iter().map(|f| (*f).clone()).collect(),
        rubrics: rubrics_ok,
    };
    let bank = Bank::parse(std::slice::from_ref(&files))?;
    semantic_checks(&bank, &files, &rejected, &mut lint)?;
    lint.findings.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.line.cmp(&b.line))
            .then(a.severity.cmp(&b.severity))
    });
    Ok(lint)
}

/// A `schema` finding from a [`Bank::parse`] error about one file.
fn schema_finding(file: &BankFile, err: Error) -> Finding {
    let (line, message, fix) = match err {
        Error::Parse {
            line,
            column,
            message,
            fix,
            ..
        } => (line, format!("{message} (column {column})"), fix),
        Error::Bank { file: at, message, fix } => {
            let line = at
                .strip_prefix(&file.name)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            (line, message, fix)
        }
        other => (1, other.to_string(), "fix the file so the bank loads".into()),
    };
    Finding {
        file: file.name.clone(),
        line,
        severity: Severity::Error,
        code: "schema",
        message,
        fix,
    }
}
