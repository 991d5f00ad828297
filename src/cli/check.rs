//! `anscov check`, `anscov config` and `anscov init`: the CI side of the CLI. Settings come
//! from flags over `anscov.toml` over defaults (all resolved in the library's `config`);
//! this file only maps them to arguments, output and exit codes, and must not resolve a
//! setting or apply a threshold itself.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use anscov_core::bank::Bank;
use anscov_core::check::{failed, is_placeholder, Checker};
use anscov_core::config::{relative_to, Config, Overrides};
use anscov_core::input::{Item, Reader};
use anscov_core::report::Format;
use anscov_core::scaffold::{self, Outcome};
use anscov_core::score::Engine;

use super::{write_report, Exit, FormatParser};

/// Settings shared by `check` and `config`; each overrides the same key of anscov.toml.
#[derive(Debug, clap::Args, Clone)]
pub(super) struct SettingsArgs {
    /// Minimum coverage (0–1) every answer must reach [config: min-coverage; default 0].
    #[arg(long, value_name = "FRACTION")]
    min_coverage: Option<f64>,
    /// How many of a rubric's required concepts an answer may miss [config:
    /// max-missing-required; default 0].
    #[arg(long, value_name = "N")]
    max_missing_required: Option<usize>,
    /// Fail when a bank question has no answer [config: require-all].
    #[arg(long, overrides_with = "no_require_all")]
    require_all: bool,
    /// Do not fail on unanswered questions, whatever the config says.
    #[arg(long, overrides_with = "require_all")]
    no_require_all: bool,
    /// Leave out answer files matching GLOB (gitignore syntax); repeatable [config: exclude].
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// A bank folder (corpus/ and rubrics/) instead of the embedded bank; repeatable
    /// [config: bank].
    #[arg(long = "bank", value_name = "DIR")]
    bank: Vec<PathBuf>,
    #[command(flatten)]
    file: super::ConfigFileArgs,
}

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// Answer files or folders; `-` reads stdin [config: paths; default `.`].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format [config: format; default text].
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser)]
    format: Option<Format>,
    #[command(flatten)]
    read: super::ReadArgs,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Debug, clap::Args)]
pub(super) struct ConfigArgs {
    /// Answer paths, as `check` would take them.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format, as `check` would take it.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = FormatParser)]
    format: Option<Format>,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Debug, clap::Args)]
pub(super) struct InitArgs {
    /// The repository folder to scaffold (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Scaffold the questions of this bank instead of the embedded one; repeatable. The
    /// config names it (as a path relative to the repository), so `check` uses it too.
    #[arg(long = "bank", value_name = "DIR")]
    bank: Vec<PathBuf>,
    /// The workflow installs anscov from this git repository, at --rev.
    #[arg(long = "git", value_name = "URL", requires = "rev", conflicts_with = "path")]
    git: Option<String>,
    /// The full 40-hex commit of --git to install (pinned, not a branch).
    #[arg(long = "rev", value_name = "COMMIT", requires = "git")]
    rev: Option<String>,
    /// The workflow installs anscov from this source folder, relative to the repository
    /// (e.g. a git submodule): `cargo install --locked --path DIR`.
    #[arg(long = "path", value_name = "DIR")]
    path: Option<String>,
}

fn load_config(
    cwd: &Path,
    paths: &[PathBuf],
    format: Option<Format>,
    settings: &SettingsArgs,
) -> anscov_core::Result<Config> {
    let overrides = Overrides {
        paths: paths.to_vec(),
        exclude: settings.exclude.clone(),
        bank: settings.bank.clone(),
        format,
        min_coverage: settings.min_coverage,
        max_missing_required: settings.max_missing_required,
        require_all: if settings.require_all {
            Some(true)
        } else if settings.no_require_all {
            Some(false)
        } else {
            None
        },
    };
    Config::load(cwd, settings.file.config.as_deref(), settings.file.no_config, overrides)
}

pub(super) fn load_bank(config: &Config) -> anscov_core::Result<Bank> {
    if config.bank.value.is_empty() {
        anscov_core::load::embedded()
    } else {
        anscov_core::load::from_dirs(&config.bank.value)
    }
}

pub(super) fn check(args: &CheckArgs, quiet: bool) -> Result<Exit> {
    let cwd = std::env::current_dir()?;
    let config = load_config(&cwd, &args.paths, args.format, &args.settings)?;
    let bank = load_bank(&config)?;
    let policy = config.policy(&bank)?;
    if let Some(q) = &args.read.question {
        bank.resolve(q, "--question")?;
    }
    let mut engine = Engine::new(bank)?;
    engine.set_delivery(args.read.delivery(config.delivery.value));
    let excluder = config.excluder(&cwd)?;
    // Paths relative to the working directory, so reports show `answers/q04.md`.
    let paths: Vec<PathBuf> = config.paths.value.iter().map(|p| relative_to(p, &cwd)).collect();
    let (sources, discovery_problems) = super::sources(&paths, &excluder, true)?;
    let output = args
        .read
        .output(&paths, engine.bank(), config.file.as_deref(), &sources)?;
    let options = args.read.options();
    let items = discovery_problems
        .into_iter()
        .map(Item::Problem)
        .chain(Reader::new(engine.bank(), sources, options))
        // Untouched `anscov init` scaffolds are unanswered questions, not failing answers.
        .filter(|item| !matches!(item, Item::Answer(answer) if is_placeholder(answer)));
    let mut checker = Checker::new(engine.bank(), &policy);
    let summary = write_report(
        &engine,
        items,
        config.format.value,
        output.as_ref(),
        Some(&mut checker),
        quiet,
    )?;
    Ok(if summary.problems > 0 {
        Exit::Error
    } else if failed(&summary) {
        Exit::Failed
    } else {
        Exit::Ok
    })
}

