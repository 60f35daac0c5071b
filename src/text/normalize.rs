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

    #[inline]
    fn push(&mut self, bytes: usize, start: u32, end: u32) {
        let n = bytes.min(4);
        self.start.extend_from_slice(&[start; 4][..n]);
        self.end.extend_from_slice(&[end; 4][..n]);
        for _ in n..bytes {
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

/// Arabic letters that every option set keeps as they are (all but the alef, hamza-seat, teh
/// marbuta and alef maqsura variants), by code point.
#[inline]
fn is_plain_arabic(cp: u32) -> bool {
    matches!(cp, 0x0621..=0x063A | 0x0641..=0x064A) && !matches!(cp, 0x0622..=0x0626 | 0x0629 | 0x0649)
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
    // The orphan marks themselves: kept as characters if no letter follows before whitespace.
    let mut orphan_chars: Vec<char> = Vec::new();
    let mut idx: u32 = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of characters no rule touches (printable ASCII, Arabic letters
        // without variants) while no whitespace or orphan mark is pending, copied in one go.
        if pending_space.is_none() && orphan.is_none() {
            let run = i;
            while i < bytes.len() {
                let b = bytes[i];
                if (0x21..=0x7E).contains(&b) {
                    map.start.push(idx);
                    map.end.push(idx + 1);
                } else if b == b' '
                    && (i > run || !out.is_empty())
                    && bytes.get(i + 1).is_some_and(|&n| (0x21..=0x7E).contains(&n) || n == 0xD8 || n == 0xD9)
                {
                    // One space between words (not leading, no whitespace after it): what the
                    // whitespace collapse would write anyway, without its bookkeeping.
                    map.start.push(idx);
                    map.end.push(idx + 1);
                } else if (b == 0xD8 || b == 0xD9)
                    && i + 1 < bytes.len()
                    && is_plain_arabic(((b as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F))
                {
                    map.start.extend_from_slice(&[idx, idx]);
                    map.end.extend_from_slice(&[idx + 1, idx + 1]);
                    i += 1;
                } else {
                    break;
                }
                i += 1;
                idx += 1;
            }
            if i > run {
                out.push_str(&text[run..i]);
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        let mut act = action(c, options);
        if matches!(act, Action::DropMark)
            && (pending_space.is_some()
                || out.is_empty()
                || out.chars().next_back().is_some_and(char::is_whitespace))
        {
            if c == '\u{0640}' {
                // A tatweel with no letter to stretch is a dash, not a mark.
                act = Action::Keep;
            } else {
                orphan.get_or_insert(idx);
                orphan_chars.push(c);
                idx += 1;
                continue;
            }
        }
        if matches!(act, Action::DropInvisible) {
            // Invisible controls belong to nothing and interrupt nothing.
            idx += 1;
            continue;
        }
        if matches!(act, Action::Whitespace) && orphan.is_some() {
            // Marks between spaces belong to no letter: they stay as characters of their own,
            // so that no visible character of the original is lost.
            if let Some((start, newline)) = pending_space.take()
                && !out.is_empty()
            {
                out.push(if newline { '\n' } else { ' ' });
                map.push(1, start, start + 1);
            }
            keep_orphans(&mut out, &mut map, &mut orphan, &mut orphan_chars);
        }
        orphan_chars.clear();
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
                let before = out.len();
                unicode_normalization::char::decompose_compatible(c, |d| {
                    if is_diacritic(d) && options.diacritics {
                        return;
                    }
                    let d = match action(d, options) {
                        Action::Replace(r) => r,
                        Action::DropMark | Action::DropInvisible | Action::Whitespace => return,
                        _ => d,
                    };
                    out.push(d);
                });
                if out.len() == before {
                    // A presentation form of a mark only (e.g. a shadda form): a removed mark,
                    // on the letter before it or, after whitespace, on the next one.
                    if out.chars().next_back().is_none_or(char::is_whitespace) {
                        orphan = Some(start);
                        orphan_chars.push(c);
                    } else {
                        map.extend_last(idx + 1);
                    }
                } else {
                    map.push(out.len() - before, start, idx + 1);
                }
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
    if orphan.is_some() {
        if let Some((start, newline)) = pending_space.take()
            && !out.is_empty()
        {
            out.push(if newline { '\n' } else { ' ' });
            map.push(1, start, start + 1);
        }
        keep_orphans(&mut out, &mut map, &mut orphan, &mut orphan_chars);
    }
    map.original_chars = idx;
    (out, map)
}

/// Writes pending orphan marks out as characters, each mapped to itself.
fn keep_orphans(out: &mut String, map: &mut OffsetMap, orphan: &mut Option<u32>, chars: &mut Vec<char>) {
    if let Some(first) = orphan.take() {
        for (k, &c) in chars.iter().enumerate() {
            out.push(c);
            let i = first + k as u32;
            map.push(c.len_utf8(), i, i + 1);
        }
    }
    chars.clear();
}

/// Normalizes a string without keeping the map: for lexicon entries, features and tests.
pub fn normalize_str(text: &str, options: &NormalizeOptions) -> String {
    normalize_with_map(text, options).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_str(s, &NormalizeOptions::default())
    }

    fn with(f: impl Fn(&mut NormalizeOptions)) -> NormalizeOptions {
        let mut o = NormalizeOptions::default();
        f(&mut o);
        o
    }

    /// The original text of a normalized byte range, cut by character offsets.
    fn original_of(text: &str, map: &OffsetMap, range: Range<usize>) -> String {
        let span = map.to_original(range);
        text.chars().skip(span.start).take(span.len()).collect()
    }

    #[test]
    fn each_rule_can_be_switched() {
        assert_eq!(norm("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize_str("مُحَمَّد", &with(|o| o.diacritics = false)), "مُحَمَّد");
        assert_eq!(norm("العـــربية"), "العربية");
        assert_eq!(normalize_str("العـربية", &with(|o| o.tatweel = false)), "العـربية");
        assert_eq!(norm("أحمد إلى آمال ٱلله"), "احمد الي امال الله");
        assert_eq!(normalize_str("أحمد", &with(|o| o.alef = false)), "أحمد");
        assert_eq!(normalize_str("على", &with(|o| o.alef_maqsura = false)), "على");
        assert_eq!(norm("مدرسة"), "مدرسة");
        assert_eq!(normalize_str("مدرسة", &with(|o| o.teh_marbuta = true)), "مدرسه");
        assert_eq!(norm("مسؤول قائد"), "مسؤول قائد");
        assert_eq!(normalize_str("مسؤول قائد", &with(|o| o.hamza_seats = true)), "مسوول قايد");
        assert_eq!(norm("ﻻ ﷲ"), "لا الله");
        assert_eq!(normalize_str("ﻻ", &with(|o| o.presentation_forms = false)), "ﻻ");
        assert_eq!(norm("کتاب فارسی"), "كتاب فارسي");
        assert_eq!(normalize_str("کتاب", &with(|o| o.persian_letters = false)), "کتاب");
        assert_eq!(norm("٢٠٢٣"), "٢٠٢٣");
        assert_eq!(normalize_str("٣٫٥ ۱۲", &with(|o| o.digits = true)), "3.5 12");
        assert_eq!(norm("كتا\u{200F}ب\u{200B}"), "كتاب");
        assert_eq!(normalize_str("ا\u{200B}ب", &with(|o| o.invisible = false)), "ا\u{200B}ب");
        assert_eq!(norm("  ا \t ب\n\n ج  "), "ا ب\nج");
        assert_eq!(normalize_str("ا  ب", &with(|o| o.whitespace = false)), "ا  ب");
    }

    #[test]
    fn diacritics_inside_and_at_the_end_stay_in_the_word_span() {
        let text = "قالَ مُحَمَّدٌ";
        let (n, map) = normalize_with_map(text, &NormalizeOptions::default());
        assert_eq!(n, "قال محمد");
        let second = n.find("محمد").expect("word");
        assert_eq!(original_of(text, &map, second..n.len()), "مُحَمَّدٌ");
        assert_eq!(original_of(text, &map, 0..second - 1), "قالَ");
        // A prefix of the word ends after the marks of its last letter.
        assert_eq!(original_of(text, &map, second..second + 2), "مُ");
    }

    #[test]
    fn ligatures_map_to_their_one_original_character() {
        let text = "قال ﷲ ﻻ";
        let (n, map) = normalize_with_map(text, &NormalizeOptions::default());
        assert_eq!(n, "قال الله لا");
        let allah = n.find("الله").expect("word");
        assert_eq!(map.to_original(allah..allah + "الله".len()), Span::new(4, 5));
        // Part of a ligature maps to the whole ligature.
        assert_eq!(map.to_original(allah..allah + 2), Span::new(4, 5));
        let la = n.rfind("لا").expect("word");
        assert_eq!(original_of(text, &map, la..n.len()), "ﻻ");
    }

    #[test]
    fn collapsed_leading_and_trailing_whitespace() {
        let text = "  \u{200F}ا \t\u{A0} ب  \n";
        let (n, map) = normalize_with_map(text, &NormalizeOptions::default());
        assert_eq!(n, "ا ب");
        assert_eq!(map.to_original(0..2), Span::new(3, 4));
        // The collapsed space maps to the first character of its run.
        assert_eq!(map.to_original(2..3), Span::new(4, 5));
        assert_eq!(map.to_original(3..5), Span::new(8, 9));
        // Past the end: an empty span at the end of the original.
        assert_eq!(map.to_original(5..5), Span::new(12, 12));
    }

    #[test]
    fn orphan_marks_belong_to_the_next_letter_and_a_lone_tatweel_is_kept() {
        let text = "ًكتاب ـ11";
        let (n, map) = normalize_with_map(text, &NormalizeOptions::default());
        assert_eq!(n, "كتاب ـ11");
        assert_eq!(map.to_original(0..2), Span::new(0, 2));
        let dash = n.find('ـ').expect("tatweel");
        assert_eq!(original_of(text, &map, dash..n.len()), "ـ11");
    }
}
