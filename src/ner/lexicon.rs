//! The word lexicon the tagger's features read: for each normalized word its distributional
//! clusters (three nested granularities learned from unlabeled text), a frequency bucket, and
//! gazetteer flags.
//!
//! It is stored as a flat little-endian table with a precomputed open-addressing hash index, so
//! that the copy embedded in the binary is used in place: loading costs a header check, not a
//! parse. Layout (all integers little-endian):
//!
//! ```text
//! magic "KHNERLX1" | n_entries u32 | n_slots u32 (power of two) | blob_len u32 | checksum u32
//! entries: n_entries × 16 bytes = blob_off u32, len u16, cluster[3] u16 each, flags u16, freq u8, 0 u8
//! slots:   n_slots × u32 = entry index + 1, or 0 when empty (linear probing from hash & mask)
//! blob:    the words' UTF-8 bytes
//! ```

use std::cell::RefCell;
use std::collections::BTreeMap;

use anyhow::{Result, bail};

use super::hash::{hash_str, mix};
use crate::memo::WordMemo;

const MAGIC: &[u8; 8] = b"KHNERLX1";
const HEADER: usize = 24;
const ENTRY: usize = 16;

/// No cluster: the word was too rare in the unlabeled text (or not in it at all).
pub const NO_CLUSTER: u16 = u16::MAX;

/// Gazetteer flags of a word (bits of [`WordInfo::flags`]).
pub mod flag {
    /// A token of a person's name (Wikidata names aligned with English).
    pub const NAME_TOKEN: u16 = 1 << 0;
    /// A token seen in many person names.
    pub const NAME_TOKEN_FREQ: u16 = 1 << 1;
    /// A whole one-word place name (country, city, region).
    pub const LOC_WORD: u16 = 1 << 2;
    /// The first word of a multi-word place name.
    pub const LOC_FIRST: u16 = 1 << 3;
    /// A later word of a multi-word place name.
    pub const LOC_REST: u16 = 1 << 4;
    /// A word of an organization name.
    pub const ORG_PART: u16 = 1 << 5;
    /// A nationality adjective (روسي، الصينية).
    pub const DEMONYM: u16 = 1 << 6;
    /// Mostly inside person names in WikiFANE.
    pub const FANE_PER: u16 = 1 << 7;
    /// Mostly inside place names in WikiFANE.
    pub const FANE_LOC: u16 = 1 << 8;
    /// Mostly inside organization names in WikiFANE.
    pub const FANE_ORG: u16 = 1 << 9;
    /// Often inside names of any kind in WikiFANE, but mostly outside them.
    pub const FANE_SOMETIMES: u16 = 1 << 10;
    /// Number of flag bits in use.
    pub const COUNT: u32 = 11;
}

/// What the lexicon knows about one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordInfo {
    /// Cluster ids, coarse to fine; [`NO_CLUSTER`] when unknown.
    pub clusters: [u16; 3],
    pub flags: u16,
    /// ⌊log2(count + 1)⌋ in the unlabeled text, 0 when unseen.
    pub freq: u8,
}

impl Default for WordInfo {
    fn default() -> Self {
        WordInfo { clusters: [NO_CLUSTER; 3], flags: 0, freq: 0 }
    }
}

/// A lexicon over borrowed bytes (the embedded table or a file read into memory).
#[derive(Clone, Copy, Debug)]
pub struct Lexicon<'a> {
    entries: &'a [u8],
    slots: &'a [u8],
    blob: &'a [u8],
    mask: usize,
    n_entries: usize,
    checksum: u32,
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

