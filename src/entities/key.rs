//! The key space: the projection of a document (or of a lexicon form) in which names are matched.
//!
//! Newswire spells foreign names many ways (بيونغ يانغ / بيونغيانغ / بيونج يانج, جونغ / جونج,
//! ة / ه, ى / ي, hamza seats). Rather than list variants, both the lexicon forms and the article
//! are projected into one key space where those variants coincide:
//!
//! * every character goes through [`fold_char`] (diacritics dropped, alef/yeh/heh/hamza seats
//!   unified, the g-letters غ گ folded onto ج, Latin lower-cased);
//! * the spaces between words are removed, so that names written with or without inner spaces
//!   meet (بيونغ يانغ = بيونغيانغ, عبد الله = عبدالله); punctuation and line breaks become a
//!   separator no pattern contains, so no match crosses them;
//! * an article elided after the preposition ل (للغرب = ل + ال + غرب) gets its alef back, so the
//!   lexicon form الغرب matches after the proclitic.
//!
//! The projection keeps, for every key byte, the normalized-text range it came from, and marks
//! which key offsets are token starts (or starts after a token's proclitics) and token ends: a
//! match is accepted only on those boundaries.

use std::ops::Range;

use crate::text::clitics;
use crate::text::tokenize::is_arabic_letter;
use crate::text::{Document, Token, TokenKind};

/// Separator between runs of words that a name may not span (punctuation, line breaks).
pub const SEP: char = '|';

/// Appends the key-byte encoding of a folded character. Arabic letters (U+0621–U+064A) take one
/// byte (0x80 + offset) instead of UTF-8's two, which halves the bytes the automaton walks;
/// ASCII stays itself; anything else is 0xFF and three bytes with the high bit set, so no two
/// characters share an encoding and no encoding contains an ASCII byte.
pub fn encode_char(c: char, out: &mut Vec<u8>) {
    let cp = c as u32;
    if cp < 0x80 {
        out.push(cp as u8);
    } else if (0x0621..=0x064A).contains(&cp) {
        out.push(0x80 + (cp - 0x0621) as u8);
    } else {
        out.extend_from_slice(&[
            0xFF,
            0x80 | (cp >> 14) as u8,
            0x80 | ((cp >> 7) & 0x7F) as u8,
            0x80 | (cp & 0x7F) as u8,
        ]);
    }
}

/// The key bytes of a folded string (see [`form_key`]).
pub fn encode(folded: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(folded.len());
    for c in folded.chars() {
        encode_char(c, &mut out);
    }
    out
}

const NONE: u32 = u32::MAX;

/// Folds one (already normalized) character into the key alphabet; `None` drops it.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    Some(match c {
        // Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0610}'..='\u{061A}'
        | '\u{0640}' => {
            return None;
        }
        // Invisible marks that survive a non-default normalization.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}' => {
            return None;
        }
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ئ' => 'ي',
        'ة' | 'ۀ' | 'ہ' | 'ە' | 'ھ' => 'ه',
        'ؤ' => 'و',
        // The g of foreign names: غ (Levant, Gulf), ج (Egypt), گ (Persian script).
        'غ' | 'گ' | 'ڠ' | 'ݣ' => 'ج',
        'چ' => 'ج',
        'ک' | 'ڪ' => 'ك',
        'پ' => 'ب',
        'ڤ' | 'ڥ' => 'ف',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Latin, Greek, Cyrillic capitals (the case tables are slow: skip Arabic and beyond).
        _ if (c as u32) < 0x0590 && c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        _ => c,
    })
}

/// Bytes of the letters that may be proclitics at the start of `word`: one conjunction (و ف)
/// and one preposition (ب ل ك), leaving at least three letters. The clitic segmenter splits a
/// preposition only before the article (بالغرب), while names take it directly (لروسيا, بموسكو,
/// لبوتين); a lexicon match must still be a whole known name, so allowing a start after such a
/// letter cannot turn an ordinary word into a name unless its remainder is one.
fn proclitic_letters(word: &str) -> usize {
    let mut it = word.char_indices().peekable();
    let mut end = 0;
    let n = word.chars().count();
    let mut taken = 0;
    if let Some(&(_, c)) = it.peek()
        && matches!(c, 'و' | 'ف')
        && n >= 4
    {
        it.next();
        end = c.len_utf8();
        taken = 1;
    }
    if let Some(&(i, c)) = it.peek()
        && matches!(c, 'ب' | 'ل' | 'ك')
        && n - taken >= 4
    {
        end = i + c.len_utf8();
    }
    end
}

