//! Bad input never crashes anscov or loses anything (issue 7): each case runs the real
//! binary in a temporary folder and asserts the exit code and the message. Every run is
//! checked for panics. Exit codes: 0 ok, 1 threshold failed, 2 usage/config/input error.

use crate::common::{code, command, stderr, stdout};
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// An answer that makes its points (numbers, conditions), so it is covered, not just
/// mentioned ([`anscov_core::specificity`]).
const GOOD: &str = "We define SLOs on what users feel: checkout under 300 ms for 99.5% of requests. When \
the error budget burns faster than 2% an hour, burn-rate alerts page the on-call engineer; two of us rotate \
weekly, with runbooks for every alert. After every incident we hold blameless postmortems within 48 hours \
and track the actions in the backlog.\n";

fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = command();
    c.args(args).current_dir(dir).stdin(Stdio::null());
    c
}

/// Runs anscov and checks it did not panic.
fn run(dir: &Path, args: &[&str]) -> Output {
    let output = cmd(dir, args).output().expect("run anscov");
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "anscov {args:?} panicked:\n{err}");
    assert_ne!(output.status.code(), Some(101), "anscov {args:?} exited 101:\n{err}");
    output
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(output)))
}

/// Asserts the exit code and that stderr contains every one of `messages`.
#[track_caller]
fn expect(output: &Output, exit: i32, messages: &[&str]) {
    let err = stderr(output);
    assert_eq!(
        code(output),
        exit,
        "exit code; stderr:\n{err}\nstdout:\n{}",
        stdout(output)
    );
    for m in messages {
        assert!(err.contains(m), "stderr lacks {m:?}:\n{err}");
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

fn answers(output: &Output) -> usize {
    json(output)["answers"].as_array().unwrap().len()
}

/// A bank folder with the given corpus and rubric files.
fn bank(dir: &Path, name: &str, corpus: &[(&str, &str)], rubrics: &[(&str, &str)]) -> String {
    fs::create_dir_all(dir.join(name).join("corpus")).unwrap();
    for (file, text) in corpus {
        write(dir, &format!("{name}/corpus/{file}"), text);
    }
    for (file, text) in rubrics {
        write(dir, &format!("{name}/rubrics/{file}"), text);
    }
    name.to_string()
}

const Q01: &str = "id = \"q01\"\nslug = \"one\"\nquestion = \"How do you set SLOs?\"\nsample_answer = \"We set SLOs with error budgets.\"\n";

// ---- empty, whitespace, binary, encodings -------------------------------------------------

#[test]
fn empty_file() {
    let d = tmp();
    write(d.path(), "q04.md", "");
    expect(
        &run(d.path(), &["score", "q04.md"]),
        2,
        &["q04.md: empty answer: the file has no text"],
    );
}

#[test]
fn whitespace_only_file() {
    let d = tmp();
    write(d.path(), "q04.md", " \n\t\r\n  \n");
    expect(&run(d.path(), &["score", "q04.md"]), 2, &["q04.md: empty answer"]);
}

#[test]
fn front_matter_only_file() {
    let d = tmp();
    write(d.path(), "a.md", "---\nquestion: q04\n---\n\n");
    expect(&run(d.path(), &["score", "a.md"]), 2, &["a.md: empty answer"]);
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let d = tmp();
    write(
        d.path(),
        "a.md",
        format!("---\ntitle: x\ntags: [sre, slo\nquestion: q04\n---\n{GOOD}"),
    );
    write(d.path(), "b.md", format!("+++\nquestion = q04\n+++\n{GOOD}"));
    write(d.path(), "q04.md", GOOD);
    let out = run(d.path(), &["score", "a.md", "b.md", "q04.md", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "a.md:",
            "front matter is not valid YAML",
            "b.md:2: front matter is not valid TOML",
        ],
    );
    assert_eq!(answers(&out), 1, "the good file is scored");
}

/// A code fence never closed blanked the rest of the answer as code, silently (exit 0);
/// CommonMark's reading stands, but it is reported with the fence's line, on stderr and in
/// the answer's warnings, and the rest of the batch is scored.
#[test]
fn code_fence_never_closed_is_reported_with_its_line() {
    let d = tmp();
    write(
        d.path(),
        "q04.md",
        format!("We define SLOs.\n\n```sh\nkubectl get slo\n{GOOD}"),
    );
    write(d.path(), "q13.md", format!("```\ncode\n```\n\n{GOOD}"));
    let out = run(d.path(), &["score", "q04.md", "q13.md", "-f", "json"]);
    expect(
        &out,
        2,
        &["q04.md:3: code fence ``` never closed: the text after it, to the end of the file, is read as code and not scored; close it with a ``` line after the code"],
    );
    assert!(
        !stderr(&out).contains("q13.md"),
        "a closed fence is fine:\n{}",
        stderr(&out)
    );
    let reports = json(&out)["answers"].as_array().unwrap().clone();
    assert_eq!(reports.len(), 2, "both scored");
    let warnings = reports[0]["warnings"].to_string();
    assert!(
        warnings.contains("line 3: code fence ``` never closed"),
        "{}",
        reports[0]
    );
    assert!(reports[1].get("warnings").is_none(), "{}", reports[1]);
}

/// Front matter opened and never closed was read as answer text (exit 0, its `question`
/// ignored); it is an error at the opening line, with the fix.
#[test]
fn front_matter_never_closed_names_file_and_opening_line() {
    let d = tmp();
    write(d.path(), "a.md", format!("---\nquestion: q04\n{GOOD}"));
    write(d.path(), "b.md", format!("\u{feff}+++\nquestion = \"q04\"\n{GOOD}"));
    write(d.path(), "q04.md", GOOD);
    let out = run(d.path(), &["score", "a.md", "b.md", "q04.md", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "a.md:1: front matter opened here with `---` is never closed",
            "close it with a `---` line after its keys (`question: q04`), or remove this line",
            "b.md:1: front matter opened here with `+++` is never closed",
        ],
    );
    assert_eq!(answers(&out), 1, "the good file is scored");
}

#[test]
fn empty_stdin() {
    let d = tmp();
    expect(&run(d.path(), &["score", "-"]), 2, &["-: empty answer"]);
}

#[test]
fn binary_file() {
    let d = tmp();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    write(d.path(), "q04.md", &bytes);
    expect(
        &run(d.path(), &["score", "q04.md"]),
        2,
        &["q04.md: binary content (NUL bytes), not text"],
    );
}

#[test]
fn nul_bytes_in_text_jsonl_and_csv() {
    let d = tmp();
    write(d.path(), "q04.txt", b"We set SLOs\0 and error budgets");
    write(
        d.path(),
        "b.jsonl",
        "{\"question\": \"q04\", \"text\": \"SLOs\\u0000\"}\n",
    );
    write(d.path(), "c.csv", b"question,text\nq04,\"SLOs\0\"\n");
    let out = run(d.path(), &["score", "q04.txt", "b.jsonl", "c.csv"]);
    expect(
        &out,
        2,
        &[
            "q04.txt: binary content (NUL bytes)",
            "b.jsonl:1: `text` contains NUL bytes",
            "c.csv:2: `text` contains NUL bytes",
        ],
    );
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_the_file() {
    let d = tmp();
    let mut bytes = b"caf\xe9: we define SLOs with error budgets and burn-rate alerts.\n".to_vec();
    bytes.extend_from_slice(GOOD.as_bytes());
    write(d.path(), "q04-latin1.md", &bytes);
    let out = run(d.path(), &["score", "q04-latin1.md", "-f", "json"]);
    expect(
        &out,
        2,
        &["q04-latin1.md: invalid UTF-8 at byte 3; scored with replacement characters (U+FFFD)"],
    );
    let report = &json(&out)["answers"][0];
    assert_eq!(report["question"], "q04");
    assert!(report["coverage"].as_f64().unwrap() > 0.0, "still scored: {report}");
    assert!(report["warnings"][0].as_str().unwrap().contains("invalid UTF-8"));
}

#[test]
fn invalid_utf8_in_a_csv_row_is_scored_with_a_warning() {
    let d = tmp();
    write(
        d.path(),
        "a.csv",
        [
            b"id,question,text\nr1,q04,\"caf\xe9 ".as_slice(),
            GOOD.as_bytes(),
            b"\"\n",
        ]
        .concat(),
    );
    let out = run(d.path(), &["score", "a.csv", "-f", "json"]);
    expect(
        &out,
        2,
        &["a.csv:2: invalid UTF-8 in the row; scored with replacement characters"],
    );
    assert_eq!(answers(&out), 1);
}

#[test]
fn bom_and_crlf_score_fine() {
    let d = tmp();
    let crlf = format!("\u{feff}---\r\nquestion: q04\r\n---\r\n{}", GOOD.replace('\n', "\r\n"));
    write(d.path(), "answer.md", &crlf);
    write(
        d.path(),
        "b.jsonl",
        format!("\u{feff}{{\"question\": \"q04\", \"text\": \"{}\"}}\r\n", GOOD.trim()),
    );
    write(
        d.path(),
        "c.csv",
        format!("\u{feff}id,question,text\r\nr1,q04,\"{}\"\r\n", GOOD.trim()),
    );
    write(
        d.path(),
        "t.srt",
        format!("\u{feff}1\r\n00:00:01,000 --> 00:00:04,000\r\n{}\r\n", GOOD.trim()),
    );
    let out = run(
        d.path(),
        &[
            "score",
            "answer.md",
            "b.jsonl",
            "c.csv",
            "t.srt",
            "-q",
            "q04",
            "-f",
            "json",
        ],
    );
    expect(&out, 0, &[]);
    let reports = json(&out)["answers"].as_array().unwrap().clone();
    assert_eq!(reports.len(), 4);
    let first = reports[0]["coverage"].as_f64().unwrap();
    assert!(first > 0.5, "{}", reports[0]);
    for r in &reports {
        assert_eq!(r["coverage"].as_f64().unwrap(), first, "BOM/CRLF change nothing: {r}");
    }
}

#[test]
fn homoglyphs_rtl_and_emoji_score_and_evidence_points_at_the_file() {
    let d = tmp();
    // Cyrillic "ЅLО" homoglyphs, Hebrew and Arabic, RTL override, emoji with ZWJ and flags,
    // combining accents, around a real answer.
    let text = format!(
        "---\nquestion: q04\n---\n🚀👩‍💻🇬🇧 ЅLО שלום مرحبا \u{202e}evil\u{202c} e\u{301}\u{301}\n{GOOD}ｓｌｏ 🔥\n"
    );
    write(d.path(), "a.md", &text);
    let out = run(d.path(), &["score", "a.md", "-f", "json"]);
    expect(&out, 0, &[]);
    let report = &json(&out)["answers"][0];
    assert!(report["coverage"].as_f64().unwrap() > 0.5, "{report}");
    let mut seen = 0;
    for concept in report["concepts"].as_array().unwrap() {
        for e in concept["evidence"].as_array().unwrap() {
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], e["text"].as_str().unwrap());
            seen += 1;
        }
    }
    assert!(seen > 0);
}

// ---- sizes --------------------------------------------------------------------------------

#[test]
fn a_200_mb_answer_file_is_refused_quickly_with_the_documented_limit() {
    let d = tmp();
    let path = write(d.path(), "q04.md", GOOD);
    // Sparse: the file is 200 MB long but takes no disk and no time to make.
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    let out = run(d.path(), &["score", "q04.md"]);
    expect(
        &out,
        2,
        &[
            "q04.md: larger than the 16 MiB limit for one answer file",
            "--max-file-size",
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn max_file_size_raises_the_limit() {
    let d = tmp();
    let mut text = GOOD.repeat(15_000); // ≈ 5 MB
    text.truncate(text.len());
    write(d.path(), "q04.md", &text);
    let size = text.len();
    let low = (size - 1).to_string();
    let high = (size + 1).to_string();
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", &low]),
        2,
        &[&format!("larger than the {low} bytes limit"), "--max-file-size"],
    );
    let out = run(d.path(), &["score", "q04.md", "--max-file-size", &high, "-f", "json"]);
    expect(&out, 0, &[]);
    assert_eq!(answers(&out), 1);
}

#[test]
fn jsonl_line_over_the_limit_is_skipped_with_its_line_number() {
    let d = tmp();
    let long = format!("{{\"question\": \"q04\", \"text\": \"{}\"}}", "SLOs ".repeat(1000));
    write(d.path(), "b.jsonl", format!("{{\"question\": \"q04\", \"text\": \"SLOs\"}}\n{long}\n{{\"question\": \"q04\", \"text\": \"error budgets\"}}\n"));
    let out = run(d.path(), &["score", "b.jsonl", "--max-file-size", "1000", "-f", "json"]);
    expect(&out, 2, &["b.jsonl:2: line longer than the 1000 bytes limit"]);
    assert_eq!(answers(&out), 2, "the lines around it are scored");
}

#[test]
fn a_1_mb_single_line_scores() {
    let d = tmp();
    let line: String = format!("{} ", GOOD.trim()).repeat(1024 * 1024 / GOOD.len() + 1);
    assert!(line.len() >= 1024 * 1024 && !line.contains('\n'));
    write(d.path(), "q04.md", &line);
    let started = Instant::now();
    let out = run(d.path(), &["score", "q04.md", "-f", "json"]);
    expect(&out, 0, &[]);
    assert!(json(&out)["answers"][0]["coverage"].as_f64().unwrap() > 0.5);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

// ---- paths: folders, links, permissions ---------------------------------------------------

#[test]
fn deeply_nested_folders() {
    let d = tmp();
    let deep: PathBuf = (0..200).map(|i| format!("d{i}")).collect();
    write(d.path(), &deep.join("q04.md").to_string_lossy(), GOOD);
    let out = run(d.path(), &["score", ".", "-f", "json"]);
    expect(&out, 0, &[]);
    assert_eq!(answers(&out), 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_folder_are_not_followed() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    std::os::unix::fs::symlink("..", d.path().join("answers/up")).unwrap();
    std::os::unix::fs::symlink(".", d.path().join("answers/self")).unwrap();
    std::os::unix::fs::symlink("b.md", d.path().join("answers/a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", d.path().join("answers/b.md")).unwrap();
    let out = run(d.path(), &["score", "answers", "-f", "json"]);
    expect(&out, 0, &[]);
    assert_eq!(answers(&out), 1, "links are not followed, so the answer is read once");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_named_directly_is_an_error() {
    let d = tmp();
    std::os::unix::fs::symlink("b.md", d.path().join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", d.path().join("b.md")).unwrap();
    write(d.path(), "q04.md", GOOD);
    let out = run(d.path(), &["score", "a.md", "q04.md", "-f", "json"]);
    expect(
        &out,
        2,
        &["a.md: too many levels of symbolic links (a link that points back to itself?); check the links with `ls -l`, or name the file itself"],
    );
    assert!(!stderr(&out).contains("os error"), "{}", stderr(&out));
    assert_eq!(answers(&out), 1);
}

/// A file name too long for the file system came out as the system's words ("File name
/// too long (os error 36)"); it names the file and the fix, reading an answer or
/// writing `-o`.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_too_long_says_what_to_do() {
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    let long = format!("{}.md", "a".repeat(300));
    let out = run(d.path(), &["score", &long, "q04.md", "-f", "json"]);
    expect(
        &out,
        2,
        &[&format!(
            "{long}: file name too long (or not valid on this file system); use a shorter name or path"
        )],
    );
    assert_eq!(answers(&out), 1);
    expect(
        &run(d.path(), &["score", "q04.md", "-o", &long]),
        2,
        &[&format!("{long}: file name too long")],
    );
    assert!(!stderr(&out).contains("os error"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let path = write(d.path(), "q04.md", GOOD);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let out = run(d.path(), &["score", "q04.md"]);
    if fs::read(&path).is_ok() {
        // Root (as in CI) reads any file: the answer is simply scored.
        eprintln!("note: running as root, so chmod 000 does not stop reading; asserting the root behaviour");
        expect(&out, 0, &[]);
    } else {
        expect(&out, 2, &["q04.md: permission denied; check the file's permissions"]);
    }
}

#[test]
fn a_directory_named_like_a_file_is_walked_as_a_folder() {
    let d = tmp();
    write(d.path(), "answers.md/q04.md", GOOD);
    fs::create_dir(d.path().join("empty.md")).unwrap();
    let out = run(d.path(), &["score", "answers.md", "empty.md", "-f", "json"]);
    expect(&out, 0, &[]);
    assert_eq!(answers(&out), 1);
}

#[test]
fn paths_that_do_not_exist() {
    let d = tmp();
    let out = run(d.path(), &["score", "missing.md", "no/such/folder"]);
    expect(
        &out,
        2,
        &[
            "missing.md: no such file or directory; check the path",
            "no/such/folder: no such file or directory",
        ],
    );
}

#[test]
fn output_into_a_missing_folder_is_an_error() {
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    expect(
        &run(d.path(), &["score", "q04.md", "-o", "no/such/dir/out.json"]),
        2,
        &["cannot create a file in no/such/dir"],
    );
}

// ---- malformed config, bank, JSONL, CSV -----------------------------------------------------

#[test]
fn config_unknown_key_names_file_and_line() {
    let d = tmp();
    write(d.path(), "anscov.toml", "paths = [\"answers\"]\nmin_coverage = 0.5\n");
    write(d.path(), "answers/q04.md", GOOD);
    expect(
        &run(d.path(), &["check"]),
        2,
        &["anscov.toml:2:1: unknown field `min_coverage`", "fix:"],
    );
}

#[test]
fn config_bad_value_names_file_line_and_column() {
    let d = tmp();
    write(d.path(), "anscov.toml", "min-coverage = \"high\"\n");
    expect(
        &run(d.path(), &["check"]),
        2,
        &["anscov.toml:1:16: invalid type: string \"high\", expected f64"],
    );
    write(d.path(), "anscov.toml", "min-coverage = 1.5\n");
    expect(
        &run(d.path(), &["check"]),
        2,
        &["anscov.toml:1:16: `min-coverage` is 1.5, outside 0–1"],
    );
}

#[test]
fn config_that_is_not_toml() {
    let d = tmp();
    write(d.path(), "anscov.toml", "paths = [\"answers\"\n[[[\n");
    let out = run(d.path(), &["check"]);
    expect(&out, 2, &["anscov.toml:"]);
}

#[test]
fn bad_rubric_in_a_bank_names_file_line_and_column() {
    let d = tmp();
    let rubric = "question = \"q01\"\n[[concept]]\nid = \"a\"\nlabel = \"A\"\nweight = \"heavy\"\n";
    let b = bank(d.path(), "bank", &[("q01.toml", Q01)], &[("q01.toml", rubric)]);
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "q01.md"]),
        2,
        &["rubrics/q01.toml:5:10: invalid type: string \"heavy\", expected f64"],
    );
}

#[test]
fn rubric_that_is_not_toml_and_corpus_not_utf8() {
    let d = tmp();
    let b = bank(
        d.path(),
        "bank",
        &[("q01.toml", Q01)],
        &[("q01.toml", "question = \"q01\"\n[[concept]\n")],
    );
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "q01.md"]),
        2,
        &["rubrics/q01.toml:2:"],
    );
    let c = bank(d.path(), "latin", &[("q01.toml", "")], &[]);
    fs::write(
        d.path().join("latin/corpus/q01.toml"),
        b"id = \"q01\"\nslug = \"caf\xe9\"\n",
    )
    .unwrap();
    expect(
        &run(d.path(), &["score", "--bank", &c, "q01.md"]),
        2,
        &["corpus/q01.toml: not valid UTF-8"],
    );
}

#[test]
fn malformed_jsonl_reports_line_numbers_and_scores_the_rest() {
    let d = tmp();
    write(d.path(), "b.jsonl", format!("{{\"question\": \"q04\", \"text\": \"{}\"}}\nnot json\n\n{{\"text\": \"\"}}\n[1, 2]\n{{\"question\": \"q04\", \"text\": \"error budgets\"}}\n", GOOD.trim()));
    let out = run(d.path(), &["score", "b.jsonl", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "b.jsonl:2: malformed JSONL line",
            "b.jsonl:4: empty `text`",
            "b.jsonl:5: malformed JSONL line",
        ],
    );
    assert_eq!(answers(&out), 2);
    assert_eq!(json(&out)["errors"].as_array().unwrap().len(), 3);
}

#[test]
fn malformed_csv_reports_line_numbers() {
    let d = tmp();
    write(d.path(), "no-text.csv", "id,question,answer\nr1,q04,SLOs\n");
    write(
        d.path(),
        "rows.csv",
        format!("id,question,text\nr1,q04,\"{}\"\nr2,q04,\n", GOOD.trim()),
    );
    let out = run(d.path(), &["score", "no-text.csv", "rows.csv", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "no-text.csv:1: CSV header has no `text` column",
            "rows.csv:3: empty `text`",
        ],
    );
    assert_eq!(answers(&out), 1);
}

#[test]
fn duplicate_question_ids_across_two_banks() {
    let d = tmp();
    let a = bank(d.path(), "a", &[("q01.toml", Q01)], &[]);
    let b = bank(d.path(), "b", &[("first.toml", Q01)], &[]);
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &a, "--bank", &b, "q01.md"]),
        2,
        &["b/corpus/first.toml: question id `q01` is also defined in a/corpus/q01.toml"],
    );
}

