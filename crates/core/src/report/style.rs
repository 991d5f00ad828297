//! The six ANSI styles the text reporter writes, as constants: `{GREEN}` writes the SGR
//! start, `{GREEN:#}` the reset, the same bytes anstyle 1.0 writes for these styles (the
//! tests pin them). Kept here so the library depends on no terminal crate; the binary
//! (anstream) strips them when stdout is not a terminal or `NO_COLOR` is set.
//!
//! Constants only: it must not decide when to colour (the binary does).

use std::fmt;

/// One SGR style: its start sequence; the alternate form (`{:#}`) writes the reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style(&'static str);

const RESET: &str = "\x1b[0m";

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if f.alternate() { RESET } else { self.0 })
    }
}

pub(crate) const GREEN: Style = Style("\x1b[32m");
pub(crate) const RED: Style = Style("\x1b[31m");
pub(crate) const YELLOW: Style = Style("\x1b[33m");
pub(crate) const MAGENTA: Style = Style("\x1b[35m");
pub(crate) const DIM: Style = Style("\x1b[2m");
pub(crate) const BOLD: Style = Style("\x1b[1m");

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes `anstyle::AnsiColor::Green.on_default()`, `Style::new().dimmed()` … wrote.
    #[test]
    fn styles_write_the_sgr_sequences_anstyle_wrote() {
        let all = [GREEN, RED, YELLOW, MAGENTA, DIM, BOLD].map(|s| format!("{s}x{s:#}"));
        assert_eq!(
            all,
            [
                "\x1b[32mx\x1b[0m",
                "\x1b[31mx\x1b[0m",
                "\x1b[33mx\x1b[0m",
                "\x1b[35mx\x1b[0m",
                "\x1b[2mx\x1b[0m",
                "\x1b[1mx\x1b[0m"
            ]
        );
    }
}
