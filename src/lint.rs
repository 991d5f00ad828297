//! `anscov bank lint`: checks a bank the way an author needs, reporting every problem found
//! (not just the first, as loading does) with its file, line and a fix.
//!
//! Checks, by code:
//!
//! - `schema` (error): a file that is not valid TOML or does not fit the corpus/rubric
//!   schema, or that [`Bank::parse`] rejects (empty field, bad concept id or weight,
//!   rubric for an unknown question). The bank cannot be loaded: [`Lint::unparseable`].
//! - `duplicate-id` (error): a question id or slug defined in two corpus files, a question
//!   with two rubrics, or a concept id used twice in one rubric.
//! - `no-alternatives` (warning): a concept with no alternatives (only its description can
//!   match, and only paraphrase-strength).
//! - `empty-alternative` (warning): an alternative that analyses to nothing (all stopwords,
//!   e.g. "it is what it is"), so it can never match.
//! - `shared-alternative` (warning): the same alternative, after analysis, in two concepts
//!   of one question, so one mention covers both.
//! - `sample-misses-required` (error): the question's own sample answer does not cover
//!   one of its required concepts, so the rubric fails its best answer.
//! - `no-sample-answer` (error): a question with neither a rubric nor a sample answer, so
//!   nothing can be scored against it.
//! - `no-rubric` (info): a question without a rubric; its concepts will be derived from
//!   the sample answer (`anscov bank derive ID` prints them).
//! - `sample-misses-derived` (warning): the sample answer, scored by the engine, makes
//!   (covers or mentions) less than 90% of the weight of the rubric derived from it, so
//!   the derived rubric fails its own best answer (as a concept the sample states under
//!   negation did before derived concepts kept the negation).

use serde::{Deserialize, Serialize};

use crate::analyzer::{Analyzer, Vocabulary};
use crate::bank::{Bank, BankFile, BankFiles, RubricOrigin};
use crate::error::{Error, Result};
use crate::input::Answer;
use crate::score::{Engine, Status};

/// A sample answer should cover at least this share of the rubric derived from it.
const DERIVED_SELF_COVERAGE: f64 = 0.9;

/// How serious a finding is. Errors and warnings make `bank lint` exit 1; notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem found in a bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub file: String,
    /// 1-based line in `file`.
    pub line: usize,
    pub severity: Severity,
    /// Stable kebab-case code (see the module documentation).
    pub code: &'static str,
    pub message: String,
    pub fix: String,
}

/// The result of linting one or more banks combined.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lint {
    /// In file order, then line.
    pub findings: Vec<Finding>,
    /// Some file could not be parsed (a `schema` finding): the bank cannot be loaded as is.
    /// The semantic checks still ran on the files that parsed.
    pub unparseable: bool,
}

impl Lint {
    /// Whether any finding is an error or a warning (notes do not count).
    pub fn has_problems(&self) -> bool {
        self.findings.iter().any(|f| f.severity != Severity::Info)
    }
}

/// The fields of a corpus file lint needs, read leniently (the strict parse is
/// [`Bank::parse`]'s, whose errors are reported as `schema`).
#[derive(Deserialize)]
struct CorpusPeek {
    id: String,
    slug: String,
}

#[derive(Deserialize)]
struct RubricPeek {
    question: String,
    #[serde(default, rename = "concept")]
    concepts: Vec<ConceptPeek>,
}

#[derive(Deserialize)]
struct ConceptPeek {
    id: String,
}

