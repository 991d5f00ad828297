//! Reading answers: every input kind, good and bad.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use super::markdown::*;
use super::reader::Format;
use super::transcript::*;
use super::*;
use crate::bank::Bank;

fn bank() -> Bank {
    Bank::embedded().unwrap()
}

#[test]
fn front_matter_names_the_question_and_is_excluded() {
    let text = "---\ntitle: draft\nquestion: q04\n---\nWe set SLOs.\n".to_string();
    let answers = document_answers(&bank(), Some(Path::new("a/draft.md")), text).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].question.as_deref(), Some("q04"));
    assert_eq!(&answers[0].text[answers[0].range.clone()], "We set SLOs.\n");
}

#[test]
fn front_matter_as_people_write_it() {
    let q = |text: &str| {
        document_answers(&bank(), Some(Path::new("draft.md")), text.to_string())
            .map(|answers| answers[0].question.clone())
            .map_err(|d| d.source + ": " + &d.message)
    };
    // A tags list, a comment after the value, unknown keys, quoting, `...` to close.
    assert_eq!(
        q("---\ntitle: \"Draft: two\"\ntags:\n  - sre\n  - slo\nquestion: q04 # second draft\nauthor: {name: Ana}\n---\nWe set SLOs.\n"),
        Ok(Some("q04".to_string()))
    );
    assert_eq!(
        q("---\n# just a comment\nquestion: 'q13'\n...\nBody.\n"),
        Ok(Some("q13".to_string()))
    );
    assert_eq!(q("---\ntags: [a, b]\n---\nBody.\n"), Ok(None));
    // TOML.
    assert_eq!(
        q("+++\ntitle = \"x\" # note\ntags = [\"sre\", \"slo\"]\nquestion = \"q04\"\n[extra]\nk = 1\n+++\nBody.\n"),
        Ok(Some("q04".to_string()))
    );
    // Malformed: the file and the block's line.
    assert_eq!(
        q("---\ntitle: ok\ntags: [a, b\nquestion: q04\n---\nBody.\n").map_err(|e| e.starts_with("draft.md:")),
        Err(true)
    );
    let err = q("\u{feff}---\ntitle: ok\nquestion: q04\n  bad: indent: here\n---\nBody.\n").unwrap_err();
    assert!(err.starts_with("draft.md:4: front matter is not valid YAML"), "{err}");
    let err = q("+++\ntitle = \"ok\"\nquestion = q04\n+++\nBody.\n").unwrap_err();
    assert!(err.starts_with("draft.md:3: front matter is not valid TOML"), "{err}");
    let err = q("---\nquestion: [q04, q05]\n---\nBody.\n").unwrap_err();
    assert!(err.starts_with("draft.md:2: front matter `question` must be"), "{err}");
    let err = q(&format!("---\nx: {}\n---\nBody.\n", "[".repeat(10_000))).unwrap_err();
    assert!(err.contains("nested deeper"), "{err}");
}

/// Front matter opened and never closed was read as answer text, its keys scored and its
/// `question` ignored, silently; it is an error at the opening line.
#[test]
fn front_matter_never_closed_is_an_error_at_its_opening_line() {
    let err = |text: &str| {
        document_answers(&bank(), Some(Path::new("draft.md")), text.to_string())
            .map(|answers| answers.len())
            .map_err(|d| d.source + ": " + &d.message)
            .unwrap_err()
    };
    for (text, fence) in [
        ("---\nquestion: q04\nWe set SLOs and page on burn rate.\n", "---"),
        ("---\r\nquestion: q04\r\n\r\nWe set SLOs.\r\n", "---"),
        ("\u{feff}+++\nquestion = \"q04\"\nWe set SLOs.\n", "+++"),
        ("---", "---"),
    ] {
        let e = err(text);
        assert!(
            e.starts_with(&format!(
                "draft.md:1: front matter opened here with `{fence}` is never closed"
            )),
            "{e}"
        );
        assert!(e.contains(&format!("close it with a `{fence}` line")), "{e}");
    }
    // Closed, or not front matter at all (`----`, text on the fence line): read as before.
    let ok = |text: &str| document_answers(&bank(), Some(Path::new("draft.md")), text.to_string()).is_ok();
    assert!(ok("---\nquestion: q04\n---\nWe set SLOs.\n"));
    assert!(ok("----\nWe set SLOs.\n"));
    assert!(ok("--- draft\nWe set SLOs.\n"));
    assert!(ok("We set SLOs.\n---\nMore.\n"));
}

