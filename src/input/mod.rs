//! Input: decoding bytes (UTF-8 with or without BOM, UTF-16 with BOM, windows-1256), NDJSON
//! records, the sources articles are read from, and ordered parallel batches.

pub mod batch;
pub mod decode;
pub mod html;
pub mod record;
pub mod source;

pub use decode::{DecodeError, Encoding, decode};
pub use record::{Record, RecordError};
pub use source::{Arg, InputError, Item, Label, Payload};
