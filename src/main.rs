//! The `anscov` binary: clap parsing, terminal handling and exit codes. All the work is in
//! the library; errors are mapped to exit codes in one place, [`main`]. It must not parse
//! arguments or do work itself: `cli` does the first, the library the second.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of glibc malloc: scoring builds a report of a few dozen small strings
/// and vectors per answer on two threads at once, and glibc's malloc and free were ≈ 15%
/// of the cycles of a 250-word JSONL run (`perf record`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code.into(),
        Err(err) => {
            // A closed pipe (`anscov score … | head`) is not an error worth a message.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            cli::say(format_args!("anscov: error: {err:#}"));
            cli::Exit::Error.into()
        }
    }
}

/// Whether an error is a closed stdout. JSON reporters wrap serde_json's error in
/// `io::Error::other`, and both delegate `source()` past the inner io::Error, so the
/// BrokenPipe is not in the chain itself: `score -f jsonl | head -c 10` printed
/// "Broken pipe (os error 32)" (tests/it/bad_input.rs).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    let json_pipe = |e: &(dyn std::error::Error + 'static)| {
        e.downcast_ref::<serde_json::Error>()
            .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    };
    err.chain().any(|e| {
        json_pipe(e)
            || e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == BrokenPipe || io.get_ref().is_some_and(|inner| json_pipe(inner)))
    })
}
