//! The partial signal: every stem of a multi-word wording inside one sentence, within
//! [`PARTIAL_WINDOW`] content words, in any order ("budget for errors" for "error budget"),
//! and, when scoring, the same with near-synonyms standing in for the wording's stems
//! ("woke someone" for "wake someone"; [`crate::neighbours`]).
//!
//! It only finds evidence: it must not set credit or status (`matcher`'s, after every
//! signal) nor build the near-synonym table (`score`, when the bank is compiled).

use super::{merge, outcome, push_span, CompiledQuestion, ConceptOutcome, NearSynonyms, Prepared, Signal};
use crate::analyzer::TermId;
use std::ops::Range;

/// Span, in content words, within which all stems of an alternative count as a partial
/// match. 8 content words is about one clause of prose (≈ 15 words with stopwords).
pub const PARTIAL_WINDOW: u32 = 8;
// `match_partial` marks the window's positions in one `u32`.
const _: () = assert!(2 * PARTIAL_WINDOW < u32::BITS);

/// Strength of a partial match (the share of a phrase's).
pub(super) const PARTIAL_STRENGTH: f32 = 0.75;

/// Strength of a partial match in which a near-synonym stands in for one of the wording's
/// stems or more: reported, it does not weigh into coverage. The semantic signal met
/// near-synonyms only in descriptions, whose words are plain but few; the wordings are the
/// rubric's many ways of saying a point, and paraphrases miss them by one word ("woke
/// someone" for "wake someone", "cut the expense" for "cut the cost"). In the tuning halves
/// the labellers credited 41 of the 64 concepts found this way (held out: 90 of 117). With
/// the graded semantic credit ([`super::SEMANTIC_WEAKEST_CREDIT`]), prose Spearman with the
/// credited share, before → after: tuning halves' mean 0.8745 → 0.8760, held out (nine
/// sets) 0.8070 → 0.8223 (docs/quality.md, tenth round).
pub(super) const NEAR_PARTIAL_STRENGTH: f32 = 0.6;

/// All stems of `alternative` in one sentence within [`PARTIAL_WINDOW`] content words, any
/// order, where `positions(i)` are the answer's (ascending) token positions that may stand
/// for the alternative's `i`th stem. Returns the token range (inclusive end) and whether
/// any matched token is negated.
fn match_partial<'a>(
    answer: &Prepared,
    alternative: &[TermId],
    positions: impl Fn(usize) -> &'a [u32],
) -> Option<(Range<usize>, bool)> {
    let tokens = &answer.analysis.tokens;
    // Anchor on the rarest stem in this answer to keep the search short.
    let anchor = (0..alternative.len()).min_by_key(|&i| positions(i).len())?;
    'anchors: for &p in positions(anchor) {
        let sentence = tokens[p as usize].sentence;
        let (mut lo, mut hi, mut negated) = (p, p, tokens[p as usize].negated);
        // The window's positions already standing for a stem, as bits from `p - PARTIAL_WINDOW`:
        // one answer word stands for one stem, even when it is a near-synonym of two
        // ("learned" for both stems of "lessons learned"). A stem the wording repeats is
        // looked for once.
        let base = p.saturating_sub(PARTIAL_WINDOW);
        let mut taken: u32 = 1 << (p - base);
        for (i, &term) in alternative.iter().enumerate() {
            if term == alternative[anchor] || alternative[..i].contains(&term) {
                continue;
            }
            // Positions ascend: only those within the window of `p` can match (scanning all
            // of them per anchor took 13–20 s on 1 MB of "error. budget. " repeated).
            let all = positions(i);
            let near = &all[all.partition_point(|&q| q + PARTIAL_WINDOW < p)..];
            let found = near
                .iter()
                .copied()
                .take_while(|&q| q <= p + PARTIAL_WINDOW)
                .find(|&q| {
                    tokens[q as usize].sentence == sentence
                        && q.abs_diff(p) <= PARTIAL_WINDOW
                        && hi.max(q) - lo.min(q) <= PARTIAL_WINDOW
                        && taken & (1 << (q - base)) == 0
                });
            let Some(q) = found else { continue 'anchors };
            taken |= 1 << (q - base);
            lo = lo.min(q);
            hi = hi.max(q);
            negated |= tokens[q as usize].negated;
        }
        return Some((lo as usize..hi as usize, negated));
    }
    None
}

/// Which answer words may stand for a wording's stems in [`partial_pass`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartialStems {
    /// The stem itself.
    Exact,
    /// The stem or one of its near-synonyms ([`NearSynonyms::of_wording_stem`]).
    Near,
}

/// The partial signal for the concepts not found yet: every stem of one of their multi-word
/// wordings in one sentence, any order ([`match_partial`]).
pub(super) fn partial_pass(
    question: &CompiledQuestion,
    answer: &Prepared,
    outcomes: &mut [ConceptOutcome],
    stems: PartialStems,
) {
    let strength = match stems {
        PartialStems::Exact => PARTIAL_STRENGTH,
        PartialStems::Near => NEAR_PARTIAL_STRENGTH,
    };
    let mut near_positions: Vec<Vec<u32>> = Vec::new();
    for (ci, concept) in question.concepts.iter().enumerate() {
        if outcomes[ci].found() {
            continue;
        }
        let (mut pos, mut neg) = (Vec::new(), Vec::new());
        for k in concept.alternatives.clone() {
            let alternative = question.alternative(k);
            if alternative.len() < 2 {
                continue;
            }
            let matched = match stems {
                PartialStems::Exact => match_partial(answer, alternative, |i| answer.positions(alternative[i])),
                PartialStems::Near => {
                    if !with_near_synonyms(answer, alternative, &question.near, &mut near_positions) {
                        continue;
                    }
                    match_partial(answer, alternative, |i| near_positions[i].as_slice())
                }
            };
            if let Some((range, negated)) = matched {
                let span = range.start..range.end + 1;
                if concept
                    .polarity
                    .contrary_to_wording(question.alternative_negated(k), negated)
                {
                    push_span(&mut neg, span);
                } else {
                    push_span(&mut pos, span);
                }
            }
        }
        merge(&mut outcomes[ci], outcome(Signal::Partial, strength, pos, neg));
    }
}

/// Fills `out[i]` with the answer's positions of the wording's `i`th stem and of its
/// near-synonyms, ascending. False when no near-synonym of any stem is in the answer: the
/// exact pass has already tried those positions.
fn with_near_synonyms(answer: &Prepared, alternative: &[TermId], near: &NearSynonyms, out: &mut Vec<Vec<u32>>) -> bool {
    // Most wordings of most answers have no near-synonym in the answer: look before copying.
    let any_near = alternative.iter().any(|&term| {
        near.of_wording_stem(term)
            .iter()
            .any(|&n| !answer.positions(n).is_empty())
    });
    if !any_near {
        return false;
    }
    out.resize_with(alternative.len(), Vec::new);
    for (list, &term) in out.iter_mut().zip(alternative) {
        list.clear();
        list.extend_from_slice(answer.positions(term));
        for &n in near.of_wording_stem(term) {
            list.extend_from_slice(answer.positions(n));
        }
        list.sort_unstable();
        list.dedup();
    }
    true
}
