//! The hash table of the word-frequency lexicon, as bytes.
//!
//! The table used to be built from `wordfreq.bin` at every start (185 000 entries: a third of the
//! start-up time of `khabar analyze`). It is now built once by `build.rs`, which includes this
//! file with `#[path]`, and embedded next to the word list; lookups read it in place. The same
//! code builds it at run time for a lexicon that is not the embedded one and in the test that
//! checks the embedded table. So this file depends on nothing but `std`.
//!
//! Layout (all integers little-endian u32): [`TABLE_MAGIC`], the number of entries, the number
//! of slots (a power of two, about 70% full), the decoded count of each of the 256 quantized
//! values, then per slot two words: `fingerprint << 8 | quantized count` (0 = empty slot) and the
//! byte offset in the word list of the entry's letters (its length and quantized count are the
//! two bytes before them). A 24-bit fingerprint of the key's hash on top of the slot position is
//! trusted for counting without comparing letters: a false match is about 1 in 10⁷ probes of an
//! absent key, harmless for a frequency heuristic.

/// First line of the word-list file.
pub const MAGIC: &[u8] = b"khabar-wordfreq-1\n";

/// First bytes of a table.
pub const TABLE_MAGIC: &[u8; 8] = b"kwfslot1";

/// Bytes before the slots: magic, entries, slots, 256 counts.
pub const HEADER_LEN: usize = 8 + 4 + 4 + 256 * 4;

/// Codes of ا and ي.
pub const ALEF: u8 = 0x07;
pub const YEH: u8 = 0x2A;

/// Folds a code the way the default normalizer folds letters: أ إ آ → ا, ى → ي.
#[inline]
pub const fn fold(c: u8) -> u8 {
    match c {
        // آ أ إ
        0x02 | 0x03 | 0x05 => ALEF,
        // ى
        0x29 => YEH,
        _ => c,
    }
}

/// FNV-1a over folded codes: keys are short, and this needs no dependency.
#[inline]
pub fn hash(key: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The 24-bit, never-zero fingerprint of a hash (its high bits; the slot uses the low ones).
#[inline]
pub fn fingerprint(h: u64) -> u32 {
    ((h >> 40) as u32).max(1)
}

/// The corpus count a quantized byte stands for.
pub fn decode_count(q: u8) -> u32 {
    if q == 0 { 1 } else { (2f64.powf(q as f64 / 8.0)).round().min(u32::MAX as f64) as u32 }
}

/// The quantized byte of a corpus count: `round(8·log2(count))`.
pub fn encode_count(count: u64) -> u8 {
    ((count.max(1) as f64).log2() * 8.0).round().min(255.0) as u8
}

/// Builds the table of a word-list file. A file without the magic line gives an empty table; a
/// malformed tail is ignored (a truncated file must not panic).
pub fn build_table(data: &[u8]) -> Vec<u8> {
    // (offset of the letters, fold-hash, quantized count) per entry, in file order.
    let mut entries: Vec<(u32, u64, u8)> = Vec::new();
    if data.starts_with(MAGIC) {
        let mut i = MAGIC.len();
        let mut key = Vec::new();
        while i + 2 <= data.len() {
            let len = data[i] as usize;
            let q = data[i + 1];
            let d = i + 2;
            if len == 0 || d + len > data.len() {
                break;
            }
            key.clear();
            key.extend(data[d..d + len].iter().map(|&c| fold(c)));
            entries.push((d as u32, hash(&key), q));
            i = d + len;
        }
    }
    let cap = (entries.len() * 10 / 7 + 1).next_power_of_two().max(2);
    let mask = cap - 1;
    let mut slots = vec![(0u32, 0u32); cap];
    for &(d, h, q) in &entries {
        let mut s = h as usize & mask;
        while slots[s].0 != 0 {
            s = (s + 1) & mask;
        }
        // The count goes through its decoded value, as the tables of earlier versions did.
        slots[s] = (fingerprint(h) << 8 | encode_count(decode_count(q) as u64) as u32, d);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + cap * 8);
    out.extend_from_slice(TABLE_MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(cap as u32).to_le_bytes());
    for q in 0..=255u8 {
        out.extend_from_slice(&decode_count(q).to_le_bytes());
    }
    for (a, b) in slots {
        out.extend_from_slice(&a.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
    out
}
