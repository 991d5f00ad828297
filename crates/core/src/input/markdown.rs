//! Markdown and plain-text answers: which question a file names (front matter, file name,
//! question headings), how a file splits into answers by heading, and which bytes are not
//! answer text (headings repeating the question, HTML comments, code fences), blanked so
//! offsets stay the file's.
//!
//! Works on text already read; must not touch the file system.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::front_matter::front_matter;
use super::{Answer, Diagnostic};
use crate::bank::Bank;

/// Splits a Markdown or text document into answers, naming their questions from front
/// matter, then the file name, then question headings. Front matter that does not parse
/// is an error naming the file and line. A code fence never closed is in the `warnings`
/// of the answers it blanks.
pub fn document_answers(bank: &Bank, path: Option<&Path>, text: String) -> Result<Vec<Answer>, Diagnostic> {
    markdown_answers(bank, path, text).map(|(answers, _)| answers)
}

/// A problem that did not stop scoring: (1-based file line, message).
pub(super) type LineWarning = (usize, String);

/// [`document_answers`], and the problems that did not stop scoring as (file line,
/// message), which are in the answers' `warnings` too: a code fence never closed.
pub(super) fn markdown_answers(
    bank: &Bank,
    path: Option<&Path>,
    text: String,
) -> Result<(Vec<Answer>, Vec<LineWarning>), Diagnostic> {
    let text: Arc<str> = Arc::from(text);
    let body_start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (front_question, body_start) = match front_matter(&text, body_start) {
        Ok(Some((question, end))) => (question, end),
        Ok(None) => (None, body_start),
        Err((line, message)) => return Err(Diagnostic::new(path, Some(line), message)),
    };
    let file_name = path
        .and_then(|p| p.file_name())
        .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    let source = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    // Front matter is a few lines: counting its newlines once is cheap.
    let body_line = text[..body_start].matches('\n').count() + 1;
    if text[body_start..].trim().is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let (scored, unclosed) = markdown_mask(bank, &text, body_start);
    // CommonMark runs a fence never closed to the end of the document, so everything after
    // it is blanked as code: said on every answer that loses text to it.
    let unclosed = unclosed.map(|(at, fence)| {
        let line = text[..at].matches('\n').count() + 1;
        let message = format!(
            "code fence {fence} never closed: the text after it, to the end of the file, is read as code and not scored; close it with a {fence} line after the code"
        );
        (at, line, message)
    });
    let with_warning = |mut answer: Answer| {
        if let Some((at, line, message)) = &unclosed {
            if answer.range.end > *at {
                answer.warnings.push(format!("line {line}: {message}"));
            }
        }
        answer
    };
    let problems: Vec<LineWarning> = unclosed
        .iter()
        .map(|(_, line, message)| (*line, message.clone()))
        .collect();
    let whole = |question: Option<String>| Answer {
        source: source.clone(),
        id: file_name.clone(),
        question,
        text: text.clone(),
        scored: scored.clone(),
        range: body_start..text.len(),
        first_line: 1,
        range_line: body_line,
        path: path.map(Path::to_path_buf),
        cues: Vec::new(),
        warnings: Vec::new(),
    };
    if front_question.is_some() {
        return Ok((vec![with_warning(whole(front_question))], problems));
    }
    if let Some(question) = path.and_then(|p| question_from_file_name(bank, p)) {
        return Ok((vec![with_warning(whole(Some(question)))], problems));
    }
    let sections = question_sections(bank, &text, body_start)
        .map_err(|(line, message)| Diagnostic::new(path, Some(line), message))?;
    if sections.is_empty() {
        return Ok((vec![with_warning(whole(None))], problems));
    }
    let answers = sections
        .into_iter()
        .filter(|(_, range, _)| !text[range.clone()].trim().is_empty())
        .map(|(question, range, line)| Answer {
            source: format!("{source}:{line}"),
            id: format!("{file_name}#{question}"),
            question: Some(question),
            text: text.clone(),
            scored: scored.clone(),
            range,
            first_line: 1,
            // The body starts on the line after its heading.
            range_line: line + 1,
            path: path.map(Path::to_path_buf),
            cues: Vec::new(),
            warnings: Vec::new(),
        })
        .map(with_warning)
        .collect();
    Ok((answers, problems))
}

