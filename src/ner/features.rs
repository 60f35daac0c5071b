//! Feature extraction: each token becomes a list of hashed feature ids.
//!
//! Strings are hashed once per token (word, clitic-stripped form, stem, affixes); the window
//! and pair features of a position then combine those hashes with a template id by integer
//! mixing only, which keeps extraction well under a microsecond per token.
//!
//! Training reads the ids ([`Featurizer::article`]); tagging needs only their summed weights,
//! which [`Featurizer::article_emissions`] computes from per-word partial sums instead.

use std::ops::Range;

use super::hash::{hash_str, mix};
use super::lexicon::{Lexicon, NO_CLUSTER, flag};
use super::model::Model;
use super::tags::N_TAGS;
use super::triggers;
use crate::memo::Growth;
use crate::text::Segmentation;
use crate::text::tokenize::{TokenKind, is_arabic_letter, is_digit};

/// What the tagger needs of one token: its normalized form, clitic segmentation and kind.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub form: &'a str,
    pub seg: Segmentation,
    pub kind: Kind,
}

/// Coarse token class (a shape feature, and which tokens get Arabic morphology features).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
    Latin,
    Other,
}

impl Kind {
    pub fn of_token(k: TokenKind) -> Kind {
        match k {
            TokenKind::Word => Kind::Word,
            TokenKind::Number => Kind::Number,
            TokenKind::Punct => Kind::Punct,
            TokenKind::Latin => Kind::Latin,
            _ => Kind::Other,
        }
    }

    /// Classifies a gold-file token (which may carry attached punctuation) by its characters.
    pub fn of_str(s: &str) -> Kind {
        let mut letters = 0;
        let mut digits = 0;
        let mut latin = 0;
        let mut other = 0;
        for c in s.chars() {
            if is_arabic_letter(c) {
                letters += 1;
            } else if is_digit(c) {
                digits += 1;
            } else if c.is_alphabetic() {
                latin += 1;
            } else {
                other += 1;
            }
        }
        if letters > 0 && letters >= digits + latin {
            Kind::Word
        } else if digits > 0 && digits >= latin {
            Kind::Number
        } else if latin > 0 {
            Kind::Latin
        } else if other > 0 && s.chars().all(|c| c.is_ascii_punctuation() || !c.is_alphanumeric()) {
            Kind::Punct
        } else {
            Kind::Other
        }
    }
}

/// Per-token values computed once and shared by the window features of its neighbours.
#[derive(Clone, Copy, Debug, Default)]
struct Base {
    word: u64,
    stripped: u64,
    stem: u64,
    clusters: [u16; 3],
    /// Clusters of the word's skip-gram vector (a second, differently made clustering).
    sgns: [u16; 3],
    word_clusters: [u16; 3],
    flags: u16,
    freq: u8,
    trigger: u8,
    kind: u8,
    /// Bytes of proclitics cut before the name ([`name_cut`]).
    cut: u8,
}

/// Most token-local features a cached token may have (longer words are not cached).
const LOCAL_MAX: usize = 40;
/// Longest word (in bytes) the cache keeps.
const KEY_MAX: usize = 32;
/// log2 of the cache's slots at first and at most (grown by [`Growth`]): 1,024 and 4,096 slots,
/// about 0.45 and 1.8 MB per thread. News draws on a large vocabulary: tagging 300 articles
/// twice, half the lookups missed with 1024 slots, 38% with 4096; one article of news has fewer
/// distinct words than the first size.
const CACHE_BITS_MIN: u32 = 10;
const CACHE_BITS: u32 = 12;

/// One cached token: the word and segmentation it was computed for, and its results.
#[derive(Clone, Copy)]
struct CacheEntry {
    key: [u8; KEY_MAX],
    len: u8,
    seg: Segmentation,
    kind: u8,
    n: u8,
    base: Base,
    feats: [u32; LOCAL_MAX],
    /// The [`Model::stamp`] of the model `sums` were summed under (0: none yet).
    sums_for: u64,
    sums: Sums,
}

impl CacheEntry {
    fn is_for(&self, t: &Input<'_>) -> bool {
        let b = t.form.as_bytes();
        self.len as usize == b.len()
            && self.key[..b.len().min(KEY_MAX)] == *b
            && self.seg == t.seg
            && self.kind == t.kind as u8
    }
}

/// A direct-mapped cache of token-local features, keyed by the exact word bytes, segmentation
/// and kind (a hit returns exactly what computing would), valid for one lexicon and feature
/// space at a time. An entry's score [`Sums`] are valid for the model whose stamp it records.
struct TokenCache {
    owner: u64,
    slots: Vec<Option<CacheEntry>>,
    size: Growth,
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache { owner: 0, slots: Vec::new(), size: Growth::new(CACHE_BITS_MIN, CACHE_BITS) }
    }
}

