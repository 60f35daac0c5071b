//! Distributional word clusters from unlabeled text, and the lexicon file that carries them.
//!
//! Unseen names are the tagger's main weakness; a word's cluster tells the model "this behaves
//! like the names you saw" without having seen it. The recipe, fully deterministic:
//! 1. tokenize the text with khabar's own tokenizer and normalizer;
//! 2. describe each of the `vocab` most frequent words by its neighbours at −2, −1, +1, +2
//!    (neighbours reduced to their clitic-stripped form, the `contexts` most frequent ones kept);
//! 3. weight the counts by positive PMI (context distribution smoothed by ^0.75) and project
//!    them to `dims` dimensions with a seeded random ±1 matrix;
//! 4. spherical k-means into the finest granularity, then k-means over those centroids for the
//!    coarser ones, so the three levels nest like the prefixes of a Brown-cluster path;
//! 5. repeat once with rare neighbours replaced by their cluster from the first round, so that
//!    the context of a rare name (another rare name) also counts.
//!
//! With `sgns`, step 2–3 and 5 are replaced by skip-gram vectors ([`super::sgns`]) of the same
//! words: a second clustering, made differently, that the tagger reads beside the first (it
//! ships as its own file, `ner-sgns-clusters.bin`).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use super::gazetteers::Flags;
use super::hash::Rng;
use super::lexicon::{NO_CLUSTER, WordInfo};
use crate::text::normalize::NormalizeOptions;
use crate::text::{Document, TokenKind, clitics, tokenize::tokenize};

/// Clustering settings; the defaults build the shipped lexicon.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Number of words clustered (most frequent first).
    pub vocab: usize,
    /// Minimum count of a clustered word.
    pub min_count: u64,
    /// Number of neighbour words kept as context features per position.
    pub contexts: usize,
    pub dims: usize,
    /// Cluster counts, coarse to fine.
    pub k: [usize; 3],
    pub iterations: usize,
    pub rounds: usize,
    pub seed: u64,
    /// Weight counts by positive PMI instead of the square root of P(context | word).
    pub ppmi: bool,
    /// Cluster skip-gram vectors ([`super::sgns`]) instead of the context-count vectors.
    pub sgns: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocab: 100_000,
            min_count: 4,
            contexts: 2000,
            dims: 128,
            k: [64, 256, 1024],
            iterations: 8,
            rounds: 2,
            seed: 7,
            ppmi: false,
            sgns: false,
        }
    }
}

/// Token ids of a corpus, lines separated by [`BOUNDARY`].
pub struct Corpus {
    pub ids: Vec<u32>,
    pub words: Vec<String>,
    pub counts: Vec<u64>,
    index: HashMap<String, u32>,
}

const BOUNDARY: u32 = u32::MAX;

impl Corpus {
    pub fn new() -> Corpus {
        Corpus { ids: Vec::new(), words: Vec::new(), counts: Vec::new(), index: HashMap::new() }
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.index.get(w) {
            return i;
        }
        let i = self.words.len() as u32;
        self.words.push(w.to_owned());
        self.counts.push(0);
        self.index.insert(w.to_owned(), i);
        i
    }

    /// Tokenizes one paragraph and appends it.
    pub fn add_text(&mut self, text: &str) {
        let doc = Document::new(text.to_owned(), &NormalizeOptions::default());
        let mut any = false;
        for t in tokenize(&doc) {
            let form = match t.kind {
                TokenKind::Word | TokenKind::Punct => t.normalized(&doc),
                TokenKind::Number => "<num>",
                TokenKind::Latin => "<latin>",
                _ => "<sym>",
            };
            let id = self.intern(form);
            self.counts[id as usize] += 1;
            self.ids.push(id);
            any = true;
        }
        if any {
            self.ids.push(BOUNDARY);
        }
    }

    /// Number of tokens (without line boundaries).
    pub fn tokens(&self) -> usize {
        self.ids.iter().filter(|&&i| i != BOUNDARY).count()
    }

