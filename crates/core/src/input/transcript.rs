//! SRT and VTT transcripts: cues with their timings, text joined for scoring, markup and
//! entities removed, and each cue line's place in the file kept for evidence positions.
//!
//! Works on text already read; must not touch the file system.

use std::path::Path;
use std::sync::Arc;

use super::reader::Format;
use super::{Answer, Cue, CueLine};

/// [`read_transcript`]'s answers, for tests.
#[cfg(test)]
pub(super) fn transcript_answers(path: Option<&Path>, text: &str, format: Format) -> Vec<Answer> {
    read_transcript(path, text, format).0
}

/// Turns an SRT or VTT file into one answer: cue text joined with spaces, numbers,
/// timestamps, headers and markup removed, timings kept as [`Cue`]s with the file line of
/// every text line, so evidence can name its line and its cue's start time. Also returns
/// the timing lines that could not be read, as (file line, message), which are in the
/// answer's `warnings` too.
pub(super) fn read_transcript(path: Option<&Path>, text: &str, format: Format) -> (Vec<Answer>, Vec<(usize, String)>) {
    let mut joined = String::new();
    let mut cues: Vec<Cue> = Vec::new();
    // The timing of the cue being read, and whether its text has started a Cue yet.
    let mut timing: Option<(u64, u64)> = None;
    let mut cue_open = false;
    let mut skipping_block = false;
    let mut block_start = true;
    let mut unreadable: Vec<(usize, String)> = Vec::new();
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
        // A timing line that cannot be read ("00:00:05;000 --> …") would silently drop its
        // cue's words: say so, with the line.
        if timing.is_none() && line.contains("-->") {
            if unreadable.len() < MAX_TIMING_WARNINGS {
                let shown: String = line.chars().take(60).collect();
                let message = match parse_any_timing(line) {
                    // Read, but beyond any recording (`99999999:00:00,000`): its pace and
                    // pauses would be nonsense.
                    Ok(_) => format!(
                        "cue timing `{shown}` is past {MAX_TIMESTAMP}, the latest time a transcript may give (two-digit hours), so its cue's text is left out; correct the time, e.g. 01:00:05,000 --> 01:00:07,500"
                    ),
                    // `00:99:00,000`: no clock shows it, and reading it as 01:39:00 would
                    // only guess.
                    Err(TimingError::OutOfRange { end, field, value }) => format!(
                        "cue timing `{shown}` cannot be read: its {} time has {field} {value}, and {field} run from 00 to 59, so its cue's text is left out; carry whole minutes or hours into the field before (00:00:75,000 is 00:01:15,000)",
                        if end { "end" } else { "start" }
                    ),
                    Err(TimingError::Unreadable) => format!(
                        "cue timing `{shown}` cannot be read, so its cue's text is left out; write it as 00:00:05,000 --> 00:00:07,500"
                    ),
                };
                unreadable.push((line_no, message));
            }
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
        return (Vec::new(), unreadable);
    }
    let name = path
        .and_then(|p| p.file_name())
        .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    let warnings = unreadable
        .iter()
        .map(|(line, message)| format!("line {line}: {message}"))
        .collect();
    let answers = vec![Answer {
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
        warnings,
    }];
    (answers, unreadable)
}

/// Unreadable timing lines reported per file: one is enough to show the fix, and a file
/// written with the wrong separator throughout would otherwise print thousands.
const MAX_TIMING_WARNINGS: usize = 3;

/// The latest time a cue may start or end: SRT writes hours with two digits, and no
/// interview is longer. Later times (`99999999:00:00,000`) are refused, not read as 11,000
/// years of silence.
pub(super) const MAX_TIMESTAMP_MS: u64 = 100 * 3_600_000 - 1;
const MAX_TIMESTAMP: &str = "99:59:59,999";

/// `00:00:01,000 --> 00:00:04,000` (SRT) or `00:01.000 --> 00:04.000 align:start` (VTT),
/// both times at most [`MAX_TIMESTAMP_MS`].
pub(super) fn parse_timing(line: &str) -> Option<(u64, u64)> {
    parse_any_timing(line)
        .ok()
        .filter(|&(start, end)| start.max(end) <= MAX_TIMESTAMP_MS)
}

/// Why a timing line was not read.
#[derive(Debug, PartialEq, Eq)]
enum TimingError {
    /// Not a timing: no `-->`, a field that is not a number, digits beyond u64.
    Unreadable,
    /// Minutes or seconds of 60 or more (`00:99:00,000`, `00:00:75,000`): in the start
    /// time or the `end` time, the field's name and its digits as written.
    OutOfRange {
        end: bool,
        field: &'static str,
        value: String,
    },
}

/// [`parse_timing`] without the bound on the latest time.
fn parse_any_timing(line: &str) -> Result<(u64, u64), TimingError> {
    let (left, right) = line.split_once("-->").ok_or(TimingError::Unreadable)?;
    let start = parse_timestamp(left.trim())?;
    let end =
        parse_timestamp(right.split_whitespace().next().ok_or(TimingError::Unreadable)?).map_err(|err| match err {
            TimingError::OutOfRange { field, value, .. } => TimingError::OutOfRange {
                end: true,
                field,
                value,
            },
            other => other,
        })?;
    Ok((start, end))
}

/// Milliseconds of `hh:mm:ss,ttt` or `mm:ss.ttt`; minutes and seconds must be below 60
/// (the error says which is not, as in the start time).
fn parse_timestamp(stamp: &str) -> Result<u64, TimingError> {
    let stamp = stamp.replace(',', ".");
    let (clock, millis) = stamp.split_once('.').unwrap_or((&stamp, "0"));
    let fields = clock.split(':').count();
    let mut seconds = 0u64;
    for (index, part) in clock.split(':').enumerate() {
        let value: u64 = part.parse().map_err(|_| TimingError::Unreadable)?;
        // Counted from the right: seconds, then minutes; a lone number has no clock.
        let from_right = fields - 1 - index;
        if fields > 1 && from_right < 2 && value >= 60 {
            return Err(TimingError::OutOfRange {
                end: false,
                field: if from_right == 0 { "seconds" } else { "minutes" },
                value: part.to_string(),
            });
        }
        seconds = seconds
            .checked_mul(60)
            .and_then(|s| s.checked_add(value))
            .ok_or(TimingError::Unreadable)?;
    }
    let millis: u64 = millis
        .get(..3.min(millis.len()))
        .and_then(|m| m.parse().ok())
        .ok_or(TimingError::Unreadable)?;
    seconds
        .checked_mul(1000)
        .and_then(|s| s.checked_add(millis))
        .ok_or(TimingError::Unreadable)
}

/// A WebVTT block that is not a cue: the `WEBVTT` header (first block), a `NOTE` comment,
/// a `STYLE` or `REGION` block.
pub(super) fn is_vtt_header_block(line: &str, first_block: bool) -> bool {
    let keyword = |word: &str| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    (first_block && keyword("WEBVTT")) || keyword("NOTE") || line == "STYLE" || line == "REGION"
}

/// A cue line with its markup removed: runs of kept text and where each starts.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Cleaned {
    runs: Vec<Run>,
}

#[derive(Debug, PartialEq)]
pub(super) struct Run {
    /// 0-based character column of the run's first character in the (trimmed) line.
    column: usize,
    text: String,
}

impl Cleaned {
    #[cfg(test)]
    pub(super) fn text(&self) -> String {
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
pub(super) fn strip_markup(line: &str) -> Cleaned {
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
pub(super) fn is_cue_tag(inside: &str) -> bool {
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
