//! The phrases delivery counts: fillers ("um", "you know") and hedges ("I think", "kind
//! of"), some only when set off by punctuation, and the sorted first words that let a
//! word be rejected with one `match`, and the patterns each first word starts.
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

/// The first words of [`FILLERS`] and [`HEDGES`], sorted: [`first_word`] gives a word's
/// index here, and [`CANDIDATES`] the patterns each one starts.
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

/// [`FIRST_WORDS`] as a `match`, giving the word's index there: a jump on length, then
/// word compares (a binary search of the list cost a `memcmp` call per step, 20% of
/// cycles). A unit test checks it against the list.
pub(super) fn first_word(lower: &[u8]) -> Option<usize> {
    let index = match lower {
        b"ah" => 0,
        b"basically" => 1,
        b"er" => 2,
        b"erm" => 3,
        b"hmm" => 4,
        b"i" => 5,
        b"i'm" => 6,
        b"kind" => 7,
        b"like" => 8,
        b"literally" => 9,
        b"maybe" => 10,
        b"more" => 11,
        b"not" => 12,
        b"perhaps" => 13,
        b"possibly" => 14,
        b"probably" => 15,
        b"so" => 16,
        b"somewhat" => 17,
        b"sort" => 18,
        b"uh" => 19,
        b"uhh" => 20,
        b"uhm" => 21,
        b"um" => 22,
        b"umm" => 23,
        b"you" => 24,
        _ => return None,
    };
    Some(index)
}

/// Whether two byte strings are equal, in a `const` context.
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A list's patterns whose first word is `first`, as a bit per pattern index.
const fn starting_with(patterns: &[Pattern], first: &[u8]) -> u16 {
    assert!(patterns.len() <= 16);
    let mut mask = 0u16;
    let mut i = 0;
    while i < patterns.len() {
        if same_bytes(patterns[i].words[0].as_bytes(), first) {
            mask |= 1 << i;
        }
        i += 1;
    }
    mask
}

/// For each of [`FIRST_WORDS`], the patterns of [`FILLERS`] and of [`HEDGES`] it starts
/// (a bit per pattern index, lowest first = list order). The tally tries only these
/// instead of comparing the word with every pattern's first word: that loop was ≈ 490
/// instructions per candidate word, 28 candidates per 250-word answer (callgrind,
/// `Counting::try_at` on 2,000 generated answers).
pub(super) const CANDIDATES: [[u16; 2]; FIRST_WORDS.len()] = {
    let mut table = [[0u16; 2]; FIRST_WORDS.len()];
    let mut f = 0;
    while f < FIRST_WORDS.len() {
        table[f] = [
            starting_with(FILLERS, FIRST_WORDS[f]),
            starting_with(HEDGES, FIRST_WORDS[f]),
        ];
        f += 1;
    }
    table
};

/// Bytes of the longest word that can start a pattern: "basically" (9), plus 2 for a
/// typographic apostrophe's extra bytes. Most words of an answer are longer and are
/// rejected on their length before any comparison.
pub(super) const LONGEST_FIRST_WORD: usize = 11;

/// For each word length, a bit per letter `a`–`z` that some first word of that length
/// starts with: a filter before [`first_word`] that needs no copy and no lower-casing.
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
/// [`first_word`] of its lower-case form is certainly `None`.
#[inline(always)]
pub(super) fn may_be_first_word(word: &[u8]) -> bool {
    let (Some(&letters), Some(&first)) = (FIRST_BY_LENGTH.get(word.len()), word.first()) else {
        return false;
    };
    let index = (first | 0x20).wrapping_sub(b'a');
    index < 26 && letters & (1 << index) != 0
}
