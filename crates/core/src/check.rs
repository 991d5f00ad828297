//! Thresholds for `anscov check`: which answers pass, which fail and why, and which
//! questions of the bank have no answer at all.
//!
//! The checker only annotates reports (`AnswerReport::failures`, `missing_required`) and
//! the run's [`Summary`]; it must not decide exit codes or output, so every reporter
//! shows the same verdicts.

use std::collections::BTreeMap;

use crate::bank::Bank;
use crate::input::Answer;
use crate::report::{percent, Summary};
use crate::score::{AnswerReport, Status};
use crate::verdict::{Failure, FailureKind};

/// The thresholds applied to every answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Overall minimum coverage (0–1) of each answer.
    pub min_coverage: f64,
    /// How many of the rubric's required concepts an answer may miss.
    pub max_missing_required: usize,
    /// Whether a bank question without an answer is a failure.
    pub require_all: bool,
    /// Per-question rules, keyed by the bank's question id.
    pub questions: BTreeMap<String, QuestionRule>,
}

/// Thresholds for one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionRule {
    /// Overrides the overall minimum coverage for this question.
    pub min_coverage: Option<f64>,
    /// Concept ids that must be covered, whatever the rubric says and whatever
    /// `max-missing-required` allows.
    pub require: Vec<String>,
}

/// Applies a [`Policy`] to reports as they stream past, and remembers which questions
/// were answered.
pub struct Checker<'a> {
    bank: &'a Bank,
    policy: &'a Policy,
    answered: Vec<bool>,
}

impl<'a> Checker<'a> {
    pub fn new(bank: &'a Bank, policy: &'a Policy) -> Checker<'a> {
        Checker {
            bank,
            policy,
            answered: vec![false; bank.questions.len()],
        }
    }

    /// Fills `report.failures` (and extends `report.missing_required` with the concepts
    /// the policy requires) and records the answer's question as answered.
    pub fn apply(&mut self, report: &mut AnswerReport) {
        report.checked = true;
        let Some(qi) = report.question.as_deref().and_then(|q| self.bank.find(q)) else {
            report.failures.push(Failure::new(
                FailureKind::QuestionUnclear,
                "question unclear: the answer does not name its question and none fits well enough; \
                 name it with front matter `question: q04`, a file name such as q04-slug.md, or a question heading"
                    .to_string(),
            ));
            return;
        };
        self.answered[qi] = true;
        let question = &self.bank.questions[qi];
        let rule = self.policy.questions.get(&question.id);
        let extra: &[String] = rule.map_or(&[], |r| r.require.as_slice());
        let must = |id: &str| extra.iter().any(|e| e == id);

        report.missing_required = report
            .concepts
            .iter()
            .filter(|c| (c.required || must(&c.id)) && !c.covered)
            .map(|c| c.id.clone())
            .collect();
        let describe = |id: &str| {
            let label = report
                .concepts
                .iter()
                .find(|c| c.id == id)
                .map_or(id, |c| c.label.as_str());
            let negated = report
                .concepts
                .iter()
                .find(|c| c.id == id && c.status == Status::Negated);
            match negated {
                Some(c) => format!("`{id}` ({label}), {}", crate::report::fmt::negated_words(c)),
                None => format!("`{id}` ({label})"),
            }
        };
        let mut failures = Vec::new();
        // Concepts the config requires by name: each one missed is a failure.
        for id in report.missing_required.iter().filter(|id| must(id)) {
            failures.push(Failure::new(
                FailureKind::RequiredConcepts(vec![id.clone()]),
                format!(
                    "{}: required concept {} is not covered (required by the config)",
                    question.id,
                    describe(id)
                ),
            ));
        }
        // The rubric's required concepts: up to `max_missing_required` may be missed.
        let rubric_missed: Vec<&String> = report.missing_required.iter().filter(|id| !must(id)).collect();
        let allowed = self.policy.max_missing_required;
        if rubric_missed.len() > allowed {
            if allowed == 0 {
                for id in &rubric_missed {
                    failures.push(Failure::new(
                        FailureKind::RequiredConcepts(vec![id.to_string()]),
                        format!("{}: required concept {} is not covered", question.id, describe(id)),
                    ));
                }
            } else {
                let names: Vec<String> = rubric_missed.iter().map(|id| describe(id)).collect();
                failures.push(Failure::new(
                    FailureKind::RequiredConcepts(rubric_missed.iter().map(|id| id.to_string()).collect()),
                    format!(
                        "{}: {} required concepts are not covered, at most {allowed} may be: {}",
                        question.id,
                        rubric_missed.len(),
                        names.join(", ")
                    ),
                ));
            }
        }
        // A derived rubric is judged by its reported score: a short answer that says what
        // the reference says in other words ("main method" for "main()") is right even
        // when the few derived concepts miss it (issue 16).
        let min = rule.and_then(|r| r.min_coverage).unwrap_or(self.policy.min_coverage);
        if report.reported_score() < min {
            let whose = if rule.and_then(|r| r.min_coverage).is_some() {
                format!("the minimum for {}", question.id)
            } else {
                "the minimum".to_string()
            };
            let what = match &report.reference {
                Some(r) => format!(
                    "score {} (coverage {}, carried by the {})",
                    percent(r.score),
                    percent(report.coverage),
                    crate::report::fmt::carried_by_words(r.carried_by)
                ),
                None => format!("coverage {}", percent(report.coverage)),
            };
            failures.push(Failure::new(
                FailureKind::Coverage,
                format!("{}: {what} is below {whose} {}", question.id, percent(min)),
            ));
        }
        report.failures.extend(failures);
    }

    /// Bank questions no answer has named (in bank order).
    pub fn unanswered(&self) -> Vec<String> {
        self.bank
            .questions
            .iter()
            .zip(&self.answered)
            .filter(|(_, &a)| !a)
            .map(|(q, _)| q.id.clone())
            .collect()
    }

    /// Records unanswered questions and whether they fail the run in `summary`.
    pub fn finish(&self, summary: &mut Summary) {
        summary.unanswered = self.unanswered();
        summary.require_all = self.policy.require_all;
    }
}

