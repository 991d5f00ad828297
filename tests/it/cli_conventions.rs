//! The command-line conventions of issue 18 item 8 (as ripgrep, typos and Vale have them):
//! examples in `--help` that run, the `--format` names described, `anscov completions`,
//! `anscov man`, `--color`, `score` reading anscov.toml, the suggested `bank derive`
//! command working when pasted, the README's install command and `.ci/run` refusing a Rust
//! too old to build anscov. Fixture folders (tests/fixtures/score/config-*,
//! tests/fixtures/cli/) hold the byte-exact cases; these check what clap renders, which
//! may change with its version, by substring.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{anscov, code, command, stderr, stdout};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The commands a line of an "Examples:" section runs: the line up to its `# comment`, a
/// `> FILE` redirect or a `| pipe` (stdout is captured instead), split on spaces.
fn example_args(line: &str) -> Vec<String> {
    let line = line.trim();
    let end = [" #", " > ", " | "]
        .iter()
        .filter_map(|cut| line.find(cut))
        .min()
        .unwrap_or(line.len());
    line[..end].split_whitespace().skip(1).map(str::to_string).collect()
}

/// The example lines of `anscov ARGS --help`.
fn examples(help_args: &[&str]) -> Vec<Vec<String>> {
    let mut args = help_args.to_vec();
    args.push("--help");
    let output = anscov(&args);
    assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
    let help = stdout(&output);
    let section = help
        .split_once("\nExamples")
        .unwrap_or_else(|| panic!("`anscov {}` has no Examples section:\n{help}", args.join(" ")))
        .1;
    let lines: Vec<Vec<String>> = section
        .lines()
        .filter(|l| l.trim_start().starts_with("anscov "))
        .map(example_args)
        .collect();
    assert!(
        (2..=5).contains(&lines.len()),
        "`anscov {}`: {} examples, expected 2 to 5:\n{section}",
        args.join(" "),
        lines.len()
    );
    lines
}

