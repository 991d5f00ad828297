//! Linear time on hostile inputs (issue 17): each group runs one input at sizes n, 2n and
//! 4n, so the time per size should double with the size, not quadruple. Criterion's
//! Throughput (Bytes or Elements) makes that readable directly: a flat throughput across
//! the three sizes is linear time.
//!
//! - `sections`: a Markdown file of `## q04 part N` sections (each was indexed over the
//!   whole file's lines: 10k sections 3.7 s, 20k 15 s);
//! - `partial`: "error. budget. " repeated, scored against q04 (partial matching scanned
//!   every position of a stem per anchor: 1 MB took 13–20 s);
//! - `lint`: `bank lint` on one rubric of many concepts (15k concepts took 46 s, 30k 190 s);
//! - `bank_load`: loading a bank of questions without rubrics and building the engine;
//! - `bank_load_rubrics`: the same with a rubric of 10 concepts per question (4
//!   alternatives, a label, hint and 12-word description each, like `anscov bench
//!   --bank-size N`'s generated banks).
//!
//! Run: `cargo bench --bench hostile` (or one group: `cargo bench --bench hostile -- lint`).
//! The sizes are small enough for a run of a few minutes; the figures in docs/limits.md
//! come from it and from the `anscov` binary on the full-size inputs.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use anscov_core::bank::{Bank, BankFile, BankFiles};
use anscov_core::input::{document_answers, Answer};
use anscov_core::score::Engine;

fn sections(n: usize) -> String {
    (0..n)
        .map(|i| format!("## q04 part {i}\nWe alert on the error budget burn.\n\n"))
        .collect()
}

fn corpus(i: usize) -> BankFile {
    BankFile {
        name: format!("corpus/x{i:06}.toml"),
        text: format!(
            "id = \"x{i}\"\nslug = \"slug-{i}\"\nquestion = \"How do you handle topic {i} with budgets and alerts?\"\nsample_answer = \"We set targets for topic {i}, track error budgets, alert on burn and hold reviews.\"\n"
        ),
    }
}

fn rubric(concepts: usize) -> BankFile {
    let mut text = "question = \"x0\"\n".to_string();
    for c in 0..concepts {
        text.push_str(&format!(
            "[[concept]]\nid = \"c{c}\"\nlabel = \"Concept {c}\"\nhint = \"Say c{c}.\"\ndescription = \"thing number {c} with word w{c}\"\nalternatives = [\"alt {c}\", \"w{c} x\"]\n"
        ));
    }
    BankFile {
        name: "rubrics/x0.toml".into(),
        text,
    }
}

/// A rubric for question `x{i}` of 10 concepts, their words drawn (by `i`) from `words`,
/// real words so that descriptions get near-synonyms as in a real bank.
fn full_rubric(i: usize, words: &[String]) -> BankFile {
    let mut text = format!("question = \"x{i}\"\n");
    for c in 0..10 {
        let w = |k: usize| words[(i * 31 + c * 7 + k * 13) % words.len()].as_str();
        let description: Vec<&str> = (3..15).map(w).collect();
        text.push_str(&format!(
            "[[concept]]\nid = \"c{c}\"\nlabel = \"{} {}\"\nhint = \"Mention {}.\"\ndescription = \"{}\"\nalternatives = [\"{} {}\", \"{}\", \"{} budget\", \"{} burn\"]\n",
            w(0),
            w(1),
            w(2),
            description.join(" "),
            w(15),
            w(16),
            w(17),
            w(18),
            w(19)
        ));
    }
    BankFile {
        name: format!("rubrics/x{i:06}.toml"),
        text,
    }
}

/// The distinct lower-case words of the embedded bank's sample answers, sorted.
fn bank_words(bank: &Bank) -> Vec<String> {
    let mut words: Vec<String> = bank
        .questions
        .iter()
        .flat_map(|q| q.sample_answer.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 4)
        .map(str::to_ascii_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

fn hostile(c: &mut Criterion) {
    let engine = Engine::new(Bank::embedded().expect("embedded bank")).expect("engine");

    let mut group = c.benchmark_group("sections");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [5_000, 10_000, 20_000] {
        let text = sections(n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let answers =
                    document_answers(engine.bank(), Some(Path::new("prep.md")), text.clone()).expect("no front matter");
                answers
                    .iter()
                    .map(|a| engine.score(a).expect("score").concepts.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("partial");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for kib in [256, 512, 1024] {
        let text = "error. budget. ".repeat(kib * 1024 / 15);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let answer = Answer::from_text("a", Some("q04"), &text);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{kib}KiB")),
            &answer,
            |b, answer| b.iter(|| black_box(engine.score(answer).expect("score"))),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("lint");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for concepts in [2_000, 4_000, 8_000] {
        let files = BankFiles {
            corpus: vec![corpus(0)],
            rubrics: vec![rubric(concepts)],
        };
        group.throughput(Throughput::Elements(concepts as u64));
        group.bench_with_input(BenchmarkId::from_parameter(concepts), &files, |b, files| {
            b.iter(|| black_box(anscov_core::lint::lint(std::slice::from_ref(files)).expect("lint")))
        });
    }
    group.finish();

    // 10,000 questions without rubrics is over the default limit of derived rubrics
    // (anscov_core::load::DEFAULT_MAX_DERIVED_RUBRICS); the bench measures what lies past it.
    anscov_core::load::set_max_derived_rubrics(10_000);
    bank_load(c, "bank_load", |_| None);
    let words = bank_words(engine.bank());
    bank_load(c, "bank_load_rubrics", |i| Some(full_rubric(i, &words)));
}

/// Loads a bank of 2,500, 5,000 and 10,000 questions, each with the rubric `rubric` gives
/// (or none), and builds the engine.
fn bank_load(c: &mut Criterion, name: &str, rubric: impl Fn(usize) -> Option<BankFile>) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for questions in [2_500, 5_000, 10_000] {
        let files = BankFiles {
            corpus: (0..questions).map(corpus).collect(),
            rubrics: (0..questions).filter_map(&rubric).collect(),
        };
        group.throughput(Throughput::Elements(questions as u64));
        group.bench_with_input(BenchmarkId::from_parameter(questions), &files, |b, files| {
            b.iter(|| {
                let bank = anscov_core::load::files(std::slice::from_ref(files)).expect("bank");
                black_box(Engine::new(bank).expect("engine"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
