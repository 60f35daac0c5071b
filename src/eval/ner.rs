//! Entity-level NER scores counted the way conlleval (and seqeval's default mode) count them.
//!
//! An entity is a maximal run `B-X I-X …`, or a run that starts with an `I-X` after `O` or after a
//! tag of another type (conlleval treats such an orphan `I-` as a new entity rather than dropping
//! it). A predicted entity is correct only if its type and both boundaries equal a gold entity's.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::ner::conll::read_conll;
use crate::ner::{EntityType, Tag, Tagger};

/// One entity of a tag sequence: type and token range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub label: EntityType,
    pub start: usize,
    pub end: usize,
}

/// The entities of one sentence's tags, as conlleval delimits them.
pub fn chunks(tags: &[Tag]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<Chunk> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = matches!((tag, open), (Tag::I(t), Some(c)) if c.label == t);
        if continues {
            if let Some(c) = open.as_mut() {
                c.end = i + 1;
            }
            continue;
        }
        out.extend(open.take());
        if let Some(t) = tag.entity_type() {
            open = Some(Chunk { label: t, start: i, end: i + 1 });
        }
    }
    out.extend(open);
    out
}

const TYPES: [EntityType; 4] =
    [EntityType::Person, EntityType::Location, EntityType::Organization, EntityType::Misc];

/// Running counts of gold, predicted and correct entities per type, and token agreement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    gold: [usize; 4],
    predicted: [usize; 4],
    correct: [usize; 4],
    tokens: usize,
    tokens_correct: usize,
}

fn slot(t: EntityType) -> usize {
    TYPES.iter().position(|&x| x == t).unwrap_or(0)
}

impl Counts {
    /// Adds one sentence. The two sequences must have the same length.
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &g {
            self.gold[slot(c.label)] += 1;
        }
        for c in &p {
            self.predicted[slot(c.label)] += 1;
            if g.contains(c) {
                self.correct[slot(c.label)] += 1;
            }
        }
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(pred).filter(|(a, b)| a == b).count();
    }

    pub fn report(&self) -> NerReport {
        let per_type = TYPES
            .iter()
            .enumerate()
            .map(|(i, t)| Scores::new(t.conll(), self.gold[i], self.predicted[i], self.correct[i]))
            .collect();
        let sum = |a: &[usize; 4]| a.iter().sum::<usize>();
        NerReport {
            per_type,
            micro: Scores::new("micro", sum(&self.gold), sum(&self.predicted), sum(&self.correct)),
            tokens: self.tokens,
            token_accuracy: ratio(self.tokens_correct, self.tokens),
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Precision, recall and F1 (fractions in 0..1) with the counts behind them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Scores {
    fn new(label: &str, gold: usize, predicted: usize, correct: usize) -> Scores {
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Scores { label: label.to_owned(), precision, recall, f1, gold, predicted, correct }
    }
}

/// Entity-level scores per type and micro-averaged over all types.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NerReport {
    pub per_type: Vec<Scores>,
    pub micro: Scores,
    pub tokens: usize,
    pub token_accuracy: f64,
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}",
            "type", "P", "R", "F1", "gold", "pred", "ok"
        )?;
        for s in self.per_type.iter().chain(std::iter::once(&self.micro)) {
            writeln!(
                f,
                "{:<6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>6}",
                s.label,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                s.gold,
                s.predicted,
                s.correct
            )?;
        }
        write!(f, "tokens {}  token accuracy {:.2}", self.tokens, 100.0 * self.token_accuracy)
    }
}

/// Tags the gold tokens of a CoNLL file with `tagger` and scores the result; with `last`, only
/// that final fraction of the sentences is scored (the dev split `train ner --holdout` leaves out).
/// `context` > 0 lets names propagate from up to that many neighbouring sentences (the file's
/// stand-in for an article; see [`Tagger::tag_sentences_in_context`]).
pub fn eval_file(gold: &Path, tagger: &Tagger<'_>, last: Option<f64>, context: usize) -> Result<NerReport> {
    let text = std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let mut sentences = read_conll(&text).with_context(|| format!("parsing {}", gold.display()))?;
    if let Some(frac) = last {
        let n = holdout_len(sentences.len(), frac)?;
        sentences.drain(..sentences.len() - n);
    }
    if sentences.is_empty() {
        bail!("{} holds no sentences", gold.display());
    }
    let words: Vec<Vec<&str>> =
        sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let pred = tagger.tag_sentences_in_context(&words, context);
    let mut counts = Counts::default();
    for (s, p) in sentences.iter().zip(&pred) {
        counts.add(&s.tags, p);
    }
    Ok(counts.report())
}

