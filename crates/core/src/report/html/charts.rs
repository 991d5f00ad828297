//! The page's small pictures: the coverage bar and the inline SVG charts of delivery
//! (speaking time against the target, filler and hedge tallies, pace per cue).
//!
//! Drawing only, from figures already in the report: it must not measure anything or link
//! an external image.

use std::fmt::Write as _;

use super::super::fmt::{clock, html_escape};
use crate::delivery::{Delivery, Length, Tally};

pub(super) fn bar(coverage: f64) -> String {
    let width = (coverage.clamp(0.0, 1.0) * 100.0).round();
    format!("<span class=\"bar\" aria-hidden=\"true\"><span style=\"width: {width}%\"></span></span>")
}

/// Horizontal bars: the answer's speaking time against the target.
pub(super) fn length_chart(d: &Delivery) -> String {
    let t = &d.target;
    let target = f64::from(t.seconds);
    let max = (target * 1.6).max(t.answer_seconds).max(1.0);
    let x = |s: f64| 8.0 + s / max * 284.0;
    let colour = if t.length == Length::OnTarget {
        "#2da44e"
    } else {
        "#bf8700"
    };
    let band = (
        x(target * (1.0 - crate::delivery::LENGTH_TOLERANCE)),
        x(target * (1.0 + crate::delivery::LENGTH_TOLERANCE)),
    );
    format!(
        "<svg viewBox=\"0 0 300 46\" width=\"300\" height=\"46\" role=\"img\" aria-label=\"speaking time {} against target {}\">\
<rect x=\"{:.1}\" y=\"4\" width=\"{:.1}\" height=\"22\" fill=\"#dafbe1\"/>\
<rect x=\"8\" y=\"9\" width=\"{:.1}\" height=\"12\" rx=\"3\" fill=\"{colour}\"/>\
<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"2\" y2=\"28\" stroke=\"#1f2328\" stroke-width=\"2\"/>\
<text x=\"{:.1}\" y=\"20\" font-size=\"11\" fill=\"#1f2328\">{}</text>\
<text x=\"8\" y=\"42\" font-size=\"11\" fill=\"#57606a\">0:00</text>\
<text x=\"{:.1}\" y=\"42\" font-size=\"11\" fill=\"#1f2328\" text-anchor=\"middle\">target {}</text></svg>",
        clock(t.answer_seconds),
        clock(target),
        band.0,
        band.1 - band.0,
        x(t.answer_seconds) - 8.0,
        x(target),
        x(target),
        (x(t.answer_seconds) + 4.0).min(262.0),
        clock(t.answer_seconds),
        x(target),
        clock(target),
    )
}

/// Bars per filler or hedge word.
pub(super) fn tally_chart(label: &str, tally: &Tally, colour: &str) -> String {
    if tally.which.is_empty() {
        return format!("<p class=\"note\">No {label}.</p>");
    }
    let rows = tally.which.len().min(6);
    let max = tally.which.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    let mut svg = format!(
        "<svg viewBox=\"0 0 300 {h}\" width=\"300\" height=\"{h}\" role=\"img\" aria-label=\"{label} by word\">",
        h = rows * 18 + 4
    );
    for (i, c) in tally.which.iter().take(rows).enumerate() {
        let y = i * 18 + 2;
        let w = f64::from(c.count) / f64::from(max) * 150.0;
        let _ = write!(
            svg,
            "<text x=\"90\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1f2328\">{}</text>\
<rect x=\"96\" y=\"{y}\" width=\"{w:.1}\" height=\"13\" rx=\"2\" fill=\"{colour}\"/>\
<text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"#57606a\">{}</text>",
            y + 11,
            html_escape(&c.word),
            100.0 + w,
            y + 11,
            c.count
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Words per minute cue by cue, with the steady band shaded.
pub(super) fn pace_chart(d: &Delivery) -> Option<String> {
    let timing = d.timing.as_ref()?;
    let values = &timing.cue_words_per_minute;
    if values.is_empty() {
        return None;
    }
    let wanted = f64::from(d.target.words_per_minute);
    let max = values.iter().copied().fold(wanted * 1.5, f64::max).max(1.0);
    let (w, h) = (300.0, 90.0);
    let y = |v: f64| h - 14.0 - v / max * (h - 22.0);
    let step = (w - 16.0) / values.len() as f64;
    let mut svg = String::from(
        "<svg viewBox=\"0 0 300 90\" width=\"300\" height=\"90\" role=\"img\" aria-label=\"words per minute by cue\">",
    );
    for (i, &v) in values.iter().enumerate() {
        let x = 8.0 + i as f64 * step;
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#0969da\"><title>cue {}: {:.0} wpm</title></rect>",
            x + 1.0,
            y(v),
            (step - 2.0).max(1.0),
            (h - 14.0 - y(v)).max(0.0),
            i + 1,
            v
        );
    }
    // The steady band over the bars, translucent, and the target rate dashed.
    let _ = write!(
        svg,
        "<rect x=\"8\" y=\"{:.1}\" width=\"284\" height=\"{:.1}\" fill=\"#2da44e\" fill-opacity=\"0.25\"/>\
<line x1=\"8\" x2=\"292\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1a7f37\" stroke-dasharray=\"4 3\"/>",
        y(wanted * (1.0 + crate::delivery::PACE_TOLERANCE)),
        y(wanted * (1.0 - crate::delivery::PACE_TOLERANCE)) - y(wanted * (1.0 + crate::delivery::PACE_TOLERANCE)),
        y(wanted),
        y(wanted),
    );
    let _ = write!(
        svg,
        "<text x=\"8\" y=\"86\" font-size=\"11\" fill=\"#57606a\">wpm cue by cue · green band: steady {:.0}–{:.0}</text></svg>",
        wanted * (1.0 - crate::delivery::PACE_TOLERANCE),
        wanted * (1.0 + crate::delivery::PACE_TOLERANCE)
    );
    Some(svg)
}
