//! `anscov.toml`: settings for `anscov check`, found by walking up from the working
//! directory, as Vale and typos find theirs.
//!
//! Every setting has a flag too; flags win over the file, the file over the defaults.
//! [`Config`] keeps where each effective value came from so `anscov config` can say.
//! Unknown keys are errors (`deny_unknown_fields`) naming the file and line: a typo such
//! as `min_coverage` must not silently leave a threshold unset.
//!
//! One job per file: `file.rs` reads and checks `anscov.toml`; `policy.rs` turns the
//! thresholds into `check`'s [`Policy`](crate::check::Policy) against the bank;
//! `paths.rs` holds `exclude` globs and path joining; `effective.rs` writes the effective
//! configuration for `anscov config`. This file holds the settings, finding the file, and
//! flags over file values. Config never scores, reads answers or decides exit codes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::report::Format;
use crate::Result;

mod effective;
mod file;
mod paths;
mod policy;
#[cfg(test)]
mod tests;

pub use paths::{join, relative_to, Excluder};

/// The config file's name.
pub const FILE_NAME: &str = "anscov.toml";

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

/// The nearest `anscov.toml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        // Anything but a folder: an `anscov.toml` that is a device or FIFO is reported
        // (by `Config::load`), not silently passed over.
        .find(|candidate| candidate.metadata().is_ok_and(|m| !m.is_dir()))
}

impl Config {
    /// Finds and reads the config for `cwd` (unless `no_config`), or reads `explicit`,
    /// then applies `overrides`.
    pub fn load(cwd: &Path, explicit: Option<&Path>, no_config: bool, overrides: Overrides) -> Result<Config> {
        let mut config = match (explicit, no_config) {
            (Some(path), _) => Config::from_file(&join(cwd, path))?,
            (None, true) => Config::default(),
            (None, false) => match find(cwd) {
                // Found, not named: a FIFO would hang the run at its open, so only a regular
                // file is read. `--config FIFO` is read, as named answers are.
                Some(path) => {
                    crate::limits::ensure_regular_file(&path)?;
                    Config::from_file(&path)?
                }
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
}
