//! A question's concepts compiled for matching: flat stem tables behind a small hash
//! index, each concept's alternatives, weights and polarity. Built once per bank by the
//! engine; read, never changed, by [`super::match_question`].
//!
//! Tables only: it must not analyse text (stems arrive as term ids) or decide whether a
//! concept is covered.

use std::sync::Arc;

use super::*;

/// One alternative wording of a concept, analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// Its stems.
    pub terms: Box<[TermId]>,
    /// It is written under a negation ("without asking anyone", "no idea whether"): the
    /// negation is part of the wording, so an answer that says it the same way makes the
    /// point, and one that says it plainly ("we had to ask someone") says the opposite.
    pub negated: bool,
}

/// One concept, ready to match.
#[derive(Debug, Clone)]
pub struct CompiledConcept {
    /// Each alternative's wording (alternatives that analyse to nothing are left out).
    pub alternatives: Vec<Wording>,
    /// Description and label (or the alternatives, without a description), for the
    /// semantic signal.
    pub vector: SparseVector,
    /// The vector's stems in the order the description (then label) uses them, repeats
    /// allowed: of two words with a near-synonym in common at the same cosine, the one
    /// used first lends it its weight ([`CompiledQuestion::near_weights_of`]). Stems
    /// missing here come last.
    pub order: Vec<TermId>,
    /// The rubric's weight, for the share of the rubric an answer finds
    /// ([`crate::specificity`]).
    pub weight: f64,
    pub polarity: Polarity,
}

/// How negation bears on a concept's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Made by a plain mention, declined by a negated one ("we never used canaries").
    Plain,
    /// Made either way: declining is itself the point ("I don't default to Kubernetes";
    /// `negatable = false`).
    Either,
    /// Made only by a negated mention ("a leaf has no children"; `negative = true`); a
    /// plain mention contradicts it.
    Negative,
}

impl Polarity {
    pub fn of(concept: &crate::bank::Concept) -> Polarity {
        if concept.negative {
            Polarity::Negative
        } else if concept.negatable {
            Polarity::Plain
        } else {
            Polarity::Either
        }
    }

    /// Whether evidence whose words are (or are not) negated goes against the concept.
    pub(super) fn contrary(self, negated: bool) -> bool {
        match self {
            Polarity::Plain => negated,
            Polarity::Either => false,
            Polarity::Negative => !negated,
        }
    }

    /// [`Polarity::contrary`] for a match of an alternative: a wording written under a
    /// negation is made by a negated mention and contradicted by a plain one. Under
    /// `negative = true` the wording's negation only restates the concept's.
    pub(super) fn contrary_to_wording(self, wording_negated: bool, negated: bool) -> bool {
        match (self, wording_negated) {
            (Polarity::Plain, true) => !negated,
            _ => self.contrary(negated),
        }
    }
}

/// A hash index over a question's small tables of stems, which are kept sorted by
/// [`StemIndex::bucket`]: a 1,024-bit filter says "certainly not in the table" without
/// touching it, and a hit scans one of 64 buckets (≈ 4 stems of 250). The phrase and
/// semantic passes look up every stem of an answer and most lookups miss; the probe's
/// memory access was the hottest part of `match_question` (`perf annotate`) when the
/// tables were hash maps. With ≈ 60 stems per set about 6% of misses still reach the
/// table. Bisecting the tables instead of the buckets cost ≈ 8% of single-answer latency
/// (p50 40–41 → 44–45 µs, `anscov bench --answers 20000`, back to back).
#[derive(Debug, Clone)]
pub(super) struct StemIndex {
    pub(super) filter: [u64; 16],
    /// Where each bucket starts in the table, and the table's length.
    pub(super) starts: [u32; StemIndex::BUCKETS + 1],
}

impl Default for StemIndex {
    fn default() -> StemIndex {
        StemIndex {
            filter: [0; 16],
            starts: [0; StemIndex::BUCKETS + 1],
        }
    }
}

impl StemIndex {
    pub(super) const BUCKETS: usize = 64;

