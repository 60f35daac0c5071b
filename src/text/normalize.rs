//! Arabic normalization as one table-driven pass over characters, in the manner of Lucene's
//! `ArabicNormalizer`: each rule is a named option, each character gets one action, and the pass
//! records where every normalized character came from so that spans map back to the original.

use std::ops::Range;
use std::sync::LazyLock;

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
/// Every normalized character belongs to one *unit*: the original characters it came from. A
/// unit is one original character, or several when marks removed by normalization are written on
/// it (diacritics, tatweel: a word span includes its final harakat) or stood before it with no
/// letter to carry them; a ligature's decomposition is one unit for all the letters it yields.
/// Removed invisible marks and collapsed whitespace belong to no unit.
///
/// Units are stored run-length: a [`Run`] covers up to 64 normalized bytes whose units map to
/// consecutive original characters, with a bit per byte marking where each unit starts. News
/// text is nearly all such runs, so the map costs about half a byte per byte of text, is built
/// a word at a time from the normalized bytes, and a lookup is a binary search plus a popcount.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    /// For each 64-byte block of the normalized text, the run its first byte is in: a lookup
    /// starts there instead of searching (tokens look up two bytes each).
    blocks: Vec<u32>,
    /// Bytes of normalized text covered.
    len: u32,
    /// Number of characters of the original text.
    original_chars: u32,
}

/// Normalized bytes `norm..` (up to the next run) whose units map to original characters
/// `orig, orig + 1, ...`; the last unit ends at `end` (later than its start + 1 when removed
/// marks follow it). Bit `j` of `mask` is set when byte `norm + j` starts a unit; a unit may run
/// past the 64th byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Run {
    norm: u32,
    orig: u32,
    end: u32,
    mask: u64,
}

/// A run takes units starting in its first this many bytes (the width of [`Run::mask`]).
const RUN_BYTES: u32 = 64;
/// Bytes of normalized text per entry of [`OffsetMap::blocks`].
const BLOCK_BYTES: usize = 64;

impl Run {
    fn units(&self) -> u32 {
        self.mask.count_ones()
    }

    /// Whether a unit mapped to `orig` can start at byte offset `off` of this run: the run has
    /// room and the unit continues the run's sequence of original characters.
    fn continues(&self, off: u32, orig: u32) -> bool {
        let units = self.units();
        off < RUN_BYTES && self.end == self.orig + units && orig == self.orig + units
    }
}

