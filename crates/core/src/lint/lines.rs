//! Where in a bank file a finding points: the line of a `key = ...`, of the nth
//! `id = "..."` (indexed once per file), of an alternative within its concept's table.
//!
//! Text search only, on the file as written: it must not parse TOML or make findings.

/// 1-based line of the first `key = ...` line, or 1.
pub(super) fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// The lines of every `id = "<id>"` line of a file, indexed once: looking each concept's
/// line up from the top of the file was quadratic in the rubric's size.
pub(super) struct IdLines<'a> {
    text: &'a str,
    lines: Option<rustc_hash::FxHashMap<&'a str, Vec<usize>>>,
}

impl<'a> IdLines<'a> {
    pub(super) fn new(text: &'a str) -> IdLines<'a> {
        IdLines { text, lines: None }
    }

    /// 1-based line of the `nth` (1-based) `id = "<id>"` line, or 1.
    pub(super) fn nth(&mut self, id: &str, nth: usize) -> usize {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| {
            let mut map: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
            for (i, l) in text.lines().enumerate() {
                let value = l
                    .trim_start()
                    .strip_prefix("id")
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix('='))
                    .map(|r| r.trim().trim_matches(['"', '\'']));
                if let Some(value) = value {
                    map.entry(value).or_default().push(i + 1);
                }
            }
            map
        });
        lines
            .get(id)
            .and_then(|l| l.get(nth.saturating_sub(1)))
            .copied()
            .unwrap_or(1)
    }
}

/// 1-based line of an alternative, searched within its concept's table (lines `from` up
/// to `to`, exclusive); `from` when it is not found there.
pub(super) fn alternative_line(lines: &[&str], from: usize, to: usize, alternative: &str) -> usize {
    let quoted = [format!("\"{alternative}\""), format!("'{alternative}'")];
    let start = from.saturating_sub(1).min(lines.len());
    let end = to.saturating_sub(1).clamp(start, lines.len());
    lines[start..end]
        .iter()
        .position(|l| quoted.iter().any(|q| l.contains(q.as_str())))
        .map_or(from, |i| start + i + 1)
}
