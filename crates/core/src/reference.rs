//! Scoring against the reference answer when the rubric cannot carry it.
//!
//! A rubric derived from a short reference answer ("main()", "The circuit is closed") has
//! one to three concepts, so its coverage is 0 or 1 for an answer that says the same
//! thing in other words ("the main method"). For questions whose rubric is derived
//! ([`crate::bank::RubricOrigin::Derived`]) the engine also measures how much of the
//! reference answer the answer makes, and blends the two.
//!
//! **Reference similarity** is an alignment recall: every content word of the reference
//! (the same analyzer's stems) is aligned to its best match in the answer — the same stem
//! (1.0) or a near-synonym from [`crate::neighbours`] (its cosine, ≥ 0.6) — and the
//! recall is the weighted share aligned. Weights are BM25 IDF over the bank's questions
//! (a question's text with all its reference answers is one document, so the words its
//! several references share are not made rarer by their number), and a word of the
//! question itself weighs [`crate::derive::QUESTION_WORDS_FACTOR`]: every answer repeats
//! the question, which says little about whether it is right. A word aligns only to a
//! word of the same polarity, so "the circuit is not closed" does not make "the circuit
//! is closed" (and makes "not connected" only with a negated "connected").
//!
//! The words the reference has are looked up per answer token in a table built when the
//! bank is compiled (stem and near-synonyms → reference word), so scoring costs one hash
//! lookup per answer token, and nothing for questions with a hand-written rubric.
//!
//! Measured on SemEval-2013 train (`anscov eval`, cross-validated by question; the
//! figures and commands are in docs/bank.md): ROC-AUC of correct vs not, SciEntsBank
//! coverage 0.674, TF-IDF cosine 0.698, reference similarity 0.753; Beetle 0.777, 0.743
//! and 0.830. Aligning only words of the same polarity took Beetle from 0.775 to 0.813
//! (prototype); static vectors beyond the neighbour table and the answer's precision
//! added nothing.
//!
//! **The score** is `CONCEPTS_SHARE × coverage + (1 − CONCEPTS_SHARE) × reference
//! similarity`, and the report says which term gave more: `concepts` or `reference`.
//!
//! Similarity and the blend only: it must not read files, match concepts or change a rubric,
//! and questions with a hand-written rubric never reach it.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyzer::{Analysis, Analyzer, TermId, Terms, Token, Vocabulary};
use crate::bank::{Bank, RubricOrigin};

/// Share of coverage in the blended score; the rest is reference similarity. The best
/// mean over the tuning data, on a grid of 0.05: SemEval-2013 train ROC-AUC (SciEntsBank,
/// Beetle) and Pearson with the grade on dev-a and the graded SRE set turned into tables
/// with derived rubrics (0.785 at 0, 0.7905 at 0.15, **0.7908** at 0.2, 0.789 at 0.25,
/// 0.786 at 0.3). Short graded answers want almost none (SemEval alone: best at 0), long
/// interview answers more (dev-a: 0.3). `anscov eval` re-learns it per fold of questions,
/// so its figures are never measured on the questions the share was learnt on.
pub const CONCEPTS_SHARE: f64 = 0.2;

/// Added to every reference word's BM25 IDF, as scikit-learn's smoothed IDF adds 1: a bank
/// of one subject has its core words in nearly every question ("terminal", "bulb" and
/// "connected" in all 47 Beetle questions), and bare BM25 IDF weighs such a word almost
/// nothing (ln(1 + 0.5 / 47.5) ≈ 0.01), so the reference's own point counted for nothing.
/// SemEval-2013 train ROC-AUC of reference similarity (prototype over the same stems):
/// SciEntsBank 0.747 at +0, 0.747 at +0.5, **0.747** at +1, 0.747 at +2; Beetle 0.814,
/// 0.824, **0.828**, 0.832 (no IDF at all: 0.745 / 0.839). +1 is the standard smoothing,
/// not the best Beetle figure: a bank of many subjects needs the IDF to tell its common
/// words from its points.
pub const IDF_SMOOTHING: f32 = 1.0;

