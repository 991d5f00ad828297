//! CLI behaviour driven by fixture folders, as typos does it: each folder under
//! tests/fixtures/score/ (scoring) and tests/fixtures/cli/ (other commands and global
//! flags: `--color`, `bank lint --bank`) holds `cmd` (the arguments, one line), the input
//! files, an optional `stdin`, and the expected `expected.stdout`, `expected.stderr` and
//! `expected.code`. The command runs with the folder as working directory.
//!
//! To accept new output after a deliberate change: `UPDATE_EXPECT=1 cargo test --release
//! --test it cli_score::`, then review the diff of the expected files like any other change.

use std::path::Path;
use std::process::Stdio;

fn run_case(dir: &Path) -> Result<(), String> {
    let cmd = std::fs::read_to_string(dir.join("cmd")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let mut command = crate::common::command();
    command.args(&args).current_dir(dir).env_remove("CLICOLOR_FORCE");
    let stdin = dir.join("stdin");
    command.stdin(if stdin.exists() {
        Stdio::from(std::fs::File::open(&stdin).unwrap())
    } else {
        Stdio::null()
    });
    let output = command.output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = format!("{}\n", output.status.code().unwrap_or(-1));
    assert!(!stderr.contains("panicked"), "{}: panicked:\n{stderr}", dir.display());
    let mut mismatches = Vec::new();
    for (name, actual) in [
        ("expected.stdout", &stdout),
        ("expected.stderr", &stderr),
        ("expected.code", &code),
    ] {
        let path = dir.join(name);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if &expected != actual {
            mismatches.push(format!(
                "--- {}\n+++ actual\n{}",
                path.display(),
                diff(&expected, actual)
            ));
        }
    }
    if mismatches.is_empty() {
        Ok(())
    } else {
        Err(mismatches.join("\n"))
    }
}

/// A minimal line diff: lines only in expected (-) and only in actual (+), in order.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("-{x}\n"));
                }
                if let Some(y) = y {
                    out.push_str(&format!("+{y}\n"));
                }
            }
        }
    }
    out
}

/// The case folders under tests/fixtures/`group`, in name order.
fn cases(group: &str, at_least: usize) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(group);
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= at_least,
        "fixture cases missing under {}",
        root.display()
    );
    cases
}

#[test]
fn fixtures() {
    let cases = cases("score", 15);
    let failures: Vec<String> = cases.iter().filter_map(|dir| run_case(dir).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn cli_fixtures() {
    let cases = cases("cli", 3);
    let failures: Vec<String> = cases.iter().filter_map(|dir| run_case(dir).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn json_output_is_byte_identical_across_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/json-contract");
    let run = || {
        crate::common::command()
            .args(["score", "answers", "-f", "json"])
            .current_dir(&dir)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn quick_start_scores_the_shipped_examples() {
    let output = crate::common::command()
        .args(["score", "examples/answers", "-f", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let answers = report["answers"].as_array().unwrap();
    assert!(answers.len() >= 6);
    // Mixed quality: something strong, something weak.
    let coverages: Vec<f64> = answers.iter().map(|a| a["coverage"].as_f64().unwrap()).collect();
    assert!(
        coverages.iter().any(|&c| c >= 0.8) && coverages.iter().any(|&c| c <= 0.2),
        "{coverages:?}"
    );
}
