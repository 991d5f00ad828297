//! Reporters: one implementation of [`Reporter`] per output format. They write to the
//! writer they are given (the library never prints) and stream: an answer is written as
//! soon as it is scored, so memory does not grow with the batch.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::input::Diagnostic;
use crate::matcher::Signal;
use crate::score::{AnswerReport, Engine, Status};
use crate::verdict::{AnswerVerdict, Flag};

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
        Format::Html => Box::new(crate::html::Html::default()),
        Format::Junit => Box::new(crate::ci_report::Junit::default()),
        Format::Sarif => Box::new(crate::ci_report::Sarif::default()),
        Format::Github => Box::new(crate::ci_report::Github),
    }
}

/// The first line of a report written with `-o` in a format that has no fixed beginning
/// of its own (text, Markdown, GitHub annotations), so a folder walk can tell the report
/// from an answer ([`is_report`]). Markdown gets an HTML comment, which renders as nothing.
pub fn file_marker(format: Format) -> Option<&'static str> {
    match format {
        Format::Text | Format::Github => Some(TEXT_MARKER),
        Format::Markdown => Some(MARKDOWN_MARKER),
        _ => None,
    }
}

const TEXT_MARKER: &str = "# anscov report: written by anscov, which never reads it back as an answer";
const MARKDOWN_MARKER: &str = "<!-- anscov report: written by anscov, which never reads it back as an answer -->";

