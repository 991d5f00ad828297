//! Byte budgets for everything anscov reads: answer files, JSONL/CSV records, labelled
//! `eval` lines, `bank import` tables, bank files and `anscov.toml`. One limit, one flag:
//! `--max-file-size` (default [`DEFAULT_MAX_FILE_SIZE`]) caps every file and every record,
//! and every message that hits it names the source, the limit and the flag.
//!
//! Sizes are never taken from `metadata().len()`: it is 0 for FIFOs, pipes and devices
//! (`/dev/zero` behind a symlink named `a.jsonl` read 2 GB within seconds; issue 17).
//! Every read is capped with [`Read::take`] at the limit plus one byte, and lines are read
//! by [`Lines`], which skips an over-long line in constant memory. Devices are refused
//! outright: a character or block device is never an answer, a bank or a config, and
//! `/dev/zero` or `/dev/urandom` would never end. Files anscov finds by itself (bank files,
//! an `anscov.toml` found upward) must be regular files ([`ensure_regular_file`]): a FIFO
//! among them would hang the run at its open.
//!
//! Budgets and capped reading only: it must not parse what it reads (JSON, CSV and TOML are
//! their readers'), nor decide which files are answers (`crate::input`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Default limit on one file, or one JSONL/CSV record: far beyond any real answer (a
/// 60-minute transcript is ≈ 60 KB), bank file (the 24-question bank's largest rubric is
/// 9 KB) or config, small enough that a stray log file or dump is refused quickly instead
/// of being analysed. `--max-file-size` raises it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The most `--max-file-size` can raise the limit to: token offsets are `u32`, so a larger
/// answer would get evidence offsets that wrap around.
pub const MAX_FILE_SIZE_CEILING: u64 = u32::MAX as u64;

/// The flag that raises every limit here, named in every message about one.
pub const FLAG: &str = "--max-file-size";

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// The limit readers without their own options use (bank files, `anscov.toml`, `eval`
/// lines, `bank import` tables). The binary sets it once from `--max-file-size`;
/// [`crate::input::ReadOptions`] carries the same value for answers.
pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

/// Sets [`max_file_size`], capped at [`MAX_FILE_SIZE_CEILING`].
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes.min(MAX_FILE_SIZE_CEILING), Ordering::Relaxed);
}

/// `16 MiB`, `64 KiB`, `100 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a path cannot be read as a file, when it is not one anscov reads: a directory or a
/// device. FIFOs and sockets pass (`anscov score <(generate)` reads a pipe), capped like
/// any stream.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_dir() {
        Some("is a directory, expected a file")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("is a device, not a file (a device such as /dev/zero never ends); name a regular file, or use `-` for standard input")
    } else {
        None
    }
}

/// Refuses `path` unless it is a regular file (or a link to one), before it is opened.
/// For the files anscov finds by itself rather than being named them (a bank folder's
/// `*.toml`, an `anscov.toml` found by looking upward): nobody is about to write into a FIFO
/// found that way, and opening one for reading waits for a writer forever, so it is refused
/// as a walked answers folder passes it over ([`crate::input`]). Checked on the path, not on
/// an open file, because the open itself is what hangs.
pub fn ensure_regular_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    let kind = meta.file_type();
    let why = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "is a directory, expected a file"
    } else if kind.is_char_device() || kind.is_block_device() {
        "is a device, not a file (a device such as /dev/zero never ends); replace it with a regular file"
    } else if kind.is_fifo() {
        "is a FIFO (named pipe), not a regular file: reading it would wait for a writer forever; replace it with a regular file, or remove it"
    } else {
        "is a socket, not a regular file; replace it with a regular file, or remove it"
    };
    Err(Error::Io {
        path: path.to_path_buf(),
        message: why.to_string(),
    })
}

/// Opens `path` for reading, refusing directories and devices.
pub fn open(path: &Path) -> Result<File> {
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    match not_a_file(&meta) {
        Some(why) => Err(Error::Io {
            path: path.to_path_buf(),
            message: why.to_string(),
        }),
        None => Ok(file),
    }
}

/// Reads all of `path`, at most `limit` bytes: one byte more is an error naming the file,
/// `what` it is ("a bank file"), the limit and the flag. Memory and time stay within the
/// limit whatever the file is (a FIFO, `/proc`, a file that grows while read).
pub fn read_file(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let file = open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, limit, what));
    }
    Ok(bytes)
}

/// [`read_file`] with [`max_file_size`], as UTF-8 text.
pub fn read_text(path: &Path, what: &str) -> Result<String> {
    let bytes = read_file(path, max_file_size(), what)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::Input {
            source_name: format!("{}:{line}", path.display()),
            message: "not valid UTF-8; save the file as UTF-8".to_string(),
        }
    })
}

fn too_large(path: &Path, limit: u64, what: &str) -> Error {
    Error::Input {
        source_name: path.display().to_string(),
        message: format!(
            "larger than the {} limit for {what}; raise it with {FLAG} BYTES",
            human_size(limit)
        ),
    }
}

/// One line from [`Lines`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line (without its `\n`) is in the buffer.
    Text,
    /// The line was longer than the limit and has been skipped, up to its `\n`, in
    /// constant memory; the buffer is empty.
    TooLong,
    /// No more lines.
    End,
}

