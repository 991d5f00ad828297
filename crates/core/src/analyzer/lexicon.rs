//! The analyzer's word lists and the one lookup over them: stopwords, negations, clause
//! openers and breakers, the marker lists counted into [`Marks`](super::Marks), the number
//! words, the normalisation table and the "-ise" words that are not British spellings.
//!
//! Data and the lookup only: it must not stem, walk texts or cache (`classify.rs`,
//! `walk.rs`, `cache.rs` do). `scripts/fit_specificity.py` reads CONNECTORS, ASPIRATION,
//! GENERIC, STOPWORDS, NEGATIONS and CLAUSE_BREAKERS from this file with a regex: keep each
//! a `const NAME: &[&str] = &[...];` here.

use rustc_hash::FxHashMap;

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
///
/// [`Marks`]: super::Marks
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
/// Endings of abstract nouns made from verbs and adjectives ("governance", "availability",
/// "reconciliation", "alignment"): the nominal style of text that names practices rather
/// than saying what was done ("we reconciled the two accounts every night"). The standard
/// English nominalising suffixes, taken as a list before measuring, not chosen on data. A
/// word counts when at least three letters stand before the ending ("city", "nation",
/// "fence" do not), and when it is in no other marker list. Rate per 100 words, tuning
/// halves: name-dropping and vague answers more, strong answers and stories fewer; as the
/// seventh input of the specificity model it lifted every held-out blind half and the other
/// bank's graded set (crates/core/src/specificity.rs `NOMINALS`).
pub const NOMINAL_SUFFIXES: &[&str] = &[
    "tion", "tions", "sion", "sions", "ment", "ments", "ance", "ances", "ence", "ences", "ity", "ities", "ness", "ism",
];

/// Letters that must stand before a [`NOMINAL_SUFFIXES`] ending.
const NOMINAL_MIN_STEM: usize = 3;

/// Whether a lower-cased word is an abstract noun by its ending ([`NOMINAL_SUFFIXES`]).
fn is_nominal(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase())
        && NOMINAL_SUFFIXES
            .iter()
            .any(|suffix| word.len() >= suffix.len() + NOMINAL_MIN_STEM && word.ends_with(suffix))
}

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
pub(super) const CLAUSE_OPENERS: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "there", "this", "that", "these", "those", "is", "are", "was", "were",
    "be", "been", "will", "would", "can", "could", "should", "has", "have", "had", "do", "does", "did", "it's",
    "that's", "there's", "we're", "they're", "i'm", "we've", "i've", "so",
];

/// Words that end a clause for negation scope: "we don't do X but we do Y".
pub(super) const CLAUSE_BREAKERS: &[&str] = &["but", "however", "although", "though", "instead", "whereas"];

/// A small, documented normalisation table: spellings that mean the same term. Applied to
/// bank and answers alike. It is not a spell checker; rubric alternatives carry the
/// speech-to-text mis-hearings of whole phrases.
pub(super) const NORMALISE: &[(&str, &[&str])] = &[
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
pub(super) const ISE_EXCEPTIONS: &[&str] = &[
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

/// Which marker list a word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    None,
    Connector,
    FirstPerson,
    Aspiration,
    Generic,
    /// An abstract noun by its ending ([`NOMINAL_SUFFIXES`]).
    Nominal,
}

pub(super) fn marker_of(word: &str) -> Marker {
    if CONNECTORS.contains(&word) {
        Marker::Connector
    } else if FIRST_PERSON.contains(&word) {
        Marker::FirstPerson
    } else if ASPIRATION.contains(&word) {
        Marker::Aspiration
    } else if GENERIC.contains(&word) {
        Marker::Generic
    } else if is_nominal(word) {
        Marker::Nominal
    } else {
        Marker::None
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum NumberKind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
}

/// What kind of word a [`WordClass`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Stop,
    ClauseBreak,
    Negation,
    Number,
    Letter,
    /// One or more terms (the normalisation table can expand one word to two).
    Content,
}

/// What the word lists say about a word.
pub(super) enum Lexeme {
    /// Stop word, clause breaker or negation.
    Function(Kind),
    Number(u32, NumberKind),
    /// A [`NORMALISE`] entry: the words it stands for.
    Normalise(&'static [&'static str]),
}

/// Every listed word, one lookup. Scanning the lists in turn (≈ 200 string comparisons for
/// a content word) was ≈ 10% of the instructions of `anscov score one-answer.md`, whose
/// start-up classifies every distinct word of the bank (callgrind: 47.7 M → 42.0 M).
pub(super) fn lexicon() -> &'static FxHashMap<&'static str, Lexeme> {
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
