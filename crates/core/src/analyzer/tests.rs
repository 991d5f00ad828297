//! Unit tests of the analyzer: stems, offsets, numbers, acronyms, fillers, negation scope,
//! spellings, the word lists' precedence and the word cache.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use super::cache::WordCache;
use super::classify::MAX_EXPANSION;
use super::lexicon::{lexicon, Kind, Lexeme, NumberKind, CLAUSE_BREAKERS, NORMALISE};
use super::spelling::american;
use super::*;

fn stems(text: &str) -> Vec<String> {
    Analyzer::default().stems(&mut Vocabulary::default(), text)
}

fn analysis(text: &str) -> (Analysis, Vocabulary) {
    let mut vocabulary = Vocabulary::default();
    let mut out = Analysis::default();
    Analyzer::default().analyze(&mut Terms::Intern(&mut vocabulary), text, 0..text.len(), &mut out);
    (out, vocabulary)
}

#[test]
fn inflections_share_a_stem() {
    assert_eq!(stems("budget budgets budgeting"), ["budget"]);
    assert_eq!(stems("alerts"), stems("alerting"));
    assert_eq!(stems("SLOs"), stems("slo"));
}

#[test]
fn case_hyphens_and_punctuation_split_alike() {
    assert_eq!(stems("Blue-Green deploys"), stems("blue green, deploy"));
    assert_eq!(stems("policy-as-code"), ["polici", "code"]);
}

#[test]
fn curly_and_straight_apostrophes_agree_and_negate() {
    let (curly, _) = analysis("I don’t use canaries");
    let (straight, _) = analysis("I don't use canaries");
    assert_eq!(curly.tokens.len(), straight.tokens.len());
    assert!(curly.tokens.iter().all(|t| t.negated));
}

#[test]
fn offsets_point_at_the_original_words() {
    let text = "We track MTTR – and Error Budgets.";
    let (out, _) = analysis(text);
    let words: Vec<&str> = out.tokens.iter().map(|t| &text[t.span()]).collect();
    assert_eq!(words, ["track", "MTTR", "Error", "Budgets"]);
}

#[test]
fn word_cache_keys_are_the_zero_padded_bytes() {
    let word = "abcdefghijklmnopq";
    for len in 0..=word.len() {
        let expected = (len <= 16).then(|| {
            word.as_bytes()[..len]
                .iter()
                .enumerate()
                .fold(0u128, |p, (i, &b)| p | u128::from(b) << (8 * i))
        });
        assert_eq!(WordCache::pack(&word[..len]), expected, "length {len}");
    }
    assert_ne!(WordCache::pack("é"), WordCache::pack("e"));
}

#[test]
fn number_words_become_digits() {
    assert_eq!(stems("twenty eight percent"), ["28", "%"]);
    assert_eq!(stems("thirty sixty ninety days"), ["30", "60", "90", "day"]);
    assert_eq!(stems("one hundred and fifty"), ["100", "50"]);
    assert_eq!(stems("two thousand five hundred"), ["2500"]);
}

#[test]
fn spelled_acronyms_are_joined() {
    assert_eq!(stems("s l o"), stems("SLO"));
    assert_eq!(stems("m t t r"), stems("MTTR"));
    assert_eq!(stems("the s.l.a"), stems("SLA"));
    assert_eq!(stems("a plan"), ["plan"]);
}

#[test]
fn fillers_and_repeats_are_dropped() {
    assert_eq!(
        stems("um so uh you know the the error error budget"),
        ["error", "budget"]
    );
    assert_eq!(stems("mean time to recovery"), ["mean", "time", "recoveri"]);
    assert_eq!(stems("I mean error budgets"), ["error", "budget"]);
}

#[test]
fn negation_scope_ends_at_clause() {
    let (out, v) = analysis("We never wrote runbooks, but we do postmortems.");
    let negated: Vec<&str> = out
        .tokens
        .iter()
        .filter(|t| t.negated)
        .map(|t| v.stem(t.term))
        .collect();
    assert_eq!(negated, ["wrote", "run", "book"]);
}

