//! The streaming reader: sources in, [`Item`]s out, in input order. Whole files (text,
//! Markdown, SRT, VTT) are read here within the size limit and handed to their parsers;
//! JSONL and CSV sources are read record by record (`records`).
//!
//! Every problem becomes a [`Diagnostic`] in the stream; must not stop the batch or print.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::markdown::{markdown_answers, question_from_file_name};
use super::records::Records;
use super::transcript::read_transcript;
use super::{Diagnostic, Item, ReadOptions, Source, MAX_FILE_SIZE_CEILING};
use crate::bank::Bank;
use crate::error::describe_io;
use crate::limits::{human_size, Lines, FLAG};

/// The kind of a source's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Text,
    Srt,
    Vtt,
    Jsonl,
    Csv,
}

pub(super) fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("srt") => Format::Srt,
        Some("vtt") => Format::Vtt,
        Some("jsonl" | "ndjson") => Format::Jsonl,
        Some("csv") => Format::Csv,
        _ => Format::Text,
    }
}

/// A streaming reader over sources, yielding answers and problems in input order.
pub struct Reader<'b> {
    pub(super) bank: &'b Bank,
    pub(super) options: ReadOptions,
    pub(super) sources: VecDeque<Source>,
    pub(super) queue: VecDeque<Item>,
    pub(super) records: Option<Records>,
}
impl<'b> Reader<'b> {
    pub fn new(bank: &'b Bank, sources: Vec<Source>, mut options: ReadOptions) -> Reader<'b> {
        options.max_file_size = options.max_file_size.min(MAX_FILE_SIZE_CEILING);
        Reader {
            bank,
            options,
            sources: sources.into(),
            queue: VecDeque::new(),
            records: None,
        }
    }

    fn open(&mut self, source: Source) {
        let (path, reader): (Option<PathBuf>, Box<dyn Read>) = match source {
            Source::Stdin => (None, Box::new(std::io::stdin())),
            Source::File(path) => match File::open(&path) {
                Ok(file) => {
                    // Devices are refused (`/dev/zero` behind a symlink named `a.jsonl`
                    // never ends); FIFOs are read, within the byte budget.
                    if let Some(why) = file.metadata().ok().as_ref().and_then(crate::limits::not_a_file) {
                        self.problem(Some(&path), None, why);
                        return;
                    }
                    (Some(path), Box::new(file))
                }
                Err(err) => {
                    self.problem(Some(&path), None, describe_io(&err));
                    return;
                }
            },
        };
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        let format = match &path {
            Some(p) => format_of(p),
            // Standard input: JSONL when it starts with `{`, text otherwise.
            None => match reader.fill_buf() {
                Ok(buf) if buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => Format::Jsonl,
                _ => Format::Text,
            },
        };
        match format {
            Format::Jsonl => {
                self.records = Some(Records::Jsonl {
                    path,
                    lines: Lines::new(Box::new(reader), self.options.max_file_size),
                    buf: Vec::new(),
                })
            }
            Format::Csv => self.open_csv(path, Box::new(reader)),
            _ => self.read_document(path, reader, format),
        }
    }

    pub(super) fn problem(&mut self, path: Option<&Path>, line: Option<usize>, message: impl Into<String>) {
        self.queue
            .push_back(Item::Problem(Diagnostic::new(path, line, message)));
    }

    /// Reads a whole text, SRT or VTT file into one or more answers.
    fn read_document(&mut self, path: Option<PathBuf>, reader: impl Read, format: Format) {
        let limit = self.options.max_file_size;
        let mut bytes = Vec::new();
        if let Err(err) = reader.take(limit + 1).read_to_end(&mut bytes) {
            self.problem(path.as_deref(), None, describe_io(&err));
            return;
        }
        if bytes.len() as u64 > limit {
            self.problem(
                path.as_deref(),
                None,
                format!("larger than the {} limit for one answer file; split it, use JSONL, or raise the limit with {FLAG} BYTES", human_size(limit)),
            );
            return;
        }
        let Some((text, warning)) = self.decode(path.as_deref(), None, bytes) else {
            return;
        };
        let mut answers = match format {
            Format::Srt | Format::Vtt => {
                let (mut answers, unreadable) = read_transcript(path.as_deref(), &text, format);
                let named = path.as_deref().and_then(|p| question_from_file_name(self.bank, p));
                for answer in &mut answers {
                    answer.question = named.clone();
                }
                // Unreadable cue timings: on stderr with their line (exit 2, as for invalid
                // UTF-8), as well as in the answer's warnings.
                for (line, message) in unreadable {
                    self.queue
                        .push_back(Item::Problem(Diagnostic::new(path.as_deref(), Some(line), message)));
                }
                answers
            }
            _ => match markdown_answers(self.bank, path.as_deref(), text) {
                Ok((answers, problems)) => {
                    // A code fence never closed: on stderr with its line (exit 2), as an
                    // unreadable cue timing is, as well as in the answers' warnings.
                    for (line, message) in problems {
                        self.queue
                            .push_back(Item::Problem(Diagnostic::new(path.as_deref(), Some(line), message)));
                    }
                    answers
                }
                Err(problem) => {
                    self.queue.push_back(Item::Problem(problem));
                    return;
                }
            },
        };
        if answers.is_empty() {
            self.problem(
                path.as_deref(),
                None,
                "empty answer: the file has no text; write the answer, or remove the file",
            );
            return;
        }
        for answer in &mut answers {
            if let Some(warning) = &warning {
                answer.warnings.push(warning.clone());
            }
            if self.options.question.is_some() {
                answer.question = self.options.question.clone();
            }
        }
        self.queue.extend(answers.into_iter().map(Item::Answer));
    }

    /// Checks for binary content and decodes UTF-8 (lossily, with a problem reported).
    pub(super) fn decode(
        &mut self,
        path: Option<&Path>,
        line: Option<usize>,
        bytes: Vec<u8>,
    ) -> Option<(String, Option<String>)> {
        if bytes.contains(&0) {
            self.problem(
                path,
                line,
                "binary content (NUL bytes), not text; anscov reads UTF-8 text (.md, .txt, .srt, .vtt, .jsonl, .csv)",
            );
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => Some((text, None)),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let message = format!(
                    "invalid UTF-8 at byte {at}; scored with replacement characters (U+FFFD); save the file as UTF-8"
                );
                self.problem(path, line, message.clone());
                Some((String::from_utf8_lossy(err.as_bytes()).into_owned(), Some(message)))
            }
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.records.is_some() {
                if let Some(item) = self.next_record() {
                    return Some(item);
                }
                continue;
            }
            let source = self.sources.pop_front()?;
            self.open(source);
        }
    }
}
