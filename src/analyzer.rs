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

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Interned stem id. Ids are dense, starting at 0, per [`Vocabulary`].
pub type TermId = u32;

/// The id of a stem the vocabulary does not know (answers only; it can never match).
pub const OOV: TermId = u32::MAX;

/// How many content tokens after a negation word are negated (same clause only).
/// "we don't have runbooks, postmortems or SLOs" negates all three; 3 is the smallest
/// scope that covers a short list without reaching into the next idea.
pub const NEGATION_SCOPE: u32 = 3;

/// Words dropped everywhere. A short list on purpose: Lucene's English set plus pronouns,
/// auxiliaries and speech fillers. Particles such as "on", "up", "out", "off", "back" stay,
/// because they carry meaning in "on-call", "scale up", "roll out", "roll back".
pub const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "but",
    "by",
    "for",
    "from",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "it's",
    "of",
    "or",
    "such",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "was",
    "were",
    "will",
    "with",
    "i",
    "i'd",
    "i'm",
    "i've",
    "i'll",
    "me",
    "my",
    "we",
    "we'd",
    "we're",
    "we've",
    "we'll",
    "us",
    "our",
    "you",
    "your",
    "he",
    "she",
    "his",
    "her",
    "so",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "just",
    "also",
    "very",
    "really",
    "what",
    "which",
    "who",
    "whom",
    "how",
    "when",
    "where",
    "why",
    "some",
    "any",
    "each",
    "other",
    "more",
    "most",
    "um",
    "umm",
    "uh",
    "uhh",
    "erm",
    "er",
    "uhm",
    "hmm",
    "mm",
    "ah",
    "like",
    "ok",
    "okay",
    "yeah",
    "basically",
    "actually",
    "kind",
    "sort",
    "gonna",
    "wanna",
    "that's",
    "there's",
    "let's",
    "i'd've",
    "than",
    "too",
    "about",
    "s",
];

/// Very common English words that the bank is too small to know are common: a word can be
/// rare among 180 concept descriptions ("sure", "hard", "best") and still be in every
/// other sentence anyone says. They stay tokens (phrases may use them) but get a low IDF,
/// so they never count as evidence of meaning on their own. Found by scoring deliberately
/// vague answers ("make sure we follow best practices") against every question.
pub const COMMON_WORDS: &[&str] = &[
    "make",
    "sure",
    "get",
    "go",
    "know",
    "think",
    "take",
    "see",
    "come",
    "look",
    "give",
    "tell",
    "try",
    "want",
    "let",
    "seem",
    "put",
    "say",
    "good",
    "great",
    "best",
    "better",
    "well",
    "lot",
    "lots",
    "thing",
    "things",
    "way",
    "everyone",
    "everything",
    "something",
    "anything",
    "hard",
    "stuff",
    "sense",
    "bit",
    "even",
    "still",
    "quite",
    "pretty",
    "probably",
    "maybe",
    "whatever",
    // Hedging: "it depends on the situation" met a concept's "everything else depends on"
    // once near-synonyms and a 2-stem semantic gate came in.
    "depends",
    "depend",
    "situation",
    "context",
];

/// Words that mark how an answer talks: they are counted per answer ([`Marks`]) for the
/// specificity judgement ([`crate::specificity`]), which found on labelled answers that
/// answers making their points use conditions, sequence and quantities ("when the budget
/// is spent we freeze deploys", "every Monday", "within 15 minutes"), and answers that only
/// name them use importance and aspiration ("observability is key", "I'm a big believer").
/// Markers do not change tokens: a listed content word is still matched as usual.
///
/// Conditions, sequence, cause and quantity.
pub const CONNECTORS: &[&str] = &[
    "when", "if", "because", "by", "before", "after", "until", "within", "per", "every", "each", "instead", "rather",
    "then", "unless", "so", "whenever", "once",
];

/// The speaker as subject or owner.
pub const FIRST_PERSON: &[&str] = &["we", "i", "our", "my", "us"];

