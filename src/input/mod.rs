//! Input: decoding bytes (UTF-8 with or without BOM, UTF-16 with BOM, windows-1256), NDJSON
//! records and batch ordering.
