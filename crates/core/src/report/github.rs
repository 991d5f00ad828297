//! The GitHub Actions reporter: workflow commands (`::error`, `::warning`, `::notice`)
//! that annotate answer files in a pull request.
//!
//! Streams one line per annotation; messages and properties go through [`github_data`]
//! and [`github_property`]. Output is deterministic. Must not decide verdicts or exit
//! codes; it shows what the report holds.

use std::io::{self, Write};

use super::fmt::{file_of, flat, github_data, github_property, label_of, negated, percent, plural};
use super::{Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::AnswerReport;

/// GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` for each
/// failed threshold and input error, `::warning` for missed required concepts that the
/// thresholds allow and for negated mentions, `::notice` for the totals.
pub struct Github;

fn annotation(
    out: &mut dyn Write,
    level: &str,
    file: Option<&str>,
    line: Option<usize>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    let mut properties = Vec::new();
    if let Some(file) = file {
        properties.push(format!("file={}", github_property(file)));
        if let Some(line) = line {
            properties.push(format!("line={}", line.max(1)));
        }
    }
    properties.push(format!("title={}", github_property(title)));
    writeln!(out, "::{level} {}::{}", properties.join(","), github_data(message))
}

impl Reporter for Github {
    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let file = report
            .path
            .as_ref()
            .map(|_| file_of(report.path.as_deref(), &report.source));
        let question = report.question.as_deref().unwrap_or("question unclear");
        let title = format!("anscov {question}");
        for failure in &report.failures {
            annotation(
                out,
                "error",
                file.as_deref(),
                Some(report.line),
                &title,
                &format!("{}: {failure}", report.source),
            )?;
        }
        let named_in_failure = |id: &str| report.failures.iter().any(|f| f.names_concept(id));
        for id in report.missing_required.iter().filter(|id| !named_in_failure(id)) {
            let message = format!(
                "{}: {question}: required concept `{id}` ({}) is not covered",
                report.source,
                label_of(report, id)
            );
            annotation(out, "warning", file.as_deref(), Some(report.line), &title, &message)?;
        }
        for concept in negated(report) {
            let Some(e) = concept.evidence.first() else { continue };
            let message = format!(
                "{}: {question}: `{}` ({}) is {}: \"{}\"",
                report.source,
                concept.id,
                concept.label,
                super::fmt::negated_words(concept),
                flat(&e.text)
            );
            annotation(out, "warning", file.as_deref(), Some(e.line), &title, &message)?;
        }
        Ok(())
    }

    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        let file = problem
            .path
            .as_ref()
            .map(|_| file_of(problem.path.as_deref(), &problem.source));
        annotation(
            out,
            "error",
            file.as_deref(),
            problem.line,
            "anscov input error",
            &format!("{}: {}", problem.source, problem.message),
        )
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if summary.require_all {
            for q in &summary.unanswered {
                annotation(
                    out,
                    "error",
                    None,
                    None,
                    &format!("anscov {q}"),
                    &format!("{q}: no answer names this question (require-all)"),
                )?;
            }
        }
        let mut message = format!(
            "{} answer{}, mean coverage {}",
            summary.answers,
            plural(summary.answers),
            percent(summary.mean_coverage)
        );
        if summary.failed > 0 {
            message.push_str(&format!(", {} failed", summary.failed));
        }
        if summary.problems > 0 {
            message.push_str(&format!(
                ", {} input error{}",
                summary.problems,
                plural(summary.problems)
            ));
        }
        if !summary.unanswered.is_empty() {
            message.push_str(&format!(", unanswered: {}", summary.unanswered.join(" ")));
        }
        annotation(out, "notice", None, None, "anscov", &message)
    }
}