/// Importance, obligation and belief: talk about a topic rather than what was done. Not
/// "critical" or "need": in this domain they are as often substance ("critical flows",
/// "non-critical service", "we need workload portability"), and with them 4 of the bank's
/// 24 model answers read as talk. "best" is here for "best practices", "do my best".
pub const ASPIRATION: &[&str] = &[
    "should",
    "must",
    "important",
    "key",
    "essential",
    "crucial",
    "vital",
    "believe",
    "believer",
    "always",
    "strive",
    "focus",
    "priority",
    "best",
];

/// Generic talk: assurance ("make sure", "really"), the right-thing-in-general ("the
/// right processes", "a solid strategy") and abstractions that stand in for specifics
/// ("culture", "mindset", "approach", "balance"). Each is at least 5× as frequent per word
/// in the tuning halves' vague and name-dropping answers as in the others (blind-a, dev-a;
/// "sure" 9.4 vs 0.2 per 1,000 words, "really" 5.0 vs 0.6, "right" 5.5 vs 1.1).
pub const GENERIC: &[&str] = &[
    "sure",
    "really",
    "right",
    "culture",
    "mindset",
    "approach",
    "strategy",
    "balance",
    "pragmatic",
    "solid",
    "robust",
    "holistic",
    "comprehensive",
    "proactive",
    "ultimately",
    "seriously",
];

/// Words that negate what follows in their clause. Written with and without the
/// apostrophe, because speech-to-text often drops it.
pub const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "without",
    "nor",
    "neither",
    "cannot",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "won't",
    "wont",
    "wouldn't",
    "wouldnt",
    "can't",
    "cant",
    "shouldn't",
    "shouldnt",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "wasnt",
    "weren't",
    "werent",
    "haven't",
    "havent",
    "hasn't",
    "hasnt",
    "hadn't",
    "hadnt",
    "couldn't",
    "couldnt",
];

/// Function words that, straight after a comma, open a new clause: a subject or a verb
/// ("it is not possible, string is a conductor"; "we didn't use canaries, we used blue-green").
/// A negation reaches past a comma only into a list ("we don't have runbooks, postmortems
/// or SLOs"), whose items carry none of these.
const CLAUSE_OPENERS: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "there", "this", "that", "these", "those", "is", "are", "was", "were",
    "be", "been", "will", "would", "can", "could", "should", "has", "have", "had", "do", "does", "did", "it's",
    "that's", "there's", "we're", "they're", "i'm", "we've", "i've", "so",
];

/// Words that end a clause for negation scope: "we don't do X but we do Y".
const CLAUSE_BREAKERS: &[&str] = &["but", "however", "although", "though", "instead", "whereas"];

/// A small, documented normalisation table: spellings that mean the same term. Applied to
/// bank and answers alike. It is not a spell checker; rubric alternatives carry the
/// speech-to-text mis-hearings of whole phrases.
const NORMALISE: &[(&str, &[&str])] = &[
    ("k8s", &["kubernetes"]),
    ("k8", &["kubernetes"]),
    ("kube", &["kubernetes"]),
    ("oncall", &["on", "call"]),
    ("cicd", &["ci", "cd"]),
    ("postmortem", &["post", "mortem"]),
    ("postmortems", &["post", "mortem"]),
    ("runbook", &["run", "book"]),
    ("runbooks", &["run", "book"]),
    ("rollback", &["roll", "back"]),
    ("rollbacks", &["roll", "back"]),
    ("rollout", &["roll", "out"]),
    ("rollouts", &["roll", "out"]),
    // Lower-case acronym plurals (transcripts) that Porter2 would not reduce.
    ("slos", &["slo"]),
    ("slis", &["sli"]),
    ("slas", &["sla"]),
    ("apis", &["api"]),
    ("kpis", &["kpi"]),
    ("rpos", &["rpo"]),
    ("rtos", &["rto"]),
    ("behaviour", &["behavior"]),
    ("favour", &["favor"]),
    ("analyse", &["analyze"]),
    ("analysed", &["analyzed"]),
    ("percent", &["%"]),
    ("per cent", &["%"]),
];