/// A scratch folder whose `examples/` and `tests/` are the repository's, so the examples'
/// paths exist and anything they write (reports, `init`) lands in the scratch folder.
fn playground() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["examples", "tests"] {
        std::os::unix::fs::symlink(Path::new(REPO).join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn run_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Output {
    command().args(args).current_dir(dir).output().unwrap()
}

#[test]
fn every_help_example_runs() {
    // (command, whether a failed threshold, exit 1, is a correct outcome of its examples)
    let commands: [(&[&str], bool); 15] = [
        (&[], false),
        (&["score"], false),
        (&["check"], true),
        (&["config"], false),
        (&["eval"], false),
        (&["bank"], false),
        (&["bank", "list"], false),
        (&["bank", "lint"], false),
        (&["bank", "show"], false),
        (&["bank", "derive"], false),
        (&["bank", "import"], false),
        (&["init"], false),
        (&["bench"], false),
        (&["completions"], false),
        (&["man"], false),
    ];
    for (help_args, may_fail_thresholds) in commands {
        let dir = playground();
        if help_args == ["check"] {
            // check's examples run in a repository `anscov init` made.
            let init = run_in(dir.path(), &["init", ".", "--quiet"]);
            assert_eq!(code(&init), 0, "{}", stderr(&init));
        }
        for args in examples(help_args) {
            let output = run_in(dir.path(), &args);
            let allowed: &[i32] = if may_fail_thresholds { &[0, 1] } else { &[0] };
            assert!(
                allowed.contains(&code(&output)) && !stderr(&output).contains("error:"),
                "example `anscov {}` failed (exit {}):\n{}",
                args.join(" "),
                code(&output),
                stderr(&output)
            );
        }
    }
}

#[test]
fn score_examples_do_what_their_comments_say() {
    let dir = playground();
    let lines = examples(&["score"]);
    let run = |needle: &str| -> Output {
        let args = lines
            .iter()
            .find(|a| a.join(" ").contains(needle))
            .unwrap_or_else(|| panic!("no score example with {needle}"));
        run_in(dir.path(), args)
    };
    let json: serde_json::Value = serde_json::from_slice(&run("-f json").stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["answers"][0]["question"], "q04");
    let pinned = stdout(&run("-q q04"));
    assert!(
        pinned.starts_with("examples/answers/unnamed-draft.md  q04\n"),
        "{pinned}"
    );
    let timed = stdout(&run("--target-seconds 90"));
    assert!(timed.contains("target 1:30"), "{timed}");
    run("-f html");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<html") && html.contains("q04-slos.md"));
}

#[test]
fn format_names_and_descriptions_are_in_score_and_check_help() {
    for command in ["score", "check"] {
        let long = stdout(&anscov(&[command, "--help"]));
        for (name, description) in [
            ("text", "for reading"),
            ("json", "stable contract"),
            ("jsonl", "one JSON object per line"),
            ("markdown", "pull-request comments"),
            ("html", "self-contained page"),
            ("junit", "JUnit XML"),
            ("sarif", "SARIF 2.1.0"),
            ("github", "GitHub Actions workflow commands"),
        ] {
            let line = long
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("- {name}:")))
                .unwrap_or_else(|| panic!("`{command} --help` does not list {name}:\n{long}"));
            assert!(line.contains(description), "{line}");
        }
        // `-h`: the names only (clap wraps the line, so compare without line breaks).
        let short = stdout(&anscov(&[command, "-h"]))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            short.contains("[possible values: text, json, jsonl, markdown, html, junit, sarif, github]"),
            "{short}"
        );
    }
    // The error for an unknown name is still the one naming every format.
    let output = anscov(&["score", "-f", "yaml", "examples/answers"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("unknown format `yaml`; use one of text, json"));
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = anscov(&["completions", shell]);
        assert_eq!(code(&output), 0, "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        for word in [
            "score",
            "check",
            "bank",
            "lint",
            "completions",
            "man",
            // Flag names (fish writes `-l color`, the others `--color`).
            "color",
            "max-file-size",
            "no-config",
        ] {
            assert!(script.contains(word), "{shell} completions lack `{word}`");
        }
        // Shells that complete values offer the format names (powershell and elvish
        // complete flags only).
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(
                script.contains("sarif") && script.contains("github"),
                "{shell}: no format names"
            );
        }
    }
    let bash = stdout(&anscov(&["completions", "bash"]));
    // The script works in bash: `anscov sc<TAB>` and `anscov score -f <TAB>`.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("anscov.bash");
    std::fs::write(&script, &bash).unwrap();
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; _anscov anscov '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let output = Command::new("bash").args(["-c", &program]).output().unwrap();
        stdout(&output).trim().to_string()
    };
    assert_eq!(complete("anscov sc", 1, "sc", "anscov"), "score");
    assert_eq!(
        complete("anscov score -f ''", 3, "", "-f"),
        "text json jsonl markdown html junit sarif github"
    );
    assert!(bash.contains("complete -F _anscov"), "{}", &bash[..200.min(bash.len())]);
    let output = anscov(&["completions", "tcsh"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("possible values: bash"), "{}", stderr(&output));
}

