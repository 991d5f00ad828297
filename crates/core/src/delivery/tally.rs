//! Fillers and hedges counted in one walk over the words: each list matched as if on its
//! own, a match's words not searched again for that list, counts and spans per pattern.
//!
//! Counting only: it must not hold the phrases (`phrases.rs`) or split the words
//! (`spoken_words.rs`).

use std::ops::Range;

use super::phrases::{is_first_word, may_be_first_word, Pattern, FILLERS, HEDGES, LONGEST_FIRST_WORD};
use super::spoken_words::Word;
use super::{per_100, Count, Tally};

/// Counts of one pattern list while [`tally`] walks the words: by pattern index, so a
/// match costs no string until the end.
struct Counting {
    patterns: &'static [Pattern],
    /// (pattern index, count), in order of first match.
    counts: Vec<(usize, u32)>,
    spans: Vec<Range<usize>>,
    /// The next word this list may start a match at: a match's words are not searched again.
    next: usize,
}

impl Counting {
    fn new(patterns: &'static [Pattern]) -> Counting {
        Counting {
            patterns,
            counts: Vec::new(),
            spans: Vec::new(),
            next: 0,
        }
    }

    /// `lower`: the word lower-cased, when it is ASCII. Then a pattern's first word is
    /// compared with it as bytes (what [`Word::is`] decides for an ASCII word) instead of
    /// through `Word::is` for every pattern with the same first letter. Measured, this did
    /// not pay: ≈ 490 instructions a call before and after (callgrind, 56,556 calls on
    /// 2,000 answers, 27.5 M → 28.8 M); the cost is in the pattern loop itself, and a
    /// table from first word to its patterns is the next step.
    fn try_at(&mut self, words: &[Word], i: usize, first: u8, lower: Option<&[u8]>) {
        if i < self.next {
            return;
        }
        let found = self.patterns.iter().position(|pattern| {
            match lower {
                Some(lower) if pattern.words[0].as_bytes() != lower => return false,
                None if pattern.words[0].as_bytes()[0] != first => return false,
                _ => {}
            }
            let n = pattern.words.len();
            i + n <= words.len()
                && pattern.words.iter().zip(&words[i..i + n]).all(|(p, w)| w.is(p))
                && (!pattern.alone || (words[i].set_off_before || words[i + n - 1].set_off_after))
        });
        if let Some(index) = found {
            let n = self.patterns[index].words.len();
            match self.counts.iter_mut().find(|c| c.0 == index) {
                Some(c) => c.1 += 1,
                None => self.counts.push((index, 1)),
            }
            self.spans.push(words[i].range.start..words[i + n - 1].range.end);
            self.next = i + n;
        }
    }

    fn finish(self, words: usize) -> Tally {
        let mut which: Vec<Count> = self
            .counts
            .iter()
            .map(|&(index, count)| Count {
                word: self.patterns[index].words.join(" "),
                count,
            })
            .collect();
        which.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        let count: u32 = which.iter().map(|c| c.count).sum();
        Tally {
            count,
            per_100_words: per_100(count, words),
            which,
            spans: self.spans,
        }
    }
}

/// Fillers and hedges in one walk over the words. Each list is matched as if on its own
/// (a match skips its own words for that list only); the first-word test is shared: two
/// walks, one per list, were 10% of `anscov bench`'s cycles (`perf`).
pub(super) fn tally(words: &[Word]) -> (Tally, Tally) {
    let mut fillers = Counting::new(FILLERS);
    let mut hedges = Counting::new(HEDGES);
    let mut lower = [0u8; LONGEST_FIRST_WORD];
    for i in 0..words.len() {
        let text = words[i].text.as_bytes();
        // Most words start no pattern: rejected by one `match` on the sorted first words
        // (the pattern loop per word was 12–18% of `anscov bench`'s cycles, `perf`).
        if text.len() > LONGEST_FIRST_WORD {
            continue;
        }
        let first = text[0].to_ascii_lowercase();
        if !words[i].non_ascii && may_be_first_word(text) {
            let lower = &mut lower[..text.len()];
            lower.copy_from_slice(text);
            lower.make_ascii_lowercase();
            if is_first_word(lower) {
                fillers.try_at(words, i, first, Some(lower));
                hedges.try_at(words, i, first, Some(lower));
            }
        } else if words[i].non_ascii && text.contains(&0xE2) {
            // No first word is non-ASCII, but "I’m" may be "i'm": `Word::is` decides.
            fillers.try_at(words, i, first, None);
            hedges.try_at(words, i, first, None);
        }
    }
    (fillers.finish(words.len()), hedges.finish(words.len()))
}
