//! `anscov eval`: labelled answers against a bank (`tests/eval/*.jsonl`), or graded tables
//! that carry their own questions and reference answers (public short-answer data), each
//! evaluated with a bank built in memory from the table.
//!
//! Arguments and printing only: it must not compute a figure (the library does:
//! `anscov_core::eval`, `anscov_core::graded`).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;

use anscov_core::graded::{self, GradedTable, TableEvaluation, Thresholds};
use anscov_core::score::Engine;

use super::{BankArgs, Exit};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Labelled JSONL files (`{"question": "q04", "text": ..., "covered": [...], "grade": 3}`),
    /// or graded tables, CSV or JSONL, one row per answer: question_id, question,
    /// reference_answers (or sample_answer / reference_answer), answer, grade or label.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Print the figures as JSON (labelled answers: with every disagreement).
    #[arg(long)]
    json: bool,
    /// List the lines where scorer and labels disagree (labelled answers).
    #[arg(long)]
    mistakes: bool,
    /// Graded tables: learn the macro-F1 threshold of each score on this graded table and
    /// apply it to FILE, instead of cross-validating by question within FILE.
    #[arg(long, value_name = "TABLE")]
    threshold_from: Option<PathBuf>,
    /// Graded tables: the label of a correct answer (default `correct`); every other label
    /// counts as not correct.
    #[arg(long, value_name = "LABEL")]
    positive: Option<String>,
    /// Graded tables: write each answer's scores (JSONL: file, line, question_id, id,
    /// coverage, similarity, reference, reference_similarity, score, grade, label) to PATH.
    #[arg(long, value_name = "PATH")]
    scores: Option<PathBuf>,
    #[command(flatten)]
    bank: BankArgs,
}

/// Figures print as `n/a` when undefined (no labels, a constant side, one class only).
fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

pub fn run(args: &EvalArgs) -> Result<Exit> {
    let mut graded_files = Vec::new();
    let mut labelled_files = Vec::new();
    for path in &args.files {
        let text = anscov_core::table::read_text(path)?;
        if graded::looks_graded(path, &text) {
            graded_files.push((path, text));
        } else {
            labelled_files.push(path);
        }
    }
    if !graded_files.is_empty() && !labelled_files.is_empty() {
        anyhow::bail!(
            "{} is a graded table (rows with reference answers) and {} holds labelled answers for a bank\n  fix: evaluate them in separate runs",
            graded_files[0].0.display(),
            labelled_files[0].display()
        );
    }
    if graded_files.is_empty() {
        for (flag, set) in [
            ("--threshold-from", args.threshold_from.is_some()),
            ("--positive", args.positive.is_some()),
            ("--scores", args.scores.is_some()),
        ] {
            if set {
                anyhow::bail!(
                    "{flag} applies to graded tables only\n  fix: drop it, or pass a table with reference answers"
                );
            }
        }
        return labelled(args);
    }
    if !args.bank.banks.is_empty() {
        anyhow::bail!(
            "a graded table carries its own questions and reference answers; --bank is not used\n  fix: drop --bank"
        );
    }
    // --scores is checked before anything is scored, as `-o` is: never a table this run
    // reads (it replaced its own input), a directory or a device.
    if let Some(path) = &args.scores {
        let output = anscov_core::output::Output::resolve(path, "--scores")?;
        let mut named: Vec<PathBuf> = args.files.clone();
        named.extend(args.threshold_from.clone());
        output.refuse_inputs(&named, &[])?;
    }
    let tables: Vec<GradedTable> = graded_files
        .iter()
        .map(|(path, text)| graded::parse(path, text))
        .collect::<anscov_core::Result<_>>()?;
    let thresholds = match &args.threshold_from {
        None => Thresholds::CrossValidated,
        Some(path) => {
            let train = graded::read(path)?;
            let bank = graded::build_bank(&train)?;
            let scores = graded::score(&train, &bank)?;
            graded::learn_thresholds(&train, &scores, args.positive.as_deref())?
        }
    };
    let mut evaluations: Vec<TableEvaluation> = Vec::new();
    let mut score_lines = String::new();
    for table in &tables {
        let bank = graded::build_bank(table)?;
        let scores = graded::score(table, &bank)?;
        let own = graded::self_coverage(&bank)?;
        evaluations.push(graded::evaluate(
            table,
            &scores,
            own,
            args.positive.as_deref(),
            &thresholds,
        )?);
        if args.scores.is_some() {
            for (answer, s) in table.answers.iter().zip(&scores) {
                let q = &table.questions[answer.question];
                let line = serde_json::json!({
                    "file": table.path,
                    "line": answer.line,
                    "question_id": q.id,
                    "id": answer.id,
                    "coverage": s.coverage,
                    "similarity": s.similarity,
                    "reference": s.reference,
                    "reference_similarity": s.reference_similarity,
                    "score": s.blended(anscov_core::reference::CONCEPTS_SHARE),
                    "grade": answer.target.grade,
                    "label": answer.target.label,
                });
                score_lines.push_str(&line.to_string());
                score_lines.push('\n');
            }
        }
    }
    if let Some(path) = &args.scores {
        std::fs::write(path, score_lines).map_err(|e| super::io_failure("cannot write", path, &e))?;
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "version": 1, "tables": evaluations }))?;
        writeln!(out)?;
        return Ok(Exit::Ok);
    }
    for e in &evaluations {
        write!(
            out,
            "{}: {} answers, {} questions, {} reference answers",
            e.file, e.answers, e.questions, e.references
        )?;
        if let Some(labels) = &e.labels {
            write!(
                out,
                "; label `{}` {}, other {}",
                labels.positive, labels.positives, labels.negatives
            )?;
        }
        writeln!(out)?;
        let own = &e.self_coverage;
        writeln!(
            out,
            "  reference answers covering ≥ 90% of their own derived rubric: {} of {} ({:.3}); {:.1} concepts per rubric",
            own.covering, own.references, own.share, own.mean_concepts
        )?;
        writeln!(
            out,
            "  {:<20} {:>8} {:>8} {:>8} {:>8} {:>9}",
            "score", "pearson", "spearman", "ROC-AUC", "macro-F1", "threshold"
        )?;
        for s in &e.signals {
            writeln!(
                out,
                "  {:<20} {:>8} {:>8} {:>8} {:>8} {:>9}",
                s.signal,
                opt(s.pearson),
                opt(s.spearman),
                opt(s.roc_auc),
                opt(s.macro_f1),
                opt(s.threshold)
            )?;
        }
        if let Some(from) = &e.thresholds_from {
            let note = match thresholds {
                Thresholds::CrossValidated => format!(
                    "macro-F1 at thresholds {from}; `threshold` is learnt on the whole file (apply it elsewhere with --threshold-from {})",
                    e.file
                ),
                Thresholds::Learnt { .. } => format!("macro-F1 at the threshold learnt on {from}"),
            };
            writeln!(out, "  {note}")?;
        }
        let shares: Vec<String> = e.score_concepts_share.iter().map(|s| format!("{s:.2}")).collect();
        writeln!(
            out,
            "  score = share × coverage + (1 − share) × reference_similarity; share {}",
            if shares.is_empty() {
                format!(
                    "{:.2} (as `anscov score` blends)",
                    anscov_core::reference::CONCEPTS_SHARE
                )
            } else {
                format!("learnt on the other folds, per fold: {}", shares.join(" "))
            }
        )?;
    }
    Ok(Exit::Ok)
}

