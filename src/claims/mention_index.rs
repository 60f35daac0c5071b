//! Entity mentions ordered by position, so that the claim pass asks "which mentions overlap this
//! span / lie inside this span" in time proportional to the answer rather than to the article's
//! whole mention list (a 1 MB article has tens of thousands of mentions and thousands of claims).

use crate::entities::{Entity, MentionKind};
use crate::text::Span;

/// One mention with the place it has in `entities` (entity index, mention index): answers that
/// break ties by that order stay identical to a scan over `entities`.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    pub span: Span,
    pub kind: MentionKind,
    pub entity: usize,
    pub mention: usize,
}

/// Mentions sorted by start, with the running maximum of their ends: mentions may overlap (two
/// entities can claim nested spans), so a backward walk stops only once no earlier mention can
/// reach the query.
pub struct MentionIndex {
    by_start: Vec<Placed>,
    max_end: Vec<usize>,
}

impl MentionIndex {
    pub fn new(entities: &[Entity]) -> MentionIndex {
        let mut by_start: Vec<Placed> = entities
            .iter()
            .enumerate()
            .flat_map(|(e, ent)| {
                ent.mentions.iter().enumerate().map(move |(m, x)| Placed {
                    span: x.span,
                    kind: x.kind,
                    entity: e,
                    mention: m,
                })
            })
            .collect();
        by_start.sort_by_key(|p| (p.span.start, p.entity, p.mention));
        let mut max_end = Vec::with_capacity(by_start.len());
        let mut m = 0;
        for p in &by_start {
            m = m.max(p.span.end);
            max_end.push(m);
        }
        MentionIndex { by_start, max_end }
    }

    pub fn is_empty(&self) -> bool {
        self.by_start.is_empty()
    }

    /// Mentions sharing at least one character with `s`, in no particular order.
    pub fn overlapping(&self, s: Span) -> impl Iterator<Item = &Placed> {
        let hi = self.by_start.partition_point(|p| p.span.start < s.end);
        (0..hi)
            .rev()
            .take_while(move |&i| self.max_end[i] > s.start)
            .map(|i| &self.by_start[i])
            .filter(move |p| p.span.overlap(s) > 0)
    }

    /// Mentions inside `s` (`s.contains(span)`), by start.
    pub fn inside(&self, s: Span) -> impl Iterator<Item = &Placed> {
        let lo = self.by_start.partition_point(|p| p.span.start < s.start);
        self.by_start[lo..]
            .iter()
            .take_while(move |p| p.span.start <= s.end)
            .filter(move |p| s.contains(p.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EntityMention, Salience};
    use crate::ner::EntityType;

    fn entity(id: &str, spans: &[(usize, usize)]) -> Entity {
        Entity {
            id: id.to_owned(),
            name: id.to_owned(),
            name_ar: id.to_owned(),
            entity_type: EntityType::Person,
            subtype: None,
            wikidata: None,
            mentions: spans
                .iter()
                .map(|&(s, e)| EntityMention {
                    span: Span::new(s, e),
                    text: String::new(),
                    kind: MentionKind::Name,
                })
                .collect(),
            count: spans.len(),
            salience: Salience::default(),
        }
    }

    /// The index answers exactly what a scan over every mention answers, for every query span
    /// over a small range, with nested, overlapping, touching and empty mentions.
    #[test]
    fn index_equals_scan() {
        let ents = vec![
            entity("e1", &[(0, 10), (12, 14), (30, 31)]),
            entity("e2", &[(2, 4), (9, 13), (20, 20)]),
            entity("e3", &[(5, 25), (14, 16)]),
        ];
        let idx = MentionIndex::new(&ents);
        let all: Vec<Placed> = idx.by_start.clone();
        for a in 0..33 {
            for b in a..33 {
                let s = Span::new(a, b);
                let mut got: Vec<(usize, usize)> =
                    idx.overlapping(s).map(|p| (p.entity, p.mention)).collect();
                let mut want: Vec<(usize, usize)> =
                    all.iter().filter(|p| p.span.overlap(s) > 0).map(|p| (p.entity, p.mention)).collect();
                got.sort_unstable();
                want.sort_unstable();
                assert_eq!(got, want, "overlapping {s:?}");
                let got: Vec<(usize, usize)> = idx.inside(s).map(|p| (p.entity, p.mention)).collect();
                let want: Vec<(usize, usize)> =
                    all.iter().filter(|p| s.contains(p.span)).map(|p| (p.entity, p.mention)).collect();
                assert_eq!(got, want, "inside {s:?}");
            }
        }
    }
}
