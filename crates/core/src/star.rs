//! STAR structure of answers to behavioural questions ("tell me about a time…"): whether
//! the answer sets the Situation, names the Task, says what the candidate did (Action)
//! and what came of it (Result), each with the sentence that shows it, and whether the
//! result is quantified (a number, a before/after).
//!
//! Pure and cue-based: each part is recognised by the phrases people use for it ("at my
//! last company", "I was responsible for", "I led", "as a result"), sentence by sentence.
//! Only questions the bank marks `behavioural = true` get a verdict.
//!
//! It must not read the bank's rubrics or change coverage: STAR is reported beside the
//! concepts, not counted in them.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::evidence::Evidence;

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
        next.is_empty() || next.starts_with(['\n', '-', '*', '+', '#', '>']) || {
            // A numbered item, "12. ": digits, then the first ". " of the text (a search
            // for ". " through the rest of the text at every line break was quadratic).
            let digits = next.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && next[digits..].starts_with(". ")
        }
    };
    let mut i = range.start;
    while i < range.end {
        // Only a line break or a stop can end a sentence: skip to the next one in a tight
        // loop (testing every byte for a boundary was most of this function's ≈ 30 k
        // instructions per 250-word answer, callgrind).
        match bytes[i..range.end]
            .iter()
            .position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?'))
        {
            Some(skip) => i += skip,
            None => break,
        }
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

/// A sentence's words for cue matching: lower case, `’` read as `'`, every run of other
/// characters a separator. Written into `words` (cleared first) one after another, each
/// word's range in `tokens`: two buffers reused for every sentence of an answer instead of
/// a `String` and a `Vec<&str>` per sentence. ASCII is lower-cased byte by byte; only
/// other characters are decoded.
fn tokenise(sentence: &str, words: &mut String, tokens: &mut Vec<Range<usize>>) {
    words.clear();
    tokens.clear();
    if sentence.is_ascii() {
        // Most sentences: lower-case the whole sentence at once and take the runs of
        // letters, digits and apostrophes in it (pushing it a character at a time was
        // ≈ 40 instructions a byte, callgrind).
        words.push_str(sentence);
        words.make_ascii_lowercase();
        // Letters, digits and the apostrophe, by table (two range tests and a compare a
        // byte before).
        const WORD: [bool; 256] = {
            let mut table = [false; 256];
            let mut b = 0;
            while b < 256 {
                let c = b as u8;
                table[b] = c.is_ascii_alphanumeric() || c == b'\'';
                b += 1;
            }
            table
        };
        let bytes = words.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if WORD[usize::from(bytes[i])] {
                let from = i;
                while i < bytes.len() && WORD[usize::from(bytes[i])] {
                    i += 1;
                }
                tokens.push(from..i);
            } else {
                i += 1;
            }
        }
        return;
    }
    let mut start: Option<usize> = None;
    let mut i = 0;
    let bytes = sentence.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        let (word, width) = if b < 0x80 {
            if b.is_ascii_alphanumeric() || b == b'\'' {
                start.get_or_insert(words.len());
                words.push(char::from(b.to_ascii_lowercase()));
                (true, 1)
            } else {
                (false, 1)
            }
        } else {
            let c = sentence[i..].chars().next().expect("i is a character boundary");
            if c.is_alphanumeric() {
                start.get_or_insert(words.len());
                words.extend(c.to_lowercase());
                (true, c.len_utf8())
            } else if c == '’' {
                start.get_or_insert(words.len());
                words.push('\'');
                (true, c.len_utf8())
            } else {
                (false, c.len_utf8())
            }
        };
        if !word {
            if let Some(from) = start.take() {
                tokens.push(from..words.len());
            }
        }
        i += width;
    }
    if let Some(from) = start {
        tokens.push(from..words.len());
    }
}

/// The cue lists, in the order of [`CueTable::first_in`]'s answer.
const LISTS: [&[&str]; 5] = [SITUATION, TASK, ACTION, RESULT, QUANTITY_WORDS];
const QUANTITY: usize = 4;