/// Lints banks combined, as `--bank A --bank B` would load them.
///
/// Linear in the bank's size: every lookup is a hash map, each rubric is checked against
/// its own question's corpus file only, and lines are found within the concept's own
/// table. (Scans per file, per concept and per alternative took `bank lint` 46 s on one
/// rubric of 15k concepts and 190 s on 30k.)
pub fn lint(banks: &[BankFiles]) -> Result<Lint> {
    use rustc_hash::{FxHashMap, FxHashSet};
    let mut lint = Lint::default();
    // 1. Corpus files one by one: schema errors, then duplicate ids and slugs.
    let mut corpus_ok: Vec<&BankFile> = Vec::new();
    // Lower-cased id → (id, corpus_ok index); lower-cased slug → corpus_ok index.
    let mut ids: FxHashMap<String, (String, usize)> = FxHashMap::default();
    let mut slugs: FxHashMap<String, usize> = FxHashMap::default();
    for file in banks.iter().flat_map(|b| &b.corpus) {
        if let Err(err) = Bank::parse(&[BankFiles {
            corpus: vec![file.clone()],
            rubrics: vec![],
        }]) {
            lint.unparseable = true;
            lint.findings.push(schema_finding(file, err));
            continue;
        }
        let Ok(peek) = toml::from_str::<CorpusPeek>(&file.text) else {
            continue;
        };
        let (id, slug) = (peek.id.to_ascii_lowercase(), peek.slug.to_ascii_lowercase());
        let clash = if let Some(&(_, other)) = ids.get(&id) {
            Some((format!("question id `{}` is also defined in", peek.id), "id", other))
        } else if let Some(&other) = slugs.get(&slug) {
            Some((
                format!("question slug `{}` is also defined in", peek.slug),
                "slug",
                other,
            ))
        } else if let Some(&other) = slugs.get(&id) {
            // A name shared by one question's id and another's slug: answers naming it
            // were routed to whichever question came first.
            Some((
                format!("question id `{}` is the slug of the question in", peek.id),
                "id",
                other,
            ))
        } else {
            ids.get(&slug).map(|&(_, other)| {
                (
                    format!("question slug `{}` is the id of the question in", peek.slug),
                    "slug",
                    other,
                )
            })
        };
        if let Some((message, key, other)) = clash {
            lint.findings.push(Finding {
                file: file.name.clone(),
                line: key_line(&file.text, key),
                severity: Severity::Error,
                code: "duplicate-id",
                message: format!("{message} {}", corpus_ok[other].name),
                fix: "give each question an id and slug no other question uses as its id or slug, or drop one of the banks".into(),
            });
            continue;
        }
        ids.insert(id, (peek.id, corpus_ok.len()));
        slugs.insert(slug, corpus_ok.len());
        corpus_ok.push(file);
    }
    if corpus_ok.is_empty() {
        if !lint.unparseable {
            // No corpus file at all: Bank::parse says so with the right fix.
            Bank::parse(banks)?;
        }
        return Ok(lint);
    }
    // The good corpus file a rubric's `question` names (by id or slug), as Bank::parse
    // attaches rubrics.
    let named = |question: &str| {
        let key = question.to_ascii_lowercase();
        ids.get(&key).map(|&(_, i)| i).or_else(|| slugs.get(&key).copied())
    };
    // 2. Rubric files one by one against their question's corpus file: duplicate concept
    // ids, a second rubric for one question, then anything else Bank::parse rejects.
    let mut rubrics_ok: Vec<BankFile> = Vec::new();
    let mut rubric_of: FxHashMap<usize, String> = FxHashMap::default();
    let mut rejected: FxHashSet<String> = FxHashSet::default();
    for file in banks.iter().flat_map(|b| &b.rubrics) {
        let peek = toml::from_str::<RubricPeek>(&file.text).ok();
        if let Some(peek) = &peek {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            let mut duplicate = false;
            let mut lines = IdLines::new(&file.text);
            for concept in &peek.concepts {
                if !seen.insert(&concept.id) {
                    duplicate = true;
                    lint.findings.push(Finding {
                        file: file.name.clone(),
                        line: lines.nth(&concept.id, 2),
                        severity: Severity::Error,
                        code: "duplicate-id",
                        message: format!("concept id `{}` is used twice in this rubric", concept.id),
                        fix: "give each concept of a question its own id, or merge the two concepts".into(),
                    });
                }
            }
            if duplicate {
                // Until it is accepted: a rejected rubric is reported, not "no rubric".
                rejected.insert(peek.question.to_ascii_lowercase());
                continue;
            }
        }
        let question = peek.as_ref().and_then(|p| named(&p.question));
        // Unparseable or naming no question: any corpus file lets Bank::parse say which.
        let files = BankFiles {
            corpus: vec![corpus_ok[question.unwrap_or(0)].clone()],
            rubrics: vec![file.clone()],
        };
        if let Err(err) = Bank::parse(&[files]) {
            if let Some(peek) = &peek {
                rejected.insert(peek.question.to_ascii_lowercase());
            }
            lint.unparseable = true;
            lint.findings.push(schema_finding(file, err));
            continue;
        }
        let (Some(peek), Some(question)) = (peek, question) else {
            continue;
        };
        if let Some(other) = rubric_of.get(&question) {
            rejected.insert(peek.question.to_ascii_lowercase());
            lint.findings.push(Finding {
                file: file.name.clone(),
                line: key_line(&file.text, "question"),
                severity: Severity::Error,
                code: "duplicate-id",
                message: format!("question `{}` already has a rubric in {other}", peek.question),
                fix: "merge the two rubrics into one file".into(),
            });
            continue;
        }
        rubric_of.insert(question, file.name.clone());
        rubrics_ok.push(file.clone());
    }
    // 3. The bank as it would load from the good files: per-question checks.
    let files = BankFiles {
        corpus: corpus_ok.iter().map(|f| (*f).clone()).collect(),
        rubrics: rubrics_ok,
    };
    let bank = Bank::parse(std::slice::from_ref(&files))?;
    semantic_checks(&bank, &files, &rejected, &mut lint)?;
    lint.findings.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.line.cmp(&b.line))
            .then(a.severity.cmp(&b.severity))
    });
    Ok(lint)
}

