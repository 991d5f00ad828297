//! `anscov eval` end to end: graded tables (one row per student answer, the bank built in
//! memory), `bank import` of the same tables, and undefined figures in labelled evaluations.

use std::path::Path;

use crate::common::{anscov, code, stderr, stdout};

/// A small graded table in the SemEval-2013 layout: two questions, one with two reference
/// answers, labelled answers.
const LABELLED: &str = r#"{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a1", "answer": "Let the water evaporate and the salt is left behind.", "label": "correct"}
{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a2", "answer": "I used a magnet to pull it out.", "label": "incorrect"}
{"question_id": "Q1", "question": "How did you separate the salt from the water?", "reference_answers": ["The water was evaporated, leaving the salt."], "id": "a3", "answer": "The water evaporated in the sun and left salt crystals.", "label": "correct"}
{"question_id": "Q2", "question": "Why does the bulb light up?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a4", "answer": "because the circuit is closed", "label": "correct"}
{"question_id": "Q2", "question": "Why does the bulb light up?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a5", "answer": "the battery is big", "label": "incorrect"}
{"question_id": "Q2", "question": "Why does the bulb light up?", "reference_answers": ["The bulb is in a closed path with the battery", "The circuit is closed"], "id": "a6", "answer": "it is magic", "label": "incorrect"}
"#;

/// The same kind of table as CSV with CRLF line ends and numeric grades.
const GRADED_CSV: &str = "question_id,question,reference_answer,answer,grade\r\n1.1,What is a stack?,\"A list where the last element pushed is the first popped, last in first out.\",\"last in, first out: you pop the element pushed last\",5\r\n1.1,What is a stack?,\"A list where the last element pushed is the first popped, last in first out.\",a kind of list,2\r\n1.1,What is a stack?,\"A list where the last element pushed is the first popped, last in first out.\",no idea,0\r\n1.1,What is a stack?,\"A list where the last element pushed is the first popped, last in first out.\",\"first in, first out\",1\r\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn labelled_table_reports_auc_and_cross_validated_macro_f1() {
    let dir = tempfile::tempdir().unwrap();
    let table = write(dir.path(), "t.jsonl", LABELLED);
    let out = anscov(&["eval", &table]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("6 answers, 2 questions, 3 reference answers; label `correct` 3, other 3"),
        "{text}"
    );
    assert!(text.contains("cross-validated by question (5 folds)"), "{text}");
    assert!(
        text.contains("reference answers covering ≥ 90% of their own derived rubric"),
        "{text}"
    );

    let json = anscov(&["eval", "--json", &table]);
    assert_eq!(code(&json), 0, "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let coverage = &v["tables"][0]["signals"][0];
    assert_eq!(coverage["signal"], "coverage");
    assert_eq!(coverage["roc_auc"], 1.0, "{v}");
    assert!(coverage.get("pearson").is_none(), "labels, no grades: {v}");
    // Deterministic output.
    assert_eq!(anscov(&["eval", "--json", &table]).stdout, json.stdout);
}

#[test]
fn graded_csv_reports_correlations_and_thresholds_move_between_files() {
    let dir = tempfile::tempdir().unwrap();
    let table = write(dir.path(), "g.csv", GRADED_CSV);
    let out = anscov(&["eval", "--json", &table]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let coverage = &v["tables"][0]["signals"][0];
    assert!(coverage["spearman"].as_f64().unwrap() > 0.5, "{v}");
    assert!(coverage.get("roc_auc").is_none(), "grades, no labels: {v}");

    let train = write(dir.path(), "train.jsonl", LABELLED);
    let test = write(dir.path(), "test.jsonl", &LABELLED.replace("\"Q", "\"T"));
    let scores = dir.path().join("scores.jsonl");
    let out = anscov(&[
        "eval",
        &test,
        "--threshold-from",
        &train,
        "--scores",
        scores.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("macro-F1 at the threshold learnt on {train}")),
        "{}",
        stdout(&out)
    );
    let lines = std::fs::read_to_string(&scores).unwrap();
    assert_eq!(lines.lines().count(), 6);
    assert!(lines.contains("\"question_id\":\"T1\""), "{lines}");
}

/// `--scores` never replaces a table the run reads, nor writes into a folder.
#[test]
fn scores_never_replace_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let train = write(dir.path(), "train.jsonl", LABELLED);
    let test = write(dir.path(), "test.jsonl", &LABELLED.replace("\"Q", "\"T"));
    for (target, message) in [
        (
            test.as_str(),
            format!(
                "--scores {test}: is one of the inputs ({test}); the scores would replace that table. Write the scores to another file"
            ),
        ),
        (
            train.as_str(),
            format!("--scores {train}: is one of the inputs ({train})"),
        ),
        (dir.path().to_str().unwrap(), "is a directory".to_string()),
    ] {
        let out = anscov(&["eval", &test, "--threshold-from", &train, "--scores", target]);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains(&message), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&train).unwrap(), LABELLED);
}

