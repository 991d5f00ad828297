//! `anscov init`: the files of a new interview-prep repository. An answer file per
//! question, an `anscov.toml` and a GitHub Actions workflow that runs `anscov check`.
//! It must not overwrite an existing file: one is reported as skipped.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::bank::Bank;
use crate::error::Error;
use crate::score::Engine;
use crate::Result;

/// One file to create, relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    /// It already existed and was left alone.
    Skipped(PathBuf),
}

/// The config `init` writes.
pub const CONFIG: &str = r#"# anscov configuration. Flags override these values; `anscov config` shows the
# effective settings and where each came from.

# Answer files and folders, relative to this file.
paths = ["answers"]
# Gitignore-style globs of files to leave out, e.g. ["answers/drafts/"].
exclude = []
# Minimum coverage (0-1) every answer must reach.
min-coverage = 0.5
# How many of a rubric's required concepts an answer may miss.
max-missing-required = 0
# Whether a question without an answer fails the check.
require-all = false
# Output format: text, json, jsonl, markdown, html, junit, sarif or github.
format = "text"

# Per-question thresholds (ids from `anscov bank list`; concept ids from `anscov score -f json`):
# [questions.q04]
# min-coverage = 0.7
# require = ["error-budgets"]
"#;

/// The minimum coverage [`CONFIG`] asks of every answer.
pub const MIN_COVERAGE: f64 = 0.5;

/// A question whose sample answer earns less than [`MIN_COVERAGE`] with this anscov: the
/// check `init` writes asks no more of an answer to it than its model answer earns.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnswerBar {
    pub question: String,
    /// The sample answer's coverage, as `anscov score` reports it.
    pub sample_coverage: f64,
    /// The question's `min-coverage`: the sample's coverage rounded down to a multiple of
    /// 0.05, so that the bar is a round figure at or below what the model answer earns.
    pub min_coverage: f64,
}

/// Scores every sample answer of the engine's bank against its question and returns the
/// questions whose sample earns less than [`MIN_COVERAGE`], in bank order. Why: the bank's
/// model answer is the bar a prep repository is held to, and a check that fails it from the
/// first commit teaches users to ignore the check. In the embedded bank that is q13, whose
/// sample ("30 days: assess architecture, costs, access, and incident history; …") makes
/// eight points in 50 words and earns 0.485, although blind interviewers credited all eight
/// (`tests/eval/samples-labelled.jsonl`): the specificity model reads that density as
/// naming. Questions without a sample answer are left at [`MIN_COVERAGE`].
pub fn model_answer_bars(engine: &Engine) -> Result<Vec<ModelAnswerBar>> {
    let mut bars = Vec::new();
    for question in &engine.bank().questions {
        if question.sample_answer.trim().is_empty() {
            continue;
        }
        let report = engine.score_sample_answer(question)?;
        if report.coverage < MIN_COVERAGE {
            bars.push(ModelAnswerBar {
                question: question.id.clone(),
                sample_coverage: report.coverage,
                // Coverage is at most 1: the product is at most 20, exact in f64.
                min_coverage: (report.coverage * 20.0 + 1e-9).floor() / 20.0,
            });
        }
    }
    Ok(bars)
}

/// Where the workflow `init` writes installs anscov from: the anscov that wrote it,
/// pinned. Never a crates.io name: no crate `anscov` is published, and whoever registered
/// one would have their code run in every such workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Install {
    /// `cargo install --locked --git URL --rev COMMIT anscov`.
    Git { url: String, rev: String },
    /// `cargo install --locked --path DIR`: a copy of anscov's source in (or beside) the
    /// repository, e.g. a git submodule.
    Path(String),
    /// Not said: the install step fails with the command that says it.
    Unset,
}

impl Install {
    /// The shell command of the workflow's install step.
    pub fn command(&self) -> String {
        match self {
            Install::Git { url, rev } => format!(
                "cargo install --locked --git {} --rev {rev} anscov",
                crate::shell::quote(url)
            ),
            Install::Path(path) => format!("cargo install --locked --path {}", crate::shell::quote(path)),
            Install::Unset => "echo \"::error::this workflow does not say which anscov to install; re-run \
                anscov init --git URL --rev COMMIT (or --path DIR), or edit this step\"; exit 1"
                .to_string(),
        }
    }
}

/// The workflow `init` writes, installing anscov as `install` says.
pub fn workflow(install: &Install) -> String {
    format!(
        r#"# Checks the answers in this repository with anscov on every push and pull request.
name: anscov

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - name: Install anscov
        # The anscov that wrote this workflow, pinned; `anscov init --help` for the options.
        run: {}
      - name: Check answers
        # Annotations on the changed files; exit 1 when a threshold fails.
        run: anscov check --format github
      - name: Summary
        if: always()
        run: anscov check --quiet --format markdown >> "$GITHUB_STEP_SUMMARY" || true
"#,
        yaml_scalar(&install.command())
    )
}

