//! [`Analyzer`] and its walk over one text: words in order, the gaps between them
//! (sentences, clauses, list segments, list commas), numbers and acronyms spelt out word
//! by word, "you know" / "I mean", immediate repeats, negation scope and the marks; out
//! come the tokens with byte offsets into the original text ([`Analysis`]).
//!
//! What a single word is comes from `classify.rs` (cached in `cache.rs`); the word lists
//! are `lexicon.rs`'s. The walk must not look at a bank, a question or a score.

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use super::cache::{WordCache, CACHE_LIMIT};
use super::lexicon::{Kind, Marker, NumberKind, CLAUSE_OPENERS};
use super::spelling::{lower_into, needs_lowering};
use super::vocabulary::{Terms, Vocabulary};
use super::{Analysis, Talk, TalkWord, TermId, Token, MAX_TALK_WORDS, NEGATION_SCOPE, OOV};

/// The analyzer with its word cache. Cheap to create; hold one per thread.
pub struct Analyzer {
    pub(super) stemmer: Stemmer,
    pub(super) cache: WordCache,
    cache_owner: u64,
    /// The vocabulary generation the cache's lookups were made at.
    cache_generation: u64,
    /// Whether the cache holds lookups (which may say OOV), not only interned ids.
    cache_lookup: bool,
    lower: String,
    scratch: String,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            cache: WordCache::default(),
            cache_owner: 0,
            cache_generation: 0,
            cache_lookup: false,
            lower: String::new(),
            scratch: String::new(),
        }
    }
}

/// An analyzer's word cache as filled while interning one vocabulary's texts, to start
/// other analyzers with ([`Analyzer::seed`]). Every entry holds interned ids, which stay
/// right for lookups in that vocabulary however it grows afterwards: a seeded analyzer
/// classifies every word as a fresh one would.
///
/// Why: each scoring thread's analyzer used to start empty and stem every word of the
/// bank again the first time an answer used it (≈ 6 k instructions a word; callgrind,
/// 2,000 generated answers on two threads: 38 M of 711 M instructions in
/// `classify_uncached`, most of them the bank's own words).
#[derive(Clone)]
pub struct WordSeed {
    owner: u64,
    cache: WordCache,
}

/// A number being assembled from number words.
struct PendingNumber {
    start: usize,
    end: usize,
    total: u64,
    current: u64,
    last: NumberKind,
}

/// A run of single letters being joined into an acronym.
struct PendingLetters {
    start: usize,
    end: usize,
    letters: String,
}

/// Mutable state while walking the words of one text.
struct Walk {
    sentence: u32,
    negation_at: Option<u32>,
    /// First token after a comma inside a negation's scope: where the negation is cut back
    /// to if the comma turns out to open a new clause.
    comma_at: Option<u32>,
    prev_end: usize,
    prev_word_you: bool,
    prev_word_i: bool,
    /// The word that, next, makes a contrast marker of the previous one: "of" after
    /// "instead", "than" after "rather" ([`CONTRAST_MARKERS`]).
    contrast_next: Option<&'static str>,
    /// The open negation was started by a contrast marker, not a negation word.
    negation_is_contrast: bool,
    in_segment: bool,
    /// The previous word was a content word (not a stopword, filler or negation).
    prev_content: bool,
    /// Commas in the gap before this word, when the word before them was a content word:
    /// they count as list commas if this word is one too.
    pending_commas: u32,
    /// Words still inside an open parenthesis: its commas separate examples of what
    /// precedes it ("quick wins (observability baseline, IaC coverage)"), not named
    /// points. Bounded ([`PARENTHESIS_MAX_WORDS`]) so a stray "(" does not hide a list.
    parenthesis_words_left: u32,
    /// The last content term and where its word ended, to drop immediate repeats.
    last_content: Option<(TermId, usize)>,
}