/// The key projection of a document's tokens.
#[derive(Debug, Clone, Default)]
pub struct KeyText {
    /// The key bytes ([`encode`]d folded characters).
    pub key: Vec<u8>,
    /// Normalized byte range of the character each key byte came from.
    src_start: Vec<u32>,
    src_end: Vec<u32>,
    /// Per key offset (`key.len() + 1` entries): the token a name may start in at this offset.
    start_token: Vec<u32>,
    /// Per key offset: the token that ends at this offset.
    end_token: Vec<u32>,
}

impl KeyText {
    /// Projects the key-bearing tokens (words, Latin words, numbers) of `doc`.
    pub fn project(doc: &Document, tokens: &[Token]) -> KeyText {
        let text = doc.normalized();
        let mut kt = KeyText {
            key: Vec::with_capacity(text.len()),
            src_start: Vec::with_capacity(text.len()),
            src_end: Vec::with_capacity(text.len()),
            start_token: Vec::with_capacity(text.len() + 1),
            end_token: Vec::with_capacity(text.len() + 1),
        };
        let mut prev_end: Option<usize> = None;
        for (ti, tok) in tokens.iter().enumerate() {
            if !matches!(tok.kind, TokenKind::Word | TokenKind::Latin | TokenKind::Number) {
                kt.push_sep();
                prev_end = None;
                continue;
            }
            if let Some(pe) = prev_end
                && text.get(pe..tok.norm.start).is_some_and(|gap| gap.contains('\n'))
            {
                kt.push_sep();
            }
            let word = &text[tok.norm.clone()];
            let seg = if tok.kind == TokenKind::Word { tok.seg } else { Default::default() };
            kt.push_word(word, tok.norm.start, seg, ti as u32);
            prev_end = Some(tok.norm.end);
        }
        kt.pad();
        kt
    }

    fn push_sep(&mut self) {
        if self.key.last().is_some_and(|&b| b != SEP as u8) {
            let at = self.src_end.last().copied().unwrap_or(0);
            self.push_char(SEP, at, at);
        }
    }

    fn pad(&mut self) {
        self.start_token.resize(self.key.len() + 1, NONE);
        self.end_token.resize(self.key.len() + 1, NONE);
    }

    fn push_char(&mut self, c: char, s: u32, e: u32) {
        encode_char(c, &mut self.key);
        // One key byte for nearly every character (see `encode_char`).
        while self.src_start.len() < self.key.len() {
            self.src_start.push(s);
            self.src_end.push(e);
        }
    }

    /// Appends one word; `base` is its normalized byte offset, `ti` its token index.
    fn push_word(&mut self, word: &str, base: usize, seg: clitics::Segmentation, ti: u32) {
        self.pad();
        let at = self.key.len();
        self.start_token[at] = ti;
        let prefix = (seg.prefix_len as usize).max(proclitic_letters(word));
        // Elided article: the proclitics end in ل and the article is the single letter ل.
        let elided = seg.article_len == 2
            && word.get(seg.prefix_len as usize..seg.prefix_len as usize + 2) == Some("ل");
        let article_at = seg.prefix_len as usize;
        for (i, c) in word.char_indices() {
            let (mut s, e) = ((base + i) as u32, (base + i + c.len_utf8()) as u32);
            if i > 0 && i <= prefix {
                // A name may start after each proclitic letter.
                self.pad();
                let k = self.key.len();
                self.start_token[k] = ti;
            }
            if elided && i == article_at {
                // The restored article maps to the stem: للغرب reports غرب, not the clitic ل.
                s = e;
                self.push_char('ا', s, e);
            }
            if let Some(f) = fold_char(c) {
                self.push_char(f, s, e);
            }
        }
        self.pad();
        let end = self.key.len();
        self.end_token[end] = ti;
    }

    /// Whether a name may start at key offset `k`.
    pub fn can_start(&self, k: usize) -> bool {
        self.start_token.get(k).is_some_and(|&t| t != NONE)
    }

    /// Whether a token ends at key offset `k`.
    pub fn can_end(&self, k: usize) -> bool {
        self.end_token.get(k).is_some_and(|&t| t != NONE)
    }