/// `value` as a YAML scalar on one line: plain when YAML reads it back unchanged, else
/// double-quoted. A plain scalar ends at " #" (a comment) and may not hold ": " or start
/// with an indicator, so a URL with a fragment or a path such as `x: y` would otherwise cut
/// the install step short or break the workflow. Not yaml-rust2's emitter (already a
/// dependency): it quotes any string holding a `:`, so every `--git https://…` step would
/// be quoted where YAML does not need it.
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !value.ends_with(char::is_whitespace)
        && !value.chars().any(char::is_control);
    if plain {
        return value.to_string();
    }
    let mut quoted = String::from('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The config `init` writes: [`CONFIG`], with `bank = [...]` when the scaffold is of
/// another bank (paths relative to the repository), and a `[questions.<id>]` table for
/// each question whose model answer earns less than [`MIN_COVERAGE`].
pub fn config(bank: &[String], bars: &[ModelAnswerBar]) -> String {
    let mut config = if bank.is_empty() {
        CONFIG.to_string()
    } else {
        let list: Vec<String> = bank
            .iter()
            .map(|p| toml::Value::String(p.clone()).to_string())
            .collect();
        CONFIG.replacen(
            "exclude = []\n",
            &format!(
                "exclude = []\n# Question bank folders (corpus/ and rubrics/), relative to this file.\nbank = [{}]\n",
                list.join(", ")
            ),
            1,
        )
    };
    if !bars.is_empty() {
        config.push_str(&format!(
            "\n# The bank's sample answer to these questions earns less than {MIN_COVERAGE} with the anscov\n\
             # that wrote this file, so each asks no more than its model answer earns.\n"
        ));
        for bar in bars {
            config.push_str(&format!(
                "[questions.{}]\nmin-coverage = {}  # the sample answer earns {}\n",
                toml_key(&bar.question),
                bar.min_coverage,
                bar.sample_coverage
            ));
        }
    }
    config
}

/// The scaffold's files: `answers/<id>-<slug>.md` per question, `anscov.toml`,
/// `.github/workflows/anscov.yml`. Deterministic, in bank order.
pub fn files(bank: &Bank, install: &Install, bank_paths: &[String], bars: &[ModelAnswerBar]) -> Vec<File> {
    let mut files: Vec<File> = bank
        .questions
        .iter()
        .map(|q| File {
            path: Path::new("answers").join(answer_file_name(&q.id, &q.slug)),
            contents: format!(
                "---\nquestion: {}\n---\n\n# {}\n\n<!-- Write your answer below. Until there is text here, `anscov check` counts the question as unanswered. -->\n",
                q.id,
                q.text.trim()
            ),
        })
        .collect();
    files.push(File {
        path: PathBuf::from(crate::config::FILE_NAME),
        contents: config(bank_paths, bars),
    });
    files.push(File {
        path: PathBuf::from(".github/workflows/anscov.yml"),
        contents: workflow(install),
    });
    files
}

/// `key` as a TOML key: bare when it can be (`q13`), quoted otherwise.
fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        key.to_string()
    } else {
        toml::Value::String(key.to_string()).to_string()
    }
}

/// `q04-slos-and-incident-response.md`; a slug that already starts with the id is not
/// repeated.
pub fn answer_file_name(id: &str, slug: &str) -> String {
    let id = crate::bank::file_stem(&id.to_ascii_lowercase());
    let slug = crate::bank::file_stem(&slug.to_ascii_lowercase());
    if slug == id || slug.starts_with(&format!("{id}-")) {
        format!("{slug}.md")
    } else {
        format!("{id}-{slug}.md")
    }
}