fn semantic_checks(
    bank: &Bank,
    files: &BankFiles,
    rejected: &rustc_hash::FxHashSet<String>,
    lint: &mut Lint,
) -> Result<()> {
    let texts: rustc_hash::FxHashMap<&str, &str> = files
        .corpus
        .iter()
        .chain(&files.rubrics)
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    let text_of = |name: &str| texts.get(name).copied().unwrap_or("");
    let mut analyzer = Analyzer::default();
    let mut vocabulary = Vocabulary::default();
    for question in &bank.questions {
        let RubricOrigin::File(rubric) = &question.rubric else {
            if rejected.contains(&question.id.to_ascii_lowercase())
                || rejected.contains(&question.slug.to_ascii_lowercase())
            {
                continue;
            }
            let finding = if question.sample_answer.trim().is_empty() {
                Finding {
                    file: question.file.clone(),
                    line: key_line(text_of(&question.file), "id"),
                    severity: Severity::Error,
                    code: "no-sample-answer",
                    message: format!(
                        "question `{}` has neither a rubric nor a sample answer, so nothing can be scored against it",
                        question.id
                    ),
                    fix: format!(
                        "add a `sample_answer` to derive a rubric from, or a rubrics/{}.toml",
                        question.id
                    ),
                }
            } else {
                Finding {
                    file: question.file.clone(),
                    line: key_line(text_of(&question.file), "sample_answer"),
                    severity: Severity::Info,
                    code: "no-rubric",
                    message: format!(
                        "question `{}` has no rubric; its concepts will be derived from the sample answer",
                        question.id
                    ),
                    fix: format!(
                        "review them with `anscov bank derive {}`, and save the output as rubrics/{}.toml to edit",
                        question.id, question.id
                    ),
                }
            };
            lint.findings.push(finding);
            continue;
        };
        let text = text_of(rubric);
        let lines: Vec<&str> = text.lines().collect();
        let mut ids = IdLines::new(text);
        let concept_lines: Vec<usize> = question.concepts.iter().map(|c| ids.nth(&c.id, 1)).collect();
        // Stems → the alternatives (concept, text) that analyse to them, in rubric order.
        let mut analysed: rustc_hash::FxHashMap<Vec<String>, Vec<(usize, &str)>> = rustc_hash::FxHashMap::default();
        for (ci, concept) in question.concepts.iter().enumerate() {
            let concept_line = concept_lines[ci];
            // The concept's own table: up to the next concept's `id` line below it.
            let block_end = concept_lines[ci + 1..]
                .iter()
                .copied()
                .find(|&l| l > concept_line)
                .unwrap_or(lines.len() + 1);
            if concept.alternatives.is_empty() {
                lint.findings.push(Finding {
                    file: rubric.clone(),
                    line: concept_line,
                    severity: Severity::Warning,
                    code: "no-alternatives",
                    message: format!("concept `{}` has no alternatives; only its description can match, as a paraphrase", concept.id),
                    fix: "add `alternatives = [...]`: the canonical term, abbreviations, the sample answer's wording, common paraphrases".into(),
                });
            }
            for alternative in &concept.alternatives {
                let stems = analyzer.stems(&mut vocabulary, alternative);
                let line = alternative_line(&lines, concept_line, block_end, alternative);
                if stems.is_empty() {
                    lint.findings.push(Finding {
                        file: rubric.clone(),
                        line,
                        severity: Severity::Warning,
                        code: "empty-alternative",
                        message: format!("alternative \"{alternative}\" of concept `{}` is all stopwords, so it can never match", concept.id),
                        fix: "remove it, or add the content words that carry the meaning (see docs/bank.md for the stopword list)".into(),
                    });
                    continue;
                }
                let same = analysed.entry(stems).or_default();
                if let Some(&(other, other_alt)) = same.iter().find(|(other, _)| *other != ci) {
                    lint.findings.push(Finding {
                        file: rubric.clone(),
                        line,
                        severity: Severity::Warning,
                        code: "shared-alternative",
                        message: format!(
                            "alternative \"{alternative}\" of concept `{}` analyses to \"{}\", as \"{other_alt}\" of concept `{}` does: one mention covers both",
                            concept.id,
                            analyzer.stems(&mut vocabulary, alternative).join(" "),
                            question.concepts[other].id
                        ),
                        fix: "keep it in the concept it belongs to, or make the two alternatives more specific".into(),
                    });
                }
                // One entry per concept is enough to name a clash.
                if !same.iter().any(|(c, _)| *c == ci) {
                    same.push((ci, alternative));
                }
            }
        }
    }
    // The sample answer must cover its own required concepts.
    let engine = Engine::new(bank.clone())?;
    // And most of a rubric derived from it: derived concepts come from the sample itself,
    // so one it does not cover is a fault of derivation or of how the sample reads.
    for question in engine
        .bank()
        .questions
        .iter()
        .filter(|q| q.rubric == RubricOrigin::Derived && !q.concepts.is_empty())
    {
        let report = engine.score(&Answer::from_text(
            &question.file,
            Some(&question.id),
            &question.sample_answer,
        ))?;
        // Found, covered or only mentioned: as for required concepts above, whether the
        // sample reads as specific is a judgement of the answer, not of the rubric.
        let share = report.found_share();
        if share >= DERIVED_SELF_COVERAGE {
            continue;
        }
        let not_found: Vec<String> = report
            .concepts
            .iter()
            .filter(|c| matches!(c.status, Status::Missed | Status::Negated))
            .map(|c| {
                let status = if c.status == Status::Negated {
                    "negated"
                } else {
                    "missed"
                };
                format!("\"{}\" ({status})", c.label)
            })
            .collect();
        lint.findings.push(Finding {
            file: question.file.clone(),
            line: key_line(text_of(&question.file), "sample_answer"),
            severity: Severity::Warning,
            code: "sample-misses-derived",
            message: format!(
                "the sample answer of `{}` makes {:.0}% of the rubric derived from it (under {:.0}%): {}",
                question.id,
                share * 100.0,
                DERIVED_SELF_COVERAGE * 100.0,
                not_found.join(", ")
            ),
            fix: format!(
                "write the rubric: `anscov bank derive {0} > rubrics/{0}.toml`, then edit the concepts the sample does not make",
                question.id
            ),
        });
    }
    for question in engine
        .bank()
        .questions
        .iter()
        .filter(|q| matches!(q.rubric, RubricOrigin::File(_)) && !q.sample_answer.trim().is_empty())
    {
        let RubricOrigin::File(rubric) = &question.rubric else {
            continue;
        };
        let report = engine.score(&Answer::from_text(
            &question.file,
            Some(&question.id),
            &question.sample_answer,
        ))?;
        // A rubric check: does the rubric's wording find each required concept in the
        // sample answer? Whether the sample also reads as specific (covered rather than
        // mentioned, `crate::specificity`) is a judgement of the answer, not the rubric.
        let mut not_found = report
            .concepts
            .iter()
            .filter(|c| c.required && matches!(c.status, Status::Missed | Status::Negated))
            .map(|c| &c.id)
            .peekable();
        if not_found.peek().is_none() {
            continue;
        }
        let mut ids = IdLines::new(text_of(rubric));
        for missed in not_found {
            lint.findings.push(Finding {
                file: rubric.clone(),
                line: ids.nth(missed, 1),
                severity: Severity::Error,
                code: "sample-misses-required",
                message: format!(
                    "the sample answer of `{}` ({}) does not cover its required concept `{missed}` (sample coverage {:.0}%)",
                    question.id,
                    question.file,
                    report.coverage * 100.0
                ),
                fix: format!("add the sample answer's wording to the concept's alternatives (`anscov bank show {}` shows both as stems), or say it in the sample answer", question.id),
            });
        }
    }
    Ok(())
}

