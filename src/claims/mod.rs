//! Claims: attributed statements, facts, predictions, assessments and conditionals, ranked by
//! check-worthiness (see docs in README.md and the claims spec).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Reported,
    Factual,
    Prediction,
    Assessment,
    Conditional,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    Asserted,
    Probable,
    Possible,
    Conditional,
}

/// A span with its original text.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct TextSpan {
    pub span: Span,
    pub text: String,
}

/// Who asserts a reported claim.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Speaker {
    /// The source's last explicit mention (for an elided subject or pronoun, the antecedent).
    pub span: Span,
    pub text: String,
    /// Id of the canonical entity (`e3`), when the speaker is one.
    pub entity: Option<String>,
    /// English name of that entity, for readers of the JSON.
    pub entity_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The clause that carries the claim, speaker and cue included.
    pub span: Span,
    pub text: String,
    /// The proposition itself.
    pub content: Span,
    pub content_text: String,
    pub speaker: Option<Speaker>,
    pub cue: Option<TextSpan>,
    pub quotes: Vec<TextSpan>,
    pub certainty: Certainty,
    pub negated: bool,
    /// Ids of the entities mentioned in the content.
    pub entities: Vec<String>,
    /// Check-worthiness in 0..1; ≥ 0.5 is a key claim.
    pub score: f64,
    /// Index of the sentence the claim starts in.
    pub sentence: usize,
}