/// Every cue list indexed by first word: (list, cue position, the cue's words). Built
/// once. Searching the sentence for each of the 137 cues in turn was 12–21% of all cycles
/// of `anscov bench` (`perf`); then a hash probe per word for each of the five lists in
/// turn (with a `String` and a `Vec` per sentence) was still ≈ 280 k instructions per
/// behavioural answer, more than scoring it (callgrind: `star::analyse` 109 M of 877 M on
/// 2,000 generated answers, 391 of them behavioural). One probe per word now answers for
/// all five lists.
/// A cue as the table holds it: its list, its position in the list and its words.
type TableCue = (usize, usize, Vec<&'static str>);

struct CueTable {
    by_first: FxHashMap<&'static [u8], Vec<TableCue>>,
    /// For each length up to [`LONGEST_FIRST`], a bit per first byte (`a`–`z`, and bit 26
    /// for any other) that some cue's first word of that length starts with: most words of
    /// a sentence are rejected here before hashing them (a hash probe per word was most of
    /// cue matching).
    first_by_length: [u32; LONGEST_FIRST + 1],
}

/// Bytes of the longest first word a cue may have (today's longest is 9, "increased").
const LONGEST_FIRST: usize = 15;

/// The filter bit of a word's first byte in [`CueTable::first_by_length`].
fn first_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        1 << 26
    }
}

impl CueTable {
    fn get() -> &'static CueTable {
        static TABLE: OnceLock<CueTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut by_first: FxHashMap<&'static [u8], Vec<TableCue>> = FxHashMap::default();
            let mut first_by_length = [0u32; LONGEST_FIRST + 1];
            for (list, cues) in LISTS.iter().enumerate() {
                for (i, cue) in cues.iter().enumerate() {
                    let words: Vec<&'static str> = cue.split(' ').filter(|w| !w.is_empty()).collect();
                    if let Some(&first) = words.first() {
                        assert!(
                            first.len() <= LONGEST_FIRST,
                            "cue word {first:?} is longer than LONGEST_FIRST"
                        );
                        first_by_length[first.len()] |= first_bit(first.as_bytes()[0]);
                        by_first.entry(first.as_bytes()).or_default().push((list, i, words));
                    }
                }
            }
            CueTable {
                by_first,
                first_by_length,
            }
        })
    }

    /// For each list `wanted`, its first cue (in list order) found as whole words in the
    /// tokens; `None` for the lists not wanted.
    fn first_in(&self, words: &str, tokens: &[Range<usize>], wanted: [bool; 5]) -> [Option<&'static str>; 5] {
        let mut best: [Option<usize>; 5] = [None; 5];
        // Bytes, not `&str` slices: slicing a `str` checks both ends for a character
        // boundary, for every word.
        let bytes = words.as_bytes();
        for (at, token) in tokens.iter().enumerate() {
            let word = &bytes[token.clone()];
            let may_start = self
                .first_by_length
                .get(word.len())
                .is_some_and(|&letters| letters & first_bit(word[0]) != 0);
            if !may_start {
                continue;
            }
            let Some(candidates) = self.by_first.get(word) else {
                continue;
            };
            for &(list, i, ref cue) in candidates {
                if !wanted[list] || best[list].is_some_and(|b| b <= i) {
                    continue;
                }
                if tokens.len() - at >= cue.len()
                    && cue
                        .iter()
                        .zip(&tokens[at..])
                        .all(|(w, t)| w.as_bytes() == &bytes[t.clone()])
                {
                    best[list] = Some(i);
                }
            }
        }
        std::array::from_fn(|list| best[list].map(|i| LISTS[list][i]))
    }
}

/// "I <verb>ed": the first person with a past-tense verb is an action.
fn first_person_past(words: &str, tokens: &[Range<usize>]) -> Option<String> {
    tokens.windows(2).find_map(|pair| {
        let (first, verb) = (&words[pair[0].clone()], &words[pair[1].clone()]);
        (first == "i" && verb.len() > 3 && verb.ends_with("ed")).then(|| format!("i {verb}"))
    })
}

/// A number, a quantity word, or a from … to.
fn quantified(words: &str, tokens: &[Range<usize>], quantity_word: bool, raw: &str) -> bool {
    let has = |w: &str| tokens.iter().any(|t| &words[t.clone()] == w);
    raw.bytes().any(|b| b.is_ascii_digit()) || quantity_word || (has("from") && has("to"))
}