/// Number of sentences in a final `frac` of `n` (rounded, at least one when `frac` > 0).
pub fn holdout_len(n: usize, frac: f64) -> Result<usize> {
    if !(0.0..1.0).contains(&frac) {
        bail!("the held-out fraction must be in [0, 1), got {frac}");
    }
    Ok(((n as f64 * frac).round() as usize).max(usize::from(frac > 0.0)).min(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| Tag::parse(t).expect("tag")).collect()
    }

    #[test]
    fn orphan_inside_tags_start_entities() {
        let c = chunks(&tags("I-LOC I-LOC O I-PERS B-PERS I-PERS I-ORG"));
        let want = [
            (EntityType::Location, 0, 2),
            (EntityType::Person, 3, 4),
            (EntityType::Person, 4, 6),
            (EntityType::Organization, 6, 7),
        ];
        assert_eq!(c.len(), want.len());
        for (c, (l, s, e)) in c.iter().zip(want) {
            assert_eq!((c.label, c.start, c.end), (l, s, e));
        }
    }

    /// Hand count. Gold entities: PERS[0,3) LOC[4,5) ORG[6,9) LOC[10,11) MISC[12,13) = 5.
    /// Predicted: PERS[0,2) (right boundary wrong), LOC[4,5) (correct), ORG[6,9) (correct),
    /// PERS[10,11) (type wrong), ORG[14,15) (spurious) = 5, of which 2 correct.
    #[test]
    fn hand_computed_scores_with_boundary_errors() {
        let gold = tags("B-PERS I-PERS I-PERS O B-LOC O B-ORG I-ORG I-ORG O B-LOC O B-MISC O O");
        let pred = tags("B-PERS I-PERS O O B-LOC O B-ORG I-ORG I-ORG O B-PERS O O O B-ORG");
        let mut c = Counts::default();
        c.add(&gold, &pred);
        let r = c.report();
        assert_eq!((r.micro.gold, r.micro.predicted, r.micro.correct), (5, 5, 2));
        assert!((r.micro.f1 - 0.4).abs() < 1e-12);
        let by = |l: &str| r.per_type.iter().find(|s| s.label == l).expect("type").clone();
        let pers = by("PERS");
        assert_eq!((pers.gold, pers.predicted, pers.correct), (1, 2, 0));
        let loc = by("LOC");
        assert_eq!((loc.gold, loc.predicted, loc.correct), (2, 1, 1));
        assert!((loc.precision - 1.0).abs() < 1e-12 && (loc.recall - 0.5).abs() < 1e-12);
        assert!((loc.f1 - 2.0 / 3.0).abs() < 1e-12);
        let org = by("ORG");
        assert_eq!((org.gold, org.predicted, org.correct), (1, 2, 1));
        let misc = by("MISC");
        assert_eq!((misc.gold, misc.predicted, misc.correct, misc.f1), (1, 0, 0, 0.0));
        // 15 tokens, 4 disagree (positions 2, 10, 12, 14).
        assert!((r.token_accuracy - 11.0 / 15.0).abs() < 1e-12);
    }

    /// A left-boundary error: gold B-ORG I-ORG I-ORG, prediction starts one token late as an
    /// orphan I-ORG run — one entity each, none correct.
    #[test]
    fn left_boundary_error_counts_as_miss_and_false_positive() {
        let mut c = Counts::default();
        c.add(&tags("B-ORG I-ORG I-ORG"), &tags("O I-ORG I-ORG"));
        let r = c.report();
        assert_eq!((r.micro.gold, r.micro.predicted, r.micro.correct), (1, 1, 0));
    }
}
