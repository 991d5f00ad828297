//! Reporters for CI: Markdown (PR comments, `$GITHUB_STEP_SUMMARY`), JUnit XML, SARIF 2.1.0 and GitHub workflow commands.
//!
//! Like the others they write to the writer they are given and never print. Output is
//! deterministic: no timestamps, host names or durations, and everything in input order,
//! so the same answers give byte-identical reports (CI caches and diffs rely on it).
//! Formats whose header carries totals (JUnit) hold their body until `finish`; the others
//! stream.

use std::io::{self, Write};

use quick_xml::escape::escape;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde_json::{json, Value};

use crate::input::Diagnostic;
use crate::report::{percent, plural, verdict};
use crate::report::{Reporter, Summary};
use crate::score::{AnswerReport, ConceptReport, Engine, Status};
use crate::verdict::AnswerVerdict;

/// The file an answer came from, with `/` separators (SARIF URIs and GitHub annotations
/// want them), or its source name (`-` for stdin).
fn file_of(report_path: Option<&std::path::Path>, source: &str) -> String {
    match report_path {
        Some(path) => {
            let shown = path.display().to_string().replace('\\', "/");
            shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
        }
        None => source.to_string(),
    }
}

fn question_text<'e>(engine: &'e Engine, report: &AnswerReport) -> Option<(&'e str, &'e str)> {
    let bank = engine.bank();
    let q = &bank.questions[bank.find(report.question.as_deref()?)?];
    Some((q.id.as_str(), q.text.as_str()))
}

fn label_of<'r>(report: &'r AnswerReport, id: &'r str) -> &'r str {
    report
        .concepts
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.as_str())
}

fn negated(report: &AnswerReport) -> impl Iterator<Item = &ConceptReport> {
    report.concepts.iter().filter(|c| c.status == Status::Negated)
}

// ---------------------------------------------------------------------------------------
// Markdown

/// A summary table, one row per answer, then failures, input errors and unanswered
/// questions. GitHub-flavoured Markdown.
#[derive(Default)]
pub struct Markdown {
    failures: Vec<(String, String)>,
    problems: Vec<Diagnostic>,
}

/// Escapes text for a Markdown table cell: pipes, HTML and inline markup are literal.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

