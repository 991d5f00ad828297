//! JSONL and CSV batches, one record at a time: memory stays flat however long the
//! file. A JSONL line or CSV row is an answer or a problem with its line number; ids are
//! kept as written.
//!
//! Must not read a whole batch into memory, nor let one bad record stop the others.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use serde::Deserialize;

use super::reader::Reader;
use super::{Answer, Diagnostic, Item};
use crate::error::describe_io;
use crate::limits::{human_size, Line, Lines, FLAG};
use crate::table::{unterminated_quote, CsvQuotes, UNTERMINATED_QUOTE_FIX};

/// Line-by-line state of a JSONL or CSV source.
pub(super) enum Records {
    Jsonl {
        path: Option<PathBuf>,
        lines: Lines<Box<dyn BufRead>>,
        buf: Vec<u8>,
    },
    Csv {
        path: Option<PathBuf>,
        reader: Box<csv::Reader<CsvGuard<Box<dyn Read>>>>,
        guard: Rc<CsvState>,
        columns: CsvColumns,
    },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct CsvColumns {
    id: Option<usize>,
    question: Option<usize>,
    text: usize,
}
impl Reader<'_> {
    pub(super) fn open_csv(&mut self, path: Option<PathBuf>, reader: Box<dyn Read>) {
        let guard = Rc::new(CsvState::new(self.options.max_file_size));
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(CsvGuard {
            inner: reader,
            state: guard.clone(),
        });
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(err) => {
                let message = match guard.over_budget() {
                    true => guard.too_long_message(),
                    false => format!("malformed CSV header: {err}"),
                };
                self.problem(path.as_deref(), Some(1), message);
                return;
            }
        };
        guard.record_read();
        let find = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let Some(text) = find("text") else {
            self.problem(
                path.as_deref(),
                Some(1),
                "CSV header has no `text` column; the header must be `id,question,text` (id and question optional)",
            );
            return;
        };
        let columns = CsvColumns {
            id: find("id"),
            question: find("question"),
            text,
        };
        self.records = Some(Records::Csv {
            path,
            reader: Box::new(reader),
            guard,
            columns,
        });
    }

    /// The next item from the open JSONL/CSV source, or None when it is exhausted.
    pub(super) fn next_record(&mut self) -> Option<Item> {
        let limit = self.options.max_file_size;
        let forced = self.options.question.clone();
        match self.records.as_mut()? {
            Records::Jsonl { path, lines, buf } => loop {
                let read = lines.next_line(buf);
                let line = lines.line;
                match read {
                    Err(err) => {
                        let d = Diagnostic::new(path.as_deref(), Some(line + 1), describe_io(&err));
                        self.records = None;
                        return Some(Item::Problem(d));
                    }
                    Ok(Line::End) => {
                        self.records = None;
                        return None;
                    }
                    Ok(Line::TooLong) => {
                        let message = crate::limits::line_too_long(limit);
                        return Some(Item::Problem(Diagnostic::new(path.as_deref(), Some(line), message)));
                    }
                    Ok(Line::Text) => {}
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                // A byte-order mark (Windows editors) before the first line is not JSON.
                let record = if line == 1 {
                    buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf)
                } else {
                    buf
                };
                let path = path.clone();
                return Some(jsonl_item(path.as_deref(), line, record, forced));
            },
            Records::Csv {
                path,
                reader,
                guard,
                columns,
            } => {
                // Byte records, decoded per field: invalid UTF-8 is scored lossily with a
                // warning, as in text files, instead of losing the row.
                let mut record = csv::ByteRecord::new();
                let read = reader.read_byte_record(&mut record);
                guard.record_read();
                match read {
                    Ok(false) => {
                        self.records = None;
                        None
                    }
                    Err(_) if guard.over_budget() => {
                        // Where an over-long record ends depends on its quotes, so the
                        // rest of the file cannot be read reliably: stop here.
                        let line = reader.position().line() as usize;
                        let d = Diagnostic::new(path.as_deref(), Some(line), guard.too_long_message());
                        self.records = None;
                        Some(Item::Problem(d))
                    }
                    Ok(true) if guard.unterminated_quote().is_some() => {
                        // At the end of the file inside a quoted field: the field swallowed
                        // every row after its opening quote (csv accepts that silently).
                        let opened = guard.unterminated_quote().unwrap_or(0);
                        let message = format!("{}; {UNTERMINATED_QUOTE_FIX}", unterminated_quote(opened));
                        let d = Diagnostic::new(path.as_deref(), Some(opened as usize), message);
                        self.records = None;
                        Some(Item::Problem(d))
                    }
                    Err(err) => {
                        let line = err.position().map(|p| p.line() as usize);
                        let d = Diagnostic::new(path.as_deref(), line, format!("malformed CSV record: {err}"));
                        // An I/O error ends the file (a failing read may fail forever);
                        // other errors leave the reader usable for the next record.
                        if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                            self.records = None;
                        }
                        Some(Item::Problem(d))
                    }
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line() as usize);
                        if record.as_slice().len() as u64 > limit {
                            let message = format!(
                                "CSV record longer than the {} limit; skipped; raise the limit with {FLAG} BYTES",
                                human_size(limit)
                            );
                            return Some(Item::Problem(Diagnostic::new(path.as_deref(), Some(line), message)));
                        }
                        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).map(String::from_utf8_lossy);
                        let get = |i: Option<usize>| field(i).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                        let text = field(Some(columns.text)).unwrap_or_default();
                        if text.trim().is_empty() {
                            return Some(Item::Problem(Diagnostic::new(
                                path.as_deref(),
                                Some(line),
                                "empty `text`; fill it in or remove the row",
                            )));
                        }
                        if text.contains('\0') {
                            return Some(Item::Problem(Diagnostic::new(
                                path.as_deref(),
                                Some(line),
                                "`text` contains NUL bytes; binary content is not an answer",
                            )));
                        }
                        let mut warnings = Vec::new();
                        if std::str::from_utf8(record.as_slice()).is_err() {
                            warnings.push("invalid UTF-8 in the row; scored with replacement characters (U+FFFD); save the file as UTF-8".to_string());
                        }
                        let source = Diagnostic::new(path.as_deref(), Some(line), "").source;
                        let answer = Answer {
                            id: get(columns.id).unwrap_or_else(|| source.clone()),
                            question: forced.or_else(|| get(columns.question)),
                            source,
                            range: 0..text.len(),
                            text: Arc::from(text),
                            scored: None,
                            first_line: line,
                            range_line: line,
                            path: path.clone(),
                            cues: Vec::new(),
                            warnings: warnings.clone(),
                        };
                        // As for text files: the problem is reported (exit 2), the row still scored.
                        if let Some(warning) = warnings.pop() {
                            self.queue.push_back(Item::Answer(answer));
                            return Some(Item::Problem(Diagnostic::new(path.as_deref(), Some(line), warning)));
                        }
                        Some(Item::Answer(answer))
                    }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub(super) struct JsonlLine {
    /// Raw, so a number keeps the digits as written: through f64, `1.10` became `1.1`
    /// and 23-digit ids collapsed into one.
    #[serde(default)]
    id: Option<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    question: Option<String>,
    text: String,
}