#[test]
fn front_matter_aliases_and_deep_blocks_cost_bounded_memory_and_stack() {
    let q = |text: &str| {
        document_answers(&bank(), Some(Path::new("draft.md")), text.to_string())
            .map(|answers| answers[0].question.clone())
            .map_err(|d| d.source + ": " + &d.message)
    };
    // Billion laughs: 9^8 x's if aliases were expanded (GBs); read as written instead.
    let mut laughs = "---\nquestion: q04\na: &a [x,x,x,x,x,x,x,x,x]\n".to_string();
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        laughs += &format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(","));
    }
    laughs += "---\nWe set SLOs.\n";
    assert_eq!(q(&laughs), Ok(Some("q04".to_string())));
    // An alias of a scalar is that scalar; of a list, not an id.
    assert_eq!(
        q("---\nids: [&id q13]\nquestion: *id\n---\nBody.\n"),
        Ok(Some("q13".to_string()))
    );
    let err = q("---\nids: &ids [q13]\nquestion: *ids\n---\nBody.\n").unwrap_err();
    assert!(err.starts_with("draft.md:3: front matter `question` must be"), "{err}");
    // Block nesting (`- - -`, indented keys) is capped as flow nesting is: 30,000 levels
    // overflowed the stack.
    let err = q(&format!(
        "---\nquestion: q04\nx:\n{}a\n---\nBody.\n",
        "- ".repeat(30_000)
    ))
    .unwrap_err();
    assert!(
        err.starts_with("draft.md:4: front matter nested deeper than 64 levels"),
        "{err}"
    );
    let keys: String = (0..100).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let err = q(&format!(
        "---\nquestion: q04\n{keys}{}v: 1\n---\nBody.\n",
        " ".repeat(100)
    ))
    .unwrap_err();
    assert!(err.contains("nested deeper"), "{err}");
    // Within the cap, nesting is fine; a repeated key is still refused, with its line.
    assert_eq!(
        q("---\nx: [[[a]], {b: [c]}]\nquestion: q04\n---\nBody.\n"),
        Ok(Some("q04".to_string()))
    );
    let err = q("---\ntags: [a]\nquestion: q04\ntags: [b]\n---\nBody.\n").unwrap_err();
    assert!(
        err.starts_with("draft.md:4: front matter is not valid YAML: the key `tags` is set twice"),
        "{err}"
    );
    let err = q("---\nQuestion: q04\nquestion: q05\n---\nBody.\n").unwrap_err();
    assert!(
        err.starts_with("draft.md:3: front matter names `question` twice"),
        "{err}"
    );
    // Typed as before: a number is an id, `~` is none, `true` is not an id.
    assert_eq!(q("---\nquestion: 4\n---\nBody.\n"), Ok(Some("4".to_string())));
    assert_eq!(q("---\nquestion: ~\n---\nBody.\n"), Ok(None));
    assert!(q("---\nquestion: true\n---\nBody.\n").is_err());
    assert!(q("---\n- a\n- b\n---\nBody.\n")
        .unwrap_err()
        .contains("not a list of `key: value` lines"));
}

