//! The trained model as stored: a dense table of quantized weight rows indexed directly by the
//! hashed feature id, plus transition scores, read in place (the embedded copy needs no parsing).
//!
//! ```text
//! magic "KHNERMD2" | bits u32 | lexicon checksum u64 | scale f32
//! transitions: (N_TAGS + 1) × N_TAGS i32 (rows 0..N_TAGS: previous tag; last row: sentence start)
//! weights: 2^bits × N_TAGS i8, score = value × scale
//! ```
//! Why dense and i8: tagging speed is bound by one memory access per feature; a direct-mapped
//! table of 2^17 rows × 9 bytes (1.2 MB) stays in the CPU's L2 cache, where a keyed hash table
//! with wider weights would not, and needs neither probing nor validation at load. The hashing
//! collisions this brings are already present in training, which uses the same `bits`.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Result, bail};

use super::tags::N_TAGS;

const MAGIC: &[u8; 8] = b"KHNERMD2";
const HEADER: usize = 8 + 4 + 8 + 4;
const TRANS: usize = (N_TAGS + 1) * N_TAGS * 4;

/// A model over borrowed bytes.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    pub bits: u32,
    pub lexicon_checksum: u64,
    /// Perceptron units per stored integer unit.
    pub scale: f32,
    pub trans: [[i32; N_TAGS]; N_TAGS],
    pub start: [i32; N_TAGS],
    weights: &'a [u8],
    /// Identifies this loaded model (see [`Model::stamp`]).
    stamp: u64,
}

/// The last stamp given to a loaded model.
static LAST_STAMP: AtomicU64 = AtomicU64::new(0);

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

impl<'a> Model<'a> {
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Model<'a>> {
        if bytes.len() < HEADER + TRANS || &bytes[..8] != MAGIC {
            bail!("not a khabar NER model of this version (bad magic)");
        }
        let bits = u32_at(bytes, 8);
        let lexicon_checksum = u64::from_le_bytes(bytes[12..20].try_into()?);
        let scale = f32::from_le_bytes(bytes[20..24].try_into()?);
        if !(4..=26).contains(&bits) {
            bail!("corrupt NER model header (bits {bits})");
        }
        let w0 = HEADER + TRANS;
        if bytes.len() != w0 + (1usize << bits) * N_TAGS {
            bail!("corrupt NER model: size {} does not match its header", bytes.len());
        }
        let t = &bytes[HEADER..w0];
        let at = |r: usize, c: usize| u32_at(t, (r * N_TAGS + c) * 4) as i32;
        let trans = std::array::from_fn(|p| std::array::from_fn(|n| at(p, n)));
        let start = std::array::from_fn(|n| at(N_TAGS, n));
        let stamp = LAST_STAMP.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(Model { bits, lexicon_checksum, scale, trans, start, weights: &bytes[w0..], stamp })
    }

    /// A number no other model loaded in this process has (never 0; copies of a model share
    /// it): the weights are borrowed and immutable, so scores cached under a stamp stay valid.
    /// Comparing addresses instead would not do, as a freed model's bytes may be reallocated
    /// to the next one, and a checksum of the weights would cost a pass over the whole table.
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// Adds the weight row of feature `f` to `acc` (an id outside the table scores nothing).
    #[inline]
    pub fn add_row(&self, acc: &mut [i32; N_TAGS], f: u32) {
        let i = f as usize * N_TAGS;
        // A fixed-size row lets the compiler widen all nine bytes at once.
        if let Some(row) = self.weights.get(i..i + N_TAGS).and_then(|r| <&[u8; N_TAGS]>::try_from(r).ok()) {
            for (a, &v) in acc.iter_mut().zip(row) {
                *a += v as i8 as i32;
            }
        }
    }

    /// Number of feature rows with a non-zero weight.
    pub fn n_features(&self) -> usize {
        self.weights.chunks_exact(N_TAGS).filter(|r| r.iter().any(|&v| v != 0)).count()
    }

    /// Emission scores of each token from its features (`offsets` as the featurizer writes them).
    /// Feature ids are below 2^bits by construction; an id outside the table scores nothing.
    pub fn emissions(&self, feats: &[u32], offsets: &[u32], out: &mut Vec<[i32; N_TAGS]>) {
        out.clear();
        for w in offsets.windows(2) {
            let mut acc = [0i32; N_TAGS];
            for &f in feats.get(w[0] as usize..w[1] as usize).unwrap_or(&[]) {
                self.add_row(&mut acc, f);
            }
            out.push(acc);
        }
    }
}

/// Float weights as training leaves them, to be quantized and stored.
pub struct FloatModel<'w> {
    pub bits: u32,
    pub lexicon_checksum: u64,
    /// Row-major `[feature][tag]`, `2^bits` rows.
    pub weights: &'w [f32],
    pub trans: [[f32; N_TAGS]; N_TAGS],
    pub start: [f32; N_TAGS],
}

/// Quantizes the weights to i8 with one global scale. The scale is set by a high quantile of
/// the weights' magnitudes rather than the maximum (the few largest weights are clipped), which
/// keeps resolution for the many small weights that decide close calls.
pub fn serialize(m: &FloatModel<'_>) -> Vec<u8> {
    let mut mags: Vec<f32> = m.weights.iter().map(|w| w.abs()).filter(|&w| w > 0.0).collect();
    mags.sort_by(f32::total_cmp);
    let q999 = mags.last().copied().unwrap_or(1.0);
    let scale = if q999 > 0.0 { q999 / 127.0 } else { 1.0 };
    let mut out = Vec::with_capacity(HEADER + TRANS + m.weights.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&m.bits.to_le_bytes());
    out.extend_from_slice(&m.lexicon_checksum.to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for row in m.trans.iter().chain(std::iter::once(&m.start)) {
        for &w in row {
            out.extend_from_slice(&((w / scale).round() as i32).to_le_bytes());
        }
    }
    out.extend(m.weights.iter().map(|&w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8));
    out
}
