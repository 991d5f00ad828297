//! Unit tests of `anscov.toml`: every key with its origin, unknown keys and bad values
//! with their line, flags over the file, the policy against the bank, the effective
//! configuration, finding the file and paths.
//!
//! Test code only (`#[cfg(test)]`): code outside tests must not depend on it, and it must
//! not write outside temporary folders.

use crate::bank::Bank;

use super::*;

fn parse(text: &str) -> Result<Config> {
    Config::parse(Path::new("/repo/anscov.toml"), text)
}

#[test]
fn delivery_table_sets_the_target_and_rejects_zero_and_typos() {
    let config = parse("[delivery]\ntarget-seconds = 90\nwords-per-minute = 140\n").unwrap();
    assert_eq!(config.delivery.value.target_seconds, 90);
    assert_eq!(config.delivery.value.words_per_minute, 140);
    assert!(matches!(config.delivery.origin, Origin::File { line: 1, .. }));
    let partial = parse("[delivery]\ntarget-seconds = 60\n").unwrap();
    assert_eq!(partial.delivery.value.words_per_minute, 150);
    assert_eq!(
        parse("").unwrap().delivery.value,
        crate::delivery::DeliverySettings::DEFAULT
    );
    assert!(parse("[delivery]\ntarget-seconds = 0\n").is_err());
    assert!(parse("[delivery]\ntarget_seconds = 60\n").is_err());
}

#[test]
fn parses_every_key_with_origins() {
    let config = parse(
        "paths = [\"answers\"]\nexclude = [\"drafts/\"]\nbank = [\"../bank\"]\nformat = \"junit\"\nmin-coverage = 0.6\n\
         max-missing-required = 1\nrequire-all = true\n\n[questions.q04]\nmin-coverage = 0.8\nrequire = [\"error-budgets\"]\n",
    )
    .unwrap();
    assert_eq!(config.paths.value, vec![PathBuf::from("/repo/answers")]);
    assert_eq!(config.bank.value, vec![PathBuf::from("/bank")]);
    assert_eq!(config.format.value, Format::Junit);
    assert_eq!(config.min_coverage.value, 0.6);
    assert_eq!(
        config.min_coverage.origin,
        Origin::File {
            path: "/repo/anscov.toml".into(),
            line: 5
        }
    );
    assert_eq!(config.max_missing_required.value, 1);
    assert!(config.require_all.value);
    let q = &config.questions["q04"];
    assert_eq!(q.min_coverage, Some(0.8));
    assert_eq!(
        q.origin,
        Origin::File {
            path: "/repo/anscov.toml".into(),
            line: 9
        }
    );
}

#[test]
fn unknown_key_names_file_and_line() {
    let err = parse("paths = [\"answers\"]\nmin_coverage = 0.5\n").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("/repo/anscov.toml:2:"), "{text}");
    assert!(text.contains("min_coverage"), "{text}");
    let err = parse("[questions.q04]\nrequired = [\"x\"]\n").unwrap_err().to_string();
    assert!(err.starts_with("/repo/anscov.toml:2:"), "{err}");
}

#[test]
fn out_of_range_and_wrong_types() {
    let err = parse("min-coverage = 60\n").unwrap_err().to_string();
    assert!(
        err.starts_with("/repo/anscov.toml:1:") && err.contains("outside 0–1"),
        "{err}"
    );
    let err = parse("\n\nmax-missing-required = -1\n").unwrap_err().to_string();
    assert!(err.starts_with("/repo/anscov.toml:3:"), "{err}");
    let err = parse("format = \"xml\"\n").unwrap_err().to_string();
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn flags_override_file() {
    let mut config = parse("min-coverage = 0.6\nrequire-all = true\n").unwrap();
    config
        .apply(
            Path::new("/work"),
            Overrides {
                min_coverage: Some(0.3),
                require_all: Some(false),
                paths: vec!["a".into()],
                ..Overrides::default()
            },
        )
        .unwrap();
    assert_eq!(
        config.min_coverage,
        Setting {
            value: 0.3,
            origin: Origin::Flag
        }
    );
    assert!(!config.require_all.value);
    assert_eq!(config.paths.value, vec![PathBuf::from("/work/a")]);
    assert_eq!(config.max_missing_required.origin, Origin::Default);
    assert!(config
        .apply(
            Path::new("/"),
            Overrides {
                min_coverage: Some(2.0),
                ..Overrides::default()
            }
        )
        .is_err());
}

#[test]
fn policy_checks_questions_and_concepts_against_the_bank() {
    let bank = Bank::embedded().unwrap();
    let config = parse("min-coverage = 0.5\n\n[questions.q4]\nrequire = [\"error-budgets\"]\n").unwrap();
    let policy = config.policy(&bank).unwrap();
    assert_eq!(policy.questions["q04"].require, vec!["error-budgets".to_string()]);
    let err = parse("\n[questions.q99]\nmin-coverage = 0.5\n")
        .unwrap()
        .policy(&bank)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("/repo/anscov.toml:2:"), "{err}");
    let err = parse("[questions.q04]\nmin-coverage = 0.5\nrequire = [\n  \"no-such-concept\",\n]\n")
        .unwrap()
        .policy(&bank)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("/repo/anscov.toml:4:") && err.contains("no-such-concept"),
        "{err}"
    );
}

#[test]
fn effective_config_names_origins() {
    let mut config = parse("min-coverage = 0.6\n").unwrap();
    config
        .apply(
            Path::new("/repo"),
            Overrides {
                require_all: Some(true),
                ..Overrides::default()
            },
        )
        .unwrap();
    let mut out = Vec::new();
    config.write_effective(&mut out, Path::new("/repo")).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("# config file: anscov.toml"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("min-coverage = 0.6") && l.ends_with("# anscov.toml:1")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("require-all = true") && l.ends_with("# flag")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("max-missing-required = 0") && l.ends_with("# default")),
        "{text}"
    );
}

#[test]
fn finds_config_walking_up_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join(FILE_NAME), "exclude = [\"drafts/\", \"*.txt\"]\n").unwrap();
    let found = find(&root.join("a/b")).unwrap();
    assert_eq!(found, root.join(FILE_NAME));
    let config = Config::load(&root.join("a/b"), None, false, Overrides::default()).unwrap();
    let excluder = config.excluder(&root.join("a/b")).unwrap();
    assert!(excluder.is_excluded(&root.join("drafts/q01.md")));
    assert!(excluder.is_excluded(Path::new("x.txt")));
    assert!(!excluder.is_excluded(&root.join("answers/q01.md")));
    assert!(!excluder.is_excluded(Path::new("/elsewhere/x.md")));
    assert_eq!(
        Config::load(&root, None, true, Overrides::default()).unwrap().file,
        None
    );
}

#[test]
fn relative_paths() {
    assert_eq!(
        relative_to(Path::new("/r/answers/q1.md"), Path::new("/r")),
        PathBuf::from("answers/q1.md")
    );
    assert_eq!(
        relative_to(Path::new("/r/answers"), Path::new("/r/sub")),
        PathBuf::from("../answers")
    );
    assert_eq!(relative_to(Path::new("/r"), Path::new("/r")), PathBuf::from("."));
    assert_eq!(join(Path::new("/r/a"), Path::new("../b/./c")), PathBuf::from("/r/b/c"));
}
