//! Property: every span khabar emits points into the original text, and where the output carries
//! the span's text, `original.chars()[start..end]` is exactly that text.
//!
//! The check walks the serialized JSON rather than the Rust types, so it covers every part of the
//! analysis — tokens and sentences now, entities, mentions, claims, speakers, cues and quotes as
//! they land — without being updated: any object with a `span` is checked against its `text`,
//! and `content` against `content_text`.

use proptest::prelude::*;
use serde_json::Value;

use khabar::{Analyzer, AnalyzerOptions};

/// Characters that stress the offset map: letters, marks that normalization removes, forms it
/// decomposes, characters outside the BMP, invisible controls and every kind of whitespace.
fn piece() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::char::range('\u{0621}', '\u{064A}'),      // Arabic letters
        2 => proptest::char::range('\u{064B}', '\u{0652}'),      // harakat, tanwin, shadda, sukun
        1 => Just('\u{0670}'),                                    // dagger alef
        1 => Just('\u{0640}'),                                    // tatweel
        1 => proptest::char::range('\u{FB50}', '\u{FDFF}'),      // presentation forms A
        1 => proptest::char::range('\u{FE70}', '\u{FEFF}'),      // presentation forms B (and BOM)
        1 => proptest::char::range('\u{1F600}', '\u{1F64F}'),    // emoji
        2 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('0', '9'),
        1 => proptest::char::range('\u{0660}', '\u{0669}'),      // Arabic-Indic digits
        1 => prop::sample::select(vec!['ک', 'ی', 'ۀ', 'أ', 'إ', 'آ', 'ى', 'ة', 'ؤ', 'ئ']),
        3 => prop::sample::select(vec![' ', ' ', '\n', '\r', '\t', '\u{00A0}', '\u{2029}']),
        1 => prop::sample::select(vec!['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202B}', '\u{202C}', '\u{2067}', '\u{2069}', '\u{061C}', '\u{00AD}']),
        2 => prop::sample::select(vec!['.', '،', '؟', '!', '«', '»', '"', '…', '؛', ':', '@', '#', '/', '٫', '٬', ',']),
    ];
    prop::collection::vec(ch, 1..8).prop_map(|v| v.into_iter().collect())
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn span_of(v: &Value) -> Option<(usize, usize)> {
    let a = v.as_array()?;
    match a.as_slice() {
        [s, e] => Some((usize::try_from(s.as_u64()?).ok()?, usize::try_from(e.as_u64()?).ok()?)),
        _ => None,
    }
}

/// Checks every span under `v`; returns how many were checked.
fn check(v: &Value, chars: &[char], path: &str) -> Result<usize, TestCaseError> {
    let mut n = 0;
    match v {
        Value::Object(map) => {
            for (span_key, text_key) in [("span", "text"), ("content", "content_text")] {
                if let Some(span) = map.get(span_key) {
                    let (s, e) = span_of(span).ok_or_else(|| {
                        TestCaseError::fail(format!("{path}.{span_key} is not [start, end]"))
                    })?;
                    prop_assert!(
                        s <= e && e <= chars.len(),
                        "{path}.{span_key} = [{s}, {e}] out of 0..{}",
                        chars.len()
                    );
                    if let Some(Value::String(text)) = map.get(text_key) {
                        let surface: String = chars[s..e].iter().collect();
                        prop_assert_eq!(&surface, text, "{}.{} [{}, {}]", path, text_key, s, e);
                    }
                    n += 1;
                }
            }
            for (k, child) in map {
                n += check(child, chars, &format!("{path}.{k}"))?;
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                n += check(child, chars, &format!("{path}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(n)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_span_is_the_original_surface(text in article()) {
        let chars: Vec<char> = text.chars().collect();
        let analysis = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load").analyze(text.clone());
        let v = serde_json::to_value(&analysis).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(v["stats"]["chars"].as_u64(), Some(chars.len() as u64));
        let checked = check(&v, &chars, "$")?;
        let tokens = v["tokens"].as_array().map_or(0, Vec::len);
        let sentences = v["sentences"].as_array().map_or(0, Vec::len);
        prop_assert!(checked >= tokens + sentences);
        // Tokens are in order and do not overlap.
        let spans: Vec<(usize, usize)> =
            v["tokens"].as_array().into_iter().flatten().filter_map(|t| span_of(&t["span"])).collect();
        prop_assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "tokens overlap: {:?}", spans);
    }

    /// Arbitrary bytes never panic the decoder, and whatever decodes analyzes with valid spans.
    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok((text, _)) = khabar::input::decode(&bytes, None) {
            let chars: Vec<char> = text.chars().collect();
            let analysis = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load").analyze(text);
            let v = serde_json::to_value(&analysis).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check(&v, &chars, "$")?;
        }
    }

    /// The same text analyzed twice gives the same bytes (no hash-order or thread dependence).
    #[test]
    fn analysis_is_deterministic(text in article()) {
        let a = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load");
        let one = serde_json::to_string(&a.analyze(text.clone())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let two = serde_json::to_string(&a.analyze(text)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(one, two);
    }
}

#[test]
fn the_checker_catches_a_wrong_span() {
    let chars: Vec<char> = "قال الرئيس".chars().collect();
    let good = serde_json::json!({"tokens": [{"span": [0, 3], "text": "قال"}]});
    assert_eq!(check(&good, &chars, "$").ok(), Some(1));
    let bad = serde_json::json!({"tokens": [{"span": [1, 3], "text": "قال"}]});
    assert!(check(&bad, &chars, "$").is_err());
    let outside = serde_json::json!({"claims": [{"content": [4, 99], "content_text": "x"}]});
    assert!(check(&outside, &chars, "$").is_err());
}
