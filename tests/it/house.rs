//! The house rules of the sources, read from the files themselves (issue 14):
//!
//! - the library's top-level modules form no import cycle, so each stage of the pipeline
//!   (bank → analyzer → index → matcher → score → report) can be read, tested and replaced
//!   without the ones above it: a `crate::module` path in code (not in comments, not in
//!   test modules) is an edge from the file's top-level module;
//! - every source file of both packages opens with a `//!` comment saying what it is for
//!   and what it must not touch, in those words ("must not …"), so the boundary of a
//!   module is written where a newcomer opens it;
//! - no file has more than [`MAX_CODE_LINES`] lines of non-test code (lines before its
//!   `#[cfg(test)] mod`), so a newcomer can read one file as one job;
//! - the README's test command is the one CI runs, on the profile Cargo.toml defines, and
//!   no document still gives the slower `--release` form.
//!
//! Reads the sources and documents only; builds and runs nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Issue 14 asks for files of at most ~700 lines of non-test code; 750 leaves room for a
/// comment or two while catching a file that has grown a second job (the longest was
/// score/mod.rs at 666 lines when this was written).
const MAX_CODE_LINES: usize = 750;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The source files of both packages: the library's and the binary's.
fn all_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = rust_files(&root.join("crates/core/src"));
    files.extend(rust_files(&root.join("src")));
    files
}

/// The part of a file before its test module: the text up to the first `#[cfg(test)]`
/// that stands on a `mod` (a `#[cfg(test)]` helper function above it is still code).
/// A `tests.rs` file is all test code.
fn non_test_code<'a>(path: &Path, text: &'a str) -> &'a str {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return "";
    }
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            let item = lines.clone().find(|l| !l.trim_start().starts_with("#["));
            if item.is_some_and(|l| l.trim_start().starts_with("mod ")) {
                return &text[..offset];
            }
        }
        offset += line.len();
    }
    text
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src");
    let top = |name: &str| name.trim_end_matches(".rs").to_string();
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| top(&e.unwrap().file_name().to_string_lossy()))
        .filter(|m| m != "lib")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&src) {
        let from = top(&path
            .strip_prefix(&src)
            .unwrap()
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap();
        for line in non_test_code(&path, &text)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
        {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if name != from && modules.contains(&name) {
                    edges.entry(from.clone()).or_default().insert(name);
                }
            }
        }
    }
    edges
}

#[test]
fn library_modules_form_no_import_cycle() {
    let edges = edges();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle: Vec<String> = path[at..].iter().map(|m| m.to_string()).collect();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in edges.keys() {
        if let Some(cycle) = visit(module, &edges, &mut Vec::new(), &mut done) {
            panic!("import cycle among library modules: {}", cycle.join(" → "));
        }
    }
    // The check can fail: the pipeline's own edges are seen.
    assert!(
        edges["score"].contains("matcher") && edges["matcher"].contains("analyzer"),
        "{edges:?}"
    );
}

/// The source files (of both packages) whose text fails `rule`, as paths to print.
fn sources_failing(rule: impl Fn(&str) -> bool) -> Vec<String> {
    let files = all_sources();
    // Both packages are read: the library's ~90 files and the binary's.
    assert!(files.len() > 50, "{files:?}");
    files
        .iter()
        .filter(|path| !rule(&std::fs::read_to_string(path).unwrap()))
        .map(|path| path.display().to_string())
        .collect()
}

#[test]
fn every_source_file_says_what_it_is_for() {
    // The first line opens the module's doc comment, and it says something.
    let undocumented = sources_failing(|text| {
        text.lines()
            .next()
            .is_some_and(|l| l.starts_with("//! ") && l.len() > 20)
    });
    assert!(
        undocumented.is_empty(),
        "these files do not open with a `//!` comment saying what the module is for: \
         {undocumented:#?}"
    );
}