impl TokenCache {
    /// Empties the cache if it was filled for another lexicon or feature space.
    fn claim(&mut self, owner: u64) {
        if self.owner != owner || self.slots.is_empty() {
            self.owner = owner;
            self.size = Growth::new(CACHE_BITS_MIN, CACHE_BITS);
            self.empty();
        }
    }

    fn empty(&mut self) {
        self.slots.clear();
        self.slots.resize(self.size.slots(), None);
    }

    fn slot(&self, t: &Input<'_>) -> usize {
        let b = t.form.as_bytes();
        let mut h = b.len() as u64;
        for &c in b.iter().rev().take(8) {
            h = h.wrapping_mul(0x100_0000_01B3) ^ c as u64;
        }
        let h = mix(h, (t.seg.prefix_len as u64) << 16 | (t.seg.suffix_len as u64) << 8 | t.kind as u64);
        (h as usize) & (self.size.slots() - 1)
    }

    fn get(&self, t: &Input<'_>) -> Option<&CacheEntry> {
        self.slots.get(self.slot(t))?.as_ref().filter(|e| e.is_for(t))
    }

    fn get_mut(&mut self, t: &Input<'_>) -> Option<&mut CacheEntry> {
        let i = self.slot(t);
        self.slots.get_mut(i)?.as_mut().filter(|e| e.is_for(t))
    }

    /// Stores a token's results, with its [`Sums`] under the model of the given stamp if known.
    fn put(&mut self, t: &Input<'_>, base: Base, feats: &[u32], sums: Option<(u64, Sums)>) {
        let b = t.form.as_bytes();
        if b.len() > KEY_MAX || feats.len() > LOCAL_MAX || self.slots.is_empty() {
            return;
        }
        let mut e = CacheEntry {
            key: [0; KEY_MAX],
            len: b.len() as u8,
            seg: t.seg,
            kind: t.kind as u8,
            n: feats.len() as u8,
            base,
            feats: [0; LOCAL_MAX],
            sums_for: sums.map_or(0, |s| s.0),
            sums: sums.map_or_else(Sums::default, |s| s.1),
        };
        e.key[..b.len()].copy_from_slice(b);
        e.feats[..feats.len()].copy_from_slice(feats);
        if self.size.miss() {
            self.empty();
        }
        let i = self.slot(t);
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Some(e);
        }
    }
}

/// Which tokens of a window a feature reads, for [`Sums`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// The token itself only.
    Own,
    /// Only its neighbour at offset `ROLES[k]`.
    At(usize),
    /// Several tokens, or the token's place in its sentence.
    Several,
}

/// Offsets of the neighbours whose features a token reads one at a time.
const ROLES: [isize; 4] = [-2, -1, 1, 2];
const PREV2: Reads = Reads::At(0);
const PREV: Reads = Reads::At(1);
const NEXT: Reads = Reads::At(2);
const NEXT2: Reads = Reads::At(3);

/// A word's part of the emission scores of the tokens that see it: the scores of the
/// features that read only the word, summed once per word and model (see
/// [`Featurizer::article_emissions`]).
#[derive(Clone, Copy, Default)]
struct Sums {
    /// Of the token that is this word: its identity and token-local features.
    own: [i32; N_TAGS],
    /// Of the token that has this word at offset `ROLES[k]`.
    at: [[i32; N_TAGS]; 4],
}

fn add(acc: &mut [i32; N_TAGS], v: &[i32; N_TAGS]) {
    for (a, &x) in acc.iter_mut().zip(v) {
        *a += x;
    }
}

/// The sentence of each token of an article, which bounds the window features.
struct Layout<'s> {
    sentences: &'s [Range<usize>],
    /// Index into `sentences` per token, `usize::MAX` outside every sentence.
    sent_of: &'s [usize],
}

impl<'s> Layout<'s> {
    /// Fills `sent_of` for `n` tokens.
    fn new(sentences: &'s [Range<usize>], n: usize, sent_of: &'s mut Vec<usize>) -> Layout<'s> {
        sent_of.clear();
        sent_of.resize(n, usize::MAX);
        for (k, r) in sentences.iter().enumerate() {
            for i in r.clone() {
                if let Some(x) = sent_of.get_mut(i) {
                    *x = k;
                }
            }
        }
        Layout { sentences, sent_of }
    }

    /// Token `i + d` if it is in token `i`'s sentence (tokens outside every sentence, and
    /// places past either end of one, see the padding token instead).
    fn neighbour(&self, i: usize, d: isize) -> Option<usize> {
        let r = self.sentences.get(*self.sent_of.get(i)?)?;
        let j = i.checked_add_signed(d)?;
        (r.contains(&j) && j < self.sent_of.len()).then_some(j)
    }

    fn in_sentence(&self, i: usize) -> bool {
        self.sent_of.get(i).is_some_and(|&k| k != usize::MAX)
    }

    /// Whether token `i` opens its sentence.
    fn first(&self, i: usize) -> bool {
        self.sent_of.get(i).and_then(|&k| self.sentences.get(k)).is_some_and(|r| r.start == i)
    }
}

