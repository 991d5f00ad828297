//! The phrases delivery counts: fillers ("um", "you know") and hedges ("I think", "kind
//! of"), some only when set off by punctuation, and the sorted first words that let a
//! word be rejected with one `match`.
//!
//! Data and the first-word test only: matching phrases against words is `tally.rs`'s.

/// A phrase to look for, as lower-case words; `alone`: only when set off by punctuation
/// or at the start or end of a sentence ("it was, like, slow"; not "services like Redis").
pub(super) struct Pattern {
    pub(super) words: &'static [&'static str],
    pub(super) alone: bool,
}

const fn p(words: &'static [&'static str]) -> Pattern {
    Pattern { words, alone: false }
}

const fn alone(words: &'static [&'static str]) -> Pattern {
    Pattern { words, alone: true }
}

/// Fillers: sounds and words that carry no meaning in speech.
pub(super) const FILLERS: &[Pattern] = &[
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
pub(super) const HEDGES: &[Pattern] = &[
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
pub(super) const FIRST_WORDS: &[&[u8]] = &[
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
pub(super) fn is_first_word(lower: &[u8]) -> bool {
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

/// Bytes of the longest word that can start a pattern: "basically" (9), plus 2 for a
/// typographic apostrophe's extra bytes. Most words of an answer are longer and are
/// rejected on their length before any comparison.
pub(super) const LONGEST_FIRST_WORD: usize = 11;
