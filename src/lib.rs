//! khabar: Arabic news analysis.
//!
//! The pipeline flows one way: bytes → [`input`] (decoding) → [`text::Document`] (original text,
//! normalized text and the offset map between them) → tokens and sentences ([`text`]) → NER
//! mentions ([`ner`]) → canonical entities ([`entities`]) → claims ([`claims`]) → [`output`].
//! Every span that leaves the library is a pair of character offsets (Unicode scalar values, end
//! exclusive) into the *original* text; the conversion from normalized positions happens only in
//! [`text::OffsetMap`].

// Nothing here needs `unsafe`: safe Rust keeps every span check and slice bounds-checked, and the
// fuzz targets rely on that to turn any out-of-bounds access into a reported panic.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod claims;
pub mod cli;
pub mod entities;
pub mod eval;
pub mod input;
pub mod invariants;
mod memo;
pub mod ner;
pub mod output;
pub mod text;

pub use analysis::{Analysis, Analyzer, AnalyzerOptions};
pub use text::{Document, Span};
