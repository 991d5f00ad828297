//! Property-based fuzzing of every parser and the scoring engine (issue 7).
//!
//! proptest here, on stable, so CI runs it; the coverage-guided fuzzer (cargo-fuzz, nightly,
//! not run by CI) is the separate package fuzz/ (docs/limits.md "Fuzzing"), and crashes it
//! finds are kept as named tests at the end of this file too. Each property feeds generated
//! input — arbitrary Unicode mixed with the tokens each parser cares about (fences,
//! headings, timings, number words, negations, quotes, NULs, invalid UTF-8) — and checks
//! that nothing panics and that every offset the library hands out is a char boundary and
//! points at the text it claims to.
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 64 in debug builds and 256
//! in optimised builds, so `cargo test` stays quick); CI runs a bounded fuzz pass with
//! `PROPTEST_CASES=2000 cargo test --profile test-release --test it fuzz::`. Failures found are kept twice: proptest's own seeds in
//! `tests/it/fuzz.proptest-regressions` (committed), and named tests at the end of this file.

use std::io::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;

use crate::ranges::assert_range;

use anscov_core::analyzer::{Analysis, Analyzer, Terms};
use anscov_core::bank::{Bank, BankFile, BankFiles};
use anscov_core::config::Config;
use anscov_core::input::{document_answers, Answer, Item, ReadOptions, Reader, Source};
use anscov_core::report::{reporter, Format, Summary};
use anscov_core::score::{AnswerReport, Engine};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Bank::embedded().expect("embedded bank")).expect("engine"))
}

fn config() -> ProptestConfig {
    // Unoptimised builds are ≈ 10× slower; 64 cases keep a plain `cargo test` under ~20 s.
    let default = if cfg!(debug_assertions) { 64 } else { 256 };
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    // No forking and no per-case timeout: both would hide the panic location, and a hang
    // shows as a stuck test, which CI's time limit catches.
    ProptestConfig {
        cases,
        max_shrink_iters: 4096,
        // The seeds of past failures, re-run before new cases. Named outright: since the
        // integration tests became one crate (tests/it/), proptest's default place for them
        // is no longer this file, and its seeds went unread.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/it/fuzz.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Words and fragments that steer the parsers and the analyzer into their interesting paths.
const TOKENS: &[&str] = &[
    // analyzer: numbers (incl. chains that multiply), acronyms, negation, fillers, stopwords
    "one",
    "nine",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "twenty",
    "eleven",
    "zero",
    "s",
    "l",
    "o",
    "a",
    "I",
    "s.l.a",
    "e.g.",
    "SLOs",
    "APIs",
    "not",
    "never",
    "don't",
    "no",
    "without",
    "but",
    "you",
    "know",
    "mean",
    "the",
    "the the",
    "error",
    "budget",
    "budgets",
    "error budgets",
    "burn rate",
    "SLO",
    "canary",
    "canaries",
    "rollback",
    "postmortem",
    "blameless",
    "on-call",
    "incident",
    "prioritise",
    "organisation",
    "isation",
    "1,000",
    "99.9%",
    "3am",
    "p99",
    "k8s",
    "Kubernetes",
    "terraform",
    "OKRs",
    // punctuation, structure, whitespace
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "…",
    "—",
    "–",
    "-",
    "/",
    "|",
    "•",
    "·",
    "(",
    ")",
    "'",
    "’",
    "\"",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "\u{a0}",
    "\u{2028}",
    // Markdown and front matter
    "#",
    "## ",
    "# q04",
    "## Q13: 30-60-90-days",
    "## q01 first-year-roadmap",
    "### q99",
    "# slos-and-incident-response",
    "---",
    "---\n",
    "+++\n",
    "question: q04",
    "question = \"q10\"",
    "question:",
    "question: nope",
    "```",
    "~~~",
    "- ",
    "* ",
    "> ",
    // transcripts
    "WEBVTT",
    "NOTE",
    "STYLE",
    "REGION",
    "00:00:01,000 --> 00:00:03,500",
    "00:01.000 --> 00:02.000 align:start",
    "99999999999999999999:00 --> 1:2",
    "1:2:3:4:5.6789 --> 0",
    "-->",
    "<i>",
    "</i>",
    "<v Ana>",
    "{\\an8}",
    "<",
    ">",
    "{",
    "}",
    // Unicode: BOM, combining marks, homoglyphs, RTL, emoji, ZWJ sequences, fullwidth
    "\u{feff}",
    "e\u{301}",
    "\u{301}",
    "Ѕ\u{406}О",
    "ѕlо",
    "שלום",
    "مرحبا",
    "\u{202e}",
    "\u{200f}",
    "🚀",
    "👩‍💻",
    "🇬🇧",
    "ｓｌｏ",
    "ß",
    "İ",
    "ﬁ",
    "\u{0}",
    "\u{fffd}",
    "\u{10ffff}",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "nine", "twelve", "nineteen", "twenty", "ninety", "hundred", "thousand", "million", "zero", "and",
];

/// Text made of steering tokens and arbitrary Unicode, joined without separators so tokens
/// run into each other as well as standing alone.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(TOKENS).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,12}",
        1 => any::<String>(),
        // Spelled-out number chains, which the analyzer folds into one value.
        1 => prop::collection::vec(select(NUMBER_WORDS), 1..40).prop_map(|w| w.join(" ")),
        1 => prop::collection::vec((select(NUMBER_WORDS), prop::bool::weighted(0.9)), 1..30)
            .prop_map(|w| w.iter().map(|(n, h)| format!("{n} {}", if *h { "hundred" } else { "thousand" })).collect::<Vec<_>>().join(" ")),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

/// Bytes for file-level properties: mostly text, sometimes with invalid UTF-8 or NULs.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => text().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..512),
        2 => (text(), prop::collection::vec(select(&[0x80u8, 0xc3, 0xe9, 0xff, 0xfe, 0xed, 0xa0, 0xf4, 0x90][..]), 1..4), text())
            .prop_map(|(a, bad, b)| [a.into_bytes(), bad, b.into_bytes()].concat()),
    ]
}

