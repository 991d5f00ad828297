//! The question bank: questions (corpus) and their rubrics (expected concepts), read from
//! the copy embedded in the binary or from bank folders with the same layout:
//!
//! ```text
//! BANK/corpus/<anything>.toml   id, slug, question, guidance, sample_answer
//! BANK/rubrics/<anything>.toml  question = "<id>", then [[concept]] tables
//! ```
//!
//! Several banks can be combined; an id or slug defined twice is an error naming both files.
//! Parsing is strict (`deny_unknown_fields`) so a typo in a key is reported with its file
//! and line instead of being silently ignored.
//!
//! The files as written, parsed and checked: deriving the rubrics a question lacks is
//! [`crate::load`]'s, and this module must not analyse, compile or score.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};

use crate::error::{from_toml, Error, Result};

static EMBEDDED_CORPUS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../corpus");
static EMBEDDED_RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../rubrics");

/// The name shown for files of the embedded bank.
pub const EMBEDDED_NAME: &str = "<embedded>";

/// One expected concept of a question.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Kebab-case id, unique within its question. Public contract.
    pub id: String,
    /// What a person reads ("Error budgets").
    pub label: String,
    /// Relative importance within the question.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Whether missing it fails `anscov check`.
    #[serde(default)]
    pub required: bool,
    /// One sentence shown when the concept is missed.
    #[serde(default)]
    pub hint: String,
    /// Plain-language description, used to catch paraphrases.
    #[serde(default)]
    pub description: String,
    /// Ways people say it: phrases, abbreviations, paraphrases, speech-to-text spellings.
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// False when declining something is itself the point ("don't default to Kubernetes"),
    /// so a negated mention still counts.
    #[serde(default = "default_true")]
    pub negatable: bool,
    /// True when the point is stated negatively ("a leaf is a node with *no children*"):
    /// only a negated mention makes it, and a plain one ("a node with children")
    /// contradicts it and is reported negated. Derived rubrics set it for a point the
    /// reference states under a negation.
    #[serde(default)]
    pub negative: bool,
}

fn default_weight() -> f64 {
    1.0
}

fn default_true() -> bool {
    true
}

/// Where a question's concepts came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RubricOrigin {
    /// A rubric file.
    File(String),
    /// Derived from the sample answer because no rubric was given.
    Derived,
}

/// Where a corpus file written by `bank import` lists, inside `guidance`, the reference
/// answers after the first (the first is the sample answer). Scoring reads the guidance
/// only up to it: an answer may say what a reference answer says (`matcher::Prompt`).
pub const OTHER_REFERENCES_HEADING: &str = "Other reference answers:";

/// One question of the bank with its rubric.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub slug: String,
    pub text: String,
    pub guidance: String,
    pub sample_answer: String,
    pub concepts: Vec<Concept>,
    pub rubric: RubricOrigin,
    /// The corpus file it was read from.
    pub file: String,
    /// Behavioural ("tell me about a time…"): answers get a STAR verdict
    /// ([`crate::star`]). Set by `behavioural = true` in the rubric.
    pub behavioural: bool,
}

impl Question {
    pub fn total_weight(&self) -> f64 {
        self.concepts.iter().map(|c| c.weight).sum()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    slug: String,
    question: String,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    sample_answer: String,
}

/// A corpus file as written by anscov (`bank import`, the generated banks of `bench`):
/// the fields of [`QuestionFile`], borrowed.
#[derive(Debug, Serialize)]
pub(crate) struct CorpusToml<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub question: &'a str,
    pub guidance: &'a str,
    pub sample_answer: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    question: String,
    /// A behavioural question ("tell me about a time…"): answers get a STAR verdict.
    #[serde(default)]
    behavioural: bool,
    #[serde(default, rename = "concept")]
    concepts: Vec<Concept>,
}

/// A file of a bank: its display name and contents.
#[derive(Debug, Clone)]
pub struct BankFile {
    pub name: String,
    pub text: String,
}