pub(super) fn jsonl_item(path: Option<&Path>, line: usize, bytes: &[u8], forced: Option<String>) -> Item {
    let source = Diagnostic::new(path, Some(line), "").source;
    let parsed: JsonlLine = match serde_json::from_slice(bytes) {
        Ok(parsed) => parsed,
        Err(err) => {
            let message = format!("malformed JSONL line: {err}; each line must be a JSON object like {{\"id\": \"a1\", \"question\": \"q04\", \"text\": \"...\"}}");
            return Item::Problem(Diagnostic::new(path, Some(line), message));
        }
    };
    if parsed.text.trim().is_empty() {
        return Item::Problem(Diagnostic::new(
            path,
            Some(line),
            "empty `text`; fill it in or remove the line",
        ));
    }
    if parsed.text.contains('\0') {
        return Item::Problem(Diagnostic::new(
            path,
            Some(line),
            "`text` contains NUL bytes; binary content is not an answer",
        ));
    }
    let id = parsed
        .id
        .as_deref()
        .and_then(id_as_written)
        .unwrap_or_else(|| source.clone());
    let text = parsed.text;
    Item::Answer(Answer {
        source,
        id,
        question: forced.or(parsed.question.filter(|q| !q.trim().is_empty())),
        range: 0..text.len(),
        text: Arc::from(text),
        scored: None,
        first_line: line,
        range_line: line,
        path: path.map(Path::to_path_buf),
        cues: Vec::new(),
        warnings: Vec::new(),
    })
}

