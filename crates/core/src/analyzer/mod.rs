//! The one analyzer: how every piece of text — bank, rubric alternatives, answers — becomes
//! terms. If the bank and the answers went through different analyzers their stems would not
//! meet, so everything, including the tantivy index (through [`AnscovTokenizer`]), calls
//! [`Analyzer::analyze`].
//!
//! Steps, per Unicode (UAX #29) word ([`crate::words`]):
//! 1. lower-case, curly apostrophes to `'`, a few British spellings to American;
//! 2. speech-to-text clean-up: fillers and stopwords dropped, "you know" / "I mean" dropped,
//!    number words to digits ("twenty eight" → 28, "thirty sixty ninety" → 30 60 90),
//!    letter-by-letter acronyms joined ("s l o" → slo), an immediately repeated word dropped;
//! 3. Snowball English (Porter2) stem from rust-stemmers, interned as a [`TermId`].
//!
//! Negation words are dropped like stopwords but mark the next few content tokens of the
//! same clause as `negated`, so the matcher can tell "we use canaries" from "we never used
//! canaries". Tokens keep byte offsets into the original text, so evidence is exact.
//!
//! Speed: stemming is most of the cost (design probe: word splitting alone ≈ 9 µs per
//! 265-word answer, with stemming ≈ 180 µs), so each distinct lower-cased word is
//! classified and stemmed once and cached ([`Analyzer`] holds the cache; one per thread).
//!
//! One job per file: `lexicon.rs` holds the word lists (stopwords, negations, markers,
//! number words, the normalisation table); `spelling.rs` lower-cases a word and turns
//! British spellings American; `vocabulary.rs` interns stems as [`TermId`]s; `classify.rs`
//! says what one lower-cased word is (stop word, number, letter, terms); `cache.rs` keeps
//! each word's class; `walk.rs` is [`Analyzer::analyze`], the pass over a text that makes
//! tokens, sentences, segments and [`Marks`]; `tokenizer.rs` hands the same stems to
//! tantivy. This file holds the types every caller sees. The analyzer must not read a bank,
//! score or report: it knows words, not questions.

use std::ops::Range;

mod cache;
mod classify;
mod lexicon;
mod spelling;
#[cfg(test)]
mod tests;
mod tokenizer;
mod vocabulary;
mod walk;

pub use lexicon::{
    ASPIRATION, COMMON_WORDS, CONNECTORS, FIRST_PERSON, GENERIC, NEGATIONS, NOMINAL_SUFFIXES, STOPWORDS,
};
pub use tokenizer::{AnscovTokenStream, AnscovTokenizer, TOKENIZER_NAME};
pub use vocabulary::{Terms, Vocabulary};
pub use walk::{Analyzer, WordSeed};

use lexicon::Marker;

/// Interned stem id. Ids are dense, starting at 0, per [`Vocabulary`].
pub type TermId = u32;

/// The id of a stem the vocabulary does not know (answers only; it can never match).
pub const OOV: TermId = u32::MAX;

/// How many content tokens after a negation word are negated (same clause only).
/// "we don't have runbooks, postmortems or SLOs" negates all three; 3 is the smallest
/// scope that covers a short list without reaching into the next idea.
pub const NEGATION_SCOPE: u32 = 3;

/// One content token of an analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The stem's id in the vocabulary, or [`OOV`].
    pub term: TermId,
    /// Byte range of the word(s) in the original text.
    pub start: u32,
    pub end: u32,
    /// Sentence number (0-based) within the analysed range.
    pub sentence: u32,
    /// A negation word precedes it within [`NEGATION_SCOPE`] tokens of the same clause.
    pub negated: bool,
    /// Negated by a contrast marker ("instead of", "rather than") rather than a negation
    /// word: the thing is set aside, but the sentence still makes its own point.
    pub set_aside: bool,
}

impl Token {
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Under a negation word, not merely set aside by a contrast marker. Derived rubrics
    /// and reference answers keep only such negation as a point stated negatively: "small,
    /// automated changes rather than adding approval boards" makes a point about changes
    /// (`crate::derive` marks the set-aside phrase `negatable = false` instead).
    pub fn declined(&self) -> bool {
        self.negated && !self.set_aside
    }
}

/// The analysed form of one text; reused between answers to avoid allocation.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    /// Content tokens in order; a token's position is its index.
    pub tokens: Vec<Token>,
    /// All words, as a person counts them (UAX #29 words).
    pub words: u32,
    /// Words dropped as stopwords, fillers or negations: a measure of "is this prose".
    pub function_words: u32,
    /// Number of list segments (text split at commas, semicolons, line breaks, slashes).
    pub segments: u32,
    /// Number of sentences.
    pub sentences: u32,
    /// How the text talks: numbers, connectors, first person, aspiration, generic talk,
    /// abstract nouns, commas.
    pub marks: Marks,
    /// Where it talks round its points: the first [`MAX_TALK_WORDS`] aspiration,
    /// generic-talk and abstract-noun words of each kind, for the report's advice on a low
    /// specificity.
    pub talk: Vec<TalkWord>,
}

/// How many talk words of each kind an analysis keeps: the report quotes a handful, and a
/// huge answer must not grow a list per word. Per kind, so that abstract nouns (≈ 5 per
/// 100 words in any answer) never crowd out the rarer aspiration words.
pub const MAX_TALK_WORDS: usize = 32;

/// Which list a talk word is in ([`ASPIRATION`], [`GENERIC`], [`NOMINAL_SUFFIXES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Talk {
    Aspiration,
    Generic,
    Abstract,
}

/// A word that talks round a point rather than making it ("essential", "culture").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkWord {
    pub kind: Talk,
    /// Byte range in the analysed text.
    pub span: Range<usize>,
}

/// Counts of the words and signs that tell making a point from naming it
/// ([`crate::specificity`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// Numbers, in digits or words ("28", "twenty eight": one each).
    pub numbers: u32,
    /// [`CONNECTORS`].
    pub connectors: u32,
    /// [`FIRST_PERSON`].
    pub first_person: u32,
    /// [`ASPIRATION`].
    pub aspiration: u32,
    /// [`GENERIC`].
    pub generic: u32,
    /// Abstract nouns by their ending ([`NOMINAL_SUFFIXES`]).
    pub nominals: u32,
    /// List commas: commas between two content words (not beside a filler, stopword or
    /// negation, nor inside parentheses, where they separate examples).
    pub commas: u32,
}

impl Marks {
    fn count(&mut self, marker: Marker) {
        match marker {
            Marker::None => {}
            Marker::Connector => self.connectors += 1,
            Marker::FirstPerson => self.first_person += 1,
            Marker::Aspiration => self.aspiration += 1,
            Marker::Generic => self.generic += 1,
            Marker::Nominal => self.nominals += 1,
        }
    }
}

impl Analysis {
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.words = 0;
        self.function_words = 0;
        self.segments = 0;
        self.sentences = 0;
        self.marks = Marks::default();
        self.talk.clear();
    }
}
