//! The CI formats (Markdown, HTML, JUnit, SARIF, GitHub) over one shared checked run:
//! deterministic, well-formed, escaped.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use quick_xml::events::Event;
use serde_json::Value;

use super::fmt::{github_data, github_property, html_escape, markdown_cell};
use super::sarif::SARIF_RULES;
use super::{reporter, Format, Summary};
use crate::bank::Bank;
use crate::check::{Checker, Policy};
use crate::input::{Answer, Diagnostic};
use crate::score::Engine;

fn run(format: Format) -> String {
    let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
    let policy = Policy {
        min_coverage: 0.5,
        require_all: true,
        ..Policy::default()
    };
    let mut checker = Checker::new(engine.bank(), &policy);
    let mut reporter = reporter(format, engine.bank());
    let mut out = Vec::new();
    let mut summary = Summary::default();
    reporter.begin(&mut out).unwrap();
    let texts = [
        (
            "answers/q04 <&>.md",
            "We never use error budgets.\nI think reliability matters, 100% \"really\" | a lot,\r\nand: we care.",
        ),
        ("answers/q05.md", "Costs, costs, costs."),
    ];
    for (i, (name, text)) in texts.iter().enumerate() {
        let mut answer = Answer::from_text(name, Some(["q04", "q05"][i]), text);
        answer.path = Some(name.into());
        let mut report = engine.score(&answer).unwrap();
        checker.apply(&mut report);
        summary.add(&report);
        reporter.answer(&mut out, &report).unwrap();
    }
    let problem = Diagnostic {
        source: "answers/bad.md".into(),
        message: "binary content (NUL bytes) <x>".into(),
        path: Some("answers/bad.md".into()),
        line: None,
    };
    summary.problems += 1;
    reporter.problem(&mut out, &problem).unwrap();
    checker.finish(&mut summary);
    reporter.finish(&mut out, &summary).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_ci_format_is_deterministic() {
    for format in [
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::Sarif,
        Format::Github,
    ] {
        assert_eq!(run(format), run(format), "{format:?}");
    }
}

#[test]
fn junit_is_well_formed_and_counts() {
    let xml = run(Format::Junit);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut errors) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                b"error" => errors += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!(errors, 1);
    assert!(failures >= 2 + 22, "{xml}");
    assert_eq!(cases, 2 + 1 + 22);
    assert!(
        xml.contains(&format!("tests=\"{cases}\" failures=\"{failures}\" errors=\"1\"")),
        "{xml}"
    );
    assert!(xml.contains("name=\"answers/q04 &lt;&amp;&gt;.md\""), "{xml}");
}

#[test]
fn sarif_is_json_with_locations() {
    let sarif: Value = serde_json::from_str(&run(Format::Sarif)).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "anscov");
    let results = run["results"].as_array().unwrap();
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-required-concept")
        .unwrap();
    let uri = missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(uri, "answers/q04%20%3C&%3E.md");
    assert_eq!(missing["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    assert!(results.iter().any(|r| r["ruleId"] == "input-error"));
    assert!(results.iter().any(|r| r["ruleId"] == "threshold-failed"));
    for r in results {
        assert_eq!(SARIF_RULES[r["ruleIndex"].as_u64().unwrap() as usize].0, r["ruleId"]);
    }
}

#[test]
fn github_escaping() {
    assert_eq!(github_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
    assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    let out = run(Format::Github);
    for line in out.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line}"
        );
    }
    assert!(
        out.contains("::error file=answers/q04 <&>.md,line=1,title=anscov q04::"),
        "{out}"
    );
    assert!(
        out.contains("::error file=answers/bad.md,title=anscov input error::"),
        "{out}"
    );
}

#[test]
fn markdown_and_html_escape() {
    let md = run(Format::Markdown);
    assert!(md.contains("| answers/q04 &lt;&amp;&gt;.md |"), "{md}");
    assert!(md.contains("❌ fail"));
    assert_eq!(markdown_cell("a|b\n*c*"), "a\\|b \\*c\\*");
    let html = run(Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("answers/q04 &lt;&amp;&gt;.md"));
    assert!(!html.contains("<x>"));
    assert_eq!(html_escape("a\u{1}<\"'"), "a\u{fffd}&lt;&quot;&apos;");
}

