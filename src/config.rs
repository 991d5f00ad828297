//! `anscov.toml`: settings for `anscov check`, found by walking up from the working
//! directory, as Vale and typos find theirs.
//!
//! Every setting has a flag too; flags win over the file, the file over the defaults.
//! [`Config`] keeps where each effective value came from so `anscov config` can say.
//! Unknown keys are errors (`deny_unknown_fields`) naming the file and line: a typo such
//! as `min_coverage` must not silently leave a threshold unset.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::bank::Bank;
use crate::check::{Policy, QuestionRule};
use crate::error::{from_toml, line_col, Error};
use crate::report::Format;
use crate::Result;

/// The config file's name.
pub const FILE_NAME: &str = "anscov.toml";

const FIX: &str = "see `anscov config --help` or README \"Use in CI\" for the keys: paths, exclude, bank, format, \
                   min-coverage, max-missing-required, require-all, [questions.<id>] min-coverage and require, \
                   [delivery] target-seconds and words-per-minute";

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// A config file, and the line of the key.
    File {
        path: PathBuf,
        line: usize,
    },
    /// A command-line flag.
    Flag,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Flag => write!(f, "flag"),
        }
    }
}

/// An effective value and its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Setting<T> {
        Setting {
            value,
            origin: Origin::Default,
        }
    }
}

/// Per-question thresholds as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSetting {
    pub min_coverage: Option<f64>,
    pub require: Vec<String>,
    pub origin: Origin,
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The config file used, if any.
    pub file: Option<PathBuf>,
    /// Answer files and folders (config paths are relative to the config file).
    pub paths: Setting<Vec<PathBuf>>,
    /// Gitignore-style globs of answer files to leave out.
    pub exclude: Setting<Vec<String>>,
    /// Bank folders; empty means the embedded bank.
    pub bank: Setting<Vec<PathBuf>>,
    pub format: Setting<Format>,
    pub min_coverage: Setting<f64>,
    pub max_missing_required: Setting<usize>,
    pub require_all: Setting<bool>,
    /// `[delivery]`: target speaking time and rate.
    pub delivery: Setting<crate::delivery::DeliverySettings>,
    /// Keyed by question id or slug as written in the file.
    pub questions: BTreeMap<String, QuestionSetting>,
    /// The file's text, kept to point errors found later (unknown question ids) at lines.
    text: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            file: None,
            paths: Setting::default(vec![PathBuf::from(".")]),
            exclude: Setting::default(Vec::new()),
            bank: Setting::default(Vec::new()),
            format: Setting::default(Format::Text),
            min_coverage: Setting::default(0.0),
            max_missing_required: Setting::default(0),
            require_all: Setting::default(false),
            delivery: Setting::default(crate::delivery::DeliverySettings::default()),
            questions: BTreeMap::new(),
            text: None,
        }
    }
}

/// Values given on the command line; `None` (or empty) leaves the file's value.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub paths: Vec<PathBuf>,
    pub exclude: Vec<String>,
    pub bank: Vec<PathBuf>,
    pub format: Option<Format>,
    pub min_coverage: Option<f64>,
    pub max_missing_required: Option<usize>,
    pub require_all: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    paths: Option<Spanned<Vec<String>>>,
    exclude: Option<Spanned<Vec<String>>>,
    bank: Option<Spanned<Vec<String>>>,
    format: Option<Spanned<Format>>,
    min_coverage: Option<Spanned<f64>>,
    max_missing_required: Option<Spanned<usize>>,
    require_all: Option<Spanned<bool>>,
    delivery: Option<Spanned<crate::delivery::DeliverySettings>>,
    #[serde(default)]
    questions: BTreeMap<Spanned<String>, RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawQuestion {
    min_coverage: Option<Spanned<f64>>,
    #[serde(default)]
    require: Vec<String>,
}

/// The nearest `anscov.toml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        // Anything but a folder: an `anscov.toml` that is a device or FIFO is reported
        // when read, not silently passed over.
        .find(|candidate| candidate.metadata().is_ok_and(|m| !m.is_dir()))
}

