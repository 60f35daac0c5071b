//! A compact word-frequency lexicon of written Arabic word forms, learned from unlabeled text.
//!
//! Clitic segmentation needs one fact a rule cannot know: whether a letter sequence is a word
//! people write. وزير could be و + زير, but زير is rare and وزير is common; والحكومة is rarer than
//! الحكومة, so its و is a conjunction. The lexicon answers "how often is this form written as a
//! whole word" for ~10⁵ forms and, for forms starting with a bare alef, which hamza spelling
//! writers use (انه → أنه), so CoNLL output can restore word forms the way treebanks do.
//!
//! Storage is one embedded binary file (`src/resources/wordfreq.bin`, built by [`build`] from
//! Arabic Wikipedia, the ANT news corpus and ANERcorp; licence notes in
//! `src/resources/README.md`):
//! a magic line, then for each entry one byte of length, one byte of quantized count
//! (`round(8·log2(count))`), and the letters in a one-byte code ([`code`]). Letters keep their
//! hamza seat and alef maqsura (the *display* spelling); the lookup key folds them like the
//! default normalizer does, so any normalization options find the same entry.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use crate::text::normalize::{NormalizeOptions, normalize_str};
pub use table::fold;
use table::{HEADER_LEN, MAGIC, encode_count, fingerprint, hash};

/// The table format and its builder (shared with `build.rs`, hence a file of its own).
#[path = "wordfreq_table.rs"]
pub mod table;

/// The embedded lexicon.
static EMBEDDED: &[u8] = include_bytes!("../resources/wordfreq.bin");

/// Its hash table, built by `build.rs` from the same file (see [`table`]).
static EMBEDDED_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/wordfreq.table"));

/// Longest word form (in letters) the lexicon stores; longer runs are not words.
pub const MAX_LETTERS: usize = 24;

/// The one-byte code of an Arabic letter (U+0621–U+064A → 1–42), or `None` for any other
/// character. Codes keep hamza seats and alef maqsura distinct; [`fold`] merges them.
#[inline]
pub const fn code(c: char) -> Option<u8> {
    match c as u32 {
        u @ (0x0621..=0x063A | 0x0641..=0x064A) => Some((u - 0x0620) as u8),
        _ => None,
    }
}

/// The letter of a code.
#[inline]
pub fn letter(code: u8) -> char {
    char::from_u32(0x0620 + code as u32).unwrap_or('\u{FFFD}')
}

/// Encodes a word into folded codes in `buf`; `None` if it holds a non-letter or is too long.
#[inline]
pub fn encode<'b>(word: &str, buf: &'b mut [u8; MAX_LETTERS]) -> Option<&'b [u8]> {
    let mut n = 0;
    for c in word.chars() {
        if n == MAX_LETTERS {
            return None;
        }
        buf[n] = fold(code(c)?);
        n += 1;
    }
    Some(&buf[..n])
}

/// An entry found by [`Lexicon::get`].
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// Approximate corpus count (decoded from the quantized byte).
    pub count: u32,
    /// The most frequent spelling, in letter codes with hamza seats kept.
    pub display: &'a [u8],
}

/// The lexicon: an open-addressing hash table ([`table`]) over the word list, both read in
/// place. The embedded one costs nothing at start-up: its table was built at compile time and
/// the pages of both are only touched by the lookups that need them.
pub struct Lexicon {
    data: &'static [u8],
    table: Cow<'static, [u8]>,
}

/// The shared lexicon.
pub static LEXICON: Lexicon = Lexicon { data: EMBEDDED, table: Cow::Borrowed(EMBEDDED_TABLE) };

/// The little-endian u32 at byte `at` of `bytes`, 0 past the end (never for a valid table).
#[inline]
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

impl Lexicon {
    /// Builds the table of a lexicon file at run time; a malformed tail is ignored (a truncated
    /// file must not panic).
    pub fn parse(data: &'static [u8]) -> Lexicon {
        Lexicon { data, table: Cow::Owned(table::build_table(data)) }
    }