impl Analyzer {
    /// Analyses `text[range]` into `out` (cleared first). Offsets are into `text`.
    pub fn analyze(&mut self, terms: &mut Terms<'_>, text: &str, range: Range<usize>, out: &mut Analysis) {
        out.clear();
        // The cache is valid for the vocabulary it was filled from. Interned ids never
        // change, so while interning it stays valid as the vocabulary grows (it used to be
        // dropped whenever a stem was added, i.e. for nearly every text of a bank: the
        // cache hit rate of Engine::new went from ≈ 0 to most words); a cached lookup may
        // say OOV, so it is stale once the vocabulary has grown, and must never be used
        // while interning.
        let (owner, generation) = terms.key();
        let interning = matches!(terms, Terms::Intern(_));
        let valid = self.cache_owner == owner
            && self.cache.len() <= CACHE_LIMIT
            && if interning {
                !self.cache_lookup
            } else {
                !self.cache_lookup || self.cache_generation == generation
            };
        if !valid {
            self.cache.clear();
            self.cache_lookup = false;
        }
        self.cache_owner = owner;
        self.cache_generation = generation;
        self.cache_lookup |= !interning;
        let slice = &text[range.clone()];
        // Taken out of `self` so a word can borrow it while `self` classifies.
        let mut lower = std::mem::take(&mut self.lower);
        let base = range.start;
        let mut walk = Walk {
            sentence: 0,
            negation_at: None,
            comma_at: None,
            prev_end: base,
            prev_word_you: false,
            prev_word_i: false,
            contrast_next: None,
            negation_is_contrast: false,
            in_segment: false,
            prev_content: false,
            pending_commas: 0,
            parenthesis_words_left: 0,
            last_content: None,
        };
        let mut number: Option<PendingNumber> = None;
        let mut letters: Option<PendingLetters> = None;

        let mut words = crate::words::word_indices(slice);
        while let Some((offset, word, maybe_upper)) = words.next_word() {
            let start = base + offset;
            let end = start + word.len();
            out.words += 1;
            // Bytes, not `&str`: most gaps are one space, and slicing a `str` checks both
            // ends for a character boundary (≈ 16 instructions a word, callgrind).
            let gap = &text.as_bytes()[walk.prev_end..start];
            let gap_breaks = if gap.iter().all(|&b| b == b' ' || b == b'-' || b == b'\t') {
                Gap::Space
            } else {
                let mut commas = 0;
                for &b in gap {
                    match b {
                        b'(' => walk.parenthesis_words_left = PARENTHESIS_MAX_WORDS,
                        b')' => walk.parenthesis_words_left = 0,
                        b',' if walk.parenthesis_words_left == 0 => commas += 1,
                        _ => {}
                    }
                }
                if walk.prev_content {
                    walk.pending_commas = commas;
                }
                gap_kind(&text[walk.prev_end..start])
            };
            let word_lower: &str = if maybe_upper && needs_lowering(word) {
                lower_into(word, &mut lower);
                &lower
            } else {
                word
            };
            let class = self.classify(terms, word_lower);

            // Finish a pending number or acronym unless this word continues it.
            let continues_number = class.kind == Kind::Number
                && number
                    .as_ref()
                    .is_some_and(|n| gap_breaks == Gap::Space && number_continues(n.last, class.number_kind));
            if !continues_number {
                if let Some(n) = number.take() {
                    self.emit_number(terms, n, &mut walk, out);
                }
            }
            let continues_letters =
                class.kind == Kind::Letter && letters.is_some() && gap.iter().all(|&b| b == b' ' || b == b'.');
            if !continues_letters {
                if let Some(l) = letters.take() {
                    self.emit_letters(terms, l, &mut walk, out);
                }
            }

            self.apply_gap(gap_breaks, &mut walk, out);
            out.marks.count(class.marker);
            let talk = match class.marker {
                Marker::Aspiration => Some(Talk::Aspiration),
                Marker::Generic => Some(Talk::Generic),
                Marker::Nominal => Some(Talk::Abstract),
                _ => None,
            };
            // Counting the kept words of this kind costs at most 32 compares, and only for
            // talk words (≈ 8 in 100).
            let keep = |kind: Talk| out.talk.iter().filter(|t| t.kind == kind).count() < MAX_TALK_WORDS;
            if let Some(kind) = talk.filter(|&kind| keep(kind)) {
                out.talk.push(TalkWord { kind, span: start..end });
            }
            let (was_you, was_i) = (walk.prev_word_you, walk.prev_word_i);
            let contrast_expected = walk.contrast_next.take();
            walk.contrast_next = CONTRAST_MARKERS
                .iter()
                .find(|(first, _)| *first == word_lower)
                .map(|&(_, second)| second);
            walk.prev_word_you = word_lower == "you";
            walk.prev_word_i = word_lower == "i";

            match class.kind {
                Kind::Stop => {
                    // "you know" and "I mean" are fillers; "know"/"mean" are caught here
                    // only in that combination, so "mean time to recovery" survives.
                    out.function_words += 1;
                    if let Some(at) = walk.comma_at {
                        if CLAUSE_OPENERS.contains(&word_lower) {
                            // The comma opened a new clause: the negation ended there.
                            for token in &mut out.tokens[at as usize..] {
                                token.negated = false;
                            }
                            walk.negation_at = None;
                            walk.comma_at = None;
                        }
                    }
                    if contrast_expected == Some(word_lower) {
                        // "instead of CPU alarms", "rather than blaming people": what
                        // follows is set aside, as after a negation.
                        walk.negation_at = Some(out.tokens.len() as u32);
                        walk.negation_is_contrast = true;
                        walk.comma_at = None;
                    }
                }
                Kind::ClauseBreak => {
                    out.function_words += 1;
                    walk.negation_at = None;
                    walk.comma_at = None;
                }
                Kind::Negation => {
                    out.function_words += 1;
                    walk.negation_at = Some(out.tokens.len() as u32);
                    walk.negation_is_contrast = false;
                    walk.comma_at = None;
                }
                Kind::Number => {
                    let (value, kind) = (class.ids[0], class.number_kind);
                    let n = number.get_or_insert(PendingNumber {
                        start,
                        end,
                        total: 0,
                        current: 0,
                        last: kind,
                    });
                    n.end = end;
                    n.last = kind;
                    // Saturating: "nine hundred nine hundred …" multiplies by 100 per pair and
                    // overflowed u64 after ten pairs (a panic in debug builds; found by
                    // tests/it/fuzz.rs). Such chains are nonsense; any stable term will do.
                    match kind {
                        NumberKind::Unit | NumberKind::Teen | NumberKind::Tens => {
                            n.current = n.current.saturating_add(u64::from(value))
                        }
                        NumberKind::Hundred => n.current = n.current.max(1).saturating_mul(100),
                        NumberKind::Scale => {
                            n.total = n
                                .total
                                .saturating_add(n.current.max(1).saturating_mul(u64::from(value)));
                            n.current = 0;
                        }
                    }
                }
                Kind::Letter => {
                    let l = letters.get_or_insert(PendingLetters {
                        start,
                        end,
                        letters: String::new(),
                    });
                    l.end = end;
                    l.letters.push_str(word_lower);
                }
                Kind::Content => {
                    let filler = (was_you && word_lower == "know") || (was_i && word_lower == "mean");
                    if filler {
                        out.function_words += 1;
                    } else {
                        if word.as_bytes()[0].is_ascii_digit() {
                            out.marks.numbers += 1;
                        }
                        for &term in class.terms() {
                            push_token(term, start, end, &mut walk, out);
                        }
                    }
                }
            }
            // A comma between two content words separates named things ("canaries, feature
            // flags, runbooks"); one beside a filler or function word is speech or a clause
            // ("so, um, we moved", "listening, with two exceptions"). Counting every comma
            // read punctuated transcripts — Whisper puts commas round fillers — as lists:
            // 14–17 commas per 100 words against 0 in unpunctuated ones.
            let content = match class.kind {
                Kind::Content => !((was_you && word_lower == "know") || (was_i && word_lower == "mean")),
                Kind::Number => true,
                // A single letter joins an acronym ("C I C D"); "I" alone is a pronoun.
                Kind::Letter => word_lower != "i",
                Kind::Stop | Kind::ClauseBreak | Kind::Negation => false,
            };
            if content {
                out.marks.commas += walk.pending_commas;
            }
            walk.pending_commas = 0;
            walk.parenthesis_words_left = walk.parenthesis_words_left.saturating_sub(1);
            walk.prev_content = content;
            walk.prev_end = end;
            walk.in_segment = true;
        }
        if let Some(n) = number.take() {
            self.emit_number(terms, n, &mut walk, out);
        }
        if let Some(l) = letters.take() {
            self.emit_letters(terms, l, &mut walk, out);
        }
        // Close the last segment and sentence.
        if walk.in_segment {
            out.segments += 1;
        }
        out.sentences = if out.words == 0 { 0 } else { walk.sentence + 1 };
        self.lower = lower;
    }