    /// Fibonacci hashing spreads dense ids over the 1,024 bits.
    pub(super) fn hash(term: TermId) -> usize {
        (term.wrapping_mul(0x9e37_79b9) >> 22) as usize
    }

    /// The bucket of `term`: the hash's top 6 bits.
    pub(super) fn bucket(term: TermId) -> usize {
        Self::hash(term) >> 4
    }

    /// Indexes a table's stems, given in bucket order.
    pub(super) fn new(stems: impl Iterator<Item = TermId>) -> StemIndex {
        let mut index = StemIndex::default();
        for term in stems {
            let h = Self::hash(term);
            index.filter[h >> 6] |= 1 << (h & 63);
            index.starts[Self::bucket(term) + 1] += 1;
        }
        for b in 1..=Self::BUCKETS {
            index.starts[b] += index.starts[b - 1];
        }
        index
    }

    /// The part of the table where `term` can be: its bucket, or nothing when the filter
    /// rules it out.
    pub(super) fn candidates(&self, term: TermId) -> Range<usize> {
        let h = Self::hash(term);
        if self.filter[h >> 6] & (1 << (h & 63)) == 0 {
            return 0..0;
        }
        let b = Self::bucket(term);
        self.starts[b] as usize..self.starts[b + 1] as usize
    }
}

/// One stem's weight in one concept's vector, for the semantic signal. 8 bytes: a bank
/// of 100,000 questions holds ≈ 14 million of them.
#[derive(Debug, Clone, Copy)]
pub(super) struct ConceptWeight {
    pub(super) weight: f32,
    pub(super) concept: u16,
    /// [`ConceptWeight::informative`] in the top bit, [`ConceptWeight::rank`] below it.
    flags: u16,
}

impl ConceptWeight {
    const INFORMATIVE: u16 = 1 << 15;

    /// Whether sharing this stem counts towards [`SEMANTIC_MIN_SHARED`]: informative (IDF
    /// ≥ [`INFORMATIVE_IDF`]) and not one of the question's own stems. Counting the
    /// question's words at half was tried on the tuning half and changed nothing
    /// measurable; at full weight, restating the question ("spiky traffic") earned
    /// several concepts at once.
    pub(super) fn informative(self) -> bool {
        self.flags & Self::INFORMATIVE != 0
    }

    /// The stem's place in [`CompiledConcept::order`] (from 0x7FFF on, all alike: a tie
    /// that far into one description is left to the table's order).
    fn rank(self) -> u16 {
        self.flags & !Self::INFORMATIVE
    }
}

/// A near-synonym's weight in one concept ([`CompiledQuestion::near_weights_of`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct NearWeight {
    pub(super) concept: u16,
    /// The concept's word's weight times the cosine.
    pub(super) weight: f32,
    /// The concept's word's [`ConceptWeight::informative`].
    pub(super) informative: bool,
    cosine: f32,
    rank: u16,
}

/// The bank's near-synonyms ([`crate::neighbours`]), two ways.
///
/// For the semantic signal, inverted: for a stem, the informative concept words of the
/// bank it is a near-synonym of, with their cosine. One table for the bank, shared by its
/// questions, instead of each concept's neighbours copied into its question's weights:
/// those were ≈ 340 of ≈ 484 weight entries, ≈ 4 KB a question of the 100,000-question
/// generated bank (heaptrack, 2026-12-01).
///
/// For the partial signal, forward: for a stem of a multi-word wording, its near-synonyms
/// ([`NearSynonyms::with_wording_neighbours`]), so "downtime budget" can meet the wording
/// "outage budget".
#[derive(Debug, Default)]
pub struct NearSynonyms {
    /// (concept word, cosine), by near-synonym.
    sources: ByStem<(TermId, f32)>,
    /// Near-synonyms, by wording stem.
    wording: ByStem<TermId>,
}

