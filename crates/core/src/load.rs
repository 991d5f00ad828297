//! Loading a bank: its files parsed and checked ([`Bank::parse`]), then a rubric derived
//! from the sample answer of every question that has none ([`crate::derive`]), so the bank
//! is complete before an [`crate::score::Engine`] exists: `check`'s `require = [...]`, the
//! reporters and the engine all see the same concepts. The one way the binary, `bench`
//! and the tests load a bank.
//!
//! Deriving is bounded: a bank needing more than [`max_derived_rubrics`] derived rubrics
//! (default [`DEFAULT_MAX_DERIVED_RUBRICS`] = 5,000, `--max-derived-rubrics N`) is refused with an
//! error naming its folder, the count, the limit and the fix, because every derived
//! rubric is derived again, and its reference answer compiled, at every start.
//!
//! Size is bounded too: more than [`max_bank_questions`] questions in the banks loaded
//! together (default [`DEFAULT_MAX_BANK_QUESTIONS`] = 20,000, `--max-bank-questions N`)
//! are refused before a file is read, naming the folders, the count, the limit and the
//! flag, because every question is compiled at every start (100,000 questions of 10
//! concepts, `scripts/gen_bank.py`: 1.25 GiB and 27 s of CPU; docs/limits.md "Bank size").
//!
//! Above `bank` and `derive` (each of which knows nothing of the other's caller); must not
//! compile or score anything.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::bank::{Bank, BankFiles, Question, RubricOrigin};
use crate::error::Error;
use crate::Result;

/// Default most questions of a bank whose rubric is derived at load. Chosen from
/// measurements on this project's shared 2-core VM (docs/limits.md "Bank size", one named
/// answer, `/usr/bin/time -v anscov score --bank DIR`, 2026-12-01 at load 9–10): 5,000
/// questions without rubrics load in 7.0–8.3 s and 259 MB; 10,000 took 15–17 s (6.0–6.7 s
/// of CPU) and 480 MB, 20,000 920 MB, 100,000 five minutes and 3.5 GB. Issue 17 asks for
/// ≤ 10 s and ≤ 1 GB on this machine, busy as it is.
pub const DEFAULT_MAX_DERIVED_RUBRICS: usize = 5_000;

/// The flag that raises [`max_derived_rubrics`], named in the error.
pub const DERIVED_FLAG: &str = "--max-derived-rubrics";

static MAX_DERIVED_RUBRICS: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_DERIVED_RUBRICS);

/// The most derived rubrics loading a bank accepts. The binary sets it once from
/// `--max-derived-rubrics`.
pub fn max_derived_rubrics() -> usize {
    MAX_DERIVED_RUBRICS.load(Ordering::Relaxed)
}

/// Sets [`max_derived_rubrics`].
pub fn set_max_derived_rubrics(questions: usize) {
    MAX_DERIVED_RUBRICS.store(questions, Ordering::Relaxed);
}

/// Default most questions of the banks loaded together. Chosen from measurements on this
/// project's shared 2-core VM (docs/limits.md "Bank size": `/usr/bin/time -v anscov score
/// --bank DIR one.md`, banks from `scripts/gen_bank.py`, questions of 10 concepts with
/// rubrics, 2026-12-01 at load 5–9): 20,000 questions load in 7.3–11.0 s (5.2–5.7 s of
/// CPU) and 287 MiB; 40,000 took 16–20 s (524 MiB), 100,000 38–46 s (27 s of CPU) and
/// 1.25 GiB. Issue 17 asks for ≤ 10 s and ≤ 1 GB on this machine, busy as it is; time,
/// not memory, sets the limit.
pub const DEFAULT_MAX_BANK_QUESTIONS: usize = 20_000;

/// The flag that raises [`max_bank_questions`], named in the error.
pub const QUESTIONS_FLAG: &str = "--max-bank-questions";

static MAX_BANK_QUESTIONS: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_BANK_QUESTIONS);

/// The most questions the banks loaded together may have. The binary sets it once from
/// `--max-bank-questions`.
pub fn max_bank_questions() -> usize {
    MAX_BANK_QUESTIONS.load(Ordering::Relaxed)
}

/// Sets [`max_bank_questions`].
pub fn set_max_bank_questions(questions: usize) {
    MAX_BANK_QUESTIONS.store(questions, Ordering::Relaxed);
}

/// Parses and checks the files of one or more banks and derives the rubrics they lack.
/// Fails, parsing nothing, when they hold more than [`max_bank_questions`] questions, and
/// deriving nothing when more than [`max_derived_rubrics`] questions lack a rubric.
pub fn files(banks: &[BankFiles]) -> Result<Bank> {
    check_size(banks.iter().map(|b| {
        let folder = b.corpus.first().map(|f| bank_folder(&f.name)).unwrap_or_default();
        (folder, b.corpus.len())
    }))?;
    let mut bank = Bank::parse(banks)?;
    check_derived(&bank)?;
    crate::derive::fill_missing_rubrics(&mut bank);
    Ok(bank)
}

