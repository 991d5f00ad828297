//! `anscov bench`: generates a deterministic workload, scores it through the same path as
//! `anscov score FILE -f jsonl` (Reader → Engine::score_stream → Jsonl reporter, output to
//! a sink), and prints throughput, the word-splitting baseline and the ratio, bank load
//! time, single-answer latency percentiles and peak memory.
//!
//! Runs and prints only: it must not make the workload or compute the statistics
//! (`anscov_core::bench` does), nor score by a path `anscov score` does not take.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;

use anscov_core::bank::{Bank, BankFiles};
use anscov_core::bench::{self, Percentiles, Workload, WorkloadOptions};
use anscov_core::input::{Answer, ReadOptions, Reader, Source};
use anscov_core::report::{reporter, Format};
use anscov_core::score::{Engine, Scored};

use super::Exit;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Answers in the workload.
    #[arg(long, value_name = "N", default_value_t = 50_000, value_parser = at_least_one)]
    answers: usize,
    /// Use a generated bank of Q questions instead of the embedded one.
    #[arg(long, value_name = "Q")]
    bank_size: Option<usize>,
    /// Concepts per question of the generated bank.
    #[arg(long, value_name = "M", default_value_t = 10)]
    concepts: usize,
    /// Target words per answer.
    #[arg(long, value_name = "W", default_value_t = 250)]
    words: usize,
    /// Also measure answers that name no question (routed), reported on their own row.
    #[arg(long)]
    routing: bool,
    /// Timed runs of each measurement; the median is reported.
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = at_least_one)]
    runs: usize,
    /// Answers timed one by one for the latency percentiles.
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    latency_samples: usize,
    /// Seed of the workload and bank generators.
    #[arg(long, default_value_t = bench::SEED)]
    seed: u64,
    /// Only write the workload as JSONL to FILE (for `anscov score FILE` or other tools), then exit.
    #[arg(long, value_name = "FILE")]
    emit_jsonl: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

/// A count that must be positive: a throughput over no answers, or a median of no runs,
/// would be printed as a meaningless 0.
fn at_least_one(text: &str) -> std::result::Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(err) => Err(format!("{err}; give a whole number like 50000")),
    }
}

/// Everything one bench run measured. Field names are stable for scripts.
#[derive(Debug, Serialize)]
struct Figures {
    answers: usize,
    words_target: usize,
    bank_questions: usize,
    bank_concepts: usize,
    threads: usize,
    runs: usize,
    input_bytes: u64,
    /// Bank parse + engine build (index, vocabulary, compiled concepts), median.
    bank_load_ms: f64,
    /// Median of 2 × runs end-to-end runs (runs alone, then runs paired with the baseline).
    answers_per_sec: f64,
    mb_per_sec: f64,
    baseline_answers_per_sec: f64,
    /// End-to-end over baseline throughput, the median over runs paired back to back.
    ratio: f64,
    routing_answers_per_sec: Option<f64>,
    latency_us: Percentiles,
    /// Peak RSS of the end-to-end phase (reset before it where the kernel allows).
    peak_rss_mb: Option<f64>,
}

