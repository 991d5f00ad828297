//! Progress across drafts: `q04-draft1.md`, `q04-draft2.md`, … are drafts of one answer,
//! and each draft is compared with the previous one read: concepts gained and lost,
//! coverage, delivery.
//!
//! Drafts are files, not git history: they work without git, sit side by side in the
//! answer folder where a candidate can reread them, and a folder is read in name order,
//! so draft 2 is scored after draft 1 in one streaming pass.
//!
//! Compares reports only: it must not read files or score; drafts are told apart by their
//! answer ids alone ([`draft_of`]).

use rustc_hash::FxHashMap;

use crate::score::{AnswerReport, Status};
pub use crate::score::{Change, ConceptChange, Progress};

/// `base` and draft number of an answer id such as `q04-draft2.md` or `q04_draft_3.txt`.
pub fn draft_of(id: &str) -> Option<(String, u32)> {
    let stem = id.rsplit_once('.').map_or(id, |(stem, _)| stem).to_ascii_lowercase();
    let at = stem.rfind("draft")?;
    let number: String = stem[at + 5..].trim_start_matches(['-', '_', ' ']).to_string();
    let n: u32 = number.parse().ok()?;
    let base = stem[..at].trim_end_matches(['-', '_', ' ', '.']);
    Some((base.to_string(), n))
}

fn rank(status: Status) -> u8 {
    match status {
        Status::Missed | Status::Negated => 0,
        Status::Mentioned => 1,
        Status::Covered => 2,
    }
}

struct Snapshot {
    source: String,
    draft: u32,
    coverage: f64,
    concepts: Vec<(String, String, Status)>,
    words: f64,
    fillers: f64,
    hedges: f64,
    wpm: Option<f64>,
}

/// Drafts seen so far, by (question, base name).
#[derive(Default)]
pub struct Drafts {
    seen: FxHashMap<(String, String), Vec<Snapshot>>,
}

impl Drafts {
    /// Records `report` and, when it is a draft with an earlier draft of the same question
    /// already recorded, what changed since the latest such draft.
    pub fn observe(&mut self, report: &AnswerReport) -> Option<Progress> {
        let question = report.question.clone()?;
        let (base, draft) = draft_of(&report.id)?;
        let snapshot = Snapshot {
            source: report.source.clone(),
            draft,
            coverage: report.coverage,
            concepts: report
                .concepts
                .iter()
                .map(|c| (c.id.clone(), c.label.clone(), c.status))
                .collect(),
            words: f64::from(report.delivery.words),
            fillers: report.delivery.fillers.per_100_words,
            hedges: report.delivery.hedges.per_100_words,
            wpm: report.delivery.timing.as_ref().map(|t| t.words_per_minute),
        };
        let drafts = self.seen.entry((question, base)).or_default();
        let progress = drafts
            .iter()
            .filter(|d| d.draft < draft)
            .max_by_key(|d| d.draft)
            .map(|previous| compare(previous, &snapshot));
        drafts.push(snapshot);
        progress
    }
}

fn compare(before: &Snapshot, after: &Snapshot) -> Progress {
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    for (id, label, to) in &after.concepts {
        let Some((_, _, from)) = before.concepts.iter().find(|(other, _, _)| other == id) else {
            continue;
        };
        let change = ConceptChange {
            id: id.clone(),
            label: label.clone(),
            from: *from,
            to: *to,
        };
        match rank(*to).cmp(&rank(*from)) {
            std::cmp::Ordering::Greater => gained.push(change),
            std::cmp::Ordering::Less => lost.push(change),
            std::cmp::Ordering::Equal => {}
        }
    }
    let change = |before: f64, after: f64| Change { before, after };
    Progress {
        previous: before.source.clone(),
        previous_draft: before.draft,
        draft: after.draft,
        coverage: change(before.coverage, after.coverage),
        gained,
        lost,
        words: change(before.words, after.words),
        fillers_per_100_words: change(before.fillers, after.fillers),
        hedges_per_100_words: change(before.hedges, after.hedges),
        words_per_minute: before.wpm.zip(after.wpm).map(|(b, a)| change(b, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::input::Answer;
    use crate::score::Engine;

    #[test]
    fn draft_names() {
        assert_eq!(draft_of("q04-draft2.md"), Some(("q04".into(), 2)));
        assert_eq!(draft_of("slos_Draft_10.txt"), Some(("slos".into(), 10)));
        assert_eq!(draft_of("q04.md"), None);
        assert_eq!(draft_of("draft-notes.md"), None);
    }

    #[test]
    fn newer_draft_gains_and_loses() {
        let engine = Engine::new(Bank::embedded().unwrap()).unwrap();
        let first = engine
            .score(&Answer::from_text(
                "q04-draft1.md",
                Some("q04"),
                "Um, we wrote blameless postmortems for every incident, with action items tracked.",
            ))
            .unwrap();
        let second = engine
            .score(&Answer::from_text(
                "q04-draft2.md",
                Some("q04"),
                "We set SLOs per user journey, 99.9% over 28 days, and spent the error budget on releases.",
            ))
            .unwrap();
        let mut drafts = Drafts::default();
        assert!(drafts.observe(&first).is_none());
        let progress = drafts.observe(&second).unwrap();
        assert_eq!((progress.previous_draft, progress.draft), (1, 2));
        assert!(progress.gained.iter().any(|c| c.id == "error-budgets"), "{progress:?}");
        assert!(
            progress.lost.iter().any(|c| c.id.contains("postmortem")),
            "{progress:?}"
        );
        assert!(progress.fillers_per_100_words.before > progress.fillers_per_100_words.after);
        assert_eq!(progress.coverage.after, second.coverage);
    }
}
