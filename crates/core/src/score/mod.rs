//! The scoring engine: a compiled bank (vocabulary, concept matchers, IDF, the tantivy
//! index) and the per-answer report it produces.
//!
//! An [`Engine`] is built once and shared by reference across rayon workers; each worker
//! keeps its own analyzer cache and buffers in a thread-local, so scoring allocates little
//! beyond the report itself.
//!
//! Answers in, reports out: the engine must not read files (`crate::input` does), apply
//! thresholds (`crate::check`) or format anything (`crate::report`).

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use crate::analyzer::{Analysis, Analyzer, TermId, Terms, Vocabulary, OOV};
use crate::bank::{Bank, Question};
use crate::delivery::{DeliverySettings, TimedSpan};
use crate::index::BankIndex;
use crate::input::Answer;
use crate::matcher::{
    match_question, CompiledConcept, CompiledQuestion, ConceptOutcome, Prepared, Semantic, SparseVector,
};
use crate::verdict::Flag;
use crate::Result;

pub use crate::specificity::MENTIONED_CREDIT;

/// Near-synonyms below this cosine are not used ([`crate::neighbours`]). The table holds
/// pairs from 0.60; random stem pairs have a 95th percentile of 0.23. 0.6 keeps "outage" ~
/// "downtime" (0.61) and "spend" ~ "cost" (0.57 — just out).
const NEIGHBOUR_MIN_COSINE: f32 = 0.6;

/// Near-synonyms at or above this cosine may stand in for a stem of a multi-word wording in
/// the partial signal (`matcher::match_question`). Stricter than [`NEIGHBOUR_MIN_COSINE`]:
/// there a near-synonym adds one word's weight to a sentence's cosine with a description;
/// here it completes a match on its own. Chosen on a grid (0.6, 0.65, 0.7, 0.75, 0.8) by the
/// tuning halves' mean prose Spearman with the credited share, with the graded semantic
/// credit (`matcher::SEMANTIC_WEAKEST_CREDIT`): 0.8747, **0.8760**, 0.8742, 0.8740, 0.8718
/// (docs/quality.md, tenth round).
const WORDING_NEIGHBOUR_MIN_COSINE: f32 = 0.65;

mod columns;
mod report;
mod routing;
mod stream;

use columns::CharCounter;
pub use report::{AnswerReport, Candidate, Change, ConceptChange, ConceptReport, Evidence, Progress, Status};
pub use routing::{ROUTE_MIN_CONFIDENCE, ROUTE_MIN_COVERAGE};
pub use stream::{Scored, CHUNK};

/// The compiled bank.
pub struct Engine {
    bank: Bank,
    /// Lower-cased question id and slug → first question with it: what `Bank::find` gives
    /// by a linear scan, which was most of the per-answer cost with a 10,000-question bank
    /// (p50 248 µs vs 66 µs on the 24-question bank). Misses fall back to `Bank::resolve`
    /// ("q4" for "q04", and the error naming the known questions).
    names: rustc_hash::FxHashMap<String, usize>,
    vocabulary: Vocabulary,
    questions: Vec<CompiledQuestion>,
    /// Per question with a derived rubric, its reference answer ([`crate::reference`]).
    references: Vec<Option<crate::reference::CompiledReference>>,
    idf: Vec<f32>,
    /// The word cache of compiling the bank, each scoring thread's analyzer's start
    /// ([`crate::analyzer::WordSeed`]); `None` past [`WORD_SEED_LIMIT`] words.
    word_seed: Option<crate::analyzer::WordSeed>,
    /// The tantivy index, built on first use: only routing needs it.
    /// Building it was ≈ 70% of `anscov score one-answer.md` (perf: writer, commit and
    /// per-document analysis, ≈ 35 ms of 55 ms on the 24-question bank), and answers that
    /// name their question never touch it; IDF comes from [`concept_idf`] instead,
    /// identical by construction (a unit test compares every term).
    index: OnceLock<BankIndex>,
    index_lock: Mutex<()>,
    /// Per question, the sentence of its sample answer that shows each concept: found on
    /// first use (most runs touch a few questions; matching every sample answer at
    /// start-up would cost every run).
    sample_sentences: Vec<OnceLock<Vec<Option<String>>>>,
    delivery: DeliverySettings,
}