impl NearSynonyms {
    /// From (near-synonym, concept word, cosine) triples.
    pub fn new(mut pairs: Vec<(TermId, TermId, f32)>) -> NearSynonyms {
        pairs.sort_by_key(|p| (p.0, p.1));
        NearSynonyms {
            sources: ByStem::new(
                pairs
                    .into_iter()
                    .map(|(near, source, cosine)| (near, (source, cosine)))
                    .collect(),
            ),
            wording: ByStem::default(),
        }
    }

    /// Adds the wordings' near-synonyms, from (wording stem, near-synonym) pairs.
    pub fn with_wording_neighbours(mut self, mut pairs: Vec<(TermId, TermId)>) -> NearSynonyms {
        pairs.sort_unstable();
        pairs.dedup();
        self.wording = ByStem::new(pairs);
        self
    }

    /// The concept words `term` is a near-synonym of, with their cosine.
    pub(super) fn sources_of(&self, term: TermId) -> &[(TermId, f32)] {
        self.sources.get(term)
    }

    /// The near-synonyms of `term`, a stem of a multi-word wording.
    pub(super) fn of_wording_stem(&self, term: TermId) -> &[TermId] {
        self.wording.get(term)
    }
}

/// Values grouped by stem, in the order given, for lookup by stem id (a compressed
/// sparse row table: two allocations whatever the number of stems).
#[derive(Debug)]
struct ByStem<T> {
    /// Where each stem's values start in `values`, by stem; stems past the end have none.
    starts: Box<[u32]>,
    values: Box<[T]>,
}

impl<T> Default for ByStem<T> {
    fn default() -> Self {
        ByStem {
            starts: Box::default(),
            values: Box::default(),
        }
    }
}

