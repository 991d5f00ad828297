//! Unit tests of `bank lint`: one test per check, file and line of each finding, and the
//! embedded bank.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use crate::bank::{BankFile, BankFiles};

use super::*;

fn file(name: &str, text: &str) -> BankFile {
    BankFile {
        name: name.into(),
        text: text.into(),
    }
}

const Q1: &str = "id = \"q01\"\nslug = \"backups\"\nquestion = \"How do you back up a database?\"\nsample_answer = '''We take point-in-time backups and run restore drills every quarter.'''\n";
const Q2: &str = "id = \"q02\"\nslug = \"alerts\"\nquestion = \"How do you alert?\"\nsample_answer = '''Page on symptoms users feel, not causes.'''\n";

fn rubric(concepts: &str) -> String {
    format!("question = \"q01\"\n{concepts}")
}

const GOOD: &str = "\n[[concept]]\nid = \"restore-drills\"\nlabel = \"Restore drills\"\nrequired = true\nalternatives = [\"restore drill\", \"test restores\"]\n\n[[concept]]\nid = \"pitr\"\nlabel = \"Point-in-time recovery\"\nalternatives = [\"point-in-time\", \"PITR\"]\n";

fn run(corpus: &[BankFile], rubrics: &[BankFile]) -> Lint {
    lint(&[BankFiles {
        corpus: corpus.to_vec(),
        rubrics: rubrics.to_vec(),
    }])
    .unwrap()
}

fn codes(lint: &Lint) -> Vec<(&str, &str, usize)> {
    lint.findings
        .iter()
        .map(|f| (f.code, f.file.as_str(), f.line))
        .collect()
}

#[test]
fn clean_bank_has_only_notes() {
    let lint = run(
        &[file("c/q01.toml", Q1), file("c/q02.toml", Q2)],
        &[file("r/q01.toml", &rubric(GOOD))],
    );
    assert_eq!(codes(&lint), [("no-rubric", "c/q02.toml", 4)]);
    assert_eq!(lint.findings[0].severity, Severity::Info);
    assert!(!lint.has_problems() && !lint.unparseable);
}

#[test]
fn schema_error_has_file_and_line_and_other_files_still_checked() {
    let bad = "id = \"q03\"\nslug = \"x\"\nquestion = \"Q?\"\nsampel_answer = \"typo\"\n";
    let lint = run(
        &[file("c/q01.toml", Q1), file("c/q03.toml", bad)],
        &[file("r/q01.toml", &rubric(GOOD))],
    );
    assert!(lint.unparseable);
    assert_eq!(codes(&lint), [("schema", "c/q03.toml", 4)]);
    assert!(
        lint.findings[0].message.contains("unknown field `sampel_answer`"),
        "{:?}",
        lint.findings[0]
    );
    let weight = rubric("[[concept]]\nid = \"a\"\nlabel = \"A\"\nweight = 0\n");
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &weight)]);
    assert_eq!(codes(&lint), [("schema", "r/q01.toml", 3)]);
}

#[test]
fn duplicate_ids_name_both_files() {
    let same_id = Q2.replace("q02", "q01");
    let lint = run(
        &[file("c/q01.toml", Q1), file("c/other.toml", &same_id)],
        &[file("r/q01.toml", &rubric(GOOD))],
    );
    assert_eq!(codes(&lint), [("duplicate-id", "c/other.toml", 1)]);
    assert!(lint.findings[0].message.contains("c/q01.toml"));
    let twice = rubric(&format!(
        "{GOOD}\n[[concept]]\nid = \"pitr\"\nlabel = \"Again\"\nalternatives = [\"again\"]\n"
    ));
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &twice)]);
    assert!(
        codes(&lint).contains(&("duplicate-id", "r/q01.toml", 15)),
        "{:?}",
        codes(&lint)
    );
    let lint = run(
        &[file("c/q01.toml", Q1)],
        &[file("r/a.toml", &rubric(GOOD)), file("r/b.toml", &rubric(GOOD))],
    );
    assert_eq!(codes(&lint), [("duplicate-id", "r/b.toml", 1)]);
}

#[test]
fn concept_without_alternatives() {
    let none = rubric(&format!("{GOOD}\n[[concept]]\nid = \"offsite\"\nlabel = \"Off-site copies\"\ndescription = \"Copies kept in another region.\"\n"));
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &none)]);
    assert_eq!(codes(&lint), [("no-alternatives", "r/q01.toml", 15)]);
    assert!(lint.has_problems());
}

#[test]
fn alternative_of_stopwords_only() {
    let empty = rubric(&GOOD.replace("\"test restores\"]", "\n  \"it is what it is\"]"));
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &empty)]);
    assert_eq!(codes(&lint), [("empty-alternative", "r/q01.toml", 8)]);
}

#[test]
fn same_alternative_in_two_concepts_after_analysis() {
    let shared = rubric(&GOOD.replace("\"PITR\"]", "\"PITR\", \"restore drills\"]"));
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &shared)]);
    assert_eq!(codes(&lint), [("shared-alternative", "r/q01.toml", 12)]);
    assert!(
        lint.findings[0].message.contains("\"restor drill\""),
        "{}",
        lint.findings[0].message
    );
}

#[test]
fn sample_answer_missing_a_required_concept() {
    let missing = rubric(&format!("{GOOD}\n[[concept]]\nid = \"encryption\"\nlabel = \"Encryption\"\nrequired = true\nalternatives = [\"encrypt\", \"kms\"]\n"));
    let lint = run(&[file("c/q01.toml", Q1)], &[file("r/q01.toml", &missing)]);
    assert_eq!(codes(&lint), [("sample-misses-required", "r/q01.toml", 15)]);
    assert_eq!(lint.findings[0].severity, Severity::Error);
}

#[test]
fn question_without_rubric_or_sample() {
    let bare = "id = \"q02\"\nslug = \"alerts\"\nquestion = \"How do you alert?\"\n";
    let lint = run(
        &[file("c/q01.toml", Q1), file("c/q02.toml", bare)],
        &[file("r/q01.toml", &rubric(GOOD))],
    );
    assert_eq!(codes(&lint), [("no-sample-answer", "c/q02.toml", 1)]);
}

#[test]
fn embedded_bank_parses() {
    let lint = lint(&[BankFiles::embedded()]).unwrap();
    assert!(!lint.unparseable, "{:?}", lint.findings);
}
#[test]
fn derived_rubric_made_by_its_sample_even_when_negated() {
    let corpus = |id: &str, question: &str, answer: &str| {
        file(
            &format!("c/{id}.toml"),
            &format!("id = \"{id}\"\nslug = \"{id}\"\nquestion = '''{question}'''\nsample_answer = '''{answer}'''\n"),
        )
    };
    // Negated in the sample: derived concepts keep the negation, so the sample makes them.
    let lint = run(
        &[
            corpus(
                "q01",
                "What is a leaf?",
                "A leaf is a node that has no children and no parent pointer.",
            ),
            corpus("q02", "What is a root?", "The root is the node at the top of the tree."),
        ],
        &[],
    );
    assert!(
        !codes(&lint).iter().any(|(code, _, _)| *code == "sample-misses-derived"),
        "{lint:?}"
    );
    assert!(!lint.has_problems(), "{lint:?}");
}