    pub fn count(&self, w: &str) -> u64 {
        self.index.get(w).map_or(0, |&i| self.counts[i as usize])
    }
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
}

/// Opens a text file, through `gzip -dc` when it ends in `.gz`.
fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.extension().is_some_and(|e| e == "gz") {
        let child = Command::new("gzip")
            .arg("-dc")
            .arg(path)
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("running gzip -dc {}", path.display()))?;
        let out = child.stdout.context("gzip stdout")?;
        Ok(Box::new(BufReader::with_capacity(1 << 20, out)))
    } else {
        let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
    }
}

/// What feeds the clusters: plain text (one paragraph a line, `.gz` allowed), JSON lines with
/// `title` and `text` fields, and CoNLL files (their token column, one sentence a line).
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub text: Vec<PathBuf>,
    pub jsonl: Vec<PathBuf>,
    pub conll: Vec<PathBuf>,
}

pub fn read_corpus(src: &Sources) -> Result<Corpus> {
    let mut c = Corpus::new();
    for p in &src.text {
        for line in open(p)?.lines() {
            let line = line.with_context(|| format!("reading {}", p.display()))?;
            c.add_text(&line);
        }
    }
    for p in &src.jsonl {
        for (n, line) in open(p)?.lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", p.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(&line).with_context(|| format!("{} line {}", p.display(), n + 1))?;
            for field in ["title", "text"] {
                if let Some(s) = v.get(field).and_then(|s| s.as_str()) {
                    for para in s.split('\n') {
                        c.add_text(para);
                    }
                }
            }
        }
    }
    for p in &src.conll {
        let mut text = String::new();
        open(p)?.read_to_string(&mut text)?;
        for s in super::conll::read_conll(&text)? {
            c.add_text(&s.words.join(" "));
        }
    }
    Ok(c)
}

#[derive(Clone, Debug, Serialize)]
pub struct ClusterReport {
    pub tokens: usize,
    pub distinct_words: usize,
    pub clustered: usize,
    pub lexicon_entries: usize,
    pub seconds: f64,
}

/// Dot product in chunks of 8, which the compiler vectorizes.
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let tail: f32 =
        a.chunks_exact(8).remainder().iter().zip(b.chunks_exact(8).remainder()).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

fn normalize(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means over row vectors `x` (n × d, unit length) with point weights; returns the
/// assignment and the centroids. Deterministic: parallel only where each result is independent.
fn kmeans(
    x: &[f32],
    weights: &[f32],
    d: usize,
    k: usize,
    iterations: usize,
    rng: &mut Rng,
) -> (Vec<u32>, Vec<f32>) {
    let n = x.len() / d;
    let k = k.min(n).max(1);
    let mut pick: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut pick);
    let mut cent: Vec<f32> = pick[..k].iter().flat_map(|&i| x[i * d..(i + 1) * d].to_vec()).collect();
    let mut assign = vec![0u32; n];
    for _ in 0..iterations {
        let best: Vec<(u32, f32)> = x
            .par_chunks(d)
            .map(|v| {
                let mut b = (0u32, f32::NEG_INFINITY);
                for (c, cv) in cent.chunks_exact(d).enumerate() {
                    let s = dot(v, cv);
                    if s > b.1 {
                        b = (c as u32, s);
                    }
                }
                b
            })
            .collect();
        let mut sums = vec![0f32; k * d];
        let mut sizes = vec![0f32; k];
        for (i, &(c, _)) in best.iter().enumerate() {
            assign[i] = c;
            let c = c as usize;
            sizes[c] += weights[i];
            for (s, v) in sums[c * d..(c + 1) * d].iter_mut().zip(&x[i * d..(i + 1) * d]) {
                *s += weights[i] * v;
            }
        }
        // Empty clusters take the points their centroids fit worst, one each.
        let mut worst: Vec<usize> = (0..n).collect();
        worst.sort_by(|&a, &b| best[a].1.total_cmp(&best[b].1).then(a.cmp(&b)));
        let mut next_worst = worst.into_iter();
        for c in 0..k {
            if sizes[c] == 0.0
                && let Some(i) = next_worst.next()
            {
                sums[c * d..(c + 1) * d].copy_from_slice(&x[i * d..(i + 1) * d]);
            }
            normalize(&mut sums[c * d..(c + 1) * d]);
        }
        cent = sums;
    }
    (assign, cent)
}

