//! Per-stage criterion benches on deterministic inputs generated from the embedded bank
//! (`anscov_core::bench`): `analyze`, `match`, `route`, `end_to_end`. Each sets `Throughput`, so
//! criterion reports answers/s (Elements) and MB/s (Bytes).
//!
//! Run: `cargo bench --bench stages` (or one stage: `cargo bench --bench stages -- analyze`).
//! For whole-process figures (reading, writing, both cores) use `anscov bench`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use anscov_core::analyzer::{Analysis, Analyzer, Terms};
use anscov_core::bank::Bank;
use anscov_core::bench::{GeneratedAnswer, Workload, WorkloadOptions};
use anscov_core::input::{Answer, Item};
use anscov_core::matcher::{match_question, Prepared, Semantic};
use anscov_core::score::Engine;

const ANSWERS: usize = 256;

fn workload(bank: &Bank, routing: bool) -> Vec<GeneratedAnswer> {
    Workload::new(
        bank,
        WorkloadOptions {
            answers: ANSWERS,
            words: 250,
            routing,
            ..WorkloadOptions::default()
        },
    )
    .collect()
}

fn answers(generated: &[GeneratedAnswer]) -> Vec<Answer> {
    generated
        .iter()
        .map(|a| Answer::from_text(&a.id, a.question.as_deref(), &a.text))
        .collect()
}

fn bytes(generated: &[GeneratedAnswer]) -> u64 {
    generated.iter().map(|a| a.text.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let bank = Bank::embedded().expect("embedded bank");
    let engine = Engine::new(bank.clone()).expect("engine");
    let generated = workload(&bank, false);
    let known = answers(&generated);
    let routed = answers(&workload(&bank, true));

    // Word splitting alone: the floor the analyzer stands on.
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(bytes(&generated)));
    group.bench_function("unicode_words", |b| {
        use unicode_segmentation::UnicodeSegmentation;
        b.iter(|| {
            generated
                .iter()
                .map(|a| black_box(&a.text).unicode_words().count())
                .sum::<usize>()
        })
    });
    // The same words (a property test checks they are identical), with the ASCII fast path.
    group.bench_function("anscov_words", |b| {
        b.iter(|| {
            generated
                .iter()
                .map(|a| anscov_core::words::word_indices(black_box(&a.text)).count())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Elements(ANSWERS as u64));
    group.bench_function("analyzer", |b| {
        let mut analyzer = Analyzer::default();
        let mut analysis = Analysis::default();
        b.iter(|| {
            for a in &generated {
                analyzer.analyze(
                    &mut Terms::Lookup(engine.vocabulary()),
                    &a.text,
                    0..a.text.len(),
                    &mut analysis,
                );
                black_box(analysis.tokens.len());
            }
        })
    });
    group.finish();

    // Matching alone: answers analysed and prepared beforehand, then matched against their
    // question's compiled concepts (phrase, partial, semantic passes).
    let prepared: Vec<(usize, Prepared)> = generated
        .iter()
        .map(|a| {
            let qi = bank.find(a.question.as_deref().unwrap_or_default()).expect("question");
            let mut p = Prepared::default();
            Analyzer::default().analyze(
                &mut Terms::Lookup(engine.vocabulary()),
                &a.text,
                0..a.text.len(),
                &mut p.analysis,
            );
            p.prepare(engine.idf());
            (qi, p)
        })
        .collect();
    let mut group = c.benchmark_group("match");
    group.throughput(Throughput::Elements(ANSWERS as u64));
    group.bench_function("match_question", |b| {
        b.iter(|| {
            for (qi, p) in &prepared {
                black_box(match_question(
                    engine.compiled(*qi).expect("compiled"),
                    p,
                    engine.idf(),
                    Semantic::Wide,
                ));
            }
        })
    });
    // Analyze + prepare + match + report, one thread, question known.
    group.bench_function("score_known_question", |b| {
        b.iter(|| {
            for a in &known {
                black_box(engine.score(a).expect("score"));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("route");
    group.throughput(Throughput::Elements(ANSWERS as u64));
    group.sample_size(10);
    group.bench_function("score_unnamed_question", |b| {
        b.iter(|| {
            for a in &routed {
                black_box(engine.score(a).expect("score"));
            }
        })
    });
    group.finish();

    // The streaming engine over both cores, with JSONL serialisation into a buffer.
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Elements(ANSWERS as u64 * 8));
    group.sample_size(10);
    group.bench_function("score_stream_jsonl", |b| {
        b.iter_batched(
            || {
                known
                    .iter()
                    .cycle()
                    .take(ANSWERS * 8)
                    .cloned()
                    .map(Item::Answer)
                    .collect::<Vec<_>>()
            },
            |items| {
                let mut out = Vec::with_capacity(1 << 20);
                let mut reporter = anscov_core::report::reporter(anscov_core::report::Format::Jsonl, engine.bank());
                engine
                    .score_stream(items.into_iter(), |scored| -> std::io::Result<()> {
                        out.clear();
                        match scored {
                            anscov_core::score::Scored::Report(r) => reporter.answer(&mut out, &r),
                            anscov_core::score::Scored::Problem(p) => reporter.problem(&mut out, &p),
                        }
                    })
                    .expect("stream");
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