fn negated_stems(text: &str) -> Vec<String> {
    stems_where(text, |t| t.negated)
}

fn stems_where(text: &str, keep: impl Fn(&Token) -> bool) -> Vec<String> {
    let (out, v) = analysis(text);
    out.tokens
        .iter()
        .filter(|t| keep(t))
        .map(|t| v.stem(t.term).to_string())
        .collect()
}

#[test]
fn negation_stops_at_a_comma_that_opens_a_clause() {
    // The negation word answers the question; the clause after the comma is positive.
    assert!(negated_stems("No, string is an insulator.").is_empty());
    // A subject or verb after the comma starts a new clause.
    assert_eq!(
        negated_stems("It is not possible, string is an insulator."),
        ["possibl"]
    );
    assert_eq!(
        negated_stems("We didn't use canaries, we used blue-green."),
        ["use", "canari"]
    );
    // A list after the negation stays negated (within the scope of 3 content words).
    assert_eq!(
        negated_stems("We don't have runbooks, postmortems or SLOs."),
        ["run", "book", "post"]
    );
}

#[test]
fn british_spellings_meet_american() {
    assert_eq!(stems("prioritise"), stems("prioritize"));
    assert_eq!(stems("centralised"), stems("centralized"));
    assert_eq!(stems("promise"), ["promis"]);
    assert_eq!(american("organisations"), "organizations");
    assert_eq!(american("exercises"), "exercises");
    assert_eq!(american("supervised"), "supervised");
    assert_eq!(american("rise"), "rise");
}

#[test]
fn each_listed_word_takes_its_strongest_kind() {
    let kind = |w: &str| match lexicon().get(w) {
        Some(Lexeme::Function(kind)) => Some(*kind),
        _ => None,
    };
    for &w in CLAUSE_BREAKERS {
        assert_eq!(kind(w), Some(Kind::ClauseBreak), "{w}");
    }
    for &w in STOPWORDS.iter().filter(|w| !CLAUSE_BREAKERS.contains(w)) {
        assert_eq!(kind(w), Some(Kind::Stop), "{w}");
    }
    for &w in NEGATIONS
        .iter()
        .filter(|w| !STOPWORDS.contains(w) && !CLAUSE_BREAKERS.contains(w))
    {
        assert_eq!(kind(w), Some(Kind::Negation), "{w}");
    }
    // "but" is a stop word too; it breaks the clause.
    assert_eq!(kind("but"), Some(Kind::ClauseBreak));
    assert!(matches!(
        lexicon().get("nineteen"),
        Some(Lexeme::Number(19, NumberKind::Teen))
    ));
    assert!(matches!(
        lexicon().get("ninety"),
        Some(Lexeme::Number(90, NumberKind::Tens))
    ));
    assert!(matches!(lexicon().get("k8s"), Some(Lexeme::Normalise(["kubernetes"]))));
}

#[test]
fn expansions_fit_inline() {
    assert!(NORMALISE.iter().all(|(_, to)| to.len() <= MAX_EXPANSION));
}

#[test]
fn cache_survives_interning_but_not_stale_lookups() {
    let mut vocabulary = Vocabulary::default();
    let mut analyzer = Analyzer::default();
    let mut out = Analysis::default();
    analyzer.analyze(&mut Terms::Lookup(&vocabulary), "canary", 0..6, &mut out);
    assert_eq!(out.tokens[0].term, OOV);
    analyzer.analyze(&mut Terms::Intern(&mut vocabulary), "canary", 0..6, &mut out);
    assert_ne!(out.tokens[0].term, OOV);
    analyzer.analyze(&mut Terms::Lookup(&vocabulary), "canary", 0..6, &mut out);
    assert_eq!(vocabulary.stem(out.tokens[0].term), "canari");
}

