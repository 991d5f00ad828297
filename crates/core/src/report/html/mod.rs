//! The HTML report: one self-contained page (inline CSS, a few lines of inline script, no
//! external resources) that works offline and on a phone. An overview of every answer
//! links to each answer's section: its full text with every evidence span highlighted in
//! the colour of its concept's status (hovering, focusing or tapping a concept lights its
//! spans up), misses with their hint and the sample answer's sentence, the routing guess
//! and its alternatives, delivery figures with small inline SVG charts, STAR structure and
//! progress since the previous draft.
//!
//! Answers are held until `finish`, because the overview comes first. Everything taken
//! from answers, file names and the bank is escaped ([`html_escape`]). Output is
//! deterministic: the same answers give the same bytes. Must not decide verdicts; it shows
//! what the reports hold.
//!
//! One job per file: `page.rs` the fixed head (CSS) and script; `overview.rs` the table
//! of every answer; `answer.rs` one answer's section; `answer_text.rs` its text with the
//! evidence, fillers and pauses marked; `practice.rs` delivery, STAR and progress;
//! `charts.rs` the bars and inline SVG charts. This file is the [`Reporter`] that
//! collects answers and writes the page in order.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::fmt::html_escape;
use super::{Questions, Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::AnswerReport;

mod answer;
mod answer_text;
mod charts;
mod overview;
mod page;
mod practice;
#[cfg(test)]
mod tests;

use answer::answer_section;
use overview::overview;
use page::{HEAD, SCRIPT};

/// The HTML reporter.
pub struct Html<'b> {
    questions: Questions<'b>,
    answers: Vec<Entry>,
    problems: Vec<Diagnostic>,
}

impl<'b> Html<'b> {
    pub fn new(questions: Questions<'b>) -> Html<'b> {
        Html {
            questions,
            answers: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// An answer as shown: the report and the question's text.
struct Entry {
    report: AnswerReport,
    question: Option<(String, String)>,
}

impl Reporter for Html<'_> {
    fn answer(&mut self, _out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let question = self.questions.of(report).map(|q| (q.id.clone(), q.text.clone()));
        self.answers.push(Entry {
            report: report.clone(),
            question,
        });
        Ok(())
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.problems.push(problem.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut page = String::with_capacity(HEAD.len() + 8192 * self.answers.len().max(1));
        page.push_str(HEAD);
        overview(&mut page, &self.answers, summary);
        if !self.problems.is_empty() {
            page.push_str("<h3>Input errors</h3>\n<ul class=\"fail\">\n");
            for p in &self.problems {
                let _ = writeln!(page, "<li>{}: {}</li>", html_escape(&p.source), html_escape(&p.message));
            }
            page.push_str("</ul>\n");
        }
        if !summary.unanswered.is_empty() {
            let _ = writeln!(
                page,
                "<h3>Unanswered questions</h3>\n<p>{}</p>",
                html_escape(&summary.unanswered.join(", "))
            );
        }
        for (n, entry) in self.answers.iter().enumerate() {
            answer_section(&mut page, n, entry);
        }
        page.push_str(SCRIPT);
        page.push_str("</body>\n</html>\n");
        out.write_all(page.as_bytes())
    }
}
