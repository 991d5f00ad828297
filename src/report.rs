//! Reporters: one implementation of [`Reporter`] per output format. They write to the
//! writer they are given (the library never prints) and stream: an answer is written as
//! soon as it is scored, so memory does not grow with the batch.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::input::Diagnostic;
use crate::score::{AnswerReport, Engine, Status};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Markdown,
    Html,
    Junit,
    Sarif,
    Github,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Text,
        Format::Json,
        Format::Jsonl,
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::Sarif,
        Format::Github,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub answers: usize,
    pub mean_coverage: f64,
    /// Answers that failed a threshold (`check`).
    pub failed: usize,
    /// Inputs that could not be read or scored.
    pub problems: usize,
    /// Questions of the bank with no answer (`check`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unanswered: Vec<String>,
    /// Whether unanswered questions are failures (`check --require-all`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub require_all: bool,
    #[serde(skip)]
    coverage_sum: f64,
}

impl Summary {
    pub fn add(&mut self, report: &AnswerReport) {
        self.answers += 1;
        self.coverage_sum += report.coverage;
        self.mean_coverage = crate::score::round(self.coverage_sum / self.answers as f64);
        if !report.failures.is_empty() {
            self.failed += 1;
        }
    }
}

/// A report format.
pub trait Reporter {
    /// Called once before anything else.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn answer(&mut self, out: &mut dyn Write, engine: &Engine, report: &AnswerReport) -> io::Result<()>;
    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, engine: &Engine, summary: &Summary) -> io::Result<()>;
}

/// The reporter for a format.
pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(Text),
        Format::Json => Box::new(Json::default()),
        Format::Jsonl => Box::new(Jsonl::default()),
        Format::Markdown => Box::new(crate::ci_report::Markdown::default()),
        Format::Html => Box::new(crate::ci_report::Html::default()),
        Format::Junit => Box::new(crate::ci_report::Junit::default()),
        Format::Sarif => Box::new(crate::ci_report::Sarif::default()),
        Format::Github => Box::new(crate::ci_report::Github),
    }
}

/// Human-readable text. Writes ANSI styles; the binary strips them when stdout is not a
/// terminal or `NO_COLOR` is set.
pub struct Text;

const BAR_WIDTH: usize = 20;
const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const MAGENTA: Style = AnsiColor::Magenta.on_default();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// A coverage bar: `████████░░░░ 40%`.
pub fn coverage_bar(coverage: f64) -> String {
    let filled = ((coverage.clamp(0.0, 1.0) * BAR_WIDTH as f64).round()) as usize;
    format!(
        "{}{} {:>3.0}%",
        "█".repeat(filled),
        "░".repeat(BAR_WIDTH - filled),
        coverage * 100.0 + 0.0
    )
}

/// Evidence quoted on one line, shortened to `max` characters.
pub fn quote(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        format!("\"{flat}\"")
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("\"{cut}…\"")
    }
}

impl Reporter for Text {
    fn answer(&mut self, out: &mut dyn Write, engine: &Engine, report: &AnswerReport) -> io::Result<()> {
        let question = report
            .question
            .as_deref()
            .and_then(|q| engine.bank().find(q))
            .map(|i| &engine.bank().questions[i]);
        match question {
            Some(q) => {
                let routed = if report.routed {
                    format!(
                        "  {DIM}(routed, confidence {:.0}%){DIM:#}",
                        report.route_confidence.unwrap_or(0.0) * 100.0
                    )
                } else {
                    String::new()
                };
                writeln!(out, "{BOLD}{}{BOLD:#}  {}{routed}", report.source, q.id)?;
                writeln!(out, "  {DIM}{}{DIM:#}", q.text)?;
            }
            None => {
                writeln!(out, "{BOLD}{}{BOLD:#}", report.source)?;
                let candidates: Vec<String> = report
                    .candidates
                    .iter()
                    .map(|c| format!("{} {:.0}%", c.question, c.confidence * 100.0))
                    .collect();
                writeln!(
                    out,
                    "  {YELLOW}question unclear{YELLOW:#}: the answer does not name its question and no question fits well enough (best: {}).",
                    if candidates.is_empty() { "none".to_string() } else { candidates.join(", ") }
                )?;
                writeln!(
                    out,
                    "  Name it with front matter `question: q04`, a file name such as q04.md, or --question."
                )?;
                writeln!(out)?;
                return Ok(());
            }
        }
        let style = if report.coverage >= 0.7 {
            GREEN
        } else if report.coverage >= 0.4 {
            YELLOW
        } else {
            RED
        };
        writeln!(
            out,
            "  coverage {style}{}{style:#}  similarity {:.2}  {} words",
            coverage_bar(report.coverage),
            report.similarity,
            report.words
        )?;
        if report.flags.iter().any(|f| f == "keyword-list") {
            writeln!(
                out,
                "  {YELLOW}keyword list{YELLOW:#}: this reads as a list of terms, not sentences, so coverage counts {:.0}%. Say what you would do and why.",
                crate::score::KEYWORD_LIST_DISCOUNT * 100.0
            )?;
        }
        for concept in &report.concepts {
            let required = if concept.required { " (required)" } else { "" };
            match concept.status {
                Status::Covered => {
                    let how = match concept.signal {
                        Some(crate::matcher::Signal::Phrase) | None => String::new(),
                        Some(signal) => format!(
                            " {DIM}[{}]{DIM:#}",
                            serde_json::to_value(signal)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        ),
                    };
                    let evidence = concept
                        .evidence
                        .first()
                        .map(|e| format!("  {DIM}{} (line {}){DIM:#}", quote(&e.text, 60), e.line))
                        .unwrap_or_default();
                    writeln!(out, "  {GREEN}✓{GREEN:#} {}{how}{evidence}", concept.label)?;
                }
                Status::Negated => {
                    let evidence = concept
                        .evidence
                        .first()
                        .map(|e| format!(" {} (line {})", quote(&e.text, 50), e.line))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {MAGENTA}⊘{MAGENTA:#} {}{required} — mentioned only as negated:{evidence}",
                        concept.label
                    )?;
                    if let Some(hint) = &concept.hint {
                        writeln!(out, "      {DIM}{hint}{DIM:#}")?;
                    }
                }
                Status::Missed => {
                    let mark = if concept.required { RED } else { YELLOW };
                    writeln!(out, "  {mark}✗{mark:#} {}{required}", concept.label)?;
                    if let Some(hint) = &concept.hint {
                        writeln!(out, "      {DIM}{hint}{DIM:#}")?;
                    }
                }
            }
        }
        for failure in &report.failures {
            writeln!(out, "  {RED}FAIL{RED:#} {failure}")?;
        }
        writeln!(out)
    }