/// Lines of a stream, each at most `limit` bytes. An over-long line is skipped by
/// consuming the reader's buffer up to the next newline, so memory stays at the limit
/// (plus the 64 KiB buffer) however long the line is; `BufRead::read_until`, even behind
/// `take`, would hold the whole skipped line.
pub struct Lines<R> {
    reader: R,
    limit: u64,
    /// 1-based number of the line last returned.
    pub line: usize,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, limit: u64) -> Lines<R> {
        Lines { reader, limit, line: 0 }
    }

    /// Reads the next line into `buf` (cleared first).
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Line> {
        buf.clear();
        let read = (&mut self.reader)
            .take(self.limit.saturating_add(1))
            .read_until(b'\n', buf)?;
        if read == 0 {
            return Ok(Line::End);
        }
        self.line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            return Ok(Line::Text);
        }
        if buf.len() as u64 <= self.limit {
            return Ok(Line::Text); // the last line, without a newline
        }
        buf.clear();
        buf.shrink_to(64 * 1024);
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(Line::TooLong);
            }
            match memchr::memchr(b'\n', chunk) {
                Some(at) => {
                    self.reader.consume(at + 1);
                    return Ok(Line::TooLong);
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
    }
}

/// [`Lines`] over a file opened with [`open`].
pub fn file_lines(path: &Path, limit: u64) -> Result<Lines<BufReader<File>>> {
    Ok(Lines::new(BufReader::with_capacity(64 * 1024, open(path)?), limit))
}

/// The lines of a text file (`eval`'s labelled JSONL), numbered from 1, each at most
/// [`max_file_size`] bytes: a longer line, or one that is not UTF-8, is an error naming
/// the file and line.
pub fn text_lines(path: &Path) -> Result<impl Iterator<Item = Result<(usize, String)>> + '_> {
    let limit = max_file_size();
    let mut lines = file_lines(path, limit)?;
    let mut buf = Vec::new();
    let mut done = false;
    Ok(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let at = |line: usize| format!("{}:{line}", path.display());
        let item = match lines.next_line(&mut buf) {
            Err(err) => Err(Error::io(path, &err)),
            Ok(Line::End) => return None,
            Ok(Line::TooLong) => Err(Error::Input {
                source_name: at(lines.line),
                message: format!(
                    "line longer than the {} limit; raise it with {FLAG} BYTES",
                    human_size(limit)
                ),
            }),
            Ok(Line::Text) => {
                let text = buf.strip_suffix(b"\r").unwrap_or(&buf);
                String::from_utf8(text.to_vec())
                    .map(|text| (lines.line, text))
                    .map_err(|_| Error::Input {
                        source_name: at(lines.line),
                        message: "not valid UTF-8; save the file as UTF-8".to_string(),
                    })
            }
        };
        done = item.is_err();
        Some(item)
    }))
}

/// The message for a line over the limit.
pub fn line_too_long(limit: u64) -> String {
    format!(
        "line longer than the {} limit; skipped; raise the limit with {FLAG} BYTES",
        human_size(limit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_an_over_long_line_and_keep_counting() {
        let text = format!("short\n{}\nafter\nlast", "x".repeat(100));
        let mut lines = Lines::new(BufReader::with_capacity(16, text.as_bytes()), 10);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match lines.next_line(&mut buf).unwrap() {
                Line::End => break,
                Line::Text => got.push((lines.line, String::from_utf8(buf.clone()).unwrap())),
                Line::TooLong => got.push((lines.line, "<too long>".to_string())),
            }
        }
        assert_eq!(
            got,
            [
                (1, "short".to_string()),
                (2, "<too long>".to_string()),
                (3, "after".to_string()),
                (4, "last".to_string())
            ]
        );
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read() {
        let mut lines = Lines::new("0123456789\n0123456789".as_bytes(), 10);
        let mut buf = Vec::new();
        assert_eq!(lines.next_line(&mut buf).unwrap(), Line::Text);
        assert_eq!(buf, b"0123456789");
        assert_eq!(lines.next_line(&mut buf).unwrap(), Line::Text);
        assert_eq!(lines.next_line(&mut buf).unwrap(), Line::End);
    }

    #[test]
    fn an_endless_line_is_skipped_in_constant_memory() {
        // 64 MiB of one line through a 10-byte limit: the buffer never grows past the
        // limit (+1), whatever the stream's length.
        let endless = io::repeat(b'x').take(64 << 20).chain(&b"\nok\n"[..]);
        let mut lines = Lines::new(BufReader::new(endless), 10);
        let mut buf = Vec::new();
        assert_eq!(lines.next_line(&mut buf).unwrap(), Line::TooLong);
        assert!(buf.capacity() <= 64 * 1024);
        assert_eq!(lines.next_line(&mut buf).unwrap(), Line::Text);
        assert_eq!(buf, b"ok");
    }

    #[test]
    fn devices_and_oversized_files_are_refused() {
        let err = read_file(Path::new("/dev/zero"), 100, "a config file").unwrap_err();
        assert!(err.to_string().contains("is a device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.toml");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        // Refused before it is opened: opening it would wait for a writer forever.
        let err = ensure_regular_file(&fifo).unwrap_err().to_string();
        assert!(
            err.contains("fifo.toml: is a FIFO (named pipe), not a regular file"),
            "{err}"
        );
        let err = ensure_regular_file(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(err.contains("is a device, not a file"), "{err}");
        let path = dir.path().join("big.toml");
        std::fs::write(&path, "x".repeat(101)).unwrap();
        let err = read_file(&path, 100, "a bank file").unwrap_err().to_string();
        assert!(
            err.contains("larger than the 100 bytes limit for a bank file; raise it with --max-file-size"),
            "{err}"
        );
        std::fs::write(&path, "x".repeat(100)).unwrap();
        assert_eq!(read_file(&path, 100, "a bank file").unwrap().len(), 100);
        ensure_regular_file(&path).unwrap();
    }
}