/// More questions without a rubric than `--max-derived-rubrics` (default 5,000): the bank
/// is refused naming its folder, the count, the limit and both fixes; `bank derive`, the
/// fix, still works on it, and at the limit the bank loads.
#[test]
fn a_bank_needing_more_derived_rubrics_than_the_limit() {
    let d = tmp();
    let q = |i: u32| {
        format!("id = \"q{i:02}\"\nslug = \"s{i}\"\nquestion = \"How do you handle topic {i}?\"\nsample_answer = \"We set targets for topic {i} and track error budgets.\"\n")
    };
    let (q1, q2, q3) = (q(1), q(2), q(3));
    let b = bank(
        d.path(),
        "big",
        &[("q01.toml", &q1), ("q02.toml", &q2), ("q03.toml", &q3)],
        &[(
            "q03.toml",
            "question = \"q03\"\n[[concept]]\nid = \"targets\"\nlabel = \"Targets\"\n",
        )],
    );
    write(
        d.path(),
        "q01.md",
        "---\nquestion: q01\n---\nWe set targets and track error budgets.\n",
    );
    expect(
        &run(d.path(), &["score", "--max-derived-rubrics", "1", "--bank", &b, "q01.md"]),
        2,
        &[
            "big: 2 questions have no rubric, more than the limit of 1 rubrics derived from sample answers at load",
            "fix: write the rubrics once, one per question (`anscov bank derive q01 --bank DIR -o DIR/rubrics/q01.toml`, then edit), or raise the limit with --max-derived-rubrics N",
        ],
    );
    let derived = run(
        d.path(),
        &["bank", "derive", "q01", "--max-derived-rubrics", "0", "--bank", &b],
    );
    expect(&derived, 0, &[]);
    assert!(stdout(&derived).contains("question = \"q01\""), "{}", stdout(&derived));
    expect(
        &run(d.path(), &["bank", "list", "--max-derived-rubrics", "0", "--bank", &b]),
        0,
        &[],
    );
    let scored = run(
        d.path(),
        &[
            "score",
            "--max-derived-rubrics",
            "2",
            "--bank",
            &b,
            "q01.md",
            "-f",
            "json",
        ],
    );
    expect(&scored, 0, &[]);
    assert_eq!(answers(&scored), 1);
}

