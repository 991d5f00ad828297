//! Finding answer files: paths as given, folders walked in name order with `.gitignore`
//! respected, and anscov's own reports skipped.
//!
//! Decides which files are read, never how; must not open answers for their content beyond
//! the first bytes that tell a report from an answer.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Source, EXTENSIONS};
use crate::error::describe_io;

/// Expands paths into sources: files as given, folders walked (sorted, `.gitignore`
/// respected, hidden files and README/LICENSE/CHANGELOG skipped), `-` as stdin.
/// Paths that do not exist become problems.
pub fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(err) => problems.push(Diagnostic::new(Some(path), None, describe_io(&err))),
            Ok(meta) if meta.is_dir() => walk(path, &mut sources, &mut problems),
            Ok(_) => sources.push(Source::File(path.clone())),
        }
    }
    (sources, problems)
}

pub(super) fn walk(dir: &Path, sources: &mut Vec<Source>, problems: &mut Vec<Diagnostic>) {
    let walker = ignore::WalkBuilder::new(dir)
        // .gitignore applies in a prep repository even before `git init`.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => Some(path.clone()),
                    _ => None,
                };
                problems.push(Diagnostic::new(path.as_deref().or(Some(dir)), None, walk_message(&err)));
            }
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) && is_answer_file(path) && !is_own_report(path) {
                    // `anscov score .` reports `q04.md`, not `./q04.md`.
                    let path = path.strip_prefix("./").unwrap_or(path);
                    sources.push(Source::File(path.to_path_buf()));
                }
            }
        }
    }
}

/// Whether a walked file is a report anscov wrote ([`crate::own_report::is_report`]): one
/// read of its first 512 bytes (≈ 5 µs a file).
pub(super) fn is_own_report(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let Ok(file) = File::open(path) else {
        return false; // the reader reports why
    };
    let mut n = 0;
    let mut reader = file.take(head.len() as u64);
    while let Ok(read) = reader.read(&mut head[n..]) {
        if read == 0 {
            break;
        }
        n += read;
    }
    crate::own_report::is_report(&head[..n])
}

pub(super) fn walk_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => walk_message(err),
        ignore::Error::Loop { child, .. } => format!("symbolic link loop at {}; skipped", child.display()),
        ignore::Error::Io(io) => describe_io(io),
        other => other.to_string(),
    }
}

pub(super) fn is_answer_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let upper = name.to_ascii_uppercase();
    if ["README", "LICENSE", "CHANGELOG", "CONTRIBUTING"]
        .iter()
        .any(|p| upper.starts_with(p))
    {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
