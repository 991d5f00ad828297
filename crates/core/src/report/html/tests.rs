//! Unit tests of the HTML report: escaping, marked evidence, fillers, routed answers,
//! drafts, no external resources, determinism.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use super::*;
use crate::bank::Bank;
use crate::input::Answer;
use crate::score::Engine;

fn page(answers: &[(&str, Option<&str>, &str)]) -> String {
    let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
    let mut html = Html::new(Questions::new(engine.bank()));
    let mut out = Vec::new();
    let mut summary = Summary::default();
    let mut drafts = crate::progress::Drafts::default();
    for (id, q, text) in answers {
        let mut report = engine.score(&Answer::from_text(id, *q, text)).unwrap();
        report.progress = drafts.observe(&report);
        summary.add(&report);
        html.answer(&mut out, &report).unwrap();
    }
    html.finish(&mut out, &summary).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn answer_text_is_shown_escaped_with_marked_evidence() {
    let html = page(&[(
        "q04 <b>.md",
        Some("q04"),
        "Um, we set SLOs per journey <script>alert(1)</script> and spend the error budget.",
    )]);
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("q04 &lt;b&gt;.md"));
    assert!(
        html.contains("<mark class=\"covered\" data-c=\"a0-c0\">SLOs</mark>"),
        "{html}"
    );
    assert!(html.contains("data-for=\"a0-c0\""));
    assert!(html.contains("<span class=\"filler\" title=\"filler\">Um</span>"));
    assert!(html.contains("class=\"sample\""));
    assert!(html.contains("<svg"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resources"
    );
}

#[test]
fn routed_answers_are_marked_guessed_and_drafts_compared() {
    let answers = [
        ("q04-draft1.md", Some("q04"), "We run blameless postmortems."),
        (
            "q04-draft2.md",
            Some("q04"),
            "We set SLOs per journey and an error budget; blameless postmortems with tracked actions.",
        ),
        (
            "notes.md",
            None,
            "We restore backups into a separate account every quarter and agreed RPO and RTO with the business, with cross-region replicas.",
        ),
    ];
    let html = page(&answers);
    assert!(html.contains("<span class=\"tag\">guessed</span>"), "{html}");
    assert!(html.contains("alternatives: "));
    assert!(html.contains("since draft 1"), "{html}");
    assert!(html.contains("<span class=\"status\">gained</span>"));
    assert_eq!(html, page(&answers), "deterministic");
}