/// A JSON id as written: a string's value, a number's digits (`1.10`, not `1.1`), other
/// JSON compact; `null` is no id.
pub fn id_as_written(raw: &serde_json::value::RawValue) -> Option<String> {
    let text = raw.get().trim();
    match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str(text).ok(),
        Some(b'-' | b'0'..=b'9') => Some(text.to_string()),
        _ => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Null) | Err(_) => None,
            Ok(other) => Some(other.to_string()),
        },
    }
}

/// What a [`CsvGuard`] saw, shared with the reader that owns the csv parser.
pub(super) struct CsvState {
    limit: u64,
    /// Bytes read from the source so far.
    read: Cell<u64>,
    /// The read may not go past this many bytes until the next record is complete.
    allowed: Cell<u64>,
    over: Cell<bool>,
    ended: Cell<bool>,
    /// Quote state of the bytes read.
    quotes: Cell<CsvQuotes>,
}

impl CsvState {
    fn new(limit: u64) -> CsvState {
        CsvState {
            limit,
            read: Cell::new(0),
            allowed: Cell::new(limit.saturating_add(CSV_SLACK)),
            over: Cell::new(false),
            ended: Cell::new(false),
            quotes: Cell::new(CsvQuotes::new()),
        }
    }

    /// A record (or the header) is complete: the next may read `limit` more bytes.
    fn record_read(&self) {
        self.allowed
            .set(self.read.get().saturating_add(self.limit).saturating_add(CSV_SLACK));
    }

    fn over_budget(&self) -> bool {
        self.over.get()
    }

    fn too_long_message(&self) -> String {
        format!(
            "CSV record longer than the {} limit (an unterminated quote makes the rest of the file one record); the rest of the file was not read; raise the limit with {FLAG} BYTES",
            human_size(self.limit)
        )
    }

    /// The line of the quote still open at the end of the file, if any.
    fn unterminated_quote(&self) -> Option<u64> {
        self.ended.get().then(|| self.quotes.get().open_quote()).flatten()
    }

    fn scan(&self, bytes: &[u8]) {
        let mut quotes = self.quotes.get();
        quotes.scan(bytes);
        self.quotes.set(quotes);
    }
}

/// Slack over the record limit for the csv parser's read-ahead (its buffer is 8 KiB).
pub(super) const CSV_SLACK: u64 = 64 * 1024;

/// The source of a CSV reader: stops reading once one record runs past the byte budget
/// (the csv crate holds a whole record, so a quoted field never closed on a pipe grew
/// without limit), and follows the quote state so an unterminated quote is reported.
pub(super) struct CsvGuard<R> {
    inner: R,
    state: Rc<CsvState>,
}

impl<R: Read> Read for CsvGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let state = &self.state;
        let room = state.allowed.get().saturating_sub(state.read.get());
        if room == 0 {
            state.over.set(true);
            return Err(std::io::Error::other("CSV record over the byte limit"));
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            state.ended.set(true);
        }
        state.read.set(state.read.get() + n as u64);
        state.scan(&buf[..n]);
        Ok(n)
    }
}