impl Config {
    /// Reads a config file. Relative paths in it are resolved against its folder.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text = crate::limits::read_text(path, "a config file")?;
        Config::parse(path, &text)
    }

    /// Parses config text; `path` names the file in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let name = path.display().to_string();
        let raw: RawConfig = toml::from_str(text).map_err(|e| from_toml(&name, text, &e, FIX))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let at = |span: std::ops::Range<usize>| Origin::File {
            path: path.to_path_buf(),
            line: line_col(text, span.start).0,
        };
        let error_at = |span: std::ops::Range<usize>, message: String, fix: &str| {
            let (line, column) = line_col(text, span.start);
            Error::Parse {
                file: name.clone(),
                line,
                column,
                message,
                fix: fix.to_string(),
            }
        };
        let check_fraction = |value: &Spanned<f64>, key: &str| -> Result<()> {
            let v = *value.get_ref();
            if !(0.0..=1.0).contains(&v) || v.is_nan() {
                return Err(error_at(
                    value.span(),
                    format!("`{key}` is {v}, outside 0–1"),
                    "write a fraction: 0.6 means 60% of the rubric's weight",
                ));
            }
            Ok(())
        };
        let mut config = Config {
            file: Some(path.to_path_buf()),
            text: Some(text.to_string()),
            ..Config::default()
        };
        let relative = |list: Vec<String>| list.into_iter().map(|p| join(dir, Path::new(&p))).collect::<Vec<_>>();
        if let Some(paths) = raw.paths {
            let span = paths.span();
            config.paths = Setting {
                value: relative(paths.into_inner()),
                origin: at(span),
            };
        }
        if let Some(exclude) = raw.exclude {
            let span = exclude.span();
            config.exclude = Setting {
                value: exclude.into_inner(),
                origin: at(span),
            };
        }
        if let Some(bank) = raw.bank {
            let span = bank.span();
            config.bank = Setting {
                value: relative(bank.into_inner()),
                origin: at(span),
            };
        }
        if let Some(format) = raw.format {
            config.format = Setting {
                value: *format.get_ref(),
                origin: at(format.span()),
            };
        }
        if let Some(min) = raw.min_coverage {
            check_fraction(&min, "min-coverage")?;
            config.min_coverage = Setting {
                value: *min.get_ref(),
                origin: at(min.span()),
            };
        }
        if let Some(max) = raw.max_missing_required {
            config.max_missing_required = Setting {
                value: *max.get_ref(),
                origin: at(max.span()),
            };
        }
        if let Some(all) = raw.require_all {
            config.require_all = Setting {
                value: *all.get_ref(),
                origin: at(all.span()),
            };
        }
        if let Some(delivery) = raw.delivery {
            let value = *delivery.get_ref();
            if value.target_seconds == 0 || value.words_per_minute == 0 {
                return Err(error_at(
                    delivery.span(),
                    "`[delivery]` target-seconds and words-per-minute must be above 0".into(),
                    "for example target-seconds = 120, words-per-minute = 150",
                ));
            }
            config.delivery = Setting {
                value,
                origin: at(delivery.span()),
            };
        }
        for (key, question) in raw.questions {
            if let Some(min) = &question.min_coverage {
                check_fraction(min, &format!("questions.{}.min-coverage", key.get_ref()))?;
            }
            let line = key_line(text, key.get_ref()).unwrap_or_else(|| line_col(text, key.span().start).0);
            config.questions.insert(
                key.get_ref().clone(),
                QuestionSetting {
                    min_coverage: question.min_coverage.map(|m| *m.get_ref()),
                    require: question.require,
                    origin: Origin::File {
                        path: path.to_path_buf(),
                        line,
                    },
                },
            );
        }
        Ok(config)
    }

    /// Finds and reads the config for `cwd` (unless `no_config`), or reads `explicit`,
    /// then applies `overrides`.
    pub fn load(cwd: &Path, explicit: Option<&Path>, no_config: bool, overrides: Overrides) -> Result<Config> {
        let mut config = match (explicit, no_config) {
            (Some(path), _) => Config::from_file(&join(cwd, path))?,
            (None, true) => Config::default(),
            (None, false) => match find(cwd) {
                Some(path) => Config::from_file(&path)?,
                None => Config::default(),
            },
        };
        config.apply(cwd, overrides)?;
        Ok(config)
    }

    /// Applies command-line values over the file's.
    pub fn apply(&mut self, cwd: &Path, overrides: Overrides) -> Result<()> {
        fn flag<T>(value: T) -> Setting<T> {
            Setting {
                value,
                origin: Origin::Flag,
            }
        }
        if !overrides.paths.is_empty() {
            self.paths = flag(
                overrides
                    .paths
                    .iter()
                    .map(|p| if p.as_os_str() == "-" { p.clone() } else { join(cwd, p) })
                    .collect(),
            );
        }
        if !overrides.exclude.is_empty() {
            self.exclude = flag(overrides.exclude);
        }
        if !overrides.bank.is_empty() {
            self.bank = flag(overrides.bank.iter().map(|p| join(cwd, p)).collect());
        }
        if let Some(format) = overrides.format {
            self.format = flag(format);
        }
        if let Some(min) = overrides.min_coverage {
            if !(0.0..=1.0).contains(&min) {
                return Err(Error::Usage(format!(
                    "--min-coverage {min} is outside 0–1; write a fraction: 0.6 means 60%"
                )));
            }
            self.min_coverage = flag(min);
        }
        if let Some(max) = overrides.max_missing_required {
            self.max_missing_required = flag(max);
        }
        if let Some(all) = overrides.require_all {
            self.require_all = flag(all);
        }
        Ok(())
    }

    /// The thresholds, with question keys and required concept ids checked against
    /// `bank`. Errors point at the config line.
    pub fn policy(&self, bank: &Bank) -> Result<Policy> {
        let mut questions = BTreeMap::new();
        for (key, setting) in &self.questions {
            let here = |message: String, fix: String, needle: Option<&str>| {
                let (file, line) = match &setting.origin {
                    Origin::File { path, line } => (path.display().to_string(), *line),
                    _ => ("config".to_string(), 1),
                };
                // Point at the concept's own line when it can be found below the table header.
                let line = needle
                    .and_then(|n| {
                        self.text
                            .as_deref()
                            .and_then(|t| line_after(t, line, &format!("\"{n}\"")))
                    })
                    .unwrap_or(line);
                Error::Parse {
                    file,
                    line,
                    column: 1,
                    message,
                    fix,
                }
            };
            let Some(qi) = bank.find(key) else {
                let known: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
                return Err(here(
                    format!("[questions.{key}]: the bank has no question `{key}`"),
                    format!(
                        "use a question id or slug from `anscov bank list` ({})",
                        known.join(", ")
                    ),
                    None,
                ));
            };
            let question = &bank.questions[qi];
            for concept in &setting.require {
                if !question.concepts.iter().any(|c| &c.id == concept) {
                    let ids: Vec<&str> = question.concepts.iter().map(|c| c.id.as_str()).collect();
                    return Err(here(
                        format!(
                            "[questions.{key}] require: question {} has no concept `{concept}`",
                            question.id
                        ),
                        format!("use one of {}'s concept ids: {}", question.id, ids.join(", ")),
                        Some(concept),
                    ));
                }
            }
            let rule: &mut QuestionRule = questions.entry(question.id.clone()).or_default();
            rule.min_coverage = setting.min_coverage.or(rule.min_coverage);
            for concept in &setting.require {
                if !rule.require.contains(concept) {
                    rule.require.push(concept.clone());
                }
            }
        }
        Ok(Policy {
            min_coverage: self.min_coverage.value,
            max_missing_required: self.max_missing_required.value,
            require_all: self.require_all.value,
            questions,
        })
    }

    /// Whether `path` matches an `exclude` glob (gitignore syntax, rooted at the config
    /// file's folder, or at `cwd` without one).
    pub fn excluder(&self, cwd: &Path) -> Result<Excluder> {
        let root = self
            .file
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        // Where the list came from, for errors: `anscov.toml:3: exclude` or `--exclude`.
        let origin = match &self.exclude.origin {
            Origin::Flag => "--exclude".to_string(),
            other => format!("{other}: exclude"),
        };
        let mut builder = ignore::gitignore::GitignoreBuilder::new(&root);
        for glob in &self.exclude.value {
            builder.add_line(None, glob).map_err(|e| {
                Error::Usage(format!(
                    "{origin}: bad glob `{glob}` ({e}); use gitignore syntax such as `drafts/` or `*.txt`"
                ))
            })?;
        }
        // Each glob can be valid while all of them together are too big for the matcher
        // ("error building NFA", with no file or key).
        let matcher = builder.build().map_err(|e| {
            Error::Usage(format!(
                "{origin}: the globs ({} of them) are too complex to match together ({e}); use fewer or simpler globs, such as a folder (`drafts/`) instead of a list of files",
                self.exclude.value.len()
            ))
        })?;
        Ok(Excluder {
            matcher,
            cwd: cwd.to_path_buf(),
        })
    }

    /// Writes the effective configuration as TOML, each value with a comment saying where
    /// it came from. Paths are shown relative to `cwd`.
    pub fn write_effective(&self, out: &mut dyn Write, cwd: &Path) -> io::Result<()> {
        let show = |p: &Path| relative_to(p, cwd).display().to_string();
        match &self.file {
            Some(file) => writeln!(out, "# config file: {}", show(file))?,
            None => writeln!(out, "# config file: none (defaults and flags only)")?,
        }
        let list = |items: Vec<String>| {
            let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let origin = |o: &Origin| match o {
            Origin::File { path, line } => format!("{}:{line}", show(path)),
            other => other.to_string(),
        };
        let mut row = |key: &str, value: String, from: &Origin| {
            writeln!(out, "{:<36} # {}", format!("{key} = {value}"), origin(from))
        };
        row(
            "paths",
            list(self.paths.value.iter().map(|p| show(p)).collect()),
            &self.paths.origin,
        )?;
        row("exclude", list(self.exclude.value.clone()), &self.exclude.origin)?;
        let bank = if self.bank.value.is_empty() {
            "[]  # embedded bank".to_string()
        } else {
            list(self.bank.value.iter().map(|p| show(p)).collect())
        };
        row("bank", bank, &self.bank.origin)?;
        row("format", toml_string(self.format.value.name()), &self.format.origin)?;
        row(
            "min-coverage",
            self.min_coverage.value.to_string(),
            &self.min_coverage.origin,
        )?;
        row(
            "max-missing-required",
            self.max_missing_required.value.to_string(),
            &self.max_missing_required.origin,
        )?;
        row(
            "require-all",
            self.require_all.value.to_string(),
            &self.require_all.origin,
        )?;
        for (key, q) in &self.questions {
            writeln!(out)?;
            writeln!(
                out,
                "{:<36} # {}",
                format!("[questions.{}]", toml_key(key)),
                origin(&q.origin)
            )?;
            if let Some(min) = q.min_coverage {
                writeln!(out, "min-coverage = {min}")?;
            }
            if !q.require.is_empty() {
                writeln!(out, "require = {}", list(q.require.clone()))?;
            }
        }
        writeln!(out)?;
        writeln!(out, "{:<36} # {}", "[delivery]", origin(&self.delivery.origin))?;
        writeln!(out, "target-seconds = {}", self.delivery.value.target_seconds)?;
        writeln!(out, "words-per-minute = {}", self.delivery.value.words_per_minute)?;
        Ok(())
    }
}

