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

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::sync::LazyLock;

use crate::text::normalize::{NormalizeOptions, normalize_str};

/// The embedded lexicon.
static EMBEDDED: &[u8] = include_bytes!("../resources/wordfreq.bin");

const MAGIC: &[u8] = b"khabar-wordfreq-1\n";

/// Longest word form (in letters) the lexicon stores; longer runs are not words.
pub const MAX_LETTERS: usize = 24;

/// The one-byte code of an Arabic letter (U+0621–U+064A → 1–42), or `None` for any other
/// character. Codes keep hamza seats and alef maqsura distinct; [`fold`] merges them.
#[inline]
pub fn code(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x0621..=0x064A).contains(&u) && !(0x063B..=0x0640).contains(&u) {
        Some((u - 0x0620) as u8)
    } else {
        None
    }
}

/// The letter of a code.
#[inline]
pub fn letter(code: u8) -> char {
    char::from_u32(0x0620 + code as u32).unwrap_or('\u{FFFD}')
}

/// Codes of ا and ي.
const ALEF: u8 = 0x07;
const YEH: u8 = 0x2A;

/// Folds a code the way the default normalizer folds letters: أ إ آ → ا, ى → ي.
#[inline]
pub fn fold(c: u8) -> u8 {
    match c {
        // آ أ إ
        0x02 | 0x03 | 0x05 => ALEF,
        // ى
        0x29 => YEH,
        _ => c,
    }
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

/// The lexicon: an open-addressing hash table over the embedded bytes.
pub struct Lexicon {
    data: &'static [u8],
    /// Folded keys of all entries, back to back.
    keys: Vec<u8>,
    /// Per entry: (key offset, length, count, display offset in `data`).
    entries: Vec<(u32, u8, u32, u32)>,
    /// Per slot: a 24-bit fingerprint of the key's hash (never 0) << 8 | its quantized count;
    /// 0 for an empty slot. Length is a power of two, about 70% full: 1 MB, so counting — the
    /// hot path — touches one small array. A fingerprint match on top of the slot position is
    /// trusted without checking the key bytes: a false match is about 1 in 10⁷ probes of an
    /// absent key, harmless for a frequency heuristic.
    slots: Vec<u32>,
    /// Per slot: the entry index (for [`Lexicon::get_codes`], which checks the key bytes).
    slot_entry: Vec<u32>,
    /// Decoded counts of the 256 quantized values.
    counts: Vec<u32>,
}

/// The shared lexicon, parsed once on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(EMBEDDED));

#[inline]
fn hash(key: &[u8]) -> u64 {
    // FNV-1a: keys are short, and this needs no dependency.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The 24-bit, never-zero fingerprint of a hash (its high bits; the slot uses the low ones).
#[inline]
fn fingerprint(h: u64) -> u32 {
    ((h >> 40) as u32).max(1)
}

fn decode_count(q: u8) -> u32 {
    if q == 0 { 1 } else { (2f64.powf(q as f64 / 8.0)).round().min(u32::MAX as f64) as u32 }
}

fn encode_count(count: u64) -> u8 {
    ((count.max(1) as f64).log2() * 8.0).round().min(255.0) as u8
}

impl Lexicon {
    /// Parses a lexicon file; a malformed tail is ignored (the embedded file is trusted, but a
    /// truncated one must not panic).
    pub fn parse(data: &'static [u8]) -> Lexicon {
        let counts = (0..=255u8).map(decode_count).collect();
        let mut lex = Lexicon {
            data,
            keys: Vec::new(),
            entries: Vec::new(),
            slots: vec![0; 1],
            slot_entry: vec![0; 1],
            counts,
        };
        let Some(mut i) = data.starts_with(MAGIC).then_some(MAGIC.len()) else {
            return lex;
        };
        lex.keys.reserve(data.len());
        while i + 2 <= data.len() {
            let len = data[i] as usize;
            let q = data[i + 1];
            let d = i + 2;
            if len == 0 || d + len > data.len() {
                break;
            }
            let off = lex.keys.len() as u32;
            lex.keys.extend(data[d..d + len].iter().map(|&c| fold(c)));
            lex.entries.push((off, len as u8, decode_count(q), d as u32));
            i = d + len;
        }
        let cap = (lex.entries.len() * 10 / 7 + 1).next_power_of_two().max(2);
        lex.slots = vec![0; cap];
        lex.slot_entry = vec![0; cap];
        let mask = cap - 1;
        for idx in 0..lex.entries.len() {
            let (off, len, count, _) = lex.entries[idx];
            let h = hash(&lex.keys[off as usize..off as usize + len as usize]);
            let mut s = h as usize & mask;
            while lex.slots[s] != 0 {
                s = (s + 1) & mask;
            }
            lex.slots[s] = fingerprint(h) << 8 | encode_count(count as u64) as u32;
            lex.slot_entry[s] = idx as u32;
        }
        lex
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Looks up folded letter codes.
    #[inline]
    pub fn get_codes(&self, key: &[u8]) -> Option<Entry<'_>> {
        let mask = self.slots.len() - 1;
        let h = hash(key);
        let fp = fingerprint(h);
        let mut s = h as usize & mask;
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                return None;
            }
            if slot >> 8 == fp {
                let (off, len, count, d) = self.entries[self.slot_entry[s] as usize];
                if len as usize == key.len() && &self.keys[off as usize..off as usize + len as usize] == key {
                    let d = d as usize;
                    return Some(Entry { count, display: &self.data[d..d + len as usize] });
                }
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

    /// Corpus count of folded letter codes, 0 if unseen (fingerprint match only; see `slots`).
    #[inline]
    pub fn count_codes(&self, key: &[u8]) -> u32 {
        let mask = self.slots.len() - 1;
        let h = hash(key);
        let fp = fingerprint(h);
        let mut s = h as usize & mask;
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                return 0;
            }
            if slot >> 8 == fp {
                return self.counts[(slot & 0xFF) as usize];
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
