//! Where `-o FILE` writes, decided before any answer is read, so that the report never
//! destroys anything:
//!
//! - a symbolic link is written **through**: the report replaces the link's target, and
//!   the link stays (renaming over the link replaced it with a regular file);
//! - a directory, a device (`-o /dev/null` as root replaced the device node with a
//!   regular file), a FIFO or a socket is refused: `-o` replaces a regular file, and
//!   standard output is there for everything else;
//! - one of the inputs is refused when it was named on the command line, and left out of
//!   the inputs when a folder walk found it (the report of the previous run, `anscov check
//!   -o report.md` in the folder it checks), so a report is never read as an answer;
//! - an existing file keeps its permission mode (the temporary file it is written to is
//!   created 0600), and a new one gets 0666 less the umask, as any file a program creates.
//!
//! The file is written to a temporary file beside the target and renamed over it when
//! complete (the binary does that: [`Output::dir`], [`Output::mode`]).
//!
//! Decides only: it must not write the report or create the temporary file (the binary
//! does); it reads file metadata and link targets, never a file's content.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// At most this many symbolic links are followed (Linux's own limit, `ELOOP`).
const MAX_LINKS: usize = 40;

/// A resolved `-o` target (or another flag's that writes a file, such as `eval --scores`).
#[derive(Debug, Clone)]
pub struct Output {
    /// The file to replace: the path given, with symbolic links followed.
    pub path: PathBuf,
    /// The permission bits of the existing file, kept on the new one.
    pub mode: Option<u32>,
    /// (device, inode) of the existing file, to recognise it among the inputs.
    identity: Option<(u64, u64)>,
    /// The flag that named the file (`-o`, `--scores`), for messages.
    flag: &'static str,
}

/// The flag of the report file, whose report standard output carries without it.
pub const REPORT_FLAG: &str = "-o";

