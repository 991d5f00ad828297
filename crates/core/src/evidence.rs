//! A span of an answer shown as evidence: byte offsets, the text, and where it sits in the
//! file (line, column, a transcript's cue time). A plain value the matcher's consumers
//! (scoring, STAR, reports) share; it must not depend on anything else in the crate.

use serde::Serialize;

/// One piece of evidence: where in the answer text, and what it says.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    /// Byte offsets into the answer text as read.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column (in characters) of `start` on that line, for SARIF and editors.
    pub column: usize,
    /// For transcripts (SRT/VTT): the start time of the cue the span begins in,
    /// `HH:MM:SS.mmm`. Absent for other inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_start: Option<String>,
}