#[test]
fn markdown_that_is_not_answer_text_is_blanked() {
    let b = bank();
    let question = b
        .questions
        .iter()
        .find(|q| q.id == "q04")
        .unwrap()
        .text
        .trim()
        .to_string();
    let text = format!(
        "---\nquestion: q04\n---\n\n# {question}\n\n<!-- TODO: mention error budgets -->\nWe page on burn rate.<!-- inline note --> Done.\n\n```yaml\nslo: 99.9\n```\n\n## Why it matters\n\nCustomers notice.\n"
    );
    let answers = document_answers(&b, Some(Path::new("q04.md")), text.clone()).unwrap();
    let a = &answers[0];
    let scored = a.scored_text();
    assert_eq!(scored.len(), text.len());
    assert_eq!(scored.matches('\n').count(), text.matches('\n').count());
    assert!(
        !scored.contains("SLO") && !scored.contains("TODO") && !scored.contains("inline") && !scored.contains("99.9")
    );
    // Answer text and headings of the answer's own stay, at their offsets.
    for kept in [
        "We page on burn rate.",
        " Done.",
        "## Why it matters",
        "Customers notice.",
    ] {
        let at = text.find(kept).unwrap();
        assert_eq!(&scored[at..at + kept.len()], kept);
    }
    // Nothing to blank: nothing copied.
    let plain = document_answers(&b, Some(Path::new("q04.md")), "# My SLO story\nWe page.\n".to_string()).unwrap();
    assert!(plain[0].scored.is_none());
    // A heading that only names the question.
    let named = document_answers(&b, Some(Path::new("q04.md")), "# Q4\nWe page.\n".to_string()).unwrap();
    assert_eq!(named[0].scored_text(), "    \nWe page.\n");
    // A heading that shortens the question is not answer text; a short section title
    // made of the question's words is.
    let shortened = document_answers(
        &b,
        Some(Path::new("q04.md")),
        "# How do you define SLOs?\nWe page.\n".to_string(),
    )
    .unwrap();
    assert_eq!(shortened[0].scored_text(), format!("{}\nWe page.\n", " ".repeat(25)));
    let titled = document_answers(
        &b,
        Some(Path::new("q04.md")),
        "## Incident response\nWe page.\n".to_string(),
    )
    .unwrap();
    assert!(titled[0].scored.is_none());
}

/// A code fence never closed blanks the rest of the document (CommonMark), silently until
/// now: the answers that lose text to it say so with the fence's line.
#[test]
fn a_code_fence_never_closed_is_a_warning_with_its_line() {
    let b = bank();
    let text = "We set SLOs.\n\n```yaml\nslo: 99.9\n\nWe page on burn rate.\n".to_string();
    let (answers, problems) = markdown_answers(&b, Some(Path::new("q04.md")), text).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, 3);
    assert!(problems[0].1.starts_with("code fence ``` never closed"), "{problems:?}");
    assert!(problems[0].1.contains("close it with a ``` line"), "{problems:?}");
    assert_eq!(answers[0].warnings, [format!("line 3: {}", problems[0].1)]);
    assert!(
        !answers[0].scored_text().contains("page"),
        "CommonMark: the rest is code"
    );
    // Sections: only the answer that loses text to it; `~~~~` is named as written.
    let text = "## q04\nWe set SLOs.\n\n## q13\nWe page.\n  ~~~~\nrest\n".to_string();
    let (answers, problems) = markdown_answers(&b, Some(Path::new("prep.md")), text).unwrap();
    assert_eq!(answers.len(), 2);
    assert!(answers[0].warnings.is_empty());
    assert_eq!(answers[1].warnings.len(), 1);
    assert!(
        answers[1].warnings[0].starts_with("line 6: code fence ~~~~ never closed"),
        "{:?}",
        answers[1].warnings
    );
    assert_eq!(problems.len(), 1);
    // Closed fences (also in a block quote, or by a longer fence), and a fence alone on the
    // last line, which hides nothing: no warning.
    for text in [
        "We set SLOs.\n```\ncode\n```\n",
        "We set SLOs.\n```\ncode\n`````\n\n\n",
        "We set SLOs.\n> ```\n> code\n> ```\n>\n",
        "We set SLOs.\n\n```\n\n",
        "We set SLOs.\n",
    ] {
        let (answers, problems) = markdown_answers(&b, Some(Path::new("q04.md")), text.to_string()).unwrap();
        assert!(
            problems.is_empty() && answers[0].warnings.is_empty(),
            "{text:?}: {problems:?}"
        );
    }
}

