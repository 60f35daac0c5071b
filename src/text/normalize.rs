//! Arabic normalization as one table-driven pass over characters, in the manner of Lucene's
//! `ArabicNormalizer`: each rule is a named option, each character gets one action, and the pass
//! records where every normalized character came from so that spans map back to the original.

use std::ops::Range;

use crate::text::Span;

/// Which normalization rules apply. The defaults suit search and entity matching in newswire:
/// they erase spelling variation that carries no meaning for names (hamza seats on alef, alef
/// maqsura, diacritics, tatweel, invisible marks) and keep distinctions that do (teh marbuta,
/// hamza on waw/yeh, the digit script).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// Remove harakat, tanwin, shadda, sukun, dagger alef and Quranic annotation marks.
    pub diacritics: bool,
    /// Remove tatweel (kashida, U+0640).
    pub tatweel: bool,
    /// أ إ آ ٱ → ا.
    pub alef: bool,
    /// ى → ي.
    pub alef_maqsura: bool,
    /// ة → ه (off by default: it merges many words).
    pub teh_marbuta: bool,
    /// ؤ → و, ئ → ي (off by default).
    pub hamza_seats: bool,
    /// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → base letters.
    pub presentation_forms: bool,
    /// Persian/Urdu letters (ک ی ۀ ہ ە ڪ) → their Arabic counterparts.
    pub persian_letters: bool,
    /// Arabic-Indic and Persian digits → ASCII, and the Arabic decimal/thousands separators →
    /// `.`/`,` (off by default).
    pub digits: bool,
    /// Drop bidi controls, zero-width characters, the Arabic letter mark, soft hyphens and BOMs.
    pub invisible: bool,
    /// Collapse each run of whitespace to one space, or to one newline when it holds a line
    /// break (paragraph boundaries matter to sentence splitting).
    pub whitespace: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            diacritics: true,
            tatweel: true,
            alef: true,
            alef_maqsura: true,
            teh_marbuta: false,
            hamza_seats: false,
            presentation_forms: true,
            persian_letters: true,
            digits: false,
            invisible: true,
            whitespace: true,
        }
    }
}

/// Maps byte positions of the normalized text to character spans of the original.
///
/// For every byte of the normalized text it stores the original character span of the
/// normalized character that byte belongs to. Characters removed by normalization belong to the
/// kept character before them when they are marks written on it (diacritics, tatweel), so a word
/// span includes its final harakat; removed invisible marks and collapsed whitespace belong to no
/// span.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    start: Vec<u32>,
    end: Vec<u32>,
    /// Number of characters of the original text.
    original_chars: u32,
}

impl OffsetMap {
    /// The original span covered by a byte range of the normalized text. An empty range maps to
    /// an empty span at the corresponding original position.
    pub fn to_original(&self, norm: Range<usize>) -> Span {
        let len = self.start.len();
        if norm.start >= len {
            let n = self.original_chars as usize;
            return Span::new(n, n);
        }
        let start = self.start[norm.start] as usize;
        if norm.end <= norm.start {
            return Span::new(start, start);
        }
        let last = (norm.end - 1).min(len - 1);
        Span::new(start, self.end[last] as usize)
    }

    fn push(&mut self, bytes: usize, start: u32, end: u32) {
        for _ in 0..bytes {
            self.start.push(start);
            self.end.push(end);
        }
    }

    /// Extends the last normalized character's span to cover `end` (a removed mark on it).
    fn extend_last(&mut self, end: u32) {
        if let Some(last) = self.end.last().copied() {
            // Every byte of the last character shares its end.
            let mut i = self.end.len();
            while i > 0 && self.end[i - 1] == last {
                self.end[i - 1] = end;
                i -= 1;
            }
        }
    }
}

/// What the normalizer does with one character.
enum Action {
    Keep,
    /// Drop a mark written on the previous letter (it stays inside that letter's span).
    DropMark,
    /// Drop a character that belongs to no letter (invisible controls).
    DropInvisible,
    Replace(char),
    /// A presentation form or ligature: its compatibility decomposition, normalized in turn.
    Decompose,
    Whitespace,
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}' | '\u{0610}'..='\u{061A}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

