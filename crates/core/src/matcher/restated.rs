//! Words an answer copies from the guidance the bank gives with its question.
//!
//! The guidance tells a candidate what to cover; copying it is not covering it. The seed's
//! guidance lists what a good answer covers, and an answer that copies that list in the
//! first person ("In my answer I would
//! describe SLO selection, error budgets, alerting philosophy, on-call rotation design, and
//! blameless postmortems leading to concrete follow-ups", 24 words) scored 0.42 of its
//! rubric on average over the 24 questions, q04 0.50. A run of [`COPIED_RUN`] stems or more
//! that stands in the guidance too is therefore no evidence of any concept: its tokens are
//! masked before matching, and the report says so.
//!
//! The question itself is left alone. Short answers restate it as the natural way to answer
//! ("the bulb and the battery are in the same closed path"): masking copies of the
//! question as well cost SemEval-2013's SciEntsBank 0.753 → 0.752 ROC-AUC and macro-F1 0.695
//! → 0.689, where masking the guidance alone changes nothing there (it has none).
//!
//! Stems, not words, so a copy is found through inflection and punctuation; stopwords are
//! not tokens, so "the", "and" and "of" neither make nor break a run.
//!
//! It marks tokens and nothing else: it must not decide coverage (`super` does), read
//! files or know about reports.

use std::ops::Range;

use crate::analyzer::{TermId, Token, OOV};

/// Stems in a row that make a copy. Over every labelled answer in tests/eval (1,128, whose
/// authors had read the seed's questions and guidance), runs of five stems or more copied
/// from the guidance are in 7 answers, 6 of them name-dropping or mentioned ones; at four
/// they are in strong answers and transcripts too (a short run is a shared term, "total
/// cost of ownership", not a copy). Prose Spearman with the credited share moves by at most
/// 0.005 on any set at five (docs/quality.md, eleventh round).
pub const COPIED_RUN: usize = 5;

/// Bits of [`Prompt`]'s membership filter: a guidance is a few dozen stems, so 1,024 bits
/// leave most answer words outside it.
const FILTER_BITS: usize = 1024;

/// A question's guidance as the analyzer reads it: its stems in order.
#[derive(Debug, Clone)]
pub struct Prompt {
    terms: Box<[TermId]>,
    /// (stem, where it stands in `terms`), sorted: where a run may start.
    starts: Box<[(TermId, u32)]>,
    /// Bit `stem % FILTER_BITS` set for every stem of `terms`. A copied run is made of
    /// guidance stems only, so a run of answer words that pass this test is all that needs
    /// the search: without it every answer word took a binary search of `starts`, ≈ 12 k
    /// instructions an answer (3.4% of `anscov score` on 2,000 bench answers, callgrind).
    filter: [u64; FILTER_BITS / 64],
}

impl Default for Prompt {
    fn default() -> Prompt {
        Prompt::new(&[])
    }
}