/// Context vectors (PPMI, random projection, unit length) of the target words.
fn vectors(
    corpus: &Corpus,
    targets: &[u32],
    ctx_of: &[u32],
    per_pos: usize,
    unk: u32,
    opts: &ClusterOptions,
    rng: &mut Rng,
) -> Vec<f32> {
    let mut target_idx = vec![u32::MAX; corpus.words.len()];
    for (i, &t) in targets.iter().enumerate() {
        target_idx[t as usize] = i as u32;
    }
    let ids = &corpus.ids;
    let mut pairs: Vec<u64> = Vec::with_capacity(ids.len() * 4);
    for i in 0..ids.len() {
        let w = ids[i];
        if w == BOUNDARY || target_idx[w as usize] == u32::MAX {
            continue;
        }
        let row = (target_idx[w as usize] as u64) << 32;
        for (pos, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
            // The boundary context stands for everything beyond the line's ends.
            let mut ctx = per_pos as u32 - 1;
            let mut j = i as isize;
            let step = off.signum();
            let mut ok = true;
            for _ in 0..off.abs() {
                j += step;
                if j < 0 || j as usize >= ids.len() || ids[j as usize] == BOUNDARY {
                    ok = false;
                    break;
                }
            }
            if ok {
                ctx = ctx_of[ids[j as usize] as usize];
            }
            pairs.push(row | ((pos * per_pos) as u64 + ctx as u64));
        }
    }
    pairs.sort_unstable();
    let n_feat = 4 * per_pos;
    let mut col = vec![0f64; n_feat];
    let mut rowsum = vec![0f64; targets.len()];
    let mut runs: Vec<(u64, u32)> = Vec::new();
    for p in pairs {
        match runs.last_mut() {
            Some((k, c)) if *k == p => *c += 1,
            _ => runs.push((p, 1)),
        }
    }
    for &(k, c) in &runs {
        col[(k & 0xFFFF_FFFF) as usize] += c as f64;
        rowsum[(k >> 32) as usize] += c as f64;
    }
    let total: f64 = col.iter().sum();
    let smooth: Vec<f64> = col.iter().map(|c| c.powf(0.75)).collect();
    let smooth_total: f64 = smooth.iter().sum();
    let d = opts.dims;
    let proj: Vec<f32> = (0..n_feat * d).map(|_| if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 }).collect();
    let mut out = vec![0f32; targets.len() * d];
    for &(k, c) in &runs {
        let (r, f) = ((k >> 32) as usize, (k & 0xFFFF_FFFF) as usize);
        // Rare neighbours (the unknown context) say nothing about the word.
        if f % per_pos == unk as usize {
            continue;
        }
        let w = if opts.ppmi {
            ((c as f64 / total) / ((rowsum[r] / total) * (smooth[f] / smooth_total))).ln()
        } else {
            (c as f64 / rowsum[r]).sqrt()
        };
        if w > 0.0 {
            let w = w as f32;
            for (o, p) in out[r * d..(r + 1) * d].iter_mut().zip(&proj[f * d..(f + 1) * d]) {
                *o += w * p;
            }
        }
    }
    for v in out.chunks_exact_mut(d) {
        normalize(v);
    }
    out
}

