//! Salience: how central each entity is to the article, from how often and how early it is
//! mentioned. Demonyms count half: "Russian artillery" is about Russia less than "Russia" is.

use super::{Entity, MentionKind};

/// Weight of the mention count in the score; the rest is the earliness of the first mention.
const COUNT_WEIGHT: f64 = 0.7;

fn weight(kind: MentionKind) -> f64 {
    if kind == MentionKind::Demonym { 0.5 } else { 1.0 }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Fills `salience`, sorts by it (ties: earlier first mention, then name) and numbers the
/// entities `e1`, `e2`, … in that order. `chars` is the article length in characters.
pub fn rank(entities: &mut [Entity], chars: usize) {
    let total: usize = entities.iter().map(|e| e.mentions.len()).sum();
    let weighted: Vec<f64> =
        entities.iter().map(|e| e.mentions.iter().map(|m| weight(m.kind)).sum()).collect();
    let max = weighted.iter().copied().fold(0.0, f64::max);
    for (e, w) in entities.iter_mut().zip(weighted) {
        let first = e.mentions.iter().map(|m| m.span.start).min().unwrap_or(0);
        let first_position = if chars == 0 { 0.0 } else { first as f64 / chars as f64 };
        let share = if total == 0 { 0.0 } else { e.mentions.len() as f64 / total as f64 };
        let count_part = if max > 0.0 { w / max } else { 0.0 };
        e.salience.mention_share = round4(share);
        e.salience.first_position = round4(first_position);
        e.salience.score = round4(COUNT_WEIGHT * count_part + (1.0 - COUNT_WEIGHT) * (1.0 - first_position));
    }
    entities.sort_by(|a, b| {
        b.salience
            .score
            .total_cmp(&a.salience.score)
            .then(a.salience.first_position.total_cmp(&b.salience.first_position))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.wikidata.cmp(&b.wikidata))
    });
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
}
