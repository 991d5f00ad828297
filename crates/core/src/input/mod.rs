//! Reading answers: files, folders, stdin; Markdown/text (with front matter and question
//! headings), SRT/VTT transcripts, JSONL and CSV batches.
//!
//! Every problem with one input becomes a [`Diagnostic`] in the stream rather than an
//! error that stops the batch: one bad file must not sink the others. Inputs are read,
//! never written. JSONL and CSV are streamed line by line, so memory stays flat however
//! long the batch.
//!
//! One job per file: `walk` finds answer files, `reader` turns sources into items,
//! `records` reads JSONL and CSV batches, `markdown` names and splits Markdown/text
//! answers, `front_matter` reads YAML/TOML front matter, `transcript` reads SRT/VTT.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use crate::limits::{DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING};

mod front_matter;
mod markdown;
mod reader;
mod records;
#[cfg(test)]
mod tests;
mod transcript;
mod walk;

pub use markdown::{document_answers, question_from_file_name};
pub use reader::Reader;
pub use records::id_as_written;
pub use walk::discover;

/// File extensions read when walking a folder.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "srt", "vtt", "jsonl", "ndjson", "csv"];

/// One answer to score.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Where it came from: `path`, `path:line` (JSONL, CSV, a section), or `-`.
    pub source: String,
    /// The answer's id: the file name, `file#section`, or a JSONL/CSV `id`.
    pub id: String,
    /// The question it names, if it names one (id or slug).
    pub question: Option<String>,
    /// The text as read; offsets in reports are into this.
    pub text: Arc<str>,
    /// What the analyzer reads, when it differs from `text`: `text` with what is not
    /// answer text (a Markdown heading repeating the question, HTML comments, code
    /// fences) blanked to spaces, byte for byte, so offsets and lines stay the file's.
    pub scored: Option<Arc<str>>,
    /// The part of `text` that is the answer (front matter and other sections excluded).
    pub range: Range<usize>,
    /// 1-based line of `text[0]` in its file.
    pub first_line: usize,
    /// 1-based line of `text[range.start]` in its file: evidence lines are counted from
    /// there, so a section never has the whole file's lines indexed for it.
    pub range_line: usize,
    /// The file, when it came from one.
    pub path: Option<PathBuf>,
    /// Transcript cue timings, when it came from SRT/VTT.
    pub cues: Vec<Cue>,
    /// Problems that did not stop scoring (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
}

impl Answer {
    /// The text the analyzer reads: [`Answer::scored`] or else [`Answer::text`].
    pub fn scored_text(&self) -> &str {
        self.scored.as_deref().unwrap_or(&self.text)
    }

    /// An answer from a string, for the library API and tests.
    pub fn from_text(id: &str, question: Option<&str>, text: &str) -> Answer {
        Answer {
            source: id.to_string(),
            id: id.to_string(),
            question: question.map(str::to_string),
            text: Arc::from(text),
            scored: None,
            range: 0..text.len(),
            first_line: 1,
            range_line: 1,
            path: None,
            cues: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A transcript cue: its time span and where its text sits in the joined transcript and in
/// the file. Timings are kept as written (start and end per cue, in file order), so pace
/// (words per minute) and pauses (gaps between one cue's end and the next one's start) can
/// be computed from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Start time in milliseconds from the start of the recording.
    pub start_ms: u64,
    /// End time in milliseconds.
    pub end_ms: u64,
    /// The cue's text in the joined transcript (all its lines, joined with spaces).
    pub range: Range<usize>,
    /// The cue's text lines, in order: at least one.
    pub lines: Vec<CueLine>,
}

/// One text line of a cue: where it is in the file and in the joined transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueLine {
    /// 1-based line in the file.
    pub line: usize,
    /// This line's text in the joined transcript.
    pub range: Range<usize>,
    /// `(offset in the joined transcript, 1-based character column in the file line)` at
    /// the start of each run of kept text: markup removed and entities decoded between
    /// runs, so a column is the anchor's plus the characters after it.
    pub anchors: Vec<(usize, usize)>,
}

impl Cue {
    /// The file line and 1-based column of a byte offset of the joined transcript that
    /// falls in this cue (an offset in the space between two lines counts as the next).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let i = self.lines.partition_point(|l| l.range.end <= offset);
        let Some(line) = self.lines.get(i).or(self.lines.last()) else {
            return (1, 1);
        };
        let offset = offset.clamp(line.range.start, line.range.end);
        let a = line.anchors.partition_point(|&(at, _)| at <= offset).saturating_sub(1);
        match line.anchors.get(a) {
            Some(&(at, column)) => (
                line.line,
                column + text.get(at..offset).map_or(0, |s| s.chars().count()),
            ),
            None => (line.line, 1),
        }
    }

    /// `HH:MM:SS.mmm` of the cue's start.
    pub fn start_stamp(&self) -> String {
        let ms = self.start_ms;
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// A problem with one input. Serialises into reports' `errors`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Diagnostic {
    /// `path` or `path:line`.
    pub source: String,
    pub message: String,
    #[serde(skip)]
    pub path: Option<PathBuf>,
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Diagnostic {
    pub(super) fn new(path: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        let name = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
        Diagnostic {
            source: match line {
                Some(line) => format!("{name}:{line}"),
                None => name,
            },
            message: message.into(),
            path: path.map(Path::to_path_buf),
            line,
        }
    }
}

/// An input item: an answer, or a problem reading one.
#[derive(Debug, Clone)]
pub enum Item {
    Answer(Answer),
    Problem(Diagnostic),
}

/// Options for reading.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest file (or record) read.
    pub max_file_size: u64,
    /// Score every answer against this question, whatever it names.
    pub question: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: crate::limits::max_file_size(),
            question: None,
        }
    }
}

/// A source to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}
