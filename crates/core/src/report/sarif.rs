//! The SARIF 2.1.0 reporter (code-scanning UIs): one run, tool `anscov` with its rules,
//! results with file, line and column (code points), streamed as answers arrive.
//!
//! Each missed required concept and negated mention is its own result, so threshold
//! failures about required concepts are not repeated. Output is deterministic. Must not
//! decide verdicts or exit codes; it shows what the report holds.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::fmt::{file_of, flat, label_of, negated, uri_encode};
use super::{Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::{AnswerReport, Status};

/// Rule ids and descriptions, in `tool.driver.rules` order (results refer to them by
/// index too).
pub const SARIF_RULES: &[(&str, &str, &str, &str)] = &[
    (
        "missing-required-concept",
        "MissingRequiredConcept",
        "A required concept is not covered by the answer.",
        "Add the concept in your own words; the hint in the message says what interviewers listen for.",
    ),
    (
        "negated-concept",
        "NegatedConcept",
        "A concept is mentioned only under negation (\"we never used canaries\").",
        "If you do practise it, say so plainly; if you do not, explain what you do instead and why.",
    ),
    (
        "input-error",
        "InputError",
        "An answer file could not be read or scored.",
        "Fix the file as the message says (encoding, size, front matter, question id).",
    ),
    (
        "threshold-failed",
        "ThresholdFailed",
        "The answer is below a coverage threshold or its question is unclear.",
        "Cover more of the rubric, or adjust min-coverage in anscov.toml.",
    ),
    (
        "unanswered-question",
        "UnansweredQuestion",
        "A question of the bank has no answer while require-all is on.",
        "Add an answer file for the question, or turn off require-all.",
    ),
];

fn rule_index(id: &str) -> usize {
    SARIF_RULES.iter().position(|r| r.0 == id).unwrap_or(0)
}

/// SARIF 2.1.0: one run, tool.driver `anscov` with the rules above, results with file,
/// line and column (code points). Streamed: results are written as answers arrive.
#[derive(Default)]
pub struct Sarif {
    wrote_result: bool,
}

impl Sarif {
    fn result(
        &mut self,
        out: &mut dyn Write,
        rule: &str,
        level: &str,
        message: String,
        location: Option<(&str, usize, usize)>,
        properties: Value,
    ) -> io::Result<()> {
        let mut result = json!({
            "ruleId": rule,
            "ruleIndex": rule_index(rule),
            "level": level,
            "message": { "text": message },
        });
        if let Some((uri, line, column)) = location {
            result["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri_encode(uri) },
                    "region": { "startLine": line.max(1), "startColumn": column.max(1) }
                }
            }]);
        }
        if properties.as_object().is_some_and(|o| !o.is_empty()) {
            result["properties"] = properties;
        }
        out.write_all(if self.wrote_result { b",\n" } else { b"\n" })?;
        self.wrote_result = true;
        serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)
    }
}

impl Reporter for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = SARIF_RULES
            .iter()
            .map(|(id, name, short, help)| {
                json!({
                    "id": id,
                    "name": name,
                    "shortDescription": { "text": short },
                    "help": { "text": help },
                    "defaultConfiguration": { "level": if *id == "negated-concept" { "warning" } else { "error" } }
                })
            })
            .collect();
        let tool = json!({ "driver": { "name": "anscov", "version": env!("CARGO_PKG_VERSION"), "rules": rules } });
        write!(out, "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":")?;
        serde_json::to_writer(&mut *out, &tool).map_err(io::Error::other)?;
        write!(out, ",\"columnKind\":\"unicodeCodePoints\",\"results\":[")
    }

    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let file = file_of(report.path.as_deref(), &report.source);
        let question = report.question.clone().unwrap_or_default();
        let failed = !report.failures.is_empty();
        for id in &report.missing_required {
            let concept = report.concepts.iter().find(|c| &c.id == id);
            let hint = concept
                .and_then(|c| c.hint.as_deref())
                .map(|h| format!(" {h}"))
                .unwrap_or_default();
            let message = format!(
                "{question}: required concept `{id}` ({}) is not covered.{hint}",
                label_of(report, id)
            );
            // Negated required concepts point at the negated mention; others at the answer.
            let at = concept
                .and_then(|c| (c.status == Status::Negated).then(|| c.evidence.first()).flatten())
                .map_or((report.line, 1), |e| (e.line, e.column));
            let level = if failed { "error" } else { "warning" };
            self.result(
                out,
                "missing-required-concept",
                level,
                message,
                Some((&file, at.0, at.1)),
                json!({ "question": question, "concept": id }),
            )?;
        }
        for concept in negated(report) {
            let Some(e) = concept.evidence.first() else { continue };
            let message = format!(
                "{question}: `{}` ({}) is {}: \"{}\"",
                concept.id,
                concept.label,
                super::fmt::negated_words(concept),
                flat(&e.text)
            );
            self.result(
                out,
                "negated-concept",
                "warning",
                message,
                Some((&file, e.line, e.column)),
                json!({ "question": question, "concept": concept.id }),
            )?;
        }
        for failure in report.failures.iter().filter(|f| !f.is_about_required_concepts()) {
            self.result(
                out,
                "threshold-failed",
                "error",
                failure.message.clone(),
                Some((&file, report.line, 1)),
                json!({ "question": question }),
            )?;
        }
        Ok(())
    }

    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        let file = file_of(problem.path.as_deref(), &problem.source);
        let location = problem
            .path
            .is_some()
            .then_some((file.as_str(), problem.line.unwrap_or(1), 1));
        self.result(
            out,
            "input-error",
            "error",
            format!("{}: {}", problem.source, problem.message),
            location,
            json!({}),
        )
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if summary.require_all {
            for q in &summary.unanswered {
                self.result(
                    out,
                    "unanswered-question",
                    "error",
                    format!("{q}: no answer names this question (require-all)"),
                    None,
                    json!({ "question": q }),
                )?;
            }
        }
        writeln!(out, "\n]}}]}}")
    }
}
