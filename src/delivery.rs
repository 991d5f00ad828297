//! Delivery figures of one answer: how it would sound, not what it says. Words, fillers
//! ("um", "you know") and hedges ("I think", "kind of") per 100 words and which ones,
//! length against a target speaking time, and — for transcripts with cue timings —
//! duration, words per minute and long pauses between cues.
//!
//! Pure: text and timings in, a [`Delivery`] out. Nothing here prints or reads files.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How long an answer should take to say, and how fast people speak.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeliverySettings {
    /// Target speaking time in seconds (interview answers: about two minutes).
    #[serde(default = "default_target_seconds")]
    pub target_seconds: u32,
    /// Speaking rate used to turn words into time for written answers, and the middle
    /// of the comfortable pace band for transcripts.
    #[serde(default = "default_words_per_minute")]
    pub words_per_minute: u32,
}

fn default_target_seconds() -> u32 {
    DeliverySettings::DEFAULT.target_seconds
}

fn default_words_per_minute() -> u32 {
    DeliverySettings::DEFAULT.words_per_minute
}

impl DeliverySettings {
    /// Two minutes at 150 words a minute: conversational English runs at 120–160 words a
    /// minute, and interview coaching books and Big Interview aim answers at 1–2 minutes.
    pub const DEFAULT: DeliverySettings = DeliverySettings {
        target_seconds: 120,
        words_per_minute: 150,
    };
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings::DEFAULT
    }
}

/// A gap between two cues at least this long is a long pause.
pub const LONG_PAUSE_MS: u64 = 2000;

/// Length within this share of the target (either side) is on target.
pub const LENGTH_TOLERANCE: f64 = 0.25;

/// Pace within this share of the words-per-minute setting (either side) is steady.
pub const PACE_TOLERANCE: f64 = 0.2;

/// A timed stretch of the answer (a transcript cue): its time span and the byte range of
/// its text in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedSpan {
    pub start_ms: u64,
    pub end_ms: u64,
    pub range: Range<usize>,
}

/// One word or phrase and how often it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub word: String,
    pub count: u32,
}

/// Fillers or hedges: the total, the rate and which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub count: u32,
    pub per_100_words: f64,
    /// Most frequent first, then alphabetical.
    pub which: Vec<Count>,
    /// Byte ranges in the answer text, for highlighting (not in JSON).
    #[serde(skip)]
    pub spans: Vec<Range<usize>>,
}

/// Length against the target speaking time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Length {
    Short,
    OnTarget,
    Long,
}

/// Pace of a timed transcript against the words-per-minute setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    Slow,
    Steady,
    Fast,
}

/// The target and where the answer stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub seconds: u32,
    pub words_per_minute: u32,
    /// Words that fill the target at that rate.
    pub words: u32,
    /// The answer's speaking time: measured for timed transcripts, estimated from words
    /// at `words_per_minute` otherwise.
    pub answer_seconds: f64,
    /// Whether `answer_seconds` was measured from cue timings.
    pub measured: bool,
    pub length: Length,
}

/// A long pause between two cues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pause {
    /// When the pause starts, in seconds from the start of the transcript.
    pub at_seconds: f64,
    pub seconds: f64,
    /// Byte offset in the answer text where speech resumes (not in JSON).
    #[serde(skip)]
    pub offset: usize,
}

/// Figures from cue timings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub duration_seconds: f64,
    pub words_per_minute: f64,
    pub pace: Pace,
    /// Gaps between cues of at least [`LONG_PAUSE_MS`].
    pub long_pauses: Vec<Pause>,
    /// Words per minute of each cue, in order: the pace over time, for a chart.
    pub cue_words_per_minute: Vec<f64>,
}

/// Delivery figures of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub words: u32,
    pub fillers: Tally,
    pub hedges: Tally,
    pub target: Target,
    /// Present for transcripts with cue timings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
}

/// A phrase to look for, as lower-case words; `alone`: only when set off by punctuation
/// or at the start or end of a sentence ("it was, like, slow"; not "services like Redis").
struct Pattern {
    words: &'static [&'static str],
    alone: bool,
}

const fn p(words: &'static [&'static str]) -> Pattern {
    Pattern { words, alone: false }
}

const fn alone(words: &'static [&'static str]) -> Pattern {
    Pattern { words, alone: true }
}