/// Most words of a bank's word cache that [`Engine`] keeps to seed scoring threads with:
/// the embedded bank has ≈ 2,900, a 10,000-question generated bank more; 50,000 entries
/// are ≈ 2 MB per copy (one in the engine, one per scoring thread).
const WORD_SEED_LIMIT: usize = 50_000;

struct Workspace {
    analyzer: Analyzer,
    prepared: Prepared,
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace { analyzer: Analyzer::default(), prepared: Prepared::default() });
}

impl Engine {
    /// Compiles a complete bank ([`crate::load`] derives the rubrics a bank lacks; a
    /// question without concepts here is scored against none): interns its vocabulary and
    /// precompiles every concept. The tantivy index is built on first routing.
    pub fn new(bank: Bank) -> Result<Engine> {
        let mut vocabulary = Vocabulary::default();
        let mut analyzer = Analyzer::default();
        let mut analysis = Analysis::default();
        let mut analyze = |vocabulary: &mut Vocabulary, text: &str, analysis: &mut Analysis| {
            analyzer.analyze(&mut Terms::Intern(vocabulary), text, 0..text.len(), analysis);
            analysis.tokens.iter().map(|t| t.term).collect::<Vec<_>>()
        };
        // Terms first (so IDF can be looked up for all of them), vectors after.
        let mut per_question = Vec::with_capacity(bank.questions.len());
        for question in &bank.questions {
            let sample = analyze(&mut vocabulary, &question.sample_answer, &mut analysis);
            let question_terms = analyze(&mut vocabulary, &question.text, &mut analysis);
            // An answer copying the guidance earns nothing for the copy; the reference answers
            // `bank import` lists after it are no guidance, but their words are interned too.
            let heading = question
                .guidance
                .find(crate::bank::OTHER_REFERENCES_HEADING)
                .unwrap_or(question.guidance.len());
            let (guidance, other_references) = question.guidance.split_at(heading);
            let prompt = crate::matcher::Prompt::new(&analyze(&mut vocabulary, guidance, &mut analysis));
            analyze(&mut vocabulary, other_references, &mut analysis);
            let mut concepts = Vec::with_capacity(question.concepts.len());
            for concept in &question.concepts {
                let mut alternatives: Vec<crate::matcher::Wording> = Vec::new();
                // The semantic signal compares answer sentences with the concept's plain
                // description and label only. Adding the alternatives made the vector long
                // and jargon-heavy, so plain-word paraphrases scored lower against it (dev
                // set, tuning half: paraphrase recall 0.43 with alternatives, 0.78 without).
                // A rubric without descriptions falls back to the alternatives.
                let mut bag = analyze(&mut vocabulary, &concept.description, &mut analysis);
                bag.extend(analyze(&mut vocabulary, &concept.label, &mut analysis));
                let use_alternatives = concept.description.trim().is_empty();
                for alternative in &concept.alternatives {
                    let terms = analyze(&mut vocabulary, alternative, &mut analysis);
                    if use_alternatives {
                        bag.extend(terms.iter().copied());
                    }
                    let Some(first) = analysis.tokens.first() else { continue };
                    let wording = crate::matcher::Wording {
                        negated: first.negated,
                        terms: terms.into_boxed_slice(),
                    };
                    if !alternatives.contains(&wording) {
                        alternatives.push(wording);
                    }
                }
                concepts.push((alternatives, bag, crate::matcher::Polarity::of(concept), concept.weight));
            }
            per_question.push((sample, concepts, prompt, question_terms));
        }
        let word_seed = analyzer.seed_of(&vocabulary, WORD_SEED_LIMIT);
        let mut idf = concept_idf(&bank, &mut analyzer, &vocabulary);
        floor_common_words(&mut idf, &mut analyzer, &vocabulary);
        // Near-synonyms of each concept's informative description words (a common word's
        // neighbours could never count as shared evidence, and looking them up was most of
        // the cost of the table at start-up), interned after every text of the bank so that
        // a stem new here is known to be a neighbour only.
        let first_neighbour_only = vocabulary.len();
        // A stem that is only a neighbour is in no concept document; it stands for its
        // source words, and weighs what the heaviest of them weighs. Kept per stem (from
        // `first_neighbour_only` on), not as (neighbour, source) pairs: one pair per concept
        // was 1.7 KB per question of a generated bank (heaptrack).
        let mut neighbour_idf: Vec<f32> = Vec::new();
        // A description word's neighbours, looked up once however many concepts use it.
        let mut near_cache: rustc_hash::FxHashMap<TermId, Vec<(TermId, f32)>> = rustc_hash::FxHashMap::default();
        // Each question is compiled as soon as its concepts' neighbours are known, before the
        // neighbour-only stems get their IDF below: compiling reads the IDF of the bank's own
        // stems only (the vectors, the sample, which words are informative). Holding every
        // concept's neighbour list until the end was ≈ 5.5 KB per question at the peak of
        // loading (heaptrack, 10,000 generated questions).
        let mut questions: Vec<CompiledQuestion> = per_question
            .into_iter()
            .map(|(sample, concepts, prompt, question_terms)| {
                let concepts = concepts
                    .into_iter()
                    .map(|(alternatives, bag, polarity, weight)| {
                        // The neighbours themselves are looked up at match time, in the
                        // bank's table built below; here they only give the IDF.
                        let neighbours = neighbours_of(&bag, &idf, &mut vocabulary, &mut near_cache);
                        neighbour_idf.resize(vocabulary.len() - first_neighbour_only, 0.0);
                        for &(near, _, source) in &neighbours {
                            if let Some(slot) = (near as usize).checked_sub(first_neighbour_only) {
                                neighbour_idf[slot] = neighbour_idf[slot].max(idf[source as usize]);
                            }
                        }
                        CompiledConcept {
                            alternatives,
                            vector: SparseVector::binary(bag.iter().copied(), &idf),
                            order: bag,
                            polarity,
                            weight,
                        }
                    })
                    .collect();
                CompiledQuestion::new(
                    concepts,
                    SparseVector::tf_idf(sample, &idf),
                    prompt,
                    &question_terms,
                    &idf,
                )
            })
            .collect();
        // Every informative description word's near-synonyms, one table for the bank.
        let mut pairs: Vec<(TermId, TermId, f32)> = Vec::new();
        for (&source, near_list) in &near_cache {
            pairs.extend(near_list.iter().map(|&(near, cosine)| (near, source, cosine)));
        }
        drop(near_cache);
        idf.extend(neighbour_idf);
        let wording_pairs = wording_neighbours(&questions, &mut vocabulary);
        let near = std::sync::Arc::new(crate::matcher::NearSynonyms::new(pairs).with_wording_neighbours(wording_pairs));
        for question in &mut questions {
            question.set_near_synonyms(std::sync::Arc::clone(&near));
        }
        let references = crate::reference::compile(&bank, &mut vocabulary);
        idf.resize(vocabulary.len(), 0.0);
        let bank_len = bank.questions.len();
        let mut names = rustc_hash::FxHashMap::default();
        for (qi, q) in bank.questions.iter().enumerate() {
            names.entry(q.id.to_ascii_lowercase()).or_insert(qi);
            names.entry(q.slug.to_ascii_lowercase()).or_insert(qi);
        }
        Ok(Engine {
            bank,
            names,
            vocabulary,
            questions,
            references,
            idf,
            word_seed,
            index: OnceLock::new(),
            index_lock: Mutex::new(()),
            sample_sentences: (0..bank_len).map(|_| OnceLock::new()).collect(),
            delivery: DeliverySettings::default(),
        })
    }