fn check_answer(answer: &Answer) {
    assert_range(&answer.text, &answer.range, "answer range");
    for cue in &answer.cues {
        assert_range(&answer.text, &cue.range, "cue range");
        assert!(
            !answer.text[cue.range.clone()].trim().is_empty(),
            "empty cue in {:?}",
            answer.text
        );
        assert!(!cue.lines.is_empty());
        for line in &cue.lines {
            assert_range(&answer.text, &line.range, "cue line range");
            assert!(line.line >= 1 && line.anchors.iter().all(|&(_, column)| column >= 1));
            let (at, column) = cue.position(&answer.text, line.range.start);
            assert!(at == line.line && column >= 1);
        }
    }
    assert!(answer.first_line >= 1);
}

/// Every invariant of a report against the answer it came from.
fn check_report(answer: &Answer, report: &AnswerReport) {
    assert!(
        report.coverage.is_finite() && (0.0..=1.0).contains(&report.coverage),
        "coverage {}",
        report.coverage
    );
    assert!(report.similarity.is_finite(), "similarity {}", report.similarity);
    if let Some(c) = report.route_confidence {
        assert!(c.is_finite() && (0.0..=1.0).contains(&c), "route confidence {c}");
    }
    for concept in &report.concepts {
        for e in &concept.evidence {
            assert_range(&answer.text, &(e.start..e.end), "evidence");
            assert!(
                e.start >= answer.range.start && e.end <= answer.range.end,
                "evidence {}..{} outside the answer {:?}",
                e.start,
                e.end,
                answer.range
            );
            assert_eq!(
                e.text,
                answer.text[e.start..e.end],
                "evidence text is not the slice it points at"
            );
            assert!(e.line >= answer.first_line && e.column >= 1);
        }
    }
}

/// Runs every reporter over a report; JSON must parse.
fn check_reporters(engine: &Engine, report: &AnswerReport) {
    let mut summary = Summary::default();
    summary.add(report);
    for &format in Format::ALL {
        let mut out: Vec<u8> = Vec::new();
        let mut r = reporter(format, engine.bank());
        r.begin(&mut out).unwrap();
        r.answer(&mut out, report).unwrap();
        r.finish(&mut out, &summary).unwrap();
        let out = String::from_utf8(out).unwrap_or_else(|e| panic!("{format:?} wrote invalid UTF-8: {e}"));
        match format {
            Format::Json => {
                serde_json::from_str::<serde_json::Value>(&out)
                    .unwrap_or_else(|e| panic!("JSON report does not parse: {e}\n{out}"));
            }
            Format::Jsonl => {
                for line in out.lines() {
                    serde_json::from_str::<serde_json::Value>(line)
                        .unwrap_or_else(|e| panic!("JSONL line does not parse: {e}\n{line}"));
                }
            }
            Format::Sarif => {
                serde_json::from_str::<serde_json::Value>(&out)
                    .unwrap_or_else(|e| panic!("SARIF does not parse: {e}\n{out}"));
            }
            _ => {}
        }
    }
}

