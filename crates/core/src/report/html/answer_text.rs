//! The answer's text as shown: escaped, prose reflowed for a phone, with evidence spans
//! (coloured by their concept's status), fillers and long pauses marked up, overlapping
//! spans resolved so marks never nest across each other.
//!
//! Markup of the text only: it must not decide which spans are evidence (the report says).

use std::fmt::Write as _;
use std::ops::Range;

use super::super::fmt::html_escape;
use super::answer::status_class;
use crate::score::{AnswerReport, Status};

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
            // A numbered item ("12. "): its digits, then ". ". Only the digits are read:
            // searching the rest of the text for ". " at every line end made a 1 MB answer of
            // short lines take minutes.
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let block = after.is_empty()
                || after.starts_with(['\n', '-', '*', '+', '#', '>', '|'])
                || (digits > 0 && after[digits..].starts_with(". "))
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
pub(super) fn answer_text(out: &mut String, n: usize, report: &AnswerReport) {
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

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn line_ends_flow_into_spaces_except_before_blocks_and_numbered_items() {
        let text = "We moved\nslowly.\n1. first\n12. second\n3.5 is a number\n- a bullet";
        assert_eq!(
            prose(text, 0, text.len()),
            "We moved slowly.\n1. first\n12. second 3.5 is a number\n- a bullet"
        );
    }

    /// Each line end looks only at the next line's start: 200,000 short lines (1.2 MB) are
    /// flowed in one pass (searching the rest of the text at every line end took minutes).
    #[test]
    fn many_short_lines_flow_in_one_pass() {
        let text = "hello\n".repeat(200_000);
        let flowed = prose(&text, 0, text.len());
        assert_eq!(flowed.matches("hello hello").count(), 100_000);
    }
}