    pub fn bank(&self) -> &Bank {
        &self.bank
    }

    /// Sets the target speaking time and rate for delivery figures.
    pub fn set_delivery(&mut self, settings: DeliverySettings) {
        self.delivery = settings;
    }

    pub fn delivery(&self) -> &DeliverySettings {
        &self.delivery
    }

    /// For each concept of question `qi`, the sentence of the sample answer in which the
    /// matcher finds it (its first positive evidence), or `None`.
    pub fn sample_sentences(&self, qi: usize) -> &[Option<String>] {
        self.sample_sentences[qi].get_or_init(|| {
            let sample = &self.bank.questions[qi].sample_answer;
            let mut analyzer = Analyzer::default();
            let mut prepared = Prepared::default();
            analyzer.analyze(
                &mut Terms::Lookup(&self.vocabulary),
                sample,
                0..sample.len(),
                &mut prepared.analysis,
            );
            prepared.prepare(&self.idf);
            match_question(&self.questions[qi], &prepared, &self.idf, Semantic::Wide)
                .iter()
                .map(|outcome| {
                    // Found, covered or only mentioned: the sentence shows how the concept
                    // reads even where the sample answer is terse (q01's, q13's).
                    outcome.found().then(|| outcome.evidence.first()).flatten().map(|span| {
                        let sentence = crate::star::sentence_around(sample, span.clone());
                        sample[sentence].split_whitespace().collect::<Vec<_>>().join(" ")
                    })
                })
                .collect()
        })
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The bank's tantivy index, built on first use (once, whichever thread asks first).
    pub fn index(&self) -> Result<&BankIndex> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let _guard = self.index_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let built = BankIndex::build(&self.bank)?;
        Ok(self.index.get_or_init(|| built))
    }

