//! The HTML report in a real headless browser (Debian's chromium): it renders at desktop
//! and phone widths (screenshots in target/html-report/, reviewed by eye and kept as CI
//! artefacts), logs nothing to the console (no script errors), and shows an answer
//! containing `<script>` as text.
//!
//! Under CI (`CI=true`) a missing chromium fails the test: `.ci/run` installs it. Locally
//! the test prints a notice and passes when chromium is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT_ANSWER: &str = "---\nquestion: q04\n---\nWe set SLOs per user journey <script>document.title = 'pwned'; console.error('injected')</script> \
and alert on the error budget burn rate. <img src=x onerror=\"console.error('img')\">\n";

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        })
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Runs chromium headless on `url` with `extra` arguments; returns (stdout, stderr).
fn run_chromium(browser: &Path, url: &str, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// The report for the shipped examples plus an answer with markup in it (`name`.html),
/// for all answers or only the files named in `only`.
fn build_report(out_dir: &Path, name: &str, only: &[&str]) -> (PathBuf, String) {
    let work = tempfile::tempdir().unwrap();
    let answers = work.path().join("answers");
    std::fs::create_dir(&answers).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != "README.md") {
            std::fs::copy(&path, answers.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(answers.join("q04-markup.md"), SCRIPT_ANSWER).unwrap();
    let report = out_dir.join(format!("{name}.html"));
    let inputs: Vec<String> = if only.is_empty() {
        vec!["answers".into()]
    } else {
        only.iter().map(|f| format!("answers/{f}")).collect()
    };
    let status = crate::common::command()
        .arg("score")
        .args(&inputs)
        .args(["-f", "html", "-o"])
        .arg(&report)
        .current_dir(work.path())
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(&report).unwrap();
    (report, html)
}

#[test]
fn html_report_in_a_headless_browser() {
    let Some(browser) = chromium() else {
        if is_ci() {
            panic!("chromium is not installed: CI must install it (`apt-get install -y --no-install-recommends chromium`, see .ci/run)");
        }
        eprintln!("NOTICE: chromium not found; skipping the headless-browser test of the HTML report (install Debian's `chromium` to run it)");
        return;
    };
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-report");
    std::fs::create_dir_all(&out_dir).unwrap();
    let (report, html) = build_report(&out_dir, "report", &[]);
    let url = format!("file://{}", report.display());

    // The browser's DOM after scripts ran: our one script, the answer's markup as text,
    // the title untouched, nothing logged.
    let (dom, stderr) = run_chromium(&browser, &url, &["--dump-dom".into()]);
    assert!(dom.contains("<title>anscov report</title>"), "{dom}");
    assert_eq!(dom.matches("<script").count(), 1, "only the report's own script");
    assert!(!dom.contains("<img"), "the answer's <img> is not an element");
    assert!(
        dom.contains("&lt;script&gt;document.title = 'pwned'"),
        "answer markup shown as text"
    );
    assert!(dom.contains("<mark class=\"covered\""));
    let console = console_lines(&stderr);
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(html.contains("<span class=\"tag\">guessed</span>"));
    assert!(html.contains("STAR structure"));
    assert!(html.contains("since draft 1"));
    assert!(html.contains("long pause"));

    // Screenshots at desktop and phone widths: the overview of every example, and whole
    // pages of a timed transcript and a behavioural answer with its earlier draft.
    // (Headless screenshots of a `#fragment` come out blank, hence a page of their own.)
    let (detail, _) = build_report(
        &out_dir,
        "detail",
        &[
            "q22-on-call-practice.srt",
            "q07-outage-draft1.md",
            "q07-outage-draft2.md",
            "q04-markup.md",
        ],
    );
    let detail_url = format!("file://{}", detail.display());
    for (name, size, target) in [
        ("desktop", "1280,1800", &url),
        ("phone", "390,1800", &url),
        ("desktop-detail", "1280,5200", &detail_url),
        ("phone-detail", "390,9000", &detail_url),
    ] {
        let png = out_dir.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&png);
        let (_, stderr) = run_chromium(
            &browser,
            target,
            &[
                format!("--window-size={size}"),
                format!("--screenshot={}", png.display()),
            ],
        );
        let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("{name}.png written: {stderr}"));
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{name}.png");
        let console = console_lines(&stderr);
        assert!(console.is_empty(), "{name}: console messages: {console:#?}");
    }
}

/// The console check can fail: a page with a script error is caught.
#[test]
fn console_errors_are_detected() {
    let Some(browser) = chromium() else {
        assert!(!is_ci(), "chromium is not installed: CI must install it (see .ci/run)");
        eprintln!("NOTICE: chromium not found; skipping");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(&page, "<!DOCTYPE html><p>x</p><script>undefinedFunction();</script>").unwrap();
    let (_, stderr) = run_chromium(&browser, &format!("file://{}", page.display()), &["--dump-dom".into()]);
    assert!(!console_lines(&stderr).is_empty(), "{stderr}");
}
