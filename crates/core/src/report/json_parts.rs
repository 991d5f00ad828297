//! The delivery and STAR objects of an answer line (`"delivery":{…}`, `"star":{…}`),
//! written by hand like the rest of the answer object in `json.rs`: byte for byte what
//! serde_json writes for [`Delivery`] and [`Star`] (the tests in `json.rs` compare the
//! two on every kind of report, timed transcripts and STAR verdicts included).
//!
//! Writing only: it must not decide what goes in them (that is `delivery`'s and `star`'s)
//! or write any other part of the line (`json.rs`).
//!
//! Why by hand: through serde_json these two objects were one call per key, each key
//! through its string escaper — ≈ 20 M of 736 M instructions on 2,000 generated answers
//! (callgrind), ≈ 10 k per answer, a third of writing the whole line.

use super::json::{json_bool, json_evidence, json_f64, json_items, json_str, json_uint};
use crate::delivery::{Delivery, Length, Pace, Tally};
use crate::star::Star;

/// `report.delivery` as serde_json writes it.
pub(super) fn write_delivery(buf: &mut Vec<u8>, delivery: &Delivery) {
    buf.extend_from_slice(b"{\"words\":");
    json_uint(buf, delivery.words as usize);
    buf.extend_from_slice(b",\"fillers\":");
    write_tally(buf, &delivery.fillers);
    buf.extend_from_slice(b",\"hedges\":");
    write_tally(buf, &delivery.hedges);
    let target = &delivery.target;
    buf.extend_from_slice(b",\"target\":{\"seconds\":");
    json_uint(buf, target.seconds as usize);
    buf.extend_from_slice(b",\"words_per_minute\":");
    json_uint(buf, target.words_per_minute as usize);
    buf.extend_from_slice(b",\"words\":");
    json_uint(buf, target.words as usize);
    buf.extend_from_slice(b",\"answer_seconds\":");
    json_f64(buf, target.answer_seconds);
    buf.extend_from_slice(b",\"measured\":");
    json_bool(buf, target.measured);
    buf.extend_from_slice(match target.length {
        Length::Short => b",\"length\":\"short\"}",
        Length::OnTarget => b",\"length\":\"on-target\"}",
        Length::Long => b",\"length\":\"long\"}",
    });
    if let Some(timing) = &delivery.timing {
        buf.extend_from_slice(b",\"timing\":{\"duration_seconds\":");
        json_f64(buf, timing.duration_seconds);
        buf.extend_from_slice(b",\"words_per_minute\":");
        json_f64(buf, timing.words_per_minute);
        buf.extend_from_slice(match timing.pace {
            Pace::Slow => b",\"pace\":\"slow\"",
            Pace::Steady => b",\"pace\":\"steady\"",
            Pace::Fast => b",\"pace\":\"fast\"",
        });
        buf.extend_from_slice(b",\"long_pauses\":[");
        json_items(buf, timing.long_pauses.iter(), |buf, pause| {
            buf.extend_from_slice(b"{\"at_seconds\":");
            json_f64(buf, pause.at_seconds);
            buf.extend_from_slice(b",\"seconds\":");
            json_f64(buf, pause.seconds);
            buf.push(b'}');
        });
        buf.extend_from_slice(b"],\"cue_words_per_minute\":[");
        json_items(buf, timing.cue_words_per_minute.iter(), |buf, &wpm| {
            json_f64(buf, wpm);
        });
        buf.extend_from_slice(b"]}");
    }
    buf.push(b'}');
}

fn write_tally(buf: &mut Vec<u8>, tally: &Tally) {
    buf.extend_from_slice(b"{\"count\":");
    json_uint(buf, tally.count as usize);
    buf.extend_from_slice(b",\"per_100_words\":");
    json_f64(buf, tally.per_100_words);
    buf.extend_from_slice(b",\"which\":[");
    json_items(buf, tally.which.iter(), |buf, count| {
        buf.extend_from_slice(b"{\"word\":");
        json_str(buf, &count.word);
        buf.extend_from_slice(b",\"count\":");
        json_uint(buf, count.count as usize);
        buf.push(b'}');
    });
    buf.extend_from_slice(b"]}");
}

/// `report.star` as serde_json writes it.
pub(super) fn write_star(buf: &mut Vec<u8>, star: &Star) {
    buf.extend_from_slice(b"{\"parts\":[");
    json_items(buf, star.parts.iter(), |buf, element| {
        buf.extend_from_slice(b"{\"part\":\"");
        buf.extend_from_slice(element.part.name().as_bytes());
        buf.extend_from_slice(b"\",\"found\":");
        json_bool(buf, element.found);
        if let Some(evidence) = &element.evidence {
            buf.extend_from_slice(b",\"evidence\":");
            json_evidence(buf, evidence);
        }
        if let Some(cue) = &element.cue {
            buf.extend_from_slice(b",\"cue\":");
            json_str(buf, cue);
        }
        buf.push(b'}');
    });
    buf.extend_from_slice(b"],\"missing\":[");
    json_items(buf, star.missing.iter(), |buf, part| {
        buf.push(b'"');
        buf.extend_from_slice(part.name().as_bytes());
        buf.push(b'"');
    });
    buf.extend_from_slice(b"],\"result_quantified\":");
    json_bool(buf, star.result_quantified);
    if let Some(evidence) = &star.quantified_evidence {
        buf.extend_from_slice(b",\"quantified_evidence\":");
        json_evidence(buf, evidence);
    }
    buf.push(b'}');
}