#[test]
fn file_names_name_questions() {
    let b = bank();
    assert_eq!(
        question_from_file_name(&b, Path::new("x/q04.md")).as_deref(),
        Some("q04")
    );
    assert_eq!(
        question_from_file_name(&b, Path::new("q04-draft2.md")).as_deref(),
        Some("q04")
    );
    assert_eq!(
        question_from_file_name(&b, Path::new("slos-and-incident-response.md")).as_deref(),
        Some("q04")
    );
    assert_eq!(question_from_file_name(&b, Path::new("q040.md")), None);
    assert_eq!(question_from_file_name(&b, Path::new("notes.md")), None);
}

#[test]
fn headings_split_a_file_into_answers() {
    let text =
        "# My answers\n\n## q01 first-year-roadmap\nDiscovery first.\n\n## Q13: 30-60-90-days\nThirty days: assess.\n"
            .to_string();
    let answers = document_answers(&bank(), Some(Path::new("both.md")), text).unwrap();
    let got: Vec<(Option<&str>, &str, &str)> = answers
        .iter()
        .map(|a| (a.question.as_deref(), a.source.as_str(), a.text[a.range.clone()].trim()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("q01"), "both.md:3", "Discovery first."),
            (Some("q13"), "both.md:6", "Thirty days: assess.")
        ]
    );
}

/// A heading naming an id the bank lacks would silently join the answer before it.
#[test]
fn a_heading_naming_an_unknown_question_is_an_error_with_its_line() {
    let text = "## q01 roadmap\nDiscovery first.\n\n## q99 extra\nSomething else.\n".to_string();
    let err = document_answers(&bank(), Some(Path::new("both.md")), text).unwrap_err();
    assert_eq!(err.line, Some(4), "{err:?}");
    assert!(
        err.message
            .contains("names question `q99`, which the bank does not have"),
        "{err:?}"
    );
    // A file that names its question elsewhere does not split by heading.
    let named = "---\nquestion: q04\n---\n## q99 appendix\nWe page on error budgets.\n".to_string();
    assert!(document_answers(&bank(), Some(Path::new("a.md")), named).is_ok());
}

#[test]
fn srt_and_vtt_lose_numbers_and_timestamps() {
    let srt = "1\n00:00:01,000 --> 00:00:03,500\num so we set <i>SLOs</i>\n\n2\n00:00:03,500 --> 00:00:06,000\nwith product\n";
    let answers = transcript_answers(Some(Path::new("t.srt")), srt, Format::Srt);
    assert_eq!(&*answers[0].text, "um so we set SLOs with product");
    assert_eq!(
        answers[0].cues[1],
        Cue {
            start_ms: 3500,
            end_ms: 6000,
            range: 18..30,
            lines: vec![CueLine {
                line: 7,
                range: 18..30,
                anchors: vec![(18, 1)]
            }]
        }
    );
    let vtt =
        "WEBVTT\n\nNOTE a comment\nstill the note\n\nc1\n00:01.000 --> 00:02.000 align:start\n<v Ana>error budgets\n";
    let answers = transcript_answers(Some(Path::new("t.vtt")), vtt, Format::Vtt);
    assert_eq!(&*answers[0].text, "error budgets");
    assert_eq!(answers[0].cues[0].start_ms, 1000);
}

/// A timing line that cannot be read drops its cue's words; the answer says which line,
/// and speech that happens to hold "-->" after a good timing is still speech.
#[test]
fn an_unreadable_cue_timing_is_a_warning_with_its_line() {
    let srt = "1\n00:00:05;000 --> 00:00:07,000\nwe page on error budget burn\n\n2\n00:00:08,000 --> 00:00:09,000\nand a --> b\n";
    let answers = transcript_answers(Some(Path::new("t.srt")), srt, Format::Srt);
    assert_eq!(&*answers[0].text, "and a --> b");
    assert_eq!(answers[0].warnings.len(), 1, "{:?}", answers[0].warnings);
    assert!(answers[0].warnings[0].starts_with("line 2: cue timing `00:00:05;000 --> 00:00:07,000` cannot be read"));
    let (_, unreadable) = super::transcript::read_transcript(Some(Path::new("t.srt")), srt, Format::Srt);
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].0, 2);
    let clean = "1\n00:00:01,000 --> 00:00:03,500\nwe set SLOs\n";
    assert!(transcript_answers(Some(Path::new("t.srt")), clean, Format::Srt)[0]
        .warnings
        .is_empty());
}

