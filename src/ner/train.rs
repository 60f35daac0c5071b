//! Training: averaged structured perceptrons over hashed features, first-order transitions and
//! BIO-constrained Viterbi — the same decoder the tagger uses, so training optimizes what ships —
//! and the mean of several of them as the stored model ([`MEMBERS`]).
//!
//! Deterministic by construction: sentence order comes from a seeded generator, updates are
//! applied in a fixed order in f32, the perceptrons (trained on separate threads) are summed in
//! member order, and serialization sorts what it writes; the same data, lexicon and options give
//! a byte-identical model.

use std::time::Instant;

use anyhow::{Result, bail};
use serde::Serialize;

use super::conll::ConllSentence;
use super::decode::viterbi;
use super::features::{DOC_WINDOW, Featurizer, IDENTITY, Input, Kind};
use super::hash::Rng;
use super::lexicon::Lexicon;
use super::model::{FloatModel, serialize};
use super::tags::N_TAGS;
use crate::eval::ner::Counts;
use crate::text::clitics;
use crate::text::normalize::{NormalizeOptions, normalize_str};

/// Training settings (the defaults build the shipped model).
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the hashed feature space.
    pub bits: u32,
    /// Probability of hiding a token's word-identity features in a training step (feature
    /// dropout): without it the perceptron explains the training data by memorized words and
    /// leaves the cluster, affix and context features — the ones unseen names have — underused.
    pub dropout: f64,
    /// Subtracted from the `O` score of every token after training: trades precision for recall.
    pub o_penalty: f32,
    /// Extra sentences (mapped WikiFANE) take part in this many first epochs.
    pub extra_epochs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, seed: 1, bits: 17, dropout: 0.3, o_penalty: 10.0, extra_epochs: 0 }
    }
}

/// What a training run did, for the CLI to print.
#[derive(Clone, Debug, Serialize)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    /// Epochs of the first of the averaged models.
    pub epochs: Vec<EpochReport>,
    /// Models averaged into the stored one ([`MEMBERS`]).
    pub members: usize,
    /// Micro F1 of the averaged (not yet quantized) weights on the dev set, when one is given.
    pub dev_f1: Option<f64>,
    pub stored_features: usize,
    pub model_bytes: usize,
    pub seconds: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    /// Training sentences whose prediction differed from gold (before the update).
    pub mistakes: usize,
    /// Micro F1 of the averaged weights on the dev set, when one is given.
    pub dev_f1: Option<f64>,
}

/// A gold token prepared the way the tagger sees tokens: normalized, segmented, classified.
pub struct Prepared {
    pub forms: Vec<String>,
    pub segs: Vec<crate::text::Segmentation>,
    pub kinds: Vec<Kind>,
}

/// Normalizes and segments gold-file words as [`super::Tagger::tag_words`] does.
pub fn prepare(words: &[&str]) -> Prepared {
    let opts = NormalizeOptions::default();
    let forms: Vec<String> = words.iter().map(|w| normalize_str(w, &opts)).collect();
    let kinds: Vec<Kind> = forms.iter().map(|f| Kind::of_str(f)).collect();
    let segs = forms
        .iter()
        .zip(&kinds)
        .map(|(f, k)| {
            if *k == Kind::Word && f.chars().all(crate::text::tokenize::is_arabic_letter) {
                clitics::segment(f)
            } else {
                Default::default()
            }
        })
        .collect();
    Prepared { forms, segs, kinds }
}

impl Prepared {
    pub fn inputs(&self) -> Vec<Input<'_>> {
        self.forms
            .iter()
            .zip(&self.segs)
            .zip(&self.kinds)
            .map(|((f, s), k)| Input { form: f, seg: *s, kind: *k })
            .collect()
    }
}

/// Featurizes prepared sentences that follow each other as one article ([`Featurizer::article`],
/// [`DOC_WINDOW`]); returns each sentence's token range into `offsets`.
pub fn featurize_article(
    fz: &Featurizer<'_>,
    prepared: &[Prepared],
    feats: &mut Vec<u32>,
    offsets: &mut Vec<u32>,
) -> Vec<std::ops::Range<usize>> {
    let mut inputs = Vec::new();
    let mut ranges = Vec::with_capacity(prepared.len());
    for p in prepared {
        let start = inputs.len();
        inputs.extend(p.inputs());
        ranges.push(start..inputs.len());
    }
    fz.article(&inputs, &ranges, DOC_WINDOW, feats, offsets);
    ranges
}

struct Example {
    feats: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<usize>,
}

/// Featurizes sentences that follow each other in a file as one article (see
/// [`Featurizer::article`]): ANERcorp keeps each article's sentences together.
fn featurize(fz: &Featurizer<'_>, sents: &[ConllSentence]) -> Vec<Example> {
    let prepared: Vec<Prepared> =
        sents.iter().map(|s| prepare(&s.words.iter().map(String::as_str).collect::<Vec<_>>())).collect();
    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
    let ranges = featurize_article(fz, &prepared, &mut feats, &mut offsets);
    sents
        .iter()
        .zip(&ranges)
        .map(|(s, r)| {
            let (lo, hi) = (offsets[r.start] as usize, offsets[r.end] as usize);
            Example {
                feats: feats[lo..hi].to_vec(),
                offsets: offsets[r.start..=r.end].iter().map(|&o| o - lo as u32).collect(),
                gold: s.tags.iter().map(|t| t.index()).collect(),
            }
        })
        .collect()
}

