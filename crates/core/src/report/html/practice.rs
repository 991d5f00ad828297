//! Practice feedback sections of an answer: delivery figures with their charts, STAR
//! structure, and progress since the previous draft.
//!
//! Shows what the report's `delivery`, `star` and `progress` hold, escaped; it must not
//! measure a figure (`crate::delivery`, `crate::star`, `crate::progress` do).

use std::fmt::Write as _;

use super::super::fmt::{clock, html_escape, length_words, pace_words, percent, plural, status_word};
use super::charts::{length_chart, pace_chart, tally_chart};
use crate::delivery::Delivery;

pub(super) fn delivery_section(out: &mut String, d: &Delivery) {
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

pub(super) fn star_section(out: &mut String, star: &crate::star::Star) {
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

pub(super) fn progress_line(p: &crate::progress::Progress) -> String {
    let delta = (p.coverage.after - p.coverage.before) * 100.0;
    let class = if delta >= 0.0 { "up" } else { "down" };
    format!(
        "<span class=\"{class}\">{delta:+.0}</span> since draft {} (+{} / −{} concepts)",
        p.previous_draft,
        p.gained.len(),
        p.lost.len()
    )
}

pub(super) fn progress_section(out: &mut String, p: &crate::progress::Progress) {
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
