//! Rubrics derived from a sample answer, for banks that have model answers but no rubric.
//!
//! Key phrases are the runs of content words between stopwords and punctuation (at most
//! three words), scored by the summed IDF of their stems across the bank's questions (from
//! the tantivy index), so "point-in-time recovery" outranks "good process". The best
//! non-overlapping phrases become concepts; each keeps its sentence as description (for the
//! semantic signal) and as hint.

use unicode_segmentation::UnicodeSegmentation;

use crate::analyzer::{Analysis, Analyzer, Terms, Vocabulary};
use crate::bank::{Bank, Concept, Question, RubricOrigin};
use crate::index::BankIndex;

/// Concepts derived per question: one per ~20 words of sample answer, within these bounds.
const MIN_CONCEPTS: usize = 4;
const MAX_CONCEPTS: usize = 8;
const WORDS_PER_CONCEPT: usize = 20;
/// Longest key phrase, in content words.
const MAX_PHRASE_WORDS: usize = 3;

/// Gives every question without a rubric concepts derived from its sample answer.
pub fn fill_missing_rubrics(bank: &mut Bank, index: &BankIndex) {
    for question in bank.questions.iter_mut().filter(|q| q.rubric == RubricOrigin::Derived && q.concepts.is_empty()) {
        question.concepts = derive_concepts(question, index);
    }
}

/// A phrase candidate: its text, the sentence it came from, and its score.
struct Candidate {
    text: String,
    stems: Vec<String>,
    sentence: String,
    score: f32,
}

/// Derives concepts for one question from its sample answer.
pub fn derive_concepts(question: &Question, index: &BankIndex) -> Vec<Concept> {
    let mut analyzer = Analyzer::default();
    let mut vocabulary = Vocabulary::default();
    let mut analysis = Analysis::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for sentence in question.sample_answer.unicode_sentences() {
        for chunk in phrase_chunks(sentence) {
            analyzer.analyze(&mut Terms::Intern(&mut vocabulary), chunk, 0..chunk.len(), &mut analysis);
            let tokens = &analysis.tokens;
            // Every window of up to MAX_PHRASE_WORDS content words is a candidate.
            for start in 0..tokens.len() {
                for len in 1..=MAX_PHRASE_WORDS.min(tokens.len() - start) {
                    let window = &tokens[start..start + len];
                    let stems: Vec<String> = window.iter().map(|t| vocabulary.stem(t.term).to_string()).collect();
                    let idf: f32 = stems.iter().map(|s| index.question_idf(s).unwrap_or(0.0)).sum();
                    // Longer phrases are more specific; the mild length bonus keeps
                    // "point time recovery" ahead of "recovery" alone.
                    let score = idf * (1.0 + 0.15 * (len as f32 - 1.0));
                    let text = chunk[window[0].start as usize..window[len - 1].end as usize].to_string();
                    candidates.push(Candidate { text, stems, sentence: sentence.trim().to_string(), score });
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.text.cmp(&b.text)));
    let words = question.sample_answer.unicode_words().count();
    let wanted = (words / WORDS_PER_CONCEPT).clamp(MIN_CONCEPTS, MAX_CONCEPTS);
    let mut chosen: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        if chosen.len() == wanted {
            break;
        }
        // Skip phrases sharing a stem with one already chosen: one concept per idea.
        if chosen.iter().any(|c| c.stems.iter().any(|s| candidate.stems.contains(s))) {
            continue;
        }
        chosen.push(candidate);
    }
    let total: f32 = chosen.iter().map(|c| c.score).sum::<f32>().max(f32::EPSILON);
    let mut ids: Vec<String> = Vec::new();
    chosen
        .into_iter()
        .map(|c| {
            let mut id = kebab(&c.text);
            if ids.contains(&id) || id.is_empty() {
                id = format!("{}-{}", if id.is_empty() { "concept" } else { &id }, ids.len() + 1);
            }
            ids.push(id.clone());
            let weight = (f64::from(c.score / total) * chosen_len_hint(&ids) * 100.0).round() / 100.0;
            Concept {
                id,
                label: c.text.clone(),
                weight: weight.max(0.25),
                required: false,
                hint: format!("The sample answer covers this: \"{}\"", c.sentence),
                description: c.sentence,
                alternatives: vec![c.text],
                negatable: true,
            }
        })
        .collect()
}

/// Weights are scaled so a derived rubric's weights average about 1.
fn chosen_len_hint(ids: &[String]) -> f64 {
    ids.len().max(1) as f64
}

/// Splits a sentence at punctuation into chunks that phrases must not cross.
fn phrase_chunks(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split([',', ';', ':', '(', ')', '—', '–', '.', '!', '?']).filter(|c| !c.trim().is_empty())
}

fn kebab(text: &str) -> String {
    let words: Vec<String> = text.unicode_words().map(|w| w.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()).filter(|w| !w.is_empty()).collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{BankFile, BankFiles};

    #[test]
    fn derives_specific_phrases_from_a_sample_answer() {
        let corpus = |id: &str, answer: &str| BankFile {
            name: format!("corpus/{id}.toml"),
            text: format!("id = \"{id}\"\nslug = \"{id}-slug\"\nquestion = \"Question {id}?\"\nsample_answer = '''{answer}'''\n"),
        };
        let files = BankFiles {
            corpus: vec![
                corpus("x1", "We take point-in-time database backups, replicate them cross-region, and run quarterly restore drills in a separate account. The team documents every step in runbooks so that anyone on the team can follow them."),
                corpus("x2", "The team plans the work with the team every week and the team reviews it."),
            ],
            rubrics: vec![],
        };
        let mut bank = Bank::parse(&[files]).unwrap();
        let index = BankIndex::build(&bank).unwrap();
        fill_missing_rubrics(&mut bank, &index);
        let concepts = &bank.questions[0].concepts;
        assert!((MIN_CONCEPTS..=MAX_CONCEPTS).contains(&concepts.len()));
        let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.iter().any(|l| l.contains("restore drills") || l.contains("quarterly restore")), "{labels:?}");
        assert!(!labels.contains(&"team"), "{labels:?}");
        assert!(concepts.iter().all(|c| c.weight > 0.0 && !c.alternatives.is_empty()));
    }
}
