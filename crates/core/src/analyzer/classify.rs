//! What one lower-cased word is, wherever it stands: a stop word, clause breaker or
//! negation, a number word, a single letter, or content with its stems' terms — a
//! [`WordClass`], the value the word cache holds — and which marker list it is in.
//!
//! One word at a time: it must not look at the words around it (numbers and acronyms
//! spelt out, fillers, repeats, negation scope are `walk.rs`'s) nor hold a word list (the
//! lists live in `lexicon.rs`).

use super::lexicon::{lexicon, marker_of, Kind, Lexeme, Marker, NumberKind};
use super::spelling::american;
use super::vocabulary::Terms;
use super::walk::Analyzer;
use super::{TermId, OOV};

/// Most terms one word expands to (the normalisation table's longest expansion).
pub(super) const MAX_EXPANSION: usize = 2;

/// What a lower-cased word is, independent of position; what the word cache holds.
///
/// A plain 12-byte `Copy` struct, terms inline. A cache hit used to clone a
/// `Box<[TermId]>` (one malloc/free per word of every answer, ≈ 8% of end-to-end cycles);
/// later, as an enum carrying data, a hit was copied as a tag byte plus 15 bytes in two
/// overlapping moves and read back with a store-forwarding stall, the hottest
/// instructions of the analyzer in `perf annotate`.
#[derive(Debug, Clone, Copy)]
pub(super) struct WordClass {
    pub(super) kind: Kind,
    /// Number: the number word's kind.
    pub(super) number_kind: NumberKind,
    /// Content: how many of `ids` are terms.
    pub(super) len: u8,
    /// Which of the marker lists the word is in (fits in the struct's padding: still 12
    /// bytes).
    pub(super) marker: Marker,
    /// Content: the terms; Number: `ids[0]` is the value (at most a million).
    pub(super) ids: [TermId; MAX_EXPANSION],
}

impl WordClass {
    const fn of(kind: Kind) -> WordClass {
        WordClass {
            kind,
            number_kind: NumberKind::Unit,
            len: 0,
            marker: Marker::None,
            ids: [OOV; MAX_EXPANSION],
        }
    }

    fn number(value: u32, number_kind: NumberKind) -> WordClass {
        let mut class = WordClass::of(Kind::Number);
        class.number_kind = number_kind;
        class.ids[0] = value;
        class
    }

    pub(super) fn terms(&self) -> &[TermId] {
        &self.ids[..usize::from(self.len)]
    }
}

impl Analyzer {
    /// Classifies a lower-cased word (cached).
    #[inline(always)]
    pub(super) fn classify(&mut self, terms: &mut Terms<'_>, word: &str) -> WordClass {
        if let Some(class) = self.cache.get(word) {
            return class;
        }
        let class = self.classify_uncached(terms, word);
        self.cache.insert(word, class);
        class
    }

    #[cold]
    #[inline(never)]
    fn classify_uncached(&mut self, terms: &mut Terms<'_>, word: &str) -> WordClass {
        let mut class = self.classify_word(terms, word);
        class.marker = marker_of(word);
        class
    }

    fn classify_word(&mut self, terms: &mut Terms<'_>, word: &str) -> WordClass {
        // UAX #29 keeps "s.l.a" and "e.g" as one word: drop the dots so they read as acronyms.
        if word.contains('.') {
            let joined: String = word.chars().filter(|&c| c != '.').collect();
            return self.classify_word(terms, &joined);
        }
        let is_letter = word.len() == 1 && word.as_bytes()[0].is_ascii_lowercase();
        if is_letter {
            return WordClass::of(Kind::Letter);
        }
        let expanded: Vec<String> = match lexicon().get(word) {
            Some(&Lexeme::Function(kind)) => return WordClass::of(kind),
            Some(&Lexeme::Number(value, kind)) => return WordClass::number(value, kind),
            Some(Lexeme::Normalise(to)) => to.iter().map(|s| s.to_string()).collect(),
            None => vec![american(word)],
        };
        let mut class = WordClass::of(Kind::Content);
        // The normalisation table expands to at most MAX_EXPANSION words (a unit test
        // checks it), so nothing is cut here.
        for w in expanded.iter().take(MAX_EXPANSION) {
            let stem = self.stemmer.stem(w);
            let stem = stem.trim_end_matches("'s").trim_end_matches('\'');
            class.ids[usize::from(class.len)] = terms.resolve(stem);
            class.len += 1;
        }
        class
    }
}