#[test]
fn markdown_and_html_show_a_derived_rubrics_score() {
    let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
    let answer = Answer::from_text("a.md", Some("q04"), "We set SLOs with error budgets.");
    let plain = engine.score(&answer).unwrap();
    let mut derived = plain.clone();
    derived.reference = Some(crate::reference::ReferenceScore::new(0.0, 0.9));
    for format in [Format::Markdown, Format::Html] {
        let render = |report: &crate::score::AnswerReport| {
            let mut out = Vec::new();
            let mut reporter = reporter(format, engine.bank());
            reporter.begin(&mut out).unwrap();
            reporter.answer(&mut out, report).unwrap();
            reporter.finish(&mut out, &Summary::default()).unwrap();
            String::from_utf8(out).unwrap()
        };
        let (with, without) = (render(&derived), render(&plain));
        assert!(
            with.contains("score 72%") || with.contains("score <strong>72%</strong>"),
            "{format:?}: {with}"
        );
        assert!(
            !without.contains("score 72%") && !without.contains("Reference answer"),
            "{format:?}"
        );
    }
}

/// A low specificity is explained in the answer's own words: points per word, and the
/// aspiration and generic-talk words it used; a specific answer gets no such line.
#[test]
fn text_report_quotes_what_read_as_naming() {
    let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
    let text_of = |body: &str| {
        let report = engine.score(&Answer::from_text("a.md", Some("q04"), body)).unwrap();
        let mut out = Vec::new();
        let mut text = reporter(Format::Text, engine.bank());
        text.begin(&mut out).unwrap();
        text.answer(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    };
    let named = text_of(
        "SLOs and error budgets are essential. I'm a big believer in blameless postmortems, \
         observability, runbooks and on-call; alerting should always be actionable, and a \
         culture of ownership really matters.",
    );
    let line = named
        .lines()
        .find(|l| l.contains("names more than it shows"))
        .unwrap_or_else(|| panic!("{named}"));
    assert!(line.contains("(7 of 8 points in 30 words;"), "{line}");
    assert!(
        line.contains(r#"aspiration: "essential", "believer", "should", "always""#),
        "{line}"
    );
    assert!(line.contains(r#"generic talk: "culture", "really""#), "{line}");
    // Seven of eight points found: not few.
    assert!(!line.contains("Few of the expected points"), "{line}");
    let few = text_of("We page only when the error budget burns faster than 2% an hour.");
    let line = few
        .lines()
        .find(|l| l.contains("specificity"))
        .unwrap_or_else(|| panic!("{few}"));
    assert!(line.contains("of 8 points in 13 words"), "{line}");
    assert!(line.contains("Few of the expected points are here"), "{line}");
    let made = text_of(
        "We page only when the error budget burns faster than 2% an hour. Two engineers share \
         on-call, a week each, and after every incident we write up what happened within 48 hours.",
    );
    assert!(!made.contains("names more than it shows"), "{made}");
}

/// A mention found by meaning quotes a sentence near the point, not the point's name: the
/// report says it was talked around, and keeps "named" for the rubric's own wordings.
#[test]
fn a_mention_says_whether_it_was_named_or_talked_around() {
    let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
    let body = "Sure. At a previous company our cloud bill had grown a lot faster than we expected, and \
        leadership asked me to look into it. I went through the spending with the team and we found \
        a fair amount of waste, things that were bigger than they needed to be or that nobody was \
        really using anymore. We cleaned a lot of that up over a few months. The key was doing it \
        carefully and keeping everyone in the loop so we didn't break anything or slow people down. \
        In the end we saved a meaningful amount and reliability stayed about the same. The bigger \
        lesson for me was making cost something the whole team pays attention to, not a one-time \
        project.";
    let report = engine.score(&Answer::from_text("a.md", Some("q05"), body)).unwrap();
    let mut out = Vec::new();
    let mut text = reporter(Format::Text, engine.bank());
    text.begin(&mut out).unwrap();
    text.answer(&mut out, &report).unwrap();
    let out = String::from_utf8(out).unwrap();
    let mut seen = [false, false];
    for concept in report
        .concepts
        .iter()
        .filter(|c| c.status == crate::score::Status::Mentioned)
    {
        let line = out
            .lines()
            .find(|l| l.contains(&concept.label) && l.contains(" — "))
            .unwrap_or_else(|| panic!("{out}"));
        let semantic = concept.signal == Some(crate::matcher::Signal::Semantic);
        let expected = if semantic {
            "talked around, not made:"
        } else {
            "named, not explained:"
        };
        assert!(line.contains(expected), "{line}");
        seen[usize::from(semantic)] = true;
    }
    assert_eq!(seen, [true, true], "{out}");
}
