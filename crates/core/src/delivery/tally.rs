//! Fillers and hedges counted in one walk over the words: each list matched as if on its
//! own, a match's words not searched again for that list, counts and spans per pattern.
//!
//! Counting only: the phrases are `phrases.rs`'s, the words `spoken_words.rs`'s.

use std::ops::Range;

use super::phrases::{is_first_word, Pattern, FILLERS, HEDGES, LONGEST_FIRST_WORD};
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

    fn try_at(&mut self, words: &[Word], i: usize, first: u8) {
        if i < self.next {
            return;
        }
        let found = self.patterns.iter().position(|pattern| {
            if pattern.words[0].as_bytes()[0] != first {
                return false;
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
        let starts = text.len() <= LONGEST_FIRST_WORD && {
            let lower = &mut lower[..text.len()];
            lower.copy_from_slice(text);
            lower.make_ascii_lowercase();
            is_first_word(lower) || words[i].non_ascii && text.contains(&0xE2)
        };
        if starts {
            let first = text[0].to_ascii_lowercase();
            fillers.try_at(words, i, first);
            hedges.try_at(words, i, first);
        }
    }
    (fillers.finish(words.len()), hedges.finish(words.len()))
}
