//! Command-line interface: argument parsing (clap derive; doc comments are the help text),
//! output handling and exit codes. It must not hold scoring logic: that is the library's.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use anscov_core::bank::Bank;
use anscov_core::config::{relative_to, Config, Excluder, Origin, Overrides};
use anscov_core::delivery::DeliverySettings;
use anscov_core::input::{
    discover, Diagnostic, ReadOptions, Reader, Source, DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING,
};
use anscov_core::output::Output;
use anscov_core::report::{reporter, Format, Summary};
use anscov_core::score::{Engine, Scored};

mod check;

mod bench;

mod bank;

mod eval;

mod docs;

mod help;

/// Exit codes, as Vale and typos use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything scored; all thresholds met.
    Ok = 0,
    /// A threshold or required concept failed (`check`).
    Failed = 1,
    /// Usage, configuration or input error.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// anscov: which expected concepts your interview answers cover, which they miss, the
/// evidence in your own words, and what to add.
#[derive(Debug, Parser)]
#[command(name = "anscov", version, about, long_about = None, after_help = help::ANSCOV)]
struct Cli {
    /// When to colour the text report: `auto` only on a terminal and never with NO_COLOR
    /// set; `always` even when piped, with NO_COLOR or to `-o FILE`; `never`.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: ColorWhen,
    /// No progress bar and no informational messages on stderr (errors still go there).
    #[arg(long, global = true)]
    quiet: bool,
    /// Largest file anscov reads (answers, banks, anscov.toml, eval and import tables), and
    /// largest JSONL line or CSV record (bytes; at most 4 GiB − 1).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE, value_parser = file_size)]
    max_file_size: u64,
    /// Most questions of a bank whose rubric is derived from the sample answer at load;
    /// a bank needing more is refused (write their rubrics with `anscov bank derive`).
    #[arg(long, global = true, value_name = "N", default_value_t = anscov_core::load::DEFAULT_MAX_DERIVED_RUBRICS)]
    max_derived_rubrics: usize,
    /// Most questions of the banks a command loads together (`--bank`, `bank = [...]`); a
    /// larger bank is refused before it is read (split it, or raise this).
    #[arg(long, global = true, value_name = "N", default_value_t = anscov_core::load::DEFAULT_MAX_BANK_QUESTIONS)]
    max_bank_questions: usize,
    #[command(subcommand)]
    command: Command,
}

/// `--max-file-size`'s parser: whole bytes, at least 1 and at most
/// [`MAX_FILE_SIZE_CEILING`]. A larger value is refused (exit 2), as other numeric flags
/// out of range are, rather than capped silently: evidence offsets are 32-bit, so no file
/// over 4 GiB − 1 can be read. 0 is refused too: it would refuse every non-empty file.
fn file_size(text: &str) -> std::result::Result<u64, String> {
    let bytes: u64 = text
        .parse()
        .map_err(|err| format!("{err}; give a whole number of bytes, e.g. 67108864 for 64 MiB"))?;
    if bytes == 0 {
        return Err(format!(
            "0 bytes would refuse every non-empty file; give a positive number of bytes, e.g. {DEFAULT_MAX_FILE_SIZE} (16 MiB, the default) or 67108864 for 64 MiB"
        ));
    }
    if bytes > MAX_FILE_SIZE_CEILING {
        return Err(format!(
            "more than {MAX_FILE_SIZE_CEILING} bytes (4 GiB − 1), the largest file anscov can read (evidence offsets are 32-bit); give at most {MAX_FILE_SIZE_CEILING}, or split the file"
        ));
    }
    Ok(bytes)
}