/// Reads, combines and completes bank folders (`DIR/corpus/*.toml`, `DIR/rubrics/*.toml`).
/// Fails, reading nothing, when they hold more than [`max_bank_questions`] questions.
pub fn from_dirs(dirs: &[PathBuf]) -> Result<Bank> {
    let sizes: Vec<(String, usize)> = dirs
        .iter()
        .map(|d| Ok((d.display().to_string(), BankFiles::questions_in(d)?)))
        .collect::<Result<_>>()?;
    check_size(sizes.into_iter())?;
    let files: Vec<BankFiles> = dirs.iter().map(|d| BankFiles::from_dir(d)).collect::<Result<_>>()?;
    self::files(&files)
}

/// Reads and combines bank folders as written: questions without a rubric keep none.
/// What `bank derive` and `bank list` need, so they work on a bank of any size (deriving
/// one question's rubric reads only the parsed bank, [`crate::derive::derive_for`]).
pub fn as_written(dirs: &[PathBuf]) -> Result<Bank> {
    let files: Vec<BankFiles> = dirs.iter().map(|d| BankFiles::from_dir(d)).collect::<Result<_>>()?;
    Bank::parse(&files)
}

/// A question whose rubric loading would derive: no rubric file, and a sample answer to
/// derive from (without one nothing is derived and nothing costs).
fn needs_deriving(question: &Question) -> bool {
    question.rubric == RubricOrigin::Derived
        && question.concepts.is_empty()
        && !question.sample_answer.trim().is_empty()
}

/// The bank folder of a corpus file (`DIR/corpus/x.toml` → `DIR`), or the file itself.
fn bank_folder(file: &str) -> String {
    let path = Path::new(file);
    match path.parent() {
        Some(corpus) if corpus.file_name().is_some_and(|n| n == "corpus") => match corpus.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.display().to_string(),
            _ => file.to_string(),
        },
        _ => file.to_string(),
    }
}

/// The error for a bank needing more derived rubrics than [`max_derived_rubrics`].
fn check_derived(bank: &Bank) -> Result<()> {
    let limit = max_derived_rubrics();
    let missing: Vec<&Question> = bank.questions.iter().filter(|q| needs_deriving(q)).collect();
    if missing.len() <= limit {
        return Ok(());
    }
    let mut folders: Vec<String> = Vec::new();
    for question in &missing {
        let folder = bank_folder(&question.file);
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    let first = &missing[0];
    Err(Error::Bank {
        file: folders.join(", "),
        message: format!(
            "{} questions have no rubric, more than the limit of {limit} rubrics derived from sample answers at load (each is derived again at every start: 100,000 took minutes and GBs)",
            missing.len()
        ),
        fix: format!(
            "write the rubrics once, one per question (`anscov bank derive {} --bank DIR -o DIR/rubrics/{}.toml`, then edit), or raise the limit with {DERIVED_FLAG} N",
            first.id, first.id
        ),
    })
}

/// The error for banks holding more questions together than [`max_bank_questions`]:
/// `banks` are (folder, questions) pairs.
fn check_size(banks: impl Iterator<Item = (String, usize)>) -> Result<()> {
    let limit = max_bank_questions();
    let mut folders: Vec<String> = Vec::new();
    let mut total = 0;
    for (folder, questions) in banks {
        total += questions;
        if questions > 0 && !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    if total <= limit {
        return Ok(());
    }
    let together = if folders.len() > 1 { " together" } else { "" };
    Err(Error::Bank {
        file: folders.join(", "),
        message: format!(
            "{total} questions{together}, more than the limit of {limit} questions a bank may have (every question is compiled again at every start: 100,000 took 1.25 GiB and 27 s of CPU)"
        ),
        fix: format!(
            "split the bank and load only the part a run needs (--bank DIR), or raise the limit with {QUESTIONS_FLAG} N"
        ),
    })
}

/// The bank embedded in the binary (every question of it has a rubric).
pub fn embedded() -> Result<Bank> {
    files(&[BankFiles::embedded()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{BankFile, RubricOrigin};

    #[test]
    fn a_loaded_bank_is_complete_before_an_engine_exists() {
        let corpus = crate::bank::test_corpus_file;
        let files = BankFiles {
            corpus: vec![
                corpus(
                    "x1",
                    "We take point-in-time database backups and run quarterly restore drills.",
                ),
                corpus("x2", "The team plans the work every week and reviews it."),
            ],
            rubrics: vec![BankFile {
                name: "rubrics/x2.toml".into(),
                text: "question = \"x2\"\n[[concept]]\nid = \"plans\"\nlabel = \"Plans\"\n".into(),
            }],
        };
        let raw = Bank::parse(std::slice::from_ref(&files)).unwrap();
        assert!(raw.questions[0].concepts.is_empty());
        let bank = super::files(&[files]).unwrap();
        assert_eq!(bank.questions[0].rubric, RubricOrigin::Derived);
        assert!(!bank.questions[0].concepts.is_empty());
        // What `bank derive` prints is what loading derived.
        assert_eq!(crate::derive::derive_for(&bank, 0).unwrap(), bank.questions[0].concepts);
        // A question with a rubric keeps it as written.
        assert_eq!(bank.questions[1].concepts, raw.questions[1].concepts);
    }

    #[test]
    fn bank_folder_of_a_corpus_file() {
        assert_eq!(bank_folder("banks/big/corpus/q1.toml"), "banks/big");
        assert_eq!(bank_folder("corpus/q1.toml"), "corpus/q1.toml");
        assert_eq!(bank_folder("elsewhere/q1.toml"), "elsewhere/q1.toml");
    }
}