/// More questions than `--max-bank-questions` (default 20,000) in the banks loaded
/// together: refused before their files are read, naming every folder, the count, the
/// limit and the flag; at the limit the banks load, and `bank list` (which compiles
/// nothing) reads them whatever the limit.
#[test]
fn banks_with_more_questions_than_the_limit() {
    let d = tmp();
    let q = |i: u32| {
        format!("id = \"q{i:02}\"\nslug = \"s{i}\"\nquestion = \"How do you handle topic {i}?\"\nsample_answer = \"We set targets for topic {i}.\"\n")
    };
    let rubric = |i: u32| {
        format!("question = \"q{i:02}\"\n[[concept]]\nid = \"targets\"\nlabel = \"Targets\"\nalternatives = [\"targets\"]\n")
    };
    let (q1, q2, q3) = (q(1), q(2), q(3));
    let (r1, r2, r3) = (rubric(1), rubric(2), rubric(3));
    let a = bank(
        d.path(),
        "first",
        &[("q01.toml", &q1), ("q02.toml", &q2)],
        &[("q01.toml", &r1), ("q02.toml", &r2)],
    );
    let b = bank(d.path(), "second", &[("q03.toml", &q3)], &[("q03.toml", &r3)]);
    write(d.path(), "q01.md", "---\nquestion: q01\n---\nWe set targets.\n");
    expect(
        &run(d.path(), &["score", "--max-bank-questions", "1", "--bank", &a, "q01.md"]),
        2,
        &[
            "first: 2 questions, more than the limit of 1 questions a bank may have",
            "fix: split the bank and load only the part a run needs (--bank DIR), or raise the limit with --max-bank-questions N",
        ],
    );
    expect(
        &run(
            d.path(),
            &[
                "score",
                "--max-bank-questions",
                "2",
                "--bank",
                &a,
                "--bank",
                &b,
                "q01.md",
            ],
        ),
        2,
        &["first, second: 3 questions together, more than the limit of 2 questions"],
    );
    // Refused before reading: a file that could not be parsed is never reached.
    write(d.path(), "first/corpus/zz.toml", "not = [toml");
    expect(
        &run(
            d.path(),
            &["score", "--max-bank-questions", "2", "--bank", &a, "q01.md"],
        ),
        2,
        &["first: 3 questions, more than the limit of 2"],
    );
    std::fs::remove_file(d.path().join("first/corpus/zz.toml")).unwrap();
    expect(
        &run(d.path(), &["bank", "list", "--max-bank-questions", "0", "--bank", &a]),
        0,
        &[],
    );
    let scored = run(
        d.path(),
        &[
            "score",
            "--max-bank-questions",
            "3",
            "--bank",
            &a,
            "--bank",
            &b,
            "q01.md",
            "-f",
            "json",
        ],
    );
    expect(&scored, 0, &[]);
    assert_eq!(answers(&scored), 1);
}