/// "-ise" words that are not British spellings of "-ize".
const ISE_EXCEPTIONS: &[&str] = &[
    "promise",
    "enterprise",
    "exercise",
    "advise",
    "otherwise",
    "expertise",
    "premise",
    "compromise",
    "franchise",
    "merchandise",
    "supervise",
    "revise",
    "devise",
    "surprise",
    "concise",
    "precise",
    "raise",
    "noise",
    "praise",
    "cruise",
    "wise",
    "rise",
    "arise",
    "demise",
    "improvise",
    "televise",
    "disguise",
    "likewise",
    "clockwise",
    "paradise",
    "poise",
    "guise",
    "despise",
    "chastise",
    "excise",
    "incise",
    "apprise",
    "comprise",
];

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
}

impl Token {
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
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
    /// How the text talks: numbers, connectors, first person, aspiration, commas.
    pub marks: Marks,
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
    /// List commas: commas between two content words (not beside a filler, stopword or
    /// negation).
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
        }
    }
}

/// Which marker list a word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    Connector,
    FirstPerson,
    Aspiration,
    Generic,
}

fn marker_of(word: &str) -> Marker {
    if CONNECTORS.contains(&word) {
        Marker::Connector
    } else if FIRST_PERSON.contains(&word) {
        Marker::FirstPerson
    } else if ASPIRATION.contains(&word) {
        Marker::Aspiration
    } else if GENERIC.contains(&word) {
        Marker::Generic
    } else {
        Marker::None
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
    }
}

static NEXT_VOCABULARY_ID: AtomicU64 = AtomicU64::new(1);

/// Interned stems. Built (mutable) while compiling a bank, then frozen behind the engine.
#[derive(Debug)]
pub struct Vocabulary {
    /// Identity, for analyzers' word caches.
    id: u64,
    /// Bumped whenever a stem is interned: cached "not in the vocabulary" answers made
    /// before are stale, the cached ids are not (ids never change).
    generation: u64,
    ids: FxHashMap<Box<str>, TermId>,
    stems: Vec<Box<str>>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            id: NEXT_VOCABULARY_ID.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            ids: FxHashMap::default(),
            stems: Vec::new(),
        }
    }
}

impl Vocabulary {
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The stem text of a term.
    pub fn stem(&self, term: TermId) -> &str {
        self.stems.get(term as usize).map_or("?", |s| s)
    }

    pub fn get(&self, stem: &str) -> Option<TermId> {
        self.ids.get(stem).copied()
    }

    pub(crate) fn intern(&mut self, stem: &str) -> TermId {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as TermId;
        self.stems.push(stem.into());
        self.ids.insert(stem.into(), id);
        // Interning changes what a cached OOV means: analyzers whose cache holds lookups
        // made before start afresh (see `Analyzer::analyze`).
        self.generation += 1;
        id
    }
}