pub(super) fn config(args: &ConfigArgs) -> Result<Exit> {
    let cwd = std::env::current_dir()?;
    let config = load_config(&cwd, &args.paths, args.format, &args.settings)?;
    // Check question and concept ids now, as `check` would.
    config.policy(&load_bank(&config)?)?;
    let mut out = io::stdout().lock();
    config.write_effective(&mut out, &cwd)?;
    Ok(Exit::Ok)
}

pub(super) fn init(args: &InitArgs, quiet: bool) -> Result<Exit> {
    let bank = if args.bank.is_empty() {
        anscov_core::load::embedded()?
    } else {
        anscov_core::load::from_dirs(&args.bank)?
    };
    let install = match (&args.git, &args.rev, &args.path) {
        (Some(url), Some(rev), _) => {
            if rev.len() != 40 || !rev.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(anscov_core::Error::Usage(format!(
                    "--rev {rev}: give the full 40-character commit id (git rev-parse HEAD), so the workflow is pinned"
                ))
                .into());
            }
            scaffold::Install::Git {
                url: url.clone(),
                rev: rev.to_ascii_lowercase(),
            }
        }
        (_, _, Some(path)) => scaffold::Install::Path(path.clone()),
        _ => scaffold::Install::Unset,
    };
    let bank_paths: Vec<String> = args
        .bank
        .iter()
        .map(|b| {
            let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            relative_to(&absolute(b), &absolute(&args.dir)).display().to_string()
        })
        .collect();
    // The bank's model answers set the bar where they earn less than init's minimum.
    let engine = Engine::new(bank)?;
    let bars = scaffold::model_answer_bars(&engine)?;
    let outcomes = scaffold::write(&args.dir, &scaffold::files(engine.bank(), &install, &bank_paths, &bars))?;
    if !quiet {
        print_outcomes(
            &args.dir,
            &outcomes,
            "Write your answers under answers/, then run `anscov check`.",
        )?;
        let config_written = outcomes
            .iter()
            .any(|o| matches!(o, Outcome::Created(p) if p == Path::new(anscov_core::config::FILE_NAME)));
        for bar in bars.iter().filter(|_| config_written) {
            println!(
                "note: {}'s sample answer earns {} (under {}): anscov.toml sets its min-coverage to {}",
                bar.question,
                bar.sample_coverage,
                scaffold::MIN_COVERAGE,
                bar.min_coverage
            );
        }
        // What would make the workflow fail on a runner, though `init` itself succeeded.
        if let scaffold::Install::Path(path) = &install {
            if Path::new(path).is_absolute() {
                println!(
                    "note: --path {path} is absolute: the workflow's runner will not have it; use a folder inside the repository (e.g. a git submodule) or --git URL --rev COMMIT"
                );
            } else if !args.dir.join(path).is_dir() {
                println!(
                    "note: --path {path}: no such folder in {} yet; add anscov's source there (e.g. `git submodule add URL {path}`) before pushing",
                    args.dir.display()
                );
            }
        }
        for bank in bank_paths
            .iter()
            .filter(|b| Path::new(b).is_absolute() || Path::new(b).starts_with(".."))
        {
            println!(
                "note: the bank {bank} is outside the repository, so the workflow's check will not find it on a runner; copy it into the repository and point `bank` in anscov.toml at the copy"
            );
        }
        if install == scaffold::Install::Unset {
            println!(
                "note: the workflow does not know which anscov to install; re-run with --git URL --rev COMMIT or --path DIR, or edit its install step."
            );
        }
    }
    Ok(Exit::Ok)
}

/// What `scaffold::write` did, a line per file, then a count and the next step.
pub(super) fn print_outcomes(dir: &Path, outcomes: &[Outcome], next: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    let shown = |p: &Path| dir.join(p).display().to_string().trim_start_matches("./").to_string();
    let mut skipped = 0;
    for outcome in outcomes {
        match outcome {
            Outcome::Created(p) => writeln!(out, "created {}", shown(p))?,
            Outcome::Skipped(p) => {
                skipped += 1;
                writeln!(out, "skipped {} (exists; left unchanged)", shown(p))?
            }
        }
    }
    let created = outcomes.len() - skipped;
    writeln!(
        out,
        "{created} file{} created, {skipped} skipped. {next}",
        if created == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// Batches at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: u64 = 200;

/// A progress bar on stderr for long batches: only on a terminal, never with `--quiet`,
/// and only once the batch has reached [`PROGRESS_MIN`] answers (streams have no length
/// known up front), so short runs never flash one.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    seen: u64,
    enabled: bool,
}

impl Progress {
    pub(super) fn new(quiet: bool) -> Progress {
        Progress {
            bar: None,
            seen: 0,
            enabled: !quiet && io::stderr().is_terminal(),
        }
    }

    pub(super) fn tick(&mut self) {
        self.seen += 1;
        if !self.enabled {
            return;
        }
        match &self.bar {
            Some(bar) => bar.set_position(self.seen),
            None if self.seen >= PROGRESS_MIN => {
                let bar = indicatif::ProgressBar::new_spinner();
                if let Ok(style) =
                    indicatif::ProgressStyle::with_template("{spinner} {pos} answers scored ({per_sec}) {elapsed}")
                {
                    bar.set_style(style);
                }
                bar.set_position(self.seen);
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                self.bar = Some(bar);
            }
            None => {}
        }
    }

    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