#[test]
fn a_bank_with_zero_questions() {
    let d = tmp();
    let b = bank(d.path(), "empty", &[], &[]);
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "q01.md"]),
        2,
        &["the bank has no questions", "fix: add corpus/<id>.toml files"],
    );
    // A folder that does not exist was reported as one without corpus/.
    expect(
        &run(d.path(), &["score", "--bank", "nowhere", "q01.md"]),
        2,
        &[
            "nowhere: not a bank folder: there is no such folder; check the path",
            "fix: point --bank at a folder holding corpus/*.toml, one question a file, and optionally rubrics/*.toml",
        ],
    );
    fs::create_dir_all(d.path().join("no-corpus/rubrics")).unwrap();
    expect(
        &run(d.path(), &["score", "--bank", "no-corpus", "q01.md"]),
        2,
        &["no-corpus: not a bank folder: it has no corpus/ folder"],
    );
    expect(
        &run(d.path(), &["score", "--bank", "q01.md", "q01.md"]),
        2,
        &["q01.md: not a bank folder: it is a file, not a folder"],
    );
}

#[test]
fn unknown_question_in_front_matter_and_via_flag() {
    let d = tmp();
    write(d.path(), "a.md", format!("---\nquestion: q99\n---\n{GOOD}"));
    write(d.path(), "q04.md", GOOD);
    let out = run(d.path(), &["score", "a.md", "q04.md", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "a.md: unknown question `q99`",
            "fix: use one of the bank's ids or slugs",
        ],
    );
    assert_eq!(answers(&out), 1, "the other file is scored");
    expect(
        &run(d.path(), &["score", "-q", "nope", "q04.md"]),
        2,
        &["--question: unknown question `nope`"],
    );
}

#[test]
fn garbage_transcripts_are_empty_answers() {
    let d = tmp();
    write(d.path(), "a.srt", "1\nnot a timing\nhello\n");
    write(d.path(), "b.vtt", "WEBVTT\n\nNOTE only a note\n");
    write(d.path(), "c.srt", "1\n99999999999999999999:00:00,000 --> 1:2\nhello\n");
    let out = run(d.path(), &["score", "a.srt", "b.vtt", "c.srt"]);
    expect(
        &out,
        2,
        &["a.srt: empty answer", "b.vtt: empty answer", "c.srt: empty answer"],
    );
}

/// A cue timing with minutes or seconds of 60 or more (`00:99:00,000`) was read as if
/// the clock carried them; it is reported with its file, line and field, and the rest of
/// the transcript is scored.
#[test]
fn cue_timings_with_minutes_or_seconds_past_59_are_reported() {
    let d = tmp();
    write(
        d.path(),
        "a.srt",
        "1\n00:99:00,000 --> 01:40:00,000\nhello\n\n2\n00:00:01,000 --> 00:00:75,000\nthere\n\n3\n00:01:00,000 --> 00:01:05,000\nwe page on error budget burn\n",
    );
    let out = run(d.path(), &["score", "a.srt", "-q", "q04", "-f", "json"]);
    expect(
        &out,
        2,
        &[
            "a.srt:2: cue timing `00:99:00,000 --> 01:40:00,000` cannot be read: its start time has minutes 99, and minutes run from 00 to 59",
            "a.srt:6: cue timing `00:00:01,000 --> 00:00:75,000` cannot be read: its end time has seconds 75",
        ],
    );
    assert_eq!(answers(&out), 1);
}

#[test]
fn unknown_format_and_bad_flag_values_are_usage_errors() {
    let d = tmp();
    expect(
        &run(d.path(), &["score", "-f", "yaml", "."]),
        2,
        &["unknown format `yaml`"],
    );
    expect(
        &run(d.path(), &["score", "--max-file-size", "big", "."]),
        2,
        &["invalid value 'big'"],
    );
}

