//! Fillers and hedges counted in one walk over the words: each list matched as if on its
//! own, a match's words not searched again for that list, counts and spans per pattern.
//!
//! Counting only: it must not hold the phrases (`phrases.rs`) or split the words
//! (`spoken_words.rs`).

use std::ops::Range;

use super::phrases::{first_word, may_be_first_word, Pattern, CANDIDATES, FILLERS, HEDGES, LONGEST_FIRST_WORD};
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

    /// `candidates`: for an ASCII word, the patterns it is the first word of
    /// ([`CANDIDATES`]: a bit per pattern index, lowest first, so the first that matches
    /// is the first in list order); `None` for a word with a typographic apostrophe,
    /// where every pattern with the word's first letter is tried through [`Word::is`].
    /// Comparing an ASCII word with every pattern's first word was ≈ 490 instructions a
    /// call, 28 calls per 250-word answer (callgrind, 56,556 calls on 2,000 answers).
    fn try_at(&mut self, words: &[Word], i: usize, first: u8, candidates: Option<u16>) {
        if i < self.next {
            return;
        }
        let patterns = self.patterns;
        // `from`: the first of the pattern's words still to compare (a candidate's first
        // word is this word by construction).
        let matches = |index: usize, from: usize| {
            let pattern = &patterns[index];
            let n = pattern.words.len();
            i + n <= words.len()
                && pattern.words[from..]
                    .iter()
                    .zip(&words[i + from..i + n])
                    .all(|(p, w)| w.is(p))
                && (!pattern.alone || (words[i].set_off_before || words[i + n - 1].set_off_after))
        };
        let found = match candidates {
            Some(mut mask) => loop {
                if mask == 0 {
                    break None;
                }
                let index = mask.trailing_zeros() as usize;
                if matches(index, 1) {
                    break Some(index);
                }
                mask &= mask - 1;
            },
            None => {
                (0..patterns.len()).find(|&index| patterns[index].words[0].as_bytes()[0] == first && matches(index, 0))
            }
        };
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
            if let Some(f) = first_word(lower) {
                let [filler_patterns, hedge_patterns] = CANDIDATES[f];
                fillers.try_at(words, i, first, Some(filler_patterns));
                hedges.try_at(words, i, first, Some(hedge_patterns));
            }
        } else if words[i].non_ascii && text.contains(&0xE2) {
            // No first word is non-ASCII, but "I’m" may be "i'm": `Word::is` decides.
            fillers.try_at(words, i, first, None);
            hedges.try_at(words, i, first, None);
        }
    }
    (fillers.finish(words.len()), hedges.finish(words.len()))
}
