//! `anscov bench`: what it prints, that its generated workload is deterministic and
//! scoreable, and that it refuses counts it cannot measure. Figures are only checked for
//! being measured (positive, finite, ordered), never against a speed: speed targets live
//! in the benchmarks and in README "Performance", not in tests.

use std::path::Path;

use crate::common::{anscov, code, stderr, stdout};

fn figures(args: &[&str]) -> serde_json::Value {
    let out = anscov(args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("bench --json prints JSON")
}

fn positive(v: &serde_json::Value, key: &str) -> f64 {
    let x = v[key].as_f64().unwrap_or_else(|| panic!("{key} missing in {v}"));
    assert!(x.is_finite() && x > 0.0, "{key} = {x}");
    x
}

#[test]
fn json_figures_are_all_measured() {
    let v = figures(&[
        "bench",
        "--answers",
        "300",
        "--runs",
        "2",
        "--latency-samples",
        "50",
        "--json",
    ]);
    assert_eq!(v["answers"], 300);
    assert_eq!(v["runs"], 2);
    assert_eq!(v["bank_questions"], 24, "the embedded bank");
    for key in [
        "input_bytes",
        "bank_load_ms",
        "answers_per_sec",
        "mb_per_sec",
        "baseline_answers_per_sec",
        "ratio",
    ] {
        positive(&v, key);
    }
    let l = &v["latency_us"];
    let (p50, p90, p99, max) = (
        l["p50"].as_f64().unwrap(),
        l["p90"].as_f64().unwrap(),
        l["p99"].as_f64().unwrap(),
        l["max"].as_f64().unwrap(),
    );
    assert!(0.0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max, "{l}");
    assert!(v["routing_answers_per_sec"].is_null(), "routing only with --routing");
}

#[test]
fn generated_bank_has_the_asked_shape_and_routing_is_measured() {
    let v = figures(&[
        "bench",
        "--bank-size",
        "12",
        "--concepts",
        "4",
        "--answers",
        "120",
        "--runs",
        "1",
        "--latency-samples",
        "10",
        "--routing",
        "--json",
    ]);
    assert_eq!(v["bank_questions"], 12);
    assert_eq!(v["bank_concepts"], 48);
    positive(&v, "routing_answers_per_sec");
}

#[test]
fn text_output_names_every_figure() {
    let out = anscov(&["bench", "--answers", "100", "--runs", "1", "--latency-samples", "10"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for label in [
        "workload",
        "bank load",
        "end to end",
        "baseline",
        "ratio",
        "latency",
        "peak RSS",
    ] {
        assert!(text.contains(label), "no {label:?} in:\n{text}");
    }
}

fn emit(path: &Path, extra: &[&str]) {
    let mut args = vec!["bench", "--emit-jsonl", path.to_str().unwrap(), "--answers", "40"];
    args.extend_from_slice(extra);
    let out = anscov(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn emitted_workload_is_deterministic_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    emit(&a, &[]);
    emit(&b, &[]);
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap(), "same seed, same bytes");
    assert_eq!(text.lines().count(), 40);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["question"].as_str().is_some_and(|q| !q.is_empty()), "{line}");
        let words = v["text"].as_str().unwrap().split_whitespace().count();
        assert!((150..=400).contains(&words), "~250 words, got {words}");
    }
    let seeded = dir.path().join("seeded.jsonl");
    emit(&seeded, &["--seed", "7"]);
    assert_ne!(
        text,
        std::fs::read_to_string(&seeded).unwrap(),
        "another seed, another workload"
    );

    let out = anscov(&["score", a.to_str().unwrap(), "-f", "jsonl"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let scored = stdout(&out)
        .lines()
        .filter(|l| l.contains("\"type\":\"answer\""))
        .count();
    assert_eq!(scored, 40);
}

#[test]
fn routing_workload_names_no_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.jsonl");
    emit(&path, &["--routing"]);
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v.get("question").is_none_or(|q| q.is_null()), "{line}");
    }
}

#[test]
fn zero_answers_or_runs_is_refused() {
    for args in [["bench", "--answers", "0"], ["bench", "--runs", "0"]] {
        let out = anscov(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains("must be at least 1"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}
