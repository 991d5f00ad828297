//! The similarity stage: IDF-weighted sparse vectors of stems ([`SparseVector`]: a
//! question's sample answer; a concept's label, description and alternatives) and the
//! cosine between a whole answer and a sample answer ([`Prepared::similarity`]), which
//! catches a paraphrase that shares few exact phrases. Routing adds that cosine to each
//! candidate's score (`score/routing.rs`) and the report shows it as `similarity`; the
//! semantic signal ([`super`]) compares answer sentences with the concepts' vectors.
//!
//! Vectors and cosines only: it must not analyse text (the answer's weights come from
//! [`Prepared::prepare`]), decide whether a concept is covered, or know about questions,
//! banks or reports.

use crate::analyzer::{TermId, OOV};

use super::Prepared;

/// A sparse, L2-normalised vector of stem weights, sorted by term.
#[derive(Debug, Clone, Default)]
pub struct SparseVector {
    entries: Vec<(TermId, f32)>,
}

impl SparseVector {
    /// Presence × IDF of the given terms (duplicates count once), normalised.
    pub fn binary(terms: impl IntoIterator<Item = TermId>, idf: &[f32]) -> SparseVector {
        let mut entries: Vec<(TermId, f32)> = terms
            .into_iter()
            .filter(|&t| t != OOV)
            .map(|t| (t, idf.get(t as usize).copied().unwrap_or(0.0)))
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let mut v = SparseVector { entries };
        v.normalise();
        v
    }

    /// (1 + ln tf) × IDF, normalised: the usual TF-IDF for whole-answer similarity.
    pub fn tf_idf(terms: impl IntoIterator<Item = TermId>, idf: &[f32]) -> SparseVector {
        let mut sorted: Vec<TermId> = terms.into_iter().filter(|&t| t != OOV).collect();
        sorted.sort_unstable();
        // Sized exactly: a bank's sample vectors live as long as the engine, and growing
        // by pushes left ≈ 300 bytes of slack per question.
        let distinct = sorted.chunk_by(|a, b| a == b).count();
        let mut entries = Vec::with_capacity(distinct);
        let mut i = 0;
        while i < sorted.len() {
            let term = sorted[i];
            let mut j = i;
            while j < sorted.len() && sorted[j] == term {
                j += 1;
            }
            let tf = (j - i) as f32;
            entries.push((term, (1.0 + tf.ln()) * idf.get(term as usize).copied().unwrap_or(0.0)));
            i = j;
        }
        let mut v = SparseVector { entries };
        v.normalise();
        v
    }

    fn normalise(&mut self) {
        let norm = self.entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut self.entries {
                e.1 /= norm;
            }
        }
    }

    /// (term, weight) pairs, sorted by term.
    pub fn entries(&self) -> &[(TermId, f32)] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Prepared {
    /// Cosine between the answer's TF-IDF vector and `other` (normalised).
    pub fn similarity(&self, other: &SparseVector) -> f32 {
        if self.norm == 0.0 {
            return 0.0;
        }
        let dot: f32 = other
            .entries()
            .iter()
            .filter_map(|&(term, weight)| match self.group_of.get(term as usize) {
                Some(&group) if group > 0 => Some(weight * self.weights[group as usize - 1]),
                _ => None,
            })
            .sum();
        (dot / self.norm).clamp(0.0, 1.0)
    }
}
