//! The text layer: one [`Document`] holds the original article, its normalized form and the
//! [`OffsetMap`] between them; tokens, sentences and clitic segments are computed on the
//! normalized text and carry spans into the original.

pub mod clitics;
pub mod lexicon;
pub mod normalize;
pub mod sentences;
pub mod span;
pub mod tokenize;

pub use clitics::Segmentation;
pub use normalize::{NormalizeOptions, OffsetMap};
pub use sentences::Sentence;
pub use span::Span;
pub use tokenize::{Token, TokenKind};

use std::ops::Range;

/// An article: the original text, its normalized form, and the map between them.
///
/// Stages downstream read the normalized text (byte ranges into [`Document::normalized`]) and
/// report [`Span`]s, which are always character offsets into [`Document::original`].
#[derive(Debug, Clone)]
pub struct Document {
    original: String,
    normalized: String,
    map: OffsetMap,
    /// Byte offset of each character of `original`, plus `original.len()` at the end.
    original_char_bytes: Vec<u32>,
}

impl Document {
    /// Normalizes `original` under `options` and builds the offset map.
    pub fn new(original: String, options: &NormalizeOptions) -> Document {
        let (normalized, map) = normalize::normalize_with_map(&original, options);
        let mut original_char_bytes: Vec<u32> = original.char_indices().map(|(i, _)| i as u32).collect();
        original_char_bytes.push(original.len() as u32);
        Document { original, normalized, map, original_char_bytes }
    }

    pub fn original(&self) -> &str {
        &self.original
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Number of characters in the original text.
    pub fn char_len(&self) -> usize {
        self.original_char_bytes.len() - 1
    }

    /// The original-text span of a byte range of the normalized text.
    pub fn span_of(&self, norm: Range<usize>) -> Span {
        self.map.to_original(norm)
    }

    /// The original text of a span (`original[start..end]` in characters).
    pub fn text(&self, span: Span) -> &str {
        let n = self.char_len();
        let (s, e) = (span.start.min(n), span.end.min(n));
        let (s, e) = (s.min(e), e);
        &self.original[self.original_char_bytes[s] as usize..self.original_char_bytes[e] as usize]
    }

    /// The normalized text of a byte range (clamped to char boundaries by the caller's ranges).
    pub fn norm(&self, range: Range<usize>) -> &str {
        &self.normalized[range]
    }
}
