//! The tantivy index over the bank: one document per question (its text, guidance, sample
//! answer and every concept's words: the question's "profile"), through the one analyzer
//! registered as [`TOKENIZER_NAME`], for BM25 routing of an answer that names no question.
//! And the same documents' frequencies counted without tantivy ([`ProfileIdf`]), for
//! deriving rubrics while a bank loads.
//!
//! Concept phrases are matched on token positions in [`crate::matcher`], not with one
//! tantivy query per answer: the design probe measured a one-document index per answer at
//! 5–6 ms against 0.2–0.4 ms for position matching. Term statistics the engine needs
//! (concept IDF, the profiles' document frequencies) are counted through the analyzer
//! directly, identical by construction (unit tests compare every term with an index): the
//! index is built only when an answer is routed.
//!
//! Must not know about scoring or matching: it gives candidates and frequencies.

use tantivy::collector::TopDocs;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED};
use tantivy::{doc, DocAddress, Index, IndexReader, Searcher, Term};

use crate::analyzer::{Analysis, Analyzer, AnscovTokenizer, Terms, Vocabulary, OOV, TOKENIZER_NAME};
use crate::bank::{Bank, Question};
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
    question_docs: u64,
    /// The document count BM25 routing computes with: questions plus concepts (see
    /// [`Calibrated`]).
    bm25_docs: u64,
}

/// One routing candidate: a question index and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteHit {
    pub question: usize,
    pub score: f32,
}

impl BankIndex {
    /// Builds the in-RAM index for a bank.
    ///
    /// Frequencies only, no positions: routing is one BM25 `TermQuery` per stem, which
    /// reads term frequencies and field norms. One document per concept, indexed until
    /// this round, was read only by a unit test (at 100,000 questions a million documents
    /// of the index); routing still counts them ([`Calibrated`]).
    pub fn build(bank: &Bank) -> Result<BankIndex> {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let question_field = builder.add_u64_field("question", INDEXED | STORED | FAST);
        let profile = builder.add_text_field("profile", text);
        let schema = builder.build();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TOKENIZER_NAME, AnscovTokenizer);

        let mut writer = index.writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_MEMORY)?;
        for (qi, question) in bank.questions.iter().enumerate() {
            writer.add_document(doc!(question_field => qi as u64, profile => profile_text(question, true)))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let searcher = reader.searcher();
        Ok(BankIndex {
            searcher,
            _reader: reader,
            profile,
            question_docs: bank.questions.len() as u64,
            bm25_docs: bank.questions.iter().map(|q| 1 + q.concepts.len() as u64).sum(),
        })
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
        let statistics = Calibrated {
            searcher: &self.searcher,
            documents: self.bm25_docs,
        };
        let top = self.searcher.search_with_statistics_provider(
            &query,
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
            &statistics,
        )?;
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

/// BM25's collection statistics for routing as they were when the index also held one
/// document per concept: tantivy's BM25 takes the document count (IDF) and the average
/// profile length (total profile tokens over *all* documents) from the whole index, so
/// those documents shaped every routing score, and the routing weights and thresholds
/// were chosen with them ([`crate::score`]). Counting them keeps routing byte-identical
/// without indexing them; term frequencies, document frequencies and profile lengths are
/// the index's own.
struct Calibrated<'a> {
    searcher: &'a Searcher,
    documents: u64,
}

impl Bm25StatisticsProvider for Calibrated<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.documents)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// A question's profile as indexed: its text, guidance and sample answer, then (with
/// `concepts`) every concept's [`concept_text`], a line each.
pub fn profile_text(question: &Question, concepts: bool) -> String {
    let mut text = format!("{}\n{}\n{}\n", question.text, question.guidance, question.sample_answer);
    for c in question.concepts.iter().filter(|_| concepts) {
        text.push_str(&concept_text(c));
        text.push('\n');
    }
    text
}

/// Document frequencies of stems among question profiles ([`profile_text`]), counted as the
/// index counts them — each profile through the one analyzer in a single pass, a stem once
/// per profile — without building the index: what [`BankIndex::question_idf`] returns.
/// Deriving rubrics while a bank loads needs these and nothing else of the index; building
/// it for them (and again once the rubrics were derived) was most of the load of a bank
/// without rubrics.
pub struct ProfileIdf {
    vocabulary: Vocabulary,
    df: Vec<u32>,
    documents: u64,
}

