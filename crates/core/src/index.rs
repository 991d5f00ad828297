//! The tantivy index over the bank. One document per question (its text, guidance, sample
//! answer and every concept's words: the question's "profile") and one per concept (label,
//! alternatives, description), all through the one analyzer registered as
//! [`TOKENIZER_NAME`].
//!
//! The index does what an index is good at: BM25 routing of an answer that names no
//! question, and term statistics (document frequencies → IDF) for the similarity and
//! paraphrase signals. Concept phrases are matched on token positions in
//! [`crate::matcher`], not with one tantivy query per answer: the design probe measured a
//! one-document index per answer at 5–6 ms against 0.2–0.4 ms for position matching.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED};
use tantivy::{doc, DocAddress, Index, IndexReader, Searcher, Term};

use crate::analyzer::{AnscovTokenizer, TOKENIZER_NAME};
use crate::bank::Bank;
use crate::error::{Error, Result};

/// Indexing budget. tantivy's minimum (15 MB) holds a 10,000-question bank's postings
/// without a flush; the index is rebuilt per process and lives in RAM.
const WRITER_MEMORY: usize = 15_000_000;

/// The bank's search index.
pub struct BankIndex {
    searcher: Searcher,
    // The reader owns the searcher's segment handles; keep it alive with the index.
    _reader: IndexReader,
    profile: Field,
    concept: Field,
    concept_docs: u64,
    question_docs: u64,
}

/// One routing candidate: a question index and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteHit {
    pub question: usize,
    pub score: f32,
}

impl BankIndex {
    /// Builds the in-RAM index for a bank.
    pub fn build(bank: &Bank) -> Result<BankIndex> {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let question_field = builder.add_u64_field("question", INDEXED | STORED | FAST);
        let profile = builder.add_text_field("profile", text.clone());
        let concept = builder.add_text_field("concept", text);
        let schema = builder.build();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TOKENIZER_NAME, AnscovTokenizer);

        let mut writer = index.writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_MEMORY)?;
        let mut concept_docs = 0;
        for (qi, question) in bank.questions.iter().enumerate() {
            let mut profile_text = format!("{}\n{}\n{}\n", question.text, question.guidance, question.sample_answer);
            for c in &question.concepts {
                let concept_text = concept_text(c);
                profile_text.push_str(&concept_text);
                profile_text.push('\n');
                writer.add_document(doc!(question_field => qi as u64, concept => concept_text))?;
                concept_docs += 1;
            }
            writer.add_document(doc!(question_field => qi as u64, profile => profile_text))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let searcher = reader.searcher();
        Ok(BankIndex {
            searcher,
            _reader: reader,
            profile,
            concept,
            concept_docs,
            question_docs: bank.questions.len() as u64,
        })
    }

    /// BM25 inverse document frequency of a stem among concept documents, the statistic
    /// that says how much a word tells one concept from another.
    pub fn concept_idf(&self, stem: &str) -> Result<f32> {
        let df = self.searcher.doc_freq(&Term::from_field_text(self.concept, stem))?;
        Ok(bm25_idf(df, self.concept_docs))
    }

    /// BM25 inverse document frequency of a stem among question profiles.
    pub fn question_idf(&self, stem: &str) -> Result<f32> {
        let df = self.searcher.doc_freq(&Term::from_field_text(self.profile, stem))?;
        Ok(bm25_idf(df, self.question_docs))
    }

    /// The questions whose profiles best match `stems` (BM25), best first.
    pub fn route(&self, stems: &[&str], limit: usize) -> Result<Vec<RouteHit>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for stem in stems {
            if seen.insert(*stem) {
                let term = Term::from_field_text(self.profile, stem);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        top.into_iter()
            .map(|(score, address)| {
                Ok(RouteHit {
                    question: self.question_of(address)?,
                    score,
                })
            })
            .collect()
    }

    fn question_of(&self, address: DocAddress) -> Result<usize> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let column = segment.fast_fields().u64("question")?;
        column
            .first(address.doc_id)
            .map(|q| q as usize)
            .ok_or_else(|| Error::Index(format!("document {address:?} has no question")))
    }
}

/// A concept's words as indexed: label, alternatives and description.
pub fn concept_text(concept: &crate::bank::Concept) -> String {
    let mut text = format!("{}\n", concept.label);
    for alternative in &concept.alternatives {
        text.push_str(alternative);
        text.push('\n');
    }
    text.push_str(&concept.description);
    text
}

/// BM25's IDF, as tantivy computes it: always positive.
pub(crate) fn bm25_idf(doc_freq: u64, doc_count: u64) -> f32 {
    let df = doc_freq as f32;
    let n = doc_count as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{Analyzer, Vocabulary};

    #[test]
    fn routes_an_answer_to_its_question() {
        let bank = Bank::embedded().unwrap();
        let index = BankIndex::build(&bank).unwrap();
        let stems = Analyzer::default().stems(
            &mut Vocabulary::default(),
            "We restore backups quarterly and test failover to another region against our RTO and RPO.",
        );
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        let hits = index.route(&stems, 3).unwrap();
        assert_eq!(bank.questions[hits[0].question].id, "q10");
        assert!(hits[0].score > hits[1].score);
    }

    #[test]
    fn rare_words_have_higher_idf() {
        let bank = Bank::embedded().unwrap();
        let index = BankIndex::build(&bank).unwrap();
        assert!(index.question_idf("rpo").unwrap() > index.question_idf("team").unwrap());
    }
}