/// Fillers: sounds and words that carry no meaning in speech.
const FILLERS: &[Pattern] = &[
    p(&["um"]),
    p(&["umm"]),
    p(&["uh"]),
    p(&["uhh"]),
    p(&["uhm"]),
    p(&["erm"]),
    p(&["er"]),
    p(&["ah"]),
    p(&["hmm"]),
    p(&["you", "know"]),
    p(&["i", "mean"]),
    p(&["so", "yeah"]),
    p(&["basically"]),
    p(&["literally"]),
    alone(&["like"]),
];

/// Hedges: words that soften a claim the candidate could simply make.
const HEDGES: &[Pattern] = &[
    p(&["i", "think"]),
    p(&["i", "guess"]),
    p(&["i", "suppose"]),
    p(&["i", "believe"]),
    p(&["i'm", "not", "sure"]),
    p(&["not", "sure"]),
    p(&["maybe"]),
    p(&["perhaps"]),
    p(&["probably"]),
    p(&["possibly"]),
    p(&["kind", "of"]),
    p(&["sort", "of"]),
    p(&["somewhat"]),
    p(&["more", "or", "less"]),
    p(&["i", "would", "say"]),
];

/// The first words of [`FILLERS`] and [`HEDGES`], sorted: the test that keeps
/// [`is_first_word`] in step with the pattern lists reads it.
#[cfg(test)]
const FIRST_WORDS: &[&[u8]] = &[
    b"ah",
    b"basically",
    b"er",
    b"erm",
    b"hmm",
    b"i",
    b"i'm",
    b"kind",
    b"like",
    b"literally",
    b"maybe",
    b"more",
    b"not",
    b"perhaps",
    b"possibly",
    b"probably",
    b"so",
    b"somewhat",
    b"sort",
    b"uh",
    b"uhh",
    b"uhm",
    b"um",
    b"umm",
    b"you",
];

/// [`FIRST_WORDS`] as a `match`: a jump on length, then word compares (a binary search
/// of the list cost a `memcmp` call per step, 20% of cycles).
fn is_first_word(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"ah"
            | b"basically"
            | b"er"
            | b"erm"
            | b"hmm"
            | b"i"
            | b"i'm"
            | b"kind"
            | b"like"
            | b"literally"
            | b"maybe"
            | b"more"
            | b"not"
            | b"perhaps"
            | b"possibly"
            | b"probably"
            | b"so"
            | b"somewhat"
            | b"sort"
            | b"uh"
            | b"uhh"
            | b"uhm"
            | b"um"
            | b"umm"
            | b"you"
    )
}

/// A word of the answer: its text as written, its byte range and whether punctuation (or a
/// line break) sits directly before and after it. Borrowed, not lower-cased into a new
/// string: allocating and searching per word made delivery figures 3× the cost of all the
/// matching (`anscov bench`: 16k answers/s with them against 45–50k without; `perf`:
/// `tally` and `measure` 19% of cycles, `StrSearcher::new` 5%).
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    range: Range<usize>,
    /// The word holds a character beyond ASCII (a typographic apostrophe, say).
    non_ascii: bool,
    set_off_before: bool,
    set_off_after: bool,
}

impl Word<'_> {
    /// Whether the word is `pattern` (lower-case ASCII), ignoring case and reading a
    /// typographic apostrophe as a plain one.
    fn is(&self, pattern: &str) -> bool {
        if self.text.len() == pattern.len() {
            return self.text.eq_ignore_ascii_case(pattern);
        }
        // "I’m": the typographic apostrophe is 3 bytes, the pattern's 1.
        self.text.len() == pattern.len() + 2
            && self.text.contains('’')
            && self.text.replace('’', "'").eq_ignore_ascii_case(pattern)
    }
}

const WORD_BYTE: u8 = 1;
const SPACE_BYTE: u8 = 2;

/// Each ASCII byte's class for [`words_of`]: a word byte (letters, digits, apostrophe) or
/// `char::is_whitespace` (tab, line feed, vertical tab, form feed, carriage return, space).
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' {
            table[b] = WORD_BYTE;
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            table[b] = SPACE_BYTE;
        }
        b += 1;
    }
    table
};

