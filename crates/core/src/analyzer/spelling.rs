//! One word's spelling before it is classified: lower-casing (curly apostrophes to `'`,
//! an acronym's plural "SLOs" to "slo") and British "-ise" spellings to American.
//!
//! Pure string functions: they must not use word lists beyond the "-ise" exceptions, stem,
//! or touch the vocabulary.

use super::lexicon::ISE_EXCEPTIONS;

/// Whether [`lower_into`] would change `word`: most words of an answer are lower-case ASCII
/// already and are looked up as they are, without a copy.
pub(super) fn needs_lowering(word: &str) -> bool {
    word.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase())
}

/// Lower-cases `word` into `buf`, mapping curly apostrophes to `'`.
/// An acronym's plural ("SLOs", "APIs") loses its "s": Porter2 keeps the "s" after a
/// vowel, which would make "SLOs" and "SLO" different terms.
pub(super) fn lower_into(word: &str, buf: &mut String) {
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
pub(super) fn american(word: &str) -> String {
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