impl<'a> Lexicon<'a> {
    /// Checks the header and sizes in constant time (loading must cost next to nothing); reads
    /// through a corrupt index or entry find nothing rather than panic.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Lexicon<'a>> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            bail!("not a khabar NER lexicon (bad magic)");
        }
        let n_entries = u32_at(bytes, 8) as usize;
        let n_slots = u32_at(bytes, 12) as usize;
        let blob_len = u32_at(bytes, 16) as usize;
        let checksum = u32_at(bytes, 20);
        if !n_slots.is_power_of_two() || n_slots < n_entries {
            bail!("corrupt NER lexicon: {n_slots} slots for {n_entries} entries");
        }
        let e_end = HEADER + n_entries * ENTRY;
        let s_end = e_end + n_slots * 4;
        if bytes.len() != s_end + blob_len {
            bail!("corrupt NER lexicon: size {} does not match its header", bytes.len());
        }
        Ok(Lexicon {
            entries: &bytes[HEADER..e_end],
            slots: &bytes[e_end..s_end],
            blob: &bytes[s_end..],
            mask: n_slots - 1,
            n_entries,
            checksum,
        })
    }

    pub fn len(&self) -> usize {
        self.n_entries
    }

    pub fn is_empty(&self) -> bool {
        self.n_entries == 0
    }

    fn word(&self, i: usize) -> &'a [u8] {
        let off = u32_at(self.entries, i * ENTRY) as usize;
        let len = u16_at(self.entries, i * ENTRY + 4) as usize;
        self.blob.get(off..off + len).unwrap_or(&[])
    }

    fn info(&self, i: usize) -> WordInfo {
        let e = i * ENTRY;
        WordInfo {
            clusters: [
                u16_at(self.entries, e + 6),
                u16_at(self.entries, e + 8),
                u16_at(self.entries, e + 10),
            ],
            flags: u16_at(self.entries, e + 12),
            freq: self.entries[e + 14],
        }
    }

    /// Looks a normalized word up.
    #[inline]
    pub fn get(&self, word: &str) -> Option<WordInfo> {
        self.get_hashed(word, hash_str(word))
    }

    /// Looks a word up whose [`hash_str`] the caller already has (the featurizer does).
    ///
    /// Answers come from a per-thread [`WordMemo`] when the word was looked up lately: a probe of
    /// the table touches a slot, an entry and the word's bytes, megabytes apart, and was the
    /// tagger's costliest memory access.
    #[inline]
    pub fn get_hashed(&self, word: &str, hash: u64) -> Option<WordInfo> {
        MEMOS.with(|memos| match memos.try_borrow_mut() {
            Ok(mut memos) => {
                let id = self.identity();
                let i = match memos.iter().position(|m| m.owner() == id) {
                    Some(i) => i,
                    None if memos.len() < MEMO_TABLES => {
                        memos.push(WordMemo::new(MEMO_BITS));
                        memos.len() - 1
                    }
                    // More tables than memos: the first memo is emptied and taken over.
                    None => 0,
                };
                memos[i].get_or_compute(id, word.as_bytes(), hash, || self.probe(word, hash))
            }
            Err(_) => self.probe(word, hash),
        })
    }

    /// Identifies this table for the memo: its checksum and where its bytes are.
    fn identity(&self) -> u64 {
        mix(self.checksum as u64 ^ (self.n_entries as u64) << 32, self.blob.as_ptr() as usize as u64)
    }

    /// Looks a word up in the table itself.
    fn probe(&self, word: &str, hash: u64) -> Option<WordInfo> {
        let mut s = hash as usize & self.mask;
        // At most every slot once, even in a corrupt table without empty slots.
        for _ in 0..=self.mask {
            let v = u32_at(self.slots, s * 4) as usize;
            if v == 0 || v > self.n_entries {
                return None;
            }
            if self.word(v - 1) == word.as_bytes() {
                return Some(self.info(v - 1));
            }
            s = (s + 1) & self.mask;
        }
        None
    }

    /// All entries in stored (sorted) order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, WordInfo)> + '_ {
        (0..self.n_entries).map(|i| (std::str::from_utf8(self.word(i)).unwrap_or(""), self.info(i)))
    }

    /// The table's checksum (computed when it was built), recorded in a model so that the model
    /// is never paired with another lexicon.
    pub fn checksum(&self) -> u64 {
        self.checksum as u64
    }
}

