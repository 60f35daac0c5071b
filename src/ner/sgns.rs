//! Word vectors by skip-gram with negative sampling, with one output table per context position
//! (−2, −1, +1, +2): a word is predicted from the words around it by where they stand, which
//! keeps the vectors syntactic (what matters for names) rather than topical.
//!
//! One thread and a seeded generator: the same corpus and options give the same vectors.

use super::hash::Rng;

/// Context offsets, each with its own output table.
const OFFSETS: [isize; 4] = [-2, -1, 1, 2];

/// Training settings.
#[derive(Clone, Debug)]
pub struct SgnsOptions {
    pub dims: usize,
    pub epochs: usize,
    pub negatives: usize,
    /// Start learning rate (decays linearly to nearly 0).
    pub rate: f32,
    /// Frequent centre words are skipped with probability 1 − √(t / f).
    pub subsample: f64,
}

impl Default for SgnsOptions {
    fn default() -> Self {
        SgnsOptions { dims: 64, epochs: 2, negatives: 5, rate: 0.025, subsample: 1e-4 }
    }
}

#[inline]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-8.0, 8.0)).exp())
}

/// Vectors (unit length, `dims` each, row `i` for `targets[i]`) of the target words of a corpus
/// given as word ids with line breaks `boundary`; `counts` are the corpus counts by word id.
pub fn vectors(
    ids: &[u32],
    boundary: u32,
    counts: &[u64],
    targets: &[u32],
    opts: &SgnsOptions,
    rng: &mut Rng,
) -> Vec<f32> {
    let d = opts.dims;
    let v = targets.len();
    // Words outside the targets share one row (the unknown word): they fill a slot, teach nothing.
    let unk = v as u32;
    let mut index = vec![unk; counts.len()];
    for (i, &t) in targets.iter().enumerate() {
        index[t as usize] = i as u32;
    }
    let seq: Vec<u32> =
        ids.iter().map(|&w| if w == boundary { u32::MAX } else { index[w as usize] }).collect();
    let total: f64 = targets.iter().map(|&t| counts[t as usize] as f64).sum();
    let keep: Vec<u64> = targets
        .iter()
        .map(|&t| {
            let f = counts[t as usize] as f64 / total.max(1.0);
            let p = ((opts.subsample / f).sqrt() + opts.subsample / f).min(1.0);
            (p * (1u64 << 53) as f64) as u64
        })
        .collect();
    // Negative samples from the unigram distribution raised to 0.75, by binary search.
    let mut cum = Vec::with_capacity(v);
    let mut acc = 0f64;
    for &t in targets {
        acc += (counts[t as usize] as f64).powf(0.75);
        cum.push(acc);
    }
    let mut win: Vec<f32> = (0..(v + 1) * d)
        .map(|_| ((rng.next_u64() >> 11) as f32 / (1u64 << 53) as f32 - 0.5) / d as f32)
        .collect();
    let mut wout = vec![0f32; OFFSETS.len() * (v + 1) * d];
    let steps = (opts.epochs * seq.len()).max(1) as f32;
    let mut step = 0usize;
    let mut grad = vec![0f32; d];
    for _ in 0..opts.epochs {
        for i in 0..seq.len() {
            step += 1;
            let w = seq[i];
            if w >= unk || (rng.next_u64() >> 11) >= keep[w as usize] {
                continue;
            }
            let rate = opts.rate * (1.0 - step as f32 / steps).max(1e-4);
            let wrow = w as usize * d;
            for (p, &off) in OFFSETS.iter().enumerate() {
                let j = i as isize + off;
                // Stop at the line's ends.
                let blocked = (1..=off.abs()).any(|k| {
                    let q = i as isize + k * off.signum();
                    q < 0 || q as usize >= seq.len() || seq[q as usize] == u32::MAX
                });
                if blocked {
                    continue;
                }
                let c = seq[j as usize];
                if c >= unk {
                    continue;
                }
                grad.iter_mut().for_each(|g| *g = 0.0);
                for k in 0..=opts.negatives {
                    let (o, label) = if k == 0 {
                        (c as usize, 1.0)
                    } else {
                        let r = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * acc;
                        let o = cum.partition_point(|&x| x <= r).min(v - 1);
                        if o == c as usize {
                            continue;
                        }
                        (o, 0.0)
                    };
                    let orow = (p * (v + 1) + o) * d;
                    let x = &win[wrow..wrow + d];
                    let y = &mut wout[orow..orow + d];
                    let dot: f32 = x.iter().zip(y.iter()).map(|(a, b)| a * b).sum();
                    let g = (label - sigmoid(dot)) * rate;
                    for ((gr, yv), xv) in grad.iter_mut().zip(y.iter_mut()).zip(x) {
                        *gr += g * *yv;
                        *yv += g * xv;
                    }
                }
                for (xv, g) in win[wrow..wrow + d].iter_mut().zip(&grad) {
                    *xv += g;
                }
            }
        }
    }
    win.truncate(v * d);
    for row in win.chunks_exact_mut(d) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            row.iter_mut().for_each(|x| *x /= n);
        }
    }
    win
}
