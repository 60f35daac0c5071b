//! Tokens: words, numbers, punctuation, Latin words, URLs, emails, hashtags and @mentions, each
//! with its original span and its byte range in the normalized text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::Serialize;

use crate::text::{Document, Segmentation, Span, clitics};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An Arabic word (letters of the Arabic script).
    Word,
    /// Digits in any script, with inner separators: 1.5, ٣٬٥٠٠, 2023.
    Number,
    Punct,
    /// A word in Latin (or another non-Arabic alphabetic) script.
    Latin,
    Url,
    Email,
    Hashtag,
    Mention,
    /// Anything else: emoji, currency and other symbols.
    Symbol,
}

impl TokenKind {
    /// The name the JSON output gives the kind (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Latin => "latin",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
            TokenKind::Symbol => "symbol",
        }
    }
}

/// One token of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Characters of the original text.
    pub span: Span,
    /// Bytes of the normalized text.
    pub norm: Range<usize>,
    /// Clitic segmentation (for [`TokenKind::Word`]; empty for other kinds).
    pub seg: Segmentation,
}

impl Token {
    /// The normalized form of the whole token.
    pub fn normalized<'d>(&self, doc: &'d Document) -> &'d str {
        doc.norm(self.norm.clone())
    }
}

/// URLs and emails are found first with one regex pass, since their characters (`.`, `/`, `@`)
/// would otherwise split into punctuation.
static LINKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<url>(?:https?://|www\.)[^\s<>«»\u{201C}\u{201D}]+)
        | (?P<email>[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})",
    )
    .expect("static regex")
});

/// Characters of the Arabic script that make up words (letters and, when not normalized away,
/// marks and tatweel).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{06D6}'..='\u{06ED}' | '\u{0610}'..='\u{061A}')
        && !is_digit(c)
}

/// Arabic marks (harakat, dagger alef, Quranic marks) when normalization keeps them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0610}'..='\u{061A}')
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Separators that stay inside a number when digits follow: 1.5, 3,500, ٣٬٥٠٠, 10:30, 12/5/2023.
fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬' | ':' | '/')
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !is_arabic_letter(c)
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '،' | '؛'
                | '؟'
                | '«'
                | '»'
                | '…'
                | '٪'
                | '۔'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '–'
                | '—'
                | '٭'
                | '„'
                | '‹'
                | '›'
        )
        || unicode_general_punct(c)
}

fn unicode_general_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}' | '\u{FD3E}' | '\u{FD3F}')
}

/// Splits the normalized text of `doc` into tokens and segments each Arabic word.
pub fn tokenize(doc: &Document) -> Vec<Token> {
    let text = doc.normalized();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6 + 1);
    let mut push = |kind: TokenKind, range: Range<usize>| {
        let seg = if kind == TokenKind::Word {
            clitics::segment(&text[range.clone()])
        } else {
            Segmentation::default()
        };
        let span = doc.span_of(range.clone());
        // Two normalized characters from one original character (a decomposed ligature cut by a
        // token boundary) would give overlapping spans: such pieces join the previous token.
        if let Some(prev) = tokens.last_mut()
            && span.start < prev.span.end
        {
            prev.span = prev.span.cover(span);
            prev.norm = prev.norm.start..range.end;
            prev.seg = Segmentation::default();
            return;
        }
        tokens.push(Token { kind, span, norm: range, seg });
    };
    // find_iter is several times cheaper than captures_iter; which alternative matched is
    // read off the match (a URL has a scheme or starts with www., an email has neither).
    let mut links = may_hold_links(text).then(|| LINKS.find_iter(text));
    let mut next_link = links.as_mut().and_then(Iterator::next);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if let Some(m) = next_link {
            if m.start() == i {
                let www = m.as_str().get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
                let kind = if www || m.as_str().contains("://") { TokenKind::Url } else { TokenKind::Email };
                let end = trim_link_end(text, m.start(), m.end());
                push(kind, i..end);
                i = end;
                next_link = links.as_mut().and_then(Iterator::next);
                continue;
            }
            if m.start() < i {
                next_link = links.as_mut().and_then(Iterator::next);
                continue;
            }
        }
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        // A word starts at a letter; a tatweel only continues one (alone it is a dash).
        let (kind, end) = if c == '\u{0640}' {
            // A lone tatweel (kept as a dash) with any marks written on it.
            (TokenKind::Symbol, scan(text, i, |d| d == '\u{0640}' || is_mark(d)))
        } else if is_arabic_letter(c) {
            (TokenKind::Word, scan_word(text, i))
        } else if is_digit(c) {
            (TokenKind::Number, scan_number(text, i))
        } else if (c == '#' || c == '@') && i + 1 < text.len() {
            let end = scan(text, i + 1, |d| d.is_alphanumeric() || d == '_');
            if end > i + 1 && (c != '@' || bytes[i + 1].is_ascii_alphanumeric()) {
                push(if c == '#' { TokenKind::Hashtag } else { TokenKind::Mention }, i..end);
                i = end;
                continue;
            }
            (TokenKind::Punct, i + clen)
        } else if is_punct(c) {
            // Before the letter test: punctuation is never a letter, and the test is costly
            // for non-ASCII characters.
            (TokenKind::Punct, i + clen)
        } else if is_latin_letter(c) {
            (TokenKind::Latin, scan_latin(text, i))
        } else {
            (TokenKind::Symbol, i + clen)
        };
        push(kind, i..end);
        i = end;
    }
    tokens
}