/// Perceptron state with lazy averaging: `avg = w - u / c`.
struct Perceptron {
    w: Vec<f32>,
    u: Vec<f32>,
    tw: [[f32; N_TAGS]; N_TAGS],
    tu: [[f32; N_TAGS]; N_TAGS],
    sw: [f32; N_TAGS],
    su: [f32; N_TAGS],
    c: f32,
}

impl Perceptron {
    fn emissions(&self, ex: &Example, drop: &[bool]) -> Vec<[f32; N_TAGS]> {
        ex.offsets
            .windows(2)
            .enumerate()
            .map(|(t, r)| {
                let mut acc = [0f32; N_TAGS];
                let from = r[0] as usize + if drop.get(t) == Some(&true) { IDENTITY } else { 0 };
                for &f in &ex.feats[from..r[1] as usize] {
                    let row = &self.w[f as usize * N_TAGS..f as usize * N_TAGS + N_TAGS];
                    for y in 0..N_TAGS {
                        acc[y] += row[y];
                    }
                }
                acc
            })
            .collect()
    }

    fn bump(&mut self, f: u32, y: usize, d: f32) {
        let i = f as usize * N_TAGS + y;
        self.w[i] += d;
        self.u[i] += self.c * d;
    }

    /// One perceptron step on one sentence; returns whether the prediction was wrong.
    fn step(&mut self, ex: &Example, drop: &[bool]) -> bool {
        let emit = self.emissions(ex, drop);
        let pred = viterbi(&emit, &self.tw, &self.sw);
        let wrong = pred != ex.gold;
        if wrong {
            for t in 0..pred.len() {
                let (g, p) = (ex.gold[t], pred[t]);
                if g != p {
                    let from = ex.offsets[t] as usize + if drop[t] { IDENTITY } else { 0 };
                    for k in from..ex.offsets[t + 1] as usize {
                        let f = ex.feats[k];
                        self.bump(f, g, 1.0);
                        self.bump(f, p, -1.0);
                    }
                }
                let (gp, pp) = if t == 0 { (None, None) } else { (Some(ex.gold[t - 1]), Some(pred[t - 1])) };
                if (gp, g) != (pp, p) {
                    match gp {
                        Some(a) => {
                            self.tw[a][g] += 1.0;
                            self.tu[a][g] += self.c;
                        }
                        None => {
                            self.sw[g] += 1.0;
                            self.su[g] += self.c;
                        }
                    }
                    match pp {
                        Some(a) => {
                            self.tw[a][p] -= 1.0;
                            self.tu[a][p] -= self.c;
                        }
                        None => {
                            self.sw[p] -= 1.0;
                            self.su[p] -= self.c;
                        }
                    }
                }
            }
        }
        self.c += 1.0;
        wrong
    }

    fn averaged(&self) -> (Vec<f32>, [[f32; N_TAGS]; N_TAGS], [f32; N_TAGS]) {
        let c = self.c;
        let w = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let t = std::array::from_fn(|p| std::array::from_fn(|n| self.tw[p][n] - self.tu[p][n] / c));
        let s = std::array::from_fn(|n| self.sw[n] - self.su[n] / c);
        (w, t, s)
    }
}

/// How many perceptrons, each from its own seeded sentence order and dropout, are averaged into
/// the stored model. One perceptron's weights depend much on the order it saw the sentences in
/// (retraining with another seed moves dev F1 by ±0.5–1); the average of sixteen is steadier and
/// better (+1.1 micro F1 on the mean of four dev folds, every fold up), and tags exactly as fast:
/// it is one table of the same size.
const MEMBERS: usize = 16;

/// The seed of member `m` of the average.
fn member_seed(seed: u64, m: usize) -> u64 {
    super::hash::mix(seed, m as u64)
}

/// Averaged weights (with the `O` penalty applied), transitions, start scores, and the epochs.
type Fitted = (Vec<f32>, [[f32; N_TAGS]; N_TAGS], [f32; N_TAGS], Vec<EpochReport>);

/// Micro F1 of float weights on featurized examples.
fn score(w: &[f32], trans: &[[f32; N_TAGS]; N_TAGS], start: &[f32; N_TAGS], examples: &[Example]) -> f64 {
    let scorer =
        Perceptron { w: w.to_vec(), u: Vec::new(), tw: *trans, tu: *trans, sw: *start, su: *start, c: 1.0 };
    let mut counts = Counts::default();
    let to = |v: &[usize]| v.iter().map(|&i| super::Tag::from_index(i)).collect::<Vec<_>>();
    for ex in examples {
        let emit = scorer.emissions(ex, &[]);
        counts.add(&to(&ex.gold), &to(&viterbi(&emit, &scorer.tw, &scorer.sw)));
    }
    counts.report().micro.f1
}

