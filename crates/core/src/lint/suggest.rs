//! The `anscov bank derive` command a finding suggests, written so it works when pasted
//! from the folder `bank lint` ran in: with `--bank DIR` for every linted folder, and the
//! rubric path inside the question's own bank.
//!
//! Text only: it reads the bank files' names (as the user typed the folders) and must not
//! touch the file system or run anything.

use std::path::Path;

use crate::bank::{BankFiles, EMBEDDED_NAME};

/// How to call `anscov bank derive` for the banks being linted.
pub(super) struct Derive {
    /// ` --bank A --bank B`, or empty for the embedded bank. Every linted folder, not only
    /// the question's: derived concepts are weighted by IDF over the whole bank, so
    /// `derive` on one of two banks prints a different rubric than the one lint checked.
    banks: String,
}

impl Derive {
    pub(super) fn new(files: &BankFiles) -> Derive {
        let mut dirs: Vec<&Path> = Vec::new();
        for file in files.corpus.iter().chain(&files.rubrics) {
            if let Some(dir) = bank_dir(&file.name) {
                if !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
        let banks = dirs
            .iter()
            .map(|dir| format!(" --bank {}", quote(&dir.display().to_string())))
            .collect();
        Derive { banks }
    }

    /// `anscov bank derive ID --bank DIR`.
    pub(super) fn command(&self, id: &str) -> String {
        format!("anscov bank derive {}{}", quote(id), self.banks)
    }

    /// Where the rubric of the question defined in `corpus_file` goes: `rubrics/ID.toml`
    /// beside its `corpus/` folder (`rubrics/ID.toml` for the embedded bank, which is the
    /// repository's own corpus/ and rubrics/).
    pub(super) fn rubric_path(&self, corpus_file: &str, id: &str) -> String {
        match bank_dir(corpus_file) {
            Some(dir) => dir
                .join("rubrics")
                .join(format!("{}.toml", crate::bank::file_stem(id)))
                .display()
                .to_string(),
            None => format!("rubrics/{}.toml", crate::bank::file_stem(id)),
        }
    }
}

/// The bank folder a file was read from (`DIR` of `DIR/corpus/x.toml`); `None` for the
/// embedded bank.
fn bank_dir(name: &str) -> Option<&Path> {
    if name.starts_with(EMBEDDED_NAME) {
        return None;
    }
    let dir = Path::new(name).parent()?.parent()?;
    // `corpus/x.toml` with no folder before it: the working directory.
    Some(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
}

pub(super) use crate::shell::quote;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::BankFile;

    fn files(names: &[&str]) -> BankFiles {
        BankFiles {
            corpus: names
                .iter()
                .map(|n| BankFile {
                    name: n.to_string(),
                    text: String::new(),
                })
                .collect(),
            rubrics: vec![],
        }
    }

    #[test]
    fn embedded_bank_needs_no_flag() {
        let derive = Derive::new(&BankFiles::embedded());
        assert_eq!(derive.command("q04"), "anscov bank derive q04");
        assert_eq!(
            derive.rubric_path(&format!("{EMBEDDED_NAME}/corpus/q04.toml"), "q04"),
            "rubrics/q04.toml"
        );
    }

    #[test]
    fn every_linted_folder_is_named_once_and_quoted() {
        let derive = Derive::new(&files(&[
            "examples/banks/sre/corpus/s09.toml",
            "examples/banks/sre/corpus/s10.toml",
            "my bank/corpus/a.toml",
            "corpus/b.toml",
        ]));
        assert_eq!(
            derive.command("s09"),
            "anscov bank derive s09 --bank examples/banks/sre --bank 'my bank' --bank ."
        );
        assert_eq!(
            derive.rubric_path("my bank/corpus/a.toml", "a"),
            "my bank/rubrics/a.toml"
        );
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
