//! Near-synonyms between stems, for the semantic signal: "outage" ~ "downtime", "cost" ~
//! "expense", "wake" ~ "woke", "alert" ~ "alarm".
//!
//! The table (`assets/minilm-static/neighbours.tsv`, embedded) lists for each stem its
//! nearest stems by cosine of static word vectors distilled from the sentence-transformers
//! model all-MiniLM-L6-v2 (Apache-2.0; `assets/minilm-static/README.md` says how, and
//! `scripts/build_static_vectors.py` and `scripts/build_neighbours.py` rebuild it). Only
//! the neighbours ship: the matcher widens a concept's description words to their
//! neighbours when the bank is compiled, so an answer costs nothing more to score. Nothing
//! is downloaded, ever.
//!
//! This module only reads the table; it knows nothing of banks or answers.

/// The table: one line per stem, `stem\tneighbour cosine\t…`, sorted by stem bytes.
const TABLE: &str = include_str!("../assets/minilm-static/neighbours.tsv");

/// Lines of the table, for binary search by stem.
fn lines() -> &'static [&'static str] {
    static LINES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LINES.get_or_init(|| TABLE.lines().filter(|l| !l.is_empty()).collect())
}

/// The neighbours of `stem` with their cosine, nearest first; none for a stem the table
/// does not know.
pub fn of(stem: &str) -> impl Iterator<Item = (&'static str, f32)> {
    let lines = lines();
    let found = lines
        .binary_search_by(|line| line.split('\t').next().unwrap_or("").as_bytes().cmp(stem.as_bytes()))
        .ok();
    found
        .into_iter()
        .flat_map(move |i| lines[i].split('\t').skip(1))
        .filter_map(|pair| {
            let (near, cosine) = pair.split_once(' ')?;
            Some((near, cosine.parse().ok()?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_well_formed() {
        let lines = lines();
        assert!(lines.len() > 5_000);
        assert!(lines
            .windows(2)
            .all(|w| w[0].split('\t').next().unwrap().as_bytes() < w[1].split('\t').next().unwrap().as_bytes()));
        for line in lines {
            let mut fields = line.split('\t');
            assert!(!fields.next().unwrap().is_empty());
            for pair in fields {
                let (_, cosine) = pair.split_once(' ').expect(line);
                let cosine: f32 = cosine.parse().expect(line);
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
