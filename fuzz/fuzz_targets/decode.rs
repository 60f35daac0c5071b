//! Decoding arbitrary bytes, with a forced encoding or detection (first input byte): no panic,
//! decoded text round-trips to the same bytes, detection never rejects clean UTF-8, and the text
//! it returns holds the document invariants (`khabar::invariants::check_document`).
#![no_main]

use khabar::input::{DecodeError, Encoding, decode};
use khabar::text::{Document, NormalizeOptions};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [Option<Encoding>; 5] = [
    None,
    Some(Encoding::Utf8),
    Some(Encoding::Utf16Le),
    Some(Encoding::Utf16Be),
    Some(Encoding::Windows1256),
];

/// The BOM `decode` strips when it announces the chosen encoding.
fn bom_len(bytes: &[u8], encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 if bytes.starts_with(b"\xEF\xBB\xBF") => 3,
        Encoding::Utf16Le if bytes.starts_with(b"\xFF\xFE") => 2,
        Encoding::Utf16Be if bytes.starts_with(b"\xFE\xFF") => 2,
        _ => 0,
    }
}

/// The bytes `text` was decoded from, re-encoded.
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Encoding::Windows1256 => encoding_rs::WINDOWS_1256.encode(text).0.into_owned(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let forced = ENCODINGS[usize::from(first) % ENCODINGS.len()];
    match decode(bytes, forced) {
        Ok((text, encoding)) => {
            if let Some(f) = forced {
                assert_eq!(f, encoding, "forced encoding not used");
            }
            assert!(khabar::input::decode::check_text(&text).is_ok(), "accepted text fails check_text");
            let body = &bytes[bom_len(bytes, encoding)..];
            assert_eq!(encode(&text, encoding), body, "decoded text does not round-trip to the input");
            let options = NormalizeOptions::default();
            let doc = Document::new(text.clone(), &options);
            if let Err(v) = khabar::invariants::check_document(&doc, &text, &options) {
                panic!("{v}");
            }
        }
        Err(e) => {
            // Detection reads clean UTF-8 as UTF-8: it may only refuse it as empty, blank or binary.
            let clean_utf8 = forced.is_none()
                && !bytes.starts_with(b"\xFF\xFE")
                && !bytes.starts_with(b"\xFE\xFF")
                && std::str::from_utf8(bytes).is_ok();
            if clean_utf8 {
                assert!(
                    matches!(e, DecodeError::Empty | DecodeError::Blank | DecodeError::Binary),
                    "clean UTF-8 rejected: {e}"
                );
            }
            // Windows-1256 maps every byte: it can only refuse empty, blank or binary input.
            if forced == Some(Encoding::Windows1256) {
                assert!(matches!(e, DecodeError::Empty | DecodeError::Blank | DecodeError::Binary), "{e}");
            }
        }
    }
});