/// Clusters the corpus's frequent words at three nested granularities: per target, coarse→fine.
fn cluster(corpus: &Corpus, opts: &ClusterOptions, mut log: impl FnMut(&str)) -> Vec<(u32, [u16; 3])> {
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<u32> = (0..corpus.words.len() as u32)
        .filter(|&i| {
            corpus.counts[i as usize] >= opts.min_count && !corpus.words[i as usize].starts_with('<')
        })
        .collect();
    order.sort_by(|&a, &b| {
        corpus.counts[b as usize]
            .cmp(&corpus.counts[a as usize])
            .then(corpus.words[a as usize].cmp(&corpus.words[b as usize]))
    });
    order.truncate(opts.vocab);
    let targets = order;
    // Neighbours are read without proclitics (ولروسيا → روسيا): fewer, denser contexts.
    let mut stripped_counts: HashMap<&str, u64> = HashMap::new();
    let stripped: Vec<&str> = corpus
        .words
        .iter()
        .map(|w| {
            let s = clitics::segment(w).without_proclitics(w);
            if s.is_empty() { w.as_str() } else { s }
        })
        .collect();
    for (i, s) in stripped.iter().enumerate() {
        *stripped_counts.entry(s).or_default() += corpus.counts[i];
    }
    let mut ctx_words: Vec<(&str, u64)> = stripped_counts.into_iter().collect();
    ctx_words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let weights: Vec<f32> = targets.iter().map(|&t| (corpus.counts[t as usize] as f32).ln_1p()).collect();
    let [k0, k1, k2] = opts.k;
    let mut result = vec![[NO_CLUSTER; 3]; targets.len()];
    // Skip-gram vectors already see rare neighbours through their own vectors: one round.
    let rounds = if opts.sgns { 1 } else { opts.rounds };
    for round in 0..rounds {
        let (keep, extra) = if round == 0 { (opts.contexts, 0) } else { (opts.contexts / 2, k1) };
        let rank: HashMap<&str, u32> =
            ctx_words.iter().take(keep).enumerate().map(|(i, (w, _))| (*w, i as u32)).collect();
        let per_pos = keep + extra + 2;
        let unk = (keep + extra) as u32;
        let mut by_target = vec![u32::MAX; corpus.words.len()];
        if round > 0 {
            for (i, &t) in targets.iter().enumerate() {
                by_target[t as usize] = keep as u32 + result[i][1] as u32;
            }
        }
        let ctx_of: Vec<u32> = (0..corpus.words.len())
            .map(|w| match rank.get(stripped[w]) {
                Some(&r) => r,
                None if by_target[w] != u32::MAX => by_target[w],
                None => unk,
            })
            .collect();
        let (x, d) = if opts.sgns {
            let o = super::sgns::SgnsOptions::default();
            (super::sgns::vectors(&corpus.ids, BOUNDARY, &corpus.counts, &targets, &o, &mut rng), o.dims)
        } else {
            (vectors(corpus, &targets, &ctx_of, per_pos, unk, opts, &mut rng), opts.dims)
        };
        if opts.sgns {
            log(&format!("{} skip-gram vectors of {d} dimensions", targets.len()));
        } else {
            log(&format!(
                "round {}: {} vectors of {} context features",
                round + 1,
                targets.len(),
                4 * per_pos
            ));
        }
        let (fine, fine_c) = kmeans(&x, &weights, d, k2, opts.iterations, &mut rng);
        let mut fine_w = vec![0f32; fine_c.len() / d];
        for (i, &c) in fine.iter().enumerate() {
            fine_w[c as usize] += weights[i];
        }
        let (mid, mid_c) = kmeans(&fine_c, &fine_w, d, k1, opts.iterations * 3, &mut rng);
        let mut mid_w = vec![0f32; mid_c.len() / d];
        for (i, &c) in mid.iter().enumerate() {
            mid_w[c as usize] += fine_w[i];
        }
        let (coarse, _) = kmeans(&mid_c, &mid_w, d, k0, opts.iterations * 3, &mut rng);
        for (i, &f) in fine.iter().enumerate() {
            let m = mid[f as usize];
            result[i] = [coarse[m as usize] as u16, m as u16, f as u16];
        }
        log(&format!("round {} clustered", round + 1));
    }
    targets.into_iter().zip(result).collect()
}