fn words_of(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    // ≈ 5.5 bytes per English word with its space: one allocation for most answers.
    let mut words: Vec<Word> = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut current: Option<usize> = None;
    let mut non_ascii = false;
    let mut pending_break = true;
    let mut i = 0;
    // Bytes, not `char_indices`: ASCII is decided by a byte test and only other
    // characters are decoded (decoding every character was ≈ 5% of `anscov score`'s
    // instructions on English answers, callgrind).
    while i < bytes.len() {
        let b = bytes[i];
        let (is_word, is_space, width) = if b < 0x80 {
            let class = ASCII_CLASS[b as usize];
            (class & WORD_BYTE != 0, class & SPACE_BYTE != 0, 1)
        } else {
            let c = slice[i..].chars().next().expect("i is a character boundary");
            (c.is_alphanumeric() || c == '’', c.is_whitespace(), c.len_utf8())
        };
        if is_word {
            if current.is_none() {
                current = Some(i);
                non_ascii = false;
            }
            non_ascii |= b >= 0x80;
        } else {
            if let Some(start) = current.take() {
                push_word(&mut words, slice, range.start, start..i, non_ascii, pending_break);
                pending_break = false;
            }
            if !is_space || b == b'\n' {
                // Punctuation or a line break: a boundary for the word before and after.
                if let Some(last) = words.last_mut() {
                    last.set_off_after = true;
                }
                pending_break = true;
            }
        }
        i += width;
    }
    if let Some(start) = current.take() {
        push_word(
            &mut words,
            slice,
            range.start,
            start..bytes.len(),
            non_ascii,
            pending_break,
        );
    }
    if let Some(last) = words.last_mut() {
        last.set_off_after = true;
    }
    words
}

/// Pushes `slice[span]` less its leading and trailing apostrophes, if anything is left.
fn push_word<'a>(
    words: &mut Vec<Word<'a>>,
    slice: &'a str,
    offset: usize,
    span: Range<usize>,
    non_ascii: bool,
    set_off_before: bool,
) {
    let whole = &slice[span.clone()];
    // Most words neither start nor end with an apostrophe ('\'' or the first byte of
    // '’'): trimming every word was a third of this module's instructions (callgrind).
    let edge = |b: u8| b == b'\'' || b == 0xE2 || b == 0x99;
    let bytes = whole.as_bytes();
    let raw = if edge(bytes[0]) || edge(bytes[bytes.len() - 1]) {
        whole.trim_matches(['\'', '’'])
    } else {
        whole
    };
    if !raw.is_empty() {
        let lead = if raw.len() == whole.len() {
            0
        } else {
            whole.len() - whole.trim_start_matches(['\'', '’']).len()
        };
        let start = offset + span.start + lead;
        words.push(Word {
            text: raw,
            range: start..start + raw.len(),
            non_ascii,
            set_off_before,
            set_off_after: false,
        });
    }
}

/// Bytes of the longest word that can start a pattern: "basically" (9), plus 2 for a
/// typographic apostrophe's extra bytes. Most words of an answer are longer and are
/// rejected on their length before any comparison.
const LONGEST_FIRST_WORD: usize = 11;

/// Counts of one pattern list while [`tally`] walks the words: by pattern index, so a
/// match costs no string until the end.
struct Counting {
    patterns: &'static [Pattern],
    /// (pattern index, count), in order of first match.
    counts: Vec<(usize, u32)>,
    spans: Vec<Range<usize>>,
    /// The next word this list may start a match at: a match's words are not searched again.
    next: usize,
}

impl Counting {
    fn new(patterns: &'static [Pattern]) -> Counting {
        Counting {
            patterns,
            counts: Vec::new(),
            spans: Vec::new(),
            next: 0,
        }
    }

    fn try_at(&mut self, words: &[Word], i: usize, first: u8) {
        if i < self.next {
            return;
        }
        let found = self.patterns.iter().position(|pattern| {
            if pattern.words[0].as_bytes()[0] != first {
                return false;
            }
            let n = pattern.words.len();
            i + n <= words.len()
                && pattern.words.iter().zip(&words[i..i + n]).all(|(p, w)| w.is(p))
                && (!pattern.alone || (words[i].set_off_before || words[i + n - 1].set_off_after))
        });
        if let Some(index) = found {
            let n = self.patterns[index].words.len();
            match self.counts.iter_mut().find(|c| c.0 == index) {
                Some(c) => c.1 += 1,
                None => self.counts.push((index, 1)),
            }
            self.spans.push(words[i].range.start..words[i + n - 1].range.end);
            self.next = i + n;
        }
    }

    fn finish(self, words: usize) -> Tally {
        let mut which: Vec<Count> = self
            .counts
            .iter()
            .map(|&(index, count)| Count {
                word: self.patterns[index].words.join(" "),
                count,
            })
            .collect();
        which.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        let count: u32 = which.iter().map(|c| c.count).sum();
        Tally {
            count,
            per_100_words: per_100(count, words),
            which,
            spans: self.spans,
        }
    }
}

