//! The overview at the top of the page: the summary line and a table row per answer
//! (coverage, required concepts missing, words, pace, fillers, drafts) linking to its
//! section.
//!
//! Shows what the reports and the summary hold, escaped; it must not compute a figure.

use std::fmt::Write as _;

use super::super::fmt::{html_escape, percent, plural};
use super::super::Summary;
use super::charts::bar;
use super::practice::progress_line;
use super::Entry;

pub(super) fn overview(out: &mut String, entries: &[Entry], summary: &Summary) {
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
