//! Benchmark support: deterministic workloads generated from a bank, a synthetic bank of
//! any size, and the small measurement helpers `anscov bench` and the criterion benches
//! share. It must not print (the library never does): everything here returns values or
//! writes to the writer it is given.
//!
//! Workloads are made, not sampled: answers recombine a question's sample-answer sentences
//! with sentences built around its concepts' alternatives, padded to a target word count,
//! and a share of them are turned into transcript-style text (lower case, no punctuation,
//! fillers, false starts). A fixed seed gives the same bytes on every machine, so figures
//! from different machines compare like for like.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::bank::{Bank, BankFile, BankFiles, CorpusToml};

/// The default seed of every generated workload and bank.
pub const SEED: u64 = 0x5eed_a115_c0de;

/// splitmix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator that is enough for
/// choosing sentences and words; written out so benchmarks need no `rand` dependency and
/// the sequence can never change under us with a crate upgrade.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for picking among a few thousand items.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct WorkloadOptions {
    pub answers: usize,
    /// Target words per answer (whitespace-separated, as a person counts them).
    pub words: usize,
    /// Leave `question` out, so every answer must be routed.
    pub routing: bool,
    /// Share of answers written as raw transcripts.
    pub transcript_share: f64,
    pub seed: u64,
}

impl Default for WorkloadOptions {
    fn default() -> Self {
        WorkloadOptions {
            answers: 10_000,
            words: 250,
            routing: false,
            transcript_share: 0.4,
            seed: SEED,
        }
    }
}

/// One generated answer, as a JSONL line carries it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GeneratedAnswer {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub text: String,
}

/// Per-question material for generation.
struct Material {
    id: String,
    sentences: Vec<String>,
    alternatives: Vec<String>,
}

/// Sentence frames around a concept alternative.
const FRAMES: &[(&str, &str)] = &[
    (
        "We put ",
        " in place early, because it pays for itself within a quarter.",
    ),
    ("I'd start with ", " and make one team clearly own it."),
    (
        "The key part is ",
        ", and we review it with engineering leadership every two weeks.",
    ),
    ("In my last role we relied on ", " to keep the platform predictable."),
    ("Then there is ", ", which we measured and reported on monthly."),
    (
        "My approach to ",
        " is simple: agree the goal, automate it, and review the results.",
    ),
    ("We also looked hard at ", " before we changed anything else."),
];

/// Filler words and phrases a speech-to-text transcript keeps.
const FILLERS: &[&str] = &[
    "um",
    "uh",
    "you know",
    "like",
    "so",
    "i mean",
    "basically",
    "right",
    "kind of",
];

/// Generic sentences that pad an answer the way people do.
const PADDING: &[&str] = &[
    "That was the plan we agreed with the founders.",
    "It took a few iterations to get right.",
    "We wrote it down so new engineers could follow it.",
    "The trade-off was worth it for a team of our size.",
    "I would do the same again, with a little more patience.",
];

/// Deterministic answers for a bank: an iterator, so a million lines never sit in memory.
pub struct Workload<'a> {
    bank: &'a Bank,
    material: Vec<Material>,
    options: WorkloadOptions,
    rng: SplitMix64,
    next: usize,
}

impl<'a> Workload<'a> {
    pub fn new(bank: &'a Bank, options: WorkloadOptions) -> Workload<'a> {
        let material = bank
            .questions
            .iter()
            .map(|q| {
                let mut sentences = split_sentences(&q.sample_answer);
                if sentences.is_empty() {
                    sentences.push(q.text.clone());
                }
                let alternatives = q
                    .concepts
                    .iter()
                    .flat_map(|c| {
                        c.alternatives
                            .iter()
                            .cloned()
                            .chain(std::iter::once(c.label.to_lowercase()))
                    })
                    .collect();
                Material {
                    id: q.id.clone(),
                    sentences,
                    alternatives,
                }
            })
            .collect();
        let rng = SplitMix64::new(options.seed);
        Workload {
            bank,
            material,
            options,
            rng,
            next: 0,
        }
    }

    /// The bank the answers are for.
    pub fn bank(&self) -> &'a Bank {
        self.bank
    }