/// Fillers and hedges in one walk over the words. Each list is matched as if on its own
/// (a match skips its own words for that list only); the first-word test is shared: two
/// walks, one per list, were 10% of `anscov bench`'s cycles (`perf`).
fn tally(words: &[Word]) -> (Tally, Tally) {
    let mut fillers = Counting::new(FILLERS);
    let mut hedges = Counting::new(HEDGES);
    let mut lower = [0u8; LONGEST_FIRST_WORD];
    for i in 0..words.len() {
        let text = words[i].text.as_bytes();
        // Most words start no pattern: rejected by one `match` on the sorted first words
        // (the pattern loop per word was 12–18% of `anscov bench`'s cycles, `perf`).
        let starts = text.len() <= LONGEST_FIRST_WORD && {
            let lower = &mut lower[..text.len()];
            lower.copy_from_slice(text);
            lower.make_ascii_lowercase();
            is_first_word(lower) || words[i].non_ascii && text.contains(&0xE2)
        };
        if starts {
            let first = text[0].to_ascii_lowercase();
            fillers.try_at(words, i, first);
            hedges.try_at(words, i, first);
        }
    }
    (fillers.finish(words.len()), hedges.finish(words.len()))
}

fn per_100(count: u32, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        round1(f64::from(count) * 100.0 / words as f64)
    }
}

/// Rounds to one decimal: figures people read, stable in JSON.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// Delivery figures of `text[range]`. `cues` are the transcript's timed spans (empty for
/// written answers); those outside `range` are ignored.
pub fn measure(text: &str, range: Range<usize>, cues: &[TimedSpan], settings: &DeliverySettings) -> Delivery {
    let words = words_of(text, range.clone());
    let (fillers, hedges) = tally(&words);
    let cues: Vec<&TimedSpan> = cues
        .iter()
        .filter(|c| c.range.start >= range.start && c.range.end <= range.end && c.end_ms >= c.start_ms)
        .collect();
    let timing = timing(&words, &cues, settings);
    let wpm = settings.words_per_minute.max(1);
    let target_words = (u64::from(settings.target_seconds) * u64::from(wpm) / 60) as u32;
    let (answer_seconds, measured) = match &timing {
        Some(t) => (t.duration_seconds, true),
        None => (round1(words.len() as f64 * 60.0 / f64::from(wpm)), false),
    };
    let target = f64::from(settings.target_seconds);
    let length = if answer_seconds < target * (1.0 - LENGTH_TOLERANCE) {
        Length::Short
    } else if answer_seconds > target * (1.0 + LENGTH_TOLERANCE) {
        Length::Long
    } else {
        Length::OnTarget
    };
    Delivery {
        words: words.len() as u32,
        fillers,
        hedges,
        target: Target {
            seconds: settings.target_seconds,
            words_per_minute: wpm,
            words: target_words,
            answer_seconds,
            measured,
            length,
        },
        timing,
    }
}