impl Reporter for Markdown {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## anscov\n")?;
        writeln!(out, "| Answer | Question | Coverage | Missing required | Status |")?;
        writeln!(out, "|---|---|---:|---|---|")
    }

    fn answer(&mut self, out: &mut dyn Write, engine: &Engine, report: &AnswerReport) -> io::Result<()> {
        let question = match question_text(engine, report) {
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
        writeln!(
            out,
            "| {} | {question} | {} | {missing} | {status} |",
            markdown_cell(&source),
            percent(report.coverage)
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

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
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

// ---------------------------------------------------------------------------------------
// HTML

// The HTML report is in src/html.rs; its escaping is shared from here.

/// Escapes text for HTML element content and attribute values, and replaces characters
/// XML cannot carry at all.
pub fn html_escape(text: &str) -> String {
    escape(xml_chars(text).as_ref()).into_owned()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces characters XML 1.0 forbids even when escaped (most C0 controls) with U+FFFD.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let bad =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().any(bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

// ---------------------------------------------------------------------------------------
// JUnit

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
    fn answer(&mut self, _out: &mut dyn Write, _engine: &Engine, report: &AnswerReport) -> io::Result<()> {
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
                        percent(report.coverage)
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

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
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

// ---------------------------------------------------------------------------------------
// SARIF

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

    fn answer(&mut self, out: &mut dyn Write, _engine: &Engine, report: &AnswerReport) -> io::Result<()> {
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
                "{question}: `{}` ({}) is mentioned only as negated: \"{}\"",
                concept.id,
                concept.label,
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

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
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

/// A path as a URI reference: relative paths `/`-separated with characters outside
/// RFC 3986's unreserved and sub-delimiter sets percent-encoded (`:` too, so a first
/// segment is never read as a scheme); absolute paths as `file://` URIs.
pub fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// GitHub workflow commands

/// GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` for each
/// failed threshold and input error, `::warning` for missed required concepts that the
/// thresholds allow and for negated mentions, `::notice` for the totals.
pub struct Github;

/// Escapes a workflow command's message.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

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
    fn answer(&mut self, out: &mut dyn Write, _engine: &Engine, report: &AnswerReport) -> io::Result<()> {
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
                "{}: {question}: `{}` ({}) is mentioned only as negated: \"{}\"",
                report.source,
                concept.id,
                concept.label,
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

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::check::{Checker, Policy};
    use crate::input::Answer;
    use crate::report::{reporter, Format};

    fn run(format: Format) -> String {
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let policy = Policy {
            min_coverage: 0.5,
            require_all: true,
            ..Policy::default()
        };
        let mut checker = Checker::new(engine.bank(), &policy);
        let mut reporter = reporter(format);
        let mut out = Vec::new();
        let mut summary = Summary::default();
        reporter.begin(&mut out).unwrap();
        let texts = [
            (
                "answers/q04 <&>.md",
                "We never use error budgets.\nI think reliability matters, 100% \"really\" | a lot,\r\nand: we care.",
            ),
            ("answers/q05.md", "Costs, costs, costs."),
        ];
        for (i, (name, text)) in texts.iter().enumerate() {
            let mut answer = Answer::from_text(name, Some(["q04", "q05"][i]), text);
            answer.path = Some(name.into());
            let mut report = engine.score(&answer).unwrap();
            checker.apply(&mut report);
            summary.add(&report);
            reporter.answer(&mut out, &engine, &report).unwrap();
        }
        let problem = Diagnostic {
            source: "answers/bad.md".into(),
            message: "binary content (NUL bytes) <x>".into(),
            path: Some("answers/bad.md".into()),
            line: None,
        };
        summary.problems += 1;
        reporter.problem(&mut out, &problem).unwrap();
        checker.finish(&mut summary);
        reporter.finish(&mut out, &engine, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_ci_format_is_deterministic() {
        for format in [
            Format::Markdown,
            Format::Html,
            Format::Junit,
            Format::Sarif,
            Format::Github,
        ] {
            assert_eq!(run(format), run(format), "{format:?}");
        }
    }

    #[test]
    fn junit_is_well_formed_and_counts() {
        let xml = run(Format::Junit);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut cases, mut failures, mut errors) = (0, 0, 0);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    b"error" => errors += 1,
                    _ => {}
                },
                _ => {}
            }
        }
        assert_eq!(errors, 1);
        assert!(failures >= 2 + 22, "{xml}");
        assert_eq!(cases, 2 + 1 + 22);
        assert!(
            xml.contains(&format!("tests=\"{cases}\" failures=\"{failures}\" errors=\"1\"")),
            "{xml}"
        );
        assert!(xml.contains("name=\"answers/q04 &lt;&amp;&gt;.md\""), "{xml}");
    }

    #[test]
    fn sarif_is_json_with_locations() {
        let sarif: Value = serde_json::from_str(&run(Format::Sarif)).unwrap();
        let run = &sarif["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "anscov");
        let results = run["results"].as_array().unwrap();
        let missing = results
            .iter()
            .find(|r| r["ruleId"] == "missing-required-concept")
            .unwrap();
        let uri = missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(uri, "answers/q04%20%3C&%3E.md");
        assert_eq!(missing["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
        assert!(results.iter().any(|r| r["ruleId"] == "input-error"));
        assert!(results.iter().any(|r| r["ruleId"] == "threshold-failed"));
        for r in results {
            assert_eq!(SARIF_RULES[r["ruleIndex"].as_u64().unwrap() as usize].0, r["ruleId"]);
        }
    }

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        let out = run(Format::Github);
        for line in out.lines() {
            assert!(
                line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
                "{line}"
            );
        }
        assert!(
            out.contains("::error file=answers/q04 <&>.md,line=1,title=anscov q04::"),
            "{out}"
        );
        assert!(
            out.contains("::error file=answers/bad.md,title=anscov input error::"),
            "{out}"
        );
    }

    #[test]
    fn markdown_and_html_escape() {
        let md = run(Format::Markdown);
        assert!(md.contains("| answers/q04 &lt;&amp;&gt;.md |"), "{md}");
        assert!(md.contains("❌ fail"));
        assert_eq!(markdown_cell("a|b\n*c*"), "a\\|b \\*c\\*");
        let html = run(Format::Html);
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        assert!(html.contains("answers/q04 &lt;&amp;&gt;.md"));
        assert!(!html.contains("<x>"));
        assert_eq!(html_escape("a\u{1}<\"'"), "a\u{fffd}&lt;&quot;&apos;");
    }
}