    /// Writes the whole workload as JSONL (`{"id","question","text"}` per line).
    pub fn write_jsonl(self, out: &mut dyn Write) -> io::Result<u64> {
        let mut bytes = 0u64;
        let mut line = Vec::with_capacity(4096);
        for answer in self {
            line.clear();
            serde_json::to_writer(&mut line, &answer).map_err(io::Error::other)?;
            line.push(b'\n');
            out.write_all(&line)?;
            bytes += line.len() as u64;
        }
        Ok(bytes)
    }

    fn generate(&mut self, n: usize) -> GeneratedAnswer {
        let rng = &mut self.rng;
        let qi = rng.below(self.material.len());
        let m = &self.material[qi];
        let target = self.options.words.max(1);
        let mut text = String::with_capacity(target * 7);
        let mut words = 0;
        while words < target {
            let roll = rng.below(10);
            let sentence: String = if roll < 5 || m.alternatives.is_empty() {
                m.sentences[rng.below(m.sentences.len())].clone()
            } else if roll < 9 {
                let (head, tail) = FRAMES[rng.below(FRAMES.len())];
                let alternative = &m.alternatives[rng.below(m.alternatives.len())];
                format!("{head}{alternative}{tail}")
            } else {
                PADDING[rng.below(PADDING.len())].to_string()
            };
            words += sentence.split_whitespace().count();
            if !text.is_empty() {
                text.push(if rng.chance(0.15) { '\n' } else { ' ' });
            }
            text.push_str(&sentence);
        }
        if rng.chance(self.options.transcript_share) {
            text = transcript(&text, rng);
        }
        GeneratedAnswer {
            id: format!("b{n:07}"),
            question: (!self.options.routing).then(|| m.id.clone()),
            text,
        }
    }
}

impl Iterator for Workload<'_> {
    type Item = GeneratedAnswer;

    fn next(&mut self) -> Option<GeneratedAnswer> {
        if self.next >= self.options.answers || self.material.is_empty() {
            return None;
        }
        self.next += 1;
        Some(self.generate(self.next))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = if self.material.is_empty() {
            0
        } else {
            self.options.answers - self.next
        };
        (left, Some(left))
    }
}

/// Splits prose at `.`, `!`, `?` followed by whitespace.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_sentence =
            matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if end_of_sentence {
            let s = text[start..=i].trim();
            if s.split_whitespace().count() >= 3 {
                out.push(s.to_string());
            }
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if rest.split_whitespace().count() >= 3 {
        out.push(rest.to_string());
    }
    out
}

/// Rewrites prose as a raw speech-to-text transcript: lower case, punctuation dropped,
/// fillers and an occasional false start ("the the") inserted.
fn transcript(text: &str, rng: &mut SplitMix64) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in text.split_whitespace() {
        let cleaned: String = word
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”'))
            .flat_map(char::to_lowercase)
            .collect();
        if cleaned.is_empty() {
            continue;
        }
        if rng.chance(0.07) {
            out.push_str(FILLERS[rng.below(FILLERS.len())]);
            out.push(' ');
        }
        if rng.chance(0.02) {
            out.push_str(&cleaned);
            out.push(' ');
        }
        out.push_str(&cleaned);
        out.push(' ');
    }
    out.pop();
    out
}

#[derive(Serialize)]
struct RubricToml<'a> {
    question: &'a str,
    concept: Vec<ConceptToml>,
}

#[derive(Serialize)]
struct ConceptToml {
    id: String,
    label: String,
    weight: f64,
    required: bool,
    hint: String,
    description: String,
    alternatives: Vec<String>,
}