/// The STAR verdict of `text[range]`; `evidence` turns a byte range into [`Evidence`]
/// (line and column need the whole file).
pub fn analyse(text: &str, range: Range<usize>, evidence: &dyn Fn(Range<usize>) -> Evidence) -> Star {
    let table = CueTable::get();
    let mut found: [Option<(Range<usize>, String)>; 4] = [None, None, None, None];
    let mut quantified_at: Option<Range<usize>> = None;
    let mut words = String::new();
    let mut tokens: Vec<Range<usize>> = Vec::new();
    for sentence in sentences(text, range) {
        // A list is searched only while a verdict can still use it: a part's own list
        // until the part is found, the result and quantity lists until a result sentence
        // is quantified. When none can, later sentences change nothing and are not read:
        // tokenising every sentence of a behavioural answer was ≈ 137 k instructions an
        // answer (callgrind, 433 behavioural answers of 2,000 generated ones).
        let open = quantified_at.is_none();
        let wanted = [
            found[0].is_none(),
            found[1].is_none(),
            found[2].is_none(),
            found[3].is_none() || open,
            open,
        ];
        if !wanted.contains(&true) {
            break;
        }
        let raw = &text[sentence.clone()];
        tokenise(raw, &mut words, &mut tokens);
        let cues = table.first_in(&words, &tokens, wanted);
        let hit = |k: usize| -> Option<String> {
            match cues[k] {
                Some(cue) => Some(cue.to_string()),
                None if k == 2 => first_person_past(&words, &tokens),
                None => None,
            }
        };
        // One sentence gives one part, the first not yet found in T, S, R, A order: a
        // result sentence often starts "I cut…", which is the result, not the action,
        // and a situation often says what had grown ("the bill had doubled").
        let order = [1, 0, 3, 2];
        let mut chosen = None;
        for k in order {
            if found[k].is_none() {
                if let Some(cue) = hit(k) {
                    found[k] = Some((sentence.clone(), cue));
                    chosen = Some(k);
                    break;
                }
            }
        }
        // A number counts for the result in a result sentence, not in the set-up.
        let setup = matches!(chosen, Some(0 | 1));
        if cues[3].is_some()
            && !setup
            && quantified_at.is_none()
            && quantified(&words, &tokens, cues[QUANTITY].is_some(), raw)
        {
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
    use proptest::prelude::*;

    /// The implementation before one-probe cue matching and reused buffers: what
    /// [`analyse`] must agree with.
    mod reference {
        use super::super::*;

        pub(super) fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
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
        pub(super) fn analyse(text: &str, range: Range<usize>, evidence: &dyn Fn(Range<usize>) -> Evidence) -> Star {
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
    }

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

    /// Text made of cue phrases, plain words, numbers, stops, list markers and line
    /// breaks, in any case and with typographic apostrophes.
    fn star_text() -> impl Strategy<Value = String> {
        let cue = prop::sample::select(
            LISTS
                .iter()
                .flat_map(|l| l.iter().copied())
                .chain([
                    "I", "rolled", "fixed", "we", "from", "to", "the", "bill", "I’m", "don't", "Été", "İ",
                ])
                .collect::<Vec<_>>(),
        );
        let glue = prop::sample::select(vec![
            " ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\n\n", "\n- ", "\n1. ", " 42 ", " — ", ".", "\t", "’",
        ]);
        prop::collection::vec((cue, glue, any::<bool>()), 0..40).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(w, g, upper)| {
                    let w = if upper { w.to_uppercase() } else { w.to_string() };
                    w + g
                })
                .collect()
        })
    }

    fn flat(s: Star) -> String {
        format!("{s:?}")
    }

    fn both(text: &str) -> (String, String) {
        let ev = |r: Range<usize>| Evidence {
            start: r.start,
            end: r.end,
            text: text[r].to_string(),
            line: 1,
            column: 1,
            cue_start: None,
        };
        (
            flat(analyse(text, 0..text.len(), &ev)),
            flat(reference::analyse(text, 0..text.len(), &ev)),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..Default::default() })]

        #[test]
        fn same_verdict_as_the_reference(text in star_text()) {
            let (ours, reference) = both(&text);
            proptest::prop_assert_eq!(ours, reference);
        }

        #[test]
        fn same_verdict_on_arbitrary_text(text in "\\PC{0,80}") {
            let (ours, reference) = both(&text);
            proptest::prop_assert_eq!(ours, reference);
        }
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
