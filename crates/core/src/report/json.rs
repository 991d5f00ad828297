//! The JSON reporter (`{"version":1,"answers":[...],"errors":[...],"summary":{...}}`,
//! written as answers arrive) and the hand-written answer object it shares with JSONL.
//!
//! The answer object is a public contract (JSON version 1): byte for byte what serde_json
//! writes for an `AnswerReport`. Fields may be added, never renamed; this module must not
//! change a byte of it.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::evidence::Evidence;
use crate::input::Diagnostic;
use crate::matcher::Signal;
use crate::score::{AnswerReport, Status};

/// The JSON contract, version 1: `{"version": 1, "answers": [...], "errors": [...],
/// "summary": {...}}`, written incrementally.
#[derive(Default)]
pub struct Json {
    wrote_answer: bool,
    problems: Vec<Diagnostic>,
    buf: Vec<u8>,
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\":1,\"answers\":[")
    }

    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        if self.wrote_answer {
            write!(out, ",")?;
        }
        self.wrote_answer = true;
        self.buf.clear();
        write_answer(&mut self.buf, report, false);
        out.write_all(&self.buf)
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.problems.push(problem.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        write!(out, "],\"errors\":")?;
        serde_json::to_writer(&mut *out, &self.problems).map_err(io::Error::other)?;
        write!(out, ",\"summary\":")?;
        serde_json::to_writer(&mut *out, summary).map_err(io::Error::other)?;
        writeln!(out, "}}")
    }
}

