//! Timing of a transcript answer from its cues: duration, words per minute, pace against
//! the comfortable band, and long pauses between cues.
//!
//! Only for answers with timed cues; written answers get no timing, and it must not read
//! the words' text.

use std::ops::Range;

use super::spoken_words::Word;
use super::{round1, DeliverySettings, Pace, Pause, TimedSpan, Timing, LONG_PAUSE_MS, PACE_TOLERANCE};

pub(super) fn timing(words: &[Word], cues: &[&TimedSpan], settings: &DeliverySettings) -> Option<Timing> {
    let first = cues.first()?;
    let last = cues.last()?;
    let duration_ms = last.end_ms.saturating_sub(first.start_ms);
    if duration_ms == 0 {
        return None;
    }
    let words_in = |range: &Range<usize>| {
        let from = words.partition_point(|w| w.range.start < range.start);
        let to = words.partition_point(|w| w.range.start < range.end);
        to - from
    };
    let words_per_minute = round1(words.len() as f64 * 60_000.0 / duration_ms as f64);
    let wanted = f64::from(settings.words_per_minute.max(1));
    let pace = if words_per_minute < wanted * (1.0 - PACE_TOLERANCE) {
        Pace::Slow
    } else if words_per_minute > wanted * (1.0 + PACE_TOLERANCE) {
        Pace::Fast
    } else {
        Pace::Steady
    };
    // Pauses are placed from the earliest cue start, which is the first cue's unless the
    // file lists cues out of order: then the first cue's start is later than some cue's end,
    // and the subtraction wrapped in release ("long pause at 307445734561132:44") and
    // panicked in debug (found by tests/it/fuzz.rs in the debug-mode CI run).
    let start_ms = cues.iter().map(|c| c.start_ms).min().unwrap_or(first.start_ms);
    let long_pauses = cues
        .windows(2)
        .filter(|pair| pair[1].start_ms >= pair[0].end_ms.saturating_add(LONG_PAUSE_MS))
        .map(|pair| Pause {
            at_seconds: round1(pair[0].end_ms.saturating_sub(start_ms) as f64 / 1000.0),
            seconds: round1((pair[1].start_ms - pair[0].end_ms) as f64 / 1000.0),
            offset: pair[1].range.start,
        })
        .collect();
    let cue_words_per_minute = cues
        .iter()
        .map(|c| {
            let ms = c.end_ms.saturating_sub(c.start_ms);
            if ms == 0 {
                0.0
            } else {
                round1(words_in(&c.range) as f64 * 60_000.0 / ms as f64)
            }
        })
        .collect();
    Some(Timing {
        duration_seconds: round1(duration_ms as f64 / 1000.0),
        words_per_minute,
        pace,
        long_pauses,
        cue_words_per_minute,
    })
}