impl Output {
    /// Resolves `path`, the value of `flag` (`-o`, `--scores`): follows links, refuses what
    /// must not be replaced, naming the flag.
    pub fn resolve(path: &Path, flag: &'static str) -> Result<Output> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let given = path.display().to_string();
        let usage = |message: String| Error::Usage(format!("{flag} {given}: {message}"));
        let mut target = path.to_path_buf();
        let mut links = 0;
        let meta = loop {
            match std::fs::symlink_metadata(&target) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(usage(format!(
                            "too many levels of symbolic links; point {flag} at a file"
                        )));
                    }
                    let link = std::fs::read_link(&target).map_err(|e| Error::io(&target, &e))?;
                    target = match target.parent() {
                        Some(dir) if link.is_relative() => dir.join(link),
                        _ => link,
                    };
                }
                Ok(meta) => break Some(meta),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => break None,
                Err(err) => return Err(Error::io(&target, &err)),
            }
        };
        let shown = if target == path {
            String::new()
        } else {
            format!(" (the link's target, {})", target.display())
        };
        if let Some(meta) = &meta {
            let kind = meta.file_type();
            if kind.is_dir() {
                return Err(usage(format!(
                    "is a directory{shown}; name a file, e.g. {}",
                    target.join("report.txt").display()
                )));
            }
            if !kind.is_file() {
                // Only the report is what standard output carries without the flag.
                let instead = if flag == REPORT_FLAG {
                    format!("leave -o out and redirect standard output instead (`> {given}`)")
                } else {
                    "name a file".to_string()
                };
                return Err(usage(format!(
                    "is not a regular file{shown} (a device, FIFO or socket); {flag} replaces a file, so {instead}"
                )));
            }
        }
        Ok(Output {
            path: target,
            mode: meta.as_ref().map(|m| m.permissions().mode() & 0o7777),
            identity: meta.as_ref().map(|m| (m.dev(), m.ino())),
            flag,
        })
    }

    /// The folder the temporary file is created in: the target's, so the rename stays on
    /// one file system.
    pub fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// Whether `path` is the file this output replaces (the same file through any link or
    /// hard link).
    pub fn is(&self, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Some(identity) = self.identity else {
            return false;
        };
        std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == identity)
    }

    /// Refuses an output that is one of the inputs. A file named on the command line
    /// (`named`) that is the output is an error, and so is one found by walking a folder
    /// (`sources`): folder walks already leave out reports anscov wrote (the previous run's
    /// `-o report.md` in the folder it checks), so a walked file that is the output is the
    /// user's answer, and the report would replace it. The message says what the flag
    /// writes (the report, the scores) and what it would replace (an input, a table).
    pub fn refuse_inputs(&self, named: &[PathBuf], sources: &[crate::input::Source]) -> Result<()> {
        if self.identity.is_none() {
            return Ok(());
        }
        // What the flag writes, and what its named inputs are: `eval --scores` reads tables
        // (graded or labelled, `--threshold-from`'s too) and writes scores; `-o` reads
        // answers, banks and anscov.toml and writes the report.
        let (written, replaced) = match self.flag {
            "--scores" => ("the scores", "table"),
            _ => ("the report", "input"),
        };
        if let Some(input) = named.iter().find(|p| self.is(p)) {
            return Err(Error::Usage(format!(
                "{} {}: is one of the inputs ({}); {written} would replace that {replaced}. Write {written} to another file",
                self.flag,
                self.path.display(),
                input.display()
            )));
        }
        if let Some(crate::input::Source::File(answer)) = sources
            .iter()
            .find(|source| matches!(source, crate::input::Source::File(p) if self.is(p)))
        {
            return Err(Error::Usage(format!(
                "{} {}: is an answer file found in the inputs ({}); {written} would replace it. Write {written} to another file",
                self.flag,
                self.path.display(),
                answer.display()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn links_are_followed_and_special_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        let out = Output::resolve(&link, REPORT_FLAG).unwrap();
        assert_eq!(out.path, real);
        assert_eq!(out.mode, Some(0o644));
        assert!(out.is(&real) && out.is(&link));

        let new = Output::resolve(&dir.path().join("new.txt"), REPORT_FLAG).unwrap();
        assert_eq!(new.mode, None);
        assert!(!new.is(&real));

        let err = Output::resolve(dir.path(), REPORT_FLAG).unwrap_err().to_string();
        assert!(err.contains("is a directory"), "{err}");
        let err = Output::resolve(Path::new("/dev/null"), REPORT_FLAG)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a regular file"), "{err}");
        let to_null = dir.path().join("null.txt");
        std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
        let err = Output::resolve(&to_null, REPORT_FLAG).unwrap_err().to_string();
        assert!(err.contains("the link's target, /dev/null"), "{err}");
        let looped = dir.path().join("loop.txt");
        std::os::unix::fs::symlink("loop.txt", &looped).unwrap();
        assert!(Output::resolve(&looped, REPORT_FLAG).is_err());
    }

    #[test]
    fn an_input_named_or_walked_is_never_the_output() {
        use crate::input::Source;
        let dir = tempfile::tempdir().unwrap();
        let answer = dir.path().join("q05.md");
        std::fs::write(&answer, "my answer").unwrap();
        let other = dir.path().join("q04.md");
        std::fs::write(&other, "answer").unwrap();
        let out = Output::resolve(&answer, REPORT_FLAG).unwrap();
        // Found by walking the folder: the user's answer (the walk leaves reports out).
        let err = out
            .refuse_inputs(
                &[dir.path().to_path_buf()],
                &[Source::File(other.clone()), Source::File(answer.clone())],
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("is an answer file found in the inputs"), "{err}");
        let err = out
            .refuse_inputs(std::slice::from_ref(&answer), &[Source::File(answer.clone())])
            .unwrap_err()
            .to_string();
        assert!(err.contains("is one of the inputs"), "{err}");
        // Not among the inputs: fine.
        out.refuse_inputs(&[dir.path().to_path_buf()], &[Source::File(other)])
            .unwrap();
    }

    /// Another flag that writes a file (`eval --scores`) is named in every refusal; the
    /// binary rewrote the `-o ` prefix of the message string instead.
    #[test]
    fn refusals_name_the_flag_given() {
        let dir = tempfile::tempdir().unwrap();
        let table = dir.path().join("t.csv");
        std::fs::write(&table, "id\n").unwrap();
        let err = Output::resolve(&table, "--scores")
            .unwrap()
            .refuse_inputs(std::slice::from_ref(&table), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("--scores {}: is one of the inputs", table.display())),
            "{err}"
        );
        // The input is a table and what is written is scores, not "the report would
        // replace the answer".
        assert!(
            err.ends_with("the scores would replace that table. Write the scores to another file"),
            "{err}"
        );
        let err = Output::resolve(Path::new("/dev/null"), "--scores")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--scores /dev/null: is not a regular file"), "{err}");
        assert!(
            err.contains("--scores replaces a file, so name a file") && !err.contains("-o"),
            "{err}"
        );
        let looped = dir.path().join("loop.txt");
        std::os::unix::fs::symlink("loop.txt", &looped).unwrap();
        let err = Output::resolve(&looped, "--scores").unwrap_err().to_string();
        assert!(err.contains("point --scores at a file"), "{err}");
        let err = Output::resolve(Path::new("/dev/null"), REPORT_FLAG)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("leave -o out and redirect standard output instead"),
            "{err}"
        );
    }
}
