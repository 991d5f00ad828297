//! The Markdown reporter (PR comments, `$GITHUB_STEP_SUMMARY`): a table with one row per
//! answer, then failures, input errors and unanswered questions. GitHub-flavoured.
//!
//! Streams rows; holds only failures and problems for the sections after the table. Every
//! cell goes through [`markdown_cell`]; output is deterministic. Must not decide verdicts
//! or exit codes; it shows what the reports hold.

use std::io::{self, Write};

use super::fmt::{file_of, label_of, markdown_cell, percent, plural, shorten};
use super::{verdict, Questions, Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::AnswerReport;
use crate::verdict::AnswerVerdict;

/// A summary table, one row per answer, then failures, input errors and unanswered
/// questions. GitHub-flavoured Markdown.
pub struct Markdown<'b> {
    questions: Questions<'b>,
    failures: Vec<(String, String)>,
    problems: Vec<Diagnostic>,
}

impl<'b> Markdown<'b> {
    pub fn new(questions: Questions<'b>) -> Markdown<'b> {
        Markdown {
            questions,
            failures: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl Reporter for Markdown<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## anscov\n")?;
        writeln!(out, "| Answer | Question | Coverage | Missing required | Status |")?;
        writeln!(out, "|---|---|---:|---|---|")
    }

    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let question = match self.questions.of(report).map(|q| (q.id.as_str(), q.text.as_str())) {
            Some((id, text)) => format!("**{}** {}", markdown_cell(id), markdown_cell(&shorten(text, 70))),
            None => "_unclear_".to_string(),
        };
        let missing = if report.missing_required.is_empty() {
            "—".to_string()
        } else {
            report
                .missing_required
                .iter()
                .map(|id| markdown_cell(label_of(report, id)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let status = match verdict(report) {
            AnswerVerdict::Fail => "❌ fail",
            AnswerVerdict::Unclear => "❔ unclear",
            AnswerVerdict::Scored => "scored",
            AnswerVerdict::Pass => "✅ pass",
        };
        let source = file_of(report.path.as_deref(), &report.source);
        let source = if report.source != source && report.path.is_some() {
            report.source.replace('\\', "/")
        } else {
            source
        };
        // A derived rubric's reported score (coverage blended with similarity to the
        // reference answer) goes beside coverage; hand-written rubrics have none.
        let coverage = super::fmt::coverage_with_score(report);
        writeln!(
            out,
            "| {} | {question} | {coverage} | {missing} | {status} |",
            markdown_cell(&source),
        )?;
        for failure in &report.failures {
            self.failures.push((source.clone(), failure.message.clone()));
        }
        Ok(())
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.problems.push(problem.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out)?;
        write!(
            out,
            "**{} answer{}**, mean coverage {}",
            summary.answers,
            plural(summary.answers),
            percent(summary.mean_coverage)
        )?;
        if summary.failed > 0 {
            write!(out, ", {} failed", summary.failed)?;
        }
        if summary.problems > 0 {
            write!(out, ", {} input error{}", summary.problems, plural(summary.problems))?;
        }
        writeln!(out, ".")?;
        if !self.failures.is_empty() {
            writeln!(out, "\n### Failures\n")?;
            for (source, failure) in &self.failures {
                writeln!(out, "- {}: {}", markdown_cell(source), markdown_cell(failure))?;
            }
        }
        if !self.problems.is_empty() {
            writeln!(out, "\n### Input errors\n")?;
            for p in &self.problems {
                writeln!(out, "- {}: {}", markdown_cell(&p.source), markdown_cell(&p.message))?;
            }
        }
        if !summary.unanswered.is_empty() {
            let how = if summary.require_all {
                " (failures: `require-all` is on)"
            } else {
                ""
            };
            writeln!(out, "\n### Unanswered questions{how}\n")?;
            writeln!(
                out,
                "{}",
                summary
                    .unanswered
                    .iter()
                    .map(|q| markdown_cell(q))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        Ok(())
    }
}