/// Scores `answer` (as named, and against a few questions) and checks every report.
fn score_and_check(answer: &Answer, questions: &[Option<usize>]) {
    let engine = engine();
    for &q in questions {
        let mut answer = answer.clone();
        answer.question = q.map(|qi| engine.bank().questions[qi].id.clone());
        let report = engine.score(&answer).expect("a bank question always scores");
        check_report(&answer, &report);
    }
}

fn read_all(bank: &Bank, path: &Path, options: ReadOptions) -> Vec<Item> {
    Reader::new(bank, vec![Source::File(path.to_path_buf())], options).collect()
}

/// Reads bytes as a file with `extension` through the Reader and checks every item.
fn read_file_and_check(bytes: &[u8], extension: &str, max_file_size: u64, score: bool) -> Vec<Item> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("answer.{extension}"));
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    let options = ReadOptions {
        max_file_size,
        question: None,
    };
    let items = read_all(engine().bank(), &path, options);
    for item in &items {
        match item {
            Item::Answer(answer) => {
                check_answer(answer);
                if score {
                    let report = engine().score(answer);
                    // An unknown question named in front matter or a record is a problem, not a panic.
                    if let Ok(report) = report {
                        check_report(answer, &report);
                    }
                }
            }
            Item::Problem(d) => {
                assert!(!d.message.is_empty());
                assert!(d.line.is_none_or(|l| l >= 1), "line 0 in {d:?}");
            }
        }
    }
    // Input files are never modified.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    items
}

/// TOML-ish text for bank files: known keys with good and bad values, tables, junk.
fn tomlish(corpus: bool) -> impl Strategy<Value = String> {
    let keys: &'static [&'static str] = if corpus {
        &["id", "slug", "question", "guidance", "sample_answer", "sample", "ID"]
    } else {
        &[
            "question",
            "id",
            "label",
            "weight",
            "required",
            "hint",
            "description",
            "alternatives",
            "negatable",
            "extra",
        ]
    };
    let value = prop_oneof![
        select(
            &[
                "\"q01\"",
                "\"q04\"",
                "\"Q4\"",
                "\"\"",
                "\" \"",
                "\"error-budgets\"",
                "\"Error budgets\"",
                "\"a\"",
                "\"A-\"",
                "\"a--b\"",
                "1.0",
                "0",
                "-1",
                "nan",
                "inf",
                "1e309",
                "true",
                "false",
                "[\"SLO\", \"error budget\"]",
                "[]",
                "[1, 2]",
                "{}",
                "\"\"\"\nmulti\nline\n\"\"\"",
                "'lit'",
                "\"unterminated",
                "\"\\u{0}\"",
                "\"\\uD800\""
            ][..]
        )
        .prop_map(str::to_string),
        text().prop_map(|t| format!("{t:?}")),
        text(),
    ];
    let line = prop_oneof![
        4 => (select(keys), value).prop_map(|(k, v)| format!("{k} = {v}\n")),
        1 => Just("[[concept]]\n".to_string()),
        1 => Just("[concept]\n".to_string()),
        1 => text().prop_map(|t| format!("{t}\n")),
    ];
    prop::collection::vec(line, 0..24).prop_map(|lines| lines.concat())
}

const GOOD_Q: &str = "id = \"q01\"\nslug = \"one\"\nquestion = \"How do you set SLOs?\"\nsample_answer = \"We set SLOs with error budgets and burn rate alerts.\"\n";