/// `--max-file-size` above 4 GiB − 1 was capped there silently; it is refused, with the
/// ceiling and why, and the ceiling itself is accepted.
#[test]
fn max_file_size_above_the_ceiling_is_refused() {
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", "4294967296"]),
        2,
        &[
            "invalid value '4294967296' for '--max-file-size <BYTES>'",
            "more than 4294967295 bytes (4 GiB − 1), the largest file anscov can read",
        ],
    );
    expect(
        &run(d.path(), &["bank", "list", "--max-file-size", "99999999999999"]),
        2,
        &["more than 4294967295 bytes"],
    );
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", "4294967295"]),
        0,
        &[],
    );
}

/// `--max-file-size 0` was accepted, and then every non-empty file was refused as too
/// large; it is refused at the flag, with a sensible value.
#[test]
fn max_file_size_zero_is_refused() {
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", "0"]),
        2,
        &[
            "invalid value '0' for '--max-file-size <BYTES>'",
            "0 bytes would refuse every non-empty file",
            "16777216 (16 MiB, the default)",
        ],
    );
    expect(
        &run(d.path(), &["bank", "list", "--max-file-size", "0"]),
        2,
        &["0 bytes would refuse every non-empty file"],
    );
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", "1048576"]),
        0,
        &[],
    );
}

// ---- batches and output safety --------------------------------------------------------------

#[test]
fn one_bad_file_does_not_sink_the_batch() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    write(
        d.path(),
        "answers/q05.md",
        "We keep costs down with tagging and budgets.",
    );
    write(d.path(), "answers/q10.md", b"\0\x01\x02binary");
    write(d.path(), "answers/q12.md", "We test restores quarterly.");
    let out = run(d.path(), &["score", "answers", "-f", "json"]);
    expect(&out, 2, &["q10.md: binary content"]);
    let report = json(&out);
    assert_eq!(report["answers"].as_array().unwrap().len(), 3);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1);
    assert!(report["errors"][0]["source"].as_str().unwrap().ends_with("q10.md"));
    assert_eq!(report["summary"]["problems"], 1);
}