pub fn run(args: &BenchArgs) -> Result<Exit> {
    let source = Bank::embedded()?;
    let files = match args.bank_size {
        Some(q) => bench::synthetic_bank(&source, q, args.concepts, args.seed),
        None => BankFiles::embedded(),
    };
    let options = WorkloadOptions {
        answers: args.answers,
        words: args.words,
        seed: args.seed,
        ..WorkloadOptions::default()
    };

    if let Some(path) = &args.emit_jsonl {
        let bank = Bank::parse(std::slice::from_ref(&files))?;
        let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let options = WorkloadOptions {
            routing: args.routing,
            ..options
        };
        Workload::new(&bank, options).write_jsonl(&mut out)?;
        out.flush()?;
        return Ok(Exit::Ok);
    }

    // A generated bank is loaded at the size asked for: `--max-bank-questions` guards
    // against loading a folder larger than intended, and `--bank-size` is explicit.
    if let Some(q) = args.bank_size {
        let limit = anscov_core::load::max_bank_questions().max(q);
        anscov_core::load::set_max_bank_questions(limit);
    }
    let runs = args.runs.max(1);
    // Bank load: what `anscov score` pays before the first answer. One engine at a time,
    // and the bank's files gone before the last build, as `anscov score --bank` has them:
    // with the previous engine and the files still held, peak RSS at 100,000 questions was
    // that of two engines and 0.6 GB of TOML text.
    let mut load_ms = Vec::with_capacity(runs);
    let mut engine = None;
    let mut files = Some(files);
    for run in 0..runs {
        drop(engine.take());
        let start = Instant::now();
        let bank = anscov_core::load::files(std::slice::from_ref(files.as_ref().context("no bank files")?))?;
        if run + 1 == runs {
            files = None;
        }
        let built = Engine::new(bank)?;
        load_ms.push(start.elapsed().as_secs_f64() * 1e3);
        engine = Some(built);
    }
    let engine = engine.context("no engine")?;
    let bank = engine.bank();

    let dir = tempfile::tempdir()?;
    let workload = dir.path().join("workload.jsonl");
    let input_bytes = {
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&workload)?);
        let bytes = Workload::new(bank, options.clone()).write_jsonl(&mut out)?;
        out.flush()?;
        bytes
    };

    // End to end, the `score -f jsonl` path. Peak memory is read after these runs, before
    // the baseline's texts (the whole workload, ≈ 84 MB at 50,000 answers) are in memory.
    let reset = bench::reset_peak_rss();
    let mut e2e = Vec::with_capacity(2 * runs);
    let time_end_to_end = || -> Result<f64> {
        let (scored, elapsed) = end_to_end(&engine, &workload)?;
        anyhow::ensure!(scored == args.answers, "scored {scored} of {} answers", args.answers);
        Ok(elapsed.as_secs_f64())
    };
    for _ in 0..runs {
        e2e.push(time_end_to_end()?);
    }
    let peak = bench::peak_rss().filter(|_| reset).map(|b| b as f64 / 1e6);

    let routing = if args.routing {
        let path = dir.path().join("routing.jsonl");
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        Workload::new(
            bank,
            WorkloadOptions {
                routing: true,
                ..options.clone()
            },
        )
        .write_jsonl(&mut out)?;
        out.flush()?;
        drop(out);
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            times.push(end_to_end(&engine, &path)?.1.as_secs_f64());
        }
        Some(args.answers as f64 / bench::median(&times))
    } else {
        None
    };

    // The baseline over the same texts, held in memory so only the splitting is timed.
    // Each baseline run is paired with an end-to-end run right after it and the ratio is
    // the median of the pairs' ratios: on a shared machine whose speed drifts by ±30%
    // within minutes, timing all of one and then all of the other moved the ratio more
    // than any change to the code did.
    let texts: Vec<String> = Workload::new(bank, options.clone()).map(|a| a.text).collect();
    let mut split = Vec::with_capacity(runs);
    let mut ratios = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let words = bench::count_words_parallel(&texts);
        let split_secs = start.elapsed().as_secs_f64();
        std::hint::black_box(words);
        let e2e_secs = time_end_to_end()?;
        split.push(split_secs);
        e2e.push(e2e_secs);
        // Throughput ratio end to end / baseline = baseline time / end-to-end time.
        ratios.push(split_secs / e2e_secs);
    }
    drop(texts);
    let split = bench::median(&split);
    let e2e = bench::median(&e2e);

    // Latency: one answer at a time, on this thread, as `anscov score FILE` does.
    let mut samples = Vec::with_capacity(args.latency_samples);
    for a in Workload::new(
        bank,
        WorkloadOptions {
            answers: args.latency_samples,
            ..options.clone()
        },
    ) {
        let answer = Answer::from_text(&a.id, a.question.as_deref(), &a.text);
        let start = Instant::now();
        let report = engine.score(&answer)?;
        samples.push(start.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(report);
    }

    let answers_per_sec = args.answers as f64 / e2e;
    let baseline = args.answers as f64 / split;
    let figures = Figures {
        answers: args.answers,
        words_target: args.words,
        bank_questions: bank.questions.len(),
        bank_concepts: bank.questions.iter().map(|q| q.concepts.len()).sum(),
        threads: rayon::current_num_threads(),
        runs,
        input_bytes,
        bank_load_ms: bench::median(&load_ms),
        answers_per_sec,
        mb_per_sec: input_bytes as f64 / e2e / 1e6,
        baseline_answers_per_sec: baseline,
        ratio: bench::median(&ratios),
        routing_answers_per_sec: routing,
        latency_us: bench::percentiles(&samples),
        peak_rss_mb: peak,
    };
    print(&figures, args.json)?;
    Ok(Exit::Ok)
}

