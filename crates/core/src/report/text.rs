//! The text reporter: what a person reads in a terminal, one block per answer (coverage
//! bar, each concept with its evidence or hint, delivery, STAR, progress), then totals.
//!
//! Writes ANSI styles, which the binary strips when stdout is not a terminal. Must not
//! decide verdicts or exit codes; it shows what the report holds.

use std::io::{self, Write};

use super::fmt::{clock, length_words, pace_words, plural, quote, status_word, which};
use super::style::{BOLD, DIM, GREEN, MAGENTA, RED, YELLOW};
use super::{Questions, Reporter, Summary};
use crate::input::Diagnostic;
use crate::score::{AnswerReport, Status};
use crate::verdict::Flag;

/// Human-readable text. Writes ANSI styles; the binary strips them when stdout is not a
/// terminal or `NO_COLOR` is set.
pub struct Text<'b> {
    questions: Questions<'b>,
}

impl<'b> Text<'b> {
    pub fn new(questions: Questions<'b>) -> Text<'b> {
        Text { questions }
    }
}

const BAR_WIDTH: usize = 20;

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

impl Reporter for Text<'_> {
    fn answer(&mut self, out: &mut dyn Write, report: &AnswerReport) -> io::Result<()> {
        let question = self.questions.of(report);
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
        if let Some(r) = &report.reference {
            writeln!(
                out,
                "  reference {:.2}  score {:.0}% (carried by the {})",
                r.reference_similarity,
                r.score * 100.0,
                super::fmt::carried_by_words(r.carried_by)
            )?;
        }
        if report.flags.contains(&Flag::KeywordList) {
            writeln!(
                out,
                "  {YELLOW}keyword list{YELLOW:#}: this reads as a list of terms, not sentences, so every concept it names counts as mentioned ({:.0}% credit). Say what you would do and why.",
                crate::score::MENTIONED_CREDIT * 100.0
            )?;
        }
        if let Some(copied) = report.copied.first() {
            writeln!(
                out,
                "  {YELLOW}copies the guidance{YELLOW:#}: {} repeats the question's guidance word for word and counts for nothing. Say what you would do and why.",
                quote(report.text.get(copied.clone()).unwrap_or_default(), 60)
            )?;
        }
        if let Some(share) = report.specificity.filter(|&s| s < ADVISE_BELOW_SPECIFICITY) {
            if !report.flags.contains(&Flag::KeywordList) {
                writeln!(
                    out,
                    "  {YELLOW}specificity {:.0}%{YELLOW:#}: each point found earns {:.0}% of its weight; the answer names more than it shows{}. Add numbers, examples and how things work.{}",
                    share * 100.0,
                    share * 100.0,
                    talk_in_brackets(report),
                    few_points_found(report)
                )?;
            }
        }
        for concept in &report.concepts {
            let required = if concept.required { " (required)" } else { "" };
            match concept.status {
                Status::Covered => {
                    let how = match concept.signal {
                        Some(crate::matcher::Signal::Phrase) | None => String::new(),
                        Some(signal) => format!(
                            " {DIM}[{}{}]{DIM:#}",
                            serde_json::to_value(signal)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default(),
                            super::fmt::match_credit_note(concept).map_or(String::new(), |note| format!(", {note}"))
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
                    // A meaning match quotes a sentence near the point in sense, not its
                    // name: "named" would tell the reader they used words they did not.
                    let how = match concept.signal {
                        Some(crate::matcher::Signal::Semantic) => "talked around, not made",
                        _ => "named, not explained",
                    };
                    writeln!(
                        out,
                        "  {YELLOW}~{YELLOW:#} {}{required} — {how}:{}",
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
                    let how = super::fmt::negated_words(concept);
                    writeln!(
                        out,
                        "  {MAGENTA}⊘{MAGENTA:#} {}{required} — {how}:{}",
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

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
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

/// How many of the rubric's concepts the answer found, covered or mentioned.
fn points_found(report: &AnswerReport) -> usize {
    report
        .concepts
        .iter()
        .filter(|c| matches!(c.status, Status::Covered | Status::Mentioned))
        .count()
}

/// When an answer finds under half of the rubric's points, the advice says so: a point found
/// among few is more often talk around the topic, and the specificity judgement credits it
/// less for that ([`crate::specificity`]), however concretely the point itself is made.
fn few_points_found(report: &AnswerReport) -> &'static str {
    if points_found(report) * 2 < report.concepts.len() {
        " Few of the expected points are here, and a point found among few reads as talk around the topic: make more of them."
    } else {
        ""
    }
}

/// The text report says how an answer names more than it shows only when that costs it at
/// least 5% of what it found: at 0.99 the advice ("add numbers, examples…") is noise. Since
/// the share of the rubric found became a specificity input, an answer that makes four of
/// eight points in 33 words with a number in each earns 0.99, not 1.
const ADVISE_BELOW_SPECIFICITY: f64 = 0.95;

/// What read as naming, in the answer's own words: " (7 of 8 points in 37 words;
/// aspiration: "essential", "should"; generic talk: "culture"; abstract nouns:
/// "governance")". Points take words: answers that make them use 34–65 words a point in the
/// blind sets, name-dropping 11–22; and a point found among few of the rubric's is more
/// often talk around the topic ([`crate::specificity`]).
fn talk_in_brackets(report: &AnswerReport) -> String {
    use crate::analyzer::Talk;
    let found = points_found(report);
    let mut parts = vec![format!(
        "{found} of {} point{} in {} words",
        report.concepts.len(),
        plural(report.concepts.len()),
        report.words
    )];
    for (kind, name) in [
        (Talk::Aspiration, "aspiration"),
        (Talk::Generic, "generic talk"),
        (Talk::Abstract, "abstract nouns"),
    ] {
        let mut words: Vec<String> = Vec::new();
        for talk in report.talk.iter().filter(|t| t.kind == kind) {
            let Some(word) = report.text.get(talk.span.clone()) else {
                continue;
            };
            let word = word.to_lowercase();
            if !words.contains(&word) {
                words.push(word);
            }
        }
        if !words.is_empty() {
            // Five make the point; a long answer can hold dozens.
            let quoted: Vec<String> = words.iter().take(5).map(|w| format!("\"{w}\"")).collect();
            parts.push(format!("{name}: {}", quoted.join(", ")));
        }
    }
    format!(" ({})", parts.join("; "))
}