    /// A compiled question, for benches and tools that drive the matcher directly.
    pub fn compiled(&self, question: usize) -> Option<&CompiledQuestion> {
        self.questions.get(question)
    }

    /// IDF of every term of the vocabulary.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// Scores a question's sample (model) answer against its own question, as `bank lint`,
    /// `init` and the graded tables' self-coverage read it.
    pub fn score_sample_answer(&self, question: &Question) -> Result<AnswerReport> {
        self.score(&Answer::from_text(
            &question.file,
            Some(&question.id),
            &question.sample_answer,
        ))
    }

    /// Scores one answer. Fails only when the answer names a question the bank lacks.
    pub fn score(&self, answer: &Answer) -> Result<AnswerReport> {
        let named = match &answer.question {
            Some(name) => match self.names.get(&name.trim().to_ascii_lowercase()) {
                Some(&qi) => Some(qi),
                None => Some(self.bank.resolve(name, &answer.source)?),
            },
            None => None,
        };
        WORKSPACE.with(|workspace| {
            let mut workspace = workspace.borrow_mut();
            let Workspace { analyzer, prepared } = &mut *workspace;
            if let Some(seed) = &self.word_seed {
                analyzer.seed(seed);
            }
            analyzer.analyze(
                &mut Terms::Lookup(&self.vocabulary),
                answer.scored_text(),
                answer.range.clone(),
                &mut prepared.analysis,
            );
            match named {
                Some(qi) => {
                    let copied = self.mask_prompt_copies(qi, prepared);
                    prepared.prepare(&self.idf);
                    let outcomes = match_question(&self.questions[qi], prepared, &self.idf, Semantic::Wide);
                    Ok(self
                        .report(answer, prepared, Some((qi, outcomes)), false, None, Vec::new())
                        .with_copied(copied))
                }
                None => {
                    prepared.prepare(&self.idf);
                    self.route_and_report(answer, prepared)
                }
            }
        })
    }

    /// Masks the runs of the answer that copy question `qi`'s guidance
    /// ([`crate::matcher::Prompt`]) so that they match nothing, and returns their byte
    /// ranges. The caller prepares `prepared` afterwards.
    fn mask_prompt_copies(&self, qi: usize, prepared: &mut Prepared) -> Vec<Range<usize>> {
        let runs = self.questions[qi].prompt.copies(&prepared.analysis.tokens);
        crate::matcher::mask_copied(&mut prepared.analysis.tokens, &runs)
    }

