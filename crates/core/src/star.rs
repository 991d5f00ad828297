//! STAR structure of answers to behavioural questions ("tell me about a time…"): whether
//! the answer sets the Situation, names the Task, says what the candidate did (Action)
//! and what came of it (Result), each with the sentence that shows it, and whether the
//! result is quantified (a number, a before/after).
//!
//! Pure and cue-based: each part is recognised by the phrases people use for it ("at my
//! last company", "I was responsible for", "I led", "as a result"), sentence by sentence.
//! Only questions the bank marks `behavioural = true` get a verdict.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::score::Evidence;

/// A part of STAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    pub fn name(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }

    /// What to add when the part is missing.
    pub fn advice(self) -> &'static str {
        match self {
            Part::Situation => "Set the scene in a sentence: where you were, the team, what was going on.",
            Part::Task => "Say what you were responsible for: the goal or the problem that was yours to solve.",
            Part::Action => "Say what you did, in the first person: the decisions and steps you took.",
            Part::Result => "Close with the outcome: what changed, ideally with a number or a before/after.",
        }
    }
}

/// One part: found or not, the sentence that shows it and the phrase that gave it away.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Element {
    pub part: Part,
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// The STAR verdict of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Star {
    /// Situation, task, action, result, in that order.
    pub parts: Vec<Element>,
    /// Parts not found.
    pub missing: Vec<Part>,
    /// Whether a result sentence carries a number or a before/after.
    pub result_quantified: bool,
    /// The sentence with the number, when quantified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantified_evidence: Option<Evidence>,
}

const SITUATION: &[&str] = &[
    "at my last",
    "at my previous",
    "at my current",
    "at my first",
    "in my last role",
    "in my previous role",
    "in my previous job",
    "in my last job",
    "at a previous",
    "at a startup",
    "at the time",
    "a few years ago",
    "last year",
    "years ago",
    "when i joined",
    "when i was",
    "we had a",
    "we had an",
    "we were",
    "our team was",
    "our team had",
    "the team was",
    "the company was",
    "the context",
    "the situation",
    "the background",
    "there was a",
    "we were running",
    "we ran",
    "we faced",
    "the problem was",
];

const TASK: &[&str] = &[
    "i was responsible",
    "i was asked",
    "i was tasked",
    "tasked with",
    "my role",
    "my job was",
    "my goal",
    "my responsibility",
    "i owned",
    "i needed to",
    "i had to",
    "we needed to",
    "we had to",
    "the goal was",
    "the task was",
    "the challenge was",
    "the mandate",
    "i was hired to",
    "i set out to",
    "the aim was",
    "i was the incident commander",
    "incident commander",
];

const ACTION: &[&str] = &[
    "i led",
    "i built",
    "i wrote",
    "i set up",
    "i started",
    "i introduced",
    "i proposed",
    "i decided",
    "i created",
    "i organised",
    "i organized",
    "i ran",
    "i worked with",
    "i designed",
    "i moved",
    "i changed",
    "i pushed",
    "i convinced",
    "i paired",
    "i automated",
    "i added",
    "i hired",
    "i made",
    "i took",
    "i put",
    "i got",
    "i called",
    "i pulled",
    "i rolled",
    "i asked",
    "i chose",
    "first i",
    "then i",
    "we built",
    "we introduced",
    "we moved",
    "we set up",
    "we rolled",
    "we migrated",
    "we replaced",
];

const RESULT: &[&str] = &[
    "as a result",
    "in the end",
    "the result",
    "the outcome",
    "ended up",
    "resulted in",
    "which meant",
    "that meant",
    "since then",
    "by the end",
    "went from",
    "went down",
    "went up",
    "dropped",
    "reduced",
    "we cut",
    "i cut",
    "improved",
    "saved",
    "increased",
    "decreased",
    "halved",
    "doubled",
    "fell",
    "led to",
    "no longer",
    "never again",
];

/// Words that make a result quantified on their own (besides digits).
const QUANTITY_WORDS: &[&str] = &[
    "percent", "per cent", "half", "halved", "doubled", "tripled", "third", "quarter", "twice", "ten", "twenty",
    "thirty", "forty", "fifty", "hundred", "thousand", "million",
];