/// Where stems become ids: interning while building a bank, lookup while scoring.
pub enum Terms<'a> {
    Intern(&'a mut Vocabulary),
    Lookup(&'a Vocabulary),
}

impl Terms<'_> {
    /// The vocabulary's identity and generation.
    fn key(&self) -> (u64, u64) {
        match self {
            Terms::Intern(v) => (v.id, v.generation),
            Terms::Lookup(v) => (v.id, v.generation),
        }
    }

    fn resolve(&mut self, stem: &str) -> TermId {
        match self {
            Terms::Intern(v) => v.intern(stem),
            Terms::Lookup(v) => v.get(stem).unwrap_or(OOV),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum NumberKind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
}

/// What kind of word a [`WordClass`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stop,
    ClauseBreak,
    Negation,
    Number,
    Letter,
    /// One or more terms (the normalisation table can expand one word to two).
    Content,
}

/// Most terms one word expands to (the normalisation table's longest expansion).
const MAX_EXPANSION: usize = 2;

/// What a lower-cased word is, independent of position; what the word cache holds.
///
/// A plain 12-byte `Copy` struct, terms inline. A cache hit used to clone a
/// `Box<[TermId]>` (one malloc/free per word of every answer, ≈ 8% of end-to-end cycles);
/// later, as an enum carrying data, a hit was copied as a tag byte plus 15 bytes in two
/// overlapping moves and read back with a store-forwarding stall, the hottest
/// instructions of the analyzer in `perf annotate`.
#[derive(Debug, Clone, Copy)]
struct WordClass {
    kind: Kind,
    /// Number: the number word's kind.
    number_kind: NumberKind,
    /// Content: how many of `ids` are terms.
    len: u8,
    /// Which of the marker lists the word is in (fits in the struct's padding: still 12
    /// bytes).
    marker: Marker,
    /// Content: the terms; Number: `ids[0]` is the value (at most a million).
    ids: [TermId; MAX_EXPANSION],
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

    fn terms(&self) -> &[TermId] {
        &self.ids[..usize::from(self.len)]
    }
}

/// Past this many cached words the cache is dropped and rebuilt, so memory stays flat
/// however many distinct words a stream of answers brings (a typical bank-plus-answers
/// working set is a few thousand words).
const CACHE_LIMIT: usize = 200_000;

/// Lower-cased word → class. Words of up to 16 bytes (nearly all) are keyed by their
/// bytes packed into a `u128`: hashing and comparing an integer, with no pointer to
/// follow, took a cache hit from ≈ 116 to ≈ 60 instructions (callgrind), and a hit is
/// what every word of every answer costs. Packing with zero padding is one-to-one: no
/// word holds a NUL byte (UAX #29 never puts one inside a word).
///
/// Words of up to 8 bytes (most of them, and all the frequent ones) have their own table
/// keyed by a `u64`: hashing it is cheaper (≈ 4 k fewer instructions per 250-word answer,
/// callgrind 473 M → 465 M on 2,000 answers) and its entries are 24 bytes instead of 32
/// (a `u128` is 16-byte aligned). The probe's load is still the hottest instruction of
/// the analyzer (`perf annotate`); wall time did not move beyond this VM's noise.
#[derive(Default)]
struct WordCache {
    short: FxHashMap<u64, WordClass>,
    medium: FxHashMap<u128, WordClass>,
    long: FxHashMap<Box<str>, WordClass>,
}

impl WordCache {
    /// The word's bytes as a little-endian integer, zero-padded. Read with two
    /// overlapping loads from the word itself: copying it into a `[u8; 16]` and reading
    /// that back stalled on store forwarding, and a byte-by-byte loop cost ≈ 45
    /// instructions a word (callgrind).
    fn pack(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        let len = bytes.len();
        let le64 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let le32 = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")));
        let packed = match len {
            0..=3 => bytes.iter().rev().fold(0u64, |p, &b| p << 8 | u64::from(b)).into(),
            // The second load ends at the word's end; shifting drops the bytes it shares
            // with the first.
            4..=7 => u128::from(le32(0) | (le32(len - 4) >> (8 * (8 - len))) << 32),
            8 => u128::from(le64(0)),
            9..=16 => u128::from(le64(0)) | u128::from(le64(len - 8) >> (8 * (16 - len))) << 64,
            _ => return None,
        };
        Some(packed)
    }

    #[inline(always)]
    fn get(&self, word: &str) -> Option<WordClass> {
        // A packed word fits a `u64` exactly when it has at most 8 bytes (no NUL bytes).
        match Self::pack(word) {
            Some(key) => match u64::try_from(key) {
                Ok(short) => self.short.get(&short),
                Err(_) => self.medium.get(&key),
            }
            .copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, class: WordClass) {
        match Self::pack(word) {
            Some(key) => match u64::try_from(key) {
                Ok(key) => self.short.insert(key, class),
                Err(_) => self.medium.insert(key, class),
            },
            None => self.long.insert(word.into(), class),
        };
    }

    fn len(&self) -> usize {
        self.short.len() + self.medium.len() + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.medium.clear();
        self.long.clear();
    }
}

/// The analyzer with its word cache. Cheap to create; hold one per thread.
pub struct Analyzer {
    stemmer: Stemmer,
    cache: WordCache,
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
    in_segment: bool,
    /// The previous word was a content word (not a stopword, filler or negation).
    prev_content: bool,
    /// Commas in the gap before this word, when the word before them was a content word:
    /// they count as list commas if this word is one too.
    pending_commas: u32,
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
            in_segment: false,
            prev_content: false,
            pending_commas: 0,
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
                if walk.prev_content {
                    walk.pending_commas = memchr::memchr_iter(b',', gap).count() as u32;
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
            let (was_you, was_i) = (walk.prev_word_you, walk.prev_word_i);
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
                }
                Kind::ClauseBreak => {
                    out.function_words += 1;
                    walk.negation_at = None;
                    walk.comma_at = None;
                }
                Kind::Negation => {
                    out.function_words += 1;
                    walk.negation_at = Some(out.tokens.len() as u32);
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

    /// Classifies a lower-cased word (cached).
    #[inline(always)]
    fn classify(&mut self, terms: &mut Terms<'_>, word: &str) -> WordClass {
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

/// What the word lists say about a word.
enum Lexeme {
    /// Stop word, clause breaker or negation.
    Function(Kind),
    Number(u32, NumberKind),
    /// A [`NORMALISE`] entry: the words it stands for.
    Normalise(&'static [&'static str]),
}

/// Every listed word, one lookup. Scanning the lists in turn (≈ 200 string comparisons for
/// a content word) was ≈ 10% of the instructions of `anscov score one-answer.md`, whose
/// start-up classifies every distinct word of the bank (callgrind: 47.7 M → 42.0 M).
fn lexicon() -> &'static FxHashMap<&'static str, Lexeme> {
    static LEXICON: std::sync::OnceLock<FxHashMap<&'static str, Lexeme>> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = FxHashMap::default();
        // Inserted from the weakest claim to the strongest, so the strongest wins:
        // "but" is a stop word and a clause breaker, and breaks the clause.
        for &(from, to) in NORMALISE {
            lexicon.insert(from, Lexeme::Normalise(to));
        }
        for (value, kind, word) in number_words() {
            lexicon.insert(word, Lexeme::Number(value, kind));
        }
        for &word in NEGATIONS {
            lexicon.insert(word, Lexeme::Function(Kind::Negation));
        }
        for &word in STOPWORDS {
            lexicon.insert(word, Lexeme::Function(Kind::Stop));
        }
        for &word in CLAUSE_BREAKERS {
            lexicon.insert(word, Lexeme::Function(Kind::ClauseBreak));
        }
        lexicon
    })
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
    });
}

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