    /// The cache as a [`WordSeed`] for `vocabulary`, if it holds only words interned into
    /// it (no lookups, which may say OOV) and at most `limit` of them.
    pub fn seed_of(&self, vocabulary: &Vocabulary, limit: usize) -> Option<WordSeed> {
        let owner = Terms::Lookup(vocabulary).key().0;
        (self.cache_owner == owner && !self.cache_lookup && self.cache.len() <= limit).then(|| WordSeed {
            owner,
            cache: self.cache.clone(),
        })
    }

    /// Starts the cache from `seed` unless it already serves the seed's vocabulary (a
    /// cache for another vocabulary would be dropped by the next [`Analyzer::analyze`]).
    pub fn seed(&mut self, seed: &WordSeed) {
        if self.cache_owner != seed.owner {
            self.cache.clone_from(&seed.cache);
            self.cache_owner = seed.owner;
            self.cache_lookup = false;
        }
    }

    /// Analyses a text into a standalone list of stems (for the index, lint and `bank show`).
    pub fn stems(&mut self, vocabulary: &mut Vocabulary, text: &str) -> Vec<String> {
        let mut analysis = Analysis::default();
        self.analyze(&mut Terms::Intern(vocabulary), text, 0..text.len(), &mut analysis);
        analysis
            .tokens
            .iter()
            .map(|t| vocabulary.stem(t.term).to_string())
            .collect()
    }