/// Sentences of `text[range]`: split after `.`, `!` or `?` followed by white space, and
/// at line breaks (transcripts and lists have no full stops). Trimmed, never empty.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = range.start;
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(from + lead..from + lead + trimmed.len());
        }
    };
    // Prose wraps lines mid-sentence, so there a line break ends a sentence only before a
    // blank line, a list item or a heading; unpunctuated transcripts break at every line.
    let punctuated = text[range.clone()].contains(". ");
    let block_starts = |at: usize| {
        let next = text[at..range.end].trim_start_matches([' ', '\t']);
        next.is_empty()
            || next.starts_with(['\n', '-', '*', '+', '#', '>'])
            || next
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        let boundary = (b == b'\n' && (!punctuated || block_starts(i + 1)))
            || (matches!(b, b'.' | b'!' | b'?') && (i + 1 >= range.end || bytes[i + 1].is_ascii_whitespace()));
        if boundary {
            push(start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push(start, range.end, &mut out);
    out
}

/// The sentence of `text` around `span`.
pub fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    sentences(text, 0..text.len())
        .into_iter()
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .unwrap_or(span)
}

/// ` words ` of a sentence: lower case, runs of other characters as one space, padded.
fn normalised(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len() + 2);
    out.push(' ');
    for c in sentence.chars() {
        if c.is_alphanumeric() || c == '\'' {
            out.extend(c.to_lowercase());
        } else if c == '’' {
            out.push('\'');
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A cue list indexed by its first word: cue position and the cue's words. Built once per
/// list. Searching the sentence for each of the 137 cues in turn was 12–21% of all cycles
/// of `anscov bench` (`perf`), although only behavioural questions are analysed.
struct CueIndex {
    cues: &'static [&'static str],
    by_first: FxHashMap<&'static str, Vec<(usize, Vec<&'static str>)>>,
}

impl CueIndex {
    fn new(cues: &'static [&'static str]) -> CueIndex {
        let mut by_first: FxHashMap<&'static str, Vec<(usize, Vec<&'static str>)>> = FxHashMap::default();
        for (i, cue) in cues.iter().enumerate() {
            let words: Vec<&'static str> = cue.split(' ').filter(|w| !w.is_empty()).collect();
            if let Some(&first) = words.first() {
                by_first.entry(first).or_default().push((i, words));
            }
        }
        CueIndex { cues, by_first }
    }

    /// The first cue of the list (in list order) found as whole words in `tokens`.
    fn first_in(&self, tokens: &[&str]) -> Option<&'static str> {
        let mut best: Option<usize> = None;
        for (at, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first.get(token) else {
                continue;
            };
            for (i, words) in candidates {
                if best.is_some_and(|b| b <= *i) {
                    continue;
                }
                if tokens.len() - at >= words.len() && words.iter().zip(&tokens[at..]).all(|(w, t)| w == t) {
                    best = Some(*i);
                }
            }
        }
        best.map(|i| self.cues[i])
    }
}