#[test]
fn bad_tables_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // A CRLF CSV: the problem is on line 3 of the file as an editor shows it.
    let table = write(
        dir.path(),
        "bad.csv",
        "question_id,question,reference_answer,answer,grade\r\nq,Q?,A.,a,4\r\nq,Q?,A.,b,excellent\r\n",
    );
    let out = anscov(&["eval", &table]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("bad.csv:3: `grade` is \"excellent\", not a number") && err.contains("fix:"),
        "{err}"
    );

    let conflict = write(
        dir.path(),
        "c.jsonl",
        &LABELLED.replacen("\"Why does the bulb light up?\"", "\"Why?\"", 1),
    );
    let out = anscov(&["eval", &conflict]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("c.jsonl:5: question `Q2` has other question text than on line 4"),
        "{}",
        stderr(&out)
    );

    let odd = write(dir.path(), "odd.jsonl", &LABELLED.replace("\"correct\"", "\"right\""));
    let out = anscov(&["eval", &odd]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--positive"), "{}", stderr(&out));
    assert_eq!(code(&anscov(&["eval", &odd, "--positive", "right"])), 0);
}

#[test]
fn import_merges_a_graded_table_and_reports_conflicts_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = write(dir.path(), "t.jsonl", LABELLED);
    let out_dir = dir.path().join("bank");
    let out = anscov(&["bank", "import", &table, "--out", out_dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2 files created"), "{}", stdout(&out));
    let q2 = std::fs::read_to_string(out_dir.join("corpus/Q2.toml")).unwrap();
    assert!(
        q2.contains("sample_answer = \"The bulb is in a closed path with the battery\""),
        "{q2}"
    );
    assert!(q2.contains("Other reference answers:\n- The circuit is closed"), "{q2}");

    let csv = write(
        dir.path(),
        "q.csv",
        "question_id,question,reference_answer,answer,grade\r\nq,Q?,A.,a,4\r\nq,Q?,Another reference.,b,3\r\n",
    );
    let out = anscov(&["bank", "import", &csv, "--out", dir.path().join("b2").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("q.csv:3: question `q` has other reference answers than on line 2"),
        "{err}"
    );
}

#[test]
fn import_of_a_crlf_csv_names_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "q.csv",
        "id,question,sample_answer\r\na,First?,A.\r\nb,Second?,\r\n",
    );
    let out = anscov(&["bank", "import", &csv, "--out", dir.path().join("b").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("q.csv:3: no `sample_answer`"), "{}", stderr(&out));
}

#[test]
fn figures_without_concept_labels_are_undefined_not_perfect() {
    let dir = tempfile::tempdir().unwrap();
    let lines = write(
        dir.path(),
        "l.jsonl",
        "{\"question\": \"q04\", \"text\": \"We define SLOs and alert on error budget burn.\", \"grade\": 4}\n{\"question\": \"q04\", \"text\": \"It depends.\", \"grade\": 4}\n",
    );
    let out = anscov(&["eval", "--json", &lines]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let concepts = &v["overall"]["concepts"];
    for figure in ["precision", "recall", "f1"] {
        assert!(concepts[figure].is_null(), "{figure}: {v}");
    }
    assert!(v["overall"]["spearman"].is_null(), "two lines, constant grade: {v}");
    let text = stdout(&anscov(&["eval", &lines]));
    let all = text.lines().find(|l| l.starts_with("all")).unwrap();
    // P, R, F1, then coverage; credited share, its Spearman, Spearman and Pearson with the grade
    // and the similarity control are all undefined here.
    let columns: Vec<&str> = all.split_whitespace().collect();
    assert_eq!(&columns[2..5], ["n/a", "n/a", "n/a"], "{all}");
    assert_eq!(&columns[6..11], ["n/a", "n/a", "n/a", "n/a", "n/a"], "{all}");
}

#[test]
fn derived_rubrics_report_reference_similarity_and_what_carried_the_score() {
    // Issue 16 item 2: "main method" against the reference "main()" has no concept in
    // common, but means the same; the score says the reference answer carried it.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("m1.toml"),
        "id = \"m1\"\nslug = \"entry\"\nquestion = '''Where does a C++ program start executing?'''\nsample_answer = '''main()'''\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("m2.toml"),
        "id = \"m2\"\nslug = \"leaf\"\nquestion = '''What is a leaf node?'''\nsample_answer = '''A node that has no children.'''\n",
    )
    .unwrap();
    let bank = dir.path().to_str().unwrap();
    let answers = write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"a\", \"question\": \"m1\", \"text\": \"it starts in the main method\"}\n{\"id\": \"b\", \"question\": \"m2\", \"text\": \"a node with children\"}\n",
    );
    let out = anscov(&["score", "--bank", bank, "--format", "jsonl", &answers]);
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["type"] == "answer")
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    let (a, b) = (&lines[0], &lines[1]);
    assert!(a["reference_similarity"].as_f64().unwrap() > 0.8, "{a}");
    assert!(a["score"].as_f64().unwrap() >= a["coverage"].as_f64().unwrap(), "{a}");
    assert!(
        ["concepts", "reference"].contains(&a["carried_by"].as_str().unwrap()),
        "{a}"
    );
    // Negation: "with children" does not make "no children".
    assert!(
        b["reference_similarity"].as_f64().unwrap() < a["reference_similarity"].as_f64().unwrap(),
        "{b}"
    );
    // The text report says it in one line.
    let out = anscov(&["score", "--bank", bank, &answers]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("(carried by the "), "{}", stdout(&out));
    // The embedded bank's hand-written rubrics get none of it.
    let plain = write(
        dir.path(),
        "q.jsonl",
        "{\"question\": \"q04\", \"text\": \"We set SLOs.\"}\n",
    );
    let out = anscov(&["score", "--format", "jsonl", &plain]);
    assert!(!stdout(&out).contains("reference_similarity"), "{}", stdout(&out));
}

