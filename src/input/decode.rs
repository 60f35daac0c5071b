//! Bytes → text. Arabic news arrives as UTF-8 (with or without a BOM), as UTF-16 from Windows
//! tools (always with a BOM in practice), and as windows-1256 from older Arabic sites and archives.
//!
//! Detection is deliberately simple and predictable: a BOM decides; otherwise valid UTF-8 is
//! UTF-8, and anything else is windows-1256 (the only single-byte Arabic code page in real use —
//! ISO-8859-6 lacks most punctuation and is practically extinct on the web). `--encoding` forces a
//! decoder and then malformed bytes are an error instead of a guess.

use std::fmt;

use clap::ValueEnum;

/// An encoding khabar can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16Le,
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16Be,
    #[value(name = "windows-1256", alias = "cp1256")]
    Windows1256,
}

impl Encoding {
    /// The name written in the `encoding` field of the output.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1256 => "windows-1256",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Windows1256 => encoding_rs::WINDOWS_1256,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why bytes could not become an article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all (or only a BOM).
    Empty,
    /// Only whitespace: there is no article to analyze.
    Blank,
    /// NUL bytes or too many control characters: not a text file.
    Binary,
    /// Malformed UTF-8 under `--encoding utf-8`, at this byte offset.
    InvalidUtf8 { offset: usize },
    /// UTF-16 with an odd number of bytes: the last code unit is cut.
    TruncatedUtf16,
    /// UTF-16 with an unpaired surrogate.
    InvalidUtf16,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty input"),
            DecodeError::Blank => f.write_str("empty input (whitespace only)"),
            DecodeError::Binary => f.write_str("binary data (NUL bytes or control characters), not text"),
            DecodeError::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
            DecodeError::TruncatedUtf16 => f.write_str("truncated UTF-16 (odd number of bytes)"),
            DecodeError::InvalidUtf16 => f.write_str("invalid UTF-16 (unpaired surrogate)"),
        }
    }
}

impl std::error::Error for DecodeError {}

const BOM_UTF8: &[u8] = b"\xEF\xBB\xBF";
const BOM_UTF16LE: &[u8] = b"\xFF\xFE";
const BOM_UTF16BE: &[u8] = b"\xFE\xFF";

/// The encoding a BOM announces and the BOM's length.
fn sniff_bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    if bytes.starts_with(BOM_UTF8) {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(BOM_UTF16LE) {
        Some((Encoding::Utf16Le, 2))
    } else if bytes.starts_with(BOM_UTF16BE) {
        Some((Encoding::Utf16Be, 2))
    } else {
        None
    }
}

/// Decodes an article. `forced` is `--encoding`; `None` detects. The BOM is removed from the text
/// (offsets count from the first character after it). Line endings are kept as they are: CRLF is
/// whitespace to the normalizer, and spans must point into the text the user has.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(String, Encoding), DecodeError> {
    let bom = sniff_bom(bytes);
    let encoding = match (forced, bom) {
        (Some(f), _) => f,
        (None, Some((e, _))) => e,
        (None, None) if std::str::from_utf8(bytes).is_ok() => Encoding::Utf8,
        (None, None) => Encoding::Windows1256,
    };
    // Strip the BOM only when it belongs to the chosen encoding.
    let body = match bom {
        Some((e, len)) if e == encoding => &bytes[len..],
        _ => bytes,
    };
    if body.is_empty() {
        return Err(DecodeError::Empty);
    }
    // A NUL byte never occurs in 8-bit text; in UTF-16 it is every other byte of ASCII, so there
    // the check runs on the decoded characters instead.
    let utf16 = matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    if !utf16 && body.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let bom_len = bytes.len() - body.len();
                return Err(DecodeError::InvalidUtf8 { offset: bom_len + e.valid_up_to() });
            }
        },
        Encoding::Utf16Le | Encoding::Utf16Be => {
            if body.len() % 2 != 0 {
                return Err(DecodeError::TruncatedUtf16);
            }
            match encoding.codec().decode_without_bom_handling_and_without_replacement(body) {
                Some(s) => s.into_owned(),
                None => return Err(DecodeError::InvalidUtf16),
            }
        }
        // Every byte is mapped in windows-1256, so this never replaces anything.
        Encoding::Windows1256 => encoding.codec().decode_without_bom_handling(body).0.into_owned(),
    };
    check_text(&text)?;
    Ok((text, encoding))
}

/// Rejects text that is not an article: only whitespace, or binary data decoded as characters.
pub fn check_text(text: &str) -> Result<(), DecodeError> {
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(text) {
        return Err(DecodeError::Binary);
    }
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        return Err(DecodeError::Blank);
    }
    Ok(())
}