/// ⌊log2(count + 1)⌋.
fn freq_bucket(count: u64) -> u8 {
    (64 - (count + 1).leading_zeros() - 1) as u8
}

/// Clusters, frequencies and gazetteer flags as one lexicon map.
pub fn build_lexicon(
    corpus: &Corpus,
    flags: &Flags,
    opts: &ClusterOptions,
    log: impl FnMut(&str),
) -> Result<BTreeMap<String, WordInfo>> {
    if corpus.tokens() == 0 {
        bail!("no text to cluster");
    }
    let mut lex = BTreeMap::new();
    for (id, clusters) in cluster(corpus, opts, log) {
        let w = &corpus.words[id as usize];
        let info = WordInfo { clusters, flags: 0, freq: freq_bucket(corpus.counts[id as usize]) };
        lex.insert(w.clone(), info);
    }
    for (w, &f) in flags {
        let e = lex
            .entry(w.clone())
            .or_insert_with(|| WordInfo { freq: freq_bucket(corpus.count(w)), ..WordInfo::default() });
        e.flags |= f;
    }
    Ok(lex)
}

/// `khabar train clusters`: reads the sources and gazetteers, writes the lexicon file.
pub fn build_file(
    src: &Sources,
    gazetteers: Option<&Path>,
    wikifane: Option<&Path>,
    out: &Path,
    opts: &ClusterOptions,
    mut log: impl FnMut(&str),
) -> Result<ClusterReport> {
    let started = Instant::now();
    let corpus = read_corpus(src)?;
    log(&format!("read {} tokens, {} distinct forms", corpus.tokens(), corpus.words.len()));
    let mut flags = match gazetteers {
        Some(dir) => super::gazetteers::load(dir)?,
        None => Flags::new(),
    };
    if let Some(p) = wikifane {
        super::gazetteers::wikifane(p, &mut flags)?;
    }
    let lex = build_lexicon(&corpus, &flags, opts, &mut log)?;
    let bytes = super::lexicon::build(&lex);
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    Ok(ClusterReport {
        tokens: corpus.tokens(),
        distinct_words: corpus.words.len(),
        clustered: lex.values().filter(|i| i.clusters[0] != NO_CLUSTER).count(),
        lexicon_entries: lex.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_slots_share_clusters() {
        let mut c = Corpus::new();
        for i in 0..60 {
            let city = ["موسكو", "باريس", "لندن"][i % 3];
            let verb = ["قال", "اعلن", "اكد"][i % 3];
            c.add_text(&format!("وصل الوفد الى {city} امس ، و {verb} المتحدث ان الزيارة مهمة"));
        }
        let opts = ClusterOptions {
            vocab: 100,
            min_count: 2,
            contexts: 50,
            dims: 32,
            k: [2, 4, 6],
            iterations: 10,
            rounds: 2,
            seed: 3,
            ppmi: false,
            sgns: false,
        };
        let lex = build_lexicon(&c, &Flags::new(), &opts, |_| {}).expect("clusters");
        let cl = |w: &str| lex[w].clusters;
        assert_eq!(cl("موسكو")[2], cl("باريس")[2]);
        assert_eq!(cl("موسكو")[2], cl("لندن")[2]);
        assert_eq!(cl("قال")[2], cl("اكد")[2]);
        let distinct: std::collections::BTreeSet<u16> = lex.values().map(|i| i.clusters[2]).collect();
        assert!(distinct.len() > 1, "all words in one cluster");
        let again = build_lexicon(&c, &Flags::new(), &opts, |_| {}).expect("clusters");
        assert_eq!(lex, again);
    }
}