/// Scores a JSONL file exactly as `anscov score FILE -f jsonl` does, into a sink.
fn end_to_end(engine: &Engine, path: &Path) -> Result<(usize, Duration)> {
    let start = Instant::now();
    let items = Reader::new(
        engine.bank(),
        vec![Source::File(path.to_path_buf())],
        ReadOptions::default(),
    );
    let mut reporter = reporter(Format::Jsonl, engine.bank());
    let mut summary = anscov_core::report::Summary::default();
    let mut out = BufWriter::with_capacity(64 * 1024, io::sink());
    let out: &mut dyn Write = &mut out;
    reporter.begin(out)?;
    engine.score_stream(items, |scored| -> io::Result<()> {
        match scored {
            Scored::Report(report) => {
                summary.add(&report);
                reporter.answer(out, &report)
            }
            Scored::Problem(problem) => {
                summary.problems += 1;
                reporter.problem(out, &problem)
            }
        }
    })?;
    reporter.finish(out, &summary)?;
    out.flush()?;
    anyhow::ensure!(
        summary.problems == 0,
        "{} input problems in the generated workload",
        summary.problems
    );
    Ok((summary.answers, start.elapsed()))
}

fn print(f: &Figures, json: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, f)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "workload   {} answers × ~{} words ({:.1} MB JSONL), bank {} questions / {} concepts, {} threads, median of {} runs",
        f.answers,
        f.words_target,
        f.input_bytes as f64 / 1e6,
        f.bank_questions,
        f.bank_concepts,
        f.threads,
        f.runs
    )?;
    writeln!(
        out,
        "bank load  {:>10.1} ms   (parse + compile; the index is built on first routing)",
        f.bank_load_ms
    )?;
    writeln!(
        out,
        "end to end {:>10.0} answers/s  {:.1} MB/s   (read → analyze → match → JSONL)",
        f.answers_per_sec, f.mb_per_sec
    )?;
    writeln!(
        out,
        "baseline   {:>10.0} answers/s   (unicode word splitting only)",
        f.baseline_answers_per_sec
    )?;
    writeln!(
        out,
        "ratio      {:>10.3}   (end to end / baseline, median of {} back-to-back pairs)",
        f.ratio, f.runs
    )?;
    if let Some(r) = f.routing_answers_per_sec {
        writeln!(out, "routing    {:>10.0} answers/s   (no question named)", r)?;
    }
    let l = &f.latency_us;
    writeln!(
        out,
        "latency    p50 {:.0} µs  p90 {:.0} µs  p99 {:.0} µs  max {:.0} µs   (one answer, one thread)",
        l.p50, l.p90, l.p99, l.max
    )?;
    match f.peak_rss_mb {
        Some(mb) => writeln!(out, "peak RSS   {:>10.1} MB   (end-to-end phase)", mb)?,
        None => writeln!(out, "peak RSS   unavailable")?,
    }
    Ok(())
}
