//! Tables of questions or graded answers, as spreadsheets and public data sets give them:
//! a `.csv` file with a header row, or JSONL (one object per line). Both become [`Row`]s
//! of named cells with the 1-based line each row starts on, so `bank import` and
//! `anscov eval` name the same line a person sees in an editor.
//!
//! CSV line numbers come from each record's byte offset, not from the csv crate's own line
//! counter: counting newlines in the text before the record gives the same line for `\n`
//! and `\r\n` files (a CRLF table was reported one line too low).
//!
//! Rows only: it must not know what a column means (`crate::import` and `crate::graded`
//! read them).

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::Error;
use crate::Result;

/// One row: its cells by column name, and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line of the row's first character in the file.
    pub line: usize,
    /// CSV cells are strings; JSONL values keep their JSON type.
    pub cells: Map<String, Value>,
}

impl Row {
    /// The first of `names` present with a non-empty value, as text (a number as written:
    /// question ids such as `1.1`).
    pub fn text(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| match self.cells.get(*name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    }

    /// Every non-empty text under any of `names`, in order: a JSON array gives one per
    /// element; a CSV cell holding a JSON array (`["a", "b"]`) likewise, and any other
    /// CSV cell one per line (several reference answers in one spreadsheet cell).
    pub fn texts(&self, names: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for name in names {
            match self.cells.get(*name) {
                Some(Value::Array(items)) => out.extend(items.iter().filter_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })),
                Some(Value::String(s)) => {
                    let trimmed = s.trim();
                    match serde_json::from_str::<Vec<String>>(trimmed) {
                        Ok(items) if trimmed.starts_with('[') => out.extend(
                            items
                                .into_iter()
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty()),
                        ),
                        _ => out.extend(
                            trimmed
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(str::to_string),
                        ),
                    }
                }
                Some(Value::Number(n)) => out.push(n.to_string()),
                _ => {}
            }
        }
        out
    }

    /// The first of `names` present and non-empty, as a number. `Err` holds the column and
    /// the value when it is not a finite number.
    pub fn number(&self, names: &[&str]) -> std::result::Result<Option<f64>, (String, String)> {
        for name in names {
            let parsed = match self.cells.get(*name) {
                None | Some(Value::Null) => continue,
                Some(Value::String(s)) if s.trim().is_empty() => continue,
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
                Some(_) => None,
            };
            return match parsed.filter(|x| x.is_finite()) {
                Some(x) => Ok(Some(x)),
                None => Err((name.to_string(), self.cells[*name].to_string())),
            };
        }
        Ok(None)
    }

    /// Whether any of `names` is a column of this row.
    pub fn has(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.cells.contains_key(*n))
    }
}

/// Reads `path` as UTF-8 text within the one byte budget every reader has
/// (`--max-file-size`, [`crate::limits`]): devices, FIFOs and pipes are bounded too.
pub fn read_text(path: &Path) -> Result<String> {
    crate::limits::read_text(path, "a table (of questions, or of graded or labelled answers)")
}

/// Whether `path` is read as CSV (by its extension; anything else is JSONL).
pub fn is_csv(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The rows of `text`, read from `path` (CSV or JSONL by [`is_csv`]). `expected` is what a
/// row should look like, for the message when one is malformed.
pub fn rows(path: &Path, text: &str, expected: &str) -> Result<Vec<Row>> {
    if is_csv(path) {
        csv_rows(path, text, expected)
    } else {
        jsonl_rows(path, text, expected)
    }
}

fn jsonl_rows(path: &Path, text: &str, expected: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_text = line.trim_start_matches('\u{feff}').trim();
        if line_text.is_empty() {
            continue;
        }
        let cells: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
            serde_json::from_str(line_text).map_err(|e| {
                problem(
                    path,
                    Some(i + 1),
                    &format!("malformed JSONL line: {e}"),
                    &format!("each line is an object like {expected}"),
                )
            })?;
        // Numbers are kept as written, as text: question ids such as 1.10 and 1.1 are two
        // questions, and through f64 both read "1.1". Grades parse from the text.
        let cells = cells
            .into_iter()
            .map(|(name, raw)| {
                let text = raw.get().trim();
                let value = match text.as_bytes().first() {
                    Some(b'-' | b'0'..=b'9') => Value::String(text.to_string()),
                    _ => serde_json::from_str(text).unwrap_or(Value::Null),
                };
                (name, value)
            })
            .collect();
        rows.push(Row { line: i + 1, cells });
    }
    Ok(rows)
}

