//! One answer's section: source and verdict, the question (or how to name it), the
//! routing guess, coverage, the text with its evidence, the concepts found and missed with
//! hints and sample sentences, then STAR, delivery and progress.
//!
//! Shows what the report holds, escaped; it must not compute a figure or a verdict (the
//! verdict comes from [`super::super::verdict`]).

use std::fmt::Write as _;

use super::super::fmt::{carried_by_words, html_escape, percent, status_word};
use super::super::verdict;
use super::answer_text::answer_text;
use super::charts::bar;
use super::practice::{delivery_section, progress_section, star_section};
use super::Entry;
use crate::score::Status;

pub(super) fn status_class(status: Status) -> &'static str {
    status_word(status)
}

pub(super) fn answer_section(out: &mut String, n: usize, entry: &Entry) {
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
            carried_by_words(r.carried_by)
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
            if let Some(note) = crate::report::fmt::match_credit_note(c).filter(|_| c.status == Status::Covered) {
                let _ = write!(out, "<span class=\"hint\">{}.</span>", html_escape(&note));
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