fn timing(words: &[Word], cues: &[&TimedSpan], settings: &DeliverySettings) -> Option<Timing> {
    let first = cues.first()?;
    let last = cues.last()?;
    let duration_ms = last.end_ms.saturating_sub(first.start_ms);
    if duration_ms == 0 {
        return None;
    }
    let words_in = |range: &Range<usize>| {
        let from = words.partition_point(|w| w.range.start < range.start);
        let to = words.partition_point(|w| w.range.start < range.end);
        to - from
    };
    let words_per_minute = round1(words.len() as f64 * 60_000.0 / duration_ms as f64);
    let wanted = f64::from(settings.words_per_minute.max(1));
    let pace = if words_per_minute < wanted * (1.0 - PACE_TOLERANCE) {
        Pace::Slow
    } else if words_per_minute > wanted * (1.0 + PACE_TOLERANCE) {
        Pace::Fast
    } else {
        Pace::Steady
    };
    let long_pauses = cues
        .windows(2)
        .filter(|pair| pair[1].start_ms >= pair[0].end_ms + LONG_PAUSE_MS)
        .map(|pair| Pause {
            at_seconds: round1((pair[0].end_ms - first.start_ms) as f64 / 1000.0),
            seconds: round1((pair[1].start_ms - pair[0].end_ms) as f64 / 1000.0),
            offset: pair[1].range.start,
        })
        .collect();
    let cue_words_per_minute = cues
        .iter()
        .map(|c| {
            let ms = c.end_ms.saturating_sub(c.start_ms);
            if ms == 0 {
                0.0
            } else {
                round1(words_in(&c.range) as f64 * 60_000.0 / ms as f64)
            }
        })
        .collect();
    Some(Timing {
        duration_seconds: round1(duration_ms as f64 / 1000.0),
        words_per_minute,
        pace,
        long_pauses,
        cue_words_per_minute,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_are_the_patterns_first_words_sorted() {
        let mut firsts: Vec<&[u8]> = FILLERS.iter().chain(HEDGES).map(|p| p.words[0].as_bytes()).collect();
        firsts.sort();
        firsts.dedup();
        assert_eq!(firsts, FIRST_WORDS);
        assert!(FIRST_WORDS.iter().all(|w| is_first_word(w)));
        assert!(!is_first_word(b"service") && !is_first_word(b"ii"));
        assert!(FIRST_WORDS.iter().all(|w| w.len() + 2 <= LONGEST_FIRST_WORD));
    }

    fn of(text: &str) -> Delivery {
        measure(text, 0..text.len(), &[], &DeliverySettings::default())
    }

    #[test]
    fn counts_fillers_and_hedges_with_rates() {
        let d = of("Um, so I think we, like, kind of rebuilt it. Uh you know, it worked.");
        assert_eq!(d.words, 15);
        let fillers: Vec<(&str, u32)> = d.fillers.which.iter().map(|c| (c.word.as_str(), c.count)).collect();
        assert_eq!(fillers, [("like", 1), ("uh", 1), ("um", 1), ("you know", 1)]);
        assert_eq!(d.fillers.count, 4);
        assert_eq!(d.fillers.per_100_words, 26.7);
        let hedges: Vec<&str> = d.hedges.which.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(hedges, ["i think", "kind of"]);
        assert_eq!(d.hedges.spans.len(), 2);
    }

    #[test]
    fn like_as_a_verb_or_preposition_is_not_a_filler() {
        let d = of("We would like services like Redis to scale.");
        assert_eq!(d.fillers.count, 0);
    }

    #[test]
    fn length_against_the_target() {
        let settings = DeliverySettings::default();
        let short = of("We cut the bill by a third.");
        assert_eq!(short.target.length, Length::Short);
        assert_eq!(short.target.words, 300);
        let on = "word ".repeat(300);
        let d = measure(&on, 0..on.len(), &[], &settings);
        assert_eq!(d.target.length, Length::OnTarget);
        assert_eq!(d.target.answer_seconds, 120.0);
        assert!(!d.target.measured);
        let long = "word ".repeat(500);
        assert_eq!(of(&long).target.length, Length::Long);
        let quick = DeliverySettings {
            target_seconds: 60,
            words_per_minute: 150,
        };
        assert_eq!(measure(&on, 0..on.len(), &[], &quick).target.length, Length::Long);
    }

    #[test]
    fn timings_give_duration_pace_and_long_pauses() {
        let text = "one two three four five\nsix seven eight nine ten\n";
        let cues = [
            TimedSpan {
                start_ms: 1000,
                end_ms: 3000,
                range: 0..23,
            },
            TimedSpan {
                start_ms: 6500,
                end_ms: 8500,
                range: 24..48,
            },
        ];
        let d = measure(text, 0..text.len(), &cues, &DeliverySettings::default());
        let t = d.timing.unwrap();
        assert_eq!(t.duration_seconds, 7.5);
        assert_eq!(t.words_per_minute, 80.0);
        assert_eq!(t.pace, Pace::Slow);
        assert_eq!(t.long_pauses.len(), 1);
        assert_eq!(t.long_pauses[0].at_seconds, 2.0);
        assert_eq!(t.long_pauses[0].seconds, 3.5);
        assert_eq!(t.long_pauses[0].offset, 24);
        assert_eq!(t.cue_words_per_minute, [150.0, 150.0]);
        assert!(d.target.measured);
        assert_eq!(d.target.answer_seconds, 7.5);
    }

    #[test]
    fn range_limits_the_words() {
        let text = "---\nquestion: q04\n---\nUm hello.";
        let d = measure(text, 21..text.len(), &[], &DeliverySettings::default());
        assert_eq!(d.words, 2);
        assert_eq!(d.fillers.spans, vec![22..24]);
        assert_eq!(of("").fillers.per_100_words, 0.0);
    }
}