fn csv_rows(path: &Path, text: &str, expected: &str) -> Result<Vec<Row>> {
    let body = text.trim_start_matches('\u{feff}');
    let bom = text.len() - body.len();
    // A record's offset can sit on blank lines the reader skips before it: step over
    // them to the record's first character.
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut end = (byte as usize + bom).min(bytes.len());
        while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
            end += 1;
        }
        bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
    };
    let malformed = |line: Option<usize>, e: &csv::Error| {
        problem(
            path,
            line,
            &format!("malformed CSV: {e}"),
            &format!("a header row names the columns: {expected}"),
        )
    };
    // A quote never closed turns the rest of the file into one field, which the csv crate
    // accepts: the rows after it would be lost, and the row reported as missing columns.
    let mut quotes = CsvQuotes::new();
    quotes.scan(body.as_bytes());
    if let Some(opened) = quotes.open_quote() {
        return Err(problem(
            path,
            Some(opened as usize),
            &unterminated_quote(opened),
            UNTERMINATED_QUOTE_FIX,
        ));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| malformed(Some(1), &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(malformed(e.position().map(|p| line_at(p.byte())), &e)),
        }
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells = headers
            .iter()
            .zip(record.iter())
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, cell)| (name.clone(), Value::String(cell.to_string())))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// The quote state of CSV bytes as the csv crate reads them (RFC 4180: a field quoted from
/// its first byte, `""` for a quote inside it), fed in pieces: one scanner for answer
/// batches (`crate::input`, streamed) and for tables read whole, so both report an
/// unterminated quote with the line it opened on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CsvQuotes {
    quote: Quote,
    /// 1-based line being read, and the line of the last quote opened.
    line: u64,
    quote_line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the end of the field, or the first of `""`.
    EndOrEscape,
}

impl CsvQuotes {
    pub(crate) fn new() -> CsvQuotes {
        CsvQuotes {
            quote: Quote::FieldStart,
            line: 1,
            quote_line: 1,
        }
    }

    /// Follows the quotes of the next bytes.
    pub(crate) fn scan(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.quote = match (self.quote, b) {
                (Quote::FieldStart, b'"') => {
                    self.quote_line = self.line;
                    Quote::Quoted
                }
                (Quote::Quoted, b'"') => Quote::EndOrEscape,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::EndOrEscape, b'"') => Quote::Quoted,
                (_, b',' | b'\n' | b'\r') => Quote::FieldStart,
                _ => Quote::Unquoted,
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// The 1-based line of the quote still open after the bytes scanned, if one is: at the
    /// end of a file, an unterminated quote.
    pub(crate) fn open_quote(&self) -> Option<u64> {
        (self.quote == Quote::Quoted).then_some(self.quote_line)
    }
}

/// What an unterminated quote did, for the message naming its line.
pub(crate) fn unterminated_quote(opened: u64) -> String {
    format!(
        "unterminated quote: the quoted field opened on line {opened} runs to the end of the file, so the rows after it were read as its text"
    )
}

/// The fix for an unterminated quote.
pub(crate) const UNTERMINATED_QUOTE_FIX: &str = "close the quote (a quote inside a quoted field is written \"\")";

/// A problem with a table: `file:line: message` and the fix.
pub fn problem(path: &Path, line: Option<usize>, message: &str, fix: &str) -> Error {
    let file = match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    };
    Error::Bank {
        file,
        message: message.to_string(),
        fix: fix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lf_csv_give_the_same_lines() {
        let lf = "id,question\n1,\"A\nmultiline\"\n2,B\n\n3,C\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf.to_string(), crlf, format!("\u{feff}{lf}")] {
            let rows = rows(Path::new("t.csv"), &text, "id").unwrap();
            let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4, 6], "{text:?}");
        }
    }

    #[test]
    fn cells_as_text_texts_and_numbers() {
        let rows = rows(
            Path::new("t.jsonl"),
            "{\"id\": 1.1, \"refs\": [\"a\", \" \", \"b\"], \"grade\": \"4.5\", \"bad\": \"x\"}\n",
            "{}",
        )
        .unwrap();
        let row = &rows[0];
        assert_eq!(row.text(&["id"]).as_deref(), Some("1.1"));
        assert_eq!(row.texts(&["refs"]), ["a", "b"]);
        assert_eq!(row.number(&["grade"]), Ok(Some(4.5)));
        assert!(row.number(&["bad"]).is_err());
        let csv = rows_of("id,refs\n1,\"[\"\"a\"\", \"\"b\"\"]\"\n2,\"one\r\ntwo\"\n");
        assert_eq!(csv[0].texts(&["refs"]), ["a", "b"]);
        assert_eq!(csv[1].texts(&["refs"]), ["one", "two"]);
    }

    /// An unterminated quote made the rest of a table one cell, reported by `eval` and
    /// `bank import` as a missing column; it is named, with the line of the quote.
    #[test]
    fn an_unterminated_quote_is_reported_with_its_line() {
        for text in [
            "id,question\n1,\"A\n2,B\n3,C\n",
            "\u{feff}id,question\r\n1,\"A\r\n2,B\r\n",
            "id,question\n1,\"A \"\" quoted\"\"\n\n2,B\n",
        ] {
            let err = rows(Path::new("t.csv"), text, "id").unwrap_err().to_string();
            assert!(
                err.starts_with(
                    "t.csv:2: unterminated quote: the quoted field opened on line 2 runs to the end of the file"
                ),
                "{text:?}: {err}"
            );
            assert!(err.contains("fix: close the quote"), "{err}");
        }
        // Closed quotes, escaped ones, and quotes inside an unquoted field are fine.
        assert_eq!(rows_of("id,question\n1,\"A \"\"x\"\"\"\n2,B\"\n3,\"\"\n").len(), 3);
    }

    fn rows_of(text: &str) -> Vec<Row> {
        rows(Path::new("t.csv"), text, "id").unwrap()
    }
}