#[test]
fn normalisation_table_applies() {
    assert_eq!(stems("K8s"), stems("kubernetes"));
    assert_eq!(stems("oncall"), stems("on-call"));
    assert_eq!(stems("runbooks"), stems("run book"));
}

#[test]
fn prose_and_lists_differ_in_function_words() {
    let (prose, _) = analysis("I set the SLOs with product and we alert on the burn rate.");
    let (list, _) = analysis("SLOs, error budgets, burn rate, PagerDuty, runbooks");
    assert!(prose.function_words * 4 > prose.words);
    assert_eq!(list.function_words, 0);
    assert_eq!(list.segments, 5);
}

#[test]
fn sentences_are_counted() {
    let (out, _) = analysis("One idea. Another idea! A third?");
    assert_eq!(out.sentences, 3);
    assert_eq!(out.tokens.last().unwrap().sentence, 2);
}

#[test]
fn arbitrary_unicode_keeps_char_boundaries() {
    let text = "Zero‐downtime 🚀 déploiement — שלום مرحبا ｓｌｏ e\u{301}";
    let (out, _) = analysis(text);
    for t in &out.tokens {
        assert!(text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize));
    }
}

#[test]
fn talk_words_are_kept_with_their_kind_and_capped() {
    let text = "Observability is essential, and a culture of ownership really matters.";
    let (a, _) = analysis(text);
    let talk: Vec<(Talk, &str)> = a.talk.iter().map(|t| (t.kind, &text[t.span.clone()])).collect();
    assert_eq!(
        talk,
        [
            (Talk::Abstract, "Observability"),
            (Talk::Aspiration, "essential"),
            (Talk::Generic, "culture"),
            (Talk::Generic, "really")
        ]
    );
    assert_eq!((a.marks.aspiration, a.marks.generic, a.marks.nominals), (1, 2, 1));
    // The counts go on; the list stops at MAX_TALK_WORDS of each kind, so a flood of one
    // kind leaves room for the others.
    let long = format!("{}governance key", "key governance ".repeat(MAX_TALK_WORDS + 10));
    let (a, _) = analysis(&long);
    let kept = |kind: Talk| a.talk.iter().filter(|t| t.kind == kind).count();
    assert_eq!(
        (kept(Talk::Aspiration), kept(Talk::Abstract)),
        (MAX_TALK_WORDS, MAX_TALK_WORDS)
    );
    assert_eq!(a.marks.aspiration as usize, MAX_TALK_WORDS + 11);
    assert_eq!(a.marks.nominals as usize, MAX_TALK_WORDS + 11);
    // Cleared with the rest of the analysis.
    let mut a = a;
    a.clear();
    assert!(a.talk.is_empty());
}

#[test]
fn abstract_nouns_are_counted_by_their_ending() {
    let (a, _) = analysis("Governance, availability and reconciliation need alignment and awareness.");
    assert_eq!(a.marks.nominals, 5);
    // Three letters at least before the ending; a word of another marker list is that list's.
    let (a, _) = analysis("The city, a nation, a fence; our priority.");
    assert_eq!((a.marks.nominals, a.marks.aspiration), (0, 1));
    // A story says it with verbs.
    let (a, _) = analysis("We reconciled the two accounts every night and aligned the teams.");
    assert_eq!(a.marks.nominals, 0);
}

#[test]
fn a_contrast_marker_sets_aside_what_follows() {
    let text = "We page on burn rate instead of CPU alarms. Instead we moved fast.";
    assert_eq!(stems_where(text, |t| t.negated && t.set_aside), ["cpu", "alarm"]);
    assert!(stems_where(text, Token::declined).is_empty(), "set aside, not declined");
    assert_eq!(
        negated_stems("Focus on the process rather than blaming people."),
        ["blame", "peopl"]
    );
    // "rather" alone, or far from "than", is no marker.
    assert!(negated_stems("I would rather use managed Postgres than run our own.").is_empty());
    // A negation word still declines.
    let (out, _) = analysis("We never paged on CPU alarms.");
    assert!(out.tokens.iter().any(|t| t.declined()));
}
