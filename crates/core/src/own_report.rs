//! How anscov knows its own reports: the marker lines that begin a text, Markdown or GitHub
//! report written with `-o`, and [`is_report`], which tells such a file (or a JSON, JSONL,
//! SARIF, JUnit or HTML report) from an answer by its first bytes.
//!
//! Shared by the reporters, which write the markers (`crate::report::file_marker`), and the
//! folder walk, which skips reports (`crate::input`), so that reading answers does not
//! depend on writing reports. Byte tests only: it must not access files or know formats
//! beyond their first bytes.

pub(crate) const TEXT_MARKER: &str = "# anscov report: written by anscov, which never reads it back as an answer";
pub(crate) const MARKDOWN_MARKER: &str =
    "<!-- anscov report: written by anscov, which never reads it back as an answer -->";

/// Whether `head` (a file's first bytes, ≥ 512 when the file is that long) is the start
/// of a report anscov wrote: the marker line of [`file_marker`](crate::report::file_marker), or the fixed beginning
/// of a JSON, JSONL, SARIF, JUnit or HTML report. Folder walks skip such files, so a
/// report written into an answer folder is never scored as an answer.
pub fn is_report(head: &[u8]) -> bool {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    head.starts_with(TEXT_MARKER.as_bytes())
        || head.starts_with(MARKDOWN_MARKER.as_bytes())
        || head.starts_with(b"{\"version\":1,\"answers\":[")
        || [&b"answer"[..], b"error", b"summary"]
            .iter()
            .any(|t| head.starts_with(&[&b"{\"type\":\""[..], t, b"\","].concat()))
        || (head.starts_with(b"{\"$schema\":\"https://json.schemastore.org/sarif") && has(b"\"name\":\"anscov\""))
        || (head.starts_with(b"<?xml") && has(b"<testsuites name=\"anscov\""))
        || (head.starts_with(b"<!DOCTYPE html>") && has(b"<title>anscov report</title>"))
}