    /// The table's bytes (for the test that compares the compile-time and run-time builds).
    pub fn table_bytes(&self) -> &[u8] {
        &self.table
    }

    /// Slot count minus one (a table too short to hold slots reads them as empty).
    #[inline]
    fn slots_mask(&self) -> usize {
        (u32_at(&self.table, 12) as usize).max(1) - 1
    }

    /// Slot `s`: (fingerprint << 8 | quantized count, offset of the letters).
    #[inline]
    fn slot(&self, s: usize) -> (u32, u32) {
        let at = HEADER_LEN + s * 8;
        (u32_at(&self.table, at), u32_at(&self.table, at + 4))
    }

    #[inline]
    fn decoded(&self, q: u8) -> u32 {
        u32_at(&self.table, 16 + q as usize * 4)
    }

    pub fn len(&self) -> usize {
        u32_at(&self.table, 8) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Looks up folded letter codes.
    #[inline]
    pub fn get_codes(&self, key: &[u8]) -> Option<Entry<'_>> {
        let mask = self.slots_mask();
        let h = hash(key);
        let fp = fingerprint(h);
        let mut s = h as usize & mask;
        loop {
            let (tag, d) = self.slot(s);
            if tag == 0 {
                return None;
            }
            let d = d as usize;
            if tag >> 8 == fp
                && d >= 2
                && let Some(display) = self.data.get(d..d + key.len())
                && self.data[d - 2] as usize == key.len()
                && display.iter().zip(key).all(|(&c, &k)| fold(c) == k)
            {
                return Some(Entry { count: self.decoded(self.data[d - 1]), display });
            }
            s = (s + 1) & mask;
        }
    }

    /// Looks up a word (any spelling of its alefs and yeh).
    #[inline]
    pub fn get(&self, word: &str) -> Option<Entry<'_>> {
        let mut buf = [0u8; MAX_LETTERS];
        self.get_codes(encode(word, &mut buf)?)
    }

    /// Corpus count of a word, 0 if unseen.
    #[inline]
    pub fn count(&self, word: &str) -> u32 {
        self.get(word).map_or(0, |e| e.count)
    }

    /// Corpus count of folded letter codes, 0 if unseen (fingerprint match only; see [`table`]).
    #[inline]
    pub fn count_codes(&self, key: &[u8]) -> u32 {
        let mask = self.slots_mask();
        let h = hash(key);
        let fp = fingerprint(h);
        let mut s = h as usize & mask;
        loop {
            let (tag, _) = self.slot(s);
            if tag == 0 {
                return 0;
            }
            if tag >> 8 == fp {
                return self.decoded((tag & 0xFF) as u8);
            }
            s = (s + 1) & mask;
        }
    }
}

/// What [`build`] did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct BuildReport {
    pub input_bytes: u64,
    pub word_tokens: u64,
    pub distinct_forms: usize,
    pub entries: usize,
    pub output_bytes: usize,
}