/// Whether a checked run failed: an answer failed a threshold, or a question is
/// unanswered under `require-all`.
pub fn failed(summary: &Summary) -> bool {
    summary.failed > 0 || (summary.require_all && !summary.unanswered.is_empty())
}

/// Whether an answer is still the scaffold `anscov init` wrote: nothing but headings,
/// HTML comments and blank lines. Such a file counts as unanswered, not as a failing
/// answer, so a fresh prep repository can be filled in one question at a time.
pub fn is_placeholder(answer: &Answer) -> bool {
    let text = answer.text.get(answer.range.clone()).unwrap_or("");
    let mut rest = text;
    let mut visible = String::new();
    while let Some(start) = rest.find("<!--") {
        visible.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    visible.push_str(rest);
    visible
        .lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Engine;

    fn engine() -> Engine {
        Engine::new(Bank::embedded().unwrap()).unwrap()
    }

    #[test]
    fn placeholder_detection() {
        let scaffold = Answer::from_text(
            "a",
            Some("q04"),
            "# How do you define SLOs?\n\n<!-- write here\nacross lines -->\n\n",
        );
        assert!(is_placeholder(&scaffold));
        let filled = Answer::from_text(
            "a",
            Some("q04"),
            "# How do you define SLOs?\n\nWe start from user journeys.\n",
        );
        assert!(!is_placeholder(&filled));
        let unclosed = Answer::from_text("a", Some("q04"), "<!-- never closed\ntext");
        assert!(is_placeholder(&unclosed));
    }

    #[test]
    fn thresholds_fill_failures_and_unanswered() {
        let engine = engine();
        let bank = engine.bank();
        let mut policy = Policy {
            min_coverage: 0.5,
            ..Policy::default()
        };
        let q04 = &bank.questions[bank.find("q04").unwrap()];
        let optional = q04
            .concepts
            .iter()
            .find(|c| !c.required)
            .expect("q04 has an optional concept")
            .id
            .clone();
        policy.questions.insert(
            "q04".into(),
            QuestionRule {
                min_coverage: None,
                require: vec![optional.clone()],
            },
        );
        let mut checker = Checker::new(bank, &policy);

        let vague = Answer::from_text(
            "vague.md",
            Some("q04"),
            "I think reliability matters a lot and we should care about it.",
        );
        let mut report = engine.score(&vague).unwrap();
        checker.apply(&mut report);
        assert!(
            report
                .failures
                .iter()
                .any(|f| f.kind == FailureKind::Coverage && f.as_str().starts_with("q04:")),
            "{:?}",
            report.failures
        );
        assert!(report
            .failures
            .iter()
            .any(|f| f.names_concept(&optional) && f.as_str().contains("required by the config")));
        assert!(report.missing_required.contains(&optional));

        // The same answer with everything covered (independent of matcher tuning).
        let mut report = engine.score(&vague).unwrap();
        for c in &mut report.concepts {
            c.covered = true;
            c.status = Status::Covered;
        }
        report.coverage = 1.0;
        checker.apply(&mut report);
        assert!(report.failures.is_empty(), "{:?}", report.failures);

        let mut summary = Summary::default();
        checker.finish(&mut summary);
        assert!(!summary.unanswered.contains(&"q04".to_string()));
        assert_eq!(summary.unanswered.len(), bank.questions.len() - 1);
        assert!(!failed(&summary));
        policy.require_all = true;
        let checker = Checker::new(bank, &policy);
        checker.finish(&mut summary);
        assert!(failed(&summary));
    }

    #[test]
    fn allowance_for_missed_required_concepts() {
        let engine = engine();
        let bank = engine.bank();
        let vague = Answer::from_text(
            "vague.md",
            Some("q04"),
            "I think reliability matters a lot and we should care about it.",
        );
        let report = engine.score(&vague).unwrap();
        let missed = report.missing_required.len();
        assert!(missed > 0);
        let policy = Policy {
            max_missing_required: missed,
            ..Policy::default()
        };
        let mut checker = Checker::new(bank, &policy);
        let mut allowed = report.clone();
        checker.apply(&mut allowed);
        assert!(allowed.failures.is_empty(), "{:?}", allowed.failures);

        let policy = Policy::default();
        let mut checker = Checker::new(bank, &policy);
        let mut strict = report.clone();
        checker.apply(&mut strict);
        assert_eq!(strict.failures.len(), missed);
    }

    #[test]
    fn unclear_question_fails() {
        let engine = engine();
        let policy = Policy::default();
        let mut checker = Checker::new(engine.bank(), &policy);
        let mut report = engine.score(&Answer::from_text("x", None, "hello there")).unwrap();
        report.question = None;
        checker.apply(&mut report);
        assert_eq!(report.failures[0].kind, FailureKind::QuestionUnclear);
        assert!(report.failures[0].as_str().starts_with("question unclear"));
    }
}
