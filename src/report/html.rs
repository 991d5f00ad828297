//! The HTML report: one self-contained page (inline CSS, a few lines of inline script, no
//! external resources) that works offline and on a phone. An overview of every answer
//! links to each answer's section: its full text with every evidence span highlighted in
//! the colour of its concept's status (hovering, focusing or tapping a concept lights its
//! spans up), misses with their hint and the sample answer's sentence, the routing guess
//! and its alternatives, delivery figures with small inline SVG charts, STAR structure and
//! progress since the previous draft.
//!
//! Answers are held until `finish`, because the overview comes first. Everything taken
//! from answers, file names and the bank is escaped ([`html_escape`]). Output is
//! deterministic: the same answers give the same bytes. Must not decide verdicts; it shows
//! what the reports hold.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use super::fmt::{clock, html_escape, length_words, pace_words, percent, plural, status_word};
use super::{verdict, Questions, Reporter, Summary};
use crate::delivery::{Delivery, Length, Tally};
use crate::input::Diagnostic;
use crate::score::{AnswerReport, Status};

/// The HTML reporter.
pub struct Html<'b> {
    questions: Questions<'b>,
    answers: Vec<Entry>,
    problems: Vec<Diagnostic>,
}

impl<'b> Html<'b> {
    pub fn new(questions: Questions<'b>) -> Html<'b> {
        Html {
            questions,
            answers: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// An answer as shown: the report and the question's text.
struct Entry {
    report: AnswerReport,
    question: Option<(String, String)>,
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>anscov report</title>
<style>
:root { --covered: #1a7f37; --covered-bg: #dafbe1; --mentioned: #9a6700; --mentioned-bg: #fff8c5; --negated: #8250df; --negated-bg: #fbefff; --missed: #cf222e; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem; margin: 0 auto; padding: 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.2rem; margin: .2rem 0; overflow-wrap: anywhere; } h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
a { color: #0969da; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass, .up { color: var(--covered); } .fail, .down { color: var(--missed); } .unclear, .scored { color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 1rem; border: 1px solid currentColor; vertical-align: middle; white-space: nowrap; }
.guess { color: #9a6700; }
section.answer { border-top: 3px solid var(--line); margin-top: 1.5rem; padding-top: .5rem; }
.question { color: var(--muted); margin: .2rem 0 .6rem; }
.bar { display: inline-block; width: 6rem; height: .6rem; background: #eaeef2; border-radius: .3rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2da44e; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: .4rem; padding: .6rem .8rem; background: #f6f8fa; font-size: .95rem; }
mark { border-radius: .2rem; padding: 0 .1rem; color: inherit; }
mark.covered { background: var(--covered-bg); box-shadow: inset 0 -2px var(--covered); }
mark.mentioned { background: var(--mentioned-bg); box-shadow: inset 0 -2px var(--mentioned); }
mark.negated { background: var(--negated-bg); box-shadow: inset 0 -2px var(--negated); }
mark.on { outline: 3px solid #0969da; outline-offset: 1px; }
.filler { text-decoration: underline wavy #bf8700; text-underline-offset: 3px; }
.pause { color: var(--muted); font-size: .8rem; border: 1px dashed var(--muted); border-radius: .3rem; padding: 0 .25rem; white-space: nowrap; }
ul.concepts { list-style: none; padding: 0; margin: .4rem 0; }
ul.concepts li { padding: .3rem .4rem; border-left: 4px solid var(--line); margin: .25rem 0; border-radius: .2rem; }
ul.concepts li[data-for] { cursor: pointer; }
ul.concepts li.on { background: #ddf4ff; }
li.covered { border-left-color: var(--covered) !important; } li.mentioned { border-left-color: var(--mentioned) !important; } li.negated { border-left-color: var(--negated) !important; } li.missed { border-left-color: var(--missed) !important; }
.status { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; margin-right: .3rem; }
li.covered .status { color: var(--covered); } li.mentioned .status { color: var(--mentioned); } li.negated .status { color: var(--negated); } li.missed .status { color: var(--missed); }
.hint, .sample, .note { color: var(--muted); font-size: .9rem; display: block; }
.sample::before { content: "Sample answer: "; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: .6rem 1.5rem; align-items: flex-start; }
.figures > div { min-width: 14rem; flex: 1 1 14rem; }
svg { max-width: 100%; height: auto; display: block; }
.legend span { margin-right: .8rem; font-size: .85rem; white-space: nowrap; }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 15px; }
  table.overview thead { display: none; }
  table.overview tr { display: block; border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.overview td { display: inline-block; border: 0; padding: .1rem .5rem .1rem 0; text-align: left; }
  table.overview td:first-child { display: block; }
  table.overview td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-size: .8rem; }
  table.overview td.empty { display: none; }
}
.legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: .2rem; vertical-align: -1px; margin-right: .25rem; }
</style>
</head>
<body>
<h1>anscov report</h1>
"#;

const SCRIPT: &str = r#"<script>
(function () {
  var items = document.querySelectorAll("li[data-for]");
  function set(item, on) {
    var id = item.getAttribute("data-for");
    item.classList.toggle("on", on);
    document.querySelectorAll('mark[data-c="' + id + '"]').forEach(function (m) { m.classList.toggle("on", on); });
  }
  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { set(item, true); });
    item.addEventListener("mouseleave", function () { if (!item.dataset.pinned) set(item, false); });
    item.addEventListener("focus", function () { set(item, true); });
    item.addEventListener("blur", function () { if (!item.dataset.pinned) set(item, false); });
    item.addEventListener("click", function () {
      var pinned = !item.dataset.pinned;
      if (pinned) { item.dataset.pinned = "1"; } else { delete item.dataset.pinned; }
      set(item, pinned);
      var first = document.querySelector('mark[data-c="' + item.getAttribute("data-for") + '"]');
      if (pinned && first && first.scrollIntoView) { first.scrollIntoView({ block: "nearest" }); }
    });
  });
})();
</script>
"#;

fn status_class(status: Status) -> &'static str {
    status_word(status)
}

fn bar(coverage: f64) -> String {
    let width = (coverage.clamp(0.0, 1.0) * 100.0).round();
    format!("<span class=\"bar\" aria-hidden=\"true\"><span style=\"width: {width}%\"></span></span>")
}

/// `text[from..to]` escaped, with line breaks inside a paragraph shown as spaces so
/// prose wrapped at 80 columns reflows on a phone; blank lines, list items, headings and
/// quotes keep their breaks.
fn prose(text: &str, from: usize, to: usize) -> String {
    let piece = &text[from..to];
    if !piece.contains('\n') {
        return html_escape(piece);
    }
    let mut flowed = String::with_capacity(piece.len());
    for (i, c) in piece.char_indices() {
        let at = from + i;
        if c == '\n' {
            let before = text[..at].chars().next_back();
            let after = text[at + 1..].trim_start_matches([' ', '\t']);
            let block = after.is_empty()
                || after.starts_with(['\n', '-', '*', '+', '#', '>', '|'])
                || after
                    .split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                || before.is_none_or(|b| b == '\n');
            flowed.push(if block { '\n' } else { ' ' });
        } else {
            flowed.push(c);
        }
    }
    html_escape(&flowed)
}

/// What is drawn over the answer text: a highlighted evidence span, a filler, a pause.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Concept { class: &'static str, id: String },
    Filler,
}

/// The answer's text with evidence spans, fillers and long pauses marked up. Overlapping
/// spans: the earlier one wins (longer first when they start together), so the page never
/// nests marks across each other.
fn answer_text(out: &mut String, n: usize, report: &AnswerReport) {
    let text = &report.text;
    let range = report.range.clone();
    let mut spans: Vec<(Range<usize>, Mark)> = Vec::new();
    for (ci, concept) in report.concepts.iter().enumerate() {
        if concept.status == Status::Missed {
            continue;
        }
        for e in &concept.evidence {
            spans.push((
                e.start..e.end,
                Mark::Concept {
                    class: status_class(concept.status),
                    id: format!("a{n}-c{ci}"),
                },
            ));
        }
    }
    for span in &report.delivery.fillers.spans {
        spans.push((span.clone(), Mark::Filler));
    }
    spans.retain(|(r, _)| r.start >= range.start && r.end <= range.end && r.start < r.end);
    spans.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then(b.0.end.cmp(&a.0.end))
            .then(a.1.cmp(&b.1))
    });
    let pauses: Vec<(usize, f64)> = report
        .delivery
        .timing
        .as_ref()
        .map(|t| t.long_pauses.iter().map(|p| (p.offset, p.seconds)).collect())
        .unwrap_or_default();
    let mut pause_iter = pauses.iter().peekable();
    let mut at = range.start;
    out.push_str("<div class=\"text\">");
    let plain = |out: &mut String,
                 from: usize,
                 to: usize,
                 pause_iter: &mut std::iter::Peekable<std::slice::Iter<'_, (usize, f64)>>| {
        let mut from = from;
        while let Some(&&(offset, seconds)) = pause_iter.peek() {
            if offset > to {
                break;
            }
            // A pause inside a highlighted span is shown just after it.
            let offset = offset.max(from);
            out.push_str(&prose(text, from, offset));
            let _ = write!(
                out,
                "<span class=\"pause\" title=\"long pause\">pause {seconds:.1} s</span> "
            );
            from = offset;
            pause_iter.next();
        }
        out.push_str(&prose(text, from, to));
    };
    for (span, mark) in spans {
        if span.start < at {
            continue;
        }
        plain(out, at, span.start, &mut pause_iter);
        let inner = prose(text, span.start, span.end);
        match mark {
            Mark::Concept { class, id } => {
                let _ = write!(out, "<mark class=\"{class}\" data-c=\"{id}\">{inner}</mark>");
            }
            Mark::Filler => {
                let _ = write!(out, "<span class=\"filler\" title=\"filler\">{inner}</span>");
            }
        }
        at = span.end;
    }
    plain(out, at, range.end, &mut pause_iter);
    out.push_str("</div>\n");
}

/// Horizontal bars: the answer's speaking time against the target.
fn length_chart(d: &Delivery) -> String {
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
fn tally_chart(label: &str, tally: &Tally, colour: &str) -> String {
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
fn pace_chart(d: &Delivery) -> Option<String> {
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

fn delivery_section(out: &mut String, d: &Delivery) {
    let t = &d.target;
    out.push_str("<h3>Delivery</h3>\n<div class=\"figures\">\n<div>");
    let how = if t.measured { "spoken" } else { "estimated" };
    let _ = write!(
        out,
        "<p>{} words · {} {how}{} · target {} ({} words): <strong>{}</strong></p>",
        d.words,
        clock(t.answer_seconds),
        if t.measured {
            String::new()
        } else {
            format!(" at {} wpm", t.words_per_minute)
        },
        clock(f64::from(t.seconds)),
        t.words,
        length_words(t.length)
    );
    out.push_str(&length_chart(d));
    if let Some(timing) = &d.timing {
        let _ = write!(
            out,
            "<p>Pace <strong>{:.0} words per minute</strong> over {} ({}) · ",
            timing.words_per_minute,
            clock(timing.duration_seconds),
            pace_words(timing.pace)
        );
        if timing.long_pauses.is_empty() {
            out.push_str("no long pauses</p>");
        } else {
            let list: Vec<String> = timing
                .long_pauses
                .iter()
                .map(|p| format!("{:.1} s at {}", p.seconds, clock(p.at_seconds)))
                .collect();
            let _ = write!(
                out,
                "{} long pause{}: {}</p>",
                timing.long_pauses.len(),
                plural(timing.long_pauses.len()),
                list.join(", ")
            );
        }
        if let Some(chart) = pace_chart(d) {
            out.push_str(&chart);
        }
    }
    out.push_str("</div>\n<div>");
    let _ = write!(
        out,
        "<p>Fillers <strong>{:.1}</strong> per 100 words ({})</p>",
        d.fillers.per_100_words, d.fillers.count
    );
    out.push_str(&tally_chart("fillers", &d.fillers, "#bf8700"));
    let _ = write!(
        out,
        "<p>Hedges <strong>{:.1}</strong> per 100 words ({})</p>",
        d.hedges.per_100_words, d.hedges.count
    );
    out.push_str(&tally_chart("hedges", &d.hedges, "#8250df"));
    out.push_str("</div>\n</div>\n");
}

fn star_section(out: &mut String, star: &crate::star::Star) {
    out.push_str("<h3>STAR structure</h3>\n<ul class=\"concepts\">\n");
    for e in &star.parts {
        match &e.evidence {
            Some(ev) => {
                let _ = writeln!(
                    out,
                    "<li class=\"covered\"><span class=\"status\">found</span>{} <span class=\"hint\">“{}” (line {})</span></li>",
                    e.part.name(),
                    html_escape(&ev.text),
                    ev.line
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<li class=\"missed\"><span class=\"status\">missing</span>{} <span class=\"hint\">{}</span></li>",
                    e.part.name(),
                    html_escape(e.part.advice())
                );
            }
        }
    }
    if star.parts[3].found {
        match &star.quantified_evidence {
            Some(ev) => {
                let _ = writeln!(
                    out,
                    "<li class=\"covered\"><span class=\"status\">quantified</span>result <span class=\"hint\">“{}”</span></li>",
                    html_escape(&ev.text)
                );
            }
            None => out.push_str(
                "<li class=\"mentioned\"><span class=\"status\">not quantified</span>result <span class=\"hint\">Give a number or a before/after.</span></li>\n",
            ),
        }
    }
    out.push_str("</ul>\n");
}

fn progress_line(p: &crate::progress::Progress) -> String {
    let delta = (p.coverage.after - p.coverage.before) * 100.0;
    let class = if delta >= 0.0 { "up" } else { "down" };
    format!(
        "<span class=\"{class}\">{delta:+.0}</span> since draft {} (+{} / −{} concepts)",
        p.previous_draft,
        p.gained.len(),
        p.lost.len()
    )
}

fn progress_section(out: &mut String, p: &crate::progress::Progress) {
    let _ = writeln!(
        out,
        "<h3>Since draft {} <span class=\"note\">{}</span></h3>",
        p.previous_draft,
        html_escape(&p.previous)
    );
    let _ = write!(
        out,
        "<p>Coverage {} → {} ({}) · words {} → {} · fillers {:.1} → {:.1} per 100 · hedges {:.1} → {:.1} per 100",
        percent(p.coverage.before),
        percent(p.coverage.after),
        progress_line(p),
        p.words.before,
        p.words.after,
        p.fillers_per_100_words.before,
        p.fillers_per_100_words.after,
        p.hedges_per_100_words.before,
        p.hedges_per_100_words.after
    );
    if let Some(wpm) = &p.words_per_minute {
        let _ = write!(out, " · pace {:.0} → {:.0} wpm", wpm.before, wpm.after);
    }
    out.push_str("</p>\n<ul class=\"concepts\">\n");
    for (changes, word, class) in [(&p.gained, "gained", "covered"), (&p.lost, "lost", "missed")] {
        for c in changes {
            let _ = writeln!(
                out,
                "<li class=\"{class}\"><span class=\"status\">{word}</span>{} <span class=\"hint\">{} → {}</span></li>",
                html_escape(&c.label),
                status_word(c.from),
                status_word(c.to)
            );
        }
    }
    out.push_str("</ul>\n");
}

fn answer_section(out: &mut String, n: usize, entry: &Entry) {
    let report = &entry.report;
    let verdict = verdict(report).as_str();
    let _ = writeln!(
        out,
        "<section class=\"answer\" id=\"a{n}\">\n<h2>{} <span class=\"tag {verdict}\">{verdict}</span></h2>",
        html_escape(&report.source)
    );
    match &entry.question {
        Some((id, text)) => {
            let _ = writeln!(
                out,
                "<p class=\"question\"><strong>{}</strong> {}</p>",
                html_escape(id),
                html_escape(text)
            );
        }
        None => out.push_str("<p class=\"question unclear\">Question unclear: name it with front matter <code>question: q04</code> or a file name such as <code>q04.md</code>.</p>\n"),
    }
    if report.routed {
        let alternatives: Vec<String> = report
            .candidates
            .iter()
            .filter(|c| Some(&c.question) != report.question.as_ref())
            .map(|c| format!("{} {}", html_escape(&c.question), percent(c.confidence)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"guess\"><span class=\"tag\">guessed</span> The answer does not name its question{}; alternatives: {}.</p>",
            match (report.question.as_deref(), report.route_confidence) {
                (Some(q), Some(c)) => format!(": guessed {} with {} confidence", html_escape(q), percent(c)),
                _ => String::new(),
            },
            if alternatives.is_empty() {
                "none".to_string()
            } else {
                alternatives.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "<p>Coverage {} <strong>{}</strong> · similarity {:.2} · {} words</p>",
        bar(report.coverage),
        percent(report.coverage),
        report.similarity,
        report.words
    );
    if let Some(r) = &report.reference {
        let _ = writeln!(
            out,
            "<p>Reference answer {:.2} · score <strong>{}</strong> (carried by the {})</p>",
            r.reference_similarity,
            percent(r.score),
            super::fmt::carried_by_words(r.carried_by)
        );
    }
    if !report.concepts.is_empty() {
        out.push_str("<div class=\"legend\"><span><i style=\"background: var(--covered-bg); box-shadow: inset 0 -2px var(--covered)\"></i>covered</span><span><i style=\"background: var(--mentioned-bg); box-shadow: inset 0 -2px var(--mentioned)\"></i>mentioned</span><span><i style=\"background: var(--negated-bg); box-shadow: inset 0 -2px var(--negated)\"></i>negated</span><span><span class=\"filler\">filler</span></span></div>\n");
    }
    answer_text(out, n, report);
    if !report.concepts.is_empty() {
        out.push_str("<h3>Concepts</h3>\n<ul class=\"concepts\">\n");
        for (ci, c) in report.concepts.iter().enumerate() {
            let class = status_class(c.status);
            let target = if c.evidence.is_empty() || c.status == Status::Missed {
                String::new()
            } else {
                format!(" data-for=\"a{n}-c{ci}\" tabindex=\"0\"")
            };
            let _ = write!(
                out,
                "<li class=\"{class}\"{target}><span class=\"status\">{class}</span>{}",
                html_escape(&c.label)
            );
            if c.required {
                out.push_str(" <em>(required)</em>");
            }
            if let Some(e) = c.evidence.first() {
                let _ = write!(out, " <span class=\"note\">line {}</span>", e.line);
            }
            if c.status == Status::Mentioned {
                out.push_str("<span class=\"hint\">Named, not explained: say how, with a number, an example or the mechanism.</span>");
            }
            if let Some(hint) = &c.hint {
                let _ = write!(out, "<span class=\"hint\">{}</span>", html_escape(hint));
            }
            if let Some(sentence) = &c.sample_sentence {
                let _ = write!(out, "<span class=\"sample\">“{}”</span>", html_escape(sentence));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if let Some(star) = &report.star {
        star_section(out, star);
    }
    delivery_section(out, &report.delivery);
    if let Some(p) = &report.progress {
        progress_section(out, p);
    }
    if !report.failures.is_empty() {
        out.push_str("<ul class=\"fail\">\n");
        for f in &report.failures {
            let _ = writeln!(out, "<li>{}</li>", html_escape(f.as_str()));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<p><a href=\"#overview\">↑ overview</a></p>\n</section>\n");
}

fn overview(out: &mut String, entries: &[Entry], summary: &Summary) {
    let _ = writeln!(
        out,
        "<p id=\"overview\">{} answer{}, mean coverage {}, {} failed, {} input error{}.</p>",
        summary.answers,
        plural(summary.answers),
        percent(summary.mean_coverage),
        summary.failed,
        summary.problems,
        plural(summary.problems)
    );
    out.push_str("<div class=\"scroll\"><table class=\"overview\">\n<thead><tr><th>Answer</th><th>Question</th><th class=\"num\">Coverage</th><th>Required missing</th><th class=\"num\">Words</th><th class=\"num\">Pace</th><th class=\"num\">Fillers /100</th><th>Drafts</th></tr></thead>\n<tbody>\n");
    for (n, entry) in entries.iter().enumerate() {
        let r = &entry.report;
        let question = match (&r.question, r.routed) {
            (Some(q), true) => format!("{} <span class=\"tag guess\">guessed</span>", html_escape(q)),
            (Some(q), false) => html_escape(q),
            (None, _) => "<span class=\"unclear\">unclear</span>".to_string(),
        };
        let missing: Vec<String> = r
            .concepts
            .iter()
            .filter(|c| c.required && !c.covered)
            .map(|c| html_escape(&c.label))
            .collect();
        let pace = r
            .delivery
            .timing
            .as_ref()
            .map_or_else(|| "—".to_string(), |t| format!("{:.0} wpm", t.words_per_minute));
        let drafts = r.progress.as_ref().map_or_else(String::new, progress_line);
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#a{n}\">{}</a></td><td>{question}</td><td class=\"num\">{} {}</td><td data-label=\"missing:\"{}>{}</td><td class=\"num\" data-label=\"words\">{}</td><td class=\"num{}\" data-label=\"pace\">{pace}</td><td class=\"num\" data-label=\"fillers /100\">{:.1}</td><td class=\"{}\" data-label=\"drafts\">{drafts}</td></tr>",
            html_escape(&r.source),
            bar(r.coverage),
            percent(r.coverage),
            if missing.is_empty() { " class=\"empty\"" } else { "" },
            if missing.is_empty() { "—".to_string() } else { missing.join("; ") },
            r.delivery.words,
            if r.delivery.timing.is_none() { " empty" } else { "" },
            r.delivery.fillers.per_100_words,
            if r.progress.is_none() { "empty" } else { "" },
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

impl Reporter for Html<'_> {
    fn answer(&mut self, _out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let question = self.questions.of(report).map(|q| (q.id.clone(), q.text.clone()));
        self.answers.push(Entry {
            report: report.clone(),
            question,
        });
        Ok(())
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.problems.push(problem.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut page = String::with_capacity(HEAD.len() + 8192 * self.answers.len().max(1));
        page.push_str(HEAD);
        overview(&mut page, &self.answers, summary);
        if !self.problems.is_empty() {
            page.push_str("<h3>Input errors</h3>\n<ul class=\"fail\">\n");
            for p in &self.problems {
                let _ = writeln!(page, "<li>{}: {}</li>", html_escape(&p.source), html_escape(&p.message));
            }
            page.push_str("</ul>\n");
        }
        if !summary.unanswered.is_empty() {
            let _ = writeln!(
                page,
                "<h3>Unanswered questions</h3>\n<p>{}</p>",
                html_escape(&summary.unanswered.join(", "))
            );
        }
        for (n, entry) in self.answers.iter().enumerate() {
            answer_section(&mut page, n, entry);
        }
        page.push_str(SCRIPT);
        page.push_str("</body>\n</html>\n");
        out.write_all(page.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::input::Answer;
    use crate::score::Engine;

    fn page(answers: &[(&str, Option<&str>, &str)]) -> String {
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let mut html = Html::new(Questions::new(engine.bank()));
        let mut out = Vec::new();
        let mut summary = Summary::default();
        let mut drafts = crate::progress::Drafts::default();
        for (id, q, text) in answers {
            let mut report = engine.score(&Answer::from_text(id, *q, text)).unwrap();
            report.progress = drafts.observe(&report);
            summary.add(&report);
            html.answer(&mut out, &report).unwrap();
        }
        html.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn answer_text_is_shown_escaped_with_marked_evidence() {
        let html = page(&[(
            "q04 <b>.md",
            Some("q04"),
            "Um, we set SLOs per journey <script>alert(1)</script> and spend the error budget.",
        )]);
        assert!(!html.contains("<script>alert(1)"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("q04 &lt;b&gt;.md"));
        assert!(
            html.contains("<mark class=\"covered\" data-c=\"a0-c0\">SLOs</mark>"),
            "{html}"
        );
        assert!(html.contains("data-for=\"a0-c0\""));
        assert!(html.contains("<span class=\"filler\" title=\"filler\">Um</span>"));
        assert!(html.contains("class=\"sample\""));
        assert!(html.contains("<svg"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no external resources"
        );
    }

    #[test]
    fn routed_answers_are_marked_guessed_and_drafts_compared() {
        let answers = [
            ("q04-draft1.md", Some("q04"), "We run blameless postmortems."),
            (
                "q04-draft2.md",
                Some("q04"),
                "We set SLOs per journey and an error budget; blameless postmortems with tracked actions.",
            ),
            (
                "notes.md",
                None,
                "We restore backups into a separate account every quarter and agreed RPO and RTO with the business, with cross-region replicas.",
            ),
        ];
        let html = page(&answers);
        assert!(html.contains("<span class=\"tag\">guessed</span>"), "{html}");
        assert!(html.contains("alternatives: "));
        assert!(html.contains("since draft 1"), "{html}");
        assert!(html.contains("<span class=\"status\">gained</span>"));
        assert_eq!(html, page(&answers), "deterministic");
    }
}