    fn report(
        &self,
        answer: &Answer,
        prepared: &Prepared,
        matched: Option<(usize, Vec<ConceptOutcome>)>,
        routed: bool,
        route_confidence: Option<f64>,
        candidates: Vec<Candidate>,
    ) -> AnswerReport {
        let analysis = &prepared.analysis;
        let mut flags = Vec::new();
        if prepared.keyword_list {
            flags.push(Flag::KeywordList);
        }
        // Line numbers from one pass over the text. Counting the newlines before every
        // evidence span from the start of the text was 15% of the instructions of
        // Engine::score (callgrind, 250-word JSONL answers, ≈ 25 spans each).
        // memchr: the byte-at-a-time filter was ≈ 4 k instructions per 250-word answer.
        // Only the answer's own lines (from the start of the line of `range.start`, which
        // is line `range_line`): sections of one file share its text, and indexing all of
        // it per section was quadratic (10k `## q04 part N` sections 3.7 s, 20k 15 s).
        let base = answer.text[..answer.range.start].rfind('\n').map_or(0, |i| i + 1);
        let own = if matched.is_some() {
            &answer.text[base..answer.range.end]
        } else {
            ""
        };
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', own.as_bytes()).map(|i| base + i).collect();
        let chars = CharCounter::new(own);
        // (line, column) of a byte offset: the newlines before it give both.
        let position = |offset: usize| {
            let before = newlines.partition_point(|&n| n < offset);
            let line_start = before.checked_sub(1).map_or(base, |i| newlines[i] + 1);
            (
                answer.range_line + before,
                chars.before(offset - base) - chars.before(line_start - base) + 1,
            )
        };
        let evidence = |ranges: &[Range<usize>]| -> Vec<Evidence> {
            ranges
                .iter()
                .map(|r| {
                    // A transcript's text is its cues joined: the cue gives the file line.
                    let cue = answer
                        .cues
                        .get(answer.cues.partition_point(|c| c.range.end <= r.start))
                        .or(answer.cues.last());
                    let (line, column) = match cue {
                        Some(cue) => cue.position(&answer.text, r.start),
                        None => position(r.start),
                    };
                    Evidence {
                        start: r.start,
                        end: r.end,
                        text: answer.text[r.clone()].to_string(),
                        line,
                        column,
                        cue_start: cue.map(crate::input::Cue::start_stamp),
                    }
                })
                .collect()
        };
        let (question, concepts, coverage, similarity, specificity, reference) = match &matched {
            Some((qi, outcomes)) => {
                let question = &self.bank.questions[*qi];
                let samples = if outcomes.iter().all(|o| o.covered()) {
                    &[][..]
                } else {
                    self.sample_sentences(*qi)
                };
                let concepts: Vec<ConceptReport> = question
                    .concepts
                    .iter()
                    .zip(outcomes)
                    .enumerate()
                    .map(|(ci, (concept, outcome))| ConceptReport {
                        id: concept.id.clone(),
                        label: concept.label.clone(),
                        weight: concept.weight,
                        required: concept.required,
                        covered: outcome.covered(),
                        status: outcome.verdict.into(),
                        signal: outcome.signal,
                        strength: outcome.signal.map(|_| round(f64::from(outcome.strength))),
                        match_credit: (outcome.found() && outcome.match_credit < 1.0)
                            .then(|| round(outcome.match_credit)),
                        credit_cut: outcome.credit_cut.filter(|_| outcome.found()),
                        evidence: evidence(&outcome.evidence),
                        hint: (!outcome.covered())
                            .then(|| concept.hint.clone())
                            .filter(|h| !h.is_empty()),
                        sample_sentence: (!outcome.covered())
                            .then(|| samples.get(ci).cloned().flatten())
                            .flatten(),
                        stated_negatively: concept.negative,
                    })
                    .collect();
                let coverage = raw_coverage(question, outcomes);
                let specificity = outcomes.iter().find(|o| o.found()).map(|o| round(o.credit));
                let similarity = prepared.similarity(&self.questions[*qi].sample);
                let reference = self.references[*qi].as_ref().map(|r| {
                    crate::reference::ReferenceScore::new(round(coverage), r.similarity(&prepared.analysis.tokens))
                });
                (
                    Some(question.id.clone()),
                    concepts,
                    coverage,
                    f64::from(similarity),
                    specificity,
                    reference,
                )
            }
            None => (None, Vec::new(), 0.0, 0.0, None, None),
        };
        if analysis.words == 0 {
            flags.push(Flag::Empty);
        }
        let cues: Vec<TimedSpan> = answer
            .cues
            .iter()
            .map(|c| TimedSpan {
                start_ms: c.start_ms,
                end_ms: c.end_ms,
                range: c.range.clone(),
            })
            .collect();
        let delivery = crate::delivery::measure(answer.scored_text(), answer.range.clone(), &cues, &self.delivery);
        let star = matched
            .as_ref()
            .filter(|(qi, _)| self.bank.questions[*qi].behavioural)
            .map(|_| {
                crate::star::analyse(answer.scored_text(), answer.range.clone(), &|r: Range<usize>| {
                    evidence(std::slice::from_ref(&r)).remove(0)
                })
            });
        let missing_required = concepts
            .iter()
            .filter(|c| c.required && !c.covered)
            .map(|c| c.id.clone())
            .collect();
        AnswerReport {
            source: answer.source.clone(),
            id: answer.id.clone(),
            question,
            routed,
            route_confidence,
            coverage: round(coverage),
            similarity: round(similarity),
            specificity,
            reference,
            concepts,
            missing_required,
            words: analysis.words,
            // Only the text report's advice on a low specificity quotes them.
            talk: if specificity.is_some_and(|s| s < 1.0) {
                analysis.talk.clone()
            } else {
                Vec::new()
            },
            flags,
            copied: Vec::new(),
            candidates,
            warnings: answer.warnings.clone(),
            failures: Vec::new(),
            delivery,
            star,
            progress: None,
            text: answer.text.clone(),
            range: answer.range.clone(),
            checked: false,
            line: answer.first_line,
            path: answer.path.clone(),
        }
    }
}

