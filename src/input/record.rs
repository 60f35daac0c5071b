//! NDJSON records: one article per line, `{"id": ..., "text": "..."}`, the way archives are piped
//! (SaudiNewsNet, ANT and most scrapers write this). `id` may be any JSON value and is copied to
//! the output unchanged; other fields are ignored.

use std::fmt;

use serde_json::Value;

/// One article read from an NDJSON line.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: Option<Value>,
    pub text: String,
}

/// Why a line is not a record. The line number is added by the caller, which knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    InvalidUtf8 { offset: usize },
    InvalidJson(String),
    NotAnObject,
    MissingText,
    TextNotString,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset} of the line"),
            RecordError::InvalidJson(e) => write!(f, "invalid JSON: {e}"),
            RecordError::NotAnObject => f.write_str("record is not a JSON object"),
            RecordError::MissingText => f.write_str("record has no \"text\" field"),
            RecordError::TextNotString => f.write_str("record's \"text\" is not a string"),
        }
    }
}

impl std::error::Error for RecordError {}

/// The `id` of a line that may not parse fully, so that an error record can still carry it.
pub fn salvage_id(line: &[u8]) -> Option<Value> {
    let v: Value = serde_json::from_slice(line).ok()?;
    v.get("id").cloned()
}

/// Parses one NDJSON line (without its line terminator; a trailing `\r` is allowed).
pub fn parse(line: &[u8]) -> Result<Record, RecordError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // A BOM may open the first line of a file written by Windows tools.
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    // encoding_rs validates with SIMD, several times faster than `str::from_utf8` on Arabic.
    let Some(s) = encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(line) else {
        return Err(RecordError::InvalidUtf8 { offset: encoding_rs::Encoding::utf8_valid_up_to(line) });
    };
    let value: Value = serde_json::from_str(&s).map_err(|e| RecordError::InvalidJson(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(RecordError::NotAnObject);
    };
    let text = match map.remove("text") {
        None | Some(Value::Null) => return Err(RecordError::MissingText),
        Some(Value::String(s)) => s,
        Some(_) => return Err(RecordError::TextNotString),
    };
    Ok(Record { id: map.remove("id"), text })
}

/// Whether a line holds no record at all (blank lines between records are skipped, as NDJSON
/// readers customarily do).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_records() {
        let r = parse(br#"{"id": 7, "title": "x", "text": "\u0642\u0627\u0644"}"#).unwrap();
        assert_eq!(r, Record { id: Some(json!(7)), text: "قال".to_owned() });
        let r = parse(b"{\"text\": \"a\"}\r").unwrap();
        assert_eq!(r.id, None);
    }

    #[test]
    fn reports_each_kind_of_bad_line() {
        assert!(matches!(parse(b"{\"text\": "), Err(RecordError::InvalidJson(_))));
        assert_eq!(parse(b"[1]"), Err(RecordError::NotAnObject));
        assert_eq!(parse(br#"{"id": 1}"#), Err(RecordError::MissingText));
        assert_eq!(parse(br#"{"text": 3}"#), Err(RecordError::TextNotString));
        assert_eq!(parse(b"{\"text\": \"\xff\"}"), Err(RecordError::InvalidUtf8 { offset: 10 }));
        assert_eq!(salvage_id(br#"{"id": "a1"}"#), Some(json!("a1")));
    }
}