/// Appends `report` as compact JSON to `buf`, with `"type":"answer"` first when `tagged`:
/// byte for byte what serde_json writes for `report` (or `JsonlLine::Answer(report)`),
/// which stays the reference — tests compare the two on every kind of report.
///
/// Why by hand: serde's derived `Serialize` makes one call per key, each through
/// serde_json's string escaper with three buffer writes, ≈ 220 calls and ≈ 52 k
/// instructions per 250-word answer (callgrind; the 20 evidence spans alone were 25 k).
/// Keys and punctuation here are constant byte strings; every string *value* still goes
/// through serde_json's escaper and every float through serde_json's formatter, so
/// escaping and number formats cannot drift from the reference.
pub(super) fn write_answer(buf: &mut Vec<u8>, report: &AnswerReport, tagged: bool) {
    buf.extend_from_slice(if tagged {
        b"{\"type\":\"answer\",\"source\":"
    } else {
        b"{\"source\":"
    });
    json_str(buf, &report.source);
    buf.extend_from_slice(b",\"id\":");
    json_str(buf, &report.id);
    buf.extend_from_slice(b",\"question\":");
    match &report.question {
        Some(question) => json_str(buf, question),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"routed\":");
    json_bool(buf, report.routed);
    buf.extend_from_slice(b",\"route_confidence\":");
    json_opt_f64(buf, report.route_confidence);
    buf.extend_from_slice(b",\"coverage\":");
    json_f64(buf, report.coverage);
    buf.extend_from_slice(b",\"similarity\":");
    json_f64(buf, report.similarity);
    buf.extend_from_slice(b",\"specificity\":");
    json_opt_f64(buf, report.specificity);
    if let Some(reference) = &report.reference {
        buf.extend_from_slice(b",\"reference_similarity\":");
        json_f64(buf, reference.reference_similarity);
        buf.extend_from_slice(b",\"score\":");
        json_f64(buf, reference.score);
        buf.extend_from_slice(b",\"carried_by\":\"");
        buf.extend_from_slice(reference.carried_by.as_str().as_bytes());
        buf.push(b'"');
    }
    buf.extend_from_slice(b",\"concepts\":[");
    json_items(buf, report.concepts.iter(), |buf, concept| {
        buf.extend_from_slice(b"{\"id\":");
        json_str(buf, &concept.id);
        buf.extend_from_slice(b",\"label\":");
        json_str(buf, &concept.label);
        buf.extend_from_slice(b",\"weight\":");
        json_f64(buf, concept.weight);
        buf.extend_from_slice(b",\"required\":");
        json_bool(buf, concept.required);
        buf.extend_from_slice(b",\"covered\":");
        json_bool(buf, concept.covered);
        buf.extend_from_slice(match concept.status {
            Status::Covered => b",\"status\":\"covered\"",
            Status::Missed => b",\"status\":\"missed\"",
            Status::Negated => b",\"status\":\"negated\"",
            Status::Mentioned => b",\"status\":\"mentioned\"",
        });
        buf.extend_from_slice(match concept.signal {
            None => b",\"match\":null",
            Some(Signal::Phrase) => b",\"match\":\"phrase\"",
            Some(Signal::Partial) => b",\"match\":\"partial\"",
            Some(Signal::Semantic) => b",\"match\":\"semantic\"",
        });
        buf.extend_from_slice(b",\"strength\":");
        json_opt_f64(buf, concept.strength);
        if let Some(share) = concept.match_credit {
            buf.extend_from_slice(b",\"match_credit\":");
            json_f64(buf, share);
        }
        buf.extend_from_slice(b",\"evidence\":[");
        json_items(buf, &concept.evidence, json_evidence);
        buf.push(b']');
        if let Some(hint) = &concept.hint {
            buf.extend_from_slice(b",\"hint\":");
            json_str(buf, hint);
        }
        if let Some(sentence) = &concept.sample_sentence {
            buf.extend_from_slice(b",\"sample_sentence\":");
            json_str(buf, sentence);
        }
        buf.push(b'}');
    });
    buf.extend_from_slice(b"],\"missing_required\":");
    json_str_array(buf, &report.missing_required);
    buf.extend_from_slice(b",\"words\":");
    json_uint(buf, report.words as usize);
    buf.extend_from_slice(b",\"flags\":");
    json_array(buf, report.flags.iter().map(|f| f.as_str()));
    if !report.candidates.is_empty() {
        buf.extend_from_slice(b",\"candidates\":[");
        json_items(buf, report.candidates.iter(), |buf, candidate| {
            buf.extend_from_slice(b"{\"question\":");
            json_str(buf, &candidate.question);
            buf.extend_from_slice(b",\"confidence\":");
            json_f64(buf, candidate.confidence);
            buf.push(b'}');
        });
        buf.push(b']');
    }
    if !report.warnings.is_empty() {
        buf.extend_from_slice(b",\"warnings\":");
        json_str_array(buf, &report.warnings);
    }
    if !report.failures.is_empty() {
        buf.extend_from_slice(b",\"failures\":");
        json_array(buf, report.failures.iter().map(|f| f.as_str()));
    }
    buf.extend_from_slice(b",\"delivery\":");
    super::json_parts::write_delivery(buf, &report.delivery);
    if let Some(star) = &report.star {
        buf.extend_from_slice(b",\"star\":");
        super::json_parts::write_star(buf, star);
    }
    // Progress is occasional (only with `--previous`): serde_json's own output.
    if let Some(progress) = &report.progress {
        buf.extend_from_slice(b",\"progress\":");
        let _ = serde_json::to_writer(&mut *buf, progress);
    }
    buf.push(b'}');
}

/// An evidence span as serde_json writes an [`Evidence`].
pub(super) fn json_evidence(buf: &mut Vec<u8>, evidence: &Evidence) {
    buf.extend_from_slice(b"{\"start\":");
    json_uint(buf, evidence.start);
    buf.extend_from_slice(b",\"end\":");
    json_uint(buf, evidence.end);
    buf.extend_from_slice(b",\"text\":");
    json_str(buf, &evidence.text);
    buf.extend_from_slice(b",\"line\":");
    json_uint(buf, evidence.line);
    buf.extend_from_slice(b",\"column\":");
    json_uint(buf, evidence.column);
    if let Some(cue_start) = &evidence.cue_start {
        buf.extend_from_slice(b",\"cue_start\":");
        json_str(buf, cue_start);
    }
    buf.push(b'}');
}

