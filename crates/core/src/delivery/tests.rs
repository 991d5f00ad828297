//! Unit tests of delivery figures: fillers and hedges, set-off phrases, typographic
//! apostrophes, length against the target, pace and pauses from cues.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use super::phrases::{first_word, may_be_first_word, CANDIDATES, FILLERS, FIRST_WORDS, HEDGES, LONGEST_FIRST_WORD};
use super::*;

#[test]
fn first_words_are_the_patterns_first_words_sorted() {
    let mut firsts: Vec<&[u8]> = FILLERS.iter().chain(HEDGES).map(|p| p.words[0].as_bytes()).collect();
    firsts.sort();
    firsts.dedup();
    assert_eq!(firsts, FIRST_WORDS);
    for (i, w) in FIRST_WORDS.iter().enumerate() {
        assert_eq!(first_word(w), Some(i), "{w:?}");
    }
    assert!(first_word(b"service").is_none() && first_word(b"ii").is_none() && first_word(b"").is_none());
    // Each pattern is a candidate of its first word's entry, and of no other.
    for (list, patterns) in [FILLERS, HEDGES].iter().enumerate() {
        for (f, w) in FIRST_WORDS.iter().enumerate() {
            for (p, pattern) in patterns.iter().enumerate() {
                let starts = pattern.words[0].as_bytes() == *w;
                assert_eq!(CANDIDATES[f][list] & (1 << p) != 0, starts, "{w:?} {:?}", pattern.words);
            }
        }
    }
    assert!(FIRST_WORDS.iter().all(|w| w.len() + 2 <= LONGEST_FIRST_WORD));
    // The filter lets every first word through, in any case.
    for w in FIRST_WORDS {
        assert!(
            may_be_first_word(w) && may_be_first_word(&w.to_ascii_uppercase()),
            "{w:?}"
        );
    }
    assert!(!may_be_first_word(b"the") && !may_be_first_word(b"") && !may_be_first_word(b"0k"));
}

fn of(text: &str) -> Delivery {
    measure(text, 0..text.len(), &[], &DeliverySettings::default())
}

#[test]
fn counts_fillers_and_hedges_with_rates() {
    let d = of("Um, so I think we, like, kind of rebuilt it. Uh you know, it worked.");
    assert_eq!(d.words, 15);
    let fillers: Vec<(&str, u32)> = d.fillers.which.iter().map(|c| (c.word.as_str(), c.count)).collect();
    assert_eq!(fillers, [("like", 1), ("uh", 1), ("um", 1), ("you know", 1)]);
    assert_eq!(d.fillers.count, 4);
    assert_eq!(d.fillers.per_100_words, 26.7);
    let hedges: Vec<&str> = d.hedges.which.iter().map(|c| c.word.as_str()).collect();
    assert_eq!(hedges, ["i think", "kind of"]);
    assert_eq!(d.hedges.spans.len(), 2);
}

#[test]
fn like_as_a_verb_or_preposition_is_not_a_filler() {
    let d = of("We would like services like Redis to scale.");
    assert_eq!(d.fillers.count, 0);
}

#[test]
fn length_against_the_target() {
    let settings = DeliverySettings::default();
    let short = of("We cut the bill by a third.");
    assert_eq!(short.target.length, Length::Short);
    assert_eq!(short.target.words, 300);
    let on = "word ".repeat(300);
    let d = measure(&on, 0..on.len(), &[], &settings);
    assert_eq!(d.target.length, Length::OnTarget);
    assert_eq!(d.target.answer_seconds, 120.0);
    assert!(!d.target.measured);
    let long = "word ".repeat(500);
    assert_eq!(of(&long).target.length, Length::Long);
    let quick = DeliverySettings {
        target_seconds: 60,
        words_per_minute: 150,
    };
    assert_eq!(measure(&on, 0..on.len(), &[], &quick).target.length, Length::Long);
}

