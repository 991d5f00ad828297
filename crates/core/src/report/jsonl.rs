//! The JSONL reporter: one JSON object per line, `{"type":"answer",...}` per answer as it
//! is scored, `{"type":"error",...}` per input problem, then `{"type":"summary",...}`.
//!
//! Answer lines come from the JSON reporter's answer writer; this module must not build
//! answer objects of its own.

use std::io::{self, Write};

use serde::Serialize;

use super::json::write_answer;
use super::{Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::AnswerReport;

/// One JSON object per line: `{"type":"answer",...}` per answer, `{"type":"error",...}`
/// per problem, then `{"type":"summary",...}`.
#[derive(Default)]
pub struct Jsonl {
    buf: Vec<u8>,
}

/// JSONL lines. Answer lines are written by [`write_answer`], which must give what
/// serialising `JsonlLine::Answer` gives (a test checks it byte for byte).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(super) enum JsonlLine<'a> {
    #[allow(dead_code)] // The reference for write_answer's output, used by its tests.
    Answer(&'a AnswerReport),
    Error(&'a Diagnostic),
    Summary(&'a Summary),
}

/// Serialises `value` into `buf`, appends `end`, and writes the whole in one call.
/// serde_json issues a write per token; through `&mut dyn Write` into a `BufWriter` those
/// calls were ≈ 45 k instructions per 250-word answer (callgrind), more than the JSON
/// encoding itself; into a `Vec` they are inlined copies.
fn write_json(buf: &mut Vec<u8>, out: &mut dyn Write, value: &impl Serialize, end: &str) -> io::Result<()> {
    buf.clear();
    serde_json::to_writer(&mut *buf, value).map_err(io::Error::other)?;
    buf.extend_from_slice(end.as_bytes());
    out.write_all(buf)
}

impl Reporter for Jsonl {
    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        self.buf.clear();
        write_answer(&mut self.buf, report, true);
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }

    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Error(problem), "\n")
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Summary(summary), "\n")
    }
}
