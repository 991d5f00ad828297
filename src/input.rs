//! Reading answers: files, folders, stdin; Markdown/text (with front matter and question
//! headings), SRT/VTT transcripts, JSONL and CSV batches.
//!
//! Every problem with one input becomes a [`Diagnostic`] in the stream rather than an
//! error that stops the batch: one bad file must not sink the others. Inputs are read,
//! never written. JSONL and CSV are streamed line by line, so memory stays flat however
//! long the batch.

use std::cell::Cell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::error::describe_io;

use crate::limits::{human_size, Line, Lines, FLAG};
pub use crate::limits::{DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING};

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
    fn new(path: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Diagnostic {
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

fn walk(dir: &Path, sources: &mut Vec<Source>, problems: &mut Vec<Diagnostic>) {
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

/// Whether a walked file is a report anscov wrote ([`crate::report::is_report`]): one
/// read of its first 512 bytes (≈ 5 µs a file).
fn is_own_report(path: &Path) -> bool {
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
    crate::report::is_report(&head[..n])
}

fn walk_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => walk_message(err),
        ignore::Error::Loop { child, .. } => format!("symbolic link loop at {}; skipped", child.display()),
        ignore::Error::Io(io) => describe_io(io),
        other => other.to_string(),
    }
}

fn is_answer_file(path: &Path) -> bool {
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

/// The kind of a source's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Srt,
    Vtt,
    Jsonl,
    Csv,
}

fn format_of(path: &Path) -> Format {
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
    bank: &'b Bank,
    options: ReadOptions,
    sources: VecDeque<Source>,
    queue: VecDeque<Item>,
    records: Option<Records>,
}

/// Line-by-line state of a JSONL or CSV source.
enum Records {
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
struct CsvColumns {
    id: Option<usize>,
    question: Option<usize>,
    text: usize,
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

    fn problem(&mut self, path: Option<&Path>, line: Option<usize>, message: impl Into<String>) {
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
                let mut answers = transcript_answers(path.as_deref(), &text, format);
                let named = path.as_deref().and_then(|p| question_from_file_name(self.bank, p));
                for answer in &mut answers {
                    answer.question = named.clone();
                }
                answers
            }
            _ => match document_answers(self.bank, path.as_deref(), text) {
                Ok(answers) => answers,
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
    fn decode(&mut self, path: Option<&Path>, line: Option<usize>, bytes: Vec<u8>) -> Option<(String, Option<String>)> {
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

    fn open_csv(&mut self, path: Option<PathBuf>, reader: Box<dyn Read>) {
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
    fn next_record(&mut self) -> Option<Item> {
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
                        let message = format!(
                            "unterminated quote: the quoted field opened on line {opened} runs to the end of the file, so the rows after it were read as its text; close the quote (a quote inside a quoted field is written \"\")"
                        );
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

#[derive(Deserialize)]
struct JsonlLine {
    /// Raw, so a number keeps the digits as written: through f64, `1.10` became `1.1`
    /// and 23-digit ids collapsed into one.
    #[serde(default)]
    id: Option<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    question: Option<String>,
    text: String,
}

fn jsonl_item(path: Option<&Path>, line: usize, bytes: &[u8], forced: Option<String>) -> Item {
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

/// Splits a Markdown or text document into answers, naming their questions from front
/// matter, then the file name, then question headings. Front matter that does not parse
/// is an error naming the file and line.
pub fn document_answers(bank: &Bank, path: Option<&Path>, text: String) -> Result<Vec<Answer>, Diagnostic> {
    let text: Arc<str> = Arc::from(text);
    let body_start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (front_question, body_start) = match front_matter(&text, body_start) {
        Ok(Some((question, end))) => (question, end),
        Ok(None) => (None, body_start),
        Err((line, message)) => return Err(Diagnostic::new(path, Some(line), message)),
    };
    let file_name = path
        .and_then(|p| p.file_name())
        .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    let source = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    // Front matter is a few lines: counting its newlines once is cheap.
    let body_line = text[..body_start].matches('\n').count() + 1;
    if text[body_start..].trim().is_empty() {
        return Ok(Vec::new());
    }
    let scored = markdown_mask(bank, &text, body_start);
    let whole = |question: Option<String>| Answer {
        source: source.clone(),
        id: file_name.clone(),
        question,
        text: text.clone(),
        scored: scored.clone(),
        range: body_start..text.len(),
        first_line: 1,
        range_line: body_line,
        path: path.map(Path::to_path_buf),
        cues: Vec::new(),
        warnings: Vec::new(),
    };
    if front_question.is_some() {
        return Ok(vec![whole(front_question)]);
    }
    if let Some(question) = path.and_then(|p| question_from_file_name(bank, p)) {
        return Ok(vec![whole(Some(question))]);
    }
    let sections = question_sections(bank, &text, body_start);
    if sections.is_empty() {
        return Ok(vec![whole(None)]);
    }
    Ok(sections
        .into_iter()
        .filter(|(_, range, _)| !text[range.clone()].trim().is_empty())
        .map(|(question, range, line)| Answer {
            source: format!("{source}:{line}"),
            id: format!("{file_name}#{question}"),
            question: Some(question),
            text: text.clone(),
            scored: scored.clone(),
            range,
            first_line: 1,
            // The body starts on the line after its heading.
            range_line: line + 1,
            path: path.map(Path::to_path_buf),
            cues: Vec::new(),
            warnings: Vec::new(),
        })
        .collect())
}

/// A problem at a 1-based line, with its message.
type LineError = (usize, String);

/// Front matter at `start`: the `question` it names and where the body begins.
/// `Ok(None)` when there is no front matter block (no opening fence, or no closing one).
/// A block that does not parse is an error: (1-based line in the file, message).
///
/// YAML (`---`) goes through yaml-rust2 and TOML (`+++`) through the toml crate, so lists
/// (`tags:`), comments (`question: q04 # draft`) and quoting work as people write them.
/// Keys other than `question` are ignored.
fn front_matter(text: &str, start: usize) -> Result<Option<(Option<String>, usize)>, LineError> {
    let rest = &text[start..];
    let fence = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return Ok(None);
    };
    let Some(first_newline) = rest.find('\n') else {
        return Ok(None);
    };
    if rest[..first_newline].trim() != fence {
        return Ok(None);
    }
    let content_start = first_newline + 1;
    let mut offset = content_start;
    let mut content_end = None;
    for line in rest[content_start..].split_inclusive('\n') {
        let trimmed = line.trim();
        // YAML also ends a document with `...`.
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            content_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((content_end, body)) = content_end else {
        return Ok(None);
    };
    let content = &rest[content_start..content_end];
    // The block's first line is the line after the opening fence.
    let first_line = text[..start].matches('\n').count() + 2;
    let question = if fence == "---" {
        yaml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    } else {
        toml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    };
    Ok(Some((question, start + body)))
}

/// Deeper nesting than this in front matter is refused: a parsed YAML tree is dropped
/// recursively, and a hostile `[[[[…` must not overflow the stack.
const MAX_FRONT_MATTER_DEPTH: usize = 64;

/// The `question` of a YAML front matter block; errors carry the block's 1-based line.
fn yaml_question(content: &str) -> Result<Option<String>, (usize, String)> {
    let mut depth = 0usize;
    let mut line = 1;
    for c in content.chars() {
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FRONT_MATTER_DEPTH {
                    return Err((
                        line,
                        format!("front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels"),
                    ));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => line += 1,
            _ => {}
        }
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(content).map_err(|err| {
        (
            err.marker().line().max(1),
            format!("front matter is not valid YAML: {}", err.info()),
        )
    })?;
    use yaml_rust2::Yaml;
    match docs.first() {
        None | Some(Yaml::Null) => Ok(None),
        Some(Yaml::Hash(map)) => {
            let value = map.iter().find_map(|(key, value)| match key {
                Yaml::String(key) if key.eq_ignore_ascii_case("question") => Some(value),
                _ => None,
            });
            match value {
                None | Some(Yaml::Null) => Ok(None),
                Some(Yaml::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
                Some(Yaml::Integer(n)) => Ok(Some(n.to_string())),
                Some(_) => Err((
                    question_key_line(content, ':'),
                    "front matter `question` must be a question id or slug, e.g. `question: q04`".to_string(),
                )),
            }
        }
        Some(_) => Err((
            1,
            "front matter is not a list of `key: value` lines, e.g. `question: q04`".to_string(),
        )),
    }
}

/// The `question` of a TOML front matter block; errors carry the block's 1-based line.
fn toml_question(content: &str) -> Result<Option<String>, (usize, String)> {
    let table: toml::Table = toml::from_str(content).map_err(|err| {
        let line = err.span().map_or(1, |span| {
            content[..span.start.min(content.len())].matches('\n').count() + 1
        });
        (
            line,
            format!("front matter is not valid TOML: {}", err.message().trim()),
        )
    })?;
    let value = table
        .iter()
        .find_map(|(key, value)| key.eq_ignore_ascii_case("question").then_some(value));
    match value {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(toml::Value::Integer(n)) => Ok(Some(n.to_string())),
        Some(_) => Err((
            question_key_line(content, '='),
            "front matter `question` must be a question id or slug, e.g. `question = \"q04\"`".to_string(),
        )),
    }
}

/// The 1-based line of the block's `question` key, for messages about its value.
fn question_key_line(content: &str, separator: char) -> usize {
    content
        .lines()
        .position(|line| {
            line.split_once(separator)
                .is_some_and(|(key, _)| key.trim().trim_matches(['"', '\'']).eq_ignore_ascii_case("question"))
        })
        .map_or(1, |i| i + 1)
}

/// Blanks what, in a Markdown body, is not answer text: headings that repeat a question
/// (the scaffold's `# How do you define SLOs…?`) or only name one (`# q04`), HTML comments
/// (`<!-- TODO -->`) and fenced code blocks. Blanked bytes become spaces (newlines stay),
/// so every byte offset, and so every line, is the file's. `None` when nothing is blanked.
fn markdown_mask(bank: &Bank, text: &str, start: usize) -> Option<Arc<str>> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let body = &text[start..];
    let mut hidden: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new(body).into_offset_iter() {
        let part = body.get(range.clone()).unwrap_or("");
        let hide = match &event {
            Event::Start(Tag::Heading { .. }) => repeats_question(bank, heading_text(part)),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => true,
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) | Event::Html(_) => {
                part.trim_start().starts_with("<!--")
            }
            _ => false,
        };
        if hide {
            hidden.push(start + range.start..start + range.end);
        }
    }
    if hidden.is_empty() {
        return None;
    }
    hidden.sort_by_key(|r| r.start);
    let mut masked = String::with_capacity(text.len());
    let mut at = 0;
    for range in hidden {
        if range.end <= at {
            continue;
        }
        let from = range.start.max(at);
        masked.push_str(&text[at..from]);
        for c in text[from..range.end].chars() {
            if c == '\n' || c == '\r' {
                masked.push(c);
            } else {
                masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = range.end;
    }
    masked.push_str(&text[at..]);
    Some(Arc::from(masked))
}

/// A heading's words: `#` marks and a setext underline removed.
fn heading_text(heading: &str) -> &str {
    let first = heading.lines().next().unwrap_or("");
    first.trim().trim_start_matches('#').trim_end_matches('#')
}

/// Lowercase words of letters and digits.
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a heading repeats a question of the bank (four in five of its words) or is
/// nothing but a question name (`# q04`, `## Q4: slos-and-incident-response`).
fn repeats_question(bank: &Bank, heading: &str) -> bool {
    let named: String = heading
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ',' | '(' | ')' | '—' | '–'))
        .filter(|w| !w.is_empty() && !looks_like_name(bank, w))
        .collect::<Vec<_>>()
        .join(" ");
    let words = plain_words(&named);
    if words.is_empty() {
        return true;
    }
    if words.len() > 64 {
        return false;
    }
    bank.questions.iter().any(|q| {
        let question = plain_words(&q.text);
        let shared = question.iter().filter(|w| words.contains(w)).count();
        !question.is_empty() && shared * 5 >= question.len() * 4 && words.len() <= question.len() + 4
    })
}

/// A file name that starts with a question id or slug (`q04.md`, `q04-draft2.md`,
/// `slos-and-incident-response.md`) names that question.
pub fn question_from_file_name(bank: &Bank, path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    let starts_with_name = |name: &str| {
        let name = name.to_ascii_lowercase();
        stem == name || (stem.starts_with(&name) && stem[name.len()..].starts_with(['-', '_', '.', ' ']))
    };
    // Longest match first, so a slug that extends another slug wins.
    let mut best: Option<(usize, &str)> = None;
    for q in &bank.questions {
        for name in [&q.id, &q.slug] {
            if starts_with_name(name) && best.is_none_or(|b| name.len() > b.0) {
                best = Some((name.len(), q.id.as_str()));
            }
        }
    }
    best.map(|b| b.1.to_string())
}

/// Markdown headings that name a question (by id or slug) split a document into answers.
/// Returns (question id, body range, 1-based heading line).
fn question_sections(bank: &Bank, text: &str, start: usize) -> Vec<(String, Range<usize>, usize)> {
    let mut headings: Vec<(String, usize, usize, usize)> = Vec::new(); // (question, heading start, body start, line)
    let mut offset = start;
    let first_line = text[..start].matches('\n').count() + 1;
    let mut in_fence = false;
    for (line_no, line) in (first_line..).zip(text[start..].split_inclusive('\n')) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && trimmed.starts_with('#') {
            let words = trimmed
                .trim_start_matches('#')
                .split(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ',' | '(' | ')' | '—' | '–'));
            let named = words
                .filter(|w| !w.is_empty())
                .find_map(|w| bank.find(w).filter(|_| looks_like_name(bank, w)));
            if let Some(qi) = named {
                headings.push((bank.questions[qi].id.clone(), offset, offset + line.len(), line_no));
            }
        }
        offset += line.len();
    }
    (0..headings.len())
        .map(|i| {
            let end = headings.get(i + 1).map_or(text.len(), |h| h.1);
            let (question, _, body, line) = &headings[i];
            (question.clone(), *body..end, *line)
        })
        .collect()
}

/// Whether a heading word is a question name rather than an ordinary word: an id (`q04`,
/// `Q4`) or an exact slug.
fn looks_like_name(bank: &Bank, word: &str) -> bool {
    bank.questions
        .iter()
        .any(|q| q.slug.eq_ignore_ascii_case(word) || q.id.eq_ignore_ascii_case(word))
        || matches!(word.as_bytes(), [b'q' | b'Q', digits @ ..] if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// Turns an SRT or VTT file into one answer: cue text joined with spaces, numbers,
/// timestamps, headers and markup removed, timings kept as [`Cue`]s with the file line of
/// every text line, so evidence can name its line and its cue's start time.
fn transcript_answers(path: Option<&Path>, text: &str, format: Format) -> Vec<Answer> {
    let mut joined = String::new();
    let mut cues: Vec<Cue> = Vec::new();
    // The timing of the cue being read, and whether its text has started a Cue yet.
    let mut timing: Option<(u64, u64)> = None;
    let mut cue_open = false;
    let mut skipping_block = false;
    let mut block_start = true;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let without_bom = if index == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let line = without_bom.trim();
        if line.is_empty() {
            timing = None;
            cue_open = false;
            skipping_block = false;
            block_start = true;
            continue;
        }
        let at_block_start = std::mem::replace(&mut block_start, false);
        if skipping_block {
            continue;
        }
        // WebVTT comments and headers are blocks of their own: `NOTE` (alone or followed by
        // a space) only as a block's first line; in a cue, "NOTE to self" is speech.
        if format == Format::Vtt && at_block_start && is_vtt_header_block(line, joined.is_empty()) {
            skipping_block = true;
            continue;
        }
        if let Some(span) = parse_timing(line) {
            timing = Some(span);
            cue_open = false;
            continue;
        }
        let Some((start_ms, end_ms)) = timing else {
            // A cue number or identifier before its timing line.
            continue;
        };
        // Column of the trimmed line's first character in the file line.
        let lead = raw.len() - raw.trim_start().len();
        let lead_chars = raw[..lead].chars().count() + 1;
        let cleaned = strip_markup(line);
        if cleaned.runs.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        let begin = joined.len();
        let mut anchors = Vec::with_capacity(cleaned.runs.len());
        for run in &cleaned.runs {
            anchors.push((joined.len(), lead_chars + run.column));
            joined.push_str(&run.text);
        }
        let cue_line = CueLine {
            line: line_no,
            range: begin..joined.len(),
            anchors,
        };
        match cues.last_mut() {
            Some(cue) if cue_open => {
                cue.range.end = joined.len();
                cue.lines.push(cue_line);
            }
            _ => {
                cues.push(Cue {
                    start_ms,
                    end_ms,
                    range: begin..joined.len(),
                    lines: vec![cue_line],
                });
                cue_open = true;
            }
        }
    }
    if joined.trim().is_empty() {
        return Vec::new();
    }
    let name = path
        .and_then(|p| p.file_name())
        .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    vec![Answer {
        source: path.map_or_else(|| "-".to_string(), |p| p.display().to_string()),
        id: name,
        question: None,
        range: 0..joined.len(),
        text: Arc::from(joined),
        scored: None,
        first_line: 1,
        range_line: 1,
        path: path.map(Path::to_path_buf),
        cues,
        warnings: Vec::new(),
    }]
}

/// `00:00:01,000 --> 00:00:04,000` (SRT) or `00:01.000 --> 00:04.000 align:start` (VTT).
fn parse_timing(line: &str) -> Option<(u64, u64)> {
    let (left, right) = line.split_once("-->")?;
    let start = parse_timestamp(left.trim())?;
    let end = parse_timestamp(right.split_whitespace().next()?)?;
    Some((start, end))
}

fn parse_timestamp(stamp: &str) -> Option<u64> {
    let stamp = stamp.replace(',', ".");
    let (clock, millis) = stamp.split_once('.').unwrap_or((&stamp, "0"));
    let mut seconds = 0u64;
    for part in clock.split(':') {
        seconds = seconds.checked_mul(60)?.checked_add(part.parse().ok()?)?;
    }
    let millis: u64 = millis.get(..3.min(millis.len()))?.parse().ok()?;
    seconds.checked_mul(1000)?.checked_add(millis)
}

/// A WebVTT block that is not a cue: the `WEBVTT` header (first block), a `NOTE` comment,
/// a `STYLE` or `REGION` block.
fn is_vtt_header_block(line: &str, first_block: bool) -> bool {
    let keyword = |word: &str| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    (first_block && keyword("WEBVTT")) || keyword("NOTE") || line == "STYLE" || line == "REGION"
}

/// A cue line with its markup removed: runs of kept text and where each starts.
#[derive(Debug, Default, PartialEq)]
struct Cleaned {
    runs: Vec<Run>,
}

#[derive(Debug, PartialEq)]
struct Run {
    /// 0-based character column of the run's first character in the (trimmed) line.
    column: usize,
    text: String,
}

impl Cleaned {
    #[cfg(test)]
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Drops whitespace at both ends (and the runs it empties).
    fn trim(&mut self) {
        while let Some(run) = self.runs.first_mut() {
            let kept = run.text.trim_start();
            let dropped = run.text.len() - kept.len();
            run.column += run.text[..dropped].chars().count();
            run.text.drain(..dropped);
            if run.text.is_empty() {
                self.runs.remove(0);
            } else {
                break;
            }
        }
        while let Some(run) = self.runs.last_mut() {
            let kept = run.text.trim_end().len();
            run.text.truncate(kept);
            if run.text.is_empty() {
                self.runs.pop();
            } else {
                break;
            }
        }
    }
}

/// Removes cue markup from a line: WebVTT/SRT tags (`<i>`, `</b>`, `<c.loud>`,
/// `<v Speaker>`, `<lang en>`, `<font color="red">`, `<00:01.500>`) and SSA overrides
/// (`{\an8}`), and decodes `&lt;`, `&gt;`, `&amp;` and `&nbsp;`. Anything else is text: a
/// `<` that opens no tag ("latency < 200 ms") stays, with what follows it.
fn strip_markup(line: &str) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let mut run: Option<Run> = None;
    let mut column = 0usize;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let skip = match c {
            '<' => rest[1..]
                .find('>')
                .filter(|&end| is_cue_tag(&rest[1..1 + end]))
                .map(|end| end + 2),
            '{' if rest[1..].starts_with('\\') => rest.find('}').map(|end| end + 1),
            _ => None,
        };
        if let Some(len) = skip {
            cleaned.runs.extend(run.take());
            column += rest[..len].chars().count();
            rest = &rest[len..];
            continue;
        }
        if c == '&' {
            let entity = [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&'), ("&nbsp;", ' ')]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
            if let Some((name, decoded)) = entity {
                cleaned.runs.extend(run.take());
                cleaned.runs.push(Run {
                    column,
                    text: decoded.to_string(),
                });
                column += name.len();
                rest = &rest[name.len()..];
                continue;
            }
        }
        run.get_or_insert_with(|| Run {
            column,
            text: String::new(),
        })
        .text
        .push(c);
        column += 1;
        rest = &rest[c.len_utf8()..];
    }
    cleaned.runs.extend(run);
    cleaned.trim();
    cleaned
}

/// Whether the text between `<` and `>` is a cue tag rather than speech.
fn is_cue_tag(inside: &str) -> bool {
    if inside.contains('<') {
        return false;
    }
    // A karaoke timestamp: <00:01.500>, <01:02:03.000>.
    if inside.contains(':') && inside.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.') {
        return true;
    }
    let inside = inside.strip_prefix('/').unwrap_or(inside);
    let name_end = inside
        .find(|c: char| c == '.' || c.is_whitespace())
        .unwrap_or(inside.len());
    let (name, after) = inside.split_at(name_end);
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        // Classes only: <c.yellow>, <i>, </b>.
        "i" | "b" | "u" | "c" | "ruby" | "rt" => !after.contains(char::is_whitespace),
        // An annotation after a space: <v Ana>, <lang en-GB>, <font color="red">.
        "v" | "lang" | "font" => true,
        _ => false,
    }
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
struct CsvState {
    limit: u64,
    /// Bytes read from the source so far.
    read: Cell<u64>,
    /// The read may not go past this many bytes until the next record is complete.
    allowed: Cell<u64>,
    over: Cell<bool>,
    ended: Cell<bool>,
    /// Quote state of the bytes read (RFC 4180 as the csv crate reads it).
    quote: Cell<Quote>,
    /// 1-based line being read, and the line of the open quote.
    line: Cell<u64>,
    quote_line: Cell<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the end of the field, or the first of `""`.
    EndOrEscape,
}

impl CsvState {
    fn new(limit: u64) -> CsvState {
        CsvState {
            limit,
            read: Cell::new(0),
            allowed: Cell::new(limit.saturating_add(CSV_SLACK)),
            over: Cell::new(false),
            ended: Cell::new(false),
            quote: Cell::new(Quote::FieldStart),
            line: Cell::new(1),
            quote_line: Cell::new(1),
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
        (self.ended.get() && self.quote.get() == Quote::Quoted).then(|| self.quote_line.get())
    }

    fn scan(&self, bytes: &[u8]) {
        let (mut quote, mut line) = (self.quote.get(), self.line.get());
        for &b in bytes {
            quote = match (quote, b) {
                (Quote::FieldStart, b'"') => {
                    self.quote_line.set(line);
                    Quote::Quoted
                }
                (Quote::Quoted, b'"') => Quote::EndOrEscape,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::EndOrEscape, b'"') => Quote::Quoted,
                (_, b',' | b'\n' | b'\r') => Quote::FieldStart,
                _ => Quote::Unquoted,
            };
            if b == b'\n' {
                line += 1;
            }
        }
        self.quote.set(quote);
        self.line.set(line);
    }
}

/// Slack over the record limit for the csv parser's read-ahead (its buffer is 8 KiB).
const CSV_SLACK: u64 = 64 * 1024;

/// The source of a CSV reader: stops reading once one record runs past the byte budget
/// (the csv crate holds a whole record, so a quoted field never closed on a pipe grew
/// without limit), and follows the quote state so an unterminated quote is reported.
struct CsvGuard<R> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Bank {
        Bank::embedded().unwrap()
    }

    #[test]
    fn front_matter_names_the_question_and_is_excluded() {
        let text = "---\ntitle: draft\nquestion: q04\n---\nWe set SLOs.\n".to_string();
        let answers = document_answers(&bank(), Some(Path::new("a/draft.md")), text).unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].question.as_deref(), Some("q04"));
        assert_eq!(&answers[0].text[answers[0].range.clone()], "We set SLOs.\n");
    }

    #[test]
    fn front_matter_as_people_write_it() {
        let q = |text: &str| {
            document_answers(&bank(), Some(Path::new("draft.md")), text.to_string())
                .map(|answers| answers[0].question.clone())
                .map_err(|d| d.source + ": " + &d.message)
        };
        // A tags list, a comment after the value, unknown keys, quoting, `...` to close.
        assert_eq!(
            q("---\ntitle: \"Draft: two\"\ntags:\n  - sre\n  - slo\nquestion: q04 # second draft\nauthor: {name: Ana}\n---\nWe set SLOs.\n"),
            Ok(Some("q04".to_string()))
        );
        assert_eq!(
            q("---\n# just a comment\nquestion: 'q13'\n...\nBody.\n"),
            Ok(Some("q13".to_string()))
        );
        assert_eq!(q("---\ntags: [a, b]\n---\nBody.\n"), Ok(None));
        // TOML.
        assert_eq!(
            q("+++\ntitle = \"x\" # note\ntags = [\"sre\", \"slo\"]\nquestion = \"q04\"\n[extra]\nk = 1\n+++\nBody.\n"),
            Ok(Some("q04".to_string()))
        );
        // Malformed: the file and the block's line.
        assert_eq!(
            q("---\ntitle: ok\ntags: [a, b\nquestion: q04\n---\nBody.\n").map_err(|e| e.starts_with("draft.md:")),
            Err(true)
        );
        let err = q("\u{feff}---\ntitle: ok\nquestion: q04\n  bad: indent: here\n---\nBody.\n").unwrap_err();
        assert!(err.starts_with("draft.md:4: front matter is not valid YAML"), "{err}");
        let err = q("+++\ntitle = \"ok\"\nquestion = q04\n+++\nBody.\n").unwrap_err();
        assert!(err.starts_with("draft.md:3: front matter is not valid TOML"), "{err}");
        let err = q("---\nquestion: [q04, q05]\n---\nBody.\n").unwrap_err();
        assert!(err.starts_with("draft.md:2: front matter `question` must be"), "{err}");
        let err = q(&format!("---\nx: {}\n---\nBody.\n", "[".repeat(10_000))).unwrap_err();
        assert!(err.contains("nested deeper"), "{err}");
    }

    #[test]
    fn markdown_that_is_not_answer_text_is_blanked() {
        let b = bank();
        let question = b
            .questions
            .iter()
            .find(|q| q.id == "q04")
            .unwrap()
            .text
            .trim()
            .to_string();
        let text = format!(
            "---\nquestion: q04\n---\n\n# {question}\n\n<!-- TODO: mention error budgets -->\nWe page on burn rate.<!-- inline note --> Done.\n\n```yaml\nslo: 99.9\n```\n\n## Why it matters\n\nCustomers notice.\n"
        );
        let answers = document_answers(&b, Some(Path::new("q04.md")), text.clone()).unwrap();
        let a = &answers[0];
        let scored = a.scored_text();
        assert_eq!(scored.len(), text.len());
        assert_eq!(scored.matches('\n').count(), text.matches('\n').count());
        assert!(
            !scored.contains("SLO")
                && !scored.contains("TODO")
                && !scored.contains("inline")
                && !scored.contains("99.9")
        );
        // Answer text and headings of the answer's own stay, at their offsets.
        for kept in [
            "We page on burn rate.",
            " Done.",
            "## Why it matters",
            "Customers notice.",
        ] {
            let at = text.find(kept).unwrap();
            assert_eq!(&scored[at..at + kept.len()], kept);
        }
        // Nothing to blank: nothing copied.
        let plain = document_answers(&b, Some(Path::new("q04.md")), "# My SLO story\nWe page.\n".to_string()).unwrap();
        assert!(plain[0].scored.is_none());
        // A heading that only names the question.
        let named = document_answers(&b, Some(Path::new("q04.md")), "# Q4\nWe page.\n".to_string()).unwrap();
        assert_eq!(named[0].scored_text(), "    \nWe page.\n");
    }

    #[test]
    fn file_names_name_questions() {
        let b = bank();
        assert_eq!(
            question_from_file_name(&b, Path::new("x/q04.md")).as_deref(),
            Some("q04")
        );
        assert_eq!(
            question_from_file_name(&b, Path::new("q04-draft2.md")).as_deref(),
            Some("q04")
        );
        assert_eq!(
            question_from_file_name(&b, Path::new("slos-and-incident-response.md")).as_deref(),
            Some("q04")
        );
        assert_eq!(question_from_file_name(&b, Path::new("q040.md")), None);
        assert_eq!(question_from_file_name(&b, Path::new("notes.md")), None);
    }

    #[test]
    fn headings_split_a_file_into_answers() {
        let text = "# My answers\n\n## q01 first-year-roadmap\nDiscovery first.\n\n## Q13: 30-60-90-days\nThirty days: assess.\n".to_string();
        let answers = document_answers(&bank(), Some(Path::new("both.md")), text).unwrap();
        let got: Vec<(Option<&str>, &str, &str)> = answers
            .iter()
            .map(|a| (a.question.as_deref(), a.source.as_str(), a.text[a.range.clone()].trim()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("q01"), "both.md:3", "Discovery first."),
                (Some("q13"), "both.md:6", "Thirty days: assess.")
            ]
        );
    }

    #[test]
    fn srt_and_vtt_lose_numbers_and_timestamps() {
        let srt = "1\n00:00:01,000 --> 00:00:03,500\num so we set <i>SLOs</i>\n\n2\n00:00:03,500 --> 00:00:06,000\nwith product\n";
        let answers = transcript_answers(Some(Path::new("t.srt")), srt, Format::Srt);
        assert_eq!(&*answers[0].text, "um so we set SLOs with product");
        assert_eq!(
            answers[0].cues[1],
            Cue {
                start_ms: 3500,
                end_ms: 6000,
                range: 18..30,
                lines: vec![CueLine {
                    line: 7,
                    range: 18..30,
                    anchors: vec![(18, 1)]
                }]
            }
        );
        let vtt = "WEBVTT\n\nNOTE a comment\nstill the note\n\nc1\n00:01.000 --> 00:02.000 align:start\n<v Ana>error budgets\n";
        let answers = transcript_answers(Some(Path::new("t.vtt")), vtt, Format::Vtt);
        assert_eq!(&*answers[0].text, "error budgets");
        assert_eq!(answers[0].cues[0].start_ms, 1000);
    }

    #[test]
    fn cues_keep_timings_and_file_lines() {
        // Two lines in one cue, markup and an entity before the words, CRLF endings.
        let srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nwe set\r\n  <i>error</i> &amp; budgets\r\n\r\n2\r\n00:01:02,500 --> 00:01:04,000\r\nthen alert\r\n";
        let answers = transcript_answers(Some(Path::new("t.srt")), srt, Format::Srt);
        let a = &answers[0];
        assert_eq!(&*a.text, "we set error & budgets then alert");
        assert_eq!(a.cues.len(), 2);
        assert_eq!((a.cues[0].start_ms, a.cues[0].end_ms), (1000, 3500));
        assert_eq!((a.cues[1].start_ms, a.cues[1].end_ms), (62_500, 64_000));
        assert_eq!(&a.text[a.cues[0].range.clone()], "we set error & budgets");
        let at = |word: &str| a.text.find(word).unwrap();
        assert_eq!(a.cues[0].position(&a.text, at("we")), (3, 1));
        // "  <i>" is five characters before "error"; "&amp;" is one character of text.
        assert_eq!(a.cues[0].position(&a.text, at("error")), (4, 6));
        assert_eq!(a.cues[0].position(&a.text, at("budgets")), (4, 22));
        assert_eq!(a.cues[1].position(&a.text, at("alert")), (8, 6));
        assert_eq!(a.cues[1].start_stamp(), "00:01:02.500");
    }

    #[test]
    fn a_less_than_sign_in_speech_is_text() {
        assert_eq!(
            strip_markup("latency < 200 ms and p99 > 1 s").text(),
            "latency < 200 ms and p99 > 1 s"
        );
        assert_eq!(strip_markup("<5 minutes to page>").text(), "<5 minutes to page>");
        assert_eq!(strip_markup("a <b and c> d").text(), "a <b and c> d");
        assert_eq!(
            strip_markup("<v Ana>we <b>page</b> <c.loud>on</c> <00:00:01.500>burn {\\an8}rate &lt;1%").text(),
            "we page on burn rate <1%"
        );
        assert_eq!(strip_markup("<font color=\"red\">SLOs</font>").text(), "SLOs");
    }

    #[test]
    fn note_is_a_comment_only_at_a_block_start() {
        let vtt = "WEBVTT\n\nNOTE this is a comment\nspanning lines\n\n00:01.000 --> 00:02.000\nNOTE to self: error budgets\n\nNOTE\nanother comment\n\n00:02.000 --> 00:03.000\nNOTEworthy burn rate\n";
        let answers = transcript_answers(Some(Path::new("t.vtt")), vtt, Format::Vtt);
        assert_eq!(&*answers[0].text, "NOTE to self: error budgets NOTEworthy burn rate");
        assert_eq!(answers[0].cues[0].lines[0].line, 7);
        assert_eq!(answers[0].cues[1].lines[0].line, 13);
    }

    #[test]
    fn jsonl_lines_are_answers_or_problems() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"a\", \"question\": \"q04\", \"text\": \"SLOs\"}\n\nnot json\n{\"id\": 7, \"text\": \"x\"}\n",
        )
        .unwrap();
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[0], Item::Answer(a) if a.id == "a" && a.source.ends_with("batch.jsonl:1")));
        assert!(
            matches!(&items[1], Item::Problem(d) if d.source.ends_with("batch.jsonl:3") && d.message.starts_with("malformed JSONL"))
        );
        assert!(matches!(&items[2], Item::Answer(a) if a.id == "7" && a.question.is_none()));
    }

    #[test]
    fn csv_rows_are_answers() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.csv");
        std::fs::write(
            &path,
            "id,question,text\nr1,q10,\"We test restores, quarterly.\"\nr2,,\"multi\nline\"\n",
        )
        .unwrap();
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
        assert!(
            matches!(&items[0], Item::Answer(a) if a.id == "r1" && a.question.as_deref() == Some("q10") && &*a.text == "We test restores, quarterly.")
        );
        assert!(matches!(&items[1], Item::Answer(a) if a.id == "r2" && a.question.is_none()));
    }

    #[test]
    fn bad_files_become_problems() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            Source::File(p)
        };
        let sources = vec![
            write("empty.md", b""),
            write("blank.md", b"  \n\t\n"),
            write("bin.md", b"abc\0def"),
            write("latin1.md", b"caf\xe9 SLOs"),
            Source::File(dir.path().join("missing.md")),
        ];
        let items: Vec<Item> = Reader::new(&b, sources, ReadOptions::default()).collect();
        let messages: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Problem(d) => d.message.clone(),
                Item::Answer(a) => format!("answer:{}", &a.text[a.range.clone()]),
            })
            .collect();
        assert!(messages[0].starts_with("empty answer"), "{messages:?}");
        assert!(messages[1].starts_with("empty answer"));
        assert!(messages[2].starts_with("binary content"));
        assert!(messages[3].starts_with("invalid UTF-8 at byte 3"));
        assert_eq!(messages[4], "answer:caf\u{fffd} SLOs");
        assert!(messages[5].starts_with("no such file"));
    }

    #[test]
    fn jsonl_ids_are_kept_as_written() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.jsonl");
        std::fs::write(
            &path,
            "{\"id\": 1.10, \"text\": \"x\"}\n{\"id\": 1.1, \"text\": \"x\"}\n{\"id\": 12345678901234567890123, \"text\": \"x\"}\n{\"id\": 12345678901234567890124, \"text\": \"x\"}\n{\"id\": \"a\\\"b\", \"text\": \"x\"}\n{\"id\": null, \"text\": \"x\"}\n{\"id\": -7e3, \"text\": \"x\"}\n",
        )
        .unwrap();
        let ids: Vec<String> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default())
            .map(|item| match item {
                Item::Answer(a) => a.id,
                Item::Problem(d) => panic!("{d:?}"),
            })
            .collect();
        assert_eq!(
            ids[..5],
            [
                "1.10",
                "1.1",
                "12345678901234567890123",
                "12345678901234567890124",
                "a\"b"
            ]
        );
        assert!(ids[5].ends_with("ids.jsonl:6"), "{}", ids[5]);
        assert_eq!(ids[6], "-7e3");
    }

    #[test]
    fn csv_unterminated_quote_is_reported_with_its_line() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            "id,text\nr1,\"fine, \"\"quoted\"\"\"\nr2,\"never closed\nr3,third\nr4,fourth\n",
        )
        .unwrap();
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Answer(a) if a.id == "r1" && &*a.text == "fine, \"quoted\""));
        assert!(
            matches!(&items[1], Item::Problem(d) if d.source.ends_with("a.csv:3") && d.message.starts_with("unterminated quote: the quoted field opened on line 3")),
            "{items:?}"
        );
    }

    #[test]
    fn csv_record_over_the_budget_stops_the_file_with_bounded_memory() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let mut text = "id,text\nr1,short\nr2,\"".to_string();
        text.push_str(&"x".repeat(1 << 20));
        std::fs::write(&path, text).unwrap();
        let options = ReadOptions {
            max_file_size: 1000,
            question: None,
        };
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], options).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Answer(a) if a.id == "r1"));
        assert!(
            matches!(&items[1], Item::Problem(d) if d.message.contains("longer than the 1000 bytes limit") && d.message.contains("--max-file-size")),
            "{items:?}"
        );
    }

    #[test]
    fn devices_are_refused() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("a.jsonl");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(link)], ReadOptions::default()).collect();
        assert!(
            matches!(&items[..], [Item::Problem(d)] if d.message.starts_with("is a device")),
            "{items:?}"
        );
    }

    #[test]
    fn size_limit_is_enforced() {
        let b = bank();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, "word ".repeat(100)).unwrap();
        let options = ReadOptions {
            max_file_size: 100,
            question: None,
        };
        let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], options).collect();
        assert!(matches!(&items[0], Item::Problem(d) if d.message.contains("--max-file-size")));
    }
}