/// `--color`, as ripgrep, cargo and git spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// anstream's process-wide choice, which every `anstream::stdout()` then follows.
    fn choice(self) -> anstream::ColorChoice {
        match self {
            // Auto leaves the decision to anstream: colour only to a terminal, never with
            // NO_COLOR, always with CLICOLOR_FORCE (the behaviour before `--color`).
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// Options shared by commands that load a bank.
#[derive(Debug, clap::Args, Clone)]
struct BankArgs {
    /// A bank folder (corpus/ and rubrics/) to use instead of the embedded default bank.
    /// Repeat to combine banks.
    #[arg(long = "bank", value_name = "DIR")]
    banks: Vec<PathBuf>,
}

impl BankArgs {
    fn load(&self) -> Result<Bank> {
        Ok(if self.banks.is_empty() {
            anscov_core::load::embedded()?
        } else {
            anscov_core::load::from_dirs(&self.banks)?
        })
    }

    /// The bank as written, without deriving the rubrics it lacks (`bank derive`, `bank
    /// list`): these work on a bank of any size.
    fn load_as_written(&self) -> Result<Bank> {
        Ok(if self.banks.is_empty() {
            anscov_core::load::embedded()?
        } else {
            anscov_core::load::as_written(&self.banks)?
        })
    }
}

/// Options for commands that read and report answers.
#[derive(Debug, clap::Args, Clone)]
struct ScoreArgs {
    /// Answer files or folders (walked recursively, .gitignore respected); `-` reads stdin
    /// [config: paths; default `.`].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "text", value_parser = FormatParser)]
    format: Format,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    bank: BankArgs,
    /// Leave out answer files matching GLOB (gitignore syntax); repeatable [config: exclude].
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    #[command(flatten)]
    config: ConfigFileArgs,
}

/// Which anscov.toml to read: shared by `score`, `check` and `config`.
#[derive(Debug, clap::Args, Clone)]
pub(crate) struct ConfigFileArgs {
    /// Read this config file instead of looking for anscov.toml from the working
    /// directory up.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any anscov.toml.
    #[arg(long)]
    pub(crate) no_config: bool,
}

/// How answers are read and where the report goes: shared by `score` and `check`.
#[derive(Debug, clap::Args, Clone)]
pub(crate) struct ReadArgs {
    /// Write the report to FILE (atomically; through a symbolic link to its target; an
    /// existing file keeps its permissions) instead of stdout. Never one of the inputs, a
    /// directory or a device.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Score every answer against this question (id or slug), whatever it names.
    #[arg(long, short = 'q', value_name = "ID")]
    pub(crate) question: Option<String>,
    /// Target speaking time of an answer in seconds, for the delivery figures [config:
    /// [delivery] target-seconds; default 120].
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) target_seconds: Option<u32>,
    /// Speaking rate that turns written words into time, and the middle of the steady
    /// pace band for timed transcripts [config: [delivery] words-per-minute; default 150].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) words_per_minute: Option<u32>,
}

impl ReadArgs {
    /// `base` (the default or anscov.toml's) with the flags applied.
    pub(crate) fn delivery(&self, base: DeliverySettings) -> DeliverySettings {
        DeliverySettings {
            target_seconds: self.target_seconds.unwrap_or(base.target_seconds),
            words_per_minute: self.words_per_minute.unwrap_or(base.words_per_minute),
        }
    }

    pub(crate) fn options(&self) -> ReadOptions {
        ReadOptions {
            // `--max-file-size`, set for the whole process in `run`.
            max_file_size: anscov_core::limits::max_file_size(),
            question: self.question.clone(),
        }
    }

    /// The `-o` target, resolved before any input is read; an input that is the target is
    /// refused, named (answer paths, the bank's and config's files) or found by a walk.
    pub(crate) fn output(
        &self,
        named: &[PathBuf],
        bank: &Bank,
        config: Option<&std::path::Path>,
        sources: &[anscov_core::input::Source],
    ) -> Result<Option<Output>> {
        let Some(path) = &self.output else {
            return Ok(None);
        };
        let output = Output::resolve(path, anscov_core::output::REPORT_FLAG)?;
        let mut named = named.to_vec();
        named.extend(config.map(std::path::Path::to_path_buf));
        // Bank files read from folders (the embedded bank has no path).
        for q in &bank.questions {
            named.push(PathBuf::from(&q.file));
            if let anscov_core::bank::RubricOrigin::File(rubric) = &q.rubric {
                named.push(PathBuf::from(rubric));
            }
        }
        named.retain(|p| !p.starts_with(anscov_core::bank::EMBEDDED_NAME));
        output.refuse_inputs(&named, sources)?;
        Ok(Some(output))
    }
}

/// `--format`'s parser: [`parse_format`], plus the names and what each is for, which
/// `--help` lists and shell completions offer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormatParser;

impl clap::builder::TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<Format, clap::Error> {
        // The function's own parser, so the error message stays what it was.
        parse_format.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Format::ALL.iter().map(|&format| {
            clap::builder::PossibleValue::new(format.name()).help(help::format_description(format))
        })))
    }
}

