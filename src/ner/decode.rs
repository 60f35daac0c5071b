//! Viterbi decoding under BIO constraints, with max-marginals for confidence.

use super::tags::{N_TAGS, Tag, all_tags};

/// Scores of a first-order model: `trans[prev][next]`, and `start[tag]` for the first token.
/// Forbidden moves (an `I-X` not after `B-X`/`I-X`) are excluded by the decoder itself.
pub trait Score: Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self> {
    const NEG: Self;
    const ZERO: Self;
}

impl Score for f32 {
    const NEG: f32 = f32::NEG_INFINITY;
    const ZERO: f32 = 0.0;
}

impl Score for i32 {
    const NEG: i32 = i32::MIN / 4;
    const ZERO: i32 = 0;
}

fn allowed() -> [[bool; N_TAGS]; N_TAGS] {
    let tags = all_tags();
    std::array::from_fn(|p| std::array::from_fn(|n| tags[p].allows(tags[n])))
}

/// `trans` with every forbidden move scored [`Score::NEG`], so that the inner loops take a
/// plain maximum with no test per move. A path through a forbidden move (or from a state no
/// path reaches) scores at or below `NEG` plus one move, far under any path the constraints
/// allow, and every tag after the first token has an allowed path (from `O` or `B-X`); so the
/// best paths and scores are those of the constrained search.
fn masked<S: Score>(trans: &[[S; N_TAGS]; N_TAGS]) -> [[S; N_TAGS]; N_TAGS] {
    let ok = allowed();
    std::array::from_fn(|p| std::array::from_fn(|n| if ok[p][n] { trans[p][n] } else { S::NEG }))
}

/// The forward pass of both decoders: for each token, the best score of a path ending in each
/// tag (`NEG` where none may), and the previous tag on that path (the first such tag, as a
/// running maximum would keep; 0 where none).
fn forward<S: Score>(
    emit: &[[S; N_TAGS]],
    trans: &[[S; N_TAGS]; N_TAGS],
    start: &[S; N_TAGS],
) -> (Vec<[S; N_TAGS]>, Vec<[u8; N_TAGS]>) {
    let n = emit.len();
    let tags = all_tags();
    let trans = masked(trans);
    // Moves into each tag, in a row: the scores from every previous tag sit side by side.
    let into: [[S; N_TAGS]; N_TAGS] = std::array::from_fn(|y| std::array::from_fn(|p| trans[p][y]));
    let mut alpha = vec![[S::NEG; N_TAGS]; n];
    let mut back = vec![[0u8; N_TAGS]; n];
    if let Some(first) = alpha.first_mut() {
        *first = std::array::from_fn(|y| if tags[y].can_start() { start[y] + emit[0][y] } else { S::NEG });
    }
    for t in 1..n {
        let prev = alpha[t - 1];
        for y in 0..N_TAGS {
            let s: [S; N_TAGS] = std::array::from_fn(|p| prev[p] + into[y][p]);
            let best = s.iter().fold(S::NEG, |b, &v| if v > b { v } else { b });
            if best > S::NEG {
                alpha[t][y] = best + emit[t][y];
                back[t][y] = s.iter().position(|&v| v == best).unwrap_or(0) as u8;
            }
        }
    }
    (alpha, back)
}

/// The path that ends in the best last tag, followed back through `back`.
fn backtrace<S: Score>(alpha: &[[S; N_TAGS]], back: &[[u8; N_TAGS]]) -> Vec<usize> {
    let Some(last) = alpha.last() else { return Vec::new() };
    let mut y = (0..N_TAGS).fold(0, |b, y| if last[y] > last[b] { y } else { b });
    let mut path = vec![0usize; alpha.len()];
    for t in (0..alpha.len()).rev() {
        path[t] = y;
        y = back[t][y] as usize;
    }
    path
}

/// The best tag sequence (tag indices) for `emit` (one row of tag scores per token).
pub fn viterbi<S: Score>(
    emit: &[[S; N_TAGS]],
    trans: &[[S; N_TAGS]; N_TAGS],
    start: &[S; N_TAGS],
) -> Vec<usize> {
    let (alpha, back) = forward(emit, trans, start);
    backtrace(&alpha, &back)
}

