//! CLI behaviour driven by fixture folders, as typos does it with trycmd: one runner for
//! every command's folders, `tests/fixtures/<command>/<case>/` (score, check, bank; cli:
//! global flags such as `--color`, and `bank lint --bank`).
//!
//! A case holds `cmd` (the arguments, one line, split at spaces: no quoting), its input
//! files, an optional `stdin`, and the expected `expected.stdout`, `expected.stderr` and
//! `expected.code`. The case is copied to a fresh folder under the target's tmp folder and
//! the command runs there, so a command that writes files (`bank import`, `-o`) never
//! touches the repository. Outputs depend on no machine: the fixtures give relative paths,
//! the folder the case ran in reads `[CWD]` and the package version `[VERSION]` (see
//! [`redact`]), and no clock enters a compared output. Files the command creates are
//! compared too, with `expected.files/<path>`. A case reaches the repository's shipped banks
//! and examples through `repo/` (a link the runner makes in the copy).
//!
//! To accept new output after a deliberate change: `ANSCOV_BLESS=1 cargo test --profile
//! test-release --test it fixtures::` (`UPDATE_EXPECT=1` also works), then review the diff of the
//! expected files like any other change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The expected files of a case, which are not copied to where the command runs.
fn is_expected(name: &str) -> bool {
    name.starts_with("expected.")
}

fn bless() -> bool {
    std::env::var_os("ANSCOV_BLESS").is_some_and(|v| v != "0") || std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Every file under `dir`, by path relative to it (sorted), leaving out the expected files.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let entry = entry.unwrap();
            // Links are not the case's files: `repo` (see `run_case`) is the repository.
            if entry.file_type().unwrap().is_symlink() {
                continue;
            }
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if relative.components().count() == 1 && is_expected(&relative.to_string_lossy()) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn copy_case(case: &BTreeMap<PathBuf, Vec<u8>>, to: &Path) {
    for (relative, bytes) in case {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The output as text, with what differs between machines and releases replaced as trycmd
/// does: the folder the case ran in (a found `anscov.toml` is named by its absolute path)
/// by `[CWD]`, the package version (SARIF names the tool's) by `[VERSION]`.
fn redact(bytes: &[u8], cwd: &Path) -> String {
    String::from_utf8_lossy(bytes)
        .replace(&cwd.display().to_string(), "[CWD]")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

fn run_case(dir: &Path) -> Result<(), String> {
    let case = files(dir);
    let cmd = String::from_utf8_lossy(
        case.get(Path::new("cmd"))
            .ok_or(format!("{}: no cmd file", dir.display()))?,
    )
    .into_owned();
    let work = tempfile::Builder::new()
        .prefix("fixture-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    copy_case(&case, work.path());
    // `repo` in the case's folder is the repository, for cases that use the shipped banks
    // or examples (`bank = ["repo/examples/banks/sre"]`): a relative path out of the case
    // folder would not survive the copy.
    #[cfg(unix)]
    std::os::unix::fs::symlink(env!("CARGO_MANIFEST_DIR"), work.path().join("repo")).unwrap();

    let mut command = crate::common::command();
    command
        .args(cmd.split_whitespace())
        .current_dir(work.path())
        .env_remove("CLICOLOR_FORCE");
    let stdin = work.path().join("stdin");
    command.stdin(if stdin.exists() {
        Stdio::from(std::fs::File::open(&stdin).unwrap())
    } else {
        Stdio::null()
    });
    let output = command.output().map_err(|e| e.to_string())?;
    let stdout = redact(&output.stdout, work.path());
    let stderr = redact(&output.stderr, work.path());
    let code = format!("{}\n", output.status.code().unwrap_or(-1));
    assert!(!stderr.contains("panicked"), "{}: panicked:\n{stderr}", dir.display());

    // What the command wrote: files that were not in the case, and changed ones (anscov
    // never modifies its inputs, so a changed input fails the case whatever it expects).
    let after = files(work.path());
    for (relative, bytes) in &case {
        if after.get(relative) != Some(bytes) {
            return Err(format!(
                "{}: the command changed or removed its input {}",
                dir.display(),
                relative.display()
            ));
        }
    }
    let mut actual: Vec<(PathBuf, String)> = vec![
        (dir.join("expected.stdout"), stdout),
        (dir.join("expected.stderr"), stderr),
        (dir.join("expected.code"), code),
    ];
    let written = dir.join("expected.files");
    for (relative, bytes) in after.iter().filter(|(path, _)| !case.contains_key(*path)) {
        actual.push((written.join(relative), redact(bytes, work.path())));
    }
    // Files expected but not written.
    let expected_written = if written.is_dir() {
        files(&written)
    } else {
        BTreeMap::new()
    };
    let missing: Vec<PathBuf> = expected_written
        .keys()
        .map(|relative| written.join(relative))
        .filter(|path| !actual.iter().any(|(p, _)| p == path))
        .collect();

    if bless() {
        if written.is_dir() {
            std::fs::remove_dir_all(&written).unwrap();
        }
        for (path, text) in &actual {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return Ok(());
    }
    let mut mismatches: Vec<String> = missing
        .iter()
        .map(|path| format!("{}: expected the command to write this file", path.display()))
        .collect();
    for (path, actual) in &actual {
        let expected = std::fs::read_to_string(path).unwrap_or_default();
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

/// Runs every case of `tests/fixtures/<command>/`, at least `min_cases` of them (a folder
/// emptied by mistake fails rather than passing with nothing run).
fn run_all(command: &str, min_cases: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(command);
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= min_cases,
        "fixture cases missing under {}",
        root.display()
    );
    let failures: Vec<String> = cases.iter().filter_map(|dir| run_case(dir).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn score() {
    run_all("score", 12);
}

#[test]
fn check() {
    run_all("check", 6);
}

#[test]
fn bank() {
    run_all("bank", 8);
}

#[test]
fn cli() {
    run_all("cli", 3);
}