fn labelled(args: &EvalArgs) -> Result<Exit> {
    let engine = Engine::new(args.bank.load()?)?;
    let lines = anscov_core::eval::read_labelled(&args.files)?;
    let evaluation = anscov_core::eval::evaluate(&engine, &lines)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation)?;
        writeln!(out)?;
        return Ok(Exit::Ok);
    }
    writeln!(
        out,
        "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7} {:>6}",
        "style",
        "n",
        "P",
        "R",
        "F1",
        "cov",
        "credit",
        "cr-rho",
        "spearman",
        "pearson",
        "sim-r",
        "routing",
        "unclear",
        "lists"
    )?;
    let mut row = |name: &str, f: &anscov_core::eval::Figures| {
        writeln!(
            out,
            "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6.3} {:>6} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7} {:>6}",
            name,
            f.answers,
            opt(f.concepts.precision),
            opt(f.concepts.recall),
            opt(f.concepts.f1),
            f.mean_coverage,
            opt(f.mean_credited),
            opt(f.credited_spearman),
            opt(f.spearman),
            opt(f.pearson),
            opt(f.similarity_pearson),
            opt(f.routing_accuracy),
            f.routing_unclear,
            f.keyword_list_flags
        )
    };
    for (style, figures) in &evaluation.styles {
        row(style, figures)?;
    }
    row("prose", &evaluation.prose)?;
    row("all", &evaluation.overall)?;
    if args.mistakes {
        for m in &evaluation.mistakes {
            writeln!(
                out,
                "{} [{}] fp={:?} fn={:?}{}",
                m.source,
                m.style.as_deref().unwrap_or("-"),
                m.false_positives,
                m.false_negatives,
                m.routed_to.as_ref().map(|r| format!(" routed={r}")).unwrap_or_default()
            )?;
        }
    }
    Ok(Exit::Ok)
}