/// Filters answer files by the config's `exclude` globs.
pub struct Excluder {
    matcher: ignore::gitignore::Gitignore,
    cwd: PathBuf,
}

impl Excluder {
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.matcher.is_empty() {
            return false;
        }
        let absolute = join(&self.cwd, path);
        // Paths outside the root cannot match; `matched_path_or_any_parents` panics on them.
        if !absolute.starts_with(self.matcher.path()) {
            return false;
        }
        self.matcher
            .matched_path_or_any_parents(&absolute, absolute.is_dir())
            .is_ignore()
    }
}

/// `base/path`, lexically normalised (`.` and `..` folded) when `path` is relative.
pub fn join(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// `path` relative to `base` when both are absolute (with `..` as needed); otherwise as is.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    if !path.is_absolute() || !base.is_absolute() {
        return path.to_path_buf();
    }
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The 1-based line of the `[questions.<key>]` header (or a `questions.<key>` dotted key).
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim();
            let unquoted = line.replace(['"', '\''], "");
            unquoted.starts_with(&format!("[questions.{key}]")) || unquoted.starts_with(&format!("questions.{key}."))
        })
        .map(|i| i + 1)
}

/// The first line at or after `from` (1-based) that contains `needle`.
fn line_after(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_key(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        s.to_string()
    } else {
        toml_string(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/repo/anscov.toml"), text)
    }

    #[test]
    fn delivery_table_sets_the_target_and_rejects_zero_and_typos() {
        let config = parse("[delivery]\ntarget-seconds = 90\nwords-per-minute = 140\n").unwrap();
        assert_eq!(config.delivery.value.target_seconds, 90);
        assert_eq!(config.delivery.value.words_per_minute, 140);
        assert!(matches!(config.delivery.origin, Origin::File { line: 1, .. }));
        let partial = parse("[delivery]\ntarget-seconds = 60\n").unwrap();
        assert_eq!(partial.delivery.value.words_per_minute, 150);
        assert_eq!(
            parse("").unwrap().delivery.value,
            crate::delivery::DeliverySettings::DEFAULT
        );
        assert!(parse("[delivery]\ntarget-seconds = 0\n").is_err());
        assert!(parse("[delivery]\ntarget_seconds = 60\n").is_err());
    }

    #[test]
    fn parses_every_key_with_origins() {
        let config = parse(
            "paths = [\"answers\"]\nexclude = [\"drafts/\"]\nbank = [\"../bank\"]\nformat = \"junit\"\nmin-coverage = 0.6\n\
             max-missing-required = 1\nrequire-all = true\n\n[questions.q04]\nmin-coverage = 0.8\nrequire = [\"error-budgets\"]\n",
        )
        .unwrap();
        assert_eq!(config.paths.value, vec![PathBuf::from("/repo/answers")]);
        assert_eq!(config.bank.value, vec![PathBuf::from("/bank")]);
        assert_eq!(config.format.value, Format::Junit);
        assert_eq!(config.min_coverage.value, 0.6);
        assert_eq!(
            config.min_coverage.origin,
            Origin::File {
                path: "/repo/anscov.toml".into(),
                line: 5
            }
        );
        assert_eq!(config.max_missing_required.value, 1);
        assert!(config.require_all.value);
        let q = &config.questions["q04"];
        assert_eq!(q.min_coverage, Some(0.8));
        assert_eq!(
            q.origin,
            Origin::File {
                path: "/repo/anscov.toml".into(),
                line: 9
            }
        );
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = parse("paths = [\"answers\"]\nmin_coverage = 0.5\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("/repo/anscov.toml:2:"), "{text}");
        assert!(text.contains("min_coverage"), "{text}");
        let err = parse("[questions.q04]\nrequired = [\"x\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/anscov.toml:2:"), "{err}");
    }

    #[test]
    fn out_of_range_and_wrong_types() {
        let err = parse("min-coverage = 60\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/repo/anscov.toml:1:") && err.contains("outside 0–1"),
            "{err}"
        );
        let err = parse("\n\nmax-missing-required = -1\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/anscov.toml:3:"), "{err}");
        let err = parse("format = \"xml\"\n").unwrap_err().to_string();
        assert!(err.contains("xml"), "{err}");
    }

    #[test]
    fn flags_override_file() {
        let mut config = parse("min-coverage = 0.6\nrequire-all = true\n").unwrap();
        config
            .apply(
                Path::new("/work"),
                Overrides {
                    min_coverage: Some(0.3),
                    require_all: Some(false),
                    paths: vec!["a".into()],
                    ..Overrides::default()
                },
            )
            .unwrap();
        assert_eq!(
            config.min_coverage,
            Setting {
                value: 0.3,
                origin: Origin::Flag
            }
        );
        assert!(!config.require_all.value);
        assert_eq!(config.paths.value, vec![PathBuf::from("/work/a")]);
        assert_eq!(config.max_missing_required.origin, Origin::Default);
        assert!(config
            .apply(
                Path::new("/"),
                Overrides {
                    min_coverage: Some(2.0),
                    ..Overrides::default()
                }
            )
            .is_err());
    }

    #[test]
    fn policy_checks_questions_and_concepts_against_the_bank() {
        let bank = Bank::embedded().unwrap();
        let config = parse("min-coverage = 0.5\n\n[questions.q4]\nrequire = [\"error-budgets\"]\n").unwrap();
        let policy = config.policy(&bank).unwrap();
        assert_eq!(policy.questions["q04"].require, vec!["error-budgets".to_string()]);
        let err = parse("\n[questions.q99]\nmin-coverage = 0.5\n")
            .unwrap()
            .policy(&bank)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/repo/anscov.toml:2:"), "{err}");
        let err = parse("[questions.q04]\nmin-coverage = 0.5\nrequire = [\n  \"no-such-concept\",\n]\n")
            .unwrap()
            .policy(&bank)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/repo/anscov.toml:4:") && err.contains("no-such-concept"),
            "{err}"
        );
    }

    #[test]
    fn effective_config_names_origins() {
        let mut config = parse("min-coverage = 0.6\n").unwrap();
        config
            .apply(
                Path::new("/repo"),
                Overrides {
                    require_all: Some(true),
                    ..Overrides::default()
                },
            )
            .unwrap();
        let mut out = Vec::new();
        config.write_effective(&mut out, Path::new("/repo")).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("# config file: anscov.toml"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("min-coverage = 0.6") && l.ends_with("# anscov.toml:1")),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.starts_with("require-all = true") && l.ends_with("# flag")),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.starts_with("max-missing-required = 0") && l.ends_with("# default")),
            "{text}"
        );
    }

    #[test]
    fn finds_config_walking_up_and_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(FILE_NAME), "exclude = [\"drafts/\", \"*.txt\"]\n").unwrap();
        let found = find(&root.join("a/b")).unwrap();
        assert_eq!(found, root.join(FILE_NAME));
        let config = Config::load(&root.join("a/b"), None, false, Overrides::default()).unwrap();
        let excluder = config.excluder(&root.join("a/b")).unwrap();
        assert!(excluder.is_excluded(&root.join("drafts/q01.md")));
        assert!(excluder.is_excluded(Path::new("x.txt")));
        assert!(!excluder.is_excluded(&root.join("answers/q01.md")));
        assert!(!excluder.is_excluded(Path::new("/elsewhere/x.md")));
        assert_eq!(
            Config::load(&root, None, true, Overrides::default()).unwrap().file,
            None
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/r/answers/q1.md"), Path::new("/r")),
            PathBuf::from("answers/q1.md")
        );
        assert_eq!(
            relative_to(Path::new("/r/answers"), Path::new("/r/sub")),
            PathBuf::from("../answers")
        );
        assert_eq!(relative_to(Path::new("/r"), Path::new("/r")), PathBuf::from("."));
        assert_eq!(join(Path::new("/r/a"), Path::new("../b/./c")), PathBuf::from("/r/b/c"));
    }
}