impl<T> ByStem<T> {
    /// From (stem, value) pairs sorted by stem.
    fn new(pairs: Vec<(TermId, T)>) -> ByStem<T> {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 <= w[1].0));
        let len = pairs.last().map_or(0, |p| p.0 as usize + 1);
        let mut starts = vec![0u32; len + 1];
        for p in &pairs {
            starts[p.0 as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        ByStem {
            starts: starts.into_boxed_slice(),
            values: pairs.into_iter().map(|p| p.1).collect(),
        }
    }

    fn get(&self, stem: TermId) -> &[T] {
        match self.starts.get(stem as usize..stem as usize + 2) {
            Some(&[start, end]) => &self.values[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// What matching needs of one concept besides its stems.
#[derive(Debug, Clone)]
pub(super) struct ConceptShape {
    /// Its alternatives, as indexes into [`CompiledQuestion::alternative_bounds`].
    pub(super) alternatives: Range<u32>,
    pub(super) polarity: Polarity,
    /// It has a vector for the semantic signal.
    pub(super) semantic: bool,
    /// Its weight in the rubric. f32, as the vectors' weights are: an f64 took the shape from
    /// 12 to 24 bytes (12 MB more for a bank of 100,000 questions of 10 concepts).
    pub(super) weight: f32,
}

/// A question's concepts, ready to match.
///
/// Flat arrays, each with a [`StemIndex`], rather than hash maps and a vector per key:
/// a bank of 100,000 questions × 10 concepts held ≈ 45 KB per question in two hash maps,
/// a vector per first stem, boxed alternatives and the concepts' vectors and neighbour
/// lists (heaptrack), 4.9 GB in all, a third of the load time spent zeroing fresh pages
/// (perf).
#[derive(Debug, Clone, Default)]
pub struct CompiledQuestion {
    pub(super) concepts: Box<[ConceptShape]>,
    /// Every alternative's stems, one after another (alternatives that analyse to nothing
    /// are left out).
    pub(super) alternative_terms: Box<[TermId]>,
    /// Where each alternative starts in `alternative_terms`, and the end of the last.
    pub(super) alternative_bounds: Box<[u32]>,
    /// Per alternative, whether it is written under a negation ([`Wording::negated`]).
    pub(super) alternative_negated: Box<[bool]>,
    /// (first stem of an alternative, concept, alternative within the concept), in bucket
    /// order, a stem's entries together in concept and alternative order.
    pub(super) first: Box<[(TermId, u16, u16)]>,
    pub(super) first_index: StemIndex,
    /// The concept vectors inverted, so one pass over a sentence's stems gives its cosine
    /// with every concept: each (stem, concept) entry's stem, in bucket order, a stem's
    /// entries together. One stem per entry rather than the distinct stems and where
    /// each one's entries start: most stems are in one concept (≈ 484 entries of ≈ 407
    /// stems per question of the 100,000-question generated bank, nearly all of them
    /// near-synonyms), so the two `u32` tables were 3.3 KB per question where this one is
    /// 1.9 KB (326 MB → 194 MB of that bank).
    pub(super) weight_terms: Box<[TermId]>,
    /// Each entry's weight, in concept order within a stem.
    pub(super) weights: Box<[ConceptWeight]>,
    pub(super) stem_index: StemIndex,
    /// The bank's near-synonyms, shared by every question ([`CompiledQuestion::set_near_synonyms`]).
    pub(super) near: Arc<NearSynonyms>,
    /// The sample answer's TF-IDF vector, for similarity.
    pub sample: SparseVector,
    /// The question text's TF-IDF vector, for routing (`score/routing.rs`).
    pub question: SparseVector,
    /// The question's guidance, which an answer copying it word for word does not cover
    /// ([`super::restated`]).
    pub prompt: super::Prompt,
}

impl CompiledQuestion {
    /// `question_terms` are the question's own stems. Restating the question ("keep costs
    /// down while keeping reliability high" for "reduce cloud costs without hurting
    /// reliability") is not evidence of any concept, so they never count as shared for
    /// the semantic signal; their TF-IDF vector is what routing compares an answer with
    /// ([`CompiledQuestion::question`]).
    ///
    /// Only what matching reads is kept: the concepts' vectors are folded into `weights`
    /// and dropped here. Near-synonyms come from the bank's table at match time.
    pub fn new(
        concepts: Vec<CompiledConcept>,
        sample: SparseVector,
        prompt: super::Prompt,
        question_terms: &[TermId],
        idf: &[f32],
    ) -> CompiledQuestion {
        let mut shapes = Vec::with_capacity(concepts.len());
        let mut alternative_terms = Vec::new();
        let mut alternative_bounds = vec![0];
        let mut alternative_negated = Vec::new();
        let mut first = Vec::new();
        // (stem, weight) in concept order.
        let mut entries: Vec<(TermId, ConceptWeight)> = Vec::new();
        for (ci, concept) in concepts.iter().enumerate() {
            let alternatives_start = alternative_bounds.len() as u32 - 1;
            for (ai, alternative) in concept.alternatives.iter().enumerate() {
                first.push((alternative.terms[0], ci as u16, ai as u16));
                alternative_terms.extend_from_slice(&alternative.terms);
                alternative_bounds.push(alternative_terms.len() as u32);
                alternative_negated.push(alternative.negated);
            }
            shapes.push(ConceptShape {
                alternatives: alternatives_start..alternative_bounds.len() as u32 - 1,
                polarity: concept.polarity,
                semantic: !concept.vector.is_empty(),
                weight: concept.weight as f32,
            });
            let informative = |term: TermId| -> bool {
                let rare = idf.get(term as usize).is_some_and(|&w| w >= INFORMATIVE_IDF);
                rare && !question_terms.contains(&term)
            };
            // (stem, place), by stem: a search per entry, not a scan (a description of
            // thousands of words must not make compiling quadratic).
            let mut places: Vec<(TermId, usize)> = concept.order.iter().enumerate().map(|(i, &t)| (t, i)).collect();
            places.sort_unstable();
            places.dedup_by_key(|p| p.0);
            for &(term, weight) in concept.vector.entries() {
                let rank = match places.binary_search_by_key(&term, |p| p.0) {
                    Ok(i) => places[i].1,
                    Err(_) => usize::MAX,
                };
                let rank = rank.min(usize::from(!ConceptWeight::INFORMATIVE)) as u16;
                let flag = if informative(term) {
                    ConceptWeight::INFORMATIVE
                } else {
                    0
                };
                entries.push((
                    term,
                    ConceptWeight {
                        concept: ci as u16,
                        weight,
                        flags: rank | flag,
                    },
                ));
            }
        }
        // Stable sorts: within a stem, concept and alternative order stay as pushed.
        first.sort_by_key(|e| (StemIndex::bucket(e.0), e.0));
        entries.sort_by_key(|e| (StemIndex::bucket(e.0), e.0));
        // Per stem and concept only the first entry.
        entries.dedup_by(|later, earlier| later.0 == earlier.0 && later.1.concept == earlier.1.concept);
        let first_index = StemIndex::new(first.iter().map(|e| e.0));
        let stem_index = StemIndex::new(entries.iter().map(|e| e.0));
        CompiledQuestion {
            concepts: shapes.into_boxed_slice(),
            alternative_terms: alternative_terms.into_boxed_slice(),
            alternative_bounds: alternative_bounds.into_boxed_slice(),
            alternative_negated: alternative_negated.into_boxed_slice(),
            first: first.into_boxed_slice(),
            first_index,
            stem_index,
            // Not `into_iter().collect()`: that reuses the 12-byte entries' allocation, push
            // slack included (3.6 KB per question where 2.4 KB are needed, heaptrack).
            weight_terms: entries.iter().map(|e| e.0).collect::<Vec<_>>().into_boxed_slice(),
            weights: entries.iter().map(|e| e.1).collect::<Vec<_>>().into_boxed_slice(),
            near: Arc::default(),
            sample,
            question: SparseVector::tf_idf(question_terms.iter().copied(), idf),
            prompt,
        }
    }

    /// Gives the question the bank's near-synonyms, once every question is compiled.
    pub fn set_near_synonyms(&mut self, near: Arc<NearSynonyms>) {
        self.near = near;
    }

    /// The stems of the question's multi-word wordings, the ones a near-synonym may stand
    /// in for in the partial signal (`matcher::match_question`).
    pub fn multi_word_stems(&self) -> impl Iterator<Item = TermId> + '_ {
        (0..self.alternative_bounds.len().saturating_sub(1) as u32)
            .map(|k| self.alternative(k))
            .filter(|alternative| alternative.len() >= 2)
            .flatten()
            .copied()
    }

    /// The stems of alternative `k` (an index into `alternative_bounds`).
    pub(super) fn alternative(&self, k: u32) -> &[TermId] {
        let k = k as usize;
        &self.alternative_terms[self.alternative_bounds[k] as usize..self.alternative_bounds[k + 1] as usize]
    }

    /// Whether alternative `k` is written under a negation.
    pub(super) fn alternative_negated(&self, k: u32) -> bool {
        self.alternative_negated[k as usize]
    }

    /// (concept, alternative within it) of the alternatives whose first stem is `term`.
    pub(super) fn starting_with(&self, term: TermId) -> &[(TermId, u16, u16)] {
        let range = self.first_index.candidates(term);
        let found = run_of(self.first[range.clone()].iter().map(|e| e.0), term);
        &self.first[range.start + found.start..range.start + found.end]
    }

    /// `term`'s weights in the concept vectors holding it, in concept order.
    pub(super) fn weights_of(&self, term: TermId) -> &[ConceptWeight] {
        let range = self.stem_index.candidates(term);
        let found = run_of(self.weight_terms[range.clone()].iter().copied(), term);
        &self.weights[range.start + found.start..range.start + found.end]
    }

    /// `term`'s weights as a near-synonym, into `out`: one per concept whose vector does
    /// not hold `term` itself (`own` is its [`CompiledQuestion::weights_of`]), from the
    /// concept's nearest word, on a tie the one its description uses first. That is the
    /// entry compiling each concept's neighbours into its weights kept, before the table
    /// was shared (scores unchanged to the byte).
    pub(super) fn near_weights_of(&self, term: TermId, own: &[ConceptWeight], out: &mut Vec<NearWeight>) {
        out.clear();
        for &(source, cosine) in self.near.sources_of(term) {
            for sw in self.weights_of(source) {
                if own.iter().any(|o| o.concept == sw.concept) {
                    continue;
                }
                let candidate = NearWeight {
                    concept: sw.concept,
                    weight: sw.weight * cosine,
                    informative: sw.informative(),
                    cosine,
                    rank: sw.rank(),
                };
                match out.iter_mut().find(|b| b.concept == sw.concept) {
                    Some(best) => {
                        if cosine > best.cosine || (cosine == best.cosine && candidate.rank < best.rank) {
                            *best = candidate;
                        }
                    }
                    None => out.push(candidate),
                }
            }
        }
    }
}

/// Where the run of `term` is in a bucket whose equal stems are together (empty if absent).
fn run_of(bucket: impl Iterator<Item = TermId> + Clone, term: TermId) -> Range<usize> {
    let Some(start) = bucket.clone().position(|t| t == term) else {
        return 0..0;
    };
    let len = bucket.skip(start).take_while(|&t| t == term).count();
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(order: &[TermId], idf: &[f32]) -> CompiledConcept {
        CompiledConcept {
            alternatives: Vec::new(),
            vector: SparseVector::binary(order.iter().copied(), idf),
            order: order.to_vec(),
            polarity: Polarity::Plain,
            weight: 1.0,
        }
    }

    /// What compiling each concept's neighbours into its weights gave: per concept the
    /// nearest of its words, on a tie the one it uses first, never a word it holds itself.
    #[test]
    fn a_near_synonym_lends_the_weight_of_the_nearest_then_the_first_used_word() {
        let idf = [0.0, 2.0, 3.0, 2.5, 4.0, 1.5, 0.0, 0.0, 0.0, 0.0];
        // Concept 0 uses 2 before 1; concept 1 uses 3 and 4; concept 2 uses 5. Stem 2 is
        // one of the question's own words, so it is not informative.
        let mut question = CompiledQuestion::new(
            vec![concept(&[2, 1, 2], &idf), concept(&[3, 4], &idf), concept(&[5], &idf)],
            SparseVector::default(),
            super::super::Prompt::default(),
            &[2],
            &idf,
        );
        // 9 is near 1 and 2 at 0.7 (a tie), near 3 at 0.6 and 4 at 0.8; 5 is near 1 at 0.9.
        question.set_near_synonyms(Arc::new(NearSynonyms::new(vec![
            (9, 1, 0.7),
            (9, 2, 0.7),
            (9, 3, 0.6),
            (9, 4, 0.8),
            (5, 1, 0.9),
        ])));
        let weight = |term: TermId, concept: u16| {
            let w = question.weights_of(term).iter().find(|w| w.concept == concept).unwrap();
            (w.weight, w.informative())
        };
        let mut near = Vec::new();
        question.near_weights_of(9, question.weights_of(9), &mut near);
        let got: Vec<(u16, f32, bool)> = near.iter().map(|n| (n.concept, n.weight, n.informative)).collect();
        let (w2, i2) = weight(2, 0);
        let (w4, i4) = weight(4, 1);
        assert!(!i2 && i4);
        assert_eq!(got, [(0, w2 * 0.7, false), (1, w4 * 0.8, true)]);
        // Concept 2 holds 5 itself: only concept 0 takes 5 as a near-synonym.
        question.near_weights_of(5, question.weights_of(5), &mut near);
        let (w1, _) = weight(1, 0);
        assert_eq!(near.len(), 1);
        assert_eq!((near[0].concept, near[0].weight), (0, w1 * 0.9));
        // Stems the table does not know, or past its end, have none.
        question.near_weights_of(7, &[], &mut near);
        assert!(near.is_empty());
        question.near_weights_of(TermId::MAX, &[], &mut near);
        assert!(near.is_empty());
    }
}