fn action(c: char, o: &NormalizeOptions) -> Action {
    if c.is_ascii() {
        return if o.whitespace && c.is_ascii_whitespace() { Action::Whitespace } else { Action::Keep };
    }
    match c {
        _ if o.diacritics && is_diacritic(c) => Action::DropMark,
        '\u{0640}' if o.tatweel => Action::DropMark,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' if o.alef => Action::Replace('ا'),
        'ى' if o.alef_maqsura => Action::Replace('ي'),
        'ة' if o.teh_marbuta => Action::Replace('ه'),
        'ؤ' if o.hamza_seats => Action::Replace('و'),
        'ئ' if o.hamza_seats => Action::Replace('ي'),
        'ک' | 'ڪ' if o.persian_letters => Action::Replace('ك'),
        'ی' | 'ې' | 'ۍ' if o.persian_letters => Action::Replace(if o.alef_maqsura { 'ي' } else { 'ى' }),
        'ۀ' | 'ہ' | 'ە' | 'ھ' if o.persian_letters => Action::Replace('ه'),
        '٠'..='٩' if o.digits => Action::Replace(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' if o.digits => Action::Replace(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '٫' if o.digits => Action::Replace('.'),
        '٬' if o.digits => Action::Replace(','),
        _ if o.invisible && is_invisible(c) => Action::DropInvisible,
        _ if o.presentation_forms && is_presentation_form(c) => Action::Decompose,
        _ if o.whitespace && c.is_whitespace() => Action::Whitespace,
        _ => Action::Keep,
    }
}

/// Writes the compatibility decomposition of the presentation form `c` into `out`, each part
/// normalized in turn. Whitespace inside a ligature (ﷺ is four words) is dropped whatever the
/// options: the ligature is one character of the original, so its parts must stay one token, or
/// several tokens would share (overlap on) that one character.
fn decompose(c: char, options: &NormalizeOptions, out: &mut String) {
    out.clear();
    unicode_normalization::char::decompose_compatible(c, |d| {
        if d.is_whitespace() || (is_diacritic(d) && options.diacritics) {
            return;
        }
        let d = match action(d, options) {
            Action::Replace(r) => r,
            Action::DropMark | Action::DropInvisible | Action::Whitespace => return,
            _ => d,
        };
        out.push(d);
    });
}

/// Normalizes `text` and returns the normalized string with its [`OffsetMap`].
pub fn normalize_with_map(text: &str, options: &NormalizeOptions) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap {
        start: Vec::with_capacity(text.len() + 1),
        end: Vec::with_capacity(text.len() + 1),
        original_chars: 0,
    };
    // Pending whitespace run: (original start index, holds a line break).
    let mut pending_space: Option<(u32, bool)> = None;
    // Start of marks that came with no letter before them (text start or after whitespace):
    // they belong to the next kept character.
    let mut orphan: Option<u32> = None;
    let mut idx: u32 = 0;
    // The normalized decomposition of the current presentation form.
    let mut decomposed = String::new();
    for c in text.chars() {
        let mut act = action(c, options);
        if matches!(act, Action::Decompose) {
            decompose(c, options, &mut decomposed);
            if decomposed.is_empty() {
                // The isolated form of a haraka (U+FE70–U+FE7F) decomposes to a space and the
                // mark; with both removed it is a removed mark like the haraka itself, and must
                // not flush pending whitespace (normalizing twice would then differ).
                act = Action::DropMark;
            }
        }
        if matches!(act, Action::DropMark)
            && (pending_space.is_some() || out.is_empty() || out.ends_with(['\n', ' ']))
        {
            if c == '\u{0640}' {
                // A tatweel with no letter to stretch is a dash, not a mark.
                act = Action::Keep;
            } else {
                orphan.get_or_insert(idx);
                idx += 1;
                continue;
            }
        }
        let start = orphan.take().unwrap_or(idx);
        if !matches!(act, Action::Whitespace | Action::DropInvisible)
            && let Some((start, newline)) = pending_space.take()
        {
            // Leading whitespace of the text is dropped entirely; inner runs become one char.
            if !out.is_empty() {
                out.push(if newline { '\n' } else { ' ' });
                map.push(1, start, start + 1);
            }
        }
        match act {
            Action::Keep => {
                out.push(c);
                map.push(c.len_utf8(), start, idx + 1);
            }
            Action::DropMark => map.extend_last(idx + 1),
            Action::DropInvisible => {}
            Action::Replace(r) => {
                out.push(r);
                map.push(r.len_utf8(), start, idx + 1);
            }
            Action::Decompose => {
                out.push_str(&decomposed);
                map.push(decomposed.len(), start, idx + 1);
            }
            Action::Whitespace => {
                let nl = matches!(c, '\n' | '\r' | '\u{2029}' | '\u{2028}' | '\u{85}');
                match &mut pending_space {
                    Some((_, has_nl)) => *has_nl |= nl,
                    None => pending_space = Some((idx, nl)),
                }
            }
        }
        idx += 1;
    }
    map.original_chars = idx;
    (out, map)
}

/// Normalizes a string without keeping the map: for lexicon entries, features and tests.
pub fn normalize_str(text: &str, options: &NormalizeOptions) -> String {
    normalize_with_map(text, options).0
}