/// Absurd hours (`99999999:00:00,000`) were read as 11,000 years into the recording, and
/// pace and pauses with them; past 99:59:59,999 a timing is reported like an unreadable one.
#[test]
fn a_cue_timing_past_the_latest_time_is_a_warning_with_its_line() {
    let srt = "1\n99999999:00:00,000 --> 99999999:00:02,000\nwe page on error budget burn\n\n2\n00:00:08,000 --> 100:00:00,000\nlate\n\n3\n99:59:58,000 --> 99:59:59,999\nwe set SLOs\n";
    let (answers, unreadable) = super::transcript::read_transcript(Some(Path::new("t.srt")), srt, Format::Srt);
    assert_eq!(&*answers[0].text, "we set SLOs");
    assert_eq!(answers[0].cues[0].end_ms, MAX_TIMESTAMP_MS);
    let lines: Vec<usize> = unreadable.iter().map(|u| u.0).collect();
    assert_eq!(lines, [2, 6]);
    assert!(
        unreadable[0]
            .1
            .starts_with("cue timing `99999999:00:00,000 --> 99999999:00:02,000` is past 99:59:59,999"),
        "{unreadable:?}"
    );
    assert!(unreadable[1].1.contains("is past 99:59:59,999"), "{unreadable:?}");
    // Digits beyond u64 are not a time at all.
    let (_, unreadable) =
        super::transcript::read_transcript(None, "99999999999999999999:00:00,000 --> 1:2\nhi\n", Format::Srt);
    assert!(unreadable[0].1.contains("cannot be read"), "{unreadable:?}");
}

/// Minutes or seconds of 60 or more (`00:99:00,000`, `00:00:75,000`) were read as
/// 01:39:00 and 00:01:15; such a timing is reported like an unreadable one, naming the
/// field, and the rest of the file is scored.
#[test]
fn a_cue_timing_with_minutes_or_seconds_past_59_is_a_warning_naming_the_field() {
    let srt = "1\n00:99:00,000 --> 01:40:00,000\nwe page on error budget burn\n\n2\n00:00:05,000 --> 00:00:75,000\nlate\n\n3\n00:00:59,000 --> 00:59:59,999\nwe set SLOs\n";
    let (answers, unreadable) = super::transcript::read_transcript(Some(Path::new("t.srt")), srt, Format::Srt);
    assert_eq!(&*answers[0].text, "we set SLOs");
    let lines: Vec<usize> = unreadable.iter().map(|u| u.0).collect();
    assert_eq!(lines, [2, 6]);
    assert!(
        unreadable[0]
            .1
            .starts_with("cue timing `00:99:00,000 --> 01:40:00,000` cannot be read: its start time has minutes 99, and minutes run from 00 to 59"),
        "{unreadable:?}"
    );
    assert!(
        unreadable[1].1.contains("its end time has seconds 75"),
        "{unreadable:?}"
    );
    assert_eq!(answers[0].warnings.len(), 2, "{:?}", answers[0].warnings);
    // VTT's short form: minutes and seconds only.
    let vtt = "WEBVTT\n\n75:00.000 --> 75:01.000\nhi\n\n00:01.000 --> 00:02.000\nerror budgets\n";
    let (answers, unreadable) = super::transcript::read_transcript(None, vtt, Format::Vtt);
    assert_eq!(&*answers[0].text, "error budgets");
    assert!(
        unreadable[0].1.contains("its start time has minutes 75"),
        "{unreadable:?}"
    );
}