/// (stem, near-synonym) for every stem of the bank's multi-word wordings, interned: the
/// partial signal lets a near-synonym stand in for a wording's stem ("downtime budget" for
/// "outage budget"; [`WORDING_NEIGHBOUR_MIN_COSINE`]).
fn wording_neighbours(questions: &[CompiledQuestion], vocabulary: &mut Vocabulary) -> Vec<(TermId, TermId)> {
    let mut stems: Vec<TermId> = questions.iter().flat_map(CompiledQuestion::multi_word_stems).collect();
    stems.sort_unstable();
    stems.dedup();
    let mut pairs = Vec::new();
    for stem in stems {
        let text = vocabulary.stem(stem).to_string();
        for (near, _) in crate::neighbours::of(&text).filter(|&(_, cosine)| cosine >= WORDING_NEIGHBOUR_MIN_COSINE) {
            pairs.push((stem, vocabulary.intern(near)));
        }
    }
    pairs
}

/// The near-synonyms ([`crate::neighbours`]) of a concept's description words that are
/// not among them: (neighbour, cosine, source word), interned.
fn neighbours_of(
    bag: &[TermId],
    idf: &[f32],
    vocabulary: &mut Vocabulary,
    cache: &mut rustc_hash::FxHashMap<TermId, Vec<(TermId, f32)>>,
) -> Vec<(TermId, f32, TermId)> {
    let mut out: Vec<(TermId, f32, TermId)> = Vec::new();
    for &source in bag {
        if idf
            .get(source as usize)
            .is_none_or(|&w| w < crate::matcher::INFORMATIVE_IDF)
        {
            continue;
        }
        let near_list = cache.entry(source).or_insert_with(|| {
            let stem = vocabulary.stem(source).to_string();
            crate::neighbours::of(&stem)
                .filter(|&(_, cosine)| cosine >= NEIGHBOUR_MIN_COSINE)
                .map(|(near, cosine)| (vocabulary.intern(near), cosine))
                .collect()
        });
        for &(near, cosine) in near_list.iter() {
            if bag.contains(&near) {
                continue;
            }
            match out.iter_mut().find(|(n, _, _)| *n == near) {
                Some(entry) if entry.1 < cosine => *entry = (near, cosine, source),
                Some(_) => {}
                None => out.push((near, cosine, source)),
            }
        }
    }
    out
}

/// Background correction: very common English words ([`crate::analyzer::COMMON_WORDS`])
/// get the IDF of a word found in half the concept documents, whatever their count in
/// this small bank, so they never count as evidence of meaning on their own.
fn floor_common_words(idf: &mut [f32], analyzer: &mut Analyzer, vocabulary: &Vocabulary) {
    let common_idf = crate::index::bm25_idf(1, 2);
    let mut scratch = Vocabulary::default();
    for word in crate::analyzer::COMMON_WORDS {
        for stem in analyzer.stems(&mut scratch, word) {
            if let Some(term) = vocabulary.get(&stem) {
                idf[term as usize] = idf[term as usize].min(common_idf);
            }
        }
    }
}

