//! Delivery figures of one answer: how it would sound, not what it says. Words, fillers
//! ("um", "you know") and hedges ("I think", "kind of") per 100 words and which ones,
//! length against a target speaking time, and — for transcripts with cue timings —
//! duration, words per minute and long pauses between cues.
//!
//! Pure: text and timings in, a [`Delivery`] out. It must not print, read files, or know the
//! bank or the coverage: how an answer sounds is measured apart from what it says.
//!
//! One job per file: `spoken_words.rs` splits the answer into words with the punctuation
//! around them; `phrases.rs` lists the fillers and hedges; `tally.rs` counts them in one
//! walk; `timing.rs` reads duration, pace and pauses from cue timings. This file holds the
//! figures' types, the settings and [`measure`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

mod phrases;
mod spoken_words;
mod tally;
#[cfg(test)]
mod tests;
mod timing;

use spoken_words::words_of;
use tally::tally;
use timing::timing;

/// How long an answer should take to say, and how fast people speak.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeliverySettings {
    /// Target speaking time in seconds (interview answers: about two minutes).
    #[serde(default = "default_target_seconds")]
    pub target_seconds: u32,
    /// Speaking rate used to turn words into time for written answers, and the middle
    /// of the comfortable pace band for transcripts.
    #[serde(default = "default_words_per_minute")]
    pub words_per_minute: u32,
}

fn default_target_seconds() -> u32 {
    DeliverySettings::DEFAULT.target_seconds
}

fn default_words_per_minute() -> u32 {
    DeliverySettings::DEFAULT.words_per_minute
}

impl DeliverySettings {
    /// Two minutes at 150 words a minute: conversational English runs at 120–160 words a
    /// minute, and interview coaching books and Big Interview aim answers at 1–2 minutes.
    pub const DEFAULT: DeliverySettings = DeliverySettings {
        target_seconds: 120,
        words_per_minute: 150,
    };
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings::DEFAULT
    }
}

/// A gap between two cues at least this long is a long pause.
pub const LONG_PAUSE_MS: u64 = 2000;

/// Length within this share of the target (either side) is on target.
pub const LENGTH_TOLERANCE: f64 = 0.25;

/// Pace within this share of the words-per-minute setting (either side) is steady.
pub const PACE_TOLERANCE: f64 = 0.2;

/// A timed stretch of the answer (a transcript cue): its time span and the byte range of
/// its text in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedSpan {
    pub start_ms: u64,
    pub end_ms: u64,
    pub range: Range<usize>,
}

/// One word or phrase and how often it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub word: String,
    pub count: u32,
}

/// Fillers or hedges: the total, the rate and which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub count: u32,
    pub per_100_words: f64,
    /// Most frequent first, then alphabetical.
    pub which: Vec<Count>,
    /// Byte ranges in the answer text, for highlighting (not in JSON).
    #[serde(skip)]
    pub spans: Vec<Range<usize>>,
}

/// Length against the target speaking time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Length {
    Short,
    OnTarget,
    Long,
}

/// Pace of a timed transcript against the words-per-minute setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    Slow,
    Steady,
    Fast,
}

/// The target and where the answer stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub seconds: u32,
    pub words_per_minute: u32,
    /// Words that fill the target at that rate.
    pub words: u32,
    /// The answer's speaking time: measured for timed transcripts, estimated from words
    /// at `words_per_minute` otherwise.
    pub answer_seconds: f64,
    /// Whether `answer_seconds` was measured from cue timings.
    pub measured: bool,
    pub length: Length,
}

/// A long pause between two cues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pause {
    /// When the pause starts, in seconds from the start of the transcript.
    pub at_seconds: f64,
    pub seconds: f64,
    /// Byte offset in the answer text where speech resumes (not in JSON).
    #[serde(skip)]
    pub offset: usize,
}

/// Figures from cue timings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub duration_seconds: f64,
    pub words_per_minute: f64,
    pub pace: Pace,
    /// Gaps between cues of at least [`LONG_PAUSE_MS`].
    pub long_pauses: Vec<Pause>,
    /// Words per minute of each cue, in order: the pace over time, for a chart.
    pub cue_words_per_minute: Vec<f64>,
}

/// Delivery figures of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub words: u32,
    pub fillers: Tally,
    pub hedges: Tally,
    pub target: Target,
    /// Present for transcripts with cue timings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
}

pub(super) fn per_100(count: u32, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        round1(f64::from(count) * 100.0 / words as f64)
    }
}

/// Rounds to one decimal: figures people read, stable in JSON.
pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// Delivery figures of `text[range]`. `cues` are the transcript's timed spans (empty for
/// written answers); those outside `range` are ignored.
pub fn measure(text: &str, range: Range<usize>, cues: &[TimedSpan], settings: &DeliverySettings) -> Delivery {
    let words = words_of(text, range.clone());
    let (fillers, hedges) = tally(&words);
    let cues: Vec<&TimedSpan> = cues
        .iter()
        .filter(|c| c.range.start >= range.start && c.range.end <= range.end && c.end_ms >= c.start_ms)
        .collect();
    let timing = timing(&words, &cues, settings);
    let wpm = settings.words_per_minute.max(1);
    let target_words = (u64::from(settings.target_seconds) * u64::from(wpm) / 60) as u32;
    let (answer_seconds, measured) = match &timing {
        Some(t) => (t.duration_seconds, true),
        None => (round1(words.len() as f64 * 60.0 / f64::from(wpm)), false),
    };
    let target = f64::from(settings.target_seconds);
    let length = if answer_seconds < target * (1.0 - LENGTH_TOLERANCE) {
        Length::Short
    } else if answer_seconds > target * (1.0 + LENGTH_TOLERANCE) {
        Length::Long
    } else {
        Length::OnTarget
    };
    Delivery {
        words: words.len() as u32,
        fillers,
        hedges,
        target: Target {
            seconds: settings.target_seconds,
            words_per_minute: wpm,
            words: target_words,
            answer_seconds,
            measured,
            length,
        },
        timing,
    }
}
