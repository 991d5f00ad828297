//! Helpers shared by the integration tests, and the one way they run the binary:
//! [`command`] (every run starts there), [`anscov`] for the common case.

use std::process::{Command, Output};

/// A command for the anscov binary under test, colour off.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anscov"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs the anscov binary with `args`, colour off.
pub fn anscov(args: &[&str]) -> Output {
    command().args(args).output().expect("run anscov")
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
