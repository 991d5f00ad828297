//! `anscov bank lint | show | derive | import` end to end, on bank folders written to temp dirs.

use std::path::Path;

use crate::common::{anscov, code, stderr, stdout};
use anscov_core::bank::{Bank, BankFile, BankFiles, RubricOrigin};

const Q1: &str = "id = \"b01\"\nslug = \"backups\"\nquestion = \"How do you back up a database?\"\nsample_answer = '''We take point-in-time backups, replicate them cross-region and run restore drills every quarter in a separate account.'''\n";
const Q2: &str = "id = \"b02\"\nslug = \"alerting\"\nquestion = \"How do you decide what pages someone?\"\nsample_answer = '''Page only on symptoms users feel, such as error-rate burn against the SLO; route causes to tickets and review noisy alerts every week.'''\n";
const R1: &str = "question = \"b01\"\n\n[[concept]]\nid = \"restore-drills\"\nlabel = \"Restore drills\"\nrequired = true\nalternatives = [\"restore drill\", \"test restores\"]\n\n[[concept]]\nid = \"pitr\"\nlabel = \"Point-in-time recovery\"\nalternatives = [\"point-in-time\", \"PITR\"]\n";

fn bank(dir: &Path, corpus: &[(&str, &str)], rubrics: &[(&str, &str)]) {
    for (folder, files) in [("corpus", corpus), ("rubrics", rubrics)] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(folder).join(name), text).unwrap();
        }
    }
}