/// IDF of every vocabulary term among concept documents, counted as a tantivy index of
/// one document per concept would store them (a unit test builds one and compares every
/// term): each concept's [`crate::index::concept_text`] through the one analyzer in a
/// single pass (what [`crate::analyzer::AnscovTokenizer`] does), each stem counted once per
/// document, then [`crate::index::bm25_idf`]. Lookup, not interning: only vocabulary terms
/// are ever asked for, and the analyzer's cache from compiling the bank already holds
/// every word (no word is stemmed twice; ≈ 15% of start-up).
fn concept_idf(bank: &Bank, analyzer: &mut Analyzer, vocabulary: &Vocabulary) -> Vec<f32> {
    let mut analysis = Analysis::default();
    let mut df = vec![0u32; vocabulary.len()];
    let mut seen: Vec<crate::analyzer::TermId> = Vec::new();
    let mut docs = 0;
    for concept in bank.questions.iter().flat_map(|q| &q.concepts) {
        let text = crate::index::concept_text(concept);
        analyzer.analyze(&mut Terms::Lookup(vocabulary), &text, 0..text.len(), &mut analysis);
        seen.clear();
        seen.extend(analysis.tokens.iter().map(|t| t.term).filter(|&t| t != OOV));
        seen.sort_unstable();
        seen.dedup();
        for &term in &seen {
            df[term as usize] += 1;
        }
        docs += 1;
    }
    df.into_iter()
        .map(|d| crate::index::bm25_idf(u64::from(d), docs))
        .collect()
}

/// Credited weight over total weight: each found concept at the answer's specificity
/// credit ([`crate::specificity::credit`]; [`MENTIONED_CREDIT`] for a bare keyword list),
/// times what its match keeps ([`ConceptOutcome::match_credit`]).
fn raw_coverage(question: &Question, outcomes: &[ConceptOutcome]) -> f64 {
    weighted_share(question, outcomes, |o| o.credit * o.match_credit)
}

fn weighted_share(question: &Question, outcomes: &[ConceptOutcome], credit: impl Fn(&ConceptOutcome) -> f64) -> f64 {
    let total = question.total_weight();
    if total <= 0.0 {
        return 0.0;
    }
    let covered: f64 = question
        .concepts
        .iter()
        .zip(outcomes)
        .map(|(c, o)| if o.found() { c.weight * credit(o) } else { 0.0 })
        .sum();
    // `+ 0.0`: an empty f64 sum is -0.0, which would print as "-0".
    covered / total + 0.0
}

pub use crate::figures::round;

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle: a tantivy index of one document per concept, as the bank's index held
    /// until the engine stopped reading it.
    #[test]
    fn idf_without_the_index_is_the_index_idf() {
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let mut builder = Schema::builder();
        let concept = builder.add_text_field(
            "concept",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(crate::analyzer::TOKENIZER_NAME)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        );
        let index = tantivy::Index::create_in_ram(builder.build());
        index
            .tokenizers()
            .register(crate::analyzer::TOKENIZER_NAME, crate::analyzer::AnscovTokenizer);
        let mut writer = index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
            .unwrap();
        let concepts: Vec<_> = engine.bank().questions.iter().flat_map(|q| &q.concepts).collect();
        for c in &concepts {
            writer
                .add_document(tantivy::doc!(concept => crate::index::concept_text(c)))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let idf = concept_idf(engine.bank(), &mut Analyzer::default(), engine.vocabulary());
        for term in 0..engine.vocabulary().len() as u32 {
            let stem = engine.vocabulary().stem(term);
            let df = searcher
                .doc_freq(&tantivy::Term::from_field_text(concept, stem))
                .unwrap();
            let want = crate::index::bm25_idf(df, concepts.len() as u64);
            assert_eq!(idf[term as usize], want, "{stem}");
        }
    }

    #[test]
    fn char_counter_matches_counting_from_the_start() {
        let unicode = "naïve — café SLOs 🙂\n".repeat(9) + &"x".repeat(70) + "é";
        let ascii = "plain SLOs\n".repeat(20);
        for text in [unicode, ascii] {
            let counter = CharCounter::new(&text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(
                    counter.before(offset),
                    text[..offset].chars().count(),
                    "offset {offset}"
                );
            }
        }
    }

    #[test]
    fn common_words_are_not_informative() {
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let sure = engine.vocabulary().get("sure").unwrap();
        assert!(engine.idf()[sure as usize] < crate::matcher::INFORMATIVE_IDF);
    }
}