/// Whether `head` (a file's first bytes, ≥ 512 when the file is that long) is the start
/// of a report anscov wrote: the marker line of [`file_marker`], or the fixed beginning
/// of a JSON, JSONL, SARIF, JUnit or HTML report. Folder walks skip such files, so a
/// report written into an answer folder is never scored as an answer.
pub fn is_report(head: &[u8]) -> bool {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    head.starts_with(TEXT_MARKER.as_bytes())
        || head.starts_with(MARKDOWN_MARKER.as_bytes())
        || head.starts_with(b"{\"version\":1,\"answers\":[")
        || [&b"answer"[..], b"error", b"summary"]
            .iter()
            .any(|t| head.starts_with(&[&b"{\"type\":\""[..], t, b"\","].concat()))
        || (head.starts_with(b"{\"$schema\":\"https://json.schemastore.org/sarif") && has(b"\"name\":\"anscov\""))
        || (head.starts_with(b"<?xml") && has(b"<testsuites name=\"anscov\""))
        || (head.starts_with(b"<!DOCTYPE html>") && has(b"<title>anscov report</title>"))
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

/// ` "text" (line N)` for the first evidence of a mentioned or negated concept.
fn quoted_evidence(evidence: Option<&crate::score::Evidence>) -> String {
    evidence
        .map(|e| format!(" {} ({})", quote(&e.text, 50), place(e)))
        .unwrap_or_default()
}

/// `line N`, and the cue's start time for a transcript: `line 7, 00:00:04.200`.
fn place(evidence: &crate::score::Evidence) -> String {
    match &evidence.cue_start {
        Some(start) => format!("line {}, {start}", evidence.line),
        None => format!("line {}", evidence.line),
    }
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
        if report.flags.contains(&Flag::KeywordList) {
            writeln!(
                out,
                "  {YELLOW}keyword list{YELLOW:#}: this reads as a list of terms, not sentences, so every concept it names counts as mentioned ({:.0}% credit). Say what you would do and why.",
                crate::score::MENTIONED_CREDIT * 100.0
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
                        .map(|e| format!("  {DIM}{} ({}){DIM:#}", quote(&e.text, 60), place(e)))
                        .unwrap_or_default();
                    writeln!(out, "  {GREEN}✓{GREEN:#} {}{how}{evidence}", concept.label)?;
                }
                Status::Mentioned => {
                    let first = concept.evidence.first();
                    writeln!(
                        out,
                        "  {YELLOW}~{YELLOW:#} {}{required} — named, not explained:{}",
                        concept.label,
                        quoted_evidence(first)
                    )?;
                    writeln!(
                        out,
                        "      {DIM}Say how: what you did or would do, with a number, an example or the mechanism.{DIM:#}"
                    )?;
                    if let Some(hint) = &concept.hint {
                        writeln!(out, "      {DIM}{hint}{DIM:#}")?;
                    }
                }
                Status::Negated => {
                    let first = concept.evidence.first();
                    writeln!(
                        out,
                        "  {MAGENTA}⊘{MAGENTA:#} {}{required} — mentioned only as negated:{}",
                        concept.label,
                        quoted_evidence(first)
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
            if let Some(sentence) = &concept.sample_sentence {
                writeln!(out, "      {DIM}The sample answer: {}{DIM:#}", quote(sentence, 240))?;
            }
        }
        write_delivery(out, &report.delivery)?;
        if let Some(star) = &report.star {
            write_star(out, star)?;
        }
        if let Some(progress) = &report.progress {
            write_progress(out, progress)?;
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

/// `m:ss` of seconds.
pub fn clock(seconds: f64) -> String {
    let whole = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", whole / 60, whole % 60)
}

/// `um ×6, uh ×4`.
pub fn which(tally: &crate::delivery::Tally) -> String {
    tally
        .which
        .iter()
        .map(|c| format!("{} ×{}", c.word, c.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a length verdict says.
pub fn length_words(length: crate::delivery::Length) -> &'static str {
    match length {
        crate::delivery::Length::Short => "short",
        crate::delivery::Length::OnTarget => "on target",
        crate::delivery::Length::Long => "long",
    }
}

/// What a pace verdict says.
pub fn pace_words(pace: crate::delivery::Pace) -> &'static str {
    match pace {
        crate::delivery::Pace::Slow => "slow",
        crate::delivery::Pace::Steady => "steady",
        crate::delivery::Pace::Fast => "fast",
    }
}

fn write_delivery(out: &mut dyn Write, d: &crate::delivery::Delivery) -> io::Result<()> {
    let t = &d.target;
    let how = if t.measured {
        "spoken".to_string()
    } else {
        format!("≈ at {} wpm", t.words_per_minute)
    };
    let style = if t.length == crate::delivery::Length::OnTarget {
        GREEN
    } else {
        YELLOW
    };
    writeln!(
        out,
        "  delivery  {} words · {} {how} · target {} ({} words): {style}{}{style:#}",
        d.words,
        clock(t.answer_seconds),
        clock(f64::from(t.seconds)),
        t.words,
        length_words(t.length)
    )?;
    let rate = |name: &str, tally: &crate::delivery::Tally| {
        if tally.count == 0 {
            format!("{name} none")
        } else {
            format!("{name} {:.1} per 100 words ({})", tally.per_100_words, which(tally))
        }
    };
    writeln!(
        out,
        "            {} · {}",
        rate("fillers", &d.fillers),
        rate("hedges", &d.hedges)
    )?;
    if let Some(timing) = &d.timing {
        let pauses = if timing.long_pauses.is_empty() {
            "no long pauses".to_string()
        } else {
            format!(
                "long pauses: {}",
                timing
                    .long_pauses
                    .iter()
                    .map(|p| format!("{:.1} s at {}", p.seconds, clock(p.at_seconds)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        writeln!(
            out,
            "  pace      {:.0} words per minute over {} ({}) · {pauses}",
            timing.words_per_minute,
            clock(timing.duration_seconds),
            pace_words(timing.pace)
        )?;
    }
    Ok(())
}

fn write_star(out: &mut dyn Write, star: &crate::star::Star) -> io::Result<()> {
    writeln!(out, "  STAR (behavioural question)")?;
    for element in &star.parts {
        let name = element.part.name();
        match &element.evidence {
            Some(e) => writeln!(
                out,
                "    {GREEN}✓{GREEN:#} {name:<9} {DIM}{} (line {}){DIM:#}",
                quote(&e.text, 60),
                e.line
            )?,
            None => writeln!(out, "    {RED}✗{RED:#} {name:<9} {DIM}{}{DIM:#}", element.part.advice())?,
        }
    }
    if star.parts[3].found {
        match &star.quantified_evidence {
            Some(e) => writeln!(
                out,
                "    {GREEN}✓{GREEN:#} quantified result {DIM}{}{DIM:#}",
                quote(&e.text, 60)
            )?,
            None => writeln!(
                out,
                "    {YELLOW}~{YELLOW:#} result not quantified {DIM}give a number or a before/after{DIM:#}"
            )?,
        }
    }
    Ok(())
}

fn write_progress(out: &mut dyn Write, p: &crate::progress::Progress) -> io::Result<()> {
    let delta = (p.coverage.after - p.coverage.before) * 100.0;
    let style = if delta >= 0.0 { GREEN } else { RED };
    writeln!(
        out,
        "  since draft {} ({}): coverage {:.0}% → {:.0}% ({style}{delta:+.0}{style:#} points), words {} → {}, fillers {:.1} → {:.1} per 100",
        p.previous_draft,
        p.previous,
        p.coverage.before * 100.0,
        p.coverage.after * 100.0,
        p.words.before,
        p.words.after,
        p.fillers_per_100_words.before,
        p.fillers_per_100_words.after,
    )?;
    if let Some(wpm) = &p.words_per_minute {
        writeln!(out, "    pace {:.0} → {:.0} words per minute", wpm.before, wpm.after)?;
    }
    let list = |changes: &[crate::progress::ConceptChange]| {
        changes
            .iter()
            .map(|c| format!("{} ({} → {})", c.label, status_word(c.from), status_word(c.to)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !p.gained.is_empty() {
        writeln!(out, "    {GREEN}gained{GREEN:#} {}", list(&p.gained))?;
    }
    if !p.lost.is_empty() {
        writeln!(out, "    {RED}lost{RED:#}   {}", list(&p.lost))?;
    }
    Ok(())
}

/// A status as a word.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Covered => "covered",
        Status::Missed => "missed",
        Status::Negated => "negated",
        Status::Mentioned => "mentioned",
    }
}

/// Pass/fail/unclear; "scored" when no thresholds were applied (`anscov score`):
/// without a threshold there is nothing to pass. Shared by every report that shows one.
pub fn verdict(report: &AnswerReport) -> AnswerVerdict {
    if !report.failures.is_empty() {
        AnswerVerdict::Fail
    } else if report.question.is_none() {
        AnswerVerdict::Unclear
    } else if !report.checked {
        AnswerVerdict::Scored
    } else {
        AnswerVerdict::Pass
    }
}

/// `0.6` → `60%`, `0.605` → `60.5%`.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{:.0}%", p + 0.0)
    } else {
        format!("{:.1}%", p + 0.0)
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
        self.buf.clear();
        write_answer(&mut self.buf, report, false);
        out.write_all(&self.buf)
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

/// JSONL lines. Answer lines are written by [`write_answer`], which must give what
/// serialising `JsonlLine::Answer` gives (a test checks it byte for byte).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum JsonlLine<'a> {
    #[allow(dead_code)] // The reference for write_answer's output, used by its tests.
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
        self.buf.clear();
        write_answer(&mut self.buf, report, true);
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }

    fn problem(&mut self, out: &mut dyn Write, problem: &Diagnostic) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Error(problem), "\n")
    }

    fn finish(&mut self, out: &mut dyn Write, _engine: &Engine, summary: &Summary) -> io::Result<()> {
        write_json(&mut self.buf, out, &JsonlLine::Summary(summary), "\n")
    }
}

/// Appends `report` as compact JSON to `buf`, with `"type":"answer"` first when `tagged`:
/// byte for byte what serde_json writes for `report` (or `JsonlLine::Answer(report)`),
/// which stays the reference — tests compare the two on every kind of report.
///
/// Why by hand: serde's derived `Serialize` makes one call per key, each through
/// serde_json's string escaper with three buffer writes, ≈ 220 calls and ≈ 52 k
/// instructions per 250-word answer (callgrind; the 20 evidence spans alone were 25 k).
/// Keys and punctuation here are constant byte strings; every string *value* still goes
/// through serde_json's escaper and every float through serde_json's formatter, so
/// escaping and number formats cannot drift from the reference.
fn write_answer(buf: &mut Vec<u8>, report: &AnswerReport, tagged: bool) {
    buf.extend_from_slice(if tagged {
        b"{\"type\":\"answer\",\"source\":"
    } else {
        b"{\"source\":"
    });
    json_str(buf, &report.source);
    buf.extend_from_slice(b",\"id\":");
    json_str(buf, &report.id);
    buf.extend_from_slice(b",\"question\":");
    match &report.question {
        Some(question) => json_str(buf, question),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"routed\":");
    json_bool(buf, report.routed);
    buf.extend_from_slice(b",\"route_confidence\":");
    json_opt_f64(buf, report.route_confidence);
    buf.extend_from_slice(b",\"coverage\":");
    json_f64(buf, report.coverage);
    buf.extend_from_slice(b",\"similarity\":");
    json_f64(buf, report.similarity);
    buf.extend_from_slice(b",\"concepts\":[");
    for (i, concept) in report.concepts.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"id\":");
        json_str(buf, &concept.id);
        buf.extend_from_slice(b",\"label\":");
        json_str(buf, &concept.label);
        buf.extend_from_slice(b",\"weight\":");
        json_f64(buf, concept.weight);
        buf.extend_from_slice(b",\"required\":");
        json_bool(buf, concept.required);
        buf.extend_from_slice(b",\"covered\":");
        json_bool(buf, concept.covered);
        buf.extend_from_slice(match concept.status {
            Status::Covered => b",\"status\":\"covered\"",
            Status::Missed => b",\"status\":\"missed\"",
            Status::Negated => b",\"status\":\"negated\"",
            Status::Mentioned => b",\"status\":\"mentioned\"",
        });
        buf.extend_from_slice(match concept.signal {
            None => b",\"match\":null",
            Some(Signal::Phrase) => b",\"match\":\"phrase\"",
            Some(Signal::Partial) => b",\"match\":\"partial\"",
            Some(Signal::Semantic) => b",\"match\":\"semantic\"",
        });
        buf.extend_from_slice(b",\"strength\":");
        json_opt_f64(buf, concept.strength);
        buf.extend_from_slice(b",\"evidence\":[");
        for (j, evidence) in concept.evidence.iter().enumerate() {
            if j > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"start\":");
            json_uint(buf, evidence.start);
            buf.extend_from_slice(b",\"end\":");
            json_uint(buf, evidence.end);
            buf.extend_from_slice(b",\"text\":");
            json_str(buf, &evidence.text);
            buf.extend_from_slice(b",\"line\":");
            json_uint(buf, evidence.line);
            buf.extend_from_slice(b",\"column\":");
            json_uint(buf, evidence.column);
            if let Some(cue_start) = &evidence.cue_start {
                buf.extend_from_slice(b",\"cue_start\":");
                json_str(buf, cue_start);
            }
            buf.push(b'}');
        }
        buf.push(b']');
        if let Some(hint) = &concept.hint {
            buf.extend_from_slice(b",\"hint\":");
            json_str(buf, hint);
        }
        if let Some(sentence) = &concept.sample_sentence {
            buf.extend_from_slice(b",\"sample_sentence\":");
            json_str(buf, sentence);
        }
        buf.push(b'}');
    }
    buf.extend_from_slice(b"],\"missing_required\":");
    json_str_array(buf, &report.missing_required);
    buf.extend_from_slice(b",\"words\":");
    json_uint(buf, report.words as usize);
    buf.extend_from_slice(b",\"flags\":");
    json_array(buf, report.flags.iter().map(|f| f.as_str()));
    if !report.candidates.is_empty() {
        buf.extend_from_slice(b",\"candidates\":[");
        for (i, candidate) in report.candidates.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"question\":");
            json_str(buf, &candidate.question);
            buf.extend_from_slice(b",\"confidence\":");
            json_f64(buf, candidate.confidence);
            buf.push(b'}');
        }
        buf.push(b']');
    }
    if !report.warnings.is_empty() {
        buf.extend_from_slice(b",\"warnings\":");
        json_str_array(buf, &report.warnings);
    }
    if !report.failures.is_empty() {
        buf.extend_from_slice(b",\"failures\":");
        json_array(buf, report.failures.iter().map(|f| f.as_str()));
    }
    // Delivery, STAR and progress are small and occasional: serde_json's own output.
    buf.extend_from_slice(b",\"delivery\":");
    let _ = serde_json::to_writer(&mut *buf, &report.delivery);
    if let Some(star) = &report.star {
        buf.extend_from_slice(b",\"star\":");
        let _ = serde_json::to_writer(&mut *buf, star);
    }
    if let Some(progress) = &report.progress {
        buf.extend_from_slice(b",\"progress\":");
        let _ = serde_json::to_writer(&mut *buf, progress);
    }
    buf.push(b'}');
}

/// A JSON string through serde_json's escaper (writing to a `Vec` cannot fail).
fn json_str(buf: &mut Vec<u8>, value: &str) {
    let _ = serde_json::to_writer(&mut *buf, value);
}

/// A number through serde_json's formatter (`null` when not finite, as serde_json does).
fn json_f64(buf: &mut Vec<u8>, value: f64) {
    let _ = serde_json::to_writer(&mut *buf, &value);
}

fn json_opt_f64(buf: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => json_f64(buf, value),
        None => buf.extend_from_slice(b"null"),
    }
}

fn json_bool(buf: &mut Vec<u8>, value: bool) {
    buf.extend_from_slice(if value { b"true" } else { b"false" });
}

fn json_uint(buf: &mut Vec<u8>, value: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

fn json_str_array(buf: &mut Vec<u8>, values: &[String]) {
    json_array(buf, values.iter().map(String::as_str));
}

fn json_array<'v>(buf: &mut Vec<u8>, values: impl Iterator<Item = &'v str>) {
    buf.push(b'[');
    for (i, value) in values.enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        json_str(buf, value);
    }
    buf.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::bench::{Workload, WorkloadOptions};
    use crate::input::Answer;

    /// Both forms of `write_answer` against serde_json's output for the same report.
    fn assert_same_as_serde(report: &AnswerReport) {
        let mut buf = Vec::new();
        write_answer(&mut buf, report, true);
        let expected = serde_json::to_string(&JsonlLine::Answer(report)).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), expected);
        let mut buf = Vec::new();
        write_answer(&mut buf, report, false);
        assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string(report).unwrap());
    }

    #[test]
    fn percent_formats() {
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(0.605), "60.5%");
        assert_eq!(percent(0.0), "0%");
    }

    #[test]
    fn answer_writer_matches_serde_on_every_kind_of_report() {
        let bank = Bank::embedded().unwrap();
        let engine = Engine::new(bank.clone()).unwrap();
        let mut reports = Vec::new();
        // Generated prose and transcripts, named and routed (candidates, confidence).
        for routing in [false, true] {
            let options = WorkloadOptions {
                answers: 60,
                routing,
                ..WorkloadOptions::default()
            };
            for a in Workload::new(&bank, options) {
                reports.push(
                    engine
                        .score(&Answer::from_text(&a.id, a.question.as_deref(), &a.text))
                        .unwrap(),
                );
            }
        }
        // Vague (unclear routing, no concepts), empty, negated, and strings that need
        // escaping in every field that holds text.
        let odd = [
            (None, "I think it depends on the context and the team."),
            (Some("q01"), ""),
            (
                Some("q04"),
                "We never used an error budget, and we don't do canary releases.",
            ),
            (
                Some("q04"),
                "SLOs \"per journey\" \\ error\tbudgets\u{1}, burn-rate alerts — blameless\r\npostmortems 😀 é",
            ),
        ];
        for (question, text) in odd {
            reports.push(
                engine
                    .score(&Answer::from_text("id \"quoted\"\n", question, text))
                    .unwrap(),
            );
        }
        let mut with_extras = reports[0].clone();
        with_extras.warnings = vec!["invalid UTF-8 replaced".into(), "\u{7f}\"".into()];
        with_extras.failures = vec![crate::verdict::Failure::new(
            crate::verdict::FailureKind::Coverage,
            "coverage 0.2 < 0.6 \"q\"".into(),
        )];
        with_extras.flags = vec![Flag::KeywordList, Flag::QuestionUnclear, Flag::Empty];
        with_extras.similarity = f64::NAN;
        with_extras.coverage = 1e-7;
        reports.push(with_extras);

        assert!(reports.iter().any(|r| r.routed && !r.candidates.is_empty()));
        assert!(reports.iter().any(|r| r.question.is_none()));
        assert!(reports.iter().flat_map(|r| &r.concepts).any(|c| c.hint.is_some()));
        assert!(reports
            .iter()
            .flat_map(|r| &r.concepts)
            .any(|c| c.status == Status::Negated));
        for report in &reports {
            assert_same_as_serde(report);
        }
    }
}