/// `anscov bank import TABLE --out OUT`.
fn import(table: &Path, out: &Path) -> std::process::Output {
    anscov(&[
        "bank",
        "import",
        table.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// `anscov score --bank BANK ANSWERS -f json`, which must succeed, as JSON.
fn score_json(bank: &Path, answers: &Path) -> serde_json::Value {
    let scored = anscov(&[
        "score",
        "--bank",
        bank.to_str().unwrap(),
        answers.to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert_eq!(code(&scored), 0, "{}", stderr(&scored));
    serde_json::from_slice(&scored.stdout).unwrap()
}

fn lint(dir: &Path) -> (i32, String) {
    let out = anscov(&["bank", "lint", dir.to_str().unwrap()]);
    (out.status.code().unwrap(), stdout(&out))
}

#[test]
fn clean_bank_exits_0_with_a_note_for_the_rubricless_question() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path(), &[("b01.toml", Q1), ("b02.toml", Q2)], &[("b01.toml", R1)]);
    let (code, out) = lint(dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("b02.toml:4: info[no-rubric]: question `b02` has no rubric"),
        "{out}"
    );
}

#[test]
fn each_problem_is_reported_with_file_line_and_code() {
    let cases: [(&str, &str, &str); 5] = [
        ("no-alternatives", "\n[[concept]]\nid = \"offsite\"\nlabel = \"Off-site\"\ndescription = \"Copies kept elsewhere.\"\n", "rubrics/b01.toml:15: warning[no-alternatives]"),
        ("empty-alternative", "\n[[concept]]\nid = \"offsite\"\nlabel = \"Off-site\"\nalternatives = [\"off-site\",\n  \"it is what it is\"]\n", "rubrics/b01.toml:18: warning[empty-alternative]"),
        ("shared-alternative", "\n[[concept]]\nid = \"drills\"\nlabel = \"Drills\"\nalternatives = [\"restore drills\"]\n", "rubrics/b01.toml:17: warning[shared-alternative]"),
        ("sample-misses-required", "\n[[concept]]\nid = \"encryption\"\nlabel = \"Encryption\"\nrequired = true\nalternatives = [\"encrypt\", \"kms\"]\n", "rubrics/b01.toml:15: error[sample-misses-required]"),
        ("duplicate-id", "\n[[concept]]\nid = \"pitr\"\nlabel = \"Again\"\nalternatives = [\"again\"]\n", "rubrics/b01.toml:15: error[duplicate-id]"),
    ];
    for (code_name, extra, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        bank(
            dir.path(),
            &[("b01.toml", Q1)],
            &[("b01.toml", &format!("{R1}{extra}"))],
        );
        let (code, out) = lint(dir.path());
        assert_eq!(code, 1, "{code_name}: {out}");
        assert!(out.contains(expected), "{code_name}: {out}");
        assert!(out.contains("  fix: "), "{code_name}: {out}");
    }
}

#[test]
fn duplicate_question_across_two_banks_names_both_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    bank(a.path(), &[("b01.toml", Q1)], &[("b01.toml", R1)]);
    bank(b.path(), &[("again.toml", Q1)], &[]);
    let out = anscov(&["bank", "lint", a.path().to_str().unwrap(), b.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("again.toml:1: error[duplicate-id]: question id `b01` is also defined in"),
        "{text}"
    );
    assert!(
        text.contains(&a.path().join("corpus").join("b01.toml").display().to_string()),
        "{text}"
    );
}

#[test]
fn schema_error_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    bank(
        dir.path(),
        &[
            ("b01.toml", Q1),
            ("b02.toml", &Q2.replace("sample_answer", "sample_anwser")),
        ],
        &[("b01.toml", R1)],
    );
    let (code, out) = lint(dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("b02.toml:4: error[schema]: unknown field `sample_anwser`"),
        "{out}"
    );
}

#[test]
fn unreadable_bank_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = anscov(&["bank", "lint", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a bank folder"));
}

#[test]
fn example_and_default_banks_lint_clean() {
    let sre = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/banks/sre");
    let (code, out) = lint(&sre);
    assert_eq!(code, 0, "{out}");
    let out = anscov(&["bank", "lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn show_prints_alternatives_with_their_stems() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path(), &[("b01.toml", Q1), ("b02.toml", Q2)], &[("b01.toml", R1)]);
    let out = anscov(&["bank", "show", "b01", "--bank", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Sample answer:") && text.contains("Guidance:"), "{text}");
    assert!(
        text.contains("[x] restore-drills") && text.contains("(weight 1, required)"),
        "{text}"
    );
    assert!(text.contains("test restores  → test restor"), "{text}");
    let derived = stdout(&anscov(&[
        "bank",
        "show",
        "alerting",
        "--bank",
        dir.path().to_str().unwrap(),
    ]));
    assert!(derived.contains("rubric: derived from the sample answer"), "{derived}");
}

#[test]
fn derive_prints_a_rubric_that_parses_back() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path(), &[("b01.toml", Q1), ("b02.toml", Q2)], &[("b01.toml", R1)]);
    let out = anscov(&["bank", "derive", "b02", "--bank", dir.path().to_str().unwrap()]);
    let rubric = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{rubric}");
    assert!(
        rubric.contains("question = \"b02\"") && rubric.contains("[[concept]]"),
        "{rubric}"
    );
    let files = BankFiles {
        corpus: vec![BankFile {
            name: "b02.toml".into(),
            text: Q2.into(),
        }],
        rubrics: vec![BankFile {
            name: "rubrics/b02.toml".into(),
            text: rubric.clone(),
        }],
    };
    let parsed = Bank::parse(&[files]).unwrap();
    assert_eq!(
        parsed.questions[0].rubric,
        RubricOrigin::File("rubrics/b02.toml".into())
    );
    assert!(parsed.questions[0].concepts.len() >= 4, "{rubric}");
    // Saved as the question's rubric, it lints (no sample-answer problem: nothing required).
    std::fs::write(dir.path().join("rubrics/b02.toml"), &rubric).unwrap();
    let (code, out) = lint(dir.path());
    assert_eq!(code, 0, "{out}");
    let unknown = anscov(&["bank", "derive", "zz9", "--bank", dir.path().to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn import_writes_a_bank_that_scores_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("questions.csv");
    std::fs::write(
        &table,
        "id,question,reference_answer\n1.1,What is the role of a prototype program in problem solving?,To simulate the behaviour of portions of the desired software product.\n1.2,What is a stack?,\"A list where the last element pushed is the first popped, last in first out.\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("bank");
    let out = import(&table, &out_dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2 files created, 0 skipped"), "{}", stdout(&out));
    assert!(out_dir.join("corpus/1-1.toml").exists() && out_dir.join("corpus/1-2.toml").exists());
    let (lint_code, _) = lint(&out_dir);
    assert_eq!(lint_code, 0, "an imported bank lints clean (notes only)");

    // A second import leaves the (possibly edited) files alone.
    std::fs::write(out_dir.join("corpus/1-2.toml"), Q2.replace("b02", "1.2")).unwrap();
    let again = import(&table, &out_dir);
    assert!(
        stdout(&again).contains("0 files created, 2 skipped"),
        "{}",
        stdout(&again)
    );
    assert!(std::fs::read_to_string(out_dir.join("corpus/1-2.toml"))
        .unwrap()
        .contains("alerting"));

    let answers = dir.path().join("a.jsonl");
    std::fs::write(
        &answers,
        "{\"question\": \"1.1\", \"text\": \"A prototype lets you simulate the behaviour of parts of the product before building it.\"}\n",
    )
    .unwrap();
    let report = score_json(&out_dir, &answers);
    let answer = &report["answers"][0];
    assert_eq!(answer["question"], "1.1");
    // Found; covered or only mentioned depends on how much of the rubric the answer finds
    // (crates/core/src/specificity.rs), which is not what this test is about.
    let found: Vec<&str> = answer["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "missed")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(found.contains(&"simulate") && found.contains(&"behaviour"), "{answer}");
}

/// `bank import` lists the reference answers after the first in `guidance`; an answer that
/// says what one of them says is not copying the guidance (which earns nothing,
/// `restates-prompt`), but an answer that copies the guidance itself is.
#[test]
fn an_answer_may_say_what_another_reference_answer_says() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.jsonl");
    std::fs::write(
        &table,
        r#"{"question_id": "Q2", "question": "Why does the bulb light up?", "guidance": "Explain the path the current takes from the battery through the bulb and back again.", "reference_answers": ["The bulb is in a closed path with the battery", "Current flows from the negative terminal through the bulb filament and back to the positive terminal"]}
"#,
    )
    .unwrap();
    let out_dir = dir.path().join("bank");
    let out = import(&table, &out_dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let answers = dir.path().join("a.jsonl");
    std::fs::write(
        &answers,
        "{\"question\": \"Q2\", \"text\": \"Current flows from the negative terminal through the bulb filament and back to the positive terminal.\"}\n\
         {\"question\": \"Q2\", \"text\": \"I would explain the path the current takes from the battery through the bulb and back again.\"}\n",
    )
    .unwrap();
    let report = score_json(&out_dir, &answers);
    let flags = |i: usize| report["answers"][i]["flags"].to_string();
    assert!(!flags(0).contains("restates-prompt"), "{report}");
    assert!(flags(1).contains("restates-prompt"), "{report}");
}

#[test]
fn import_problems_exit_2_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("q.jsonl");
    std::fs::write(
        &table,
        "{\"id\": \"a\", \"question\": \"Q?\", \"sample_answer\": \"A.\"}\n{\"id\": \"b\", \"question\": \"Q2?\"}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("bank");
    let out = import(&table, &out_dir);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("q.jsonl:2: no `sample_answer`") && err.contains("fix:"),
        "{err}"
    );
    assert!(!out_dir.exists(), "nothing is written when the table has a problem");

    std::fs::write(&table, b"id,question,sample_answer\n\xff\xfe,Q?,A.\n").unwrap();
    let out = import(&table, &out_dir);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("q.jsonl:2: not valid UTF-8"), "{}", stderr(&out));
    let missing = import(Path::new("no-such.csv"), &out_dir);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("no-such.csv"));
}
