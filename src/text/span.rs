//! Character spans into the original text.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of Unicode scalar values in the *original* article text.
///
/// Serialized as a two-element array `[start, end]`, the layout of the gold claim files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of characters the two spans share.
    pub fn overlap(&self, other: Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Span {
        Span::new(a[0], a[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

impl JsonSchema for Span {
    fn schema_name() -> String {
        "Span".to_owned()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        let mut schema = <[usize; 2]>::json_schema(generator).into_object();
        schema.metadata().description = Some(
            "[start, end): character offsets (Unicode scalar values) into the original text, end exclusive"
                .to_owned(),
        );
        schema.into()
    }
}
