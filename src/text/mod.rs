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
use std::sync::OnceLock;

/// An article: the original text, its normalized form, and the map between them.
///
/// Stages downstream read the normalized text (byte ranges into [`Document::normalized`]) and
/// report [`Span`]s, which are always character offsets into [`Document::original`].
#[derive(Debug, Clone)]
pub struct Document {
    original: String,
    normalized: String,
    map: OffsetMap,
    /// Byte offset of each character of `original`, plus `original.len()` at the end: built on
    /// the first [`Document::text`] call, since text-only output (segmented text, normalized
    /// lines) never needs it and it costs four bytes a character.
    original_char_bytes: OnceLock<Vec<u32>>,
}

impl Document {
    /// Normalizes `original` under `options` and builds the offset map.
    pub fn new(original: String, options: &NormalizeOptions) -> Document {
        let (normalized, map) = normalize::normalize_with_map(&original, options);
        Document { original, normalized, map, original_char_bytes: OnceLock::new() }
    }

    pub fn original(&self) -> &str {
        &self.original
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Number of characters in the original text.
    pub fn char_len(&self) -> usize {
        self.map.original_chars()
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
        let starts = self.original_char_bytes.get_or_init(|| char_starts(&self.original));
        &self.original[starts[s] as usize..starts[e] as usize]
    }

    /// The normalized text of a byte range (clamped to char boundaries by the caller's ranges).
    pub fn norm(&self, range: Range<usize>) -> &str {
        &self.normalized[range]
    }
}

/// The byte offset of each character of `text`, then `text.len()`.
fn char_starts(text: &str) -> Vec<u32> {
    // `chars().count()` is std's word-at-a-time count: cheap next to the pass that follows.
    let mut starts = Vec::with_capacity(text.chars().count() + 1);
    starts.extend(text.char_indices().map(|(i, _)| i as u32));
    starts.push(text.len() as u32);
    starts
}

#[cfg(test)]
mod tests {
    #[test]
    fn char_starts_are_the_char_indices() {
        for text in ["", "a", "قال", "a😀ب€ c", "😀"] {
            let mut expected: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            expected.push(text.len() as u32);
            assert_eq!(super::char_starts(text), expected, "{text}");
        }
    }
}