/// A corpus file for a question with only a sample answer (its rubric then derived), for
/// the library's unit tests of derivation and loading.
#[cfg(test)]
pub(crate) fn test_corpus_file(id: &str, answer: &str) -> BankFile {
    BankFile {
        name: format!("corpus/{id}.toml"),
        text: format!(
            "id = \"{id}\"\nslug = \"{id}-slug\"\nquestion = \"Question {id}?\"\nsample_answer = '''{answer}'''\n"
        ),
    }
}

/// The files of one bank, before parsing.
#[derive(Debug, Clone, Default)]
pub struct BankFiles {
    pub corpus: Vec<BankFile>,
    pub rubrics: Vec<BankFile>,
}

impl BankFiles {
    /// The bank embedded in the binary (the repository's corpus/ and rubrics/).
    pub fn embedded() -> BankFiles {
        let read = |dir: &Dir<'_>, folder: &str| {
            let mut files: Vec<BankFile> = dir
                .files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                .map(|f| BankFile {
                    name: format!("{EMBEDDED_NAME}/{folder}/{}", f.path().display()),
                    // Checked UTF-8 (the files are ours): `from_utf8_lossy`'s chunked scan
                    // was ≈ 1 M instructions of every start-up.
                    text: f
                        .contents_utf8()
                        .map_or_else(|| String::from_utf8_lossy(f.contents()).into_owned(), str::to_owned),
                })
                .collect();
            files.sort_by(|a, b| a.name.cmp(&b.name));
            files
        };
        BankFiles {
            corpus: read(&EMBEDDED_CORPUS, "corpus"),
            rubrics: read(&EMBEDDED_RUBRICS, "rubrics"),
        }
    }

    /// A bank folder: `DIR/corpus/*.toml` and `DIR/rubrics/*.toml` (rubrics optional).
    pub fn from_dir(dir: &Path) -> Result<BankFiles> {
        let corpus_dir = dir.join("corpus");
        if !corpus_dir.is_dir() {
            // Said as it is: a folder that does not exist is not one that lacks corpus/.
            let why = match std::fs::metadata(dir) {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => "there is no such folder; check the path",
                Ok(meta) if !meta.is_dir() => "it is a file, not a folder",
                _ => "it has no corpus/ folder",
            };
            return Err(Error::Bank {
                file: dir.display().to_string(),
                message: format!("not a bank folder: {why}"),
                fix: "point --bank at a folder holding corpus/*.toml, one question a file, and optionally rubrics/*.toml, one rubric a question (docs/bank.md; `anscov bank import TABLE --out DIR` makes one from a table of questions)".into(),
            });
        }
        let corpus = read_toml_files(&corpus_dir)?;
        let rubrics_dir = dir.join("rubrics");
        let rubrics = if rubrics_dir.is_dir() {
            read_toml_files(&rubrics_dir)?
        } else {
            Vec::new()
        };
        Ok(BankFiles { corpus, rubrics })
    }

    /// How many questions the folder's `corpus/` holds (one a file), counted without
    /// reading them, so that a bank too large to load is refused before its text is in
    /// memory ([`crate::load`]). 0 when there is no `corpus/`: [`BankFiles::from_dir`]
    /// reports that.
    pub fn questions_in(dir: &Path) -> Result<usize> {
        let corpus_dir = dir.join("corpus");
        if !corpus_dir.is_dir() {
            return Ok(0);
        }
        Ok(toml_paths(&corpus_dir)?.len())
    }
}

/// Every `*.toml` of a folder but folders, sorted: a device or FIFO named like a bank file
/// is reported by `read_toml_files`, not silently left out.
fn toml_paths(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.is_dir())
        .collect();
    paths.sort();
    Ok(paths)
}