    /// Tokens covered by the key range (which must satisfy `can_start` / `can_end`).
    pub fn tokens(&self, k: Range<usize>) -> Range<usize> {
        let s = self.start_token.get(k.start).copied().unwrap_or(NONE);
        let e = self.end_token.get(k.end).copied().unwrap_or(NONE);
        if s == NONE || e == NONE || e < s { 0..0 } else { s as usize..e as usize + 1 }
    }

    /// The normalized byte range of a non-empty key range.
    pub fn norm_range(&self, k: Range<usize>) -> Range<usize> {
        if k.end <= k.start || k.end > self.src_start.len() {
            return 0..0;
        }
        self.src_start[k.start] as usize..self.src_end[k.end - 1] as usize
    }
}

/// The folded key text of a lexicon form (its bytes are [`encode`]`(form_key(..))`): the same
/// projection as [`KeyText::project`], applied to a short string without building a document
/// (lexicons hold tens of thousands of forms).
pub fn form_key(form: &str) -> String {
    let norm = crate::text::normalize::normalize_str(form, &Default::default());
    let mut key = String::with_capacity(norm.len());
    let mut word = String::new();
    let flush = |word: &mut String, key: &mut String| {
        if word.is_empty() {
            return;
        }
        let seg = if word.chars().next().is_some_and(is_arabic_letter) {
            clitics::segment(word)
        } else {
            Default::default()
        };
        let prefix = seg.prefix_len as usize;
        let elided = seg.article_len == 2 && word.get(prefix..prefix + 2) == Some("ل");
        for (i, c) in word.char_indices() {
            if elided && i == prefix {
                key.push('ا');
            }
            if let Some(f) = fold_char(c) {
                key.push(f);
            }
        }
        word.clear();
    };
    let mut prev_class = 0u8;
    for c in norm.chars() {
        // Word classes as the tokenizer sees them: Arabic letters, digits, other letters.
        let class = if is_arabic_letter(c) {
            1
        } else if c.is_numeric() {
            2
        } else if c.is_alphabetic() {
            3
        } else if c.is_whitespace() {
            0
        } else {
            4
        };
        if class != prev_class || class == 4 {
            flush(&mut word, &mut key);
        }
        match class {
            1..=3 => word.push(c),
            4 if !key.is_empty() && !key.ends_with(SEP) => key.push(SEP),
            _ => {}
        }
        prev_class = class;
    }
    flush(&mut word, &mut key);
    key.trim_matches(SEP).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn doc_key(s: &str) -> Vec<u8> {
        let doc = Document::new(s.to_owned(), &Default::default());
        let toks = tokenize(&doc);
        KeyText::project(&doc, &toks).key
    }

    #[test]
    fn variants_meet_in_key_space() {
        assert_eq!(form_key("بيونغ يانغ"), form_key("بيونج يانج"));
        assert_eq!(form_key("بيونغ يانغ"), form_key("بيونغيانغ"));
        assert_eq!(form_key("كيم جونغ أون"), form_key("كيم جونج اون"));
        assert_eq!(form_key("الشرق الأقصى"), form_key("الشرق الاقصي"));
        assert_eq!(form_key("الكورية"), form_key("الكوريه"));
        assert_ne!(form_key("روسيا"), form_key("روسي"));
    }

    #[test]
    fn document_and_form_projections_agree() {
        for s in ["كيم جونغ أون", "الولايات المتحدة", "كوفيد-19", "NATO"] {
            assert_eq!(doc_key(s), encode(&form_key(s)), "{s}");
        }
    }

    #[test]
    fn elided_article_is_restored_and_starts_after_proclitic() {
        let doc = Document::new("للغرب".to_owned(), &Default::default());
        let toks = tokenize(&doc);
        let kt = KeyText::project(&doc, &toks);
        assert_eq!(kt.key, encode(&format!("ل{}", form_key("الغرب"))));
        assert!(kt.can_start(0) && kt.can_start(1));
        assert!(kt.can_end(kt.key.len()));
        let span = doc.span_of(kt.norm_range(1..kt.key.len()));
        assert_eq!(doc.text(span), "غرب");
    }

    #[test]
    fn punctuation_and_line_breaks_separate() {
        assert!(doc_key("روسيا، الصين").contains(&(SEP as u8)));
        assert!(doc_key("روسيا\nالصين").contains(&(SEP as u8)));
        assert!(!doc_key("روسيا الصين").contains(&(SEP as u8)));
        assert_eq!(doc_key("روسيا").len(), 5);
    }
}