/// Whether [`lower_into`] would change `word`: most words of an answer are lower-case ASCII
/// already and are looked up as they are, without a copy.
fn needs_lowering(word: &str) -> bool {
    word.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase())
}

/// Lower-cases `word` into `buf`, mapping curly apostrophes to `'`.
/// An acronym's plural ("SLOs", "APIs") loses its "s": Porter2 keeps the "s" after a
/// vowel, which would make "SLOs" and "SLO" different terms.
fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    let bytes = word.as_bytes();
    let acronym_plural = bytes.len() >= 3
        && bytes[bytes.len() - 1] == b's'
        && bytes[..bytes.len() - 1]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && bytes[0].is_ascii_uppercase();
    let word = if acronym_plural { &word[..word.len() - 1] } else { word };
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => buf.push('\''),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// British "-ise"/"-isation" spellings to American, so "prioritise" meets "prioritize".
fn american(word: &str) -> String {
    // An exception ("exercise", "exercises") is caught by the prefix test below, which
    // runs only for the few words with an -ise ending.
    for (from, to) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("ise", "ize"),
    ] {
        if let Some(stem) = word.strip_suffix(from) {
            if stem.len() >= 4 && !ISE_EXCEPTIONS.iter().any(|e| word.starts_with(&e[..e.len() - 1])) {
                return format!("{stem}{to}");
            }
        }
    }
    word.to_string()
}

