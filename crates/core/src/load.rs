//! Loading a bank: its files parsed and checked ([`Bank::parse`]), then a rubric derived
//! from the sample answer of every question that has none ([`crate::derive`]), so the bank
//! is complete before an [`crate::score::Engine`] exists: `check`'s `require = [...]`, the
//! reporters and the engine all see the same concepts. The one way the binary, `bench`
//! and the tests load a bank.
//!
//! Above `bank` and `derive` (each of which knows nothing of the other's caller); must not
//! compile or score anything.

use std::path::PathBuf;

use crate::bank::{Bank, BankFiles};
use crate::Result;

/// Parses and checks the files of one or more banks and derives the rubrics they lack.
pub fn files(banks: &[BankFiles]) -> Result<Bank> {
    let mut bank = Bank::parse(banks)?;
    crate::derive::fill_missing_rubrics(&mut bank);
    Ok(bank)
}

/// Reads, combines and completes bank folders (`DIR/corpus/*.toml`, `DIR/rubrics/*.toml`).
pub fn from_dirs(dirs: &[PathBuf]) -> Result<Bank> {
    let files: Vec<BankFiles> = dirs.iter().map(|d| BankFiles::from_dir(d)).collect::<Result<_>>()?;
    self::files(&files)
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
        let corpus = |id: &str, answer: &str| BankFile {
            name: format!("corpus/{id}.toml"),
            text: format!(
                "id = \"{id}\"\nslug = \"{id}-slug\"\nquestion = \"Question {id}?\"\nsample_answer = '''{answer}'''\n"
            ),
        };
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
}