/// A reference word also aligns, at [`VARIANT_CREDIT`], to a word sharing its first
/// [`VARIANT_PREFIX`] letters and at least [`VARIANT_SHARE`] of the shorter stem: the
/// derivations and misspellings the stemmer leaves apart ("conduct" / "conductor",
/// "magnet" / "magnetism", "evapor" / "evaporat"). SemEval-2013 train ROC-AUC, SciEntsBank
/// 0.747 → 0.753, Beetle 0.828 → 0.830 (prototype; credit 0.6 / 0.8 / 1.0 within 0.0005
/// of each other; the whole shorter stem instead of 3/4: 0.752 / 0.830). Variants are looked for
/// among the stems of the bank and of the neighbour table, where an answer's stem can be
/// found (an answer's stem the vocabulary does not hold is out of vocabulary).
pub const VARIANT_CREDIT: f32 = 0.8;
/// See [`VARIANT_CREDIT`].
pub const VARIANT_PREFIX: usize = 4;
/// See [`VARIANT_CREDIT`].
pub const VARIANT_SHARE: f32 = 0.75;

/// Which part of the blended score gave more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CarriedBy {
    /// The derived rubric's concepts (coverage).
    Concepts,
    /// Meaning similarity to the reference answer.
    Reference,
}

impl CarriedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            CarriedBy::Concepts => "concepts",
            CarriedBy::Reference => "reference",
        }
    }
}

/// What the report adds for a question with a derived rubric (flattened into the answer's
/// JSON: `reference_similarity`, `score`, `carried_by`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReferenceScore {
    /// Alignment recall of the reference answer, 0–1.
    pub reference_similarity: f64,
    /// [`CONCEPTS_SHARE`] × coverage + the rest × reference similarity.
    pub score: f64,
    pub carried_by: CarriedBy,
}

impl ReferenceScore {
    /// The blend of `coverage` with `reference_similarity` at [`CONCEPTS_SHARE`], rounded
    /// as reports round.
    pub fn new(coverage: f64, reference_similarity: f64) -> ReferenceScore {
        let reference_similarity = crate::figures::round(reference_similarity);
        let (score, carried_by) = blend(coverage, reference_similarity, CONCEPTS_SHARE);
        ReferenceScore {
            reference_similarity,
            score: crate::figures::round(score),
            carried_by,
        }
    }
}

/// One question's reference answer, compiled for alignment.
#[derive(Debug, Clone, Default)]
pub struct CompiledReference {
    /// Per distinct (stem, polarity) of the reference: its weight and whether the
    /// reference states it negated.
    slots: Vec<(f32, bool)>,
    total: f32,
    /// Answer stem → the reference words it aligns to, with the cosine.
    lookup: FxHashMap<TermId, Vec<(u32, f32)>>,
}

impl CompiledReference {
    /// The weighted share of the reference's words that `tokens` (an answer analysed with
    /// the same vocabulary) make, each at its best alignment; 0 for an empty reference.
    pub fn similarity(&self, tokens: &[Token]) -> f64 {
        if self.total <= 0.0 {
            return 0.0;
        }
        let mut best = vec![0.0f32; self.slots.len()];
        for token in tokens {
            if let Some(targets) = self.lookup.get(&token.term) {
                for &(slot, cosine) in targets {
                    let slot = slot as usize;
                    if self.slots[slot].1 == token.declined() && best[slot] < cosine {
                        best[slot] = cosine;
                    }
                }
            }
        }
        let aligned: f32 = self.slots.iter().zip(&best).map(|(&(w, _), &b)| w * b).sum();
        f64::from(aligned / self.total)
    }
}

