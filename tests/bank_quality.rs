//! The default bank's rubrics against its own sample answers and against empty talk.

use anscov::bank::Bank;
use anscov::input::Answer;
use anscov::score::Engine;

fn engine() -> Engine {
    Engine::new(Bank::embedded().unwrap()).unwrap()
}

#[test]
fn every_sample_answer_covers_its_own_rubric() {
    let engine = engine();
    let mut failures = Vec::new();
    for q in &engine.bank().questions {
        let report = engine
            .score(&Answer::from_text(&q.id, Some(&q.id), &q.sample_answer))
            .unwrap();
        let missed: Vec<&str> = report
            .concepts
            .iter()
            .filter(|c| !c.covered)
            .map(|c| c.id.as_str())
            .collect();
        if report.coverage < 0.9 || !report.missing_required.is_empty() {
            failures.push(format!("{}: coverage {} missed {:?}", q.id, report.coverage, missed));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
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
