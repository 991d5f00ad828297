//! The phrases delivery counts: fillers ("um", "you know") and hedges ("I think", "kind
//! of"), some only when set off by punctuation, and the sorted first words that let a
//! word be rejected with one `match`.
//!
//! Data and the first-word test only: it must not match phrases against words (`tally.rs`
//! does).

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

/// For each word length, a bit per letter `a`–`z` that some first word of that length
/// starts with: a filter before [`is_first_word`] that needs no copy and no lower-casing.
/// Lower-casing every word of up to 11 bytes into a buffer to test it was ≈ 13 k
/// instructions of a 250-word answer (callgrind: `delivery::measure` 18 M in
/// `to_ascii_lowercase` and 9 M in `make_ascii_lowercase` on 2,000 answers); the filter
/// passes about one word in five (the real first words, and "as", "up", "make", "most"…).
const FIRST_BY_LENGTH: [u32; LONGEST_FIRST_WORD + 1] = {
    let mut table = [0u32; LONGEST_FIRST_WORD + 1];
    let lists: [&[Pattern]; 2] = [FILLERS, HEDGES];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let first = lists[l][i].words[0].as_bytes();
            assert!(first.len() <= LONGEST_FIRST_WORD && first[0].is_ascii_lowercase());
            table[first.len()] |= 1 << (first[0] - b'a');
            i += 1;
        }
        l += 1;
    }
    table
};

/// Whether `word` (as written, any case) may be a first word: false only when
/// [`is_first_word`] of its lower-case form is certainly false.
#[inline(always)]
pub(super) fn may_be_first_word(word: &[u8]) -> bool {
    let (Some(&letters), Some(&first)) = (FIRST_BY_LENGTH.get(word.len()), word.first()) else {
        return false;
    };
    let index = (first | 0x20).wrapping_sub(b'a');
    index < 26 && letters & (1 << index) != 0
}