#[test]
fn closed_pipe_ends_quietly() {
    let d = tmp();
    let mut batch = String::new();
    for i in 0..3000 {
        batch.push_str(&format!(
            "{{\"id\": \"a{i}\", \"question\": \"q04\", \"text\": \"{}\"}}\n",
            GOOD.trim()
        ));
    }
    write(d.path(), "batch.jsonl", &batch);
    for format in ["jsonl", "text", "json"] {
        // `anscov score … | head -c 10`
        let mut child = cmd(d.path(), &["score", "batch.jsonl", "-f", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap(); // dropped: the pipe closes
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(
            err.is_empty(),
            "{format}: a closed pipe is not an error worth a message:\n{err}"
        );
        assert_eq!(code(&out), 0, "{format}");
    }
}

#[test]
fn output_file_is_written_atomically_and_leaves_no_temporary_files() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    fs::create_dir(d.path().join("out")).unwrap();
    write(d.path(), "out/report.json", "old report");
    let out = run(d.path(), &["score", "answers", "-f", "json", "-o", "out/report.json"]);
    expect(&out, 0, &[]);
    assert!(out.stdout.is_empty(), "the report goes to the file only");
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("out/report.json")).unwrap()).unwrap();
    assert_eq!(written["answers"].as_array().unwrap().len(), 1);
    let names: Vec<String> = fs::read_dir(d.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.json"], "no temporary files left");
    // An input error still writes the whole report (and exits 2).
    write(d.path(), "answers/bad.md", "");
    let out = run(d.path(), &["score", "answers", "-f", "json", "-o", "out/report.json"]);
    expect(&out, 2, &["bad.md: empty answer"]);
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("out/report.json")).unwrap()).unwrap();
    assert_eq!(written["errors"].as_array().unwrap().len(), 1);
    assert_eq!(fs::read_dir(d.path().join("out")).unwrap().count(), 1);
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.insert(entry.path(), fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

#[test]
fn input_files_are_never_modified_and_nothing_is_written_beside_them() {
    let d = tmp();
    write(
        d.path(),
        "answers/q04.md",
        format!("\u{feff}---\r\nquestion: q04\r\n---\r\n{GOOD}"),
    );
    write(d.path(), "answers/latin.md", b"caf\xe9 SLOs");
    write(
        d.path(),
        "answers/b.jsonl",
        "{\"question\": \"q04\", \"text\": \"SLOs\"}\nbad\n",
    );
    write(d.path(), "answers/c.csv", "id,question,text\nr1,q04,SLOs\n");
    write(
        d.path(),
        "answers/t.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nerror budgets\n",
    );
    write(d.path(), "answers/empty.md", "");
    let before = snapshot(d.path());
    for format in ["text", "json", "sarif", "junit", "html", "markdown", "github"] {
        run(d.path(), &["score", "answers", "-f", format]);
    }
    run(d.path(), &["check", "answers"]);
    assert_eq!(snapshot(d.path()), before);
}

#[test]
fn stdin_with_invalid_utf8_and_nul() {
    let d = tmp();
    for (input, message) in [
        (b"caf\xe9 SLOs".as_slice(), "-: invalid UTF-8 at byte 3"),
        (b"a\0b".as_slice(), "-: binary content"),
    ] {
        let mut child = cmd(d.path(), &["score", "-", "-q", "q04"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(!stderr(&out).contains("panicked"));
        expect(&out, 2, &[message]);
    }
}

// ---- issue 17: hostile input, round two ----------------------------------------------------
// Byte budgets that hold for devices, FIFOs and pipes; `-o` that never destroys; no panic
// on closed pipes; ids as written; quoting errors, id/slug clashes and infinite weight
// sums reported. Time is not measured here (benches/hostile.rs doubles the inputs).

/// A FIFO at `dir/name`, fed `bytes` by a thread (which gives up if nobody reads).
fn fifo(dir: &Path, name: &str, bytes: Vec<u8>) -> (PathBuf, std::thread::JoinHandle<()>) {
    let path = dir.join(name);
    let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(made.success());
    let writer = path.clone();
    let handle = std::thread::spawn(move || {
        if let Ok(mut f) = fs::OpenOptions::new().write(true).open(&writer) {
            let _ = f.write_all(&bytes);
        }
    });
    (path, handle)
}

#[test]
fn dev_zero_behind_a_symlink_is_refused_by_every_reader() {
    let d = tmp();
    for name in [
        "a.jsonl",
        "a.md",
        "a.csv",
        "a.srt",
        "zero.toml",
        "labelled.jsonl",
        "table.csv",
    ] {
        std::os::unix::fs::symlink("/dev/zero", d.path().join(name)).unwrap();
    }
    let b = bank(d.path(), "bank", &[("q01.toml", Q01)], &[]);
    fs::create_dir_all(d.path().join("bank/rubrics")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("bank/rubrics/q01.toml")).unwrap();
    write(d.path(), "q04.md", GOOD);
    let device = "is a device, not a file";
    expect(
        &run(d.path(), &["score", "a.jsonl", "a.md", "a.csv", "a.srt", "q04.md"]),
        2,
        &[
            &format!("a.jsonl: {device}"),
            &format!("a.md: {device}"),
            &format!("a.csv: {device}"),
            &format!("a.srt: {device}"),
        ],
    );
    expect(
        &run(d.path(), &["check", "--config", "zero.toml", "q04.md"]),
        2,
        &[&format!("zero.toml: {device}")],
    );
    expect(
        &run(d.path(), &["eval", "labelled.jsonl"]),
        2,
        &[&format!("labelled.jsonl: {device}")],
    );
    expect(
        &run(d.path(), &["bank", "import", "table.csv", "--out", "imported"]),
        2,
        &[&format!("table.csv: {device}")],
    );
    expect(
        &run(d.path(), &["score", "--bank", &b, "q04.md"]),
        2,
        &[&format!("rubrics/q01.toml: {device}")],
    );
    expect(
        &run(d.path(), &["bank", "lint", &b]),
        2,
        &[&format!("rubrics/q01.toml: {device}")],
    );
}

#[test]
fn a_fifo_with_an_endless_line_is_skipped_and_the_next_line_scored() {
    let d = tmp();
    // 40 MB of one line, then a good one: the long line is skipped in constant memory.
    let mut bytes = b"{\"text\": \"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 40 << 20));
    bytes.extend(format!("\"}}\n{{\"question\": \"q04\", \"text\": \"{}\"}}\n", GOOD.trim()).as_bytes());
    let (_, writer) = fifo(d.path(), "batch.jsonl", bytes);
    let out = run(d.path(), &["score", "batch.jsonl", "-f", "json"]);
    writer.join().unwrap();
    expect(
        &out,
        2,
        &["batch.jsonl:1: line longer than the 16 MiB limit; skipped; raise the limit with --max-file-size"],
    );
    assert_eq!(answers(&out), 1);
    assert_eq!(json(&out)["answers"][0]["source"], "batch.jsonl:2");
}

#[test]
fn a_fifo_text_answer_and_a_fifo_config_are_capped() {
    let d = tmp();
    let (_, writer) = fifo(d.path(), "q04.md", vec![b'x'; 3 << 20]);
    expect(
        &run(d.path(), &["score", "q04.md", "--max-file-size", "1048576"]),
        2,
        &[
            "q04.md: larger than the 1 MiB limit for one answer file",
            "--max-file-size",
        ],
    );
    writer.join().unwrap();
    write(d.path(), "answer.md", GOOD);
    let (_, writer) = fifo(d.path(), "big.toml", vec![b'#'; 3 << 20]);
    expect(
        &run(
            d.path(),
            &[
                "check",
                "--config",
                "big.toml",
                "--max-file-size",
                "1048576",
                "answer.md",
            ],
        ),
        2,
        &["big.toml: larger than the 1 MiB limit for a config file; raise it with --max-file-size"],
    );
    writer.join().unwrap();
}

/// Runs anscov with its address space capped at `max_mib` MiB and killed after `secs`
/// seconds, checking it did not panic: a regression here must fail its test, not take the
/// machine's memory or hang the suite.
fn run_bounded(dir: &Path, args: &[&str], max_mib: u64, secs: u64) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", max_mib * 1024))
        .arg(env!("CARGO_BIN_EXE_anscov"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run anscov");
    // Drained while it runs, so a full pipe cannot pass for a hang.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("anscov {args:?} still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    let stderr = stderr(&output);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflowed"),
        "anscov {args:?}:\n{stderr}"
    );
    assert!(
        output.status.code().is_some(),
        "anscov {args:?} killed by a signal:\n{stderr}"
    );
    output
}

#[test]
fn front_matter_aliases_and_deep_block_nesting_stay_bounded() {
    let d = tmp();
    // Billion laughs: 306 bytes whose aliases expand to 9^8 nodes; loading them took GBs.
    let mut laughs = "---\nquestion: q04\na: &a [x,x,x,x,x,x,x,x,x]\n".to_string();
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        laughs += &format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(","));
    }
    write(d.path(), "laughs.md", format!("{laughs}---\n{GOOD}"));
    let out = run_bounded(d.path(), &["score", "--no-config", "laughs.md", "-f", "json"], 1024, 60);
    expect(&out, 0, &[]);
    assert_eq!(json(&out)["answers"][0]["question"], "q04");
    // 30,000 levels of `- ` overflowed the stack (exit 134).
    write(
        d.path(),
        "dash.md",
        format!("---\nquestion: q04\nx:\n{}a\n---\n{GOOD}", "- ".repeat(30_000)),
    );
    expect(
        &run_bounded(d.path(), &["score", "--no-config", "dash.md"], 1024, 60),
        2,
        &["dash.md:4: front matter nested deeper than 64 levels", "flatten"],
    );
}

#[test]
fn a_fifo_in_a_bank_or_as_a_found_config_is_refused_not_waited_on() {
    let d = tmp();
    let mkfifo = |path: &Path| assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
    // Nobody writes into these: opening one for reading waited forever.
    let b = bank(d.path(), "bank", &[("q01.toml", Q01)], &[]);
    mkfifo(&d.path().join("bank/corpus/fifo.toml"));
    write(d.path(), "q01.md", "We set SLOs.");
    let fifo = "corpus/fifo.toml: is a FIFO (named pipe), not a regular file";
    expect(
        &run_bounded(d.path(), &["bank", "list", "--bank", &b], 1024, 60),
        2,
        &[fifo],
    );
    expect(&run_bounded(d.path(), &["bank", "lint", &b], 1024, 60), 2, &[fifo]);
    expect(
        &run_bounded(d.path(), &["score", "--bank", &b, "q01.md"], 1024, 60),
        2,
        &[fifo, "replace it with a regular file"],
    );
    // An anscov.toml found by looking upward from the working folder.
    fs::create_dir_all(d.path().join("project/sub")).unwrap();
    mkfifo(&d.path().join("project/anscov.toml"));
    write(d.path(), "project/sub/q04.md", GOOD);
    let sub = d.path().join("project/sub");
    for command in ["score", "check"] {
        expect(
            &run_bounded(&sub, &[command, "q04.md"], 1024, 60),
            2,
            &["anscov.toml: is a FIFO (named pipe), not a regular file"],
        );
    }
    expect(
        &run_bounded(&sub, &["score", "--no-config", "q04.md"], 1024, 60),
        0,
        &[],
    );
}

#[test]
fn stdin_with_one_endless_line_is_skipped_within_the_limit() {
    let d = tmp();
    let mut child = cmd(d.path(), &["score", "-", "-f", "json", "--max-file-size", "65536"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        let _ = stdin.write_all(b"{\"text\": \"");
        for _ in 0..64 {
            if stdin.write_all(&chunk).is_err() {
                return;
            }
        }
        let _ = stdin.write_all(b"\"}\n{\"question\": \"q04\", \"text\": \"error budgets and SLOs\"}\n");
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    expect(&out, 2, &["-:1: line longer than the 64 KiB limit; skipped"]);
    assert_eq!(answers(&out), 1);
}

#[test]
fn oversized_bank_eval_and_import_files_name_the_limit_and_the_flag() {
    let d = tmp();
    let big_sample = format!("sample_answer = \"{}\"\n", "x".repeat(5000));
    let b = bank(
        d.path(),
        "bank",
        &[(
            "q01.toml",
            &format!("id = \"q01\"\nslug = \"one\"\nquestion = \"How?\"\n{big_sample}"),
        )],
        &[],
    );
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "q01.md", "--max-file-size", "4096"]),
        2,
        &["corpus/q01.toml: larger than the 4 KiB limit for a bank file; raise it with --max-file-size"],
    );
    let out = run(d.path(), &["score", "--bank", &b, "q01.md", "--max-file-size", "8192"]);
    expect(&out, 0, &[]);
    let line = format!(
        "{{\"question\": \"q04\", \"text\": \"{}\", \"covered\": []}}\n",
        "x ".repeat(3000)
    );
    write(d.path(), "labelled.jsonl", &line);
    expect(
        &run(d.path(), &["eval", "labelled.jsonl", "--max-file-size", "4096"]),
        2,
        &["labelled.jsonl: larger than the 4 KiB limit for a table (of questions, or of graded or labelled answers); raise it with --max-file-size"],
    );
    write(
        d.path(),
        "table.csv",
        format!("id,question,sample_answer\n1,How?,{}\n", "x".repeat(5000)),
    );
    expect(
        &run(
            d.path(),
            &[
                "bank",
                "import",
                "table.csv",
                "--out",
                "imported",
                "--max-file-size",
                "4096",
            ],
        ),
        2,
        &[
            "table.csv: larger than the 4 KiB limit for a table (of questions, or of graded or labelled answers)",
            "--max-file-size",
        ],
    );
}

