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

    fn rows_of(text: &str) -> Vec<Row> {
        rows(Path::new("t.csv"), text, "id").unwrap()
    }
}
