//! Words quoted for a POSIX shell, for the commands anscov prints or writes for a person to
//! run (lint's `bank derive` suggestions, the rubric header's lint command, `init`'s
//! workflow). Text only: it must not run anything.

/// `text` as one word for a POSIX shell: as is when it holds only characters no shell
/// treats specially, else in single quotes (a `'` inside written `'\''`).
pub fn quote(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:=+,@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(super::quote("examples/banks/sre"), "examples/banks/sre");
        assert_eq!(super::quote("my bank"), "'my bank'");
        assert_eq!(super::quote("it's"), r"'it'\''s'");
        assert_eq!(super::quote(""), "''");
    }
}
