//! The "Examples:" sections of `--help` (clap `after_help`), one constant per command, and
//! the one-line description of each `--format` in `score --help` and `check --help`.
//!
//! Every example is a real invocation: `tests/it/cli_conventions.rs` runs each line in a
//! scratch folder whose `examples/` and `tests/` are those of this repository (so paths
//! such as `examples/answers` exist) and fails on a usage or input error. Keep them to
//! paths in the repository, or to what the command itself creates (`anscov init`), so that
//! test stays meaningful. Help text only: it must not parse, score or print.

use anscov_core::report::Format;

/// `anscov --help`.
pub(super) const ANSCOV: &str = "\
Examples:
  anscov score examples/answers                   # score answer files and folders
  anscov init my-prep                             # start a prep repository, then `anscov check` in it
  anscov bank list                                # the questions of the embedded bank
  anscov completions bash > ~/.local/share/bash-completion/completions/anscov";

/// `anscov score --help`.
pub(super) const SCORE: &str = "\
Examples:
  anscov score examples/answers                            # every answer under the folder, as text
  anscov score examples/answers/q04-slos.md -f json        # the JSON contract (version 1)
  anscov score examples/answers/q22-on-call-practice.srt --target-seconds 90
  anscov score examples/answers -f html -o report.html     # one self-contained page
  anscov score examples/answers/unnamed-draft.md -q q04    # against one question, whatever it names";

/// `anscov check --help`: run in a repository `anscov init` made.
pub(super) const CHECK: &str = "\
Examples (in a repository made by `anscov init`):
  anscov check                                    # paths, bank and thresholds from anscov.toml
  anscov check --min-coverage 0.6 --require-all   # stricter than the file, for this run
  anscov check -f github                          # annotations in a GitHub Actions run
  anscov check -f sarif -o anscov.sarif           # for code-scanning dashboards";

/// `anscov eval --help`.
pub(super) const EVAL: &str = "\
Examples:
  anscov eval tests/eval/dev-c.jsonl              # precision, recall and F1 per style
  anscov eval tests/eval/dev-c.jsonl --mistakes   # and the lines where scorer and labels disagree
  anscov eval tests/eval/dev-a.jsonl tests/eval/dev-b.jsonl --json";

/// `anscov bank --help`.
pub(super) const BANK: &str = "\
Examples:
  anscov bank list                                # the embedded bank's questions
  anscov bank show q04                            # a question as the analyzer sees it
  anscov bank lint --bank examples/banks/sre      # problems in a bank of your own
  anscov bank derive s09 --bank examples/banks/sre   # a rubric to save and edit";

/// `anscov bank list --help`.
pub(super) const BANK_LIST: &str = "\
Examples:
  anscov bank list                                # id, slug and question of the embedded bank
  anscov bank list --bank examples/banks/sre      # another bank's";

/// `anscov bank lint --help`.
pub(super) const BANK_LINT: &str = "\
Examples:
  anscov bank lint                                # the embedded bank
  anscov bank lint --bank examples/banks/sre      # a bank folder: file:line, problem, fix";

/// `anscov bank show --help`.
pub(super) const BANK_SHOW: &str = "\
Examples:
  anscov bank show q04                            # stems, rubric and what the sample answer covers
  anscov bank show s09 --bank examples/banks/sre  # a question whose rubric is derived";

/// `anscov bank derive --help`.
pub(super) const BANK_DERIVE: &str = "\
Examples:
  anscov bank derive s09 --bank examples/banks/sre                   # print it
  anscov bank derive s09 --bank examples/banks/sre -o rubrics/s09.toml   # save it to edit";

/// `anscov bank import --help`.
pub(super) const BANK_IMPORT: &str = "\
Examples:
  anscov bank import tests/fixtures/bank/import-csv/questions.csv --out mybank
  anscov bank lint --bank mybank                  # then: rubrics derived until you write them";

/// `anscov config --help`: run where an anscov.toml is (or none: the defaults).
pub(super) const CONFIG: &str = "\
Examples:
  anscov config                                   # each setting and the file line it came from
  anscov config --min-coverage 0.6                # what a flag would change";

/// `anscov init --help`.
pub(super) const INIT: &str = "\
Examples:
  anscov init my-prep                             # answers/, anscov.toml, a GitHub workflow
  anscov init sre-prep --bank examples/banks/sre  # the questions of another bank
  anscov init my-prep --path vendor/anscov        # the workflow installs anscov from a submodule";

/// `anscov bench --help`.
pub(super) const BENCH: &str = "\
Examples:
  anscov bench --answers 5000 --runs 1            # quick; the default is 50,000 answers, 3 runs
  anscov bench --routing --answers 5000 --runs 1  # also answers that name no question
  anscov bench --bank-size 1000 --answers 5000 --runs 1 --json
  anscov bench --emit-jsonl workload.jsonl --answers 1000   # only write the workload";

/// What each `--format` is for, shown with its name in `score --help` and `check --help`.
/// An exhaustive match, so a new format cannot reach the help without a line.
pub(super) fn format_description(format: Format) -> &'static str {
    match format {
        Format::Text => "for reading: coloured on a terminal (see --color)",
        Format::Json => "one JSON document, the stable contract (version 1; README \"The JSON contract\")",
        Format::Jsonl => "one JSON object per line (answers, errors, then the summary), streamed",
        Format::Markdown => "a summary table, for pull-request comments and $GITHUB_STEP_SUMMARY",
        Format::Html => "one self-contained page (inline CSS, no external resources)",
        Format::Junit => "JUnit XML, a testcase per answer, for CI test views",
        Format::Sarif => "SARIF 2.1.0, for code-scanning dashboards",
        Format::Github => "GitHub Actions workflow commands, shown as annotations on the files",
    }
}
