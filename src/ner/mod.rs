//! Named-entity recognition: a statistical sequence tagger over khabar's own tokens.

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::Span;

/// The four ANERcorp classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Location,
    Organization,
    Misc,
}

/// A name found in the text by the tagger (or the lexicon).
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub label: EntityType,
    /// Tokens of the mention (indices into the document's token list).
    pub tokens: Range<usize>,
    /// The name's span in the original text, without proclitics (لبوتين → بوتين).
    pub span: Span,
    /// Normalized text of the name without proclitics.
    pub norm: String,
    /// Tagger confidence in 0..1.
    pub confidence: f32,
}