    fn apply_gap(&self, gap: Gap, walk: &mut Walk, out: &mut Analysis) {
        match gap {
            Gap::Space => {}
            Gap::Segment => {
                if walk.in_segment {
                    out.segments += 1;
                }
                walk.in_segment = false;
                let here = out.tokens.len() as u32;
                match walk.negation_at {
                    // "No, string is an insulator": nothing was negated before the comma,
                    // so the negation word answered something else.
                    Some(at) if at == here => walk.negation_at = None,
                    Some(at) if here - at < NEGATION_SCOPE && walk.comma_at.is_none() => walk.comma_at = Some(here),
                    _ => {}
                }
            }
            Gap::Clause => {
                if walk.in_segment {
                    out.segments += 1;
                }
                walk.in_segment = false;
                walk.negation_at = None;
                walk.comma_at = None;
            }
            Gap::Sentence => {
                if walk.in_segment {
                    out.segments += 1;
                }
                walk.in_segment = false;
                walk.negation_at = None;
                walk.comma_at = None;
                if out.words > 1 {
                    walk.sentence += 1;
                }
            }
        }
    }

    fn emit_number(&mut self, terms: &mut Terms<'_>, n: PendingNumber, walk: &mut Walk, out: &mut Analysis) {
        let value = n.total.saturating_add(n.current);
        self.scratch.clear();
        self.scratch.push_str(&value.to_string());
        let term = terms.resolve(&self.scratch);
        out.marks.numbers += 1;
        push_token(term, n.start, n.end, walk, out);
    }

    fn emit_letters(&mut self, terms: &mut Terms<'_>, l: PendingLetters, walk: &mut Walk, out: &mut Analysis) {
        if l.letters.len() < 2 {
            // A lone letter carries no meaning ("a", "I", "option b").
            out.function_words += 1;
            return;
        }
        let class = self.classify(terms, &l.letters);
        if class.kind == Kind::Content {
            for &term in class.terms() {
                push_token(term, l.start, l.end, walk, out);
            }
        }
    }
}