/// A string as serde_json escapes it: `"` and `\\` with a backslash, `\\b \\t \\n \\f \\r`
/// short, other bytes below 0x20 as `\\u00xx`, everything else (DEL and non-ASCII
/// included) as is. Clean stretches are copied whole, found eight bytes at a time: most
/// values (labels, hints, evidence) have nothing to escape, and serde_json's escaper
/// (a table lookup per byte and a buffer write per call) was 34 M of 783 M instructions
/// on 2,000 answers (callgrind), ≈ 17 k per answer. A property test compares the two on
/// arbitrary strings.
pub(super) fn json_str(buf: &mut Vec<u8>, value: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = value.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
            // Whether any byte is below 0x20, a '"' or a '\\' (exact as an "any" test).
            let below = x.wrapping_sub(ONES * 0x20) & !x;
            let quote = (x ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES) & !(x ^ (ONES * u64::from(b'"')));
            let slash = (x ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES) & !(x ^ (ONES * u64::from(b'\\')));
            if (below | quote | slash) & HIGH == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(&bytes[clean..i]);
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
                i += 1;
                clean = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        buf.extend_from_slice(&bytes[clean..i]);
        buf.extend_from_slice(escape);
        i += 1;
        clean = i;
    }
    buf.extend_from_slice(&bytes[clean..]);
    buf.push(b'"');
}

/// A number through serde_json's formatter (`null` when not finite, as serde_json does).
pub(super) fn json_f64(buf: &mut Vec<u8>, value: f64) {
    let _ = serde_json::to_writer(&mut *buf, &value);
}

fn json_opt_f64(buf: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => json_f64(buf, value),
        None => buf.extend_from_slice(b"null"),
    }
}

pub(super) fn json_bool(buf: &mut Vec<u8>, value: bool) {
    buf.extend_from_slice(if value { b"true" } else { b"false" });
}

pub(super) fn json_uint(buf: &mut Vec<u8>, value: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

fn json_str_array(buf: &mut Vec<u8>, values: &[String]) {
    json_array(buf, values.iter().map(String::as_str));
}

fn json_array<'v>(buf: &mut Vec<u8>, values: impl Iterator<Item = &'v str>) {
    buf.push(b'[');
    json_items(buf, values, json_str);
    buf.push(b']');
}

