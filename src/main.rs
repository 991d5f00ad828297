//! The `anscov` binary: clap parsing, terminal handling and exit codes. All the work is in
//! the library; errors are mapped to exit codes in one place, [`main`].

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code.into(),
        Err(err) => {
            // A closed pipe (`anscov score … | head`) is not an error worth a message.
            if err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            eprintln!("anscov: error: {err:#}");
            cli::Exit::Error.into()
        }
    }
}
