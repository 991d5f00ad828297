//! Fuzz target: the answer readers on arbitrary bytes. The first byte picks the format
//! (Markdown, text, SRT, VTT, JSONL, CSV), the rest is written to a file of that extension
//! and read through `Reader`, the path `anscov score FILE` takes; every answer read is
//! scored against the embedded bank. Fails on a panic, a range off a char boundary or
//! outside its text, a report that is not finite, or an input file that changed.
//!
//! Drives the library's public API only; it must not write anywhere but its own temporary
//! folder, and must not touch the repository's files.
#![no_main]

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use anscov_core::bank::Bank;
use anscov_core::input::{Answer, Item, ReadOptions, Reader, Source};
use anscov_core::score::Engine;
use libfuzzer_sys::fuzz_target;

// The range check the proptest properties use too (one copy, included by path).
#[path = "../../tests/support/ranges.rs"]
mod ranges;
use ranges::assert_range;

const EXTENSIONS: &[&str] = &["md", "txt", "srt", "vtt", "jsonl", "csv"];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Bank::embedded().expect("embedded bank")).expect("engine"))
}

/// One temporary folder per process, removed at exit by nobody: libFuzzer exits with
/// `_exit`, so it lives under the system temporary folder.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("anscov-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        dir
    })
}

fn check(answer: &Answer) {
    assert_range(&answer.text, &answer.range, "answer range");
    assert!(answer.first_line >= 1 && answer.range_line >= answer.first_line);
    if let Some(scored) = &answer.scored {
        assert_eq!(
            scored.len(),
            answer.text.len(),
            "scored text is not byte for byte the text"
        );
    }
    for cue in &answer.cues {
        assert_range(&answer.text, &cue.range, "cue range");
        assert!(!cue.lines.is_empty());
        for line in &cue.lines {
            assert_range(&answer.text, &line.range, "cue line range");
            let (at, column) = cue.position(&answer.text, line.range.start);
            assert!(at >= 1 && column >= 1);
        }
    }
    // An unknown question named in front matter or a record is an error, not a panic.
    if let Ok(report) = engine().score(answer) {
        assert!(report.coverage.is_finite() && (0.0..=1.0).contains(&report.coverage));
        for concept in &report.concepts {
            for e in &concept.evidence {
                assert_range(&answer.text, &(e.start..e.end), "evidence");
                assert_eq!(e.text, answer.text[e.start..e.end]);
                assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let extension = EXTENSIONS[kind as usize % EXTENSIONS.len()];
    let path = folder().join(format!("answer.{extension}"));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write the input");
    let reader = Reader::new(
        engine().bank(),
        vec![Source::File(path.clone())],
        ReadOptions::default(),
    );
    for item in reader {
        match item {
            Item::Answer(answer) => check(&answer),
            Item::Problem(d) => {
                assert!(!d.message.is_empty());
                assert!(d.line.is_none_or(|l| l >= 1), "line 0 in {d:?}");
            }
        }
    }
    assert_eq!(
        std::fs::read(&path).expect("read back"),
        bytes,
        "the input was modified"
    );
});