/// Bit `j` set when `bytes[j]` starts a UTF-8 character (`bytes.len() <= 64`).
fn char_starts(bytes: &[u8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut mask = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut shift = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear.
        let continuation = w & !(w << 1) & HIGH;
        let starts = !continuation & HIGH;
        // Gather the eight bit-7s into one byte (bit j from byte j).
        let packed = ((starts >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= packed << shift;
        shift += 8;
    }
    for (j, &b) in chunks.remainder().iter().enumerate() {
        mask |= u64::from(b & 0xC0 != 0x80) << (shift + j);
    }
    mask
}

impl OffsetMap {
    /// The original span covered by a byte range of the normalized text. An empty range maps to
    /// an empty span at the corresponding original position.
    pub fn to_original(&self, norm: Range<usize>) -> Span {
        let len = self.len as usize;
        if norm.start >= len {
            let n = self.original_chars as usize;
            return Span::new(n, n);
        }
        let (start, _) = self.unit_at(norm.start);
        if norm.end <= norm.start {
            return Span::new(start as usize, start as usize);
        }
        let (_, end) = self.unit_at((norm.end - 1).min(len - 1));
        Span::new(start as usize, end as usize)
    }

    /// Number of characters of the original text.
    pub fn original_chars(&self) -> usize {
        self.original_chars as usize
    }

    /// The original span of the unit normalized byte `b` (< `len`) belongs to.
    fn unit_at(&self, b: usize) -> (u32, u32) {
        let mut r = match self.blocks.get(b / BLOCK_BYTES) {
            Some(&r) => r as usize,
            // Not indexed (never the case once built): search.
            None => self.runs.partition_point(|r| r.norm as usize <= b).saturating_sub(1),
        };
        while self.runs.get(r + 1).is_some_and(|next| next.norm as usize <= b) {
            r += 1;
        }
        let Some(run) = self.runs.get(r) else { return (0, 0) };
        let off = b - run.norm as usize;
        let (below, after) =
            if off >= 63 { (run.mask, 0) } else { (run.mask & ((2u64 << off) - 1), run.mask >> off >> 1) };
        let start = run.orig + below.count_ones().saturating_sub(1);
        // The run's last unit (no unit starts after this byte) ends where the run does.
        let end = if after == 0 { run.end } else { start + 1 };
        (start, end)
    }

    /// Appends one unit of `bytes` normalized bytes mapped to original characters `start..end`.
    #[inline]
    fn push(&mut self, bytes: usize, start: u32, end: u32) {
        if bytes == 0 {
            return;
        }
        let len = self.len;
        match self.runs.last_mut() {
            Some(r) if r.continues(len - r.norm, start) => {
                r.mask |= 1 << (len - r.norm);
                r.end = end;
            }
            _ => self.runs.push(Run { norm: len, orig: start, end, mask: 1 }),
        }
        self.len += bytes as u32;
    }

    /// Appends normalized text in which every character is a unit of its own, mapped to
    /// consecutive original characters from `orig` (what the normalizer's fast path copies or
    /// replaces letter for letter). Returns the number of characters.
    fn push_linear(&mut self, bytes: &[u8], orig: u32) -> u32 {
        let first = orig;
        let mut orig = orig;
        let mut pos = 0;
        while pos < bytes.len() {
            let len = self.len;
            let off = match self.runs.last() {
                Some(r) if r.continues(len - r.norm, orig) => len - r.norm,
                _ => {
                    self.runs.push(Run { norm: len, orig, end: orig, mask: 0 });
                    0
                }
            };
            let mut take = ((RUN_BYTES - off) as usize).min(bytes.len() - pos);
            let starts = char_starts(&bytes[pos..pos + take]);
            // The last character's continuation bytes stay in this run.
            while pos + take < bytes.len() && bytes[pos + take] & 0xC0 == 0x80 {
                take += 1;
            }
            if let Some(r) = self.runs.last_mut() {
                r.mask |= starts << off;
                r.end = r.orig + r.units();
            }
            orig += starts.count_ones();
            self.len += take as u32;
            pos += take;
        }
        orig - first
    }

    /// Extends the last unit to end at `end` (a removed mark written on it).
    fn extend_last(&mut self, end: u32) {
        if let Some(r) = self.runs.last_mut() {
            r.end = end;
        }
    }

    /// Builds [`OffsetMap::blocks`] once the runs are complete.
    fn index(&mut self) {
        self.blocks.clear();
        let mut r = 0;
        for block in 0..(self.len as usize).div_ceil(BLOCK_BYTES) {
            let b = block * BLOCK_BYTES;
            while self.runs.get(r + 1).is_some_and(|next| next.norm as usize <= b) {
                r += 1;
            }
            self.blocks.push(r as u32);
        }
    }

    fn clear(&mut self) {
        self.runs.clear();
        self.blocks.clear();
        self.len = 0;
        self.original_chars = 0;
    }

    /// The map's span of every normalized byte (tests compare maps built different ways).
    #[cfg(test)]
    fn per_byte(&self) -> Vec<(u32, u32)> {
        (0..self.len as usize).map(|b| self.unit_at(b)).collect()
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

/// For each code point of U+0600–U+06FF: itself if `o` keeps it, its replacement if `o` maps it
/// to another character of the block (أ → ا), 0 if it needs the general path (marks, spaces,
/// digits to ASCII, invisible marks).
fn arabic_table(o: &NormalizeOptions) -> [u16; 256] {
    let mut table = [0u16; 256];
    for (k, slot) in table.iter_mut().enumerate() {
        let cp = 0x0600 + k as u32;
        let Some(c) = char::from_u32(cp) else { continue };
        *slot = match action(c, o) {
            Action::Keep => cp as u16,
            Action::Replace(r) if (0x0600..=0x06FF).contains(&(r as u32)) => r as u16,
            _ => 0,
        };
    }
    table
}

/// What the fast path needs to know under one set of options: the U+0600–U+06FF table and a
/// class per byte value for checking eight bytes at a time ([`fast_run`]).
struct FastTables {
    arabic: [u16; 256],
    flags: [u8; 256],
}

// Byte classes of `FastTables::flags`. A byte is fine in a block unless it is BAD, a trail
// byte BAD after the lead byte before it (D8 or D9), or a second space in a row; REP marks a
// trail byte whose letter the table replaces.
const BAD: u8 = 0x01;
const BAD_D8: u8 = 0x02;
const BAD_D9: u8 = 0x04;
const REP_D8: u8 = 0x08;
const REP_D9: u8 = 0x10;
const IS_D8: u8 = 0x20;
const IS_D9: u8 = 0x40;
const SPACE: u8 = 0x80;

impl FastTables {
    fn new(options: &NormalizeOptions) -> FastTables {
        let arabic = arabic_table(options);
        let mut flags = [0u8; 256];
        for (b, f) in flags.iter_mut().enumerate() {
            *f = match b {
                0x20 => SPACE,
                0x21..=0x7E => 0,
                0x80..=0xBF => {
                    let mut x = 0;
                    for (lead, bad, rep) in [(0xD8usize, BAD_D8, REP_D8), (0xD9, BAD_D9, REP_D9)] {
                        let slot = ((lead & 0x03) << 6) | (b & 0x3F);
                        match arabic[slot] as usize {
                            0 => x |= bad,
                            to if to != 0x0600 + slot => x |= rep,
                            _ => {}
                        }
                    }
                    x
                }
                0xD8 => IS_D8,
                0xD9 => IS_D9,
                _ => BAD,
            };
        }
        FastTables { arabic, flags }
    }
}

static DEFAULT_TABLES: LazyLock<FastTables> = LazyLock::new(|| FastTables::new(&NormalizeOptions::default()));

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

/// Whether every part of the presentation form `c` is removed under `options`.
fn decomposes_to_nothing(c: char, options: &NormalizeOptions) -> bool {
    let mut empty = true;
    unicode_normalization::char::decompose_compatible(c, |d| {
        let removed = (is_diacritic(d) && options.diacritics)
            || matches!(action(d, options), Action::DropMark | Action::DropInvisible | Action::Whitespace);
        empty &= removed;
    });
    empty
}

/// The table slot of the U+0600–U+06FF character at byte `i` (two bytes, lead `D8`–`DB`).
#[inline]
fn arabic_slot(bytes: &[u8], i: usize) -> Option<usize> {
    let (&b, &c) = (bytes.get(i)?, bytes.get(i + 1)?);
    (b & 0xFC == 0xD8).then_some(((b as usize & 0x03) << 6) | (c as usize & 0x3F))
}

/// Whether the space at `i` is one space between words (no whitespace after it): what the
/// whitespace collapse would write anyway, so the fast path copies it without its bookkeeping.
/// The next character must be one the fast path itself writes (printable ASCII, or a letter the
/// table keeps or replaces): before an invisible mark, more whitespace may follow it, and the
/// general path would then collapse the whole run (or drop it at the end of the text).
#[inline]
fn space_between_words(bytes: &[u8], i: usize, arabic: &[u16; 256]) -> bool {
    match bytes.get(i + 1) {
        Some(&n) if (0x21..=0x7E).contains(&n) => true,
        Some(&n) if n == 0xD8 || n == 0xD9 => arabic_slot(bytes, i + 1).is_some_and(|slot| arabic[slot] != 0),
        _ => false,
    }
}

/// The fast path: from `i`, copies to `out` the run of characters that need no rule beyond
/// replacing a letter by another of the same width (printable ASCII, letters of U+0600–U+06FF the
/// table keeps or replaces, and single spaces between words, not leading), and returns where the
/// run ends. Every character of the run maps to one original character, in order.
///
/// News text is nearly all such runs, so this is the normalizer's inner loop. It checks eight
/// bytes at a time through the byte classes of [`FastTables::flags`] with no branch per
/// character, and goes character by character only through a block that holds something else.
fn fast_run(text: &str, mut i: usize, out: &mut String, tables: &FastTables) -> usize {
    let bytes = text.as_bytes();
    let arabic = &tables.arabic;
    let first = i;
    let mut run = i;
    let each = |x: u8| u64::from_le_bytes([x; 8]);
    let (bad_any, bad_after, rep_after, spaces) =
        (each(BAD), each(BAD_D8 | BAD_D9), each(REP_D8 | REP_D9), each(SPACE));
    'run: loop {
        // A leading space is the whitespace rule's (it is dropped): not for a block.
        if !(i == first && out.is_empty() && bytes.get(i) == Some(&b' ')) {
            while let Some(block) = bytes.get(i..i + 8) {
                let mut classes = [0u8; 8];
                for (c, &b) in classes.iter_mut().zip(block) {
                    *c = tables.flags[b as usize];
                }
                let f = u64::from_le_bytes(classes);
                // Each byte's class beside the previous byte's (the first byte of a block starts
                // a character: nothing before it matters).
                let prev = f << 8;
                if (f & bad_any) | (f & (prev >> 4) & bad_after) | (f & prev & spaces) != 0 {
                    break;
                }
                // A last byte that is a lead byte or a space is judged with its next byte, in the
                // next block.
                let step = if block[7] == b' ' || block[7] & 0xFE == 0xD8 { 7 } else { 8 };
                let mut replace = f & (prev >> 2) & rep_after & (u64::MAX >> (8 * (8 - step)));
                while replace != 0 {
                    let trail = i + (replace.trailing_zeros() / 8) as usize;
                    replace &= replace - 1;
                    let slot = ((bytes[trail - 1] as usize & 0x03) << 6) | (bytes[trail] as usize & 0x3F);
                    out.push_str(&text[run..trail - 1]);
                    out.push(char::from_u32(arabic[slot] as u32).unwrap_or('\u{FFFD}'));
                    run = trail + 1;
                }
                i += step;
            }
        }
        // Character by character through the block that stopped.
        let end = i + 8;
        while i < end {
            let Some(&b) = bytes.get(i) else { break 'run };
            if (0x21..=0x7E).contains(&b) {
                i += 1;
                continue;
            }
            if b == b' ' && (i > first || !out.is_empty()) && space_between_words(bytes, i, arabic) {
                i += 1;
                continue;
            }
            let Some(slot) = arabic_slot(bytes, i) else { break 'run };
            let to = arabic[slot];
            if to == 0 {
                break 'run;
            }
            if to as usize != 0x0600 + slot {
                out.push_str(&text[run..i]);
                out.push(char::from_u32(to as u32).unwrap_or('\u{FFFD}'));
                run = i + 2;
            }
            i += 2;
        }
    }
    out.push_str(&text[run..i]);
    i
}

/// Normalizes `text` and returns the normalized string with its [`OffsetMap`].
pub fn normalize_with_map(text: &str, options: &NormalizeOptions) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    normalize_impl(text, options, true, &mut out, &mut map);
    (out, map)
}

/// [`normalize_with_map`] into buffers the caller reuses (both are cleared first): a stream of
/// lines or records then allocates nothing per line.
pub fn normalize_into(text: &str, options: &NormalizeOptions, out: &mut String, map: &mut OffsetMap) {
    out.clear();
    map.clear();
    normalize_impl(text, options, true, out, map);
}

/// The normalizer; `fast` enables the run fast path (tests check it changes nothing).
fn normalize_impl(text: &str, options: &NormalizeOptions, fast: bool, out: &mut String, map: &mut OffsetMap) {
    map.runs.reserve(text.len() / 48 + 1);
    // Pending whitespace run: (original start index, holds a line break).
    let mut pending_space: Option<(u32, bool)> = None;
    // Start of marks that came with no letter before them (text start or after whitespace):
    // they belong to the next kept character.
    let mut orphan: Option<u32> = None;
    // The orphan marks themselves: kept as characters if no letter follows before whitespace.
    let mut orphan_chars: Vec<(char, u32)> = Vec::new();
    let mut idx: u32 = 0;
    let bytes = text.as_bytes();
    let local_tables;
    let tables: &FastTables = if *options == NormalizeOptions::default() {
        &DEFAULT_TABLES
    } else {
        local_tables = FastTables::new(options);
        &local_tables
    };
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of characters no rule touches (printable ASCII, Arabic letters
        // without variants) while no whitespace or orphan mark is pending, copied in one go.
        if fast && pending_space.is_none() && orphan.is_none() {
            let out_start = out.len();
            let end = fast_run(text, i, out, tables);
            if end > i {
                i = end;
                idx += map.push_linear(&out.as_bytes()[out_start..], idx);
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        let mut act = action(c, options);
        if matches!(act, Action::Decompose) && decomposes_to_nothing(c, options) {
            // The isolated form of a haraka (U+FE70–U+FE7F) decomposes to a space and the mark;
            // with both removed it is a removed mark like the haraka itself, and must not flush
            // pending whitespace (normalizing twice would then differ; found by fuzzing).
            act = Action::DropMark;
        }
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
                orphan_chars.push((c, idx));
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
            keep_orphans(out, map, &mut orphan, &mut orphan_chars);
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
                        orphan_chars.push((c, idx));
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
        keep_orphans(out, map, &mut orphan, &mut orphan_chars);
    }
    map.original_chars = idx;
    map.index();
}

/// Writes pending orphan marks out as characters, each mapped to itself.
fn keep_orphans(
    out: &mut String,
    map: &mut OffsetMap,
    orphan: &mut Option<u32>,
    chars: &mut Vec<(char, u32)>,
) {
    if orphan.take().is_some() {
        for &(c, i) in chars.iter() {
            out.push(c);
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
        // A space before an invisible mark and more whitespace is part of that run (the fast
        // path once copied it eagerly, leaving a trailing space; found by the idempotency test).
        for text in ["ف \u{61C} ", "ف \u{61C}\u{85}", "ف \u{200B}\t ب"] {
            let once = normalize_str(text, &NormalizeOptions::default());
            assert_eq!(normalize_str(&once, &NormalizeOptions::default()), once, "{text:?}");
            assert!(!once.ends_with(' '), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_changes_nothing(
            text in "[ اأإآىةؤئبتثكلمنهوي،؟\u{064B}-\u{0652}\u{0640}\u{06CC}\u{06A9}\u{0660}-\u{0669}a-z0-9.\n\u{A0}\u{200F}\u{FEFB}]{0,40}",
            diacritics: bool, alef: bool, maqsura: bool, teh: bool, digits: bool, ws: bool,
        ) {
            let o = NormalizeOptions {
                diacritics, alef, alef_maqsura: maqsura, teh_marbuta: teh, digits, whitespace: ws,
                ..NormalizeOptions::default()
            };
            let (mut a, mut ma) = (String::new(), OffsetMap::default());
            let (mut b, mut mb) = (String::new(), OffsetMap::default());
            normalize_impl(&text, &o, true, &mut a, &mut ma);
            normalize_impl(&text, &o, false, &mut b, &mut mb);
            proptest::prop_assert_eq!(&a, &b);
            proptest::prop_assert_eq!(ma.per_byte(), mb.per_byte());
            proptest::prop_assert_eq!(ma.original_chars, mb.original_chars);
        }
    }

    #[test]
    fn char_starts_marks_the_first_byte_of_each_character() {
        let s = "ab ببب cd 😀 ت";
        let expected = s.char_indices().fold(0u64, |m, (i, _)| m | 1 << i);
        assert_eq!(char_starts(s.as_bytes()), expected);
        assert_eq!(char_starts(&s.as_bytes()[..9]), expected & 0x1FF);
    }

    #[test]
    fn long_unchanged_text_maps_each_character_to_itself() {
        // Many runs, characters of one to four bytes cut at run boundaries.
        let text: String =
            (0..400).map(|i| ["ب", "a", " ", "😀", "كتاب", "€"][i % 6]).collect::<Vec<_>>().join("");
        let (n, map) =
            normalize_with_map(&text, &NormalizeOptions { whitespace: false, ..Default::default() });
        assert_eq!(n, text);
        for (k, (i, c)) in n.char_indices().enumerate() {
            assert_eq!(map.to_original(i..i + c.len_utf8()), Span::new(k, k + 1), "char {k}");
            assert_eq!(map.to_original(i + c.len_utf8() - 1..i + c.len_utf8()), Span::new(k, k + 1));
        }
        let chars = text.chars().count();
        assert_eq!(map.to_original(0..n.len()), Span::new(0, chars));
        assert!(map.runs.len() >= n.len() / 64, "runs of at most 64 bytes");
    }

    #[test]
    fn marks_after_a_long_run_extend_its_last_letter() {
        let word = "كتب".repeat(30);
        let text = format!("{word}َُ {word}");
        let (n, map) = normalize_with_map(&text, &NormalizeOptions::default());
        assert_eq!(n, format!("{word} {word}"));
        let first = word.chars().count();
        assert_eq!(map.to_original(0..word.len()), Span::new(0, first + 2));
        assert_eq!(map.to_original(word.len() - 2..word.len()), Span::new(first - 1, first + 2));
        assert_eq!(map.to_original(word.len()..word.len() + 1), Span::new(first + 2, first + 3));
        assert_eq!(map.to_original(word.len() + 1..n.len()), Span::new(first + 3, 2 * first + 3));
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