fn read_toml_files(dir: &Path) -> Result<Vec<BankFile>> {
    toml_paths(dir)?
        .into_iter()
        .map(|path| {
            // A FIFO here would hang the load at its open; no one feeds a bank file.
            crate::limits::ensure_regular_file(&path)?;
            let bytes = crate::limits::read_file(&path, crate::limits::max_file_size(), "a bank file")?;
            let text = String::from_utf8(bytes).map_err(|_| Error::Bank {
                file: path.display().to_string(),
                message: "not valid UTF-8".into(),
                fix: "save the file as UTF-8".into(),
            })?;
            Ok(BankFile {
                name: path.display().to_string(),
                text,
            })
        })
        .collect()
}

/// The question bank.
#[derive(Debug, Clone)]
pub struct Bank {
    pub questions: Vec<Question>,
}

impl Bank {
    /// The default bank embedded in the binary.
    pub fn embedded() -> Result<Bank> {
        Bank::parse(&[BankFiles::embedded()])
    }

    /// Parses and validates the files of one or more banks. Questions without a rubric get
    /// no concepts here: [`crate::load`] derives them from the sample answer (`bank lint`
    /// reads the bank as written, from here).
    pub fn parse(banks: &[BankFiles]) -> Result<Bank> {
        let mut questions: Vec<Question> = Vec::new();
        // Lower-cased id / slug → question, for the duplicate check and for attaching
        // rubrics: a linear scan per file made loading quadratic (10,000 questions: ≈ 10^8
        // comparisons). `first_named` gives what `position(id or slug matches)` gave.
        let mut ids: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        let mut slugs: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        let first_named = |ids: &rustc_hash::FxHashMap<String, usize>,
                           slugs: &rustc_hash::FxHashMap<String, usize>,
                           id: &str,
                           slug: &str| {
            let a = ids.get(&id.to_ascii_lowercase()).copied();
            let b = slugs.get(&slug.to_ascii_lowercase()).copied();
            a.into_iter().chain(b).min()
        };
        // TOML is parsed on all cores, then checked in file order, so the first error
        // reported is the same as in a serial pass. Parsing is most of loading: ≈ 9.5 M
        // instructions of the 24-question bank (a quarter of `anscov score one.md`), and
        // most of the 10,000-question bank's load (1.35 s → 0.84 s with both cores).
        let corpus: Vec<&BankFile> = banks.iter().flat_map(|b| &b.corpus).collect();
        let rubrics: Vec<&BankFile> = banks.iter().flat_map(|b| &b.rubrics).collect();
        let (parsed_corpus, parsed_rubrics) = rayon::join(
            || parse_all::<QuestionFile>(&corpus),
            || parse_all::<RubricFile>(&rubrics),
        );
        for (file, parsed) in corpus.iter().zip(parsed_corpus) {
            let parsed = parsed.map_err(|e| {
                from_toml(&file.name, &file.text, &e, "a corpus file has id, slug, question, guidance and sample_answer (see README \"Bring your own bank\")")
            })?;
            for (field, value) in [
                ("id", &parsed.id),
                ("slug", &parsed.slug),
                ("question", &parsed.question),
            ] {
                if value.trim().is_empty() {
                    return Err(bank_error(
                        &file.name,
                        &file.text,
                        field,
                        format!("`{field}` is empty"),
                        "give it a value",
                    ));
                }
            }
            if let Some(other) = first_named(&ids, &slugs, &parsed.id, &parsed.slug).map(|i| &questions[i]) {
                let what = if other.id.eq_ignore_ascii_case(&parsed.id) {
                    format!("id `{}`", parsed.id)
                } else {
                    format!("slug `{}`", parsed.slug)
                };
                return Err(Error::Bank {
                    file: file.name.clone(),
                    message: format!("question {what} is also defined in {}", other.file),
                    fix: "give each question a unique id and slug, or drop one of the banks".into(),
                });
            }
            // An id that is another question's slug (or the reverse) makes the name
            // ambiguous: answers naming it were routed to whichever came first.
            let crossed = slugs
                .get(&parsed.id.to_ascii_lowercase())
                .map(|&i| ("id", &parsed.id, "slug", i))
                .or_else(|| {
                    ids.get(&parsed.slug.to_ascii_lowercase())
                        .map(|&i| ("slug", &parsed.slug, "id", i))
                });
            if let Some((mine, name, theirs, other)) = crossed {
                return Err(bank_error(
                    &file.name,
                    &file.text,
                    mine,
                    format!(
                        "question {mine} `{name}` is the {theirs} of question `{}` ({}), so answers naming it would go to either",
                        questions[other].id, questions[other].file
                    ),
                    "give each question an id and slug no other question uses as its id or slug",
                ));
            }
            ids.entry(parsed.id.to_ascii_lowercase()).or_insert(questions.len());
            slugs.entry(parsed.slug.to_ascii_lowercase()).or_insert(questions.len());
            questions.push(Question {
                id: parsed.id,
                slug: parsed.slug,
                text: parsed.question,
                guidance: parsed.guidance,
                sample_answer: parsed.sample_answer,
                concepts: Vec::new(),
                rubric: RubricOrigin::Derived,
                file: file.name.clone(),
                behavioural: false,
            });
        }
        if questions.is_empty() {
            let names: Vec<&str> = banks
                .iter()
                .flat_map(|b| b.corpus.iter().map(|f| f.name.as_str()))
                .collect();
            return Err(Error::Bank {
                file: if names.is_empty() {
                    "bank".into()
                } else {
                    names.join(", ")
                },
                message: "the bank has no questions".into(),
                fix: "add corpus/<id>.toml files (see README \"Bring your own bank\")".into(),
            });
        }
        for (file, parsed) in rubrics.iter().zip(parsed_rubrics) {
            // An empty rubric is most often a shell redirect into the bank (`anscov bank
            // derive ID --bank DIR > DIR/rubrics/ID.toml`): the shell creates the file
            // before anscov reads the bank, which then holds an empty rubric.
            if file.text.trim().is_empty() {
                return Err(Error::Bank {
                    file: file.name.clone(),
                    message: "the rubric file is empty".into(),
                    fix: "delete it, then write the rubric with `anscov bank derive ID --bank DIR -o FILE` (a shell redirect into the bank creates the file before anscov reads the bank), or write `question = \"<id>\"` and [[concept]] tables".into(),
                });
            }
            let parsed = parsed.map_err(|e| {
                from_toml(&file.name, &file.text, &e, "a rubric has `question = \"<id>\"` and [[concept]] tables with id, label, weight, required, hint, description, alternatives")
            })?;
            let Some(question) =
                first_named(&ids, &slugs, &parsed.question, &parsed.question).map(|i| &mut questions[i])
            else {
                return Err(bank_error(
                    &file.name,
                    &file.text,
                    "question",
                    format!("rubric for unknown question `{}`", parsed.question),
                    "set `question` to the id of a question in corpus/",
                ));
            };
            if let RubricOrigin::File(other) = &question.rubric {
                return Err(Error::Bank {
                    file: file.name.clone(),
                    message: format!("question `{}` already has a rubric in {other}", question.id),
                    fix: "merge the two rubrics into one file".into(),
                });
            }
            // A rubric with no concepts scores every answer 0% and says nothing; a missing
            // rubric file at least gets one derived from the sample answer.
            if parsed.concepts.is_empty() {
                return Err(bank_error(
                    &file.name,
                    &file.text,
                    "question",
                    format!("the rubric of `{}` has no [[concept]] tables, so every answer would score 0%", question.id),
                    "add [[concept]] tables (see README \"Writing a rubric\"), or delete the file to have a rubric derived from the sample answer",
                ));
            }
            validate_concepts(&file.name, &file.text, &parsed.concepts)?;
            // Deserialised vectors may keep growth slack (heaptrack saw ≈ 2.5 KB a question
            // of reallocation while parsing a generated bank); trimmed, though the peak of
            // loading 100,000 questions did not move (2.17 GB either way).
            let mut concepts = parsed.concepts;
            concepts.shrink_to_fit();
            for concept in &mut concepts {
                concept.alternatives.shrink_to_fit();
            }
            question.concepts = concepts;
            question.behavioural = parsed.behavioural;
            question.rubric = RubricOrigin::File(file.name.clone());
        }
        Ok(Bank { questions })
    }