/// A `schema` finding from a [`Bank::parse`] error about one file.
fn schema_finding(file: &BankFile, err: Error) -> Finding {
    let (line, message, fix) = match err {
        Error::Parse {
            line,
            column,
            message,
            fix,
            ..
        } => (line, format!("{message} (column {column})"), fix),
        Error::Bank { file: at, message, fix } => {
            let line = at
                .strip_prefix(&file.name)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            (line, message, fix)
        }
        other => (1, other.to_string(), "fix the file so the bank loads".into()),
    };
    Finding {
        file: file.name.clone(),
        line,
        severity: Severity::Error,
        code: "schema",
        message,
        fix,
    }
}

/// 1-based line of the first `key = ...` line, or 1.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// The lines of every `id = "<id>"` line of a file, indexed once: looking each concept's
/// line up from the top of the file was quadratic in the rubric's size.
struct IdLines<'a> {
    text: &'a str,
    lines: Option<rustc_hash::FxHashMap<&'a str, Vec<usize>>>,
}

impl<'a> IdLines<'a> {
    fn new(text: &'a str) -> IdLines<'a> {
        IdLines { text, lines: None }
    }

    /// 1-based line of the `nth` (1-based) `id = "<id>"` line, or 1.
    fn nth(&mut self, id: &str, nth: usize) -> usize {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| {
            let mut map: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
            for (i, l) in text.lines().enumerate() {
                let value = l
                    .trim_start()
                    .strip_prefix("id")
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix('='))
                    .map(|r| r.trim().trim_matches(['"', '\'']));
                if let Some(value) = value {
                    map.entry(value).or_default().push(i + 1);
                }
            }
            map
        });
        lines
            .get(id)
            .and_then(|l| l.get(nth.saturating_sub(1)))
            .copied()
            .unwrap_or(1)
    }
}

