//! The default bank's rubrics against its own sample answers and against empty talk.

use anscov_core::bank::Bank;
use anscov_core::input::Answer;
use anscov_core::score::{Engine, Status};

fn engine() -> Engine {
    Engine::new(Bank::embedded().unwrap()).unwrap()
}

/// The rubric's wording finds ≥ 90% of its weight, and every required concept, in the
/// question's own sample answer (covered or mentioned: this checks the rubric, not how
/// specific the sample reads).
#[test]
fn every_sample_answer_addresses_its_own_rubric() {
    let engine = engine();
    let mut failures = Vec::new();
    for q in &engine.bank().questions {
        let report = engine
            .score(&Answer::from_text(&q.id, Some(&q.id), &q.sample_answer))
            .unwrap();
        let found = |c: &&anscov_core::score::ConceptReport| matches!(c.status, Status::Covered | Status::Mentioned);
        let total: f64 = report.concepts.iter().map(|c| c.weight).sum();
        let share = report.concepts.iter().filter(found).map(|c| c.weight).sum::<f64>() / total;
        let missed: Vec<&str> = report
            .concepts
            .iter()
            .filter(|c| !found(c))
            .map(|c| c.id.as_str())
            .collect();
        let required_missed = report.concepts.iter().any(|c| c.required && !found(&c));
        if share < 0.9 || required_missed {
            failures.push(format!("{}: found {share:.2} missed {:?}", q.id, missed));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The sample answers are the seed's model answers, and they make their points: none reads
/// as talk. q24 ("I'm excited", "believe I can help you scale confidently"; credited 0.75 by
/// two interviewers labelling it blind among decoys, tests/eval/samples-labelled.jsonl)
/// read as talk until the share of the rubric an answer finds became an input of the
/// specificity model (`FOUND_SHARE`, 2026-12-02): it finds all six points. q12 and q13 read
/// as talk until the abstract-noun mark (`NOMINALS`) and the covered threshold re-chosen
/// with it; q01, terse ("quick wins (observability baseline, IaC coverage), risk reducers
/// (backup/restore validation, access hardening)"), until commas inside parentheses stopped
/// counting as a list (they separate examples). Reading as specific is not full credit:
/// q13's 50-word sample, eight points in a row, earns 0.485 (`every_sample_answer_addresses_its_own_rubric`
/// counts points found, not credit).
#[test]
fn sample_answers_read_as_specific() {
    let engine = engine();
    let unspecific: Vec<String> = engine
        .bank()
        .questions
        .iter()
        .filter(|q| {
            let report = engine
                .score(&Answer::from_text(&q.id, Some(&q.id), &q.sample_answer))
                .unwrap();
            report.concepts.iter().any(|c| c.status == Status::Mentioned)
        })
        .map(|q| q.id.clone())
        .collect();
    assert!(unspecific.is_empty(), "{unspecific:?}");
}

#[test]
fn a_vague_answer_covers_almost_nothing() {
    let engine = engine();
    let vague = "It depends on the situation. I'd do my best, work hard with the team and make sure we follow best practices and communicate well.";
    for q in &engine.bank().questions {
        let report = engine.score(&Answer::from_text("vague", Some(&q.id), vague)).unwrap();
        assert!(
            report.coverage <= 0.1,
            "{}: {} {:?}",
            q.id,
            report.coverage,
            report
                .concepts
                .iter()
                .filter(|c| c.covered)
                .map(|c| &c.id)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn sample_answers_route_to_their_questions() {
    let engine = engine();
    for q in &engine.bank().questions {
        let report = engine.score(&Answer::from_text(&q.id, None, &q.sample_answer)).unwrap();
        assert_eq!(report.question.as_deref(), Some(q.id.as_str()), "{}", q.id);
        assert!(report.routed);
    }
}

/// A story about a decision is told in the words of what it was about (a database, a
/// failover, lost orders: q10's and q07's rubrics), and names no question; what it answers
/// shows in how it echoes the question's own words ("I didn't know which was right, so I
/// made the decision smaller"). Routing reads the question text as well as the rubrics and
/// the sample answers (`ROUTE_QUESTION_WEIGHT`): before, this blind-d-tune story was left
/// unclear (q14 0.45, q07 0.38).
#[test]
fn a_story_about_a_decision_routes_to_the_question_it_answers() {
    let engine = engine();
    let story = "At a food-ordering platform, about nine on a Friday night, our main database in one region \
        started timing out. The cloud provider's status page said nothing was wrong, and their \
        support told us they were \"investigating.\" Orders were failing for roughly a third of \
        restaurants. I had a choice: wait for the provider, who might fix it in ten minutes or in \
        four hours, or switch everything to our standby copy in another region, which we had \
        rehearsed but never done for real, and which was about thirty seconds behind. Switching \
        meant we might lose up to thirty seconds of orders and would definitely spend the weekend \
        cleaning up. Waiting meant every minute cost us restaurants' busiest hour. I didn't know \
        which was right, so I made the decision smaller. I gave the provider fifteen minutes while \
        two engineers prepared the switch and another pulled the list of orders placed in the last \
        few minutes, so we could reconcile anything we lost by hand. I told the CEO what we were \
        doing and when I'd decide. At fifteen minutes there was still no update, so we switched. \
        Orders recovered in six minutes. We lost eleven orders, and support called every one of \
        those restaurants. The provider's problem lasted three more hours. What I'd do again: set a \
        clock, prepare the risky option while waiting so it's ready the instant you choose it, and \
        have a plan for the damage before you cause it. What I changed afterwards was writing that \
        fifteen-minute rule into our playbook so the next person wouldn't have to invent it at \
        night.";
    let report = engine.score(&Answer::from_text("story.md", None, story)).unwrap();
    assert_eq!(report.question.as_deref(), Some("q14"), "{:?}", report.candidates);
}

#[test]
fn every_concept_has_a_hint_description_and_alternatives() {
    let bank = Bank::embedded().unwrap();
    for q in &bank.questions {
        assert!(
            (5..=9).contains(&q.concepts.len()),
            "{} has {} concepts",
            q.id,
            q.concepts.len()
        );
        for c in &q.concepts {
            assert!(
                !c.hint.is_empty() && !c.description.is_empty() && !c.alternatives.is_empty(),
                "{}/{}",
                q.id,
                c.id
            );
        }
    }
}

#[test]
fn scoring_is_deterministic() {
    let engine = engine();
    let q = &engine.bank().questions[3];
    let a = serde_json::to_string(&engine.score(&Answer::from_text("a", None, &q.sample_answer)).unwrap()).unwrap();
    let b = serde_json::to_string(&engine.score(&Answer::from_text("a", None, &q.sample_answer)).unwrap()).unwrap();
    assert_eq!(a, b);
}

/// A rubric wording written with a contrast marker ("instead of CPU alarms", "rather than
/// gates") is made by an answer that sets the same thing aside, and contradicted by one
/// that does it: the marker's words used to be dropped as stopwords, so "we page on raw
/// metrics and CPU alarms" covered "Alerting on SLO burn, not raw metrics".
#[test]
fn a_wording_with_a_contrast_marker_is_not_made_by_its_opposite() {
    let engine = engine();
    let status = |question: &str, text: &str, concept: &str| {
        let report = engine.score(&Answer::from_text("a", Some(question), text)).unwrap();
        report.concepts.iter().find(|c| c.id == concept).unwrap().status
    };
    let found = |s: Status| matches!(s, Status::Covered | Status::Mentioned);
    assert!(!found(status(
        "q04",
        "We page on raw metrics and CPU alarms for every host.",
        "slo-based-alerting"
    )));
    assert!(found(status(
        "q04",
        "We page on burn rate instead of CPU alarms.",
        "slo-based-alerting"
    )));
    assert!(!found(status(
        "q06",
        "We added manual approval gates for every deploy.",
        "guardrails-not-gates"
    )));
    assert!(found(status(
        "q06",
        "Honestly I don't want to add gates; what engineers already do is the evidence.",
        "guardrails-not-gates"
    )));
    assert!(!found(status(
        "q15",
        "Teams file tickets and wait for ops.",
        "self-service"
    )));
}

/// A paraphrase one word away from a rubric wording is found through the word's
/// near-synonym ("woke someone" for "wake someone"), as a partial match of lower strength;
/// one answer word never stands for two stems of a wording ("learned" is a near-synonym of
/// "lesson" and is "learned" itself, yet does not make "lessons learned").
#[test]
fn a_wording_is_made_with_a_near_synonym_of_one_of_its_words() {
    let engine = engine();
    let concept = |question: &str, text: &str, id: &str| {
        let report = engine.score(&Answer::from_text("a", Some(question), text)).unwrap();
        report.concepts.into_iter().find(|c| c.id == id).unwrap()
    };
    let woke = concept(
        "q04",
        "Last year a disk alarm woke someone at 3am for nothing.",
        "slo-based-alerting",
    );
    assert_eq!(woke.signal, Some(anscov_core::matcher::Signal::Partial), "{woke:?}");
    assert!(woke.strength.unwrap() < 0.75, "{woke:?}");
    assert_eq!(woke.evidence[0].text, "woke someone");
    // Not a near-synonym of either word: nothing.
    let me = concept(
        "q04",
        "Last year a disk alarm woke me at 3am for nothing.",
        "slo-based-alerting",
    );
    assert_eq!(me.status, Status::Missed, "{me:?}");
    let learned = concept("q04", "We learned a lot from it.", "blameless-postmortems");
    assert_eq!(learned.status, Status::Missed, "{learned:?}");
}