/// The number words with their values.
fn number_words() -> impl Iterator<Item = (u32, NumberKind, &'static str)> {
    const UNITS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    const TEENS: &[&str] = &[
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let units = UNITS.iter().zip(0..).map(|(&w, i)| (i, NumberKind::Unit, w));
    let teens = TEENS.iter().zip(10..).map(|(&w, i)| (i, NumberKind::Teen, w));
    let tens = TENS.iter().zip(0..).map(|(&w, i)| (20 + 10 * i, NumberKind::Tens, w));
    let scales = [
        (100, NumberKind::Hundred, "hundred"),
        (1_000, NumberKind::Scale, "thousand"),
        (1_000_000, NumberKind::Scale, "million"),
    ];
    units.chain(teens).chain(tens).chain(scales)
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

/// The tantivy side of the one analyzer: emits stem strings so the index's terms are the
/// matcher's terms. Registered under [`TOKENIZER_NAME`].
#[derive(Clone, Default)]
pub struct AnscovTokenizer;

/// The name the analyzer is registered under in every index.
pub const TOKENIZER_NAME: &str = "anscov";

/// Token stream over a pre-analysed text.
pub struct AnscovTokenStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    next: usize,
}

impl tantivy::tokenizer::Tokenizer for AnscovTokenizer {
    type TokenStream<'a> = AnscovTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnscovTokenStream {
        // Only the stem strings reach the index, so the vocabulary is private to the
        // indexing thread; it and the analyzer (with its stem cache) are kept between
        // documents. A fresh analyzer per document stemmed every word from scratch: 34% of
        // `anscov score one.md` was this function (perf, 24-question bank).
        TOKENIZER_STATE.with(|state| {
            let mut state = state.borrow_mut();
            let (analyzer, vocabulary, analysis) = &mut *state;
            if vocabulary.len() > CACHE_LIMIT {
                *vocabulary = Vocabulary::default();
            }
            analyzer.analyze(&mut Terms::Intern(vocabulary), text, 0..text.len(), analysis);
            token_stream_of(analysis, vocabulary)
        })
    }
}

thread_local! {
    static TOKENIZER_STATE: std::cell::RefCell<(Analyzer, Vocabulary, Analysis)> =
        std::cell::RefCell::new((Analyzer::default(), Vocabulary::default(), Analysis::default()));
}

fn token_stream_of(analysis: &Analysis, vocabulary: &Vocabulary) -> AnscovTokenStream {
    let tokens = analysis
        .tokens
        .iter()
        .enumerate()
        .map(|(position, t)| tantivy::tokenizer::Token {
            offset_from: t.start as usize,
            offset_to: t.end as usize,
            position,
            text: vocabulary.stem(t.term).to_string(),
            position_length: 1,
        })
        .collect();
    AnscovTokenStream { tokens, next: 0 }
}