#[test]
fn a_csv_record_over_the_limit_stops_the_file_with_its_line() {
    let d = tmp();
    let mut text = format!("id,question,text\nr1,q04,\"{}\"\nr2,q04,\"", GOOD.trim());
    text.push_str(&"x".repeat(200_000));
    write(d.path(), "a.csv", &text);
    let out = run(d.path(), &["score", "a.csv", "--max-file-size", "65536", "-f", "json"]);
    expect(
        &out,
        2,
        &["a.csv:3: CSV record longer than the 64 KiB limit", "--max-file-size"],
    );
    assert_eq!(answers(&out), 1);
}

// ---- -o FILE ---------------------------------------------------------------------------------

#[test]
fn output_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    write(d.path(), "reports/latest.json", "old");
    std::os::unix::fs::symlink("reports/latest.json", d.path().join("report.json")).unwrap();
    expect(
        &run(d.path(), &["score", "answers", "-f", "json", "-o", "report.json"]),
        0,
        &[],
    );
    assert!(fs::symlink_metadata(d.path().join("report.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("reports/latest.json")).unwrap()).unwrap();
    assert_eq!(written["answers"].as_array().unwrap().len(), 1);
    // A dangling link: its target is created.
    std::os::unix::fs::symlink("reports/new.json", d.path().join("dangling.json")).unwrap();
    expect(
        &run(d.path(), &["score", "answers", "-f", "json", "-o", "dangling.json"]),
        0,
        &[],
    );
    assert!(d.path().join("reports/new.json").is_file());
}

#[test]
fn output_refuses_inputs_directories_and_devices() {
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    fs::create_dir(d.path().join("out")).unwrap();
    std::os::unix::fs::symlink("q04.md", d.path().join("alias.md")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.path().join("null.txt")).unwrap();
    let before = snapshot(d.path());
    for (output, message) in [
        ("q04.md", "-o q04.md: is one of the inputs (q04.md)"),
        ("alias.md", "is one of the inputs (q04.md)"),
        ("out", "-o out: is a directory"),
        ("/dev/null", "-o /dev/null: is not a regular file"),
        ("null.txt", "is not a regular file (the link's target, /dev/null)"),
    ] {
        let out = run(d.path(), &["score", "q04.md", "-o", output]);
        expect(&out, 2, &[message]);
        let out = run(d.path(), &["check", "q04.md", "-o", output]);
        expect(&out, 2, &[message]);
    }
    assert_eq!(snapshot(d.path()), before, "nothing was written");
    // The bank's files and the config are inputs too.
    let b = bank(d.path(), "bank", &[("q01.toml", Q01)], &[]);
    write(d.path(), "anscov.toml", "paths = [\"q04.md\"]\n");
    let before = snapshot(d.path());
    expect(
        &run(
            d.path(),
            &["score", "--bank", &b, "q04.md", "-o", "bank/corpus/q01.toml"],
        ),
        2,
        &["is one of the inputs (bank/corpus/q01.toml)"],
    );
    expect(
        &run(d.path(), &["check", "-o", "anscov.toml"]),
        2,
        &["is one of the inputs"],
    );
    assert_eq!(snapshot(d.path()), before, "nothing was written");
    // An answer found by walking a folder is an input too: the walk leaves anscov's own
    // reports out, so the file `-o` names there is the user's answer.
    write(d.path(), "answers/q04.md", GOOD);
    let before = snapshot(d.path());
    for command in ["score", "check"] {
        expect(
            &run(d.path(), &[command, "answers", "-f", "json", "-o", "answers/q04.md"]),
            2,
            &["-o answers/q04.md: is an answer file found in the inputs (answers/q04.md)"],
        );
    }
    assert_eq!(snapshot(d.path()), before, "nothing was written");
    // A report written into the folder it checks is skipped by the next walk, and -o may
    // replace it.
    expect(
        &run(
            d.path(),
            &["score", "answers", "-f", "json", "-o", "answers/report.json"],
        ),
        0,
        &[],
    );
    expect(
        &run(
            d.path(),
            &["score", "answers", "-f", "json", "-o", "answers/report.json"],
        ),
        0,
        &[],
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(Path::new("/dev/null").metadata().unwrap().file_type().is_char_device());
}

#[test]
fn output_keeps_an_existing_files_mode_and_new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    write(d.path(), "q04.md", GOOD);
    let report = write(d.path(), "report.txt", "old");
    fs::set_permissions(&report, fs::Permissions::from_mode(0o644)).unwrap();
    expect(&run(d.path(), &["score", "q04.md", "-o", "report.txt"]), 0, &[]);
    assert_eq!(fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o644);
    fs::set_permissions(&report, fs::Permissions::from_mode(0o640)).unwrap();
    expect(&run(d.path(), &["score", "q04.md", "-o", "report.txt"]), 0, &[]);
    assert_eq!(fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o640);
    // A new file: 0666 less the umask (027 here).
    let out = Command::new("sh")
        .args([
            "-c",
            &format!(
                "umask 027 && exec '{}' score q04.md -o new.txt",
                env!("CARGO_BIN_EXE_anscov")
            ),
        ])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        fs::metadata(d.path().join("new.txt")).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn reports_written_into_an_answer_folder_are_never_read_back() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    for format in ["text", "json", "jsonl", "markdown", "html", "junit", "sarif", "github"] {
        for name in ["report.md", "report.jsonl", "report.txt"] {
            let target = format!("answers/{name}");
            // Twice: the second run walks a folder holding the first run's report.
            for _ in 0..2 {
                let out = run(d.path(), &["score", "answers", "-f", format, "-o", &target]);
                expect(&out, 0, &[]);
            }
            // A different command, without -o, does not read it either.
            let out = run(d.path(), &["score", "answers", "-f", "json"]);
            expect(&out, 0, &[]);
            assert_eq!(answers(&out), 1, "{format} report {name} was read as an answer");
            fs::remove_file(d.path().join(&target)).unwrap();
        }
    }
    // Named on the command line, a file is read whatever it looks like.
    write(
        d.path(),
        "answers/notes.md",
        "## anscov\n\nWe set SLOs with error budgets.\n",
    );
    let out = run(d.path(), &["score", "answers", "-f", "json"]);
    assert_eq!(
        answers(&out),
        2,
        "an answer that merely starts like a report is still read"
    );
}

// ---- closed pipes ----------------------------------------------------------------------------

#[test]
fn no_panic_with_stderr_or_stdout_closed_on_any_command() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    write(d.path(), "answers/empty.md", "");
    write(
        d.path(),
        "labelled.jsonl",
        format!(
            "{{\"question\": \"q04\", \"text\": \"{}\", \"covered\": []}}\n",
            GOOD.trim()
        ),
    );
    write(
        d.path(),
        "table.csv",
        "id,question,sample_answer\n1,How do you set SLOs?,We set SLOs with budgets.\n",
    );
    let commands: &[&[&str]] = &[
        &["score", "answers"],
        &["score", "answers", "-f", "json"],
        &["check", "answers"],
        &["config"],
        &["eval", "labelled.jsonl"],
        &["bank", "list"],
        &["bank", "lint"],
        &["bank", "show", "q04"],
        &["bank", "derive", "q04"],
        &["bank", "import", "table.csv", "--out", "imported"],
        &["score", "--bogus-flag"],
        &["--help"],
    ];
    for args in commands {
        // stdout and stderr: pipes whose readers are gone; then stderr full.
        let mut child = cmd(d.path(), args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert!(
            matches!(status.code(), Some(0..=2)),
            "{args:?} closed pipes: {status:?}"
        );
        let _ = fs::remove_dir_all(d.path().join("imported"));
        let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let status = cmd(d.path(), args).stdout(Stdio::null()).stderr(full).status().unwrap();
        assert!(matches!(status.code(), Some(0..=2)), "{args:?} 2>/dev/full: {status:?}");
        let _ = fs::remove_dir_all(d.path().join("imported"));
    }
    // The -o report is still written when stderr is gone (empty.md makes a diagnostic).
    for stderr in [
        Stdio::from(fs::OpenOptions::new().write(true).open("/dev/full").unwrap()),
        Stdio::piped(),
    ] {
        let mut child = cmd(d.path(), &["score", "answers", "-f", "json", "-o", "report.json"])
            .stderr(stderr)
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        assert_eq!(child.wait().unwrap().code(), Some(2));
        let written: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(d.path().join("report.json")).unwrap()).unwrap();
        assert_eq!(written["errors"].as_array().unwrap().len(), 1);
        fs::remove_file(d.path().join("report.json")).unwrap();
    }
}

// ---- silent wrong results --------------------------------------------------------------------

#[test]
fn jsonl_ids_are_kept_as_written() {
    let d = tmp();
    write(
        d.path(),
        "b.jsonl",
        "{\"id\": 1.10, \"question\": \"q04\", \"text\": \"SLOs\"}\n{\"id\": 1.1, \"question\": \"q04\", \"text\": \"SLOs\"}\n{\"id\": 12345678901234567890123, \"question\": \"q04\", \"text\": \"SLOs\"}\n{\"id\": 12345678901234567890124, \"question\": \"q04\", \"text\": \"SLOs\"}\n",
    );
    let out = run(d.path(), &["score", "b.jsonl", "-f", "json"]);
    let ids: Vec<String> = json(&out)["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["1.10", "1.1", "12345678901234567890123", "12345678901234567890124"]
    );
    // bank import keeps them too: two questions, not one id given twice.
    write(
        d.path(),
        "table.jsonl",
        "{\"id\": 1.1, \"question\": \"How do you set SLOs?\", \"sample_answer\": \"With budgets.\"}\n{\"id\": 1.10, \"question\": \"How do you page?\", \"sample_answer\": \"On symptoms.\"}\n",
    );
    let out = run(d.path(), &["bank", "import", "table.jsonl", "--out", "imported"]);
    expect(&out, 0, &[]);
    let list = stdout(&run(d.path(), &["bank", "list", "--bank", "imported"]));
    assert!(list.contains("1.1 ") && list.contains("1.10 "), "{list}");
}

#[test]
fn csv_unterminated_quote_is_reported_with_its_line() {
    let d = tmp();
    write(
        d.path(),
        "a.csv",
        format!(
            "id,question,text\nr1,q04,\"{}\"\nr2,q04,\"never closed\nr3,q04,third\nr4,q04,fourth\n",
            GOOD.trim()
        ),
    );
    let out = run(d.path(), &["score", "a.csv", "-f", "json"]);
    expect(
        &out,
        2,
        &["a.csv:3: unterminated quote: the quoted field opened on line 3 runs to the end of the file"],
    );
    assert_eq!(answers(&out), 1);
}

/// In an `eval` or `bank import` table, an unterminated quote made the rest of the file
/// one cell and was reported as a missing column of that row; it is named as such, with
/// the line of the quote, as in answer batches.
#[test]
fn csv_unterminated_quote_in_eval_and_import_tables_is_named() {
    let d = tmp();
    write(
        d.path(),
        "g.csv",
        "question_id,question,reference_answer,answer,grade\nq,What is a stack?,Last in first out.,\"last in, first out,5\nq,What is a stack?,Last in first out.,a list,2\n",
    );
    write(
        d.path(),
        "q.csv",
        "id,question,sample_answer\na,First?,A.\nb,\"Second?,B.\nc,Third?,C.\n",
    );
    let quote = ": unterminated quote: the quoted field opened on line";
    expect(
        &run(d.path(), &["eval", "g.csv"]),
        2,
        &[
            &format!("g.csv:2{quote} 2 runs to the end of the file"),
            "fix: close the quote",
        ],
    );
    expect(
        &run(d.path(), &["bank", "import", "q.csv", "--out", "b"]),
        2,
        &[
            &format!("q.csv:3{quote} 3 runs to the end of the file"),
            "fix: close the quote",
        ],
    );
    assert!(!d.path().join("b").exists(), "nothing imported");
}

const Q02_SLUG_Q01: &str =
    "id = \"one\"\nslug = \"two\"\nquestion = \"How do you page?\"\nsample_answer = \"On symptoms.\"\n";

#[test]
fn a_question_id_equal_to_another_questions_slug_is_rejected_by_loader_and_lint() {
    let d = tmp();
    // Q01's slug is "one"; this question's id is "one".
    let b = bank(d.path(), "bank", &[("a.toml", Q01), ("b.toml", Q02_SLUG_Q01)], &[]);
    write(d.path(), "x.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "x.md"]),
        2,
        &["bank/corpus/b.toml:1: question id `one` is the slug of question `q01`"],
    );
    let out = run(d.path(), &["bank", "lint", &b]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("bank/corpus/b.toml:1: error[duplicate-id]: question id `one` is the slug of the question in bank/corpus/a.toml"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn weights_whose_sum_is_not_finite_are_rejected_by_loader_and_lint() {
    let d = tmp();
    let rubric = "question = \"q01\"\n[[concept]]\nid = \"a\"\nlabel = \"A\"\nweight = 1e308\n[[concept]]\nid = \"b\"\nlabel = \"B\"\nweight = 1e308\n";
    let b = bank(d.path(), "bank", &[("q01.toml", Q01)], &[("q01.toml", rubric)]);
    write(d.path(), "q01.md", "We set SLOs.");
    expect(
        &run(d.path(), &["score", "--bank", &b, "q01.md"]),
        2,
        &["rubrics/q01.toml:5: the concept weights add up to inf, which is not a finite number"],
    );
    let out = run(d.path(), &["bank", "lint", &b]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("rubrics/q01.toml:5: error[schema]: the concept weights add up to inf"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_exclude_list_too_big_to_match_names_the_file_and_key() {
    let d = tmp();
    write(d.path(), "answers/q04.md", GOOD);
    // Each glob is fine; together they exceed the matcher's size limit.
    let globs: Vec<String> = (0..8000).map(|i| format!("\"{}{i}\"", "[!x]".repeat(30))).collect();
    write(
        d.path(),
        "anscov.toml",
        format!("paths = [\"answers\"]\nexclude = [{}]\n", globs.join(", ")),
    );
    expect(
        &run(d.path(), &["check"]),
        2,
        &["anscov.toml:2: exclude: the globs (8000 of them) are too complex to match together (error building NFA)"],
    );
}

#[test]
fn sections_report_the_lines_of_their_own_file() {
    let d = tmp();
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!("## q04 part {i}\nWe alert on the error budget burn.\n\n"));
    }
    write(d.path(), "prep.md", &text);
    let out = run(d.path(), &["score", "prep.md", "-f", "json"]);
    let report = json(&out);
    let answers = report["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 2000);
    let last = &answers[1999];
    assert_eq!(last["source"], "prep.md:5998");
    let evidence = last["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .next()
        .unwrap();
    assert_eq!(evidence["line"], 5999);
    let start = evidence["start"].as_u64().unwrap() as usize;
    assert_eq!(
        &text[start..evidence["end"].as_u64().unwrap() as usize],
        evidence["text"].as_str().unwrap()
    );
}