fn push_token(term: TermId, start: usize, end: usize, walk: &mut Walk, out: &mut Analysis) {
    let position = out.tokens.len() as u32;
    // A word repeated straight away ("the the", "error error budget") is a false start.
    let repeated = walk.last_content == Some((term, walk.prev_end)) && term != OOV;
    walk.last_content = Some((term, end));
    if repeated {
        return;
    }
    let negated = walk
        .negation_at
        .is_some_and(|at| position >= at && position - at < NEGATION_SCOPE);
    out.tokens.push(Token {
        term,
        start: start as u32,
        end: end as u32,
        sentence: walk.sentence,
        negated,
        set_aside: negated && walk.negation_is_contrast,
    });
}

/// Two-word contrast markers that set aside what follows them, as a negation does: "we
/// page on burn rate instead of CPU alarms" does not page on CPU alarms, and "focus on the
/// process rather than blaming people" does not blame. A rubric wording written with one
/// ("instead of CPU alarms") is then a negated wording, made by an answer that sets the
/// same thing aside; before, the marker's words were dropped as stopwords and such a
/// wording was made by its opposite ("we page on raw metrics and CPU alarms" covered
/// "alerting on SLO burn, not raw metrics"; "teams file tickets and wait for ops" covered
/// self-service).
const CONTRAST_MARKERS: &[(&str, &str)] = &[("instead", "of"), ("rather", "than")];

/// Longest parenthesis whose commas are read as separating examples. The 38 parenthesised
/// lists in the tuning halves and the bank's sample answers are 2–16 words of two to four
/// items ("(backup/restore validation, access hardening)"): 22 in strong answers, 6 in
/// the samples, 5 in partial answers, 5 in paraphrases, stories and dev prose; none in
/// name-dropping, vague or keyword-list answers.
const PARENTHESIS_MAX_WORDS: u32 = 24;

/// What the characters between two words say about structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Spaces or hyphens only.
    Space,
    /// A list separator: comma, slash, pipe.
    Segment,
    /// A clause break: semicolon, colon, dash, line break, bracket.
    Clause,
    /// A sentence end: . ! ? or a blank line or a bullet.
    Sentence,
}

/// The break a gap makes; the caller has ruled out a gap of only spaces and hyphens.
fn gap_kind(gap: &str) -> Gap {
    // One pass: the strongest break found wins (sentence > clause > segment).
    let (mut clause, mut segment, mut newline, mut after_newline) = (false, false, false, false);
    for c in gap.chars() {
        match c {
            '.' | '!' | '?' | '…' => return Gap::Sentence,
            // A blank line ends a sentence.
            '\n' if after_newline => return Gap::Sentence,
            '\n' => {
                newline = true;
                clause = true;
            }
            ';' | ':' | '(' | ')' | '—' | '–' => clause = true,
            ',' | '/' | '|' | '•' | '·' => segment = true,
            _ => {}
        }
        after_newline = c == '\n';
    }
    if newline && is_bullet_break(gap) {
        Gap::Sentence
    } else if clause {
        Gap::Clause
    } else if segment {
        Gap::Segment
    } else {
        Gap::Space
    }
}

fn is_bullet_break(gap: &str) -> bool {
    gap.split('\n').skip(1).any(|line| {
        let line = line.trim_start();
        line.starts_with("- ") || line.starts_with("* ") || line.starts_with('#') || line.starts_with('•')
    })
}

/// Whether a number word of `next` kind extends a number whose last word was `last`:
/// "twenty eight" is one number, "thirty sixty" two.
fn number_continues(last: NumberKind, next: NumberKind) -> bool {
    use NumberKind::*;
    match next {
        Unit => matches!(last, Tens | Hundred | Scale),
        Teen | Tens => matches!(last, Hundred | Scale),
        Hundred => matches!(last, Unit | Teen | Tens),
        Scale => true,
    }
}