    /// Finds a question by id or slug, case-insensitively; "q4" also finds "q04".
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let direct = self
            .questions
            .iter()
            .position(|q| q.id.eq_ignore_ascii_case(name) || q.slug.eq_ignore_ascii_case(name));
        direct.or_else(|| {
            let digits = name.strip_prefix(['q', 'Q'])?;
            let n: u32 = digits.parse().ok()?;
            let padded = format!("q{n:02}");
            self.questions.iter().position(|q| q.id.eq_ignore_ascii_case(&padded))
        })
    }

    /// Like [`Bank::find`], with an error naming the source when there is no such question.
    pub fn resolve(&self, name: &str, source_name: &str) -> Result<usize> {
        self.find(name).ok_or_else(|| Error::UnknownQuestion {
            source_name: source_name.to_string(),
            name: name.to_string(),
            known: self.known_names(),
        })
    }

    fn known_names(&self) -> String {
        let mut ids: Vec<&str> = self.questions.iter().map(|q| q.id.as_str()).collect();
        if ids.len() > 6 {
            let last = ids[ids.len() - 1];
            ids.truncate(3);
            ids.push("…");
            ids.push(last);
        }
        ids.join(", ")
    }
}

/// A question id or slug as one file-name component: anything but ASCII letters, digits,
/// '-' and '_' replaced by '-', so "1.1", "q/4" or "../../x" name a file in the folder
/// meant (`bank import`'s corpus files, `init`'s answer files, `bank lint`'s suggested
/// rubric paths) and never one outside it.
pub fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Parses every file's TOML in parallel, results in file order.
fn parse_all<T: serde::de::DeserializeOwned + Send>(
    files: &[&BankFile],
) -> Vec<std::result::Result<T, toml::de::Error>> {
    use rayon::prelude::*;
    files.par_iter().map(|file| toml::from_str(&file.text)).collect()
}

