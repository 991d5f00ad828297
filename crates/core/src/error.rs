//! The library's one error type. Every variant names where the problem is (a file, and a
//! line when there is one) and what to do about it, because these messages go straight to
//! people fixing their bank, config or answers. The binary maps them all to exit code 2.
//!
//! Errors only: this module must not print them or choose an exit code (the binary does
//! both).

use std::path::PathBuf;

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bank or config file that is not valid TOML or does not fit the schema.
    #[error("{file}:{line}:{column}: {message}\n  fix: {fix}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
        fix: String,
    },

    /// A bank that parses but is inconsistent (duplicate ids, unknown question, ...).
    #[error("{file}: {message}\n  fix: {fix}")]
    Bank { file: String, message: String, fix: String },

    /// A question named on the command line, in front matter or in config that the bank
    /// does not have.
    #[error("{source_name}: unknown question `{name}`\n  fix: use one of the bank's ids or slugs ({known}); `anscov bank list` shows them")]
    UnknownQuestion {
        source_name: String,
        name: String,
        known: String,
    },

    /// A file or folder that could not be read.
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },

    /// Anything about the input answers themselves (empty, binary, malformed line...).
    #[error("{source_name}: {message}")]
    Input { source_name: String, message: String },

    /// Invalid settings (flags or config values).
    #[error("{0}")]
    Usage(String),

    /// The search index could not be built or queried. This is a bug or resource problem,
    /// not a user error, but it still gets a message rather than a panic.
    #[error("index: {0}")]
    Index(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            message: describe_io(err),
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Self {
        Error::Index(err.to_string())
    }
}

/// An io::Error in words a user can act on: what happened and what to do, for the errors
/// people meet (the caller names the file). Others keep the system's words.
pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    // Linux's numbers for the errors `ErrorKind` does not name on stable Rust.
    #[cfg(unix)]
    const ELOOP: i32 = 40;
    match err.kind() {
        NotFound => "no such file or directory; check the path".to_string(),
        PermissionDenied => {
            "permission denied; check the file's permissions and its folder's (`ls -ld`), or use a path you may read and write".to_string()
        }
        IsADirectory => "is a directory, expected a file".to_string(),
        StorageFull | QuotaExceeded => {
            "no space left on the device (or over the disk quota); free some space, or write to another disk".to_string()
        }
        ReadOnlyFilesystem => "the file system is read-only; write to another folder".to_string(),
        // ENAMETOOLONG (and names the file system cannot hold).
        InvalidFilename => {
            "file name too long (or not valid on this file system); use a shorter name or path".to_string()
        }
        #[cfg(unix)]
        _ if err.raw_os_error() == Some(ELOOP) => {
            "too many levels of symbolic links (a link that points back to itself?); check the links with `ls -l`, or name the file itself".to_string()
        }
        _ => err.to_string(),
    }
}

/// 1-based line and column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// Turns a `toml` error into a `Parse` error with file, line and column.
pub(crate) fn from_toml(file: &str, text: &str, err: &toml::de::Error, fix: &str) -> Error {
    let (line, column) = err.span().map_or((1, 1), |span| line_col(text, span.start));
    Error::Parse {
        file: file.to_string(),
        line,
        column,
        message: err.message().trim().to_string(),
        fix: fix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raw OS errors came out as the system's words without a fix ("No space left on
    /// device (os error 28)"); each says what to do.
    #[test]
    #[cfg(target_os = "linux")]
    fn io_errors_say_what_to_do() {
        let describe = |code| describe_io(&std::io::Error::from_raw_os_error(code));
        for (code, says) in [
            (13, "permission denied; check the file's permissions"), // EACCES
            (1, "permission denied"),                                // EPERM
            (28, "no space left on the device"),                     // ENOSPC
            (122, "no space left on the device"),                    // EDQUOT
            (30, "read-only; write to another folder"),              // EROFS
            (36, "file name too long"),                              // ENAMETOOLONG
            (40, "too many levels of symbolic links"),               // ELOOP
            (2, "no such file or directory; check the path"),        // ENOENT
        ] {
            let message = describe(code);
            assert!(message.contains(says), "{code}: {message}");
            assert!(!message.contains("os error"), "{code}: {message}");
        }
        // Anything else keeps the system's words.
        assert!(describe(5).contains("os error 5"), "{}", describe(5));
        let err = Error::io("/tmp/x.md", &std::io::Error::from_raw_os_error(28)).to_string();
        assert!(err.starts_with("/tmp/x.md: no space left"), "{err}");
    }
}