/// The best path and, for each token, how much it beats the best path that gives the token
/// another tag (max-marginal margin, ≥ 0; small margins mark uncertain decisions).
///
/// One forward pass serves both: its max-scores are Viterbi's, kept with back-pointers, and
/// a backward pass of max-scores completes the max-marginals.
pub fn viterbi_margins(
    emit: &[[i32; N_TAGS]],
    trans: &[[i32; N_TAGS]; N_TAGS],
    start: &[i32; N_TAGS],
) -> (Vec<usize>, Vec<i32>) {
    let n = emit.len();
    let (alpha, back) = forward(emit, trans, start);
    let path = backtrace(&alpha, &back);
    let trans = masked(trans);
    // Moves into each tag, in a row, for the backward pass to run across tags.
    let into: [[i32; N_TAGS]; N_TAGS] = std::array::from_fn(|q| std::array::from_fn(|y| trans[y][q]));
    let neg = i32::NEG;
    // Sentences without a name need no margins: nobody reads them.
    if path.iter().all(|&y| y == 0) {
        return (path, vec![0; n]);
    }
    let mut margins = vec![0i32; n];
    let mut beta = [0i32; N_TAGS];
    for t in (0..n).rev() {
        let mut chosen = neg;
        let mut other = neg;
        for y in 0..N_TAGS {
            let mm = if alpha[t][y] > neg && beta[y] > neg { alpha[t][y] + beta[y] } else { neg };
            if y == path[t] {
                chosen = mm;
            } else {
                other = other.max(mm);
            }
        }
        margins[t] = (chosen - other).max(0);
        if t > 0 {
            let mut best = [neg; N_TAGS];
            for (q, moves) in into.iter().enumerate() {
                let next = emit[t][q] + beta[q];
                for (b, &m) in best.iter_mut().zip(moves) {
                    *b = (*b).max(m + next);
                }
            }
            beta = best;
        }
    }
    (path, margins)
}

/// Tags of a path of indices.
pub fn to_tags(path: &[usize]) -> Vec<Tag> {
    path.iter().map(|&i| Tag::from_index(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::EntityType;

    #[test]
    fn bio_constraint_forbids_orphan_inside() {
        // Emissions prefer I-PERS at token 0, which may not start a sentence.
        let mut e = [[0i32; N_TAGS]; 2];
        let ip = Tag::I(EntityType::Person).index();
        let bp = Tag::B(EntityType::Person).index();
        e[0][ip] = 10;
        e[0][bp] = 5;
        e[1][ip] = 10;
        let trans = [[0i32; N_TAGS]; N_TAGS];
        let path = viterbi(&e, &trans, &[0; N_TAGS]);
        assert_eq!(path, vec![bp, ip]);
        let (p2, m) = viterbi_margins(&e, &trans, &[0; N_TAGS]);
        assert_eq!(p2, path);
        assert_eq!(m[0], 15);
    }

    /// Every BIO-allowed tag sequence of `emit`, by brute force: (best score, best sequences).
    fn brute_force(
        emit: &[[i32; N_TAGS]],
        trans: &[[i32; N_TAGS]; N_TAGS],
        start: &[i32; N_TAGS],
    ) -> (i32, Vec<Vec<usize>>) {
        let tags = all_tags();
        let n = emit.len();
        let (mut best, mut argbest) = (i32::MIN, Vec::new());
        for code in 0..N_TAGS.pow(n as u32) {
            let seq: Vec<usize> = (0..n).map(|t| code / N_TAGS.pow(t as u32) % N_TAGS).collect();
            if !tags[seq[0]].can_start() || seq.windows(2).any(|w| !tags[w[0]].allows(tags[w[1]])) {
                continue;
            }
            let score = start[seq[0]]
                + (0..n).map(|t| emit[t][seq[t]]).sum::<i32>()
                + seq.windows(2).map(|w| trans[w[0]][w[1]]).sum::<i32>();
            if score > best {
                (best, argbest) = (score, vec![seq]);
            } else if score == best {
                argbest.push(seq);
            }
        }
        (best, argbest)
    }

    #[test]
    fn both_decoders_find_a_best_allowed_path() {
        let mut rng = crate::ner::hash::Rng::new(7);
        let mut small = || (rng.next_u64() % 41) as i32 - 20;
        for n in 1..=4 {
            for _ in 0..40 {
                let emit: Vec<[i32; N_TAGS]> = (0..n).map(|_| std::array::from_fn(|_| small())).collect();
                let trans: [[i32; N_TAGS]; N_TAGS] =
                    std::array::from_fn(|_| std::array::from_fn(|_| small()));
                let start: [i32; N_TAGS] = std::array::from_fn(|_| small());
                let (best, argbest) = brute_force(&emit, &trans, &start);
                let path = viterbi(&emit, &trans, &start);
                assert!(argbest.contains(&path), "viterbi {path:?} not among {argbest:?} (score {best})");
                let (p2, margins) = viterbi_margins(&emit, &trans, &start);
                assert!(argbest.contains(&p2), "viterbi_margins {p2:?} not among {argbest:?}");
                assert!(margins.iter().all(|&m| m >= 0));
                if argbest.len() > 1 {
                    assert!(margins.contains(&0), "a tie leaves some decision with no margin");
                }
            }
        }
    }
}
