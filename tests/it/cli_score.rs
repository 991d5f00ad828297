//! `anscov score` behaviour beyond one fixture folder's expected output: runs compared
//! with each other, and the quick start on the shipped examples. The fixture folders of
//! tests/fixtures/score/ run in [`crate::fixtures`], with those of `check` and `bank`.

use std::path::Path;

#[test]
fn json_output_is_byte_identical_across_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/json-contract");
    let run = || {
        crate::common::command()
            .args(["score", "answers", "-f", "json"])
            .current_dir(&dir)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn quick_start_scores_the_shipped_examples() {
    let output = crate::common::command()
        .args(["score", "examples/answers", "-f", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let answers = report["answers"].as_array().unwrap();
    assert!(answers.len() >= 6);
    // Mixed quality: something strong, something weak.
    let coverages: Vec<f64> = answers.iter().map(|a| a["coverage"].as_f64().unwrap()).collect();
    assert!(
        coverages.iter().any(|&c| c >= 0.8) && coverages.iter().any(|&c| c <= 0.2),
        "{coverages:?}"
    );
}

/// `anscov score -` of `answer` as the answer to `question`, in `format`; exit 0 expected.
fn score_stdin(answer: &str, question: &str, format: &str) -> String {
    use std::io::Write;
    let mut child = crate::common::command()
        .args(["score", "-", "--question", question, "--format", format])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// Copying the question's guidance is not covering it: q04's guidance checklist in the first
/// person scored 0.50 before, and 0 now, with a flag in JSON and a line in the text report.
/// What the answer says beyond the copy still counts.
#[test]
fn an_answer_that_copies_the_guidance_earns_nothing_for_the_copy() {
    let copy = "In my answer I would describe SLO selection, error budgets, alerting philosophy, \
                on-call rotation design, and blameless postmortems leading to concrete follow-ups.";
    let json: serde_json::Value = serde_json::from_str(&score_stdin(copy, "q04", "json")).unwrap();
    let answer = &json["answers"][0];
    assert_eq!(answer["coverage"].as_f64(), Some(0.0), "{answer}");
    assert_eq!(answer["flags"], serde_json::json!(["restates-prompt"]), "{answer}");
    let text = score_stdin(copy, "q04", "text");
    assert!(text.contains("copies the guidance"), "{text}");
    // The same copy followed by a point made in the answer's own words: that point counts.
    let more = format!(
        "{copy} Concretely, we page on error budget burn: two percent of the monthly budget \
         in an hour wakes someone, slower burns open a ticket."
    );
    let json: serde_json::Value = serde_json::from_str(&score_stdin(&more, "q04", "json")).unwrap();
    let concepts = json["answers"][0]["concepts"].as_array().unwrap();
    let found = |id: &str| concepts.iter().any(|c| c["id"] == id && c["status"] != "missed");
    assert!(found("error-budgets") && found("slo-based-alerting"), "{json}");
    assert!(!found("blameless-postmortems"), "{json}");
}

/// A loose meaning match keeps credit by its closeness: from 0.8 at the semantic signal's
/// threshold (cosine 0.10) to all of it at 0.25. The JSON carries the share, coverage counts
/// it, and the text report says how to earn the rest. The sentence (a line of the blind
/// tuning half blind-a) makes the restore point without the rubric's words.
#[test]
fn a_loose_meaning_match_is_reported_with_the_credit_it_keeps() {
    // The discovery sentence makes two more of q01's points in its own words, so that the
    // answer finds enough of the rubric to read as making its points (one point of eight
    // alone reads as talk around the topic, and a mention says nothing of its closeness).
    let answer = "I'd start with a two-week discovery: architecture review, incident history and costs. \
                  At the top: nobody had ever tried bringing the main database back from a copy.";
    let run = |format: &str| score_stdin(answer, "q01", format);
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let report = &json["answers"][0];
    let concepts = report["concepts"].as_array().unwrap();
    let found: Vec<&serde_json::Value> = concepts
        .iter()
        .filter(|c| c["status"] == "covered" && c["match"] == "semantic")
        .collect();
    assert_eq!(found.len(), 1, "{report}");
    let (strength, kept) = (
        found[0]["strength"].as_f64().unwrap(),
        found[0]["match_credit"].as_f64().unwrap(),
    );
    assert_eq!(found[0]["id"], "risk-reduction", "{report}");
    assert!(strength < 0.25, "{strength}");
    let expected = 0.8 + 0.2 * (strength - 0.10) / 0.15;
    assert!((kept - expected).abs() < 0.002, "{kept} vs {expected}");
    let total: f64 = concepts.iter().map(|c| c["weight"].as_f64().unwrap()).sum();
    let coverage = report["coverage"].as_f64().unwrap();
    let specificity = report["specificity"].as_f64().unwrap();
    let earned: f64 = concepts
        .iter()
        .filter(|c| c["status"] == "covered")
        .map(|c| c["weight"].as_f64().unwrap() * specificity * c["match_credit"].as_f64().unwrap_or(1.0))
        .sum::<f64>()
        / total;
    assert!((coverage - earned).abs() < 0.002, "{coverage} vs {earned}");
    let note = format!(
        "{:.0}% credit: close in meaning, loosely; say the point outright",
        kept * 100.0
    );
    assert!(run("text").contains(&note), "{}", run("text"));
}

/// A weak meaning match in a sentence that makes another concept's point keeps half its
/// credit: the JSON says so on the concept (`match_credit`), coverage counts it at half,
/// and the text and HTML reports say what would earn the rest. The sentence makes the
/// backup points in the rubric's words; "automated backups … point-in-time recovery"
/// brushes restore testing's description (a line of the blind tuning half blind-a).
#[test]
fn a_loose_match_beside_another_point_is_reported_at_half_credit() {
    let answer =
        "We never used tape. We used RDS automated backups with point-in-time recovery and copied snapshots to a second region daily.";
    let run = |format: &str| score_stdin(answer, "q10", format);
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let report = &json["answers"][0];
    let concepts = report["concepts"].as_array().unwrap();
    let halved: Vec<&serde_json::Value> = concepts.iter().filter(|c| c.get("match_credit").is_some()).collect();
    assert_eq!(halved.len(), 1, "{concepts:?}");
    assert_eq!(halved[0]["match"], "semantic");
    assert_eq!(halved[0]["match_credit"], 0.5);
    assert_eq!(halved[0]["status"], "covered");
    assert!(halved[0]["strength"].as_f64().unwrap() < 0.2);
    // Coverage: every found concept at the answer's specificity, the halved one at half.
    let specificity = report["specificity"].as_f64().unwrap();
    let total: f64 = concepts.iter().map(|c| c["weight"].as_f64().unwrap()).sum();
    let earned: f64 = concepts
        .iter()
        .filter(|c| c["status"] == "covered" || c["status"] == "mentioned")
        .map(|c| {
            c["weight"].as_f64().unwrap() * specificity * c.get("match_credit").and_then(|m| m.as_f64()).unwrap_or(1.0)
        })
        .sum();
    let coverage = report["coverage"].as_f64().unwrap();
    assert!(
        (coverage - earned / total).abs() < 0.001,
        "{coverage} vs {}",
        earned / total
    );
    // Phrase matches never carry the field.
    assert!(concepts
        .iter()
        .filter(|c| c["match"] == "phrase")
        .all(|c| c.get("match_credit").is_none()));
    let note = "50% credit: a loose match beside another point; give it its own sentence";
    assert!(run("text").contains(note));
    assert!(run("html").contains(note));
}