/// A file's opening `//!` comment as one line of text: wrapped lines joined by spaces, so a
/// phrase broken across two lines is still found.
fn module_doc(text: &str) -> String {
    text.lines()
        .map_while(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a module's doc says what the module must not touch.
fn states_what_it_must_not_touch(doc: &str) -> bool {
    doc.to_lowercase().contains("must not")
}

#[test]
fn every_module_says_what_it_must_not_touch() {
    let silent = sources_failing(|text| states_what_it_must_not_touch(&module_doc(text)));
    assert!(
        silent.is_empty(),
        "these files' `//!` comments do not say what the module must not touch (write it as \
         \"… must not …\", naming what it leaves to which module): {silent:#?}"
    );
}

#[test]
fn a_doc_without_a_boundary_is_caught() {
    // Only the opening `//!` block counts, wrapped lines are joined, and case is ignored.
    let doc = module_doc("//! The walk over a text. It must\n//! not look at a bank.\n\nuse std::fmt;\n");
    assert_eq!(doc, "The walk over a text. It must not look at a bank.");
    assert!(states_what_it_must_not_touch(&doc));
    assert!(states_what_it_must_not_touch(&module_doc(
        "//! Errors only.\n//!\n//! Must not print.\n"
    )));
    assert!(!states_what_it_must_not_touch(&module_doc(
        "//! Errors only.\n\n/// must not print\nfn f() {}\n"
    )));
    assert!(!states_what_it_must_not_touch(&module_doc(
        "//! Pure: nothing here prints.\n"
    )));
}

#[test]
fn no_file_has_more_than_750_lines_of_non_test_code() {
    let mut longest = (0, PathBuf::new());
    let mut too_long = Vec::new();
    for path in all_sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = non_test_code(&path, &text).lines().count();
        if lines > MAX_CODE_LINES {
            too_long.push(format!("{}: {lines} lines", path.display()));
        }
        if lines > longest.0 {
            longest = (lines, path);
        }
    }
    assert!(
        too_long.is_empty(),
        "over {MAX_CODE_LINES} lines of non-test code (split the file by job): {too_long:#?}"
    );
    // The count can fail: the longest file is counted, and not as a whole file's tests.
    assert!(longest.0 > 400, "{longest:?}");
}

#[test]
fn test_modules_are_not_counted_as_code() {
    let text = "//! m\nfn a() {}\n#[cfg(test)]\nfn helper() {}\n\n#[cfg(test)]\n#[allow(dead_code)]\nmod tests {\n}\n";
    let code = non_test_code(Path::new("m.rs"), text);
    assert_eq!(code, "//! m\nfn a() {}\n#[cfg(test)]\nfn helper() {}\n\n");
    assert_eq!(non_test_code(Path::new("a/tests.rs"), text), "");
    assert_eq!(non_test_code(Path::new("m.rs"), "fn a() {}\n"), "fn a() {}\n");
}

/// The README's test command (issue 14: ≤ 10 minutes on a fresh 2-core machine).
const TEST_COMMAND: &str = "cargo test --profile test-release";

#[test]
fn the_readme_test_command_is_what_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let readme = read("README.md");
    let section = |title: &str| {
        let start = readme.find(title).unwrap_or_else(|| panic!("README has no {title}"));
        let rest = &readme[start + title.len()..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    for title in ["## Quick start", "## Development"] {
        assert!(
            section(title).contains(&format!("\n{TEST_COMMAND} ")),
            "README {title} does not give `{TEST_COMMAND}` as the test command"
        );
    }
    assert!(
        read(".ci/run").lines().any(|line| line == TEST_COMMAND),
        ".ci/run does not run `{TEST_COMMAND}`"
    );
    assert!(
        read("Cargo.toml").contains("[profile.test-release]\ninherits = \"release\"\n"),
        "Cargo.toml does not define the test-release profile"
    );
    // The slow form is not offered as the way to run tests (the CHANGELOG keeps history).
    for path in [
        "README.md",
        ".ci/run",
        "docs/limits.md",
        "docs/performance.md",
        "tests/it/main.rs",
        "tests/it/fuzz.rs",
        "tests/it/fixtures.rs",
    ] {
        assert!(
            !read(path).contains("cargo test --release"),
            "{path} gives `cargo test --release`; the test command is `{TEST_COMMAND}`"
        );
    }
}
