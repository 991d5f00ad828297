//! Fuzz target: the config parser (`anscov.toml`) on arbitrary bytes: `Config::parse`,
//! then, for a config that parses, its `check` policy against the embedded bank and its
//! `exclude` globs. Fails on a panic or an error that does not name the file.
//!
//! Drives the library's public API in memory; it must not read or write files.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use anscov_core::bank::Bank;
use anscov_core::config::Config;
use libfuzzer_sys::fuzz_target;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| anscov_core::load::embedded().expect("embedded bank"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("/fuzz/anscov.toml");
    match Config::parse(path, &text) {
        Err(err) => {
            let message = err.to_string();
            assert!(message.contains("anscov.toml"), "error without the file: {message}");
        }
        Ok(config) => {
            let _ = config.policy(bank());
            if let Ok(excluder) = config.excluder(Path::new("/fuzz")) {
                let _ = excluder.is_excluded(Path::new("/fuzz/answers/q04.md"));
            }
        }
    }
});
