//! Article-level consistency: a name the tagger found confidently in one sentence is the same
//! name where it recurs, with or without clitics (بوتين … لبوتين), and a person's family name
//! alone refers back to the full name (فلاديمير بوتين … بوتين). A sentence-level tagger misses
//! such repeats when their local context is poor; propagating them is a cheap recall gain.
//!
//! Works on plain token forms so that it serves both khabar's own tokens ([`super::Tagger::tag`])
//! and gold-file tokens ([`super::Tagger::tag_sentences_in_context`]).

use std::ops::Range;

use super::EntityType;
use super::hash::FastMap;

/// Only mentions at least this confident seed propagation.
const MIN_SOURCE: f32 = 0.6;
/// A one-word name needs more confidence: one-word matches risk common words.
const MIN_SOURCE_SINGLE: f32 = 0.85;
/// Confidence of a propagated mention relative to its source.
const PROPAGATED: f32 = 0.6;
const MAX_LEN: usize = 6;

/// One token as consistency sees it.
#[derive(Clone, Copy, Debug)]
pub struct Item<'s> {
    /// The whole normalized token.
    pub whole: &'s str,
    /// The token without the proclitics a name would not include.
    pub bare: &'s str,
    /// Only words (not numbers or punctuation) can start a propagated name.
    pub is_word: bool,
}

/// A mention over item indices.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub label: EntityType,
    pub tokens: Range<usize>,
    pub confidence: f32,
}

/// Mentions for untagged recurrences of confident names among `items`, searched only inside
/// `targets` (item ranges, e.g. sentences); `found` are the tagger's mentions.
pub fn propagate(items: &[Item<'_>], targets: &[Range<usize>], found: &[Found]) -> Vec<Found> {
    // Known names indexed by their first form; each entry: later forms, label, confidence.
    let mut known: FastMap<&str, Vec<Known<'_>>> = FastMap::default();
    fn add<'k>(known: &mut FastMap<&'k str, Vec<Known<'k>>>, key: &[&'k str], label: EntityType, conf: f32) {
        let list = known.entry(key[0]).or_default();
        match list.iter_mut().find(|k| k.rest == key[1..]) {
            Some(k) if conf > k.confidence => {
                k.label = label;
                k.confidence = conf;
            }
            Some(_) => {}
            None => list.push(Known { rest: key[1..].to_vec(), label, confidence: conf }),
        }
    }
    for m in found {
        let n = m.tokens.len();
        if n == 0 || n > MAX_LEN || m.tokens.end > items.len() || m.confidence < MIN_SOURCE {
            continue;
        }
        let key: Vec<&str> = m
            .tokens
            .clone()
            .map(|i| if i == m.tokens.start { items[i].bare } else { items[i].whole })
            .collect();
        if n == 1 && m.confidence < MIN_SOURCE_SINGLE {
            continue;
        }
        if m.label == EntityType::Person
            && n >= 2
            && m.confidence >= MIN_SOURCE_SINGLE
            && let Some(last) = key.last()
            && last.chars().count() >= 3
        {
            add(&mut known, &[*last], EntityType::Person, m.confidence * PROPAGATED);
        }
        add(&mut known, &key, m.label, m.confidence);
    }
    let mut added = Vec::new();
    if known.is_empty() {
        return added;
    }
    // Longest names first, so that a full name wins over its family name.
    for list in known.values_mut() {
        list.sort_by_key(|k| std::cmp::Reverse(k.rest.len()));
    }
    let mut covered = vec![false; items.len()];
    for m in found {
        for i in m.tokens.clone() {
            if let Some(c) = covered.get_mut(i) {
                *c = true;
            }
        }
    }
    for r in targets {
        let end = r.end.min(items.len());
        let mut i = r.start;
        while i < end {
            let mut matched = 0;
            if !covered[i] && items[i].is_word {
                let candidates =
                    known.get(items[i].bare).into_iter().chain(known.get(items[i].whole)).flatten();
                for k in candidates {
                    let len = 1 + k.rest.len();
                    if i + len > end || covered[i..i + len].iter().any(|&c| c) {
                        continue;
                    }
                    if k.rest.iter().enumerate().all(|(j, w)| items[i + 1 + j].whole == *w) {
                        added.push(Found {
                            label: k.label,
                            tokens: i..i + len,
                            confidence: k.confidence * PROPAGATED,
                        });
                        matched = len;
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
    }
    added
}

/// A name seen confidently: its forms after the first, label and confidence.
struct Known<'s> {
    rest: Vec<&'s str>,
    label: EntityType,
    confidence: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(whole: &'a str, bare: &'a str) -> Item<'a> {
        Item { whole, bare, is_word: true }
    }

    #[test]
    fn recurrences_with_clitics_and_family_names() {
        let items = [
            item("فلاديمير", "فلاديمير"),
            item("بوتين", "بوتين"),
            item("قال", "قال"),
            item("لبوتين", "بوتين"),
            item("و", "و"),
            item("بوتين", "بوتين"),
        ];
        let found = [Found { label: EntityType::Person, tokens: 0..2, confidence: 0.95 }];
        let added = propagate(&items, std::slice::from_ref(&(0..6)), &found);
        let spans: Vec<Range<usize>> = added.iter().map(|f| f.tokens.clone()).collect();
        assert_eq!(spans, vec![3..4, 5..6]);
        // Weak sources propagate nothing.
        let weak = [Found { label: EntityType::Person, tokens: 0..2, confidence: 0.3 }];
        assert!(propagate(&items, std::slice::from_ref(&(0..6)), &weak).is_empty());
    }
}
