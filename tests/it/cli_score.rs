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