impl Prompt {
    pub fn new(guidance: &[TermId]) -> Prompt {
        let terms: Box<[TermId]> = guidance.into();
        let mut starts: Vec<(TermId, u32)> = terms
            .iter()
            .enumerate()
            .filter(|&(_, &t)| t != OOV)
            // A prompt is a few hundred words; one past u32 positions is cut there.
            .map_while(|(i, &t)| u32::try_from(i).ok().map(|i| (t, i)))
            .collect();
        starts.sort_unstable();
        let mut filter = [0u64; FILTER_BITS / 64];
        for &(term, _) in &starts {
            let bit = term as usize % FILTER_BITS;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Prompt {
            terms,
            starts: starts.into_boxed_slice(),
            filter,
        }
    }

    /// Whether `term` may stand in the guidance (no false negatives).
    #[inline]
    fn may_hold(&self, term: TermId) -> bool {
        let bit = term as usize % FILTER_BITS;
        term != OOV && self.filter[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// The runs of `tokens` (token index ranges) of [`COPIED_RUN`] stems or more that also
    /// stand, in the same order, in the guidance; overlapping runs merged.
    pub fn copies(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        if self.terms.len() < COPIED_RUN || tokens.len() < COPIED_RUN {
            return runs;
        }
        // Stretches of tokens that all pass the filter, each searched from every start that
        // leaves room for a run; a copy cannot reach past a token that fails it.
        let mut stretch_start = 0;
        for end in 0..=tokens.len() {
            if end < tokens.len() && self.may_hold(tokens[end].term) {
                continue;
            }
            if end - stretch_start >= COPIED_RUN {
                for i in stretch_start..=end - COPIED_RUN {
                    let longest = self.longest_copy_from(&tokens[i..end]);
                    if longest >= COPIED_RUN {
                        match runs.last_mut() {
                            Some(last) if last.end >= i => last.end = last.end.max(i + longest),
                            _ => runs.push(i..i + longest),
                        }
                    }
                }
            }
            stretch_start = end + 1;
        }
        runs
    }

    /// How many of `tokens`, from the first, stand in that order somewhere in the guidance.
    fn longest_copy_from(&self, tokens: &[Token]) -> usize {
        let term = tokens[0].term;
        let first = self.starts.partition_point(|&(t, _)| t < term);
        self.starts[first..]
            .iter()
            .take_while(|&&(t, _)| t == term)
            .map(|&(_, at)| {
                self.terms[at as usize..]
                    .iter()
                    .zip(tokens)
                    .take_while(|(&p, t)| p != OOV && p == t.term)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

/// Masks the tokens of `runs` ([`Prompt::copies`]) so that no signal matches them, and
/// returns the byte ranges of the text they cover, for the report.
pub fn mask_copied(tokens: &mut [Token], runs: &[Range<usize>]) -> Vec<Range<usize>> {
    runs.iter()
        .map(|run| {
            for token in &mut tokens[run.clone()] {
                token.term = OOV;
            }
            tokens[run.start].start as usize..tokens[run.end - 1].end as usize
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(terms: &[TermId]) -> Vec<Token> {
        terms
            .iter()
            .enumerate()
            .map(|(i, &term)| Token {
                term,
                start: i as u32 * 2,
                end: i as u32 * 2 + 1,
                sentence: 0,
                negated: false,
                set_aside: false,
            })
            .collect()
    }

    #[test]
    fn a_run_of_five_guidance_stems_is_a_copy_and_four_is_not() {
        let prompt = Prompt::new(&[10, 11, 12, 13, 14, 15]);
        assert_eq!(prompt.copies(&tokens(&[7, 10, 11, 12, 13, 14, 8])), vec![1..6]);
        assert!(prompt.copies(&tokens(&[7, 10, 11, 12, 13, 8])).is_empty());
        // The run takes all it can; two copies stay two.
        assert_eq!(
            prompt.copies(&tokens(&[10, 11, 12, 13, 14, 15, 9, 11, 12, 13, 14, 15])),
            vec![0..6, 7..12]
        );
    }

    /// The search before the filter: every start, every token.
    fn copies_by_every_start(prompt: &Prompt, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        if prompt.terms.len() < COPIED_RUN || tokens.len() < COPIED_RUN {
            return runs;
        }
        for i in 0..=tokens.len() - COPIED_RUN {
            if tokens[i].term == OOV {
                continue;
            }
            let longest = prompt.longest_copy_from(&tokens[i..]);
            if longest >= COPIED_RUN {
                match runs.last_mut() {
                    Some(last) if last.end >= i => last.end = last.end.max(i + longest),
                    _ => runs.push(i..i + longest),
                }
            }
        }
        runs
    }

    #[test]
    fn the_filter_finds_what_every_start_finds() {
        // Small alphabets so that copies, overlaps and filter collisions (stems 1,024
        // apart share a bit) are frequent.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let term = |r: u64| {
            if r == 0 {
                OOV
            } else {
                (r % 6) as TermId + 1024 * (r % 3) as TermId
            }
        };
        let mut with_copies = 0;
        for _ in 0..3_000 {
            let guidance: Vec<TermId> = (0..next(14) + 1).map(|_| term(next(12))).collect();
            // Random words and pieces of the guidance, so that runs are copied.
            let mut answer: Vec<TermId> = Vec::new();
            while answer.len() < 40 && next(8) != 0 {
                if next(2) == 0 {
                    answer.push(term(next(12)));
                } else {
                    let from = next(guidance.len() as u64) as usize;
                    let to = (from + next(8) as usize).min(guidance.len());
                    answer.extend_from_slice(&guidance[from..to]);
                }
            }
            let prompt = Prompt::new(&guidance);
            let answer = tokens(&answer);
            let expected = copies_by_every_start(&prompt, &answer);
            with_copies += usize::from(!expected.is_empty());
            assert_eq!(prompt.copies(&answer), expected, "{guidance:?}");
        }
        assert!(with_copies > 300, "{with_copies}");
    }

    #[test]
    fn an_unknown_word_breaks_a_run() {
        let prompt = Prompt::new(&[10, 11, 12, 13, 14, 15]);
        assert!(prompt.copies(&tokens(&[10, 11, 12, OOV, 13, 14, 15])).is_empty());
    }

    #[test]
    fn masked_tokens_match_nothing_and_give_their_text() {
        let prompt = Prompt::new(&[10, 11, 12, 13, 14]);
        let mut answer = tokens(&[7, 10, 11, 12, 13, 14]);
        let runs = prompt.copies(&answer);
        assert_eq!(mask_copied(&mut answer, &runs), vec![2..11]);
        assert!(answer[1..].iter().all(|t| t.term == OOV));
        assert_eq!(answer[0].term, 7);
    }
}
