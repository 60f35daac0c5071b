//! Claims: attributed statements, facts, predictions, assessments and conditionals, ranked by
//! check-worthiness (see docs in README.md and the claims spec).

mod extract;
pub mod lexicon;
mod mention_index;
pub mod quotes;
pub mod score;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::entities::Entity;
use crate::text::{Document, Sentence, Span, Token};

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

/// All claims of an article in document order (by content start), with their scores.
///
/// `entities` may be empty: speaker and content spans never depend on them; they only fill
/// `speaker.entity` and `entities`, and help tell quoted names from quotations.
pub fn extract(doc: &Document, tokens: &[Token], sentences: &[Sentence], entities: &[Entity]) -> Vec<Claim> {
    extract::extract(doc, tokens, sentences, entities)
}

/// The `n` highest-scoring claims, best first (ties in document order): the key claims behind
/// `--top N`.
pub fn top(claims: &[Claim], n: usize) -> Vec<Claim> {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by(|&a, &b| claims[b].score.total_cmp(&claims[a].score).then(a.cmp(&b)));
    order.into_iter().take(n).map(|i| claims[i].clone()).collect()
}