fn validate_concepts(file: &str, text: &str, concepts: &[Concept]) -> Result<()> {
    // A set, not a scan of the earlier concepts: 30k concepts were 450M comparisons.
    let mut ids: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for concept in concepts {
        let here =
            |message: String, fix: &str| bank_error(file, text, &format!("id = \"{}\"", concept.id), message, fix);
        if !is_kebab_case(&concept.id) {
            return Err(here(
                format!("concept id `{}` is not kebab-case", concept.id),
                "use lower-case words joined by hyphens, e.g. `error-budgets`",
            ));
        }
        if !ids.insert(&concept.id) {
            return Err(here(
                format!("concept id `{}` is used twice in this rubric", concept.id),
                "give each concept of a question its own id",
            ));
        }
        if !(concept.weight.is_finite() && concept.weight > 0.0) {
            return Err(here(
                format!(
                    "concept `{}` has weight {}, which is not a positive number",
                    concept.id, concept.weight
                ),
                "use a weight such as 0.5, 1.0 or 1.5",
            ));
        }
        if concept.label.trim().is_empty() {
            return Err(here(
                format!("concept `{}` has an empty label", concept.id),
                "give it a label a person reads, e.g. \"Error budgets\"",
            ));
        }
    }
    // Each weight can be finite while their sum is not (two of 1e308): coverage would be
    // a division by infinity, reported as `"coverage": null`.
    let total: f64 = concepts.iter().map(|c| c.weight).sum();
    if !total.is_finite() {
        return Err(bank_error(
            file,
            text,
            "weight",
            format!("the concept weights add up to {total}, which is not a finite number"),
            "use weights such as 0.5, 1.0 or 1.5: they are relative within the question",
        ));
    }
    Ok(())
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A bank error pointing at the line where `needle` first occurs (or line 1).
fn bank_error(file: &str, text: &str, needle: &str, message: String, fix: &str) -> Error {
    let line = text
        .find(needle)
        .map_or(1, |offset| crate::error::line_col(text, offset).0);
    Error::Bank {
        file: format!("{file}:{line}"),
        message,
        fix: fix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(corpus: &[&str], rubrics: &[&str]) -> BankFiles {
        let f = |prefix: &str, items: &[&str]| {
            items
                .iter()
                .enumerate()
                .map(|(i, t)| BankFile {
                    name: format!("{prefix}/{i}.toml"),
                    text: t.to_string(),
                })
                .collect()
        };
        BankFiles {
            corpus: f("corpus", corpus),
            rubrics: f("rubrics", rubrics),
        }
    }

    const Q1: &str = "id = \"q01\"\nslug = \"one\"\nquestion = \"Q?\"\nsample_answer = \"A.\"\n";

    #[test]
    fn embedded_bank_has_24_questions_in_order() {
        let bank = Bank::embedded().unwrap();
        assert_eq!(bank.questions.len(), 24);
        assert_eq!(bank.questions[3].id, "q04");
        assert_eq!(bank.questions[3].slug, "slos-and-incident-response");
        assert!(bank.questions.iter().all(|q| !q.sample_answer.is_empty()));
    }

    #[test]
    fn find_accepts_id_slug_and_unpadded_id() {
        let bank = Bank::embedded().unwrap();
        assert_eq!(bank.find("q04"), Some(3));
        assert_eq!(bank.find("Q4"), Some(3));
        assert_eq!(bank.find("slos-and-incident-response"), Some(3));
        assert_eq!(bank.find("q99"), None);
    }

    #[test]
    fn a_rubric_without_concepts_is_refused() {
        let corpus = "id = \"q1\"\nslug = \"one\"\nquestion = \"Q?\"\nguidance = \"\"\nsample_answer = \"A.\"\n";
        let err = Bank::parse(&[files(&[corpus], &["# empty\nquestion = \"q1\"\n"])])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":2: the rubric of `q1` has no [[concept]] tables"),
            "{err}"
        );
        assert!(err.contains("delete the file"), "{err}");
    }

    #[test]
    fn unknown_key_is_reported_with_line() {
        let err = Bank::parse(&[files(
            &["id = \"q01\"\nslug = \"one\"\nquestion = \"Q?\"\nsample = \"x\"\n"],
            &[],
        )])
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("corpus/0.toml:4:1: unknown field `sample`"),
            "{message}"
        );
    }

    #[test]
    fn duplicate_question_names_both_files() {
        let err = Bank::parse(&[files(&[Q1, Q1], &[])]).unwrap_err().to_string();
        assert!(err.contains("corpus/1.toml") && err.contains("corpus/0.toml"), "{err}");
    }

    #[test]
    fn rubric_errors_name_line() {
        let rubric =
            "question = \"q01\"\n[[concept]]\nid = \"a\"\nlabel = \"A\"\n[[concept]]\nid = \"a\"\nlabel = \"B\"\n";
        let err = Bank::parse(&[files(&[Q1], &[rubric])]).unwrap_err().to_string();
        assert!(err.contains("rubrics/0.toml:3") && err.contains("used twice"), "{err}");
        let unknown = Bank::parse(&[files(&[Q1], &["question = \"q09\"\n"])])
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("unknown question `q09`"), "{unknown}");
        let weight = "question = \"q01\"\n[[concept]]\nid = \"a\"\nlabel = \"A\"\nweight = -1\n";
        assert!(Bank::parse(&[files(&[Q1], &[weight])])
            .unwrap_err()
            .to_string()
            .contains("not a positive number"));
    }

    #[test]
    fn empty_bank_is_an_error() {
        let err = Bank::parse(&[files(&[], &[])]).unwrap_err().to_string();
        assert!(err.contains("no questions"), "{err}");
    }
}