impl tantivy::tokenizer::TokenStream for AnscovTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::default().stems(&mut Vocabulary::default(), text)
    }

    fn analysis(text: &str) -> (Analysis, Vocabulary) {
        let mut vocabulary = Vocabulary::default();
        let mut out = Analysis::default();
        Analyzer::default().analyze(&mut Terms::Intern(&mut vocabulary), text, 0..text.len(), &mut out);
        (out, vocabulary)
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stems("budget budgets budgeting"), ["budget"]);
        assert_eq!(stems("alerts"), stems("alerting"));
        assert_eq!(stems("SLOs"), stems("slo"));
    }

    #[test]
    fn case_hyphens_and_punctuation_split_alike() {
        assert_eq!(stems("Blue-Green deploys"), stems("blue green, deploy"));
        assert_eq!(stems("policy-as-code"), ["polici", "code"]);
    }

    #[test]
    fn curly_and_straight_apostrophes_agree_and_negate() {
        let (curly, _) = analysis("I don’t use canaries");
        let (straight, _) = analysis("I don't use canaries");
        assert_eq!(curly.tokens.len(), straight.tokens.len());
        assert!(curly.tokens.iter().all(|t| t.negated));
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let text = "We track MTTR – and Error Budgets.";
        let (out, _) = analysis(text);
        let words: Vec<&str> = out.tokens.iter().map(|t| &text[t.span()]).collect();
        assert_eq!(words, ["track", "MTTR", "Error", "Budgets"]);
    }

    #[test]
    fn word_cache_keys_are_the_zero_padded_bytes() {
        let word = "abcdefghijklmnopq";
        for len in 0..=word.len() {
            let expected = (len <= 16).then(|| {
                word.as_bytes()[..len]
                    .iter()
                    .enumerate()
                    .fold(0u128, |p, (i, &b)| p | u128::from(b) << (8 * i))
            });
            assert_eq!(WordCache::pack(&word[..len]), expected, "length {len}");
        }
        assert_ne!(WordCache::pack("é"), WordCache::pack("e"));
    }

    #[test]
    fn number_words_become_digits() {
        assert_eq!(stems("twenty eight percent"), ["28", "%"]);
        assert_eq!(stems("thirty sixty ninety days"), ["30", "60", "90", "day"]);
        assert_eq!(stems("one hundred and fifty"), ["100", "50"]);
        assert_eq!(stems("two thousand five hundred"), ["2500"]);
    }

    #[test]
    fn spelled_acronyms_are_joined() {
        assert_eq!(stems("s l o"), stems("SLO"));
        assert_eq!(stems("m t t r"), stems("MTTR"));
        assert_eq!(stems("the s.l.a"), stems("SLA"));
        assert_eq!(stems("a plan"), ["plan"]);
    }

    #[test]
    fn fillers_and_repeats_are_dropped() {
        assert_eq!(
            stems("um so uh you know the the error error budget"),
            ["error", "budget"]
        );
        assert_eq!(stems("mean time to recovery"), ["mean", "time", "recoveri"]);
        assert_eq!(stems("I mean error budgets"), ["error", "budget"]);
    }

    #[test]
    fn negation_scope_ends_at_clause() {
        let (out, v) = analysis("We never wrote runbooks, but we do postmortems.");
        let negated: Vec<&str> = out
            .tokens
            .iter()
            .filter(|t| t.negated)
            .map(|t| v.stem(t.term))
            .collect();
        assert_eq!(negated, ["wrote", "run", "book"]);
    }

    fn negated_stems(text: &str) -> Vec<String> {
        let (out, v) = analysis(text);
        out.tokens
            .iter()
            .filter(|t| t.negated)
            .map(|t| v.stem(t.term).to_string())
            .collect()
    }

    #[test]
    fn negation_stops_at_a_comma_that_opens_a_clause() {
        // The negation word answers the question; the clause after the comma is positive.
        assert!(negated_stems("No, string is an insulator.").is_empty());
        // A subject or verb after the comma starts a new clause.
        assert_eq!(
            negated_stems("It is not possible, string is an insulator."),
            ["possibl"]
        );
        assert_eq!(
            negated_stems("We didn't use canaries, we used blue-green."),
            ["use", "canari"]
        );
        // A list after the negation stays negated (within the scope of 3 content words).
        assert_eq!(
            negated_stems("We don't have runbooks, postmortems or SLOs."),
            ["run", "book", "post"]
        );
    }

    #[test]
    fn british_spellings_meet_american() {
        assert_eq!(stems("prioritise"), stems("prioritize"));
        assert_eq!(stems("centralised"), stems("centralized"));
        assert_eq!(stems("promise"), ["promis"]);
        assert_eq!(american("organisations"), "organizations");
        assert_eq!(american("exercises"), "exercises");
        assert_eq!(american("supervised"), "supervised");
        assert_eq!(american("rise"), "rise");
    }

    #[test]
    fn each_listed_word_takes_its_strongest_kind() {
        let kind = |w: &str| match lexicon().get(w) {
            Some(Lexeme::Function(kind)) => Some(*kind),
            _ => None,
        };
        for &w in CLAUSE_BREAKERS {
            assert_eq!(kind(w), Some(Kind::ClauseBreak), "{w}");
        }
        for &w in STOPWORDS.iter().filter(|w| !CLAUSE_BREAKERS.contains(w)) {
            assert_eq!(kind(w), Some(Kind::Stop), "{w}");
        }
        for &w in NEGATIONS
            .iter()
            .filter(|w| !STOPWORDS.contains(w) && !CLAUSE_BREAKERS.contains(w))
        {
            assert_eq!(kind(w), Some(Kind::Negation), "{w}");
        }
        // "but" is a stop word too; it breaks the clause.
        assert_eq!(kind("but"), Some(Kind::ClauseBreak));
        assert!(matches!(
            lexicon().get("nineteen"),
            Some(Lexeme::Number(19, NumberKind::Teen))
        ));
        assert!(matches!(
            lexicon().get("ninety"),
            Some(Lexeme::Number(90, NumberKind::Tens))
        ));
        assert!(matches!(lexicon().get("k8s"), Some(Lexeme::Normalise(["kubernetes"]))));
    }

    #[test]
    fn expansions_fit_inline() {
        assert!(NORMALISE.iter().all(|(_, to)| to.len() <= MAX_EXPANSION));
    }

    #[test]
    fn cache_survives_interning_but_not_stale_lookups() {
        let mut vocabulary = Vocabulary::default();
        let mut analyzer = Analyzer::default();
        let mut out = Analysis::default();
        analyzer.analyze(&mut Terms::Lookup(&vocabulary), "canary", 0..6, &mut out);
        assert_eq!(out.tokens[0].term, OOV);
        analyzer.analyze(&mut Terms::Intern(&mut vocabulary), "canary", 0..6, &mut out);
        assert_ne!(out.tokens[0].term, OOV);
        analyzer.analyze(&mut Terms::Lookup(&vocabulary), "canary", 0..6, &mut out);
        assert_eq!(vocabulary.stem(out.tokens[0].term), "canari");
    }

    #[test]
    fn normalisation_table_applies() {
        assert_eq!(stems("K8s"), stems("kubernetes"));
        assert_eq!(stems("oncall"), stems("on-call"));
        assert_eq!(stems("runbooks"), stems("run book"));
    }

    #[test]
    fn prose_and_lists_differ_in_function_words() {
        let (prose, _) = analysis("I set the SLOs with product and we alert on the burn rate.");
        let (list, _) = analysis("SLOs, error budgets, burn rate, PagerDuty, runbooks");
        assert!(prose.function_words * 4 > prose.words);
        assert_eq!(list.function_words, 0);
        assert_eq!(list.segments, 5);
    }

    #[test]
    fn sentences_are_counted() {
        let (out, _) = analysis("One idea. Another idea! A third?");
        assert_eq!(out.sentences, 3);
        assert_eq!(out.tokens.last().unwrap().sentence, 2);
    }

    #[test]
    fn arbitrary_unicode_keeps_char_boundaries() {
        let text = "Zero‐downtime 🚀 déploiement — שלום مرحبا ｓｌｏ e\u{301}";
        let (out, _) = analysis(text);
        for t in &out.tokens {
            assert!(text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize));
        }
    }
}