/// Writes each item with `write`, commas between: the inside of a JSON array.
pub(super) fn json_items<T>(
    buf: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write(buf, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::bench::{Workload, WorkloadOptions};
    use crate::delivery::{Length, Pace, Pause, Timing};
    use crate::input::Answer;
    use crate::report::jsonl::JsonlLine;
    use crate::score::Engine;
    use crate::verdict::Flag;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]

        /// The escaper writes what serde_json writes, control characters, quotes,
        /// backslashes and non-ASCII included, at every position of an 8-byte block.
        #[test]
        fn strings_escape_as_serde_json_does(value in "([\\x00-\\x1f\"\\\\\\x7f]|[a-z ]{0,9}|\\PC){0,24}") {
            let mut ours = Vec::new();
            json_str(&mut ours, &value);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&value).unwrap());
        }
    }

    /// Both forms of `write_answer` against serde_json's output for the same report.
    fn assert_same_as_serde(report: &AnswerReport) {
        let mut buf = Vec::new();
        write_answer(&mut buf, report, true);
        let expected = serde_json::to_string(&JsonlLine::Answer(report)).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), expected);
        let mut buf = Vec::new();
        write_answer(&mut buf, report, false);
        assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string(report).unwrap());
    }

    #[test]
    fn answer_writer_matches_serde_on_every_kind_of_report() {
        let bank = Bank::embedded().unwrap();
        let engine = Engine::new(bank.clone()).unwrap();
        let mut reports = Vec::new();
        // Generated prose and transcripts, named and routed (candidates, confidence).
        for routing in [false, true] {
            let options = WorkloadOptions {
                answers: 60,
                routing,
                ..WorkloadOptions::default()
            };
            for a in Workload::new(&bank, options) {
                reports.push(
                    engine
                        .score(&Answer::from_text(&a.id, a.question.as_deref(), &a.text))
                        .unwrap(),
                );
            }
        }
        // Vague (unclear routing, no concepts), empty, negated, and strings that need
        // escaping in every field that holds text.
        let odd = [
            (None, "I think it depends on the context and the team."),
            (Some("q01"), ""),
            (
                Some("q04"),
                "We never used an error budget, and we don't do canary releases.",
            ),
            (
                Some("q04"),
                "SLOs \"per journey\" \\ error\tbudgets\u{1}, burn-rate alerts — blameless\r\npostmortems 😀 é",
            ),
        ];
        for (question, text) in odd {
            reports.push(
                engine
                    .score(&Answer::from_text("id \"quoted\"\n", question, text))
                    .unwrap(),
            );
        }
        let mut with_extras = reports[0].clone();
        with_extras.warnings = vec!["invalid UTF-8 replaced".into(), "\u{7f}\"".into()];
        with_extras.failures = vec![crate::verdict::Failure::new(
            crate::verdict::FailureKind::Coverage,
            "coverage 0.2 < 0.6 \"q\"".into(),
        )];
        with_extras.flags = vec![Flag::KeywordList, Flag::QuestionUnclear, Flag::Empty];
        with_extras.similarity = f64::NAN;
        with_extras.coverage = 1e-7;
        reports.push(with_extras.clone());
        // A question with a derived rubric: reference similarity, score and what carried it.
        for (coverage, reference) in [(0.0, 0.9), (1.0, 0.25)] {
            with_extras.reference = Some(crate::reference::ReferenceScore::new(coverage, reference));
            reports.push(with_extras.clone());
        }

        // Timed transcripts: every pace and length, pauses, non-finite rates.
        for (i, (pace, length)) in [
            (Pace::Slow, Length::Short),
            (Pace::Steady, Length::OnTarget),
            (Pace::Fast, Length::Long),
        ]
        .into_iter()
        .enumerate()
        {
            let mut timed = reports[i].clone();
            timed.delivery.target.length = length;
            timed.delivery.target.measured = true;
            timed.delivery.timing = Some(Timing {
                duration_seconds: 61.5,
                words_per_minute: 143.2,
                pace,
                long_pauses: (0..i)
                    .map(|k| Pause {
                        at_seconds: 12.25 * k as f64,
                        seconds: 2.5,
                        offset: k,
                    })
                    .collect(),
                cue_words_per_minute: [120.0, f64::NAN, 1e21, 0.1][..i + 1].to_vec(),
            });
            reports.push(timed);
        }

        assert!(reports.iter().any(|r| r.routed && !r.candidates.is_empty()));
        assert!(reports.iter().any(|r| !r.delivery.fillers.which.is_empty()));
        assert!(reports.iter().any(|r| !r.delivery.hedges.which.is_empty()));
        // STAR verdicts: found parts with evidence and cue, missing parts, a quantified result.
        let stars: Vec<&crate::star::Star> = reports.iter().filter_map(|r| r.star.as_ref()).collect();
        assert!(stars.iter().any(|s| s.quantified_evidence.is_some()));
        assert!(stars.iter().any(|s| !s.missing.is_empty()));
        assert!(stars
            .iter()
            .flat_map(|s| &s.parts)
            .any(|p| p.cue.is_some() && p.evidence.is_some()));
        assert!(reports.iter().any(|r| r.question.is_none()));
        assert!(reports.iter().flat_map(|r| &r.concepts).any(|c| c.hint.is_some()));
        assert!(reports
            .iter()
            .flat_map(|r| &r.concepts)
            .any(|c| c.status == Status::Negated));
        for report in &reports {
            assert_same_as_serde(report);
        }
    }
}