#[test]
fn cues_keep_timings_and_file_lines() {
    // Two lines in one cue, markup and an entity before the words, CRLF endings.
    let srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nwe set\r\n  <i>error</i> &amp; budgets\r\n\r\n2\r\n00:01:02,500 --> 00:01:04,000\r\nthen alert\r\n";
    let answers = transcript_answers(Some(Path::new("t.srt")), srt, Format::Srt);
    let a = &answers[0];
    assert_eq!(&*a.text, "we set error & budgets then alert");
    assert_eq!(a.cues.len(), 2);
    assert_eq!((a.cues[0].start_ms, a.cues[0].end_ms), (1000, 3500));
    assert_eq!((a.cues[1].start_ms, a.cues[1].end_ms), (62_500, 64_000));
    assert_eq!(&a.text[a.cues[0].range.clone()], "we set error & budgets");
    let at = |word: &str| a.text.find(word).unwrap();
    assert_eq!(a.cues[0].position(&a.text, at("we")), (3, 1));
    // "  <i>" is five characters before "error"; "&amp;" is one character of text.
    assert_eq!(a.cues[0].position(&a.text, at("error")), (4, 6));
    assert_eq!(a.cues[0].position(&a.text, at("budgets")), (4, 22));
    assert_eq!(a.cues[1].position(&a.text, at("alert")), (8, 6));
    assert_eq!(a.cues[1].start_stamp(), "00:01:02.500");
}

#[test]
fn a_less_than_sign_in_speech_is_text() {
    assert_eq!(
        strip_markup("latency < 200 ms and p99 > 1 s").text(),
        "latency < 200 ms and p99 > 1 s"
    );
    assert_eq!(strip_markup("<5 minutes to page>").text(), "<5 minutes to page>");
    assert_eq!(strip_markup("a <b and c> d").text(), "a <b and c> d");
    assert_eq!(
        strip_markup("<v Ana>we <b>page</b> <c.loud>on</c> <00:00:01.500>burn {\\an8}rate &lt;1%").text(),
        "we page on burn rate <1%"
    );
    assert_eq!(strip_markup("<font color=\"red\">SLOs</font>").text(), "SLOs");
}

#[test]
fn note_is_a_comment_only_at_a_block_start() {
    let vtt = "WEBVTT\n\nNOTE this is a comment\nspanning lines\n\n00:01.000 --> 00:02.000\nNOTE to self: error budgets\n\nNOTE\nanother comment\n\n00:02.000 --> 00:03.000\nNOTEworthy burn rate\n";
    let answers = transcript_answers(Some(Path::new("t.vtt")), vtt, Format::Vtt);
    assert_eq!(&*answers[0].text, "NOTE to self: error budgets NOTEworthy burn rate");
    assert_eq!(answers[0].cues[0].lines[0].line, 7);
    assert_eq!(answers[0].cues[1].lines[0].line, 13);
}

#[test]
fn jsonl_lines_are_answers_or_problems() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"a\", \"question\": \"q04\", \"text\": \"SLOs\"}\n\nnot json\n{\"id\": 7, \"text\": \"x\"}\n",
    )
    .unwrap();
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[0], Item::Answer(a) if a.id == "a" && a.source.ends_with("batch.jsonl:1")));
    assert!(
        matches!(&items[1], Item::Problem(d) if d.source.ends_with("batch.jsonl:3") && d.message.starts_with("malformed JSONL"))
    );
    assert!(matches!(&items[2], Item::Answer(a) if a.id == "7" && a.question.is_none()));
}

#[test]
fn csv_rows_are_answers() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.csv");
    std::fs::write(
        &path,
        "id,question,text\nr1,q10,\"We test restores, quarterly.\"\nr2,,\"multi\nline\"\n",
    )
    .unwrap();
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
    assert!(
        matches!(&items[0], Item::Answer(a) if a.id == "r1" && a.question.as_deref() == Some("q10") && &*a.text == "We test restores, quarterly.")
    );
    assert!(matches!(&items[1], Item::Answer(a) if a.id == "r2" && a.question.is_none()));
}