#[test]
fn timings_give_duration_pace_and_long_pauses() {
    let text = "one two three four five\nsix seven eight nine ten\n";
    let cues = [
        TimedSpan {
            start_ms: 1000,
            end_ms: 3000,
            range: 0..23,
        },
        TimedSpan {
            start_ms: 6500,
            end_ms: 8500,
            range: 24..48,
        },
    ];
    let d = measure(text, 0..text.len(), &cues, &DeliverySettings::default());
    let t = d.timing.unwrap();
    assert_eq!(t.duration_seconds, 7.5);
    assert_eq!(t.words_per_minute, 80.0);
    assert_eq!(t.pace, Pace::Slow);
    assert_eq!(t.long_pauses.len(), 1);
    assert_eq!(t.long_pauses[0].at_seconds, 2.0);
    assert_eq!(t.long_pauses[0].seconds, 3.5);
    assert_eq!(t.long_pauses[0].offset, 24);
    assert_eq!(t.cue_words_per_minute, [150.0, 150.0]);
    assert!(d.target.measured);
    assert_eq!(d.target.answer_seconds, 7.5);
}

/// Cues out of order (an SRT whose first cue is the latest) place pauses from the
/// earliest start; the time once wrapped round u64 (debug: a panic, found by fuzzing).
#[test]
fn cues_out_of_order_place_pauses_from_the_earliest_start() {
    let text = "one two\nthree four\nfive six\n";
    let cue = |start_ms, end_ms, range| TimedSpan {
        start_ms,
        end_ms,
        range,
    };
    let cues = [
        cue(41_587_301, 41_587_301, 0..7),
        cue(0, 0, 8..18),
        cue(2_000, 41_587_302, 19..27),
    ];
    let t = measure(text, 0..text.len(), &cues, &DeliverySettings::default())
        .timing
        .unwrap();
    assert_eq!(t.long_pauses.len(), 1);
    assert_eq!(t.long_pauses[0].at_seconds, 0.0);
    assert_eq!(t.long_pauses[0].seconds, 2.0);
}

#[test]
fn range_limits_the_words() {
    let text = "---\nquestion: q04\n---\nUm hello.";
    let d = measure(text, 21..text.len(), &[], &DeliverySettings::default());
    assert_eq!(d.words, 2);
    assert_eq!(d.fillers.spans, vec![22..24]);
    assert_eq!(of("").fillers.per_100_words, 0.0);
}

mod splitter {
    use super::super::spoken_words::{words_of, words_of_reference, Word};
    use proptest::prelude::*;

    fn flat(words: Vec<Word<'_>>) -> Vec<(&str, std::ops::Range<usize>, bool, bool, bool)> {
        words
            .into_iter()
            .map(|w| (w.text, w.range, w.non_ascii, w.set_off_before, w.set_off_after))
            .collect()
    }

    fn same(text: &str, from: usize) {
        let from = (0..=from.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        assert_eq!(
            flat(words_of(text, from..text.len())),
            flat(words_of_reference(text, from..text.len())),
            "{text:?} from {from}"
        );
    }

    #[test]
    fn same_words_as_the_byte_at_a_time_splitter() {
        for text in [
            "",
            "a",
            "Um, so I think we, like, kind of rebuilt it. Uh you know, it worked.",
            "don’t page people at 3 a.m. for a 0.1% blip — ’quoted’ 'words' ''",
            "naïve café SLOs\u{00A0}and\tthe\r\nerror budget 🙂 ok abcdefghijklmnopq",
            "abcdefgh\nabcdefgh.abcdefghABCDEFGH0123abcdefgh'",
        ] {
            same(text, 0);
            same(text, 3);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// Long lower-case runs (the eight-byte step) broken by every ASCII class and by
        /// the non-ASCII characters the splitter treats specially.
        #[test]
        fn same_words_on_letter_runs(
            text in "([a-z]{1,19}|[A-Z0-9_.':,;\" \n\t{`@\\[-]|é|\u{2019}|\u{00A0}|—|🙂){0,30}",
            from in 0usize..8,
        ) {
            same(&text, from);
        }

        #[test]
        fn same_words_on_arbitrary_strings(text in "\\PC{0,60}", from in 0usize..8) {
            same(&text, from);
        }
    }
}
