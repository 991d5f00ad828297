//! Near-synonyms between stems, for the semantic signal: "outage" ~ "downtime", "cost" ~
//! "expense", "wake" ~ "woke", "alert" ~ "alarm".
//!
//! The table (`assets/minilm-static/neighbours.tsv`, embedded) lists for each stem its
//! nearest stems by cosine of static word vectors distilled from the sentence-transformers
//! model all-MiniLM-L6-v2 (Apache-2.0; `assets/minilm-static/README.md` says how, and
//! `scripts/build_static_vectors.py` and `scripts/build_neighbours.py` rebuild it). Only
//! the neighbours ship: the engine inverts them once per bank (each informative
//! description word's neighbours, `matcher::NearSynonyms`) and the matcher looks an
//! answer's stems up there, so a question stores none of them. Nothing
//! is downloaded, ever.
//!
//! This module only reads the table; it must not know about banks or answers.

/// The table: one line per stem, `stem\tneighbour cosine\t…`, sorted by stem bytes.
const TABLE: &str = include_str!("../../../assets/minilm-static/neighbours.tsv");

/// The table's entries, (stem, its neighbours as "near cosine\tnear cosine…"), for binary
/// search by stem. Split once with memchr: splitting at every comparison of the search was
/// ≈ 10% of `anscov score one-answer.md` (perf).
fn entries() -> &'static [(&'static str, &'static str)] {
    static ENTRIES: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries = Vec::with_capacity(10_000);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', TABLE.as_bytes()).chain(std::iter::once(TABLE.len())) {
            let line = &TABLE[start..end];
            start = end + 1;
            if let Some(tab) = memchr::memchr(b'\t', line.as_bytes()) {
                entries.push((&line[..tab], &line[tab + 1..]));
            }
        }
        entries
    })
}

/// The neighbours of `stem` with their cosine, nearest first; none for a stem the table
/// does not know.
pub fn of(stem: &str) -> impl Iterator<Item = (&'static str, f32)> {
    let entries = entries();
    let found = entries
        .binary_search_by(|(s, _)| s.as_bytes().cmp(stem.as_bytes()))
        .ok();
    found
        .into_iter()
        .flat_map(move |i| entries[i].1.split('\t'))
        .filter_map(|pair| {
            let (near, cosine) = pair.split_once(' ')?;
            Some((near, parse_cosine(cosine)?))
        })
}

/// Every stem the table has neighbours for, in byte order: the words [`crate::reference`]
/// looks through for a reference word's variants ("conduct" / "conductor").
pub fn stems() -> impl Iterator<Item = &'static str> {
    entries().iter().map(|(stem, _)| *stem)
}

/// A cosine as the table writes it, "0.66": an integer over a power of ten, which f32
/// division rounds exactly as `str::parse` would (both are correctly rounded); general
/// float parsing cost ≈ 170 instructions a pair at start-up.
fn parse_cosine(text: &str) -> Option<f32> {
    match text.as_bytes() {
        &[whole @ b'0'..=b'1', b'.', ref fraction @ ..] if (1..=4).contains(&fraction.len()) => {
            let mut value = u32::from(whole - b'0');
            for &digit in fraction {
                value = value * 10 + u32::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?);
            }
            Some(value as f32 / 10u32.pow(fraction.len() as u32) as f32)
        }
        _ => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_well_formed() {
        let entries = entries();
        assert!(entries.len() > 5_000);
        assert_eq!(
            entries.len(),
            TABLE.lines().count(),
            "every line has a stem and neighbours"
        );
        assert!(entries.windows(2).all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        for (stem, line) in entries {
            assert!(!stem.is_empty());
            for pair in line.split('\t') {
                let (_, cosine_text) = pair.split_once(' ').expect(line);
                let cosine: f32 = cosine_text.parse().expect(line);
                assert_eq!(parse_cosine(cosine_text), Some(cosine), "{line}");
                assert!((0.0..=1.0).contains(&cosine), "{line}");
            }
        }
    }

    #[test]
    fn near_synonyms_are_neighbours() {
        let near = |a: &str, b: &str| of(a).any(|(n, _)| n == b);
        assert!(near("outag", "downtim"));
        assert!(near("cost", "expens"));
        assert!(near("alert", "alarm"));
        assert!(!near("cost", "kubernet"));
        assert_eq!(of("no-such-stem").count(), 0);
    }
}