/// Builds the lexicon file from plain-text or JSON-lines inputs (a `.jsonl` input contributes
/// the `text` field of each record) and writes it to `out`. Forms seen fewer than `min_count`
/// times are dropped. Deterministic: entries are sorted by folded key.
///
/// The shipped file was made with `khabar train wordfreq --min-count 2 --out
/// src/resources/wordfreq.bin <(zcat arwiki-2017.txt.gz) ant-articles.jsonl anercorp/train.txt`
/// (exact command and licences in `src/resources/README.md`).
pub fn build(inputs: &[&Path], min_count: u64, out: &mut impl Write) -> io::Result<BuildReport> {
    let options = NormalizeOptions { alef: false, alef_maqsura: false, ..NormalizeOptions::default() };
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut report = BuildReport::default();
    for path in inputs {
        let jsonl = path.extension().is_some_and(|e| e == "jsonl");
        let reader = BufReader::new(std::fs::File::open(path)?);
        for line in reader.split(b'\n') {
            let line = line?;
            report.input_bytes += line.len() as u64 + 1;
            let text = if jsonl {
                match serde_json::from_slice::<serde_json::Value>(&line) {
                    Ok(v) => v.get("text").and_then(|t| t.as_str()).unwrap_or_default().to_owned(),
                    Err(_) => continue,
                }
            } else {
                String::from_utf8_lossy(&line).into_owned()
            };
            count_words(&normalize_str(&text, &options), &mut counts, &mut report.word_tokens);
        }
    }
    report.distinct_forms = counts.len();
    // Fold spellings: the entry of a folded key carries its total count and its commonest spelling.
    let mut folded: HashMap<Vec<u8>, (u64, u64, Vec<u8>)> = HashMap::new();
    for (display, n) in counts {
        let key: Vec<u8> = display.iter().map(|&c| fold(c)).collect();
        let e = folded.entry(key).or_insert((0, 0, Vec::new()));
        e.0 += n;
        if n > e.1 || (n == e.1 && display < e.2) {
            e.1 = n;
            e.2 = display;
        }
    }
    let mut entries: Vec<(Vec<u8>, u64, Vec<u8>)> =
        folded.into_iter().filter(|(_, e)| e.0 >= min_count).map(|(k, (n, _, d))| (k, n, d)).collect();
    entries.sort();
    let mut bytes = MAGIC.to_vec();
    for (_, n, display) in &entries {
        bytes.push(display.len() as u8);
        bytes.push(encode_count(*n));
        bytes.extend_from_slice(display);
    }
    out.write_all(&bytes)?;
    report.entries = entries.len();
    report.output_bytes = bytes.len();
    Ok(report)
}

/// Counts the maximal runs of Arabic letters in `text` (diacritics already removed).
fn count_words(text: &str, counts: &mut HashMap<Vec<u8>, u64>, tokens: &mut u64) {
    let mut word: Vec<u8> = Vec::with_capacity(MAX_LETTERS);
    let mut bad = false;
    let mut flush = |word: &mut Vec<u8>, bad: &mut bool| {
        if !word.is_empty() && !*bad && word.len() <= MAX_LETTERS {
            *tokens += 1;
            if let Some(n) = counts.get_mut(word.as_slice()) {
                *n += 1;
            } else {
                counts.insert(word.clone(), 1);
            }
        }
        word.clear();
        *bad = false;
    };
    for c in text.chars() {
        match code(c) {
            Some(k) => word.push(k),
            // A word glued to another script or to a digit is not a clean word form.
            None if c.is_alphanumeric() => bad = true,
            None => flush(&mut word, &mut bad),
        }
    }
    flush(&mut word, &mut bad);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_time_table_is_the_run_time_build() {
        let runtime = Lexicon::parse(EMBEDDED);
        assert!(runtime.len() > 100_000);
        assert_eq!(LEXICON.len(), runtime.len());
        assert!(LEXICON.table_bytes() == runtime.table_bytes());
    }

    #[test]
    fn lookups_fold_spellings_and_miss_absent_forms() {
        assert!(LEXICON.count("الحكومة") > LEXICON.count("والحكومة"));
        assert_eq!(LEXICON.count("أنه"), LEXICON.count("انه"));
        let e = LEXICON.get("انه").expect("a common word");
        assert_eq!(e.display.len(), 3);
        assert!(LEXICON.get("ضضضظظظ").is_none());
        assert_eq!(LEXICON.count_codes(&[]), 0);
    }

    #[test]
    fn malformed_files_give_an_empty_lexicon() {
        for data in [&b""[..], b"not a lexicon", b"khabar-wordfreq-1\n\x05\x01ab"] {
            let lx = Lexicon::parse(data);
            assert!(lx.is_empty());
            assert!(lx.get("من").is_none());
            assert_eq!(lx.count("من"), 0);
        }
    }
}
