//! `anscov bank lint | show | derive | import`: tools for bank authors (`bank list` is
//! in `mod.rs`).
//!
//! Arguments, output and exit codes only: it must not implement linting, deriving,
//! importing or the analysis `show` prints; it calls the library's (`anscov_core::lint`,
//! `derive`, `import`, `analyzer`).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;

use anscov_core::analyzer::{Analyzer, Vocabulary};
use anscov_core::bank::{BankFiles, RubricOrigin};
use anscov_core::input::Answer;
use anscov_core::lint::Severity;
use anscov_core::report::plural;
use anscov_core::score::{Engine, Status};

use super::{BankArgs, Exit};

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Bank folders (corpus/ and rubrics/), linted combined as repeated --bank loads them.
    /// Without one, the embedded default bank.
    #[arg(value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// A bank folder, as a DIR argument (the spelling every other command uses);
    /// repeatable. Linted after the DIR arguments.
    #[arg(long = "bank", value_name = "DIR")]
    banks: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The table of questions: `.csv` (a header row names the columns) or JSONL.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The bank folder to write corpus/<id>.toml files into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct QuestionArgs {
    /// Question id or slug.
    #[arg(value_name = "ID")]
    question: String,
    #[command(flatten)]
    bank: BankArgs,
}

#[derive(Debug, clap::Args)]
pub struct DeriveArgs {
    #[command(flatten)]
    question: QuestionArgs,
    /// Write the rubric to FILE instead of stdout: its folder is created if missing, and an
    /// existing file is never replaced. Use it to save into the bank itself; a shell redirect
    /// there (`> DIR/rubrics/ID.toml`) creates an empty rubric before anscov reads the bank.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Exit 0 clean (notes allowed), 1 with errors or warnings, 2 when a file cannot be read
/// or parsed.
pub fn lint(args: &LintArgs, quiet: bool) -> Result<Exit> {
    let banks: Vec<BankFiles> = if args.dirs.is_empty() && args.banks.is_empty() {
        vec![BankFiles::embedded()]
    } else {
        args.dirs
            .iter()
            .chain(&args.banks)
            .map(|d| BankFiles::from_dir(d))
            .collect::<anscov_core::Result<_>>()?
    };
    let lint = anscov_core::lint::lint(&banks)?;
    let mut out = io::stdout().lock();
    for f in &lint.findings {
        writeln!(
            out,
            "{}:{}: {}[{}]: {}\n  fix: {}",
            f.file,
            f.line,
            f.severity.name(),
            f.code,
            f.message,
            f.fix
        )?;
    }
    out.flush()?;
    if !quiet {
        let count = |s: Severity| lint.findings.iter().filter(|f| f.severity == s).count();
        let (errors, warnings, notes) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
        super::say(format_args!(
            "anscov: {errors} error{}, {warnings} warning{}, {notes} note{}",
            plural(errors),
            plural(warnings),
            plural(notes)
        ));
    }
    Ok(if lint.unparseable {
        Exit::Error
    } else if lint.has_problems() {
        Exit::Failed
    } else {
        Exit::Ok
    })
}

pub fn show(args: &QuestionArgs) -> Result<Exit> {
    let bank = args.bank.load()?;
    let qi = bank.resolve(&args.question, "bank show")?;
    let engine = Engine::new(bank)?;
    let question = &engine.bank().questions[qi];
    let mut analyzer = Analyzer::default();
    let mut vocabulary = Vocabulary::default();
    let mut stems = |text: &str| analyzer.stems(&mut vocabulary, text).join(" ");
    let mut out = io::stdout().lock();
    writeln!(out, "{}  {}  ({})", question.id, question.slug, question.file)?;
    match &question.rubric {
        RubricOrigin::File(file) => writeln!(out, "rubric: {file}")?,
        RubricOrigin::Derived => writeln!(
            out,
            "rubric: derived from the sample answer (no rubric file; `anscov bank derive {}` prints it)",
            question.id
        )?,
    }
    for (title, text) in [
        ("Question", &question.text),
        ("Guidance", &question.guidance),
        ("Sample answer", &question.sample_answer),
    ] {
        if text.trim().is_empty() {
            writeln!(out, "\n{title}: (none)")?;
            continue;
        }
        writeln!(out, "\n{title}:\n  {}", text.trim().replace('\n', "\n  "))?;
        writeln!(out, "  stems: {}", stems(text))?;
    }
    let sample = engine.score(&Answer::from_text(
        &question.file,
        Some(&question.id),
        &question.sample_answer,
    ))?;
    let covered = sample.concepts.iter().filter(|c| c.covered).count();
    writeln!(
        out,
        "\nConcepts ({} covered by the sample answer, coverage {:.0}%; [x] covered, [~] mentioned, [ ] missed, [-] negated):",
        format_args!("{covered} of {}", sample.concepts.len()),
        sample.coverage * 100.0
    )?;
    for (concept, report) in question.concepts.iter().zip(&sample.concepts) {
        let mark = match report.status {
            Status::Covered => "x",
            Status::Missed => " ",
            Status::Negated => "-",
            Status::Mentioned => "~",
        };
        let mut flags = format!("weight {}", concept.weight);
        if concept.required {
            flags.push_str(", required");
        }
        if !concept.negatable {
            flags.push_str(", not negatable");
        }
        if concept.negative {
            flags.push_str(", stated negatively");
        }
        writeln!(out, "\n  [{mark}] {}  \"{}\"  ({flags})", concept.id, concept.label)?;
        if let Some(evidence) = report.evidence.first() {
            writeln!(out, "      sample evidence: \"{}\"", evidence.text)?;
        }
        if concept.alternatives.is_empty() {
            writeln!(out, "      alternatives: none")?;
        } else {
            writeln!(out, "      alternatives:")?;
            let width = concept
                .alternatives
                .iter()
                .map(|a| a.chars().count())
                .max()
                .unwrap_or(0);
            for alternative in &concept.alternatives {
                let analysed = stems(alternative);
                let analysed = if analysed.is_empty() {
                    "(nothing: all stopwords, never matches)".to_string()
                } else {
                    analysed
                };
                writeln!(out, "        {alternative:<width$}  → {analysed}")?;
            }
        }
        if !concept.description.trim().is_empty() {
            writeln!(
                out,
                "      description: {}\n                → {}",
                concept.description.trim(),
                stems(&concept.description)
            )?;
        }
        if !concept.hint.trim().is_empty() {
            writeln!(out, "      hint: {}", concept.hint.trim())?;
        }
    }
    Ok(Exit::Ok)
}

/// Exit 0 when the files are written (or already there), 2 when the table cannot be read
/// or a question in it is incomplete or repeated.
pub fn import(args: &ImportArgs, quiet: bool) -> Result<Exit> {
    let files = anscov_core::import::corpus_files_into(&args.file, &args.out)?;
    let outcomes = anscov_core::scaffold::write(&args.out, &files)?;
    if !quiet {
        super::check::print_outcomes(
            &args.out,
            &outcomes,
            &format!(
                "Rubrics are derived from the sample answers until you write them: `anscov bank lint {0}`, `anscov bank derive ID --bank {0}`, `anscov score --bank {0} ANSWERS`.",
                args.out.display()
            ),
        )?;
    }
    Ok(Exit::Ok)
}

pub fn derive(args: &DeriveArgs, quiet: bool) -> Result<Exit> {
    let question = &args.question;
    // As written: the fix for a bank over the derived-rubric limit (docs/limits.md).
    let bank = question.bank.load_as_written()?;
    let qi = bank.resolve(&question.question, "bank derive")?;
    let concepts = anscov_core::derive::derive_for(&bank, qi)?;
    if concepts.is_empty() {
        anyhow::bail!(
            "question `{}` has no sample answer to derive a rubric from\n  fix: add a `sample_answer` to {}",
            bank.questions[qi].id,
            bank.questions[qi].file
        );
    }
    let lint: String = std::iter::once("anscov bank lint".to_string())
        .chain(
            question
                .bank
                .banks
                .iter()
                .map(|b| format!("--bank {}", anscov_core::shell::quote(&b.display().to_string()))),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let rubric = anscov_core::derive::rubric_toml(&bank.questions[qi], &concepts, &lint);
    let Some(path) = &args.output else {
        write!(io::stdout().lock(), "{rubric}")?;
        return Ok(Exit::Ok);
    };
    let file = anscov_core::scaffold::File {
        path: path.clone(),
        contents: rubric,
    };
    match anscov_core::scaffold::write(std::path::Path::new(""), &[file])?.as_slice() {
        [anscov_core::scaffold::Outcome::Created(_)] => {
            if !quiet {
                println!("created {}", path.display());
            }
            Ok(Exit::Ok)
        }
        _ => Err(anscov_core::Error::Usage(format!(
            "-o {}: the file exists and was left unchanged; remove it first or choose another path",
            path.display()
        ))
        .into()),
    }
}
