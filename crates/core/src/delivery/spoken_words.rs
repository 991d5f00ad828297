//! Delivery's own word split: each word of the answer as written (borrowed, not
//! lower-cased), its byte range, and whether punctuation or a line break sets it off —
//! which "alone" phrases need ("it was, like, slow").
//!
//! Splitting only, by byte class: the analyzer's UAX #29 words (`crate::words`) are a
//! different job and must not be mixed with these.

use std::ops::Range;

/// A word of the answer: its text as written, its byte range and whether punctuation (or a
/// line break) sits directly before and after it. Borrowed, not lower-cased into a new
/// string: allocating and searching per word made delivery figures 3× the cost of all the
/// matching (`anscov bench`: 16k answers/s with them against 45–50k without; `perf`:
/// `tally` and `measure` 19% of cycles, `StrSearcher::new` 5%).
#[derive(Debug)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    pub(super) range: Range<usize>,
    /// The word holds a character beyond ASCII (a typographic apostrophe, say).
    pub(super) non_ascii: bool,
    pub(super) set_off_before: bool,
    pub(super) set_off_after: bool,
}

impl Word<'_> {
    /// Whether the word is `pattern` (lower-case ASCII), ignoring case and reading a
    /// typographic apostrophe as a plain one.
    pub(super) fn is(&self, pattern: &str) -> bool {
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

/// The class of the character at `slice[i]` ([`WORD_BYTE`], [`SPACE_BYTE`] or neither)
/// and its width in bytes. ASCII is decided by the table; only other characters are
/// decoded (decoding every character was ≈ 5% of `anscov score`'s instructions on English
/// answers, callgrind).
#[inline(always)]
fn class_at(slice: &str, i: usize) -> (u8, usize) {
    let b = slice.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_CLASS[b as usize], 1);
    }
    let c = slice[i..].chars().next().expect("i is a character boundary");
    let class = if c.is_alphanumeric() || c == '’' {
        WORD_BYTE
    } else if c.is_whitespace() {
        SPACE_BYTE
    } else {
        0
    };
    (class, c.len_utf8())
}

/// The words of `text[range]` with their ranges and what sets them off.
///
/// A gap is read a character at a time (it is mostly one space); a word is read in a loop
/// of its own, lower-case ASCII letters eight at a time (`crate::words::lower_case_run`,
/// the analyzer's splitter's SWAR test), other characters through [`class_at`]. The one
/// loop with a state test per byte that this replaced was 69 k instructions of the ≈ 410 k
/// of a 250-word answer (callgrind, 2,000 generated answers: `words_of` 137 M of 877 M);
/// the words, ranges and flags are the same (a property test compares the two on
/// arbitrary and seam-heavy text).
pub(super) fn words_of(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let n = bytes.len();
    // ≈ 5.5 bytes per English word with its space: one allocation for most answers.
    let mut words: Vec<Word> = Vec::with_capacity(n / 5 + 1);
    let mut pending_break = true;
    let mut i = 0;
    while i < n {
        let (class, width) = class_at(slice, i);
        if class & WORD_BYTE != 0 {
            let start = i;
            let mut non_ascii = bytes[i] >= 0x80;
            i += width;
            let mut ended_by = None;
            loop {
                while i + 8 <= n {
                    let block = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
                    let run = crate::words::lower_case_run(block);
                    i += run;
                    if run < 8 {
                        break;
                    }
                }
                if i >= n {
                    break;
                }
                let (class, width) = class_at(slice, i);
                if class & WORD_BYTE == 0 {
                    ended_by = Some((class, width));
                    break;
                }
                non_ascii |= bytes[i] >= 0x80;
                i += width;
            }
            push_word(&mut words, slice, range.start, start..i, non_ascii, pending_break);
            pending_break = false;
            // The byte that ended the word is not a word byte: read it as the gap it
            // starts here, without classifying it again.
            if let Some((class, width)) = ended_by {
                if class & SPACE_BYTE == 0 || bytes[i] == b'\n' {
                    if let Some(last) = words.last_mut() {
                        last.set_off_after = true;
                    }
                    pending_break = true;
                }
                i += width;
            }
        } else {
            if class & SPACE_BYTE == 0 || bytes[i] == b'\n' {
                // Punctuation or a line break: a boundary for the word before and after.
                if let Some(last) = words.last_mut() {
                    last.set_off_after = true;
                }
                pending_break = true;
            }
            i += width;
        }
    }
    if let Some(last) = words.last_mut() {
        last.set_off_after = true;
    }
    words
}

/// The byte-at-a-time splitter [`words_of`] replaced: the reference its property test
/// compares with.
#[cfg(test)]
pub(super) fn words_of_reference(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
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
#[inline(always)]
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
    // A table rather than three comparisons a byte (13 instructions a word, callgrind).
    const EDGE: [bool; 256] = {
        let mut table = [false; 256];
        table[b'\'' as usize] = true;
        table[0xE2] = true;
        table[0x99] = true;
        table
    };
    let edge = |b: u8| EDGE[usize::from(b)];
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