/// (word hash, token index) of every word inside a sentence, sorted by (word, position).
fn occurrences(tokens: &[Input<'_>], bases: &[Base], layout: &Layout<'_>, occ: &mut Vec<(u64, u32)>) {
    occ.clear();
    occ.extend(
        (0..tokens.len())
            .filter(|&i| tokens[i].kind == Kind::Word && layout.in_sentence(i))
            .map(|i| (bases[i].stripped, i as u32)),
    );
    occ.sort_unstable();
}

/// Per-thread working memory of the featurizer.
#[derive(Default)]
struct Scratch {
    cache: TokenCache,
    bases: Vec<Base>,
    local: Vec<u32>,
    spans: Vec<(u32, u32)>,
    sent_of: Vec<usize>,
    /// (word hash, token index) of every word of the article.
    occ: Vec<(u64, u32)>,
    /// The document features of one token.
    doc: Vec<u32>,
    /// A bit per feature id, all clear between uses (see [`Featurizer::article_emissions`]).
    seen: Vec<u64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch space.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Re-entered on this thread (not done today): work without the shared scratch.
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Hash of the out-of-sentence padding token.
const PAD: u64 = 0x5AD0_5AD0_5AD0_5AD0;

fn pad_base() -> Base {
    Base {
        word: PAD,
        stripped: PAD,
        stem: PAD,
        clusters: [NO_CLUSTER - 1; 3],
        sgns: [NO_CLUSTER - 1; 3],
        word_clusters: [NO_CLUSTER - 1; 3],
        kind: 9,
        ..Base::default()
    }
}

/// Letters that can be a proclitic: the conjunctions و ف and the prepositions ب ل ك.
fn is_proclitic_letter(c: char) -> bool {
    matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')
}

/// Bytes of proclitics to cut from the front of a word to reach the name it may carry.
///
/// The segmenter's cut is kept unless the whole word is clearly more frequent in the unlabeled
/// text than what is left (لبنان is not ل + بنان). Where the segmenter cut nothing, a cut of one
/// or two proclitic letters is taken when the rest is clearly more frequent than the whole word
/// (لبوتين → بوتين, وموسكو → موسكو): glued names are exactly the words the segmenter cannot
/// know, and the lexicon's frequencies can tell.
pub fn name_cut(lexicon: &Lexicon<'_>, word: &str, seg: Segmentation, is_word: bool) -> usize {
    if !is_word {
        return 0;
    }
    let freq = |w: &str| lexicon.get(w).map_or(0, |i| i.freq);
    let p = seg.prefix_len as usize;
    // Most words start with no proclitic letter: nothing to cut, no lookup.
    if p == 0 && !word.chars().next().is_some_and(is_proclitic_letter) {
        return 0;
    }
    let whole = freq(word);
    if p > 0 {
        if p >= word.len() || !word.is_char_boundary(p) {
            return 0;
        }
        // للامم is looked up as الامم (the elided alef restored).
        let bare = if seg.article_len == 2 { freq(&format!("ا{}", &word[p..])) } else { freq(&word[p..]) };
        return if whole > bare + 1 { 0 } else { p };
    }
    let mut best = (0, whole + 1);
    let first_is_conjunction = word.starts_with(['و', 'ف']);
    for (k, c) in word.char_indices().take(2) {
        // A second proclitic only after a conjunction, and only a preposition (وب، فل).
        if !is_proclitic_letter(c) || (k > 0 && !(first_is_conjunction && matches!(c, 'ب' | 'ل' | 'ك'))) {
            break;
        }
        let cut = k + c.len_utf8();
        let rest = &word[cut..];
        if rest.chars().count() < 3 {
            break;
        }
        let f = freq(rest);
        if f > best.1 {
            best = (cut, f);
        }
    }
    best.0
}

/// Feature extractor over a lexicon and the skip-gram clusters; `bits` is the size of the
/// hashed feature space (2^bits).
#[derive(Clone, Copy, Debug)]
pub struct Featurizer<'a> {
    pub lexicon: Lexicon<'a>,
    /// Clusters of skip-gram vectors, in the lexicon's table format (only `clusters` is read).
    pub sgns: Lexicon<'a>,
    pub bits: u32,
}

/// What a model records of the tables it was trained with: both tables' checksums.
pub fn tables_checksum(lexicon: &Lexicon<'_>, sgns: &Lexicon<'_>) -> u64 {
    lexicon.checksum() | sgns.checksum() << 32
}

/// Ends of a word that mark a nisba adjective or a demonym (روسي، الصينية، الامريكيين).
fn nisba(stem: &str) -> bool {
    stem.chars().count() > 3
        && (stem.ends_with('ي') || stem.ends_with("ية") || stem.ends_with("يون") || stem.ends_with("يين"))
}

fn prefix_chars(s: &str, n: usize) -> Option<&str> {
    let mut it = s.char_indices();
    let (end, _) = it.nth(n)?;
    Some(&s[..end])
}

fn suffix_chars(s: &str, n: usize) -> Option<&str> {
    let (start, _) = s.char_indices().rev().nth(n - 1)?;
    (start > 0).then(|| &s[start..])
}

// Template ids: arbitrary distinct constants mixed into each feature's hash.
const T_BIAS: u64 = 1;
const T_WORD: u64 = 2;
const T_STRIPPED: u64 = 3;
const T_STEM: u64 = 4;
const T_PRE2: u64 = 5;
const T_PRE3: u64 = 6;
const T_SUF1: u64 = 7;
const T_SUF2: u64 = 8;
const T_SUF3: u64 = 9;
const T_SHAPE: u64 = 10;
const T_PROCLITIC: u64 = 11;
const T_CLUSTER: u64 = 12;
const T_WCLUSTER: u64 = 15;
const T_FLAG: u64 = 18;
const T_FREQ: u64 = 19;
const T_TRIGGER: u64 = 20;
const T_PREV: u64 = 21;
const T_NEXT: u64 = 22;
const T_PREV2: u64 = 23;
const T_NEXT2: u64 = 24;
const T_PREV_CL: u64 = 25;
const T_NEXT_CL: u64 = 28;
const T_PREV2_CL: u64 = 31;
const T_NEXT2_CL: u64 = 32;
const T_PREV_FLAG: u64 = 33;
const T_NEXT_FLAG: u64 = 34;
const T_BIGRAM_L: u64 = 35;
const T_BIGRAM_R: u64 = 36;
const T_PREV_TRIG: u64 = 37;
const T_PREV2_TRIG: u64 = 38;
const T_NEXT_TRIG: u64 = 39;
const T_KINDS: u64 = 40;
const T_FIRST: u64 = 41;
const T_CL_PAIR_L: u64 = 42;
const T_CL_PAIR_R: u64 = 43;
const T_NGRAM: u64 = 44;
const T_FLAGS_LR: u64 = 45;
const T_GAZ_SEQ: u64 = 46;
const T_PREVW_CL: u64 = 54;
const T_CL_NEXTW: u64 = 55;
const T_DOC_PREV: u64 = 56;
const T_DOC_NEXT: u64 = 57;
const T_DOC_PREV_CL: u64 = 58;
const T_DOC_NEXT_CL: u64 = 59;
const T_DOC_PREV_TRIG: u64 = 60;
const T_DOC_COUNT: u64 = 61;
const T_SGNS: u64 = 62;
const T_PREV_SGNS: u64 = 65;
const T_NEXT_SGNS: u64 = 68;
const T_SGNS_PAIR_L: u64 = 71;
const T_SGNS_PAIR_R: u64 = 72;

/// Other occurrences of a word whose contexts a token sees (the first ones in its window).
pub const DOC_OTHERS: usize = 6;

/// How many sentences before and after its own a token looks for other occurrences of its word.
pub const DOC_WINDOW: usize = 10;

/// Number of leading word-identity features of every token (see [`Featurizer::sentence`]).
pub const IDENTITY: usize = 5;

impl<'a> Featurizer<'a> {
    /// The feature every token has (its weights are the per-tag bias).
    pub fn bias_feature(&self) -> u32 {
        self.bucket(T_BIAS, 0)
    }

    #[inline]
    fn bucket(&self, template: u64, value: u64) -> u32 {
        (mix(template, value) >> (64 - self.bits)) as u32
    }

    fn base(&self, t: &Input<'_>) -> Base {
        let word = t.form;
        let seg = t.seg;
        let p = name_cut(&self.lexicon, word, seg, t.kind == Kind::Word);
        // A cut the cache could not store exactly is not taken.
        let p = if p > u8::MAX as usize { 0 } else { p };
        let stripped = word.get(p..).unwrap_or(word);
        let stem = if t.kind == Kind::Word { seg.stem(word) } else { word };
        let stem = if stem.is_empty() || seg.prefix_len == 0 { stripped } else { stem };
        let stripped_h = hash_str(stripped);
        let word_h = if p > 0 { hash_str(word) } else { stripped_h };
        let info = self.lexicon.get_hashed(stripped, stripped_h).unwrap_or_default();
        let winfo = if p > 0 { self.lexicon.get_hashed(word, word_h).unwrap_or_default() } else { info };
        let sgns = self.sgns.get_hashed(stripped, stripped_h).unwrap_or_default().clusters;
        Base {
            sgns,
            word: word_h,
            stripped: stripped_h,
            stem: hash_str(stem),
            clusters: info.clusters,
            word_clusters: winfo.clusters,
            flags: info.flags | winfo.flags,
            freq: info.freq.max(winfo.freq),
            trigger: match triggers::class(stripped) {
                0 => triggers::class(stem),
                c => c,
            },
            kind: t.kind as u8,
            cut: p.min(u8::MAX as usize) as u8,
        }
    }

    /// The token-local part of a token's features: its [`Base`] and the ids of every feature
    /// that does not look at the neighbours (bias, morphology, clusters, flags, frequency,
    /// trigger class), appended to `local`.
    fn token(&self, t: &Input<'_>, local: &mut Vec<u32>) -> Base {
        let b = self.base(t);
        let mut f = |template: u64, value: u64| local.push(self.bucket(template, value));
        f(T_BIAS, 0);
        self.morphology(t, &mut f);
        for g in 0..3 {
            f(T_CLUSTER + g as u64, b.clusters[g] as u64);
            if b.word != b.stripped {
                f(T_WCLUSTER + g as u64, b.word_clusters[g] as u64);
            }
        }
        for g in 0..3 {
            f(T_SGNS + g as u64, b.sgns[g] as u64);
        }
        for bit in 0..flag::COUNT {
            if b.flags & (1 << bit) != 0 {
                f(T_FLAG, bit as u64);
            }
        }
        f(T_FREQ, b.freq as u64);
        f(T_TRIGGER, b.trigger as u64);
        b
    }

    /// [`name_cut`] of a token, from the per-thread cache when the token was featurized lately
    /// (the article-level pass asks for every token of an article just tagged).
    pub fn cut(&self, t: &Input<'_>) -> usize {
        let cached = SCRATCH.with(|cell| {
            let s = cell.try_borrow().ok()?;
            if s.cache.owner != self.owner() {
                return None;
            }
            s.cache.get(t).map(|e| e.base.cut as usize)
        });
        cached.unwrap_or_else(|| {
            let p = name_cut(&self.lexicon, t.form, t.seg, t.kind == Kind::Word);
            if p > u8::MAX as usize { 0 } else { p }
        })
    }

    /// Identifies the lexicon and feature space a cache was filled for.
    fn owner(&self) -> u64 {
        tables_checksum(&self.lexicon, &self.sgns) ^ (self.bits as u64) << 56
    }

    /// Appends the features of every token of one sentence to `out`; token `i`'s features are
    /// `out[offsets[i]..offsets[i + 1]]` (`offsets` gets `tokens.len() + 1` entries).
    pub fn sentence(&self, tokens: &[Input<'_>], out: &mut Vec<u32>, offsets: &mut Vec<u32>) {
        let whole = 0..tokens.len();
        self.article(tokens, std::slice::from_ref(&whole), 0, out, offsets)
    }

    /// The features of every token of an article whose sentences are the ranges `sentences`
    /// of `tokens` (in order, not overlapping; tokens outside them get none of the window
    /// features). Token `i`'s features are `out[offsets[i]..offsets[i + 1]]`. Besides the
    /// sentence-local features, a word gets the contexts of its other occurrences in sentences
    /// at most `window` away ([`DOC_OTHERS`] of them).
    ///
    /// The token-local features of frequent words come from a per-thread cache (see
    /// [`TokenCache`]): news text repeats its words, and the lexicon lookups, clitic cut and
    /// string hashing behind them are most of the extraction cost.
    pub fn article(
        &self,
        tokens: &[Input<'_>],
        sentences: &[Range<usize>],
        window: usize,
        out: &mut Vec<u32>,
        offsets: &mut Vec<u32>,
    ) {
        with_scratch(|s| self.article_with(tokens, sentences, window, out, offsets, s))
    }

    fn article_with(
        &self,
        tokens: &[Input<'_>],
        sentences: &[Range<usize>],
        window: usize,
        out: &mut Vec<u32>,
        offsets: &mut Vec<u32>,
        s: &mut Scratch,
    ) {
        let Scratch { cache, bases, local, spans, sent_of, occ, doc, .. } = s;
        out.clear();
        offsets.clear();
        bases.clear();
        local.clear();
        cache.claim(self.owner());
        // Token-local features of token i are local[spans[i]].
        spans.clear();
        for t in tokens {
            let from = local.len() as u32;
            let b = match cache.get(t) {
                Some(e) => {
                    local.extend_from_slice(&e.feats[..e.n as usize]);
                    e.base
                }
                None => {
                    let b = self.token(t, local);
                    cache.put(t, b, &local[from as usize..], None);
                    b
                }
            };
            bases.push(b);
            spans.push((from, local.len() as u32));
        }
        let layout = Layout::new(sentences, tokens.len(), sent_of);
        occurrences(tokens, bases, &layout, occ);
        let pad = pad_base();
        let at = |i: usize, d: isize| layout.neighbour(i, d).map_or(&pad, |j| &bases[j]);
        for (i, &(lo, hi)) in spans.iter().enumerate() {
            offsets.push(out.len() as u32);
            let w = [at(i, -2), at(i, -1), &bases[i], at(i, 1), at(i, 2)];
            let mut f = |_: Reads, template: u64, value: u64| out.push(self.bucket(template, value));
            self.identity(w, &mut f);
            out.extend_from_slice(&local[lo as usize..hi as usize]);
            let mut f = |_: Reads, template: u64, value: u64| out.push(self.bucket(template, value));
            self.window(w, layout.first(i), &mut f);
            if tokens[i].kind == Kind::Word && layout.in_sentence(i) {
                self.others(i, window, occ, &layout, &at, doc);
                doc.sort_unstable();
                doc.dedup();
                out.extend_from_slice(doc);
            }
        }
        offsets.push(out.len() as u32);
    }

    /// The emission scores under `model` of every token of an article (`sentences` and
    /// `window` as for [`Featurizer::article`]): exactly what [`Model::emissions`] gives over
    /// the features [`Featurizer::article`] writes, as integer sums do not depend on order.
    ///
    /// Most of a token's features read one token only (itself, or one neighbour in a fixed
    /// place), so their scores are summed once per word and kept in the per-thread cache
    /// (`Sums`); a token then adds its own sum, its neighbours' and the scores of the few
    /// features that combine tokens. This spares most of the hashing and of the reads from
    /// the weight table, which is too large for the fastest caches.
    pub fn article_emissions(
        &self,
        model: &Model<'_>,
        tokens: &[Input<'_>],
        sentences: &[Range<usize>],
        window: usize,
        emit: &mut Vec<[i32; N_TAGS]>,
    ) {
        with_scratch(|s| {
            let Scratch { cache, bases, local, sent_of, occ, doc, seen, .. } = s;
            cache.claim(self.owner());
            // Feature ids are below 2^bits.
            let words = (1usize << self.bits).div_ceil(64);
            if seen.len() < words {
                seen.resize(words, 0);
            }
            let stamp = model.stamp();
            let layout = Layout::new(sentences, tokens.len(), sent_of);
            let pad = pad_base();
            let pad_sums = self.sums(model, &pad, &[]);
            emit.clear();
            emit.resize(tokens.len(), [0; N_TAGS]);
            bases.clear();
            for (j, t) in tokens.iter().enumerate() {
                let fresh;
                let (b, sums) = match cache.get_mut(t) {
                    Some(e) => {
                        if e.sums_for != stamp {
                            e.sums = self.sums(model, &e.base, &e.feats[..e.n as usize]);
                            e.sums_for = stamp;
                        }
                        (e.base, &e.sums)
                    }
                    None => {
                        local.clear();
                        let b = self.token(t, local);
                        fresh = self.sums(model, &b, local);
                        cache.put(t, b, local, Some((stamp, fresh)));
                        (b, &fresh)
                    }
                };
                bases.push(b);
                add(&mut emit[j], &sums.own);
                for (k, &d) in ROLES.iter().enumerate() {
                    // Token j is the neighbour at d of token j - d, if that one is in its sentence.
                    if let Some(i) = j.checked_add_signed(-d).filter(|&i| layout.neighbour(i, d) == Some(j)) {
                        add(&mut emit[i], &sums.at[k]);
                    }
                    if layout.neighbour(j, d).is_none() {
                        add(&mut emit[j], &pad_sums.at[k]);
                    }
                }
            }
            occurrences(tokens, bases, &layout, occ);
            let at = |i: usize, d: isize| layout.neighbour(i, d).map_or(&pad, |j| &bases[j]);
            for (i, acc) in emit.iter_mut().enumerate() {
                let w = [at(i, -2), at(i, -1), &bases[i], at(i, 1), at(i, 2)];
                let mut f = |r: Reads, template: u64, value: u64| {
                    if r == Reads::Several {
                        model.add_row(acc, self.bucket(template, value));
                    }
                };
                self.identity(w, &mut f);
                self.window(w, layout.first(i), &mut f);
                if tokens[i].kind == Kind::Word && layout.in_sentence(i) {
                    self.others(i, window, occ, &layout, &at, doc);
                    // Each distinct id once, as [`Featurizer::article`] writes them, without
                    // sorting: a bit per id marks those already added (and is cleared after).
                    for &id in doc.iter() {
                        let (w, bit) = (id as usize / 64, 1u64 << (id % 64));
                        if seen[w] & bit == 0 {
                            seen[w] |= bit;
                            model.add_row(acc, id);
                        }
                    }
                    for &id in doc.iter() {
                        seen[id as usize / 64] = 0;
                    }
                }
            }
        })
    }

    /// A word's [`Sums`] under `model`, from its [`Base`] and token-local feature ids: the
    /// features of a window in which every token is this word, each added where it [`Reads`].
    fn sums(&self, model: &Model<'_>, b: &Base, local: &[u32]) -> Sums {
        let mut s = Sums::default();
        let mut f = |r: Reads, template: u64, value: u64| {
            let acc = match r {
                Reads::Own => &mut s.own,
                Reads::At(k) => &mut s.at[k],
                Reads::Several => return,
            };
            model.add_row(acc, self.bucket(template, value));
        };
        self.identity([b; 5], &mut f);
        self.window([b; 5], false, &mut f);
        for &id in local {
            model.add_row(&mut s.own, id);
        }
        s
    }

    /// The features that come before the token-local ones, given the window `w` (the tokens
    /// at -2..=2): the word-identity features, [`IDENTITY`] of them, which training drops at
    /// random so that the model also learns from what generalizes to unseen names.
    fn identity(&self, w: [&Base; 5], f: &mut impl FnMut(Reads, u64, u64)) {
        let [_, p1, b, n1, _] = w;
        f(Reads::Own, T_WORD, b.word);
        f(Reads::Own, T_STRIPPED, b.stripped);
        f(Reads::Own, T_STEM, b.stem);
        f(Reads::Several, T_BIGRAM_L, mix(p1.stripped, b.stripped));
        f(Reads::Several, T_BIGRAM_R, mix(b.stripped, n1.stripped));
    }

    /// The features that follow the token-local ones, given the window `w` (`first`: the
    /// token opens its sentence).
    fn window(&self, w: [&Base; 5], first: bool, f: &mut impl FnMut(Reads, u64, u64)) {
        use Reads::Several;
        let [p2, p1, b, n1, n2] = w;
        f(Several, T_FLAGS_LR, mix(mix(p1.flags as u64, b.flags as u64), n1.flags as u64));
        // A multi-word place name from the gazetteers spelled out in sequence.
        let starts = b.flags & flag::LOC_FIRST != 0 && n1.flags & flag::LOC_REST != 0;
        let continues = p1.flags & (flag::LOC_FIRST | flag::LOC_REST) != 0 && b.flags & flag::LOC_REST != 0;
        if starts || continues {
            f(Several, T_GAZ_SEQ, (starts as u64) << 1 | continues as u64);
        }
        f(PREV, T_PREV, p1.stripped);
        f(NEXT, T_NEXT, n1.stripped);
        f(PREV2, T_PREV2, p2.stripped);
        f(NEXT2, T_NEXT2, n2.stripped);
        for g in 1..3 {
            f(PREV, T_PREV_CL + g as u64, p1.clusters[g] as u64);
            f(NEXT, T_NEXT_CL + g as u64, n1.clusters[g] as u64);
        }
        for g in 1..3 {
            f(PREV, T_PREV_SGNS + g as u64, p1.sgns[g] as u64);
            f(NEXT, T_NEXT_SGNS + g as u64, n1.sgns[g] as u64);
        }
        f(Several, T_SGNS_PAIR_L, mix(p1.sgns[1] as u64, b.sgns[1] as u64));
        f(Several, T_SGNS_PAIR_R, mix(b.sgns[1] as u64, n1.sgns[1] as u64));
        f(PREV2, T_PREV2_CL, p2.clusters[1] as u64);
        f(NEXT2, T_NEXT2_CL, n2.clusters[1] as u64);
        f(PREV, T_PREV_FLAG, p1.flags as u64);
        f(NEXT, T_NEXT_FLAG, n1.flags as u64);
        f(PREV, T_PREV_TRIG, p1.trigger as u64);
        f(PREV2, T_PREV2_TRIG, p2.trigger as u64);
        f(NEXT, T_NEXT_TRIG, n1.trigger as u64);
        f(Several, T_KINDS, (p1.kind as u64) << 8 | (b.kind as u64) << 4 | n1.kind as u64);
        f(Several, T_CL_PAIR_L, mix(p1.clusters[1] as u64, b.clusters[1] as u64));
        f(Several, T_CL_PAIR_R, mix(b.clusters[1] as u64, n1.clusters[1] as u64));
        if first {
            f(Several, T_FIRST, 0);
        }
        // The neighbouring word with this word's cluster: a context word's weight can then
        // depend on what kind of word follows it (للرئيس + a name-like word opens a name
        // even where the word itself is common, as شي in شي جين بينغ).
        f(Several, T_PREVW_CL, mix(p1.stripped, b.clusters[1] as u64));
        f(Several, T_CL_NEXTW, mix(b.clusters[1] as u64, n1.stripped));
    }

    /// Features of token `i` read from the other occurrences of its word in the article (at
    /// most `window` sentences away): the words and word classes around them. A name is often
    /// introduced once with its title or type word (شركة نيسان، نادي بنفيكا) and then written
    /// bare; these features let the bare mentions see that context. The ids go to `doc` as
    /// they come, repeats included.
    fn others<'b>(
        &self,
        i: usize,
        window: usize,
        occ: &[(u64, u32)],
        layout: &Layout<'_>,
        at: &impl Fn(usize, isize) -> &'b Base,
        doc: &mut Vec<u32>,
    ) {
        doc.clear();
        let sent_of = layout.sent_of;
        let key = at(i, 0).stripped;
        let s = sent_of[i];
        let lo_sent = s.saturating_sub(window);
        let first = occ.partition_point(|&(k, p)| k < key || (k == key && sent_of[p as usize] < lo_sent));
        let mut n = 0;
        for &(k, p) in &occ[first..] {
            let j = p as usize;
            if k != key || sent_of[j] > s.saturating_add(window) || n == DOC_OTHERS {
                break;
            }
            if j == i {
                continue;
            }
            n += 1;
            let (p1, n1) = (at(j, -1), at(j, 1));
            let mut f = |template: u64, value: u64| doc.push(self.bucket(template, value));
            f(T_DOC_PREV, p1.stripped);
            f(T_DOC_NEXT, n1.stripped);
            f(T_DOC_PREV_CL, p1.clusters[1] as u64);
            f(T_DOC_NEXT_CL, n1.clusters[1] as u64);
            if p1.trigger != 0 {
                f(T_DOC_PREV_TRIG, p1.trigger as u64);
            }
        }
        if n > 0 {
            doc.push(self.bucket(T_DOC_COUNT, n.min(4) as u64));
        }
    }

    /// Affix, shape and clitic features of the token itself.
    fn morphology(&self, t: &Input<'_>, f: &mut impl FnMut(u64, u64)) {
        let word = t.form;
        let seg = if t.kind == Kind::Word { t.seg } else { Segmentation::default() };
        let stem = seg.stem(word);
        let stem = if stem.is_empty() { word } else { stem };
        let len = stem.chars().count();
        let shape = (t.kind as u64) << 16
            | (len.min(8) as u64) << 8
            | ((seg.article_len > 0) as u64) << 1
            | nisba(stem) as u64;
        f(T_SHAPE, shape);
        if t.kind != Kind::Word {
            return;
        }
        let p = (seg.prefix_len as usize).min(word.len());
        f(T_PROCLITIC, hash_str(&word[..p]));
        for (tpl, n) in [(T_PRE2, 2), (T_PRE3, 3)] {
            if let Some(s) = prefix_chars(stem, n).filter(|_| len > n) {
                f(tpl, hash_str(s));
            }
        }
        for (tpl, n) in [(T_SUF1, 1), (T_SUF2, 2), (T_SUF3, 3)] {
            if let Some(s) = suffix_chars(stem, n).filter(|_| len > n) {
                f(tpl, hash_str(s));
            }
        }
        // Character trigrams of the stem inside boundary marks: transliterated foreign names
        // share letter sequences (غ ، تش، يف، ون) that no single word feature sees.
        if len >= 3 {
            let mut starts = stem.char_indices().map(|(i, _)| i).chain(std::iter::once(stem.len()));
            let mut win = [0usize; 4];
            for w in win.iter_mut().take(3) {
                *w = starts.next().unwrap_or(stem.len());
            }
            for end in starts {
                win[3] = end;
                f(T_NGRAM, hash_str(&stem[win[0]..win[3]]));
                win.rotate_left(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(prefix_chars("بوتين", 2), Some("بو"));
        assert_eq!(suffix_chars("بوتين", 2), Some("ين"));
        assert_eq!(suffix_chars("بو", 2), None);
        assert!(nisba("الروسية") && !nisba("بوتين"));
        assert_eq!(Kind::of_str("المقبل،"), Kind::Word);
        assert_eq!(Kind::of_str("2003"), Kind::Number);
        assert_eq!(Kind::of_str("."), Kind::Punct);
    }

    /// A bare name sees the context of its other mention in the article, and only within the
    /// window; a range past the tokens is tolerated.
    #[test]
    fn other_occurrences_reach_across_sentences() {
        let empty = super::super::lexicon::build(&Default::default());
        let lexicon = Lexicon::from_bytes(&empty).expect("empty lexicon");
        let fz = Featurizer { lexicon, sgns: lexicon, bits: 16 };
        let word = |form| Input { form, seg: Segmentation::default(), kind: Kind::Word };
        let tokens = [word("شركة"), word("نيسان"), word("قالت"), word("نيسان")];
        let (mut f, mut o) = (Vec::new(), Vec::new());
        let count = |window, sentences: &[Range<usize>], f: &mut Vec<u32>, o: &mut Vec<u32>| {
            fz.article(&tokens, sentences, window, f, o);
            let last = &f[o[3] as usize..o[4] as usize];
            last.contains(&fz.bucket(T_DOC_PREV, hash_str("شركة")))
        };
        assert!(count(1, &[0..2, 2..4], &mut f, &mut o));
        assert!(!count(0, &[0..2, 2..4], &mut f, &mut o));
        assert!(count(1, &[0..2, 2..9], &mut f, &mut o));
    }
}