/// log2 of the most slots the lookup memo grows to: 65,536 words, 4 MB per thread (a quarter
/// of the news corpus's vocabulary; the commonest words, which most lookups ask for, stay).
const MEMO_BITS: u32 = 16;

/// Tables a thread keeps a memo for. The tagger reads two tables for every token (the word
/// lexicon and the skip-gram clusters): with one memo between them each lookup emptied the
/// other table's answers.
const MEMO_TABLES: usize = 4;

thread_local! {
    static MEMOS: RefCell<Vec<WordMemo<Option<WordInfo>>>> = const { RefCell::new(Vec::new()) };
}

/// Serializes a word → info map; entries are sorted by word, so equal maps give equal bytes.
pub fn build(words: &BTreeMap<String, WordInfo>) -> Vec<u8> {
    let n = words.len();
    let n_slots = (n * 2).next_power_of_two().max(2);
    let mut entries = Vec::with_capacity(n * ENTRY);
    let mut blob = Vec::new();
    let mut slots = vec![0u32; n_slots];
    for (i, (w, info)) in words.iter().enumerate() {
        let bytes = &w.as_bytes()[..w.len().min(u16::MAX as usize)];
        entries.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        entries.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
        for c in info.clusters {
            entries.extend_from_slice(&c.to_le_bytes());
        }
        entries.extend_from_slice(&info.flags.to_le_bytes());
        entries.push(info.freq);
        entries.push(0);
        blob.extend_from_slice(bytes);
        let mut s = hash_str(w) as usize & (n_slots - 1);
        while slots[s] != 0 {
            s = (s + 1) & (n_slots - 1);
        }
        slots[s] = i as u32 + 1;
    }
    let mut out = Vec::with_capacity(HEADER + entries.len() + n_slots * 4 + blob.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&(n_slots as u32).to_le_bytes());
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    let checksum = super::hash::mix(super::hash::hash_bytes(&entries), super::hash::hash_bytes(&blob)) as u32;
    out.extend_from_slice(&checksum.to_le_bytes());
    out.extend_from_slice(&entries);
    for s in slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&blob);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_lookup() {
        let mut m = BTreeMap::new();
        m.insert("بوتين".to_owned(), WordInfo { clusters: [1, 2, 3], flags: flag::NAME_TOKEN, freq: 9 });
        m.insert("موسكو".to_owned(), WordInfo { clusters: [4, 5, 6], flags: flag::LOC_WORD, freq: 10 });
        let bytes = build(&m);
        let lex = Lexicon::from_bytes(&bytes).expect("valid");
        assert_eq!(lex.len(), 2);
        assert_eq!(lex.get("بوتين").map(|i| i.clusters), Some([1, 2, 3]));
        assert_eq!(lex.get("موسكو").map(|i| i.flags), Some(flag::LOC_WORD));
        assert_eq!(lex.get("واشنطن"), None);
        assert!(Lexicon::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert_eq!(build(&m), bytes);
    }

    #[test]
    fn two_tables_read_in_turn_keep_a_memo_each() {
        let table = |clusters: [u16; 3]| {
            let mut m = BTreeMap::new();
            m.insert("بوتين".to_owned(), WordInfo { clusters, flags: 0, freq: 1 });
            build(&m)
        };
        let (a, b) = (table([1, 2, 3]), table([7, 8, 9]));
        let (a, b) = (Lexicon::from_bytes(&a).expect("valid"), Lexicon::from_bytes(&b).expect("valid"));
        for _ in 0..3 {
            assert_eq!(a.get("بوتين").map(|i| i.clusters), Some([1, 2, 3]));
            assert_eq!(b.get("بوتين").map(|i| i.clusters), Some([7, 8, 9]));
        }
        // Each table keeps its own memo: a lookup in one never empties the other's (one memo
        // for both once made every lookup clear megabytes).
        MEMOS.with(|memos| {
            let memos = memos.borrow();
            assert!(memos.iter().any(|m| m.owner() == a.identity()));
            assert!(memos.iter().any(|m| m.owner() == b.identity()));
        });
    }
}
