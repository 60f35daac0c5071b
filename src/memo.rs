//! A small direct-mapped memo of per-word answers, for lookups that run for every token.
//!
//! The answers behind those lookups are costly to reach: the tagger's lexicon is a 4 MB table
//! whose probe reads a slot, an entry and the word's bytes in three places, and the claims
//! features take a score of hash-set probes to compute. News text repeats its words, so a table
//! of recent answers keyed by the word's bytes, stored inline, answers most lookups with one
//! cache-line read. A slot holds one word: a later word hashing to it replaces it. Keys are
//! compared whole, so a hit returns exactly what the lookup would.

/// Longest word kept (bytes): sixteen Arabic letters. Longer words are looked up every time.
pub const KEY_MAX: usize = 32;

/// Length byte of an empty slot (no kept word is this long).
const EMPTY: u8 = u8::MAX;

/// One cache line, so that reading any byte of a slot ([`WordMemo::warm`]) brings all of it.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot<V> {
    /// The word's bytes, zero-padded, so that a probe compares one fixed-size array.
    key: [u8; KEY_MAX],
    len: u8,
    value: V,
}

/// Remembered values of a pure function of one word, valid for one `owner` (a table's
/// checksum, say) at a time.
///
/// The memo starts small and grows (dropping what it holds) each time it has missed as many
/// times as it has slots, up to its full size: a run over one short article, like khabar's
/// start-up, never pays for megabytes it would not fill.
pub struct WordMemo<V> {
    slots: Vec<Slot<V>>,
    size: Growth,
    owner: u64,
}

/// log2 of the slots a memo starts with (64 KB).
const START_BITS: u32 = 10;

/// The size of a per-thread table of per-word answers that starts small and grows: by four
/// times (the table is emptied) each time it has missed as many times as it has slots, up to
/// its full size. A process that handles one short article, like khabar's start-up, then never
/// touches (and takes page faults for) megabytes it would not fill, and a batch soon runs at the
/// full size. [`WordMemo`], the tagger's feature cache and the clitic memo all grow by it.
#[derive(Clone, Copy, Debug)]
pub struct Growth {
    bits: u32,
    max_bits: u32,
    /// Misses since the table last grew.
    misses: usize,
}

impl Growth {
    /// `2^start_bits` slots, growing to `2^max_bits`.
    pub fn new(start_bits: u32, max_bits: u32) -> Growth {
        Growth { bits: start_bits.min(max_bits), max_bits, misses: 0 }
    }

    /// log2 of the current number of slots.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    pub fn slots(&self) -> usize {
        1 << self.bits
    }

    /// Counts a miss; true when the table is to be rebuilt, empty, at the new [`Growth::slots`].
    pub fn miss(&mut self) -> bool {
        self.misses += 1;
        if self.misses > self.slots() && self.bits < self.max_bits {
            self.bits = (self.bits + 2).min(self.max_bits);
            self.misses = 0;
            return true;
        }
        false
    }
}

impl<V: Copy + Default> WordMemo<V> {
    /// An empty memo that grows to `2^max_bits` slots (`max_bits` in 1..=24).
    pub fn new(max_bits: u32) -> WordMemo<V> {
        let size = Growth::new(START_BITS, max_bits.clamp(1, 24));
        WordMemo { slots: Self::empty(size.bits()), size, owner: 0 }
    }

    fn empty(bits: u32) -> Vec<Slot<V>> {
        vec![Slot { key: [0; KEY_MAX], len: EMPTY, value: V::default() }; 1 << bits]
    }

    /// The value of `word` (whose well-mixed 64-bit hash is `hash`), from the memo or else from
    /// `compute`, which is then remembered. Values computed for another `owner` are dropped
    /// first.
    #[inline]
    pub fn get_or_compute(&mut self, owner: u64, word: &[u8], hash: u64, compute: impl FnOnce() -> V) -> V {
        if word.len() > KEY_MAX {
            return compute();
        }
        if owner != self.owner {
            self.owner = owner;
            for s in &mut self.slots {
                s.len = EMPTY;
            }
        }
        let mut key = [0u8; KEY_MAX];
        key[..word.len()].copy_from_slice(word);
        if let Some(slot) = self.slots.get((hash >> (64 - self.size.bits())) as usize)
            && slot.len as usize == word.len()
            && slot.key == key
        {
            return slot.value;
        }
        let value = compute();
        if self.size.miss() {
            self.slots = Self::empty(self.size.bits());
        }
        if let Some(slot) = self.slots.get_mut((hash >> (64 - self.size.bits())) as usize) {
            *slot = Slot { key, len: word.len() as u8, value };
        }
        value
    }
}

impl<V> WordMemo<V> {
    /// The owner whose values the memo holds (0 before the first lookup).
    pub fn owner(&self) -> u64 {
        self.owner
    }

    /// Reads the slots of the words with these hashes, so that a run of lookups that follows
    /// finds them in the CPU caches. The reads do not depend on one another, so the processor
    /// overlaps their cache misses, where lookups one after another wait for each in turn.
    pub fn warm(&self, hashes: impl Iterator<Item = u64>) {
        let mut seen = 0u8;
        for h in hashes {
            if let Some(s) = self.slots.get((h >> (64 - self.size.bits())) as usize) {
                seen ^= s.len;
            }
        }
        std::hint::black_box(seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_misses_and_owners() {
        let mut m: WordMemo<u32> = WordMemo::new(2);
        let mut calls = 0;
        let mut get = |m: &mut WordMemo<u32>, owner: u64, w: &str, h: u64, v: u32| {
            m.get_or_compute(owner, w.as_bytes(), h, || {
                calls += 1;
                v
            })
        };
        assert_eq!(get(&mut m, 1, "قال", 0, 7), 7);
        assert_eq!(get(&mut m, 1, "قال", 0, 8), 7, "a hit keeps the remembered value");
        // Same slot, another word: replaced, never confused.
        assert_eq!(get(&mut m, 1, "قالت", 0, 9), 9);
        assert_eq!(get(&mut m, 1, "قال", 0, 10), 10);
        // A word that is a zero-padded prefix of another is still another word.
        assert_eq!(get(&mut m, 1, "", 0, 11), 11);
        assert_eq!(get(&mut m, 1, "", 0, 12), 11);
        // Another owner starts empty.
        assert_eq!(get(&mut m, 2, "", 0, 13), 13);
        let long = "ا".repeat(KEY_MAX);
        assert_eq!(get(&mut m, 2, &long, 0, 14), 14);
        assert_eq!(get(&mut m, 2, &long, 0, 15), 15, "words past KEY_MAX are never kept");
        assert_eq!(calls, 7);
    }

    #[test]
    fn growing_keeps_answers_exact() {
        let mut m: WordMemo<u64> = WordMemo::new(START_BITS + 3);
        let words: Vec<String> = (0..20_000u64).map(|i| format!("w{}", i % 7_000)).collect();
        for w in &words {
            let h = crate::ner::hash::hash_str(w);
            let want = w.len() as u64 * 31 + h % 1_000;
            assert_eq!(m.get_or_compute(1, w.as_bytes(), h, || want), want, "{w}");
        }
        assert_eq!(m.size.bits(), START_BITS + 3, "grown to its full size, no further");
    }
}