/// A synthetic bank of `questions` × `concepts`, made by recombining the words, sentences
/// and alternatives of `source` (usually the embedded bank), as files [`Bank::parse`]
/// reads. Questions differ from one another the way real ones do: each sample answer is
/// real sentences with a share of their words swapped for other words of the bank.
pub fn synthetic_bank(source: &Bank, questions: usize, concepts: usize, seed: u64) -> BankFiles {
    let mut rng = SplitMix64::new(seed);
    let mut vocabulary: Vec<String> = Vec::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut alternatives: Vec<String> = Vec::new();
    for q in &source.questions {
        sentences.extend(split_sentences(&q.sample_answer));
        for text in [&q.sample_answer, &q.guidance, &q.text] {
            vocabulary.extend(
                text.split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.len() >= 4)
                    .map(str::to_lowercase),
            );
        }
        for c in &q.concepts {
            alternatives.extend(c.alternatives.iter().cloned());
            vocabulary.extend(
                c.description
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.len() >= 4)
                    .map(str::to_lowercase),
            );
        }
    }
    vocabulary.sort();
    vocabulary.dedup();
    if vocabulary.is_empty() {
        vocabulary.push("infrastructure".into());
    }
    if sentences.is_empty() {
        sentences.push("We keep the platform simple and measured.".into());
    }
    let words = |rng: &mut SplitMix64, n: usize| -> String {
        (0..n)
            .map(|_| vocabulary[rng.below(vocabulary.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut files = BankFiles::default();
    for qi in 0..questions {
        let id = format!("g{qi:05}");
        let slug = format!("generated-{qi:05}");
        let question = format!(
            "How would you approach {} for {}?",
            words(&mut rng, 3),
            words(&mut rng, 2)
        );
        let guidance = format!(
            "Employers ask this to see how you weigh {}. Cover {}.",
            words(&mut rng, 4),
            words(&mut rng, 6)
        );
        let sample_answer = (0..5)
            .map(|_| {
                let base = &sentences[rng.below(sentences.len())];
                base.split_whitespace()
                    .map(|w| {
                        if rng.chance(0.3) {
                            vocabulary[rng.below(vocabulary.len())].clone()
                        } else {
                            w.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" ");
        let corpus = CorpusToml {
            id: &id,
            slug: &slug,
            question: &question,
            guidance: &guidance,
            sample_answer: &sample_answer,
        };
        let concept = (0..concepts)
            .map(|ci| {
                let label_words = words(&mut rng, 2);
                let alternatives = (0..4)
                    .map(|k| match (k, alternatives.is_empty()) {
                        (0, _) => label_words.clone(),
                        (1, false) => alternatives[rng.below(alternatives.len())].clone(),
                        _ => {
                            let n = 1 + rng.below(3);
                            words(&mut rng, n)
                        }
                    })
                    .collect();
                ConceptToml {
                    id: format!("c{ci:02}"),
                    label: capitalise(&label_words),
                    weight: 1.0,
                    required: ci == 0,
                    hint: format!("Mention {label_words}."),
                    description: words(&mut rng, 12),
                    alternatives,
                }
            })
            .collect();
        let rubric = RubricToml { question: &id, concept };
        // Serialising plain strings and numbers cannot fail; an empty file would be
        // reported by Bank::parse with its name.
        files.corpus.push(BankFile {
            name: format!("<generated>/corpus/{id}.toml"),
            text: toml::to_string(&corpus).unwrap_or_default(),
        });
        files.rubrics.push(BankFile {
            name: format!("<generated>/rubrics/{id}.toml"),
            text: toml::to_string(&rubric).unwrap_or_default(),
        });
    }
    files
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The word-splitting baseline: UAX #29 words of every text, counted, spread over the
/// rayon pool in the same chunks [`crate::score::Engine::score_stream`] uses. The floor
/// any analyzer stands on; `anscov bench` reports throughput as a ratio to it.
pub fn count_words_parallel(texts: &[String]) -> u64 {
    use rayon::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;
    texts
        .chunks(crate::score::CHUNK)
        .map(|chunk| {
            chunk
                .par_iter()
                .with_min_len(16)
                .map(|t| t.unicode_words().count() as u64)
                .sum::<u64>()
        })
        .sum()
}

/// Items per second.
pub fn per_second(items: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        items as f64 / secs
    } else {
        0.0
    }
}

/// The median of some values (the mean of the middle two for an even count; 0 if none).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Latency percentiles, in the unit of the samples.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

/// Nearest-rank percentiles of `samples`.
pub fn percentiles(samples: &[f64]) -> Percentiles {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: f64| -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[i]
    };
    Percentiles {
        p50: rank(0.50),
        p90: rank(0.90),
        p99: rank(0.99),
        max: sorted.last().copied().unwrap_or(0.0),
    }
}

/// Peak resident set size of this process in bytes (`VmHWM` from /proc/self/status);
/// None where there is no procfs.
pub fn peak_rss() -> Option<u64> {
    proc_status_kb("VmHWM:").map(|kb| kb * 1024)
}

/// Current resident set size in bytes (`VmRSS`).
pub fn current_rss() -> Option<u64> {
    proc_status_kb("VmRSS:").map(|kb| kb * 1024)
}

/// Resets the peak RSS to the current RSS (Linux ≥ 4.0: `5` to /proc/self/clear_refs), so
/// one phase of a run can be measured on its own. False where unsupported.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_spread() {
        let mut a = SplitMix64::new(1);
        let mut b = SplitMix64::new(1);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        // Reference value of splitmix64 seeded with 1.
        assert_eq!(SplitMix64::new(1).next_u64(), 0x910a_2dec_8902_5cc1);
        let mut r = SplitMix64::new(7);
        let mut counts = [0u32; 4];
        for _ in 0..4000 {
            counts[r.below(4)] += 1;
        }
        assert!(counts.iter().all(|&c| c > 800), "{counts:?}");
    }

    #[test]
    fn workload_is_deterministic_and_near_target_length() {
        let bank = Bank::embedded().unwrap();
        let options = WorkloadOptions {
            answers: 50,
            words: 250,
            ..WorkloadOptions::default()
        };
        let a: Vec<GeneratedAnswer> = Workload::new(&bank, options.clone()).collect();
        let b: Vec<GeneratedAnswer> = Workload::new(&bank, options).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 50);
        for answer in &a {
            let words = answer.text.split_whitespace().count();
            assert!((250..400).contains(&words), "{words}");
            assert!(bank.find(answer.question.as_deref().unwrap()).is_some());
        }
        assert!(a.iter().any(|x| !x.text.contains('.')), "some answers are transcripts");
    }

    #[test]
    fn routing_workload_names_no_question() {
        let bank = Bank::embedded().unwrap();
        let options = WorkloadOptions {
            answers: 5,
            routing: true,
            ..WorkloadOptions::default()
        };
        assert!(Workload::new(&bank, options).all(|a| a.question.is_none()));
    }

    #[test]
    fn workload_scores_with_coverage() {
        let bank = Bank::embedded().unwrap();
        let engine = crate::score::Engine::new(bank.clone()).unwrap();
        let options = WorkloadOptions {
            answers: 20,
            ..WorkloadOptions::default()
        };
        let mean: f64 = Workload::new(&bank, options)
            .map(|a| {
                engine
                    .score(&crate::input::Answer::from_text(&a.id, a.question.as_deref(), &a.text))
                    .unwrap()
                    .coverage
            })
            .sum::<f64>()
            / 20.0;
        assert!(mean > 0.3, "generated answers should cover concepts: {mean}");
    }

    #[test]
    fn synthetic_bank_parses() {
        let source = Bank::embedded().unwrap();
        let files = synthetic_bank(&source, 30, 10, SEED);
        let bank = Bank::parse(&[files]).unwrap();
        assert_eq!(bank.questions.len(), 30);
        assert!(bank.questions.iter().all(|q| q.concepts.len() == 10));
        let again = Bank::parse(&[synthetic_bank(&source, 30, 10, SEED)]).unwrap();
        assert_eq!(bank.questions[29].sample_answer, again.questions[29].sample_answer);
    }

    #[test]
    fn percentiles_and_median() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = percentiles(&samples);
        assert_eq!((p.p50, p.p90, p.p99, p.max), (50.0, 90.0, 99.0, 100.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[]), 0.0);
    }
}