fn index(list: &'static OnceLock<CueIndex>, cues: &'static [&'static str]) -> &'static CueIndex {
    list.get_or_init(|| CueIndex::new(cues))
}

static SITUATION_INDEX: OnceLock<CueIndex> = OnceLock::new();
static TASK_INDEX: OnceLock<CueIndex> = OnceLock::new();
static ACTION_INDEX: OnceLock<CueIndex> = OnceLock::new();
static RESULT_INDEX: OnceLock<CueIndex> = OnceLock::new();
static QUANTITY_INDEX: OnceLock<CueIndex> = OnceLock::new();

/// "I <verb>ed": the first person with a past-tense verb is an action.
fn first_person_past(tokens: &[&str]) -> Option<String> {
    tokens.windows(2).find_map(|pair| {
        (pair[0] == "i" && pair[1].len() > 3 && pair[1].ends_with("ed")).then(|| format!("i {}", pair[1]))
    })
}

fn quantified(words: &str, tokens: &[&str], raw: &str) -> bool {
    raw.chars().any(|c| c.is_ascii_digit())
        || index(&QUANTITY_INDEX, QUANTITY_WORDS).first_in(tokens).is_some()
        || (words.contains(" from ") && words.contains(" to "))
}

/// The STAR verdict of `text[range]`; `evidence` turns a byte range into [`Evidence`]
/// (line and column need the whole file).
pub fn analyse(text: &str, range: Range<usize>, evidence: &dyn Fn(Range<usize>) -> Evidence) -> Star {
    let mut found: [Option<(Range<usize>, String)>; 4] = [None, None, None, None];
    let mut quantified_at: Option<Range<usize>> = None;
    for sentence in sentences(text, range) {
        let raw = &text[sentence.clone()];
        let words = normalised(raw);
        let tokens: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
        let hits = [
            index(&SITUATION_INDEX, SITUATION).first_in(&tokens).map(str::to_string),
            index(&TASK_INDEX, TASK).first_in(&tokens).map(str::to_string),
            index(&ACTION_INDEX, ACTION)
                .first_in(&tokens)
                .map(str::to_string)
                .or_else(|| first_person_past(&tokens)),
            index(&RESULT_INDEX, RESULT).first_in(&tokens).map(str::to_string),
        ];
        // One sentence gives one part, the first not yet found in T, S, R, A order: a
        // result sentence often starts "I cut…", which is the result, not the action,
        // and a situation often says what had grown ("the bill had doubled").
        let order = [1, 0, 3, 2];
        let chosen = order.iter().copied().find(|&k| hits[k].is_some() && found[k].is_none());
        if let Some(k) = chosen {
            found[k] = Some((sentence.clone(), hits[k].clone().unwrap_or_default()));
        }
        // A number counts for the result in a result sentence, not in the set-up.
        let setup = matches!(chosen, Some(0 | 1));
        if hits[3].is_some() && !setup && quantified_at.is_none() && quantified(&words, &tokens, raw) {
            quantified_at = Some(sentence.clone());
        }
    }
    let parts: Vec<Element> = Part::ALL
        .iter()
        .zip(found)
        .map(|(&part, hit)| Element {
            part,
            found: hit.is_some(),
            evidence: hit.as_ref().map(|(r, _)| evidence(r.clone())),
            cue: hit.map(|(_, cue)| cue),
        })
        .collect();
    let missing = parts.iter().filter(|e| !e.found).map(|e| e.part).collect();
    Star {
        parts,
        missing,
        result_quantified: quantified_at.is_some(),
        quantified_evidence: quantified_at.map(evidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn star(text: &str) -> Star {
        analyse(text, 0..text.len(), &|r: Range<usize>| Evidence {
            start: r.start,
            end: r.end,
            text: text[r].to_string(),
            line: 1,
            column: 1,
            cue_start: None,
        })
    }

    #[test]
    fn finds_every_part_with_its_sentence() {
        let s = star(
            "At my last company the cloud bill had doubled in a year. I was responsible for bringing it down \
             without slowing teams. I set up cost dashboards and rightsized the clusters. As a result the monthly \
             bill went from $80k to $52k.",
        );
        assert!(s.missing.is_empty(), "{s:?}");
        assert_eq!(s.parts[0].cue.as_deref(), Some("at my last"));
        assert!(s.parts[1]
            .evidence
            .as_ref()
            .unwrap()
            .text
            .starts_with("I was responsible"));
        assert!(s.parts[3].evidence.as_ref().unwrap().text.starts_with("As a result"));
        assert!(s.result_quantified);
    }

    #[test]
    fn missing_parts_and_an_unquantified_result() {
        let s = star("I rolled out canaries. In the end things were much better.");
        assert_eq!(s.missing, [Part::Situation, Part::Task]);
        assert!(s.parts[3].found);
        assert!(!s.result_quantified);
        assert!(s.quantified_evidence.is_none());
    }

    #[test]
    fn a_generic_answer_has_no_structure() {
        let s = star("Cost optimisation is about visibility and ownership; tagging matters.");
        assert_eq!(s.missing, Part::ALL);
    }

    #[test]
    fn sentences_split_on_stops_and_lines() {
        let text = "One. Two!\nthree 3.5 four\n\n- five\nsix. Seven\neight.";
        let got: Vec<&str> = sentences(text, 0..text.len()).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["One.", "Two!", "three 3.5 four", "- five\nsix.", "Seven\neight."]);
        assert_eq!(&text[sentence_around(text, 12..14)], "three 3.5 four");
        let transcript = "so we ran a primary\nand it worked";
        assert_eq!(sentences(transcript, 0..transcript.len()).len(), 2);
    }
}
