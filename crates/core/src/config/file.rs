//! Reading `anscov.toml`: the TOML schema (unknown keys are errors), value checks, and the
//! file and line every value came from.
//!
//! Reading only: it must not apply flags (`mod.rs` does) or consult the bank (the question
//! keys and concept ids are checked in `policy.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{from_toml, line_col, Error};
use crate::report::Format;
use crate::Result;

use super::paths::join;
use super::{Config, Origin, QuestionSetting, Setting};

const FIX: &str = "see `anscov config --help` or README \"Use in CI\" for the keys: paths, exclude, bank, format, \
                   min-coverage, max-missing-required, require-all, [questions.<id>] min-coverage and require, \
                   [delivery] target-seconds and words-per-minute";

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
