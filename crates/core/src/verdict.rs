//! What the scorer and the checker conclude about an answer, as types: the flags the
//! engine raises ([`Flag`]), the thresholds `anscov check` finds failed ([`Failure`]) and
//! the one-word verdict reports show ([`AnswerVerdict`]). Each serialises to the string
//! the JSON contract has always carried, so reporters match on variants instead of
//! searching messages for marker words.
//!
//! A leaf: it imports nothing from the crate, so `score`, `check` and every reporter can
//! use it without an import circle. It must not grow scoring or formatting logic.

use serde::{Serialize, Serializer};

/// A property of an answer the engine noticed while scoring it (`flags` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A list of terms rather than sentences: every concept it names counts as mentioned.
    KeywordList,
    /// The answer names no question and none fits well enough.
    QuestionUnclear,
    /// No words to score.
    Empty,
    /// Part of the answer copies the question's guidance word for word; that part is no
    /// evidence of any concept.
    RestatesPrompt,
}

impl Flag {
    /// The flag as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::KeywordList => "keyword-list",
            Flag::QuestionUnclear => "question-unclear",
            Flag::Empty => "empty",
            Flag::RestatesPrompt => "restates-prompt",
        }
    }
}

/// What a failed threshold is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// The answer's question is unclear, so no threshold could be applied.
    QuestionUnclear,
    /// Required concepts are not covered; the concept ids the message names. Reporters
    /// that show each missed concept on its own (SARIF, GitHub) use them not to say the
    /// same thing twice.
    RequiredConcepts(Vec<String>),
    /// Coverage is below the minimum.
    Coverage,
}

/// A threshold an answer failed (`anscov check`). Serialises as its message, the string
/// `failures` has always held in JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: String) -> Failure {
        Failure { kind, message }
    }

    /// The message, as reports show it.
    pub fn as_str(&self) -> &str {
        &self.message
    }

    /// Whether this failure is about required concepts.
    pub fn is_about_required_concepts(&self) -> bool {
        matches!(self.kind, FailureKind::RequiredConcepts(_))
    }

    /// Whether the message names concept `id` (so a reporter need not repeat it).
    pub fn names_concept(&self, id: &str) -> bool {
        match &self.kind {
            FailureKind::RequiredConcepts(ids) => ids.iter().any(|i| i == id),
            _ => false,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Serialize for Failure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message)
    }
}

/// The one-word verdict of an answer that reports show (Markdown, HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerVerdict {
    Pass,
    Fail,
    Unclear,
    /// No thresholds were applied (`anscov score`): without a threshold there is nothing
    /// to pass, only a score (a 13% answer is not a "pass").
    Scored,
}

impl AnswerVerdict {
    /// The verdict as a word (also the HTML class).
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerVerdict::Pass => "pass",
            AnswerVerdict::Fail => "fail",
            AnswerVerdict::Unclear => "unclear",
            AnswerVerdict::Scored => "scored",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialise_to_the_contract_strings() {
        for flag in [
            Flag::KeywordList,
            Flag::QuestionUnclear,
            Flag::Empty,
            Flag::RestatesPrompt,
        ] {
            assert_eq!(serde_json::to_string(&flag).unwrap(), format!("\"{}\"", flag.as_str()));
        }
        for verdict in [
            AnswerVerdict::Pass,
            AnswerVerdict::Fail,
            AnswerVerdict::Unclear,
            AnswerVerdict::Scored,
        ] {
            assert_eq!(
                serde_json::to_string(&verdict).unwrap(),
                format!("\"{}\"", verdict.as_str())
            );
        }
        let failure = Failure::new(FailureKind::Coverage, "q04: coverage \"20%\"".into());
        assert_eq!(
            serde_json::to_string(&failure).unwrap(),
            serde_json::to_string(failure.as_str()).unwrap()
        );
    }
}