/// Whether decoded text is really binary: any NUL, or more than 2% C0/C1 control characters other
/// than tab, line feed, vertical tab, form feed and carriage return. Real articles carry at most a
/// stray control character (one C1 control in ten thousand ANT articles); executables, images and
/// compressed files carry several percent.
///
/// Counted over bytes, since every article passes through here: a character starts at each byte
/// that is not a UTF-8 continuation byte, the C0 controls and DEL are single bytes, and the C1
/// controls (U+0080–U+009F) are `C2 80`–`C2 9F`.
pub fn looks_binary(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.contains(&0) {
        return true;
    }
    let chars = count_bytes(bytes, |b| b & 0xC0 != 0x80);
    let c0 = count_bytes(bytes, |b| (b < 0x20) & !(0x09..=0x0D).contains(&b) | (b == 0x7F));
    // C1 controls are rare: look for them only after a C2 lead byte.
    let c1 = if bytes.contains(&0xC2) {
        let next = bytes.get(1..).unwrap_or_default();
        bytes.iter().zip(next).filter(|&(&a, &b)| (a == 0xC2) & (b.wrapping_sub(0x80) < 0x20)).count()
    } else {
        0
    };
    (c0 + c1) * 50 > chars
}

/// How many bytes satisfy `pred`, counted in byte-wide lanes over chunks of at most 255 bytes (a
/// plain `filter().count()` widens every lane to 64 bits and runs several times slower).
#[inline]
fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(pred(b))))).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AR: &str = "قال الرئيس إن المحادثات\r\nستستمر.";

    #[test]
    fn detects_utf8_with_and_without_bom() {
        assert_eq!(decode(AR.as_bytes(), None), Ok((AR.to_owned(), Encoding::Utf8)));
        let mut b = BOM_UTF8.to_vec();
        b.extend_from_slice(AR.as_bytes());
        assert_eq!(decode(&b, None), Ok((AR.to_owned(), Encoding::Utf8)));
    }

    #[test]
    fn detects_utf16_by_bom() {
        for (enc, bom) in [(Encoding::Utf16Le, BOM_UTF16LE), (Encoding::Utf16Be, BOM_UTF16BE)] {
            let mut b = bom.to_vec();
            for u in AR.encode_utf16() {
                let bytes = if enc == Encoding::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() };
                b.extend_from_slice(&bytes);
            }
            assert_eq!(decode(&b, None), Ok((AR.to_owned(), enc)));
            b.pop();
            assert_eq!(decode(&b, None), Err(DecodeError::TruncatedUtf16));
        }
    }

    #[test]
    fn falls_back_to_windows_1256() {
        let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(AR);
        assert!(!bad);
        assert_eq!(decode(&bytes, None), Ok((AR.to_owned(), Encoding::Windows1256)));
        let err = decode(&bytes, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 0 });
    }

    #[test]
    fn rejects_empty_blank_and_binary() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(BOM_UTF8, None), Err(DecodeError::Empty));
        assert_eq!(decode(b" \r\n\t", None), Err(DecodeError::Blank));
        assert_eq!(decode(b"abc\0def", None), Err(DecodeError::Binary));
        assert_eq!(decode(b"\x01\x02\x03abc", None), Err(DecodeError::Binary));
        // UTF-16 text of ASCII has NUL bytes but no NUL characters.
        assert_eq!(decode(b"\xFF\xFEa\0b\0", None), Ok(("ab".to_owned(), Encoding::Utf16Le)));
        assert_eq!(decode(b"\xFF\xFEa\0\0\0", None), Err(DecodeError::Binary));
    }

    proptest::proptest! {
        /// The byte count agrees with counting characters and `char::is_control`.
        #[test]
        fn binary_check_by_bytes_matches_by_characters(text in "[a\u{0}-\u{1F}\u{7F}-\u{A0}\u{C0}بت€😀 ]{0,60}") {
            let chars = text.chars().count();
            let controls = text
                .chars()
                .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r'))
                .count();
            let expected = text.contains('\0') || controls * 50 > chars;
            proptest::prop_assert_eq!(looks_binary(&text), expected);
        }
    }

    #[test]
    fn lone_surrogate_is_an_error() {
        assert_eq!(decode(b"\xFF\xFE\x00\xD8a\0", None), Err(DecodeError::InvalidUtf16));
    }

    #[test]
    fn forced_encoding_ignores_foreign_bom() {
        // A UTF-8 BOM read as windows-1256 is three characters of text, not a BOM.
        let (s, e) = decode(b"\xEF\xBB\xBFabc", Some(Encoding::Windows1256)).unwrap();
        assert_eq!(e, Encoding::Windows1256);
        assert_eq!(s.chars().count(), 6);
    }
}