    fn problem(&mut self, _out: &mut dyn Write, _problem: &Diagnostic) -> io::Result<()> {
        // The binary reports problems on stderr for the text format.
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
        write!(
            out,
            "{} answer{}, mean coverage {:.0}%",
            summary.answers,
            plural(summary.answers),
            summary.mean_coverage * 100.0
        )?;
        if summary.failed > 0 {
            write!(out, ", {RED}{} failed{RED:#}", summary.failed)?;
        }
        if summary.problems > 0 {
            write!(
                out,
                ", {RED}{} input problem{}{RED:#}",
                summary.problems,
                plural(summary.problems)
            )?;
        }
        writeln!(out)?;
        if !summary.unanswered.is_empty() {
            writeln!(out, "unanswered questions: {}", summary.unanswered.join(", "))?;
        }
        Ok(())
    }
}

/// "s" unless `n` is 1.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The JSON contract, version 1: `{"version": 1, "answers": [...], "errors": [...],
/// "summary": {...}}`, written incrementally.
#[derive(Default)]
pub struct Json {
    wrote_answer: bool,
    problems: Vec<Diagnostic>,
    buf: Vec<u8>,
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\":1,\"answers\":[")
    }

    fn answer(&mut self, out: &mut dyn Write, _engine: &Engine, report: &AnswerReport) -> io::Result<()> {
        if self.wrote_answer {
            write!(out, ",")?;
        }
        self.wrote_answer = true;
        write_json(&mut self.buf, out, report, "")
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        self.problems.push(problem.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
        write!(out, "],\"errors\":")?;
        serde_json::to_writer(&mut *out, &self.problems).map_err(io::Error::other)?;
        write!(out, ",\"summary\":")?;
        serde_json::to_writer(&mut *out, summary).map_err(io::Error::other)?;
        writeln!(out, "}}")
    }
}

/// One JSON object per line: `{"type":"answer",...}` per answer, `{"type":"error",...}`
/// per problem, then `{"type":"summary",...}`.
#[derive(Default)]
pub struct Jsonl {
    buf: Vec<u8>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum JsonlLine<'a> {
    Answer(&'a AnswerReport),
    Error(&'a Diagnostic),
    Summary(&'a Summary),
}

/// Serialises `value` into `buf`, appends `end`, and writes the whole in one call.
/// serde_json issues a write per token; through `&mut dyn Write` into a `BufWriter` those
/// calls were ≈ 45 k instructions per 250-word answer (callgrind), more than the JSON
/// encoding itself; into a `Vec` they are inlined copies.
fn write_json(buf: &mut Vec<u8>, out: &mut dyn Write, value: &impl Serialize, end: &str) -> io::Result<()> {
    buf.clear();
    serde_json::to_writer(&mut *buf, value).map_err(io::Error::other)?;
    buf.extend_from_slice(end.as_bytes());
    out.write_all(buf)
}

impl Reporter for Jsonl {
    fn answer(&mut self, out: &mut dyn Write, _engine: &Engine, report: &AnswerReport) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Answer(report), "\n")
    }

    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Error(problem), "\n")
    }

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Summary(summary), "\n")
    }
}