proptest! {
    #![proptest_config(config())]

    /// Bank::parse never panics on TOML-ish corpus and rubric files; what parses compiles
    /// into an engine that scores.
    #[test]
    fn bank_parsing_never_panics(
        corpus in prop::collection::vec(tomlish(true), 0..3),
        rubrics in prop::collection::vec(tomlish(false), 0..3),
        with_good in any::<bool>(),
        answer in text(),
    ) {
        let mut files = BankFiles::default();
        if with_good {
            files.corpus.push(BankFile { name: "corpus/good.toml".into(), text: GOOD_Q.into() });
        }
        files.corpus.extend(corpus.into_iter().enumerate().map(|(i, text)| BankFile { name: format!("corpus/{i}.toml"), text }));
        files.rubrics.extend(rubrics.into_iter().enumerate().map(|(i, text)| BankFile { name: format!("rubrics/{i}.toml"), text }));
        match anscov_core::load::files(&[files]) {
            Err(err) => {
                let message = err.to_string();
                prop_assert!(!message.is_empty());
            }
            Ok(bank) => {
                let engine = Engine::new(bank).expect("a parsed bank compiles");
                for qi in 0..engine.bank().questions.len() {
                    let mut a = Answer::from_text("fuzz", Some(&engine.bank().questions[qi].id), &answer);
                    let report = engine.score(&a).expect("score");
                    check_report(&a, &report);
                    a.question = None;
                    let report = engine.score(&a).expect("route");
                    check_report(&a, &report);
                }
            }
        }
    }

    /// Rubric files alone, against a fixed good corpus: the rubric validation paths.
    #[test]
    fn rubric_parsing_never_panics(rubric in tomlish(false)) {
        let files = BankFiles {
            corpus: vec![BankFile { name: "corpus/good.toml".into(), text: GOOD_Q.into() }],
            rubrics: vec![BankFile { name: "rubrics/r.toml".into(), text: format!("question = \"q01\"\n{rubric}") }],
        };
        if let Ok(bank) = anscov_core::load::files(&[files]) {
            let engine = Engine::new(bank).expect("a parsed bank compiles");
            let a = Answer::from_text("fuzz", Some("q01"), &rubric);
            let report = engine.score(&a).expect("score");
            check_report(&a, &report);
        }
    }

    /// anscov.toml parsing never panics; errors name the file.
    #[test]
    fn config_parsing_never_panics(text in tomlish(false), keys in prop::collection::vec(
        (select(&["paths", "exclude", "bank", "format", "min-coverage", "max-missing-required", "require-all", "[questions.q04]", "[questions.nope]", "require", "min_coverage"][..]),
         select(&["[\"answers\"]", "\"answers\"", "0.6", "-1", "2", "nan", "true", "\"json\"", "\"yaml\"", "[\"error-budgets\"]", "[\"nope\"]", "3", "1.5"][..])), 0..8)) {
        let mut file = text;
        for (k, v) in keys {
            if k.starts_with('[') { file.push_str(&format!("{k}\n")); } else { file.push_str(&format!("{k} = {v}\n")); }
        }
        let path = Path::new("/nonexistent/anscov.toml");
        if let Err(err) = Config::parse(path, &file) {
            let message = err.to_string();
            prop_assert!(message.contains("anscov.toml"), "{message}");
        } else if let Ok(config) = Config::parse(path, &file) {
            let _ = config.policy(engine().bank());
        }
    }

    /// Front matter and heading splitting: ranges on char boundaries, inside the text,
    /// not overlapping, and every answer scores cleanly.
    #[test]
    fn document_splitting_keeps_boundaries(text in text(), name in select(&["a.md", "q04.md", "q04-draft.md", "slos-and-incident-response.txt", "notes.md", "Q13.MD"][..])) {
        let answers = match document_answers(engine().bank(), Some(Path::new(name)), text.clone()) {
            Ok(answers) => answers,
            Err(problem) => {
                // Only front matter and a heading naming a question the bank lacks
                // (`## q99`) are refused, each with the line it is on: a block's own line,
                // or the opening fence's for a block never closed.
                let unclosed = problem.message.contains("is never closed");
                let front_matter = problem.message.contains("front matter")
                    && problem.line.is_some_and(|l| l >= 2 || (unclosed && l == 1));
                let unknown_heading =
                    problem.message.contains("which the bank does not have") && problem.line.is_some_and(|l| l >= 1);
                prop_assert!(front_matter || unknown_heading, "{:?}", problem);
                return Ok(());
            }
        };
        let mut last_end = 0;
        for answer in &answers {
            prop_assert_eq!(&*answer.text, text.as_str());
            check_answer(answer);
            prop_assert!(answer.range.start >= last_end, "overlapping sections");
            last_end = answer.range.end;
            prop_assert!(!answer.text[answer.range.clone()].trim().is_empty(), "empty section answer");
            score_and_check(answer, &[None]);
        }
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            prop_assert!(answers.is_empty());
        }
    }

    /// Markdown and text files through the Reader (invalid UTF-8, NULs, size limit).
    #[test]
    fn text_files_never_panic(bytes in bytes(), ext in select(&["md", "txt", "markdown"][..]), small_limit in any::<bool>()) {
        let limit = if small_limit { 64 } else { anscov_core::input::DEFAULT_MAX_FILE_SIZE };
        let items = read_file_and_check(&bytes, ext, limit, true);
        prop_assert!(!items.is_empty(), "a file yields an answer or a problem");
        if bytes.len() as u64 > limit {
            prop_assert!(matches!(&items[0], Item::Problem(d) if d.message.contains("--max-file-size")));
        }
    }

    /// SRT and VTT transcripts through the Reader: cue ranges on char boundaries.
    #[test]
    fn transcripts_never_panic(
        cues in prop::collection::vec((
            prop::option::of(select(&["1", "2", "c1", "NOTE x", "WEBVTT"][..])),
            prop_oneof![
                3 => (0u64..100_000_000, 0u64..100_000_000).prop_map(|(a, b)| format!("{:02}:{:02}:{:02},{:03} --> {:02}:{:02}:{:02}.{:03} align:start",
                    a / 3_600_000, a / 60_000 % 60, a / 1000 % 60, a % 1000, b / 3_600_000, b / 60_000 % 60, b / 1000 % 60, b % 1000)),
                1 => text(),
            ],
            text(),
            select(&["\n\n", "\n", "\r\n\r\n", "\n \n", ""][..]),
        ), 0..12),
        header in select(&["", "WEBVTT\n\n", "\u{feff}WEBVTT - title\n\n", "WEBVTT\nNOTE hi\n\n", "\u{feff}"][..]),
        ext in select(&["srt", "vtt", "SRT"][..]),
        raw in prop::option::of(bytes()),
    ) {
        let mut file = header.to_string();
        for (id, timing, body, sep) in cues {
            if let Some(id) = id { file.push_str(id); file.push('\n'); }
            file.push_str(&timing);
            file.push('\n');
            file.push_str(&body);
            file.push_str(sep);
        }
        read_file_and_check(file.as_bytes(), ext, anscov_core::input::DEFAULT_MAX_FILE_SIZE, true);
        if let Some(raw) = raw {
            read_file_and_check(&raw, ext, anscov_core::input::DEFAULT_MAX_FILE_SIZE, true);
        }
    }

    /// JSONL batches: good, bad and odd lines; problems carry line numbers.
    #[test]
    fn jsonl_never_panics(
        lines in prop::collection::vec(prop_oneof![
            3 => (prop::option::of(prop_oneof![text().prop_map(serde_json::Value::from), any::<i64>().prop_map(serde_json::Value::from), Just(serde_json::Value::Null)]),
                  prop::option::of(select(&["q04", "Q4", "q99", "", " ", "slos-and-incident-response", "nope"][..])),
                  text())
                .prop_map(|(id, q, t)| {
                    let mut o = serde_json::Map::new();
                    if let Some(id) = id { o.insert("id".into(), id); }
                    if let Some(q) = q { o.insert("question".into(), q.into()); }
                    o.insert("text".into(), t.into());
                    serde_json::Value::Object(o).to_string()
                }),
            1 => text(),
            1 => select(&["{}", "[]", "{\"text\": 1}", "{\"text\": null}", "{\"text\": \"\\u0000\"}", "{\"text\": \"a\", \"extra\": [1]}", "{\"text\": \"\\ud800\"}", "   ", "{", "\u{feff}{\"text\": \"bom\"}"][..]).prop_map(str::to_string),
        ], 0..16),
        ending in select(&["\n", "\r\n"][..]),
        ext in select(&["jsonl", "ndjson"][..]),
        small_limit in any::<bool>(),
        tail in prop::option::of(bytes()),
    ) {
        let mut file = lines.join(ending).into_bytes();
        if let Some(tail) = tail { file.extend_from_slice(ending.as_bytes()); file.extend(tail); }
        let limit = if small_limit { 48 } else { anscov_core::input::DEFAULT_MAX_FILE_SIZE };
        let items = read_file_and_check(&file, ext, limit, true);
        for item in &items {
            if let Item::Problem(d) = item {
                prop_assert!(d.line.is_some(), "JSONL problem without a line: {d:?}");
            }
        }
    }

    /// CSV batches: quoting, embedded newlines, ragged rows, missing columns.
    #[test]
    fn csv_never_panics(
        header in select(&["id,question,text", "text", "ID , Question , TEXT", "question,text,id", "id,question", "", "\u{feff}id,question,text", "text,text"][..]),
        rows in prop::collection::vec(prop::collection::vec(prop_oneof![
            2 => text(),
            2 => text().prop_map(|t| format!("\"{}\"", t.replace('"', "\"\""))),
            1 => select(&["q04", "", "\"", "\"\"", "\"a,b\"", "\"multi\nline\"", "q99", "\"unterminated"][..]).prop_map(str::to_string),
        ], 0..5), 0..10),
        ending in select(&["\n", "\r\n", "\r"][..]),
        small_limit in any::<bool>(),
        tail in prop::option::of(bytes()),
    ) {
        let mut file = header.to_string();
        for row in rows {
            file.push_str(ending);
            file.push_str(&row.join(","));
        }
        let mut file = file.into_bytes();
        if let Some(tail) = tail { file.extend(tail); }
        let limit = if small_limit { 48 } else { anscov_core::input::DEFAULT_MAX_FILE_SIZE };
        read_file_and_check(&file, "csv", limit, true);
    }

    /// The bounded line reader (issue 17) returns exactly the lines of `split('\n')`,
    /// those over the limit as skipped, whatever the limit and the buffer size.
    #[test]
    fn bounded_lines_match_split(
        bytes in prop::collection::vec(prop_oneof![3 => any::<u8>(), 1 => Just(b'\n')], 0..400),
        limit in 0u64..40,
        capacity in 1usize..32,
    ) {
        use anscov_core::limits::{Line, Lines};
        let mut lines = Lines::new(std::io::BufReader::with_capacity(capacity, &bytes[..]), limit);
        let mut got = Vec::new();
        let mut buf = Vec::new();
        loop {
            match lines.next_line(&mut buf).unwrap() {
                Line::End => break,
                Line::Text => got.push(Some(buf.clone())),
                Line::TooLong => got.push(None),
            }
        }
        let mut want: Vec<Option<Vec<u8>>> = bytes
            .split(|&b| b == b'\n')
            .map(|l| (l.len() as u64 <= limit).then(|| l.to_vec()))
            .collect();
        if bytes.is_empty() || bytes.ends_with(b"\n") {
            want.pop(); // no line after the last newline
        }
        prop_assert_eq!(got, want);
    }

    /// CSV written with correct quoting never reports an unterminated quote, and every row
    /// is read; the same file with one quote left open reports it on the right line.
    #[test]
    fn csv_unterminated_quote_only_when_one_is_open(
        rows in prop::collection::vec(prop::collection::vec("[a-z][a-z ,\"\n]{0,11}", 1..3), 1..6),
        open_at in any::<prop::sample::Index>(),
    ) {
        let quote = |f: &String| format!("\"{}\"", f.replace('"', "\"\""));
        let mut file = "id,text".to_string();
        let mut lines_before = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            lines_before.push(file.matches('\n').count() + 2);
            let text: Vec<String> = row.iter().map(quote).collect();
            file.push_str(&format!("\nr{i},{}", text.join(",")));
        }
        let items = read_file_and_check(file.as_bytes(), "csv", anscov_core::input::DEFAULT_MAX_FILE_SIZE, false);
        prop_assert!(items.iter().all(|i| !matches!(i, Item::Problem(d) if d.message.contains("unterminated"))), "{items:?}");
        prop_assert_eq!(items.iter().filter(|i| matches!(i, Item::Answer(_))).count(), rows.len());
        // Leave the last field of one row open, with plain rows after it (no quote closes
        // it): everything after it is swallowed.
        let at = open_at.index(rows.len());
        // The open quote is on the row's first line plus the newlines of the fields before it.
        let quoted: Vec<String> = rows[at].iter().map(quote).collect();
        let opened = lines_before[at] + quoted[..quoted.len() - 1].concat().matches('\n').count();
        let mut broken = "id,text".to_string();
        for (i, row) in rows.iter().enumerate() {
            let mut text: Vec<String> = row.iter().map(quote).collect();
            if i == at {
                let last = text.pop().unwrap_or_default();
                text.push(last[..last.len() - 1].to_string());
            }
            if i > at {
                text = vec![format!("plain row {i}")];
            }
            broken.push_str(&format!("\nr{i},{}", text.join(",")));
        }
        let items = read_file_and_check(broken.as_bytes(), "csv", anscov_core::input::DEFAULT_MAX_FILE_SIZE, false);
        let reported: Vec<&str> = items.iter().filter_map(|i| match i {
            Item::Problem(d) if d.message.contains("unterminated quote") => Some(d.source.as_str()),
            _ => None,
        }).collect();
        prop_assert_eq!(reported.len(), 1, "{:?}", items);
        prop_assert!(reported[0].ends_with(&format!(":{opened}")), "{:?} vs line {}", reported, opened);
    }

    /// The analyzer on arbitrary Unicode: tokens on char boundaries, inside the analysed
    /// range, in order.
    #[test]
    fn analyzer_keeps_char_boundaries(prefix in text(), body in text(), suffix in text()) {
        let text = format!("{prefix}{body}{suffix}");
        let range = prefix.len()..prefix.len() + body.len();
        let mut analyzer = Analyzer::default();
        let mut out = Analysis::default();
        analyzer.analyze(&mut Terms::Lookup(engine().vocabulary()), &text, range.clone(), &mut out);
        for t in &out.tokens {
            assert_range(&text, &t.span(), "token");
            prop_assert!(t.span().start >= range.start && t.span().end <= range.end, "token {:?} outside {range:?}", t.span());
        }
        prop_assert!(out.function_words <= out.words);
        prop_assert!(out.tokens.windows(2).all(|w| w[0].start <= w[1].start && w[0].sentence <= w[1].sentence));
        // Interning sees the same words.
        let mut vocabulary = anscov_core::analyzer::Vocabulary::default();
        let mut interned = Analysis::default();
        Analyzer::default().analyze(&mut Terms::Intern(&mut vocabulary), &text, range, &mut interned);
        prop_assert_eq!(interned.words, out.words);
    }

    /// The engine on arbitrary Unicode, against every question and routed: evidence always
    /// the slice it points at, on char boundaries, inside the answer; every reporter copes.
    #[test]
    fn engine_evidence_is_the_slice(prefix in text(), body in text(), question in prop::option::of(0usize..24), all in any::<bool>()) {
        let engine = engine();
        let text = format!("{prefix}{body}");
        let mut answer = Answer::from_text("fuzz.md", None, &text);
        answer.range = prefix.len()..text.len();
        let questions: Vec<Option<usize>> = if all {
            std::iter::once(None).chain((0..engine.bank().questions.len()).map(Some)).collect()
        } else {
            vec![question.filter(|&q| q < engine.bank().questions.len())]
        };
        score_and_check(&answer, &questions);
        answer.question = question.map(|q| engine.bank().questions[q % engine.bank().questions.len()].id.clone());
        let report = engine.score(&answer).unwrap();
        check_reporters(engine, &report);
    }

    /// Scoring is deterministic: the same answer gives the same report, alone or in a stream.
    #[test]
    fn scoring_is_deterministic(texts in prop::collection::vec(text(), 1..6)) {
        let engine = engine();
        let answers: Vec<Answer> = texts.iter().enumerate().map(|(i, t)| Answer::from_text(&format!("a{i}"), None, t)).collect();
        let alone: Vec<AnswerReport> = answers.iter().map(|a| engine.score(a).unwrap()).collect();
        let mut streamed = Vec::new();
        engine.score_stream(answers.iter().cloned().map(Item::Answer), |s| -> Result<(), ()> {
            if let anscov_core::score::Scored::Report(r) = s { streamed.push(*r); }
            Ok(())
        }).unwrap();
        prop_assert_eq!(alone, streamed);
    }
}

// Named regressions: inputs the properties above found (see tests/it/fuzz.proptest-regressions).

/// Score `text` against every question and routed, checking every invariant.
fn regression(text: &str) {
    let engine = engine();
    let answer = Answer::from_text("regression.md", None, text);
    let questions: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..engine.bank().questions.len()).map(Some))
        .collect();
    score_and_check(&answer, &questions);
}

/// Found by `engine_evidence_is_the_slice`: spelled-out number chains multiplied past u64
/// ("one hundred" ×7 then "million thousand"), a panic in debug builds.
#[test]
fn regression_number_chain_overflow() {
    regression("one hundred one hundred one hundred one hundred one hundred one hundred one hundred million thousand");
    regression(&"nine hundred ".repeat(40));
    regression(&"ninety nine hundred ninety nine thousand million ".repeat(20));
}