/// 1-based line of an alternative, searched within its concept's table (lines `from` up
/// to `to`, exclusive); `from` when it is not found there.
fn alternative_line(lines: &[&str], from: usize, to: usize, alternative: &str) -> usize {
    let quoted = [format!("\"{alternative}\""), format!("'{alternative}'")];
    let start = from.saturating_sub(1).min(lines.len());
    let end = to.saturating_sub(1).clamp(start, lines.len());
    lines[start..end]
        .iter()
        .position(|l| quoted.iter().any(|q| l.contains(q.as_str())))
        .map_or(from, |i| start + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> BankFile {
        BankFile {
            name: name.into(),
            text: text.into(),
        }
    }

    const Q1: &str = "id = \"q01\"\nslug = \"backups\"\nquestion = \"How do you back up a database?\"\nsample_answer = '''We take point-in-time backups and run restore drills every quarter.'''\n";
    const Q2: &str = "id = \"q02\"\nslug = \"alerts\"\nquestion = \"How do you alert?\"\nsample_answer = '''Page on symptoms users feel, not causes.'''\n";

    fn rubric(concepts: &str) -> String {
        format!("question = \"q01\"\n{concepts}")
    }

    const GOOD: &str = "\n[[concept]]\nid = \"restore-drills\"\nlabel = \"Restore drills\"\nrequired = true\nalternatives = [\"restore drill\", \"test restores\"]\n\n[[concept]]\nid = \"pitr\"\nlabel = \"Point-in-time recovery\"\nalternatives = [\"point-in-time\", \"PITR\"]\n";

    fn run(corpus: &[BankFile], rubrics: &[BankFile]) -> Lint {
        lint(&[BankFiles {
            corpus: corpus.to_vec(),
            rubrics: rubrics.to_vec(),
        }])
        .unwrap()
    }

    fn codes(lint: &Lint) -> Vec<(&str, &str, usize)> {
        lint.findings
            .iter()
            .map(|f| (f.code, f.file.as_str(), f.line))
            .collect()
    }

    #[test]
    fn clean_bank_has_only_notes() {
        let lint = run(
            &[file("c/q01.toml", Q1), file("c/q02.toml", Q2)],
            &[file("r/q01.toml", &rubric(GOOD))],
        );
        assert_eq!(codes(&lint), [("no-rubric", "c/q02.toml", 4)]);
        assert_eq!(lint.findings[0].severity, Severity::Info);
        assert!(!lint.has_problems() && !lint.unparseable);
    }

    #[test]
    fn schema_error_has_file_and_line_and_other_files_still_checked() {
        let bad = "id = \"q03\"\nslug = \"x\"\nquestion = \"Q?\"\nsampel_answer = \"typo\"\n";
        let lint = run(
            &[file("c/q01.toml", Q1), file("c/q03.toml", bad)],
            &[file("r/q01.toml", &rubric(GOOD))],
        );
        assert!(lint.unparseable);
        assert_eq!(codes(&lint), [("schema", "c/q03.toml", 4)]);
        assert!(
            lint.findings[0].message.contains("unknown field `sampel_answer`"),
            "{:?}",
            lint.findings[0]
        );
        let weight = rubric("[[concept]]\nid = \"a\"\nlabel = \"A\"\nweight = 0\n");
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &weight)]);
        assert_eq!(codes(&lint), [("schema", "r/q01.toml", 3)]);
    }

    #[test]
    fn duplicate_ids_name_both_files() {
        let same_id = Q2.replace("q02", "q01");
        let lint = run(
            &[file("c/q01.toml", Q1), file("c/other.toml", &same_id)],
            &[file("r/q01.toml", &rubric(GOOD))],
        );
        assert_eq!(codes(&lint), [("duplicate-id", "c/other.toml", 1)]);
        assert!(lint.findings[0].message.contains("c/q01.toml"));
        let twice = rubric(&format!(
            "{GOOD}\n[[concept]]\nid = \"pitr\"\nlabel = \"Again\"\nalternatives = [\"again\"]\n"
        ));
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &twice)]);
        assert!(
            codes(&lint).contains(&("duplicate-id", "r/q01.toml", 15)),
            "{:?}",
            codes(&lint)
        );
        let lint = run(
            &[file("c/q01.toml", Q1)],
            &[file("r/a.toml", &rubric(GOOD)), file("r/b.toml", &rubric(GOOD))],
        );
        assert_eq!(codes(&lint), [("duplicate-id", "r/b.toml", 1)]);
    }

    #[test]
    fn concept_without_alternatives() {
        let none = rubric(&format!("{GOOD}\n[[concept]]\nid = \"offsite\"\nlabel = \"Off-site copies\"\ndescription = \"Copies kept in another region.\"\n"));
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &none)]);
        assert_eq!(codes(&lint), [("no-alternatives", "r/q01.toml", 15)]);
        assert!(lint.has_problems());
    }

    #[test]
    fn alternative_of_stopwords_only() {
        let empty = rubric(&GOOD.replace("\"test restores\"]", "\n  \"it is what it is\"]"));
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &empty)]);
        assert_eq!(codes(&lint), [("empty-alternative", "r/q01.toml", 8)]);
    }

    #[test]
    fn same_alternative_in_two_concepts_after_analysis() {
        let shared = rubric(&GOOD.replace("\"PITR\"]", "\"PITR\", \"restore drills\"]"));
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &shared)]);
        assert_eq!(codes(&lint), [("shared-alternative", "r/q01.toml", 12)]);
        assert!(
            lint.findings[0].message.contains("\"restor drill\""),
            "{}",
            lint.findings[0].message
        );
    }

    #[test]
    fn sample_answer_missing_a_required_concept() {
        let missing = rubric(&format!("{GOOD}\n[[concept]]\nid = \"encryption\"\nlabel = \"Encryption\"\nrequired = true\nalternatives = [\"encrypt\", \"kms\"]\n"));
        let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &missing)]);
        assert_eq!(codes(&lint), [("sample-misses-required", "r/q01.toml", 15)]);
        assert_eq!(lint.findings[0].severity, Severity::Error);
    }

    #[test]
    fn question_without_rubric_or_sample() {
        let bare = "id = \"q02\"\nslug = \"alerts\"\nquestion = \"How do you alert?\"\n";
        let lint = run(
            &[file("c/q01.toml", Q1), file("c/q02.toml", bare)],
            &[file("r/q01.toml", &rubric(GOOD))],
        );
        assert_eq!(codes(&lint), [("no-sample-answer", "c/q02.toml", 1)]);
    }

    #[test]
    fn embedded_bank_parses() {
        let lint = lint(&[BankFiles::embedded()]).unwrap();
        assert!(!lint.unparseable, "{:?}", lint.findings);
    }
    #[test]
    fn derived_rubric_made_by_its_sample_even_when_negated() {
        let corpus = |id: &str, question: &str, answer: &str| {
            file(
                &format!("c/{id}.toml"),
                &format!(
                    "id = \"{id}\"\nslug = \"{id}\"\nquestion = '''{question}'''\nsample_answer = '''{answer}'''\n"
                ),
            )
        };
        // Negated in the sample: derived concepts keep the negation, so the sample makes them.
        let lint = run(
            &[
                corpus(
                    "q01",
                    "What is a leaf?",
                    "A leaf is a node that has no children and no parent pointer.",
                ),
                corpus("q02", "What is a root?", "The root is the node at the top of the tree."),
            ],
            &[],
        );
        assert!(
            !codes(&lint).iter().any(|(code, _, _)| *code == "sample-misses-derived"),
            "{lint:?}"
        );
        assert!(!lint.has_problems(), "{lint:?}");
    }
}