/// Compiles the reference answer of every question with a derived rubric (`None` for the
/// others), interning the near-synonyms of its words in `vocabulary` so that answers
/// analysed with it find them.
pub fn compile(bank: &Bank, vocabulary: &mut Vocabulary) -> Vec<Option<CompiledReference>> {
    if !bank.questions.iter().any(|q| q.rubric == RubricOrigin::Derived) {
        return vec![None; bank.questions.len()];
    }
    let mut analyzer = Analyzer::default();
    let mut analysis = Analysis::default();
    // Document frequency over question profiles: the questions with the same text (one
    // per reference answer of a graded table) are one document.
    let mut profiles: FxHashMap<&str, Vec<TermId>> = FxHashMap::default();
    for q in &bank.questions {
        let terms = profiles.entry(q.text.as_str()).or_default();
        for text in [q.text.as_str(), q.sample_answer.as_str()] {
            analyzer.analyze(&mut Terms::Intern(vocabulary), text, 0..text.len(), &mut analysis);
            terms.extend(analysis.tokens.iter().map(|t| t.term));
        }
    }
    let mut df: FxHashMap<TermId, u64> = FxHashMap::default();
    for terms in profiles.values_mut() {
        terms.sort_unstable();
        terms.dedup();
        for &t in terms.iter() {
            *df.entry(t).or_default() += 1;
        }
    }
    let documents = profiles.len() as u64;
    // Where a reference word's variants are looked for, sorted by bytes for prefix ranges.
    let mut universe: Vec<Box<str>> = (0..vocabulary.len() as TermId)
        .map(|t| Box::from(vocabulary.stem(t)))
        .chain(crate::neighbours::stems().map(Box::from))
        .collect();
    universe.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    universe.dedup();
    let mut near_cache: FxHashMap<TermId, Vec<(TermId, f32)>> = FxHashMap::default();
    bank.questions
        .iter()
        .map(|q| {
            if q.rubric != RubricOrigin::Derived {
                return None;
            }
            analyzer.analyze(&mut Terms::Intern(vocabulary), &q.text, 0..q.text.len(), &mut analysis);
            let question: Vec<TermId> = analysis.tokens.iter().map(|t| t.term).collect();
            let sample = &q.sample_answer;
            analyzer.analyze(&mut Terms::Intern(vocabulary), sample, 0..sample.len(), &mut analysis);
            let mut reference = CompiledReference::default();
            let mut slot_of: FxHashMap<(TermId, bool), u32> = FxHashMap::default();
            for token in &analysis.tokens {
                let idf = crate::index::bm25_idf(df.get(&token.term).copied().unwrap_or(0), documents) + IDF_SMOOTHING;
                let weight = if question.contains(&token.term) {
                    idf * crate::derive::QUESTION_WORDS_FACTOR
                } else {
                    idf
                };
                reference.total += weight;
                let key = (token.term, token.declined());
                if let Some(&slot) = slot_of.get(&key) {
                    reference.slots[slot as usize].0 += weight;
                    continue;
                }
                let slot = reference.slots.len() as u32;
                slot_of.insert(key, slot);
                reference.slots.push((weight, token.declined()));
                reference.lookup.entry(token.term).or_default().push((slot, 1.0));
                let near = near_cache.entry(token.term).or_insert_with(|| {
                    let stem = vocabulary.stem(token.term).to_string();
                    let mut near: Vec<(TermId, f32)> = crate::neighbours::of(&stem)
                        .map(|(near, cosine)| (vocabulary.intern(near), cosine))
                        .collect();
                    for variant in variants(&stem, &universe) {
                        near.push((vocabulary.intern(variant), VARIANT_CREDIT));
                    }
                    near
                });
                for &(term, cosine) in near.iter() {
                    if term != token.term {
                        reference.lookup.entry(term).or_default().push((slot, cosine));
                    }
                }
            }
            Some(reference)
        })
        .collect()
}

/// The stems of `universe` (sorted by bytes) other than `stem` that share its first
/// [`VARIANT_PREFIX`] bytes and at least [`VARIANT_SHARE`] of the shorter of the two.
fn variants<'a>(stem: &'a str, universe: &'a [Box<str>]) -> impl Iterator<Item = &'a str> + 'a {
    let stem = stem.as_bytes();
    let head = &stem[..stem.len().min(VARIANT_PREFIX)];
    let start = if stem.len() < VARIANT_PREFIX {
        universe.len()
    } else {
        universe.partition_point(|t| t.as_bytes() < head)
    };
    universe[start..]
        .iter()
        .take_while(move |t| t.as_bytes().starts_with(head))
        .filter(move |t| {
            let t = t.as_bytes();
            let shared = stem.iter().zip(t).take_while(|(a, b)| a == b).count();
            t != stem && shared as f32 >= VARIANT_SHARE * stem.len().min(t.len()) as f32
        })
        .map(|t| &**t)
}