/// Blanks what, in a Markdown body, is not answer text: headings that repeat a question
/// (the scaffold's `# How do you define SLOs…?`) or only name one (`# q04`), HTML comments
/// (`<!-- TODO -->`) and fenced code blocks. Blanked bytes become spaces (newlines stay),
/// so every byte offset, and so every line, is the file's. `None` when nothing is blanked.
/// Also returns the offset in `text` and the fence (```` ``` ````, `~~~`) of a code fence
/// never closed, which blanks the rest of the document, when one blanks any text.
pub(super) fn markdown_mask(bank: &Bank, text: &str, start: usize) -> (Option<Arc<str>>, Option<(usize, String)>) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let body = &text[start..];
    let mut hidden: Vec<Range<usize>> = Vec::new();
    let mut unclosed = None;
    // Only a fence running to the end of the body can be unclosed.
    let body_end = body.trim_end().len();
    for (event, range) in Parser::new(body).into_offset_iter() {
        let part = body.get(range.clone()).unwrap_or("");
        let hide = match &event {
            Event::Start(Tag::Heading { .. }) => repeats_question(bank, heading_text(part)),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                if range.end >= body_end {
                    if let Some(fence) = unclosed_fence(part) {
                        let lead = part.len() - part.trim_start().len();
                        unclosed = Some((start + range.start + lead, fence));
                    }
                }
                true
            }
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) | Event::Html(_) => {
                part.trim_start().starts_with("<!--")
            }
            _ => false,
        };
        if hide {
            hidden.push(start + range.start..start + range.end);
        }
    }
    if hidden.is_empty() {
        return (None, unclosed);
    }
    hidden.sort_by_key(|r| r.start);
    let mut masked = String::with_capacity(text.len());
    let mut at = 0;
    for range in hidden {
        if range.end <= at {
            continue;
        }
        let from = range.start.max(at);
        masked.push_str(&text[at..from]);
        for c in text[from..range.end].chars() {
            if c == '\n' || c == '\r' {
                masked.push(c);
            } else {
                masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = range.end;
    }
    masked.push_str(&text[at..]);
    (Some(Arc::from(masked)), unclosed)
}

/// The fence of a fenced code block (its whole text, at the end of the document) that has
/// no closing fence and hides text: a line after the opening that is not blank, the last
/// of which is not a run of at least as many of the fence's character (after any `>` of a
/// block quote). A fence alone on the last line hides nothing and is not reported.
fn unclosed_fence(block: &str) -> Option<String> {
    let mut lines = block.trim_start().lines();
    let opening = lines.next()?;
    let c = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let fence: String = opening.chars().take_while(|&x| x == c).collect();
    let last = lines
        .map(|line| {
            line.trim_start_matches(|x: char| x.is_whitespace() || x == '>')
                .trim_end()
        })
        .rfind(|line| !line.is_empty())?;
    let closes = last.len() >= fence.len() && last.chars().all(|x| x == c);
    (!closes).then_some(fence)
}

/// A heading's words: `#` marks and a setext underline removed.
pub(super) fn heading_text(heading: &str) -> &str {
    let first = heading.lines().next().unwrap_or("");
    first.trim().trim_start_matches('#').trim_end_matches('#')
}

/// Lowercase words of letters and digits.
pub(super) fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a heading repeats a question of the bank (four in five of its words), shortens
/// one (a heading of [`SHORTENED_MIN_WORDS`] words or more, four in five of them the
/// question's: "How do you define SLOs?" for q04's "How do you define SLOs/SLIs and run
/// incident response in a small team without a 24/7 NOC?") or is nothing but a question
/// name (`# q04`, `## Q4: slos-and-incident-response`). A shorter heading made of the
/// question's words ("## Incident response") is a section title the answer chose, and its
/// words count.
pub(super) fn repeats_question(bank: &Bank, heading: &str) -> bool {
    let named: String = heading
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ',' | '(' | ')' | '—' | '–'))
        .filter(|w| !w.is_empty() && !looks_like_name(bank, w))
        .collect::<Vec<_>>()
        .join(" ");
    let words = plain_words(&named);
    if words.is_empty() {
        return true;
    }
    if words.len() > 64 {
        return false;
    }
    bank.questions.iter().any(|q| {
        let question = plain_words(&q.text);
        let shared = question.iter().filter(|w| words.contains(w)).count();
        let repeated = !question.is_empty() && shared * 5 >= question.len() * 4 && words.len() <= question.len() + 4;
        let from_question = words.iter().filter(|w| question.contains(w)).count();
        repeated || (words.len() >= SHORTENED_MIN_WORDS && from_question * 5 >= words.len() * 4)
    })
}