impl ProfileIdf {
    /// The frequencies over `bank`'s profiles; `with_concepts(qi, question)` says whether a
    /// question's concepts are part of its profile (a question whose rubric is being
    /// derived has none yet).
    pub fn new(bank: &Bank, with_concepts: impl Fn(usize, &Question) -> bool) -> ProfileIdf {
        let mut analyzer = Analyzer::default();
        let mut analysis = Analysis::default();
        let mut vocabulary = Vocabulary::default();
        let mut df: Vec<u32> = Vec::new();
        let mut seen: Vec<crate::analyzer::TermId> = Vec::new();
        for (qi, question) in bank.questions.iter().enumerate() {
            let text = profile_text(question, with_concepts(qi, question));
            analyzer.analyze(&mut Terms::Intern(&mut vocabulary), &text, 0..text.len(), &mut analysis);
            seen.clear();
            seen.extend(analysis.tokens.iter().map(|t| t.term).filter(|&t| t != OOV));
            seen.sort_unstable();
            seen.dedup();
            df.resize(vocabulary.len(), 0);
            for &term in &seen {
                df[term as usize] += 1;
            }
        }
        ProfileIdf {
            vocabulary,
            df,
            documents: bank.questions.len() as u64,
        }
    }

    /// BM25 inverse document frequency of a stem among question profiles.
    pub fn question_idf(&self, stem: &str) -> f32 {
        let df = self.vocabulary.get(stem).map_or(0, |t| self.df[t as usize]);
        bm25_idf(u64::from(df), self.documents)
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

    /// The oracle: the index as it was until this round, one document per concept beside
    /// each profile, searched with tantivy's own statistics. Routing must give the same
    /// candidates with the same scores, bit for bit.
    #[test]
    fn routing_scores_are_those_of_the_index_with_concept_documents() {
        let bank = Bank::embedded().unwrap();
        let index = BankIndex::build(&bank).unwrap();
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let question_field = builder.add_u64_field("question", INDEXED | STORED | FAST);
        let profile = builder.add_text_field("profile", text.clone());
        let concept = builder.add_text_field("concept", text);
        let old = Index::create_in_ram(builder.build());
        old.tokenizers().register(TOKENIZER_NAME, AnscovTokenizer);
        let mut writer = old
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_MEMORY)
            .unwrap();
        for (qi, q) in bank.questions.iter().enumerate() {
            for c in &q.concepts {
                writer
                    .add_document(doc!(question_field => qi as u64, concept => concept_text(c)))
                    .unwrap();
            }
            writer
                .add_document(doc!(question_field => qi as u64, profile => profile_text(q, true)))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = old.reader().unwrap().searcher();
        let mut analyzer = Analyzer::default();
        for q in &bank.questions {
            let stems = analyzer.stems(&mut Vocabulary::default(), &q.sample_answer);
            let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
            let hits = index.route(&stems, 12).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            let clauses: Vec<(Occur, Box<dyn Query>)> = stems
                .iter()
                .filter(|s| seen.insert(**s))
                .map(|s| {
                    let term = Term::from_field_text(profile, s);
                    let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Should, query)
                })
                .collect();
            let top = searcher
                .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(12).order_by_score())
                .unwrap();
            let want: Vec<(usize, f32)> = top
                .into_iter()
                .map(|(score, address)| {
                    let column = searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64("question")
                        .unwrap();
                    (column.first(address.doc_id).unwrap() as usize, score)
                })
                .collect();
            let got: Vec<(usize, f32)> = hits.iter().map(|h| (h.question, h.score)).collect();
            assert_eq!(got, want, "{}", q.id);
        }
    }

    #[test]
    fn profile_idf_without_the_index_is_the_index_idf() {
        // The embedded bank, and one where some questions leave their concepts out of the
        // counts as a question being derived does.
        let bank = Bank::embedded().unwrap();
        let index = BankIndex::build(&bank).unwrap();
        let idf = ProfileIdf::new(&bank, |_, _| true);
        let mut without = bank.clone();
        for q in without.questions.iter_mut().step_by(3) {
            q.concepts.clear();
        }
        let index_without = BankIndex::build(&without).unwrap();
        let idf_without = ProfileIdf::new(&bank, |qi, _| qi % 3 != 0);
        let mut stems = Vocabulary::default();
        let mut analyzer = Analyzer::default();
        for q in &bank.questions {
            analyzer.stems(&mut stems, &profile_text(q, true));
        }
        assert!(stems.len() > 1000);
        for term in 0..stems.len() as u32 {
            let stem = stems.stem(term);
            assert_eq!(idf.question_idf(stem), index.question_idf(stem).unwrap(), "{stem}");
            assert_eq!(
                idf_without.question_idf(stem),
                index_without.question_idf(stem).unwrap(),
                "{stem}"
            );
        }
        assert_eq!(idf.question_idf("no-such-stem"), bm25_idf(0, 24));
    }
}
