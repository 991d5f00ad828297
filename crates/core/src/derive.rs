//! Rubrics derived from a sample answer, for banks that have model answers but no rubric.
//!
//! Key phrases are the runs of adjacent content words between stopwords and punctuation
//! (windows of at most three words), scored by the summed IDF of their stems across the
//! bank's questions (their profiles' document frequencies, [`ProfileIdf`]), so
//! "point-in-time recovery" outranks "good process". The best non-overlapping phrases
//! become concepts; each keeps its sentence as description (for the
//! semantic signal) and as hint.
//!
//! Measured on SemEval-2013 train (`anscov eval` on the tables, docs/bank.md): keeping the
//! reference's negation took the references covering ≥ 90% of their own rubric from 0.830
//! to 0.889 (SciEntsBank) and 0.637 to 0.980 (Beetle); reading the phrases from the whole
//! answer analysed once, as the matcher reads it, from 0.985 to 0.993 (SciEntsBank).
//!
//! Tried and left out (measured with the interview bank's blind and dev sets turned into
//! graded tables with derived rubrics, Pearson of coverage with the grade, and SemEval
//! ROC-AUC): phrases never starting or ending with a linking word or particle
//! ("because", "during", "on", "must", "all"; "minerals because none", "Put acid on")
//! changed SemEval by ≤ 0.003 and cost the interview sets 0.025–0.06 (blind-b 0.648 →
//! 0.623, dev-c 0.769 → 0.707: "on-call", "roll back", "all traffic" are points there);
//! without the particles, still 0.02–0.06. A common verb alone ("see", "make") as no
//! concept changed nothing on the interview sets and cost SciEntsBank 0.002.
//!
//! Derivation only: it must not read or write files (loading a bank, [`crate::load`], and
//! `anscov bank derive` do), and must not score answers.

use unicode_segmentation::UnicodeSegmentation;

use crate::analyzer::{Analysis, Analyzer, Terms, Token, Vocabulary};
use crate::bank::{Bank, Concept, Question, RubricOrigin};
use crate::index::ProfileIdf;

/// Concepts derived per question: one per ~20 words of sample answer, within these bounds.
const MIN_CONCEPTS: usize = 4;
const MAX_CONCEPTS: usize = 8;
const WORDS_PER_CONCEPT: usize = 20;
/// Longest key phrase, in content words.
const MAX_PHRASE_WORDS: usize = 3;
/// Score factor of a phrase made only of the question's own words ("positive terminal"
/// for "Why do terminal 1 and the positive terminal read 1.5 V?"): every answer repeats
/// them, so they say little about whether it is right. Left at full score they took 31%
/// of SciEntsBank's derived weight. Dropping them lost more than it gained (SemEval-2013
/// train, ROC-AUC of coverage, correct vs not: SciEntsBank 0.667 → 0.633, Beetle 0.742 →
/// 0.746; rubrics 3.7 → 2.8 concepts), because they also mark an answer that stays on the
/// topic; at a quarter they rank behind every phrase that adds something and, once
/// chosen, sit at the weight floor (SciEntsBank 0.676, Beetle 0.746; a half gave 0.671 /
/// 0.745, a tenth and a hundredth the same as a quarter: the floor).
pub const QUESTION_WORDS_FACTOR: f32 = 0.25;

/// Gives every question without a rubric concepts derived from its sample answer, against
/// IDF over the bank's question profiles with every rubric-less question's concepts left
/// out. Part of loading a bank ([`crate::load`]), so the bank is complete before an engine
/// exists. Questions are derived on all cores; each is independent of the others.
pub fn fill_missing_rubrics(bank: &mut Bank) {
    use rayon::prelude::*;
    let missing = |q: &Question| q.rubric == RubricOrigin::Derived && q.concepts.is_empty();
    if !bank.questions.iter().any(missing) {
        return;
    }
    let idf = ProfileIdf::new(bank, |_, q| q.rubric != RubricOrigin::Derived);
    let derived: Vec<Option<Vec<Concept>>> = bank
        .questions
        .par_iter()
        .map(|q| missing(q).then(|| derive_concepts(q, &idf)))
        .collect();
    for (question, concepts) in bank.questions.iter_mut().zip(derived) {
        if let Some(concepts) = concepts {
            question.concepts = concepts;
        }
    }
}