#[test]
fn man_pages_are_roff_with_every_command() {
    let page = stdout(&anscov(&["man"]));
    assert!(page.lines().any(|l| l.starts_with(".TH ANSCOV 1 ")), "{page}");
    assert!(page.contains(".SH SYNOPSIS") && page.contains(".SH SUBCOMMANDS"));
    for sub in [
        "score",
        "check",
        "config",
        "init",
        "eval",
        "bank",
        "bench",
        "completions",
        "man",
    ] {
        assert!(page.contains(&format!("anscov\\-{sub}(1)")), "no {sub} in:\n{page}");
    }
    let lint = anscov(&["man", "bank", "lint"]);
    assert_eq!(code(&lint), 0, "{}", stderr(&lint));
    let lint = stdout(&lint);
    assert!(
        lint.contains(".TH ANSCOV-BANK-LINT 1 ") && lint.contains("\\-\\-bank"),
        "{lint}"
    );
    let output = anscov(&["man", "bank", "nope"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("`anscov bank nope` is not a command"),
        "{}",
        stderr(&output)
    );
}

/// `score` on the shipped q04 answer, piped, with no colour variables set but `env`.
fn piped_score(color: Option<&str>, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_anscov"));
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd.envs(env.iter().copied()).current_dir(REPO);
    if let Some(color) = color {
        cmd.args(["--color", color]);
    }
    let output = cmd.args(["score", "examples/answers/q04-slos.md"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn color_flag_overrides_the_terminal_and_environment() {
    const ESC: char = '\x1b';
    // auto, piped: no colour (as before --color existed).
    assert!(!piped_score(None, &[]).contains(ESC));
    assert!(!piped_score(Some("auto"), &[]).contains(ESC));
    // auto follows CLICOLOR_FORCE, as before.
    assert!(piped_score(None, &[("CLICOLOR_FORCE", "1")]).contains(ESC));
    // always: even piped and with NO_COLOR; never: even with CLICOLOR_FORCE.
    let always = piped_score(Some("always"), &[("NO_COLOR", "1")]);
    assert!(always.contains("\x1b[32m✓"), "{always}");
    assert!(!piped_score(Some("never"), &[("CLICOLOR_FORCE", "1")]).contains(ESC));
    // Into -o FILE: stripped unless always.
    let dir = tempfile::tempdir().unwrap();
    for (color, coloured) in [("auto", false), ("never", false), ("always", true)] {
        let file = dir.path().join(format!("{color}.txt"));
        let output = command()
            .current_dir(REPO)
            .args(["--color", color, "score", "examples/answers/q04-slos.md", "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap().contains(ESC),
            coloured,
            "{color}"
        );
    }
    // JSON never carries colour.
    let output = command()
        .current_dir(REPO)
        .args([
            "--color",
            "always",
            "score",
            "examples/answers/q04-slos.md",
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert!(!stdout(&output).contains(ESC));
}

/// A folder with `anscov.toml` holding `toml`, and `sub/answer.md` (the shipped q04 answer).
fn repo_with_config(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("anscov.toml"), toml).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(
        Path::new(REPO).join("examples/answers/q04-slos.md"),
        dir.path().join("sub/answer.md"),
    )
    .unwrap();
    dir
}

fn target_seconds(output: &Output) -> serde_json::Value {
    assert_eq!(code(output), 0, "{}", stderr(output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["answers"][0]["delivery"]["target"]["seconds"].clone()
}

#[test]
fn score_finds_anscov_toml_as_check_does() {
    let dir = repo_with_config("[delivery]\ntarget-seconds = 45\n");
    let sub = dir.path().join("sub");
    // From a subfolder: the file in a parent is found, as `check` finds it.
    let score = |args: &[&str], cwd: &Path| run_in(cwd, args);
    assert_eq!(target_seconds(&score(&["score", "-f", "json", "answer.md"], &sub)), 45);
    // --no-config: the default; --config FILE: that file.
    assert_eq!(
        target_seconds(&score(&["score", "--no-config", "-f", "json", "answer.md"], &sub)),
        120
    );
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[delivery]\ntarget-seconds = 75\n").unwrap();
    let other_arg = other.display().to_string();
    assert_eq!(
        target_seconds(&score(
            &["score", "--config", &other_arg, "-f", "json", "answer.md"],
            &sub
        )),
        75
    );
    // check sees the same delivery setting.
    let check = score(&["check", "-f", "json", "sub/answer.md"], dir.path());
    assert_eq!(target_seconds(&check), 45);
}

#[test]
fn score_reports_a_bad_config_bank_and_ignores_thresholds() {
    let dir = repo_with_config("bank = [\"no-such-bank\"]\n");
    let output = run_in(dir.path(), &["score", "sub/answer.md"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no-such-bank: not a bank folder"),
        "{}",
        stderr(&output)
    );
    // Thresholds are check's: score exits 0 however high they are.
    let dir = repo_with_config("min-coverage = 1.0\nrequire-all = true\nmax-missing-required = 0\n");
    let output = run_in(dir.path(), &["score", "sub/answer.md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let check = run_in(dir.path(), &["check", "sub/answer.md"]);
    assert_eq!(code(&check), 1, "check applies them: {}", stdout(&check));
}

/// The commands in backticks in `bank lint`'s fixes.
fn suggested_commands(lint: &str) -> Vec<String> {
    lint.lines()
        .filter(|l| l.trim_start().starts_with("fix:"))
        .filter_map(|l| l.split('`').nth(1))
        .filter(|c| c.starts_with("anscov bank derive"))
        .map(str::to_string)
        .collect()
}

#[test]
fn lint_suggests_a_derive_command_that_works_when_pasted() {
    let fixture = Path::new(REPO).join("tests/fixtures/cli/bank-lint-flag");
    // --bank DIR and the positional DIR lint the same bank, with the same findings.
    let flag = command()
        .args(["bank", "lint", "--bank", "bank"])
        .current_dir(&fixture)
        .output()
        .unwrap();
    let positional = command()
        .args(["bank", "lint", "bank"])
        .current_dir(&fixture)
        .output()
        .unwrap();
    assert_eq!(code(&flag), 0);
    assert_eq!(stdout(&flag), stdout(&positional));
    let commands = suggested_commands(&stdout(&flag));
    assert_eq!(commands.len(), 2, "{}", stdout(&flag));
    for pasted in commands {
        assert!(pasted.contains(" --bank bank"), "{pasted}");
        let args: Vec<&str> = pasted.split_whitespace().skip(1).collect();
        let output = command().args(&args).current_dir(&fixture).output().unwrap();
        assert_eq!(code(&output), 0, "`{pasted}`: {}", stderr(&output));
        assert!(stdout(&output).starts_with("# Rubric for s"), "{}", stdout(&output));
    }
    // A folder that needs quoting is quoted, and the quoted command still works.
    let dir = tempfile::tempdir().unwrap();
    let spaced = dir.path().join("my bank");
    std::fs::create_dir_all(spaced.join("corpus")).unwrap();
    std::fs::copy(
        fixture.join("bank/corpus/s09-observability-signals.toml"),
        spaced.join("corpus/s09.toml"),
    )
    .unwrap();
    let lint = run_in(dir.path(), &["bank", "lint", "--bank", "my bank"]);
    let lint = stdout(&lint);
    assert!(lint.contains("`anscov bank derive s09 --bank 'my bank'`"), "{lint}");
    assert!(lint.contains("save the output as my bank/rubrics/s09.toml"), "{lint}");
    // The embedded bank's suggestions need no --bank (it has rubrics for every question).
    assert!(suggested_commands(&stdout(&anscov(&["bank", "lint"])))
        .iter()
        .all(|c| !c.contains("--bank")));
}

#[test]
fn readme_installs_with_the_lockfile() {
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    assert!(
        readme.contains("cargo install --locked --path ."),
        "README install command"
    );
    assert!(
        !readme.contains("cargo install --path"),
        "README: an install without --locked"
    );
    for documented in ["anscov completions bash", "anscov man", "--color"] {
        assert!(readme.contains(documented), "README does not document `{documented}`");
    }
}

/// The report that opens the README is what anscov prints for that example today (issue 18
/// item 7: a fair showcase). Each shown line is in the output; a line the README cuts
/// short with "…" starts an output line.
#[test]
fn readme_opening_report_is_what_anscov_prints() {
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    let block = readme
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("README opens with a ```text report")
        .0;
    let file = block.lines().next().unwrap().split_whitespace().next().unwrap();
    let out = command().current_dir(REPO).args(["score", file]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let printed = stdout(&out);
    for line in block.lines() {
        let shown = match line.split_once('…') {
            Some((head, _)) => head,
            None => line,
        };
        assert!(
            printed.lines().any(|p| p.starts_with(shown.trim_end())),
            "README line not in `anscov score {file}`:\n{line}\n---\n{printed}"
        );
    }
}

/// Runs .ci/run with a PATH whose `cargo` and `rustc` are fakes reporting `version` (or
/// absent), and an `apt-get` that records being called.
fn ci_toolchain_step(version: Option<&str>) -> (Output, bool) {
    let bin = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        use std::os::unix::fs::PermissionsExt;
        let path = bin.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    let apt_log = bin.path().join("apt-get-called");
    script("apt-get", &format!("touch '{}'; exit 1", apt_log.display()));
    if let Some(version) = version {
        script("rustc", &format!("echo 'rustc {version} (debian)'"));
        script("cargo", &format!("echo 'cargo {version}'"));
    }
    let path: Vec<PathBuf> = std::iter::once(bin.path().to_path_buf())
        .chain(["/usr/bin", "/bin"].map(PathBuf::from))
        .collect();
    let output = Command::new("bash")
        .arg(Path::new(REPO).join(".ci/run"))
        .env("PATH", std::env::join_paths(path).unwrap())
        .output()
        .unwrap();
    (output, apt_log.exists())
}

#[test]
fn ci_refuses_a_rust_older_than_rust_version() {
    let manifest = std::fs::read_to_string(Path::new(REPO).join("Cargo.toml")).unwrap();
    let need = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap();
    for version in [Some("1.63.0"), None] {
        let (output, apt_called) = ci_toolchain_step(version);
        let err = stderr(&output);
        assert_eq!(code(&output), 1, "{version:?}: {err}{}", stdout(&output));
        assert!(!apt_called, "{version:?}: .ci/run called apt-get");
        assert!(err.contains(&format!("Rust {need} or newer")), "{version:?}: {err}");
        assert!(err.contains("rustup"), "{err}");
        assert!(!stdout(&output).contains("=== format"), "went past the toolchain step");
    }
    let (output, _) = ci_toolchain_step(Some("1.63.0"));
    assert!(
        stderr(&output).contains("rustc 1.63.0 is older than"),
        "{}",
        stderr(&output)
    );
}
