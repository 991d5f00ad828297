//! The per-question checks on a bank that loads: alternatives that are missing, empty or
//! shared after analysis, sample answers that miss a required concept or do not make
//! their own derived rubric, questions with nothing to score against.
//!
//! Checks only: it scores sample answers with the engine as `anscov score` would, and
//! must not change the bank, the analyzer or the scoring to make a check pass.

use crate::analyzer::{Analyzer, Vocabulary};
use crate::bank::{Bank, BankFiles, RubricOrigin};
use crate::error::Result;
use crate::score::{Engine, Status};

use super::lines::{alternative_line, key_line, IdLines};
use super::suggest::{quote, Derive};
use super::{Finding, Lint, Severity};

/// A sample answer should cover at least this share of the rubric derived from it.
const DERIVED_SELF_COVERAGE: f64 = 0.9;

pub(super) fn semantic_checks(
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
    // Suggested commands name the linted folders, so they work when pasted.
    let derive = Derive::new(files);
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
                        "review them with `{}`, and save the output as {} to edit",
                        derive.command(&question.id),
                        derive.rubric_path(&question.file, &question.id)
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
                        fix: "remove it, or add the content words that carry the meaning (see docs/rubric-format.md for the stopword list)".into(),
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
    // The sample answer must cover its own required concepts. The engine needs the bank
    // complete, as it loads: rubrics derived where there are none.
    let mut complete = bank.clone();
    crate::derive::fill_missing_rubrics(&mut complete);
    let engine = Engine::new(complete)?;
    // And most of a rubric derived from it: derived concepts come from the sample itself,
    // so one it does not cover is a fault of derivation or of how the sample reads.
    for question in engine
        .bank()
        .questions
        .iter()
        .filter(|q| q.rubric == RubricOrigin::Derived && !q.concepts.is_empty())
    {
        let report = engine.score_sample_answer(question)?;
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
                "write the rubric: `{} > {}`, then edit the concepts the sample does not make",
                derive.command(&question.id),
                quote(&derive.rubric_path(&question.file, &question.id))
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
        let report = engine.score_sample_answer(question)?;
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
