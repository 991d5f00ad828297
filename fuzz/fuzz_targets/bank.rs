//! Fuzz target: the bank parser and `bank lint` on arbitrary bytes. The input is one
//! corpus file and, after the first NUL byte, one rubric file; both go through
//! `load::files` (parse, check, derive a missing rubric) and `lint::lint`, and a bank that
//! loads is compiled into an `Engine` that scores its own sample answer. Fails on a panic,
//! an empty error message, or a loaded bank that does not compile or score.
//!
//! Drives the library's public API in memory; it must not read or write files.
#![no_main]

use anscov_core::bank::{BankFile, BankFiles};
use anscov_core::input::Answer;
use anscov_core::score::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (corpus, rubric) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let files = BankFiles {
        corpus: vec![BankFile {
            name: "fuzz/corpus/q.toml".into(),
            text: String::from_utf8_lossy(corpus).into_owned(),
        }],
        rubrics: rubric
            .map(|r| BankFile {
                name: "fuzz/rubrics/q.toml".into(),
                text: String::from_utf8_lossy(r).into_owned(),
            })
            .into_iter()
            .collect(),
    };
    match anscov_core::lint::lint(std::slice::from_ref(&files)) {
        Ok(lint) => {
            for finding in &lint.findings {
                assert!(!finding.message.is_empty());
            }
        }
        Err(err) => assert!(!err.to_string().is_empty()),
    }
    match anscov_core::load::files(&[files]) {
        Err(err) => assert!(!err.to_string().is_empty()),
        Ok(bank) => {
            let engine = Engine::new(bank).expect("a loaded bank compiles");
            for question in &engine.bank().questions {
                let answer = Answer::from_text("fuzz.md", Some(&question.id), &question.sample_answer);
                let report = engine.score(&answer).expect("a named question scores");
                assert!(report.coverage.is_finite() && (0.0..=1.0).contains(&report.coverage));
            }
        }
    }
});