/// One averaged perceptron over `examples` (and `extra` in the first epochs), its sentence
/// order and dropout drawn from `seed`; scores `dev` after each epoch and subtracts the `O`
/// penalty from the row of the `bias` feature.
fn fit(
    examples: &[Example],
    extra: &[Example],
    dev: &[Example],
    opts: &TrainOptions,
    seed: u64,
    bias: u32,
    mut log: impl FnMut(&EpochReport),
) -> Fitted {
    let size = (1usize << opts.bits) * N_TAGS;
    let mut p = Perceptron {
        w: vec![0.0; size],
        u: vec![0.0; size],
        tw: [[0.0; N_TAGS]; N_TAGS],
        tu: [[0.0; N_TAGS]; N_TAGS],
        sw: [0.0; N_TAGS],
        su: [0.0; N_TAGS],
        c: 1.0,
    };
    let penalized = |p: &Perceptron| {
        let (mut w, t, s) = p.averaged();
        w[bias as usize * N_TAGS] -= opts.o_penalty;
        (w, t, s)
    };
    let mut rng = Rng::new(seed);
    let mut epochs = Vec::new();
    for epoch in 1..=opts.epochs {
        let with_extra = epoch <= opts.extra_epochs;
        let n = examples.len() + if with_extra { extra.len() } else { 0 };
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        let mut drop = Vec::new();
        for &i in &order {
            let ex = if i < examples.len() { &examples[i] } else { &extra[i - examples.len()] };
            drop.clear();
            let threshold = (opts.dropout * (1u64 << 53) as f64) as u64;
            drop.extend((0..ex.gold.len()).map(|_| (rng.next_u64() >> 11) < threshold));
            mistakes += usize::from(p.step(ex, &drop));
        }
        let dev_f1 = (!dev.is_empty()).then(|| {
            let (w, t, s) = penalized(&p);
            score(&w, &t, &s, dev)
        });
        let r = EpochReport { epoch, mistakes, dev_f1 };
        log(&r);
        epochs.push(r);
    }
    let (w, t, s) = penalized(&p);
    (w, t, s, epochs)
}

/// Trains [`MEMBERS`] perceptrons on `train` (scoring `dev` after each epoch of the first, and the
/// average at the end, if given) and returns the serialized average.
pub fn train(
    train: &[ConllSentence],
    extra: &[ConllSentence],
    dev: Option<&[ConllSentence]>,
    lexicon: Lexicon<'_>,
    sgns: Lexicon<'_>,
    opts: &TrainOptions,
    mut log: impl FnMut(&EpochReport),
) -> Result<(Vec<u8>, TrainReport)> {
    if train.is_empty() {
        bail!("no training sentences");
    }
    if !(10..=26).contains(&opts.bits) {
        bail!("--bits must be in 10..=26");
    }
    let started = Instant::now();
    let fz = Featurizer { lexicon, sgns, bits: opts.bits };
    let examples = featurize(&fz, train);
    let extra_examples = featurize(&fz, extra);
    let dev_examples = featurize(&fz, dev.unwrap_or(&[]));
    let bias = fz.bias_feature();
    // Member 0 runs here and reports its epochs; the others run beside it. Each result is
    // added in member order, so the sum (and the model) does not depend on thread timing.
    let (first, others) = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..MEMBERS)
            .map(|m| {
                let (examples, extra) = (&examples, &extra_examples);
                scope.spawn(move || fit(examples, extra, &[], opts, member_seed(opts.seed, m), bias, |_| {}))
            })
            .collect();
        let first =
            fit(&examples, &extra_examples, &dev_examples, opts, member_seed(opts.seed, 0), bias, &mut log);
        (first, handles.into_iter().map(|h| h.join()).collect::<Vec<_>>())
    });
    let (mut w, mut trans, mut start, epochs) = first;
    for other in others {
        let Ok((ow, ot, os, _)) = other else { bail!("a training thread panicked") };
        w.iter_mut().zip(&ow).for_each(|(a, b)| *a += b);
        for y in 0..N_TAGS {
            for z in 0..N_TAGS {
                trans[y][z] += ot[y][z];
            }
            start[y] += os[y];
        }
    }
    let k = MEMBERS as f32;
    w.iter_mut().for_each(|x| *x /= k);
    trans.iter_mut().flatten().for_each(|x| *x /= k);
    start.iter_mut().for_each(|x| *x /= k);
    let dev_f1 = (!dev_examples.is_empty()).then(|| score(&w, &trans, &start, &dev_examples));
    let bytes = serialize(&FloatModel {
        bits: opts.bits,
        lexicon_checksum: super::features::tables_checksum(&lexicon, &sgns),
        weights: &w,
        trans,
        start,
    });
    let stored = super::model::Model::from_bytes(&bytes)?.n_features();
    let report = TrainReport {
        sentences: train.len(),
        tokens: train.iter().map(|s| s.words.len()).sum(),
        epochs,
        members: MEMBERS,
        dev_f1,
        stored_features: stored,
        model_bytes: bytes.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    Ok((bytes, report))
}