fn parse_format(name: &str) -> std::result::Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{name}`; use one of {}", names.join(", "))
    })
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score answers and report covered and missed concepts per answer.
    ///
    /// Reads the `paths`, `exclude`, `bank` and `[delivery]` keys of anscov.toml (found as
    /// `check` finds it; flags win), never its thresholds or `format`.
    #[command(after_help = help::SCORE)]
    Score(ScoreArgs),
    /// Measure the scorer on labelled answers (JSONL: question, text, covered, grade, style),
    /// or on graded tables (CSV/JSONL: question_id, question, reference_answers, answer,
    /// grade or label) with the bank built in memory.
    #[command(after_help = help::EVAL)]
    Eval(eval::EvalArgs),
    /// Work with question banks.
    #[command(subcommand, after_help = help::BANK)]
    Bank(BankCommand),
    /// Score answers and apply the thresholds of anscov.toml and flags: exit 0 when all
    /// are met, 1 when any fails, 2 on usage, configuration or input errors.
    #[command(after_help = help::CHECK)]
    Check(check::CheckArgs),
    /// Print the effective configuration and where each value came from.
    #[command(after_help = help::CONFIG)]
    Config(check::ConfigArgs),
    /// Scaffold an interview-prep repository: answers/qNN-slug.md per question,
    /// anscov.toml and a GitHub Actions workflow. Never overwrites a file.
    #[command(after_help = help::INIT)]
    Init(check::InitArgs),
    /// Measure scoring speed on a generated, deterministic workload.
    #[command(after_help = help::BENCH)]
    Bench(bench::BenchArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    #[command(after_help = "Examples:
  anscov completions bash > ~/.local/share/bash-completion/completions/anscov
  anscov completions zsh > ~/.zfunc/_anscov      # with fpath+=~/.zfunc before compinit
  anscov completions fish > ~/.config/fish/completions/anscov.fish")]
    Completions(docs::CompletionsArgs),
    /// Print a man page (roff) to stdout: anscov's, or one command's.
    #[command(after_help = "Examples:
  anscov man > ~/.local/share/man/man1/anscov.1   # then `man anscov`
  anscov man score > ~/.local/share/man/man1/anscov-score.1
  anscov man bank lint | man -l -")]
    Man(docs::ManArgs),
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// List the bank's questions.
    #[command(after_help = help::BANK_LIST)]
    List(BankArgs),
    /// Check bank folders (default: the embedded bank) for problems: exit 0 clean, 1 with
    /// errors or warnings, 2 when a file cannot be read or parsed.
    #[command(after_help = help::BANK_LINT)]
    Lint(bank::LintArgs),
    /// Print a question, its guidance, sample answer and rubric as the analyzer sees them
    /// (stems), and which concepts the sample answer covers.
    #[command(after_help = help::BANK_SHOW)]
    Show(bank::QuestionArgs),
    /// Print a rubric derived from a question's sample answer, as a rubric file to edit
    /// (`-o FILE` writes it, never replacing a file).
    #[command(after_help = help::BANK_DERIVE)]
    Derive(bank::DeriveArgs),
    /// Write a bank's corpus files from a table of questions with sample answers (JSONL, or
    /// CSV with a header row): columns id, question, sample_answer (or reference_answer),
    /// optional slug and guidance. Never overwrites a file.
    #[command(after_help = help::BANK_IMPORT)]
    Import(bank::ImportArgs),
}

/// Writes one line to stderr and ignores failure. A diagnostic nobody can see must not stop
/// the run: `eprintln!` panics when stderr is a closed pipe or full (`2>/dev/full`: exit
/// 101, and the `-o` report was never written; issue 17).
pub(crate) fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Parses arguments and runs the command.
pub fn run() -> Result<Exit> {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(cli.color.choice());
    anscov_core::limits::set_max_file_size(cli.max_file_size);
    anscov_core::load::set_max_derived_rubrics(cli.max_derived_rubrics);
    anscov_core::load::set_max_bank_questions(cli.max_bank_questions);
    match cli.command {
        Command::Score(args) => score(&args, cli.quiet),
        Command::Check(args) => check::check(&args, cli.quiet),
        Command::Config(args) => check::config(&args),
        Command::Init(args) => check::init(&args, cli.quiet),
        Command::Eval(args) => eval::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Completions(args) => docs::completions(&args),
        Command::Man(args) => docs::man(&args),
        Command::Bank(BankCommand::Lint(args)) => bank::lint(&args, cli.quiet),
        Command::Bank(BankCommand::Show(args)) => bank::show(&args),
        Command::Bank(BankCommand::Derive(args)) => bank::derive(&args, cli.quiet),
        Command::Bank(BankCommand::Import(args)) => bank::import(&args, cli.quiet),
        Command::Bank(BankCommand::List(args)) => {
            let bank = args.load_as_written()?;
            let mut out = io::stdout().lock();
            for q in &bank.questions {
                writeln!(out, "{}  {:<32} {}", q.id, q.slug, q.text)?;
            }
            Ok(Exit::Ok)
        }
    }
}

fn score(args: &ScoreArgs, quiet: bool) -> Result<Exit> {
    let cwd = std::env::current_dir()?;
    // anscov.toml as `check` finds it (or --config, or none with --no-config). Only the
    // keys that change what is scored are used; its thresholds and format are check's.
    let overrides = Overrides {
        exclude: args.exclude.clone(),
        ..Overrides::default()
    };
    let config = Config::load(&cwd, args.config.config.as_deref(), args.config.no_config, overrides)?;
    // --bank as given (so messages name its files as typed); else the file's, as check.
    let bank = if args.bank.banks.is_empty() {
        check::load_bank(&config)?
    } else {
        args.bank.load()?
    };
    if let Some(q) = &args.read.question {
        bank.resolve(q, "--question")?;
    }
    let mut engine = Engine::new(bank)?;
    engine.set_delivery(args.read.delivery(config.delivery.value));
    // PATH arguments as given, as before anscov.toml was read; without any, the file's
    // `paths` as check shows them, else `.`.
    let from_file = args.paths.is_empty() && matches!(config.paths.origin, Origin::File { .. });
    let paths: Vec<PathBuf> = if !args.paths.is_empty() {
        args.paths.clone()
    } else if from_file {
        config.paths.value.iter().map(|p| relative_to(p, &cwd)).collect()
    } else {
        vec![PathBuf::from(".")]
    };
    let (sources, discovery_problems) = sources(&paths, &config.excluder(&cwd)?, from_file)?;
    let output = args
        .read
        .output(&paths, engine.bank(), config.file.as_deref(), &sources)?;
    let options = args.read.options();
    let items = discovery_problems
        .into_iter()
        .map(anscov_core::input::Item::Problem)
        .chain(Reader::new(engine.bank(), sources, options));
    let summary = write_report(&engine, items, args.format, output.as_ref(), None, quiet)?;
    Ok(if summary.problems > 0 { Exit::Error } else { Exit::Ok })
}

/// The answer files under `paths`, less those anscov.toml's `exclude` (or `--exclude`)
/// leaves out; with `tidy`, `./q04.md` is named `q04.md`, as `check` names it.
///
/// Finding none at all, and no problem to report, is an error: a `paths` or `exclude`
/// that matches nothing (a typo, a folder renamed) would otherwise pass `check` in CI
/// without checking anything. A scaffold's unanswered files count as found.
pub(crate) fn sources(
    paths: &[PathBuf],
    excluder: &Excluder,
    tidy: bool,
) -> anscov_core::Result<(Vec<Source>, Vec<Diagnostic>)> {
    let (mut sources, problems) = discover(paths);
    sources.retain(|source| !matches!(source, Source::File(path) if excluder.is_excluded(path)));
    if sources.is_empty() && problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(anscov_core::Error::Usage(format!(
            "no answer files in {} (.md, .markdown, .txt, .srt, .vtt, .jsonl, .ndjson or .csv; README, LICENSE, CHANGELOG, CONTRIBUTING, hidden and excluded files are skipped); point the paths (or `paths` and `exclude` in anscov.toml) at your answers",
            shown.join(", ")
        )));
    }
    if tidy {
        for source in &mut sources {
            if let Source::File(path) = source {
                if let Ok(stripped) = path.strip_prefix(".") {
                    if !stripped.as_os_str().is_empty() {
                        *path = stripped.to_path_buf();
                    }
                }
            }
        }
    }
    Ok((sources, problems))
}

/// Scores `items` and writes the report in `format` to stdout or `output`; with a
/// `checker` (`anscov check`), applies its thresholds to each report first.
fn write_report(
    engine: &Engine,
    items: impl Iterator<Item = anscov_core::input::Item>,
    format: Format,
    output: Option<&Output>,
    mut checker: Option<&mut anscov_core::check::Checker<'_>>,
    quiet: bool,
) -> Result<Summary> {
    let mut reporter = reporter(format, engine.bank());
    let mut summary = Summary::default();
    let mut progress = check::Progress::new(quiet);
    let mut drafts = anscov_core::progress::Drafts::default();
    let run = |out: &mut dyn Write| -> Result<()> {
        reporter.begin(out)?;
        engine.score_stream(items, |scored| -> io::Result<()> {
            match scored {
                Scored::Report(mut report) => {
                    progress.tick();
                    report.progress = drafts.observe(&report);
                    if let Some(checker) = checker.as_deref_mut() {
                        checker.apply(&mut report);
                    }
                    summary.add(&report);
                    reporter.answer(out, &report)
                }
                Scored::Problem(problem) => {
                    summary.problems += 1;
                    say(format_args!("anscov: error: {}: {}", problem.source, problem.message));
                    reporter.problem(out, &problem)
                }
            }
        })?;
        progress.finish();
        if let Some(checker) = checker.as_deref() {
            checker.finish(&mut summary);
        }
        reporter.finish(out, &summary)?;
        out.flush()?;
        Ok(())
    };
    match output {
        // JSON and JSONL cannot hold a raw ESC (serde_json writes it as \u001b), so they
        // skip anstream's ANSI stripping, which scanned every output byte on the one
        // writing thread: 7.6% of all cycles of `score big.jsonl -f jsonl > file` (perf).
        // 64 KiB buffer: one write(2) per ≈ 15 reports instead of per 2.
        None if matches!(format, Format::Json | Format::Jsonl) => {
            let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
            run(&mut out)?;
        }
        None => {
            let stdout = anstream::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            run(&mut out)?;
        }
        Some(output) => {
            use std::os::unix::fs::PermissionsExt;
            // Write beside the target and rename: readers never see a half-written
            // report, and an interrupted run leaves the old file untouched. A new file
            // is created 0666 less the umask, like any other; an existing one keeps its
            // mode (tempfile's default is 0600).
            let dir = output.dir();
            let tmp = tempfile::Builder::new()
                .permissions(std::fs::Permissions::from_mode(0o666))
                .tempfile_in(dir)
                .map_err(|err| io_failure("cannot create a file in", dir, &err))?;
            remove_on_interrupt(tmp.path());
            if let Some(mode) = output.mode {
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(mode))
                    .map_err(|err| io_failure("cannot set the permissions of", tmp.path(), &err))?;
            }
            {
                let file: Box<dyn Write> =
                    Box::new(io::BufWriter::with_capacity(64 * 1024, tmp.as_file().try_clone()?));
                // JSON and JSONL skip the stripping, as on stdout above (6.4% of the
                // instructions of `score 300-answers.jsonl -f jsonl -o FILE`, callgrind).
                // `--color always` keeps the colour in the file too, as it says.
                let mut out: Box<dyn Write> = if matches!(format, Format::Json | Format::Jsonl)
                    || anstream::ColorChoice::global() == anstream::ColorChoice::Always
                {
                    file
                } else {
                    Box::new(anstream::StripStream::new(file))
                };
                let write = || -> Result<()> {
                    if let Some(marker) = anscov_core::report::file_marker(format) {
                        // So a folder walk never reads this report as an answer.
                        writeln!(out, "{marker}")?;
                    }
                    run(&mut out)
                };
                // A full disk or a failing device, named with the file and the fix.
                write().map_err(|err| match io_error_words(&err) {
                    Some(words) => anyhow::anyhow!("cannot write {}: {words}", output.path.display()),
                    None => err,
                })?;
            }
            tmp.persist(&output.path)
                .map_err(|err| io_failure("cannot write", &output.path, &err.error))?;
        }
    }
    Ok(summary)
}

/// `cannot write FILE: …` with the library's words for the error and its fix.
pub(crate) fn io_failure(what: &str, path: &std::path::Path, err: &io::Error) -> anyhow::Error {
    anyhow::anyhow!("{what} {}: {}", path.display(), anscov_core::error::describe_io(err))
}

/// The library's words for the io error in `err`'s chain, if there is one (a JSON reporter's
/// is inside serde_json's error, which keeps only its kind).
fn io_error_words(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|e| {
        let io = e.downcast_ref::<io::Error>()?;
        match io.get_ref().and_then(|inner| inner.downcast_ref::<serde_json::Error>()) {
            Some(json) => json
                .io_error_kind()
                .map(|kind| anscov_core::error::describe_io(&io::Error::from(kind))),
            None => Some(anscov_core::error::describe_io(io)),
        }
    })
}

/// On Ctrl-C (or SIGTERM), removes the unfinished report and exits 130, so an interrupted
/// `-o FILE` leaves neither a partial file nor a stray temporary one.
fn remove_on_interrupt(path: &std::path::Path) {
    let path = path.to_path_buf();
    // Only one output file per process; if a handler is already set, keep it.
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_file(&path);
        std::process::exit(130);
    });
}
