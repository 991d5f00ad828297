//! The JUnit XML reporter, in the common Ant/Jenkins shape CI systems read.
//!
//! The suite's totals go in its start tag, so testcases are held until `finish`. Text goes
//! through quick-xml's escaping and [`xml_chars`]; output is deterministic (no timestamps,
//! host names or durations). Must not decide verdicts or exit codes; it shows what the
//! report holds.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::fmt::{flat, label_of, xml_chars};
use super::{Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::AnswerReport;

/// JUnit XML in the common Ant/Jenkins shape: `<testsuites>` holding one `<testsuite>`,
/// a `<testcase>` per answer (classname = question id, name = source), `<failure>` for
/// failed thresholds, `<error>` for inputs that could not be read, and a testcase per
/// unanswered question (failed under `require-all`, skipped otherwise). The suite's
/// totals go in its start tag, so testcases are buffered until `finish`.
#[derive(Default)]
pub struct Junit {
    cases: Vec<Case>,
}

struct Case {
    classname: String,
    name: String,
    outcome: Option<(&'static str, &'static str, String, String)>, // (element, type, message, body)
}

impl Reporter for Junit {
    fn answer(&mut self, _out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let outcome = (!report.failures.is_empty()).then(|| {
            let message = if report.failures.len() == 1 {
                report.failures[0].message.clone()
            } else {
                format!("{} thresholds failed", report.failures.len())
            };
            let mut body = report
                .failures
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if !report.missing_required.is_empty() {
                let missed: Vec<String> = report
                    .missing_required
                    .iter()
                    .map(|id| format!("- {id}: {}", label_of(report, id)))
                    .collect();
                body.push_str(&format!("\nmissed required concepts:\n{}", missed.join("\n")));
            }
            ("failure", "threshold", message, body)
        });
        // `score` applies no thresholds: there is no verdict, so the case is neither passed
        // nor failed but skipped, saying why (a 13% answer must not show as a pass).
        let outcome = outcome.or_else(|| {
            (!report.checked).then(|| {
                (
                    "skipped",
                    "",
                    format!(
                        "scored, not checked: coverage {}; `anscov score` applies no thresholds, `anscov check` does",
                        super::fmt::coverage_with_score(report)
                    ),
                    String::new(),
                )
            })
        });
        self.cases.push(Case {
            classname: report.question.clone().unwrap_or_else(|| "unclear".to_string()),
            name: report.source.clone(),
            outcome,
        });
        Ok(())
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.cases.push(Case {
            classname: "input".to_string(),
            name: problem.source.clone(),
            outcome: Some((
                "error",
                "input-error",
                problem.message.clone(),
                format!("{}: {}", problem.source, problem.message),
            )),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        for q in &summary.unanswered {
            let outcome = if summary.require_all {
                (
                    "failure",
                    "unanswered",
                    format!("{q}: no answer (require-all)"),
                    format!("{q}: no answer file names this question; add answers/{q}-….md or turn off require-all"),
                )
            } else {
                ("skipped", "", format!("{q}: no answer"), String::new())
            };
            self.cases.push(Case {
                classname: q.clone(),
                name: format!("{q} (no answer)"),
                outcome: Some(outcome),
            });
        }
        let count = |kind: &str| {
            self.cases
                .iter()
                .filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == kind))
                .count()
                .to_string()
        };
        let (tests, failures, errors, skipped) = (
            self.cases.len().to_string(),
            count("failure"),
            count("error"),
            count("skipped"),
        );
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let totals = [
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", errors.as_str()),
        ];
        writer
            .create_element("testsuites")
            .with_attribute(("name", "anscov"))
            .with_attributes(totals)
            .with_attribute(("time", "0"))
            .write_inner_content(|w| {
                w.create_element("testsuite")
                    .with_attribute(("name", "anscov"))
                    .with_attributes(totals)
                    .with_attribute(("skipped", skipped.as_str()))
                    .with_attribute(("time", "0"))
                    .write_inner_content(|w| {
                        for case in &self.cases {
                            let element = w
                                .create_element("testcase")
                                .with_attribute(("classname", xml_chars(&case.classname).as_ref()))
                                .with_attribute(("name", xml_chars(&case.name).as_ref()))
                                .with_attribute(("time", "0"));
                            match &case.outcome {
                                None => {
                                    element.write_empty()?;
                                }
                                Some((kind, ty, message, body)) => {
                                    element.write_inner_content(|w| {
                                        let mut outcome = w
                                            .create_element(*kind)
                                            .with_attribute(("message", xml_chars(&flat(message)).as_ref()));
                                        if !ty.is_empty() {
                                            outcome = outcome.with_attribute(("type", *ty));
                                        }
                                        if body.is_empty() {
                                            outcome.write_empty()?;
                                        } else {
                                            outcome.write_text_content(BytesText::new(&xml_chars(body)))?;
                                        }
                                        Ok(())
                                    })?;
                                }
                            }
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        out.write_all(&bytes)
    }
}
