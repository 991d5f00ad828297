//! The tantivy side of the one analyzer: a `Tokenizer` whose terms are the stems
//! [`Analyzer::analyze`](super::Analyzer::analyze) makes, so the index's terms are the
//! matcher's.
//!
//! An adapter only: it must not analyse differently from the analyzer, nor know about the
//! index's fields or queries (`index.rs`).

use super::cache::CACHE_LIMIT;
use super::vocabulary::{Terms, Vocabulary};
use super::walk::Analyzer;
use super::Analysis;

/// The tantivy side of the one analyzer: emits stem strings so the index's terms are the
/// matcher's terms. Registered under [`TOKENIZER_NAME`].
#[derive(Clone, Default)]
pub struct AnscovTokenizer;

/// The name the analyzer is registered under in every index.
pub const TOKENIZER_NAME: &str = "anscov";

/// Token stream over a pre-analysed text.
pub struct AnscovTokenStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    next: usize,
}

impl tantivy::tokenizer::Tokenizer for AnscovTokenizer {
    type TokenStream<'a> = AnscovTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnscovTokenStream {
        // Only the stem strings reach the index, so the vocabulary is private to the
        // indexing thread; it and the analyzer (with its stem cache) are kept between
        // documents. A fresh analyzer per document stemmed every word from scratch: 34% of
        // `anscov score one.md` was this function (perf, 24-question bank).
        TOKENIZER_STATE.with(|state| {
            let mut state = state.borrow_mut();
            let (analyzer, vocabulary, analysis) = &mut *state;
            if vocabulary.len() > CACHE_LIMIT {
                *vocabulary = Vocabulary::default();
            }
            analyzer.analyze(&mut Terms::Intern(vocabulary), text, 0..text.len(), analysis);
            token_stream_of(analysis, vocabulary)
        })
    }
}

thread_local! {
    static TOKENIZER_STATE: std::cell::RefCell<(Analyzer, Vocabulary, Analysis)> =
        std::cell::RefCell::new((Analyzer::default(), Vocabulary::default(), Analysis::default()));
}

fn token_stream_of(analysis: &Analysis, vocabulary: &Vocabulary) -> AnscovTokenStream {
    let tokens = analysis
        .tokens
        .iter()
        .enumerate()
        .map(|(position, t)| tantivy::tokenizer::Token {
            offset_from: t.start as usize,
            offset_to: t.end as usize,
            position,
            text: vocabulary.stem(t.term).to_string(),
            position_length: 1,
        })
        .collect();
    AnscovTokenStream { tokens, next: 0 }
}

impl tantivy::tokenizer::TokenStream for AnscovTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}