/// The measured quality of the shipped scorer on the labelled sets that no choice was tuned
/// on (README "Measured quality"), as floors 0.03 below the figures of 2026-12-01 (re-recorded
/// after the eighth round: nearest-point evidence and the seventh blind set, 2026-12-01 night): a change
/// that costs more than that on answers nobody here wrote fails here, not at review.
/// (set, prose Spearman with the credited share, prose concept F1, most a vague answer may
/// score on average.) The vague ceiling is the issue's target, 0.10, except on blind-j-held
/// (the eighth blind set, scored on arrival 2026-12-02): its vague answers talk around the
/// question in plain words without the stock phrases the specificity marks know, and scored
/// 0.205 where the labellers credited 0.045; 0.140 since the share of the rubric found became
/// a specificity input (twelfth round). That still misses the target; the ceiling there,
/// 0.18, only guards against it getting worse; the same on blind-k (the ninth blind set,
/// written after that change and scored on arrival: vague answers 0.132, credited 0.023).
/// blind-l-held is the held-out half of the tenth blind set (thirteenth round), whose fresh
/// vague answers scored 0.417 on arrival (credited 0.000): the ceiling there, 0.45, is a
/// guard, not a target met. blind-m-held is the held-out half of the eleventh (fourteenth
/// round: vague against plain paraphrases and stories, scored on arrival at 0.838, F1 0.826,
/// vague 0.251 where the labellers credited 0.000); its ceiling, 0.28, is a guard too.
/// Name-dropping answers may score at most 0.40.
#[test]
fn held_out_quality_stays_within_reach_of_the_recorded_figures() {
    let floors: [(&str, f64, f64, f64); 11] = [
        ("blind-b", 0.84, 0.83, 0.10),
        ("blind-c-b", 0.83, 0.80, 0.10),
        ("blind-d-held", 0.82, 0.86, 0.10),
        ("blind-f-held", 0.85, 0.84, 0.10),
        ("blind-g", 0.63, 0.81, 0.10),
        ("blind-h", 0.54, 0.85, 0.10),
        ("blind-i-held", 0.76, 0.92, 0.10),
        ("blind-j-held", 0.82, 0.83, 0.18),
        ("blind-k", 0.77, 0.84, 0.18),
        ("blind-l-held", 0.65, 0.75, 0.45),
        ("blind-m-held", 0.80, 0.79, 0.28),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (set, rho_floor, f1_floor, vague_ceiling) in floors {
        let path = root.join(format!("tests/eval/{set}.jsonl"));
        let out = anscov(&["eval", "--json", path.to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{set}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let prose = &v["prose"];
        let rho = prose["credited_spearman"].as_f64().unwrap();
        let f1 = prose["concepts"]["f1"].as_f64().unwrap();
        assert!(rho >= rho_floor, "{set}: prose Spearman {rho} < {rho_floor}");
        assert!(f1 >= f1_floor, "{set}: prose concept F1 {f1} < {f1_floor}");
        for style in ["vague", "namedrop", "mentioned"] {
            if let Some(coverage) = v["styles"][style]["mean_coverage"].as_f64() {
                let ceiling = if style == "vague" { vague_ceiling } else { 0.40 };
                assert!(
                    coverage <= ceiling,
                    "{set}: {style} answers score {coverage} > {ceiling}"
                );
            }
        }
    }
}
