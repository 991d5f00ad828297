//! Helpers shared by the CLI integration tests.
#![allow(dead_code)] // each test crate uses its own subset

use std::process::{Command, Output};

/// Runs the anscov binary with `args`, colour off.
pub fn anscov(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anscov"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run anscov")
}

/// The exit code (a signal has none: that is a test failure).
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