/// Writes `files` under `root`, creating folders, never replacing an existing file
/// (`create_new`, so a file that appears meanwhile is not clobbered either).
pub fn write(root: &Path, files: &[File]) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(files.len());
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut handle) => {
                handle
                    .write_all(file.contents.as_bytes())
                    .map_err(|e| Error::io(&path, &e))?;
                outcomes.push(Outcome::Created(file.path.clone()));
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                outcomes.push(Outcome::Skipped(file.path.clone()))
            }
            Err(err) => return Err(Error::io(&path, &err)),
        }
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffolds_every_question_and_never_overwrites() {
        let bank = Bank::embedded().unwrap();
        let files = files(&bank, &Install::Unset, &[], &[]);
        assert_eq!(files.len(), bank.questions.len() + 2);
        assert!(files[3].path.starts_with("answers") && files[3].contents.starts_with("---\nquestion: q04\n---\n\n# "));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("answers")).unwrap();
        let mine = dir.path().join(&files[0].path);
        std::fs::write(&mine, "my answer").unwrap();
        let outcomes = write(dir.path(), &files).unwrap();
        assert_eq!(outcomes[0], Outcome::Skipped(files[0].path.clone()));
        assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my answer");
        assert!(outcomes[1..].iter().all(|o| matches!(o, Outcome::Created(_))));
        let again = write(dir.path(), &files).unwrap();
        assert!(again.iter().all(|o| matches!(o, Outcome::Skipped(_))));
        // The config it writes parses.
        crate::config::Config::parse(&dir.path().join("anscov.toml"), CONFIG).unwrap();
        let with_bank = config(&["../my bank".to_string()], &[]);
        let parsed = crate::config::Config::parse(&dir.path().join("anscov.toml"), &with_bank).unwrap();
        assert!(parsed.bank.value.len() == 1 && parsed.bank.value[0].ends_with("my bank"));
    }

    #[test]
    fn scaffold_answers_read_as_their_question_and_as_placeholders() {
        let bank = Bank::embedded().unwrap();
        for file in files(&bank, &Install::Unset, &[], &[])
            .iter()
            .filter(|f| f.path.starts_with("answers"))
        {
            let answers = crate::input::document_answers(&bank, Some(&file.path), file.contents.clone()).unwrap();
            assert_eq!(answers.len(), 1);
            assert!(answers[0].question.is_some());
            assert!(crate::check::is_placeholder(&answers[0]), "{}", file.path.display());
        }
    }

    #[test]
    fn model_answers_set_the_bar_where_they_earn_less_than_the_minimum() {
        assert!(CONFIG.contains(&format!("\nmin-coverage = {MIN_COVERAGE}\n")));
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let bars = model_answer_bars(&engine).unwrap();
        for bar in &bars {
            assert!(
                bar.min_coverage <= bar.sample_coverage && bar.sample_coverage < MIN_COVERAGE,
                "{bar:?}"
            );
            assert!(bar.sample_coverage - bar.min_coverage < 0.05, "{bar:?}");
        }
        let written = config(&[], &bars);
        let dir = tempfile::tempdir().unwrap();
        let parsed = crate::config::Config::parse(&dir.path().join("anscov.toml"), &written).unwrap();
        let policy = parsed.policy(engine.bank()).unwrap();
        for bar in &bars {
            assert_eq!(
                policy.questions[&bar.question].min_coverage,
                Some(bar.min_coverage),
                "{written}"
            );
        }
        // Quoted when the id is not a bare key.
        let odd = config(
            &[],
            &[ModelAnswerBar {
                question: "q 1".into(),
                sample_coverage: 0.333,
                min_coverage: 0.3,
            }],
        );
        assert!(
            odd.contains("[questions.\"q 1\"]\nmin-coverage = 0.3  # the sample answer earns 0.333\n"),
            "{odd}"
        );
    }

    #[test]
    fn the_workflow_installs_a_pinned_anscov() {
        let git = workflow(&Install::Git {
            url: "https://example.org/anscov.git".into(),
            rev: "0123456789abcdef0123456789abcdef01234567".into(),
        });
        assert!(git.contains(
            "run: cargo install --locked --git https://example.org/anscov.git --rev 0123456789abcdef0123456789abcdef01234567 anscov\n"
        ));
        assert!(workflow(&Install::Path("tools/my anscov".into()))
            .contains("run: cargo install --locked --path 'tools/my anscov'\n"));
        // Whatever the URL or path, the step YAML reads back is the command.
        for install in [
            Install::Git {
                url: "https://h/x #frag".into(),
                rev: "0123456789abcdef0123456789abcdef01234567".into(),
            },
            Install::Path("x: y".into()),
            Install::Path("it's \"odd\" \\ here".into()),
            Install::Path("-dash".into()),
            Install::Unset,
        ] {
            let text = workflow(&install);
            let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
            let steps = docs[0]["jobs"]["check"]["steps"].as_vec().unwrap();
            assert_eq!(steps[2]["run"].as_str(), Some(install.command().as_str()), "{text}");
        }
        let unset = workflow(&Install::Unset);
        assert!(unset.contains("exit 1") && !unset.contains("cargo install"));
    }

    #[test]
    fn file_names() {
        assert_eq!(
            answer_file_name("q04", "slos-and-incident-response"),
            "q04-slos-and-incident-response.md"
        );
        assert_eq!(answer_file_name("q04", "q04-slos"), "q04-slos.md");
        // An id or slug never leads out of answers/.
        assert_eq!(answer_file_name("../../escaped", "x"), "------escaped-x.md");
        assert_eq!(answer_file_name("1.1", "a/b"), "1-1-a-b.md");
    }
}