/// A phrase candidate: its text, the sentence it came from, and its score.
struct Candidate {
    /// The phrase as the reference says it, with a negation word before it kept.
    label: String,
    text: String,
    stems: Vec<String>,
    /// Byte range of its sentence (trimmed) in the sample answer: a range, not a copy, since
    /// every window of the sentence is a candidate (a 12,000-word sentence copied into each
    /// of its 36,000 candidates took 4 GB).
    sentence: std::ops::Range<usize>,
    score: f32,
    /// The reference states it under a negation ("a node that has *no children*").
    negated: bool,
    /// The reference sets it aside with a contrast marker ("small changes *rather than
    /// adding approval boards*"): the point is the contrast, made by an answer that names
    /// the thing either way (`negatable = false`). Derived as a point stated negatively, the
    /// other bank's graded answers fell 0.842 → 0.833 (Pearson); left out, 0.826; and as a
    /// plain point the sample answer missed its own rubric.
    set_aside: bool,
}

/// Derives concepts for one question from its sample answer. Key phrases are runs of up to
/// three adjacent content words; a bare number is no phrase (its window with the unit or
/// subject is), a phrase made only of the question's words scores a quarter
/// ([`QUESTION_WORDS_FACTOR`]), and a phrase the reference states under a negation ("has
/// *no children*", "is *not connected*") keeps the negation word in its label and is
/// stated negatively (`negative`): the reference — and an answer that says it the same way —
/// makes it, and a plain mention ("a node with children") contradicts it.
pub fn derive_concepts(question: &Question, idf: &ProfileIdf) -> Vec<Concept> {
    let mut analyzer = Analyzer::default();
    let mut vocabulary = Vocabulary::default();
    let mut analysis = Analysis::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let question_stems: std::collections::HashSet<String> =
        analyzer.stems(&mut vocabulary, &question.text).into_iter().collect();
    // The whole answer is analysed once, as the matcher reads it, so a word the analyzer
    // drops in context (an immediately repeated stem: "…the fork was vibrating.
    // Vibrations make sounds") never starts a phrase the reference itself cannot match.
    let sample = question.sample_answer.as_str();
    analyzer.analyze(
        &mut Terms::Intern(&mut vocabulary),
        sample,
        0..sample.len(),
        &mut analysis,
    );
    let all_tokens = std::mem::take(&mut analysis.tokens);
    // Every chunk (sentence range, chunk's absolute range), in text order, and the tokens
    // that lie wholly inside each, in the analysis's order: one pass with a binary search
    // per token, instead of a scan of every token per chunk (quadratic in a long answer).
    let mut chunks: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for (sentence_at, sentence) in sample.split_sentence_bound_indices() {
        let trimmed_at = sentence_at + (sentence.len() - sentence.trim_start().len());
        let trimmed = trimmed_at..trimmed_at + sentence.trim().len();
        for chunk_range in phrase_chunks(sentence) {
            chunks.push((
                trimmed.clone(),
                sentence_at + chunk_range.start..sentence_at + chunk_range.end,
            ));
        }
    }
    let mut inside: Vec<Vec<Token>> = vec![Vec::new(); chunks.len()];
    for token in &all_tokens {
        let (start, end) = (token.start as usize, token.end as usize);
        let Some(i) = chunks.partition_point(|(_, c)| c.start <= start).checked_sub(1) else {
            continue;
        };
        let at = chunks[i].1.start;
        if end <= chunks[i].1.end {
            inside[i].push(Token {
                start: (start - at) as u32,
                end: (end - at) as u32,
                ..*token
            });
        }
    }
    for ((sentence, chunk_range), tokens) in chunks.iter().zip(&inside) {
        {
            let chunk = &sample[chunk_range.clone()];
            // Every window of up to MAX_PHRASE_WORDS content words is a candidate.
            for start in 0..tokens.len() {
                for len in 1..=MAX_PHRASE_WORDS.min(tokens.len() - start) {
                    let window = &tokens[start..start + len];
                    // A phrase is a run of adjacent content words: a dropped stopword
                    // between two words ends it ("labels so Prometheus" is two ideas),
                    // while hyphens and spaces do not ("point-in-time" stays whole).
                    // (Tokens out of order, as from a joined acronym, never form a phrase.)
                    if window.windows(2).any(|w| {
                        chunk
                            .get(w[0].end as usize..w[1].start as usize)
                            .is_none_or(|gap| !adjacent(gap))
                    }) {
                        break;
                    }
                    let stems: Vec<String> = window.iter().map(|t| vocabulary.stem(t.term).to_string()).collect();
                    // A bare number ("7") is no point without its unit or subject; the
                    // window that includes them ("7 volts") stays a candidate.
                    if stems.iter().all(|s| !s.chars().any(char::is_alphabetic)) {
                        continue;
                    }
                    let negated = window.iter().any(|t| t.declined());
                    let set_aside = window.iter().any(|t| t.set_aside);
                    let idf: f32 = stems.iter().map(|s| idf.question_idf(s)).sum();
                    // Longer phrases are more specific; the mild length bonus keeps
                    // "point time recovery" ahead of "recovery" alone.
                    let mut score = idf * (1.0 + 0.15 * (len as f32 - 1.0));
                    if stems.iter().all(|s| question_stems.contains(s)) {
                        score *= QUESTION_WORDS_FACTOR;
                    }
                    let Some(text) = chunk.get(window[0].start as usize..window[len - 1].end as usize) else {
                        continue;
                    };
                    let text = text.to_string();
                    // The label keeps the negation word, so a person reads the point the
                    // reference makes ("not connected"), not its opposite.
                    let label = match negated.then(|| negation_before(&chunk[..window[0].start as usize])) {
                        Some(Some(word)) => format!("{word} {text}"),
                        _ => text.clone(),
                    };
                    candidates.push(Candidate {
                        label,
                        text,
                        stems,
                        sentence: sentence.clone(),
                        score,
                        negated,
                        set_aside,
                    });
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
        if chosen
            .iter()
            .any(|c| c.stems.iter().any(|s| candidate.stems.contains(s)))
        {
            continue;
        }
        chosen.push(candidate);
    }
    let total: f32 = chosen.iter().map(|c| c.score).sum::<f32>().max(f32::EPSILON);
    // Weights are score shares scaled so they average 1 (the concept count, fixed before
    // the loop: scaling by the ids made so far gave the best phrase the smallest weight).
    let count = chosen.len() as f64;
    let mut ids: Vec<String> = Vec::new();
    chosen
        .into_iter()
        .map(|c| {
            let sentence = sample[c.sentence.clone()].to_string();
            let mut id = kebab(&c.text);
            if ids.contains(&id) || id.is_empty() {
                id = format!("{}-{}", if id.is_empty() { "concept" } else { &id }, ids.len() + 1);
            }
            ids.push(id.clone());
            let weight = (f64::from(c.score / total) * count * 100.0).round() / 100.0;
            Concept {
                id,
                label: c.label.clone(),
                weight: weight.max(0.25),
                required: false,
                hint: format!("The sample answer covers this: \"{sentence}\""),
                description: sentence,
                alternatives: vec![c.text],
                negatable: !c.set_aside,
                negative: c.negated,
            }
        })
        .collect()
}

/// Derives concepts for question `qi` from its sample answer, whether or not it has a
/// rubric, against the same IDF loading uses for derived questions (the bank's profiles
/// with every rubric-less question, and this one, still without concepts).
pub fn derive_for(bank: &Bank, qi: usize) -> crate::Result<Vec<Concept>> {
    let Some(question) = bank.questions.get(qi) else {
        return Ok(Vec::new());
    };
    let idf = ProfileIdf::new(bank, |i, q| i != qi && q.rubric != RubricOrigin::Derived);
    Ok(derive_concepts(question, &idf))
}

/// A rubric file (`question = ...` and `[[concept]]` tables) for `question` with
/// `concepts`, ready to save as `rubrics/<id>.toml` and edit; it parses back with
/// [`Bank::parse`] to the same concepts. `lint` is the command that checks it, e.g.
/// `anscov bank lint --bank my-bank` for a bank of one's own.
pub fn rubric_toml(question: &Question, concepts: &[Concept], lint: &str) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Rubric for {} ({}), derived from its sample answer by `anscov bank derive`.\n\
         # To edit: merge or rename concepts, mark the 2-3 essential ones `required = true`,\n\
         # add alternatives (abbreviations, paraphrases, speech-to-text spellings) and check\n\
         # with `{}`.\nquestion = {}\n",
        question.id,
        question.slug,
        lint,
        quote(&question.id)
    );
    for c in concepts {
        out.push_str("\n[[concept]]\n");
        out.push_str(&format!("id = {}\n", quote(&c.id)));
        out.push_str(&format!("label = {}\n", quote(&c.label)));
        out.push_str(&format!("weight = {}\n", toml::Value::Float(c.weight)));
        out.push_str(&format!("required = {}\n", c.required));
        out.push_str(&format!("hint = {}\n", quote(&c.hint)));
        out.push_str(&format!("description = {}\n", quote(&c.description)));
        let alternatives: Vec<String> = c.alternatives.iter().map(|a| quote(a)).collect();
        out.push_str(&format!("alternatives = [{}]\n", alternatives.join(", ")));
        if !c.negatable {
            out.push_str("negatable = false\n");
        }
        if c.negative {
            out.push_str("negative = true\n");
        }
    }
    out
}

/// The end of `before` from a negation word among its last three words on ("has no " →
/// "no", "is not yet " → "not yet"), if there is one.
fn negation_before(before: &str) -> Option<&str> {
    // From the end: only the last words matter, and collecting all of them for every
    // candidate phrase of a long sentence was quadratic.
    let last: Vec<(usize, &str)> = before
        .unicode_word_indices()
        .rev()
        .take(crate::analyzer::NEGATION_SCOPE as usize)
        .collect();
    let (at, _) = last.iter().find(|(_, w)| {
        let lower = w.to_lowercase().replace('’', "'");
        crate::analyzer::NEGATIONS.contains(&lower.as_str()) || lower.ends_with("n't")
    })?;
    Some(before[*at..].trim_end())
}

/// Whether the text between two content words keeps them in one phrase: only spaces and
/// hyphens, or a stopword inside a hyphenated compound ("point-in-time").
fn adjacent(gap: &str) -> bool {
    gap.chars().all(|c| c.is_whitespace() || c == '-' || c == '/')
        || (gap.starts_with('-') && gap.ends_with('-') && !gap.contains(char::is_whitespace))
}

/// Splits a sentence at punctuation into the byte ranges of chunks that phrases must not
/// cross.
fn phrase_chunks(sentence: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in sentence.char_indices() {
        if [',', ';', ':', '(', ')', '—', '–', '.', '!', '?'].contains(&c) {
            out.push(start..at);
            start = at + c.len_utf8();
        }
    }
    out.push(start..sentence.len());
    out.retain(|r| !sentence[r.clone()].trim().is_empty());
    out
}

fn kebab(text: &str) -> String {
    let words: Vec<String> = text
        .unicode_words()
        .map(|w| {
            w.to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{BankFile, BankFiles};

    #[test]
    fn derives_specific_phrases_from_a_sample_answer() {
        let corpus = crate::bank::test_corpus_file;
        let files = BankFiles {
            corpus: vec![
                corpus("x1", "We take point-in-time database backups, replicate them cross-region, and run quarterly restore drills in a separate account. The team documents every step in runbooks so that anyone on the team can follow them."),
                corpus("x2", "The team plans the work with the team every week and the team reviews it."),
            ],
            rubrics: vec![],
        };
        let mut bank = Bank::parse(std::slice::from_ref(&files)).unwrap();
        let original = bank.clone();
        fill_missing_rubrics(&mut bank);
        let concepts = &bank.questions[0].concepts;
        assert!((MIN_CONCEPTS..=MAX_CONCEPTS).contains(&concepts.len()));
        let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
        assert!(
            labels
                .iter()
                .any(|l| l.contains("restore drills") || l.contains("quarterly restore")),
            "{labels:?}"
        );
        assert!(!labels.contains(&"team"), "{labels:?}");
        assert!(concepts.iter().all(|c| c.weight > 0.0 && !c.alternatives.is_empty()));

        // The printed rubric parses back to the same concepts.
        let derived = derive_for(&original, 0).unwrap();
        assert_eq!(&derived, concepts);
        let text = rubric_toml(&bank.questions[0], &derived, "anscov bank lint --bank x");
        assert!(text.contains("# with `anscov bank lint --bank x`.\n"), "{text}");
        let mut files = files.clone();
        files.rubrics.push(BankFile {
            name: "rubrics/x1.toml".into(),
            text,
        });
        let parsed = Bank::parse(&[files]).unwrap();
        assert_eq!(parsed.questions[0].rubric, RubricOrigin::File("rubrics/x1.toml".into()));
        assert_eq!(&parsed.questions[0].concepts, concepts);
    }
    fn bank_of(answers: &[(&str, &str)]) -> Bank {
        let corpus = answers
            .iter()
            .enumerate()
            .map(|(i, (question, answer))| BankFile {
                name: format!("corpus/x{i}.toml"),
                text: format!(
                    "id = \"x{i}\"\nslug = \"x{i}\"\nquestion = '''{question}'''\nsample_answer = '''{answer}'''\n"
                ),
            })
            .collect();
        Bank::parse(&[BankFiles {
            corpus,
            rubrics: vec![],
        }])
        .unwrap()
    }

    #[test]
    fn negation_question_words_and_bare_numbers() {
        let bank = bank_of(&[
            (
                "Why was there a voltage of 1.5 between terminal 1 and the positive terminal?",
                "Terminal 1 is not connected to the positive terminal. The gap measures 7 volts.",
            ),
            ("What is a leaf node?", "A node that has no children."),
            ("Which planet is largest?", "Jupiter is the largest planet."),
        ]);
        let idf = ProfileIdf::new(&bank, |_, _| false);
        let concepts = derive_concepts(&bank.questions[0], &idf);
        let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
        // The negated point keeps its negation, and a negated mention makes it.
        let connected = concepts.iter().find(|c| c.label.contains("connected")).unwrap();
        assert!(connected.label.starts_with("not "), "{labels:?}");
        assert!(connected.negative);
        // "7" alone is no point; with its subject or unit it is ("gap measures 7").
        assert!(!labels.contains(&"7"), "{labels:?}");
        assert!(labels.iter().any(|l| l.contains('7') && l.contains(' ')), "{labels:?}");
        // The question's own words ("positive terminal") rank behind the new words.
        let weight = |part: &str| concepts.iter().find(|c| c.label.contains(part)).map(|c| c.weight);
        if let Some(w) = weight("positive terminal") {
            assert!(w < weight("connected").unwrap(), "{concepts:?}");
        }
        let leaf = derive_concepts(&bank.questions[1], &idf);
        let children = leaf.iter().find(|c| c.label.contains("children")).unwrap();
        assert_eq!((children.label.as_str(), children.negative), ("no children", true));
    }

    /// One sentence of 12,000 words (no full stop before lower-case text ends a sentence):
    /// every window is a candidate, and each used to copy the sentence and re-read it from
    /// its start for a negation (4 GB, 13 s). The concepts and their sentence are as for a
    /// short answer.
    #[test]
    fn a_very_long_sentence_derives_in_linear_memory() {
        let words = [
            "replicas", "lag", "behind", "the", "primary", "during", "bulk", "imports", "not", "failover",
        ];
        let answer: Vec<&str> = (0..12_000).map(|i| words[i % words.len()]).collect();
        let answer = answer.join(" ");
        let bank = bank_of(&[
            ("Why do replicas lag?", &answer),
            ("What is sharding?", "Splitting data by key."),
        ]);
        let idf = ProfileIdf::new(&bank, |_, _| false);
        let concepts = derive_concepts(&bank.questions[0], &idf);
        assert!(!concepts.is_empty());
        assert!(
            concepts.iter().all(|c| c.description == answer),
            "each keeps its sentence"
        );
        // A phrase right after "not" keeps the negation in its label.
        assert!(
            concepts
                .iter()
                .filter(|c| c.negative)
                .all(|c| c.label.starts_with("not ")),
            "{concepts:?}"
        );
    }

    #[test]
    fn the_reference_covers_a_phrase_after_a_repeated_stem() {
        // "vibrating. Vibrations": the analyzer drops the repeated stem in context, so a
        // phrase starting with it would be one the reference itself cannot match.
        let mut bank = bank_of(&[
            (
                "Why did the water splash?",
                "The water splashed because the fork was vibrating. Vibrations make sounds.",
            ),
            ("What is a leaf node?", "A node that has no children."),
        ]);
        fill_missing_rubrics(&mut bank);
        let engine = crate::score::Engine::new(bank.clone()).unwrap();
        let q = &bank.questions[0];
        assert!(
            q.concepts.iter().all(|c| !c.label.contains("Vibrations")),
            "{:?}",
            q.concepts
        );
        let report = engine
            .score(&crate::input::Answer::from_text("r", Some(&q.id), &q.sample_answer))
            .unwrap();
        assert!(report.coverage >= 0.9, "{:?}", report.concepts);
    }
}
