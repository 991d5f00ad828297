//! `anscov config`: the effective configuration written as TOML, each value with a
//! comment saying where it came from.
//!
//! Writes what [`Config`] holds; it must not compute or change a value.

use std::io::{self, Write};
use std::path::Path;

use super::paths::relative_to;
use super::{Config, Origin};

impl Config {
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
