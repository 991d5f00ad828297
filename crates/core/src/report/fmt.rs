//! Formatting and escaping shared by the reporters: percentages, plurals, shortened and
//! quoted text, delivery words, and escaping for Markdown cells, HTML/XML, URIs and GitHub
//! workflow commands. One place, so every format says a number or escapes a character the
//! same way.
//!
//! Pure functions of their arguments: they must not write, read the bank or know a format's
//! layout.

use crate::matcher::CreditCut;
use crate::score::{AnswerReport, ConceptReport, Status};
use quick_xml::escape::escape;

/// `0.6` → `60%`, `0.605` → `60.5%`.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{:.0}%", p + 0.0)
    } else {
        format!("{:.1}%", p + 0.0)
    }
}

/// "s" unless `n` is 1.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Evidence quoted on one line, shortened to `max` characters.
pub fn quote(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        format!("\"{flat}\"")
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("\"{cut}…\"")
    }
}

/// `m:ss` of seconds.
pub fn clock(seconds: f64) -> String {
    let whole = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", whole / 60, whole % 60)
}

/// `um ×6, uh ×4`.
pub fn which(tally: &crate::delivery::Tally) -> String {
    tally
        .which
        .iter()
        .map(|c| format!("{} ×{}", c.word, c.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a length verdict says.
pub fn length_words(length: crate::delivery::Length) -> &'static str {
    match length {
        crate::delivery::Length::Short => "short",
        crate::delivery::Length::OnTarget => "on target",
        crate::delivery::Length::Long => "long",
    }
}

/// What a pace verdict says.
pub fn pace_words(pace: crate::delivery::Pace) -> &'static str {
    match pace {
        crate::delivery::Pace::Slow => "slow",
        crate::delivery::Pace::Steady => "steady",
        crate::delivery::Pace::Fast => "fast",
    }
}

/// Coverage as the human reports print it, with a derived rubric's reported score beside
/// it ("40% (score 72%)"); hand-written rubrics have coverage only ("40%").
pub fn coverage_with_score(report: &crate::score::AnswerReport) -> String {
    match &report.reference {
        Some(r) => format!("{} (score {})", percent(report.coverage), percent(r.score)),
        None => percent(report.coverage),
    }
}

/// What carried a derived rubric's score, as the human reports say it.
pub fn carried_by_words(carried_by: crate::reference::CarriedBy) -> &'static str {
    match carried_by {
        crate::reference::CarriedBy::Concepts => "concepts",
        crate::reference::CarriedBy::Reference => "reference answer",
    }
}

/// A status as a word.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Covered => "covered",
        Status::Missed => "missed",
        Status::Negated => "negated",
        Status::Mentioned => "mentioned",
    }
}
/// Text cut to `max` characters, ending in `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Text on one line: runs of whitespace become one space.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file an answer came from, with `/` separators (SARIF URIs and GitHub annotations
/// want them), or its source name (`-` for stdin).
pub fn file_of(report_path: Option<&std::path::Path>, source: &str) -> String {
    match report_path {
        Some(path) => {
            let shown = path.display().to_string().replace('\\', "/");
            shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
        }
        None => source.to_string(),
    }
}

/// The label of concept `id` in `report`, or the id when the report lacks it.
pub fn label_of<'r>(report: &'r AnswerReport, id: &'r str) -> &'r str {
    report
        .concepts
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.as_str())
}

/// How the reports say a concept's `negated` status: declined, or — for a point the
/// rubric states negatively — said the other way round.
pub fn negated_words(concept: &ConceptReport) -> &'static str {
    if concept.stated_negatively {
        "said the other way round"
    } else {
        "mentioned only as negated"
    }
}

/// A loose meaning match keeping more than this share of its credit gets no note
/// (`matcher::SEMANTIC_WEAKEST_CREDIT`: 0.9 is about cosine 0.175, halfway up its curve).
const LOOSE_MEANING_NOTE_BELOW: f64 = 0.9;

/// What the reports say about a concept that keeps only part of its credit for how it was
/// found ([`ConceptReport::match_credit`]), or nothing when it keeps all of it.
pub fn match_credit_note(concept: &ConceptReport) -> Option<String> {
    let share = concept.match_credit?;
    let why = match concept.credit_cut? {
        CreditCut::BesideAnotherPoint => "a loose match beside another point; give it its own sentence",
        // A few points lost to a fairly close match are not worth advice.
        CreditCut::LooseMeaning if share > LOOSE_MEANING_NOTE_BELOW => return None,
        CreditCut::LooseMeaning => "close in meaning, loosely; say the point outright",
    };
    Some(format!("{:.0}% credit: {why}", share * 100.0))
}

/// The report's concepts mentioned only as negated.
pub fn negated(report: &AnswerReport) -> impl Iterator<Item = &ConceptReport> {
    report.concepts.iter().filter(|c| c.status == Status::Negated)
}

/// Escapes text for a Markdown table cell: pipes, HTML and inline markup are literal.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values, and replaces characters
/// XML cannot carry at all.
pub fn html_escape(text: &str) -> String {
    escape(xml_chars(text).as_ref()).into_owned()
}

/// Replaces characters XML 1.0 forbids even when escaped (most C0 controls) with U+FFFD.
pub fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let bad =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().any(bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A path as a URI reference: relative paths `/`-separated with characters outside
/// RFC 3986's unreserved and sub-delimiter sets percent-encoded (`:` too, so a first
/// segment is never read as a scheme); absolute paths as `file://` URIs.
pub fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escapes a workflow command's message.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(0.605), "60.5%");
        assert_eq!(percent(0.0), "0%");
    }
}