/// The blended score of `coverage` and `reference_similarity` with `concepts_share` of
/// coverage, and which term gave more (a tie goes to the concepts).
pub fn blend(coverage: f64, reference_similarity: f64, concepts_share: f64) -> (f64, CarriedBy) {
    let concepts = concepts_share * coverage;
    let reference = (1.0 - concepts_share) * reference_similarity;
    let carried_by = if reference > concepts {
        CarriedBy::Reference
    } else {
        CarriedBy::Concepts
    };
    (concepts + reference, carried_by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::Terms;
    use crate::bank::Question;

    fn question(id: &str, text: &str, sample: &str, rubric: RubricOrigin) -> Question {
        Question {
            id: id.into(),
            slug: id.into(),
            text: text.into(),
            guidance: String::new(),
            sample_answer: sample.into(),
            concepts: Vec::new(),
            rubric,
            file: format!("{id}.toml"),
            behavioural: false,
        }
    }

    fn similarity(bank: &Bank, qi: usize, answer: &str) -> f64 {
        let mut vocabulary = Vocabulary::default();
        let compiled = compile(bank, &mut vocabulary);
        let mut analysis = Analysis::default();
        Analyzer::default().analyze(&mut Terms::Lookup(&vocabulary), answer, 0..answer.len(), &mut analysis);
        compiled[qi].as_ref().unwrap().similarity(&analysis.tokens)
    }

    #[test]
    fn aligns_stems_and_near_synonyms_with_their_polarity() {
        let bank = Bank {
            questions: vec![
                question(
                    "b",
                    "Why does the bulb light?",
                    "The circuit is closed and the battery is connected",
                    RubricOrigin::Derived,
                ),
                question("c", "What is a leaf?", "A node without children", RubricOrigin::Derived),
                question("d", "What went wrong?", "A long outage", RubricOrigin::Derived),
            ],
        };
        let same = similarity(&bank, 0, "because the battery is connected and the circuit is closed");
        assert!((same - 1.0).abs() < 1e-6, "{same}");
        let negated = similarity(&bank, 0, "the circuit is not closed and the battery is not connected");
        // "not closed and the battery": the negation's scope reaches "battery" too.
        assert!(negated <= 0.25 + 1e-6, "{negated}");
        let off = similarity(&bank, 0, "the bulb is bright");
        assert!(off < 0.1, "the question's own words weigh little: {off}");
        // A near-synonym aligns at its cosine.
        let near = similarity(&bank, 2, "a long downtime");
        assert!(near > 0.6 && near < 1.0 - 1e-6, "{near}");
        // A negated point is made by a negated answer.
        assert!(similarity(&bank, 1, "a node with no children") > similarity(&bank, 1, "a node with children"));
    }

    #[test]
    fn variants_share_a_long_prefix() {
        let mut universe: Vec<Box<str>> = ["conduct", "conductor", "condit", "con", "magnet", "magnetis", "electr"]
            .into_iter()
            .map(Box::from)
            .collect();
        universe.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(variants("conduct", &universe).collect::<Vec<_>>(), ["conductor"]);
        assert_eq!(variants("magnetis", &universe).collect::<Vec<_>>(), ["magnet"]);
        // Four shared letters are not enough when they are under 3/4 of the shorter stem.
        assert_eq!(variants("condit", &universe).count(), 0);
        assert_eq!(variants("con", &universe).count(), 0, "too short to have variants");
        assert_eq!(variants("électr", &universe).count(), 0);
    }

    #[test]
    fn variants_align_below_the_same_stem() {
        let bank = Bank {
            questions: vec![question(
                "s",
                "Can you use string?",
                "String does not conduct electricity",
                RubricOrigin::Derived,
            )],
        };
        let same = similarity(&bank, 0, "string does not conduct electricity");
        let variant = similarity(&bank, 0, "string is not a conductor of electricity");
        assert!(variant > 0.7 && variant < same, "{variant} vs {same}");
        // Of the same polarity only.
        assert!(similarity(&bank, 0, "string is a conductor of electricity") < 0.6);
    }

    #[test]
    fn a_word_in_every_question_still_counts() {
        // "battery" is in both questions: bare BM25 IDF weighs it 0.18 against 0.69 for
        // "connected", so it made 0.21 of the reference; with +1 it makes 0.41.
        let bank = Bank {
            questions: vec![
                question("a", "Why?", "The battery is connected", RubricOrigin::Derived),
                question("b", "What?", "The battery is flat", RubricOrigin::Derived),
            ],
        };
        let battery = similarity(&bank, 0, "the battery");
        assert!(battery > 0.35 && battery < 0.5, "{battery}");
    }

    #[test]
    fn hand_written_rubrics_are_not_compiled() {
        let bank = Bank {
            questions: vec![question("q", "Q?", "An answer.", RubricOrigin::File("r.toml".into()))],
        };
        let mut vocabulary = Vocabulary::default();
        assert!(compile(&bank, &mut vocabulary)[0].is_none());
        assert_eq!(vocabulary.len(), 0, "nothing interned");
    }

    #[test]
    fn blend_says_which_part_carried_it() {
        assert_eq!(blend(0.0, 0.9, 0.3).1, CarriedBy::Reference);
        assert_eq!(blend(1.0, 0.2, 0.3).1, CarriedBy::Concepts);
        assert_eq!(blend(0.5, 0.5, 0.5), (0.5, CarriedBy::Concepts));
        assert!((blend(1.0, 0.0, 0.3).0 - 0.3).abs() < 1e-12);
    }
}