/// Whether [`LINKS`] can match anywhere in `text`: a URL needs `://` or `www.` (in any case), an
/// email an `@`. Most articles have none, and the regex has no literal to skip ahead with (an
/// email starts with a character class), so this saves a pass of its automaton over the text.
fn may_hold_links(text: &str) -> bool {
    let b = text.as_bytes();
    text.contains('@')
        || text.contains("://")
        || text.match_indices('.').any(|(i, _)| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// The end of the Arabic word starting at `start`. Its letters are nearly always two-byte
/// characters of U+0600–U+06FF (lead bytes D8–DB), read here straight from the bytes; the
/// general scan takes over at any other character.
fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(&[lead, trail]) = bytes.get(i..i + 2) {
        if lead & 0xFC != 0xD8 {
            break;
        }
        let c = char::from_u32(0x0600 | (u32::from(lead & 0x03) << 6) | u32::from(trail & 0x3F));
        if !c.is_some_and(is_arabic_letter) {
            return i;
        }
        i += 2;
    }
    scan(text, i, is_arabic_letter)
}

fn scan(text: &str, start: usize, pred: impl Fn(char) -> bool) -> usize {
    text[start..].char_indices().find(|&(_, c)| !pred(c)).map_or(text.len(), |(j, _)| start + j)
}

fn scan_number(text: &str, start: usize) -> usize {
    let mut end = scan(text, start, is_digit);
    loop {
        let mut it = text[end..].chars();
        match (it.next(), it.next()) {
            (Some(sep), Some(d)) if is_number_joiner(sep) && is_digit(d) => {
                end = scan(text, end + sep.len_utf8(), is_digit);
            }
            _ => return end,
        }
    }
}

/// A Latin word, with inner apostrophes, hyphens and digits (O'Brien, COVID-19, G7).
fn scan_latin(text: &str, start: usize) -> usize {
    let mut end = scan(text, start, |c| is_latin_letter(c) || c.is_ascii_digit());
    loop {
        let mut it = text[end..].chars();
        match (it.next(), it.next()) {
            (Some(j), Some(c))
                if matches!(j, '\'' | '’' | '-' | '.') && (is_latin_letter(c) || c.is_ascii_digit()) =>
            {
                // "U.S." style abbreviations and hyphenated words stay whole; a '.' joins only
                // single letters (U.S), not sentence ends followed by a word without a space.
                if j == '.' && end - scan_back_letters(text, end) > 1 {
                    return end;
                }
                end = scan(text, end + j.len_utf8(), |c| is_latin_letter(c) || c.is_ascii_digit());
            }
            _ => return end,
        }
    }
}

fn scan_back_letters(text: &str, end: usize) -> usize {
    text[..end].char_indices().rev().take_while(|&(_, c)| is_latin_letter(c)).last().map_or(end, |(j, _)| j)
}

/// Sentence-final punctuation and closing brackets are not part of a URL.
fn trim_link_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let c = text[..end].chars().next_back().expect("non-empty");
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '،' | '؛' | '؟') {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::NormalizeOptions;

    fn kinds(s: &str) -> Vec<(TokenKind, String)> {
        let doc = Document::new(s.to_owned(), &NormalizeOptions::default());
        tokenize(&doc).iter().map(|t| (t.kind, doc.text(t.span).to_owned())).collect()
    }

    #[test]
    fn token_kinds() {
        use TokenKind::*;
        assert_eq!(
            kinds("زار 1.5 و٣٬٥٠٠ في 2023، COVID-19 https://x.com/a. ali@x.org #وسم @user 😀"),
            vec![
                (Word, "زار".into()),
                (Number, "1.5".into()),
                (Word, "و".into()),
                (Number, "٣٬٥٠٠".into()),
                (Word, "في".into()),
                (Number, "2023".into()),
                (Punct, "،".into()),
                (Latin, "COVID-19".into()),
                (Url, "https://x.com/a".into()),
                (Punct, ".".into()),
                (Email, "ali@x.org".into()),
                (Hashtag, "#وسم".into()),
                (Mention, "@user".into()),
                (Symbol, "😀".into()),
            ]
        );
    }

    #[test]
    fn link_prefilter_sees_every_link() {
        for (text, links) in [
            ("زار WWW.Example.com امس", true),
            ("http://x.y", true),
            ("a@b.co", true),
            ("قال. ثم www غادر", false),
            ("نص بلا روابط 3.5", false),
        ] {
            assert_eq!(may_hold_links(text), links, "{text}");
            if !links {
                assert!(LINKS.find(text).is_none(), "{text}");
            }
        }
    }

    #[test]
    fn kind_names_are_the_serde_names() {
        use TokenKind::*;
        for k in [Word, Number, Punct, Latin, Url, Email, Hashtag, Mention, Symbol] {
            assert_eq!(serde_json::to_value(k).expect("serializes"), k.as_str());
        }
    }

    #[test]
    fn padt_conventions_for_digits_and_punctuation() {
        let t: Vec<String> = kinds("ميراث ب300 الف (15-7) (...)").into_iter().map(|(_, s)| s).collect();
        assert_eq!(t, ["ميراث", "ب", "300", "الف", "(", "15", "-", "7", ")", "(", ".", ".", ".", ")"]);
    }
}