#[test]
fn bad_files_become_problems() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        Source::File(p)
    };
    let sources = vec![
        write("empty.md", b""),
        write("blank.md", b"  \n\t\n"),
        write("bin.md", b"abc\0def"),
        write("latin1.md", b"caf\xe9 SLOs"),
        Source::File(dir.path().join("missing.md")),
    ];
    let items: Vec<Item> = Reader::new(&b, sources, ReadOptions::default()).collect();
    let messages: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Problem(d) => d.message.clone(),
            Item::Answer(a) => format!("answer:{}", &a.text[a.range.clone()]),
        })
        .collect();
    assert!(messages[0].starts_with("empty answer"), "{messages:?}");
    assert!(messages[1].starts_with("empty answer"));
    assert!(messages[2].starts_with("binary content"));
    assert!(messages[3].starts_with("invalid UTF-8 at byte 3"));
    assert_eq!(messages[4], "answer:caf\u{fffd} SLOs");
    assert!(messages[5].starts_with("no such file"));
}

#[test]
fn jsonl_ids_are_kept_as_written() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.jsonl");
    std::fs::write(
        &path,
        "{\"id\": 1.10, \"text\": \"x\"}\n{\"id\": 1.1, \"text\": \"x\"}\n{\"id\": 12345678901234567890123, \"text\": \"x\"}\n{\"id\": 12345678901234567890124, \"text\": \"x\"}\n{\"id\": \"a\\\"b\", \"text\": \"x\"}\n{\"id\": null, \"text\": \"x\"}\n{\"id\": -7e3, \"text\": \"x\"}\n",
    )
    .unwrap();
    let ids: Vec<String> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default())
        .map(|item| match item {
            Item::Answer(a) => a.id,
            Item::Problem(d) => panic!("{d:?}"),
        })
        .collect();
    assert_eq!(
        ids[..5],
        [
            "1.10",
            "1.1",
            "12345678901234567890123",
            "12345678901234567890124",
            "a\"b"
        ]
    );
    assert!(ids[5].ends_with("ids.jsonl:6"), "{}", ids[5]);
    assert_eq!(ids[6], "-7e3");
}

#[test]
fn csv_unterminated_quote_is_reported_with_its_line() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(
        &path,
        "id,text\nr1,\"fine, \"\"quoted\"\"\"\nr2,\"never closed\nr3,third\nr4,fourth\n",
    )
    .unwrap();
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], ReadOptions::default()).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[0], Item::Answer(a) if a.id == "r1" && &*a.text == "fine, \"quoted\""));
    assert!(
        matches!(&items[1], Item::Problem(d) if d.source.ends_with("a.csv:3") && d.message.starts_with("unterminated quote: the quoted field opened on line 3")),
        "{items:?}"
    );
}

#[test]
fn csv_record_over_the_budget_stops_the_file_with_bounded_memory() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    let mut text = "id,text\nr1,short\nr2,\"".to_string();
    text.push_str(&"x".repeat(1 << 20));
    std::fs::write(&path, text).unwrap();
    let options = ReadOptions {
        max_file_size: 1000,
        question: None,
    };
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], options).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[0], Item::Answer(a) if a.id == "r1"));
    assert!(
        matches!(&items[1], Item::Problem(d) if d.message.contains("longer than the 1000 bytes limit") && d.message.contains("--max-file-size")),
        "{items:?}"
    );
}

#[test]
fn devices_are_refused() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("a.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(link)], ReadOptions::default()).collect();
    assert!(
        matches!(&items[..], [Item::Problem(d)] if d.message.starts_with("is a device")),
        "{items:?}"
    );
}

#[test]
fn size_limit_is_enforced() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.md");
    std::fs::write(&path, "word ".repeat(100)).unwrap();
    let options = ReadOptions {
        max_file_size: 100,
        question: None,
    };
    let items: Vec<Item> = Reader::new(&b, vec![Source::File(path)], options).collect();
    assert!(matches!(&items[0], Item::Problem(d) if d.message.contains("--max-file-size")));
}