/// Words a heading needs before it can read as a shortened question: every question shares
/// "how", "do", "you" with short titles, so fewer words say too little.
const SHORTENED_MIN_WORDS: usize = 4;

/// A file name that starts with a question id or slug (`q04.md`, `q04-draft2.md`,
/// `slos-and-incident-response.md`) names that question.
pub fn question_from_file_name(bank: &Bank, path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    let starts_with_name = |name: &str| {
        let name = name.to_ascii_lowercase();
        stem == name || (stem.starts_with(&name) && stem[name.len()..].starts_with(['-', '_', '.', ' ']))
    };
    // Longest match first, so a slug that extends another slug wins.
    let mut best: Option<(usize, &str)> = None;
    for q in &bank.questions {
        for name in [&q.id, &q.slug] {
            if starts_with_name(name) && best.is_none_or(|b| name.len() > b.0) {
                best = Some((name.len(), q.id.as_str()));
            }
        }
    }
    best.map(|b| b.1.to_string())
}

/// A question's section of a Markdown file: (question id, body range, 1-based heading line).
type Section = (String, Range<usize>, usize);

/// Markdown headings that name a question (by id or slug) split a document into answers.
/// Returns the [`Section`]s. A heading naming an id the
/// bank does not have (`## q99`, in a bank of `q01`…`q24`) is an error (1-based line,
/// message): its answer would silently join the section before it.
pub(super) fn question_sections(bank: &Bank, text: &str, start: usize) -> Result<Vec<Section>, (usize, String)> {
    let ids_look_like_q = bank.questions.iter().any(|q| is_q_number(&q.id));
    let mut headings: Vec<(String, usize, usize, usize)> = Vec::new(); // (question, heading start, body start, line)
    let mut offset = start;
    let first_line = text[..start].matches('\n').count() + 1;
    let mut in_fence = false;
    for (line_no, line) in (first_line..).zip(text[start..].split_inclusive('\n')) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && trimmed.starts_with('#') {
            let words = trimmed
                .trim_start_matches('#')
                .split(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ',' | '(' | ')' | '—' | '–'));
            let mut words = words.filter(|w| !w.is_empty());
            let named = words
                .clone()
                .find_map(|w| bank.find(w).filter(|_| looks_like_name(bank, w)));
            if let Some(qi) = named {
                headings.push((bank.questions[qi].id.clone(), offset, offset + line.len(), line_no));
            } else if let Some(unknown) = words.find(|w| ids_look_like_q && is_q_number(w)) {
                return Err((
                    line_no,
                    format!(
                        "the heading names question `{unknown}`, which the bank does not have; use an id that `anscov bank list` shows, or reword the heading"
                    ),
                ));
            }
        }
        offset += line.len();
    }
    Ok((0..headings.len())
        .map(|i| {
            let end = headings.get(i + 1).map_or(text.len(), |h| h.1);
            let (question, _, body, line) = &headings[i];
            (question.clone(), *body..end, *line)
        })
        .collect())
}

/// `q` or `Q` then digits: the shape of an id in a bank of numbered questions.
fn is_q_number(word: &str) -> bool {
    matches!(word.as_bytes(), [b'q' | b'Q', digits @ ..] if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// Whether a heading word is a question name rather than an ordinary word: an id (`q04`,
/// `Q4`) or an exact slug.
pub(super) fn looks_like_name(bank: &Bank, word: &str) -> bool {
    bank.questions
        .iter()
        .any(|q| q.slug.eq_ignore_ascii_case(word) || q.id.eq_ignore_ascii_case(word))
        || is_q_number(word)
}
