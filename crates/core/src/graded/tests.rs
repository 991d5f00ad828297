//! Unit tests of graded tables: reading, merging questions, scoring against the best
//! reference, evaluation and the metrics.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use std::path::Path;

use super::*;
const TABLE: &str = r#"{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a1", "answer": "Let the water evaporate and the salt is left behind.", "label": "correct"}
{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a2", "answer": "I used a magnet.", "label": "incorrect"}
{"question_id": "Q2", "question": "Why does the bulb light?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a3", "answer": "because the circuit is closed", "label": "correct"}
{"question_id": "Q2", "question": "Why does the bulb light?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a4", "answer": "the battery is big", "label": "incorrect"}
"#;

#[test]
fn merges_questions_and_scores_against_the_best_reference() {
    let table = parse(Path::new("t.jsonl"), TABLE).unwrap();
    assert_eq!(table.questions.len(), 2);
    assert_eq!(table.questions[1].references.len(), 2);
    assert_eq!(table.answers[0].id.as_deref(), Some("a1"));
    let bank = build_bank(&table).unwrap();
    assert_eq!(bank.variants, [vec![0], vec![1, 2]]);
    let scores = score(&table, &bank).unwrap();
    assert!(scores[0].coverage > scores[1].coverage, "{scores:?}");
    assert_eq!(scores[2].reference, 1, "the second reference says it: {scores:?}");
    assert!(scores[2].coverage > scores[3].coverage, "{scores:?}");
    let own = self_coverage(&bank).unwrap();
    assert_eq!(own.references, 3);
    let e = evaluate(&table, &scores, own, None, &Thresholds::CrossValidated).unwrap();
    assert_eq!(e.labels.as_ref().unwrap().positive, "correct");
    assert_eq!(e.signals[0].roc_auc, Some(1.0));
    assert_eq!(e.signals[0].pearson, None, "labels, no grades");
}

#[test]
fn conflicting_repeats_and_missing_fields_name_the_line() {
    let conflict = TABLE.replacen("\"Why does the bulb light?\"", "\"Why?\"", 1);
    let err = parse(Path::new("t.jsonl"), &conflict).unwrap_err().to_string();
    assert!(
        err.starts_with("t.jsonl:4: question `Q2` has other question text than on line 3"),
        "{err}"
    );
    let err = parse(
        Path::new("t.csv"),
        "question_id,question,reference_answer,answer\nq,Q?,A.,a\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("t.csv:2: no `grade` or `label`"), "{err}");
    let err = parse(
        Path::new("t.csv"),
        "question_id,question,reference_answer,answer,grade\nq,Q?,A.,a,good\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("t.csv:2: `grade` is \"good\", not a number"), "{err}");
}

#[test]
fn metrics() {
    assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), Some(0.75));
    assert_eq!(roc_auc(&[0.5, 0.5], &[false, true]), Some(0.5));
    assert_eq!(roc_auc(&[0.5], &[true]), None);
    assert_eq!(macro_f1(&[true, false], &[true, false]), 1.0);
    let (t, f) = best_threshold(&[0.1, 0.2, 0.7, 0.9], &[false, false, true, true]).unwrap();
    assert!((0.2..=0.7).contains(&t) && f == 1.0, "{t} {f}");
}

#[test]
fn csv_tables_read_like_jsonl() {
    let csv = "question_id,question,reference_answers,id,answer,grade\nQ2,Why does the bulb light?,\"The bulb is in a closed path with the battery\nThe circuit is closed\",a3,because the circuit is closed,5\n";
    let table = parse(Path::new("t.csv"), csv).unwrap();
    assert_eq!(table.questions[0].references.len(), 2);
    assert_eq!(table.answers[0].target.grade, Some(5.0));
}

/// The Mohler et al. (2011) table as published: `id` is the question's, the reference is
/// `desired_answer`, the grade the graders' mean `score_avg`.
#[test]
fn the_mohler_layout_reads_as_published() {
    let csv = "id,question,desired_answer,student_answer,score_me,score_other,score_avg\n1.1,What is the role of a prototype program in problem solving?,To simulate the behaviour of portions of the desired software product.,High risk problems are addressed in the prototype program.,4,3,3.5\n";
    let table = parse(Path::new("mohler.csv"), csv).unwrap();
    assert_eq!(table.questions[0].id, "1.1");
    assert_eq!(table.answers[0].target.grade, Some(3.5));
}
