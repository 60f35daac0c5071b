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
        || matches!(unicode_general_punct(c), true)
}

fn unicode_general_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}' | '\u{FD3E}' | '\u{FD3F}')
}

/// Splits the normalized text of `doc` into tokens and segments each Arabic word.
pub fn tokenize(doc: &Document) -> Vec<Token> {
    let text = doc.normalized();
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut push = |kind: TokenKind, range: Range<usize>| {
        let seg = if kind == TokenKind::Word {
            clitics::segment(&text[range.clone()])
        } else {
            Segmentation::default()
        };
        tokens.push(Token { kind, span: doc.span_of(range.clone()), norm: range, seg });
    };
    let mut links = LINKS.captures_iter(text).peekable();
    let mut next_link = links.next();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if let Some(caps) = &next_link {
            let m = caps.get(0).expect("group 0");
            if m.start() == i {
                let kind = if caps.name("url").is_some() { TokenKind::Url } else { TokenKind::Email };
                let end = trim_link_end(text, m.start(), m.end());
                push(kind, i..end);
                i = end;
                next_link = links.next();
                continue;
            }
            if m.start() < i {
                next_link = links.next();
                continue;
            }
        }
        let c = text[i..].chars().next().expect("in bounds");
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        let end = if is_arabic_letter(c) {
            scan(text, i, is_arabic_letter)
        } else if is_digit(c) {
            scan_number(text, i)
        } else if is_latin_letter(c) {
            scan_latin(text, i)
        } else if (c == '#' || c == '@') && i + 1 < text.len() {
            let end = scan(text, i + 1, |d| d.is_alphanumeric() || d == '_');
            if end > i + 1 && !(c == '@' && !bytes[i + 1].is_ascii_alphanumeric()) {
                push(if c == '#' { TokenKind::Hashtag } else { TokenKind::Mention }, i..end);
                i = end;
                continue;
            }
            i + clen
        } else {
            i + clen
        };
        let kind = if is_arabic_letter(c) {
            TokenKind::Word
        } else if is_digit(c) {
            TokenKind::Number
        } else if is_latin_letter(c) {
            TokenKind::Latin
        } else if is_punct(c) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        push(kind, i..end);
        i = end;
    }
    tokens
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
