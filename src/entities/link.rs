//! Linking: one automaton pass over the article's key projection, then the choices that need the
//! whole article — which entity an ambiguous form names, which person a partial name or a title
//! designates — and the merge with the NER tagger's mentions.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use super::compile::{Candidate, Compiled, Target, kind_rank, role_matches};
use super::key::{KeyText, encode, form_key};
use super::salience;
use super::{Entity, EntityMention, MentionKind, Salience};
use crate::ner::{EntityType, Mention};
use crate::text::{Document, Sentence, Token};

/// A lexicon match that passed the token-boundary test.
#[derive(Clone, Debug)]
struct Hit {
    key: Range<usize>,
    tokens: Range<usize>,
    pattern: usize,
    /// Candidates still possible in this article.
    cands: Vec<Candidate>,
}

/// Who a mention belongs to once linking is done.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Lexicon(usize),
    /// A title whose holder is unknown: the office itself.
    Office(usize),
    /// NER mentions with no lexicon entry, grouped by key.
    Unknown(String),
}

struct Group {
    mentions: Vec<EntityMention>,
    /// Label of the NER mentions of an unknown entity.
    label: Option<EntityType>,
}

/// All boundary-respecting lexicon matches of the article (overlapping).
fn raw_hits(c: &Compiled, kt: &KeyText) -> Vec<Hit> {
    let mut hits = Vec::new();
    for start in (0..kt.key.len()).filter(|&s| kt.can_start(s)) {
        c.index.prefixes(&kt.key[start..], |len, pattern| {
            let end = start + len;
            if kt.can_end(end) {
                hits.push(Hit {
                    key: start..end,
                    tokens: kt.tokens(start..end),
                    pattern,
                    cands: c.candidates(pattern),
                });
            }
        });
    }
    hits
}

/// Keeps partial-name candidates only for persons whose name (or alias) is in the article, then
/// takes the leftmost-longest non-overlapping hits.
fn select(mut hits: Vec<Hit>) -> Vec<Hit> {
    let named: BTreeSet<Target> = hits
        .iter()
        .flat_map(|h| h.cands.iter())
        .filter(|c| matches!(c.kind, MentionKind::Name | MentionKind::Alias))
        .map(|c| c.target)
        .collect();
    for h in &mut hits {
        h.cands.retain(|c| c.kind != MentionKind::Partial || named.contains(&c.target));
    }
    hits.retain(|h| !h.cands.is_empty());
    hits.sort_by_key(|h| (h.key.start, std::cmp::Reverse(h.key.end), h.pattern));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    let mut end = 0;
    for h in hits {
        if h.key.start >= end {
            end = h.key.end;
            out.push(h);
        }
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Distance from a character offset to the nearest of `positions` (sorted): sentences apart
/// first (a partial name or title usually refers to the person of the same or a nearby
/// sentence), then characters apart.
///
/// A position's sentence grows with the position, so the last position at or before `at` is
/// nearer, in both measures, than any earlier one, and the first at or after `at` than any later
/// one: only those two need comparing, whatever the number of mentions.
fn nearest(sentences: &[Sentence], positions: &[usize], at: usize) -> (usize, usize) {
    let sent = |p: usize| sentences.partition_point(|s| s.span.end <= p);
    let here = sent(at);
    let i = positions.partition_point(|&p| p < at);
    let before = i.checked_sub(1).and_then(|j| positions.get(j));
    [before, positions.get(i)]
        .into_iter()
        .flatten()
        .map(|&p| (sent(p).abs_diff(here), p.abs_diff(at)))
        .min()
        .unwrap_or((usize::MAX, usize::MAX))
}

/// Lexicon hits ordered by first token, with the running maximum of their ends, so that the
/// hits a tagger mention overlaps are found without scanning every hit of the article.
struct HitIndex {
    /// Hit indices by (first token, index).
    order: Vec<usize>,
    max_end: Vec<usize>,
}

impl HitIndex {
    fn new(hits: &[Hit]) -> HitIndex {
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&i| (hits[i].tokens.start, i));
        let mut max_end = Vec::with_capacity(order.len());
        let mut m = 0;
        for &i in &order {
            m = m.max(hits[i].tokens.end);
            max_end.push(m);
        }
        HitIndex { order, max_end }
    }

    /// Indices (ascending) of the live hits that [`overlaps`] `r`.
    fn overlapping(&self, hits: &[Hit], alive: &[bool], r: &Range<usize>) -> Vec<usize> {
        let hi = self.order.partition_point(|&i| hits[i].tokens.start < r.end);
        let mut out: Vec<usize> = (0..hi)
            .rev()
            .take_while(|&k| self.max_end[k] > r.start)
            .map(|k| self.order[k])
            .filter(|&i| alive[i] && overlaps(&hits[i].tokens, r))
            .collect();
        out.sort_unstable();
        out
    }
}

pub fn link(
    c: &Compiled,
    doc: &Document,
    tokens: &[Token],
    sentences: &[Sentence],
    ner: &[Mention],
) -> Vec<Entity> {
    let kt = KeyText::project(doc, tokens);
    let hits = select(raw_hits(c, &kt));
    let span_of = |h: &Hit| doc.span_of(kt.norm_range(h.key.clone()));

    // NER mentions: one covered by a lexicon match adds nothing; one that strictly contains only
    // partial-name matches wins over them (كيم يو جونغ is not a partial of كيم جونغ أون); any other
    // is an entity of its own, grouped by key.
    let mut unknown: Vec<&Mention> = Vec::new();
    let mut sorted_ner: Vec<&Mention> = ner.iter().filter(|m| !m.tokens.is_empty()).collect();
    sorted_ner.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let index = HitIndex::new(&hits);
    // Hits a tagger mention displaces are marked here and removed once, after the loop.
    let mut alive = vec![true; hits.len()];
    for m in sorted_ner {
        let over = index.overlapping(&hits, &alive, &m.tokens);
        if over.is_empty() {
            unknown.push(m);
            continue;
        }
        let covered = over.iter().any(|&i| {
            let h = &hits[i];
            h.tokens.start <= m.tokens.start && m.tokens.end <= h.tokens.end
        });
        let contains_all = over
            .iter()
            .all(|&i| m.tokens.start <= hits[i].tokens.start && hits[i].tokens.end <= m.tokens.end);
        let names_inside = over.iter().any(|&i| {
            hits[i]
                .cands
                .iter()
                .any(|c| matches!(c.kind, MentionKind::Name | MentionKind::Alias | MentionKind::Title))
        });
        // A tagger span that runs past a known name of its own type (الولايات المتحدة تشتبه) is
        // the name with a boundary error, not a new entity; one of another type around a name
        // (the organization جامعة القاهرة around the city) is an entity of its own.
        let same_type_name_inside = over.iter().any(|&i| {
            hits[i].cands.iter().any(|cand| {
                matches!(cand.kind, MentionKind::Name | MentionKind::Alias)
                    && matches!(cand.target, Target::Entity(e) if c.entities[e as usize].entity_type == m.label)
            })
        });
        if covered
            || !contains_all
            || (names_inside && m.label == EntityType::Person)
            || same_type_name_inside
        {
            continue;
        }
        let only_partials =
            over.iter().all(|&i| hits[i].cands.iter().all(|c| c.kind == MentionKind::Partial));
        if only_partials {
            for i in over {
                alive[i] = false;
            }
        }
        unknown.push(m);
    }
    let hits: Vec<Hit> = hits.into_iter().zip(alive).filter(|(_, a)| *a).map(|(h, _)| h).collect();

    // Resolution, pass 1: hits naming exactly one entity.
    let mut owners: Vec<Option<(Owner, MentionKind)>> = vec![None; hits.len()];
    let mut positions: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        let ents: BTreeSet<u32> = h
            .cands
            .iter()
            .filter_map(|c| if let Target::Entity(e) = c.target { Some(e) } else { None })
            .collect();
        if ents.len() == 1 {
            let e = *ents.iter().next().unwrap_or(&0);
            let kind = h
                .cands
                .iter()
                .filter(|c| c.target == Target::Entity(e))
                .map(|c| c.kind)
                .min_by_key(|&k| kind_rank(k))
                .unwrap_or(MentionKind::Name);
            if kind != MentionKind::Partial {
                positions.entry(e as usize).or_default().push(span_of(h).start);
            }
            owners[i] = Some((Owner::Lexicon(e as usize), kind));
        }
    }
    for p in positions.values_mut() {
        p.sort_unstable();
    }
    // Pass 2: ambiguous hits go to the entity the rest of the article confirms, the strongest
    // kind, then the nearest confirmed mention, then lexicon order.
    for (i, h) in hits.iter().enumerate() {
        if owners[i].is_some() {
            continue;
        }
        let best = h
            .cands
            .iter()
            .filter_map(|c| if let Target::Entity(e) = c.target { Some((e as usize, c.kind)) } else { None })
            .min_by_key(|&(e, kind)| {
                let pos = positions.get(&e);
                let near = pos.map_or((usize::MAX, usize::MAX), |p| nearest(sentences, p, span_of(h).start));
                (pos.is_none(), kind_rank(kind), near, e)
            });
        if let Some((e, kind)) = best {
            owners[i] = Some((Owner::Lexicon(e), kind));
        }
    }
    // Pass 3: titles, to the holder of the role mentioned in the article, else the lexicon's
    // holder, else the office itself.
    let persons_in_article: Vec<usize> = {
        let mut v: Vec<usize> = owners
            .iter()
            .filter_map(|o| match o {
                Some((Owner::Lexicon(e), _)) if c.entities[*e].entity_type == EntityType::Person => Some(*e),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Per title: the article's persons who hold it, and the lexicon's current holder; both depend
    // on the title only, and the lexicon scan is too long to repeat for every title mention.
    let mut holders: HashMap<usize, (Vec<usize>, Option<usize>)> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        if owners[i].is_some() {
            continue;
        }
        let Some(t) = h
            .cands
            .iter()
            .find_map(|c| if let Target::Title(t) = c.target { Some(t as usize) } else { None })
        else {
            continue;
        };
        let title = &c.titles[t];
        let holds = |e: usize, current_only: bool| {
            c.entities[e].roles.iter().any(|(role, country, current)| {
                *country == title.country
                    && role_matches(c.title_role(title), role)
                    && (*current || !current_only)
            })
        };
        let exact = |e: usize| {
            c.entities[e].roles.iter().any(|(role, country, current)| {
                *country == title.country && role == c.title_role(title) && *current
            })
        };
        let (in_title, lexicon_holder) = holders.entry(t).or_insert_with(|| {
            (
                persons_in_article.iter().copied().filter(|&e| holds(e, false)).collect(),
                (0..c.entities.len()).filter(|&e| holds(e, true)).min_by_key(|&e| (!exact(e), e)),
            )
        });
        let in_article = in_title.iter().copied().min_by_key(|&e| {
            (
                positions
                    .get(&e)
                    .map_or((usize::MAX, usize::MAX), |p| nearest(sentences, p, span_of(h).start)),
                e,
            )
        });
        let owner = in_article.or(*lexicon_holder).map_or(Owner::Office(t), Owner::Lexicon);
        owners[i] = Some((owner, MentionKind::Title));
    }

    let mut groups: BTreeMap<Owner, Group> = BTreeMap::new();
    for (h, o) in hits.iter().zip(owners) {
        let Some((owner, kind)) = o else { continue };
        let span = span_of(h);
        let g = groups.entry(owner).or_insert_with(|| Group { mentions: Vec::new(), label: None });
        g.mentions.push(EntityMention { span, text: doc.text(span).to_owned(), kind });
    }
    group_unknown(c, doc, &unknown, &mut groups);
    build(c, doc, groups)
}

/// Groups NER mentions that matched no lexicon form: by key, then a person's shorter name joins
/// the one longer name that contains it.
fn group_unknown(c: &Compiled, doc: &Document, unknown: &[&Mention], groups: &mut BTreeMap<Owner, Group>) {
    let mut by_key: BTreeMap<String, (EntityType, Vec<String>, Vec<EntityMention>)> = BTreeMap::new();
    // A tagger may nest mentions; the outer one is the name. `unknown` is ordered by start, so
    // every kept mention starts at or before `m`, and one contains `m` exactly when the
    // furthest-reaching of them ends at or after it.
    let mut kept: Vec<&Mention> = Vec::with_capacity(unknown.len());
    let mut reach: Option<usize> = None;
    for m in unknown {
        if reach.is_none_or(|r| r < m.span.end) {
            reach = Some(reach.map_or(m.span.end, |r| r.max(m.span.end)));
            kept.push(m);
        }
    }
    for m in kept {
        let key = form_key(&m.norm);
        if key.is_empty() {
            continue;
        }
        let mention =
            EntityMention { span: m.span, text: doc.text(m.span).to_owned(), kind: MentionKind::Name };
        // A name the lexicon knows, met where its boundary test failed (inside a longer token run).
        if let Some(p) = c.pattern(&encode(&key)) {
            let cands = c.candidates(p);
            let ents: Vec<&Candidate> = cands
                .iter()
                .filter(|x| {
                    matches!(x.target, Target::Entity(_))
                        && matches!(x.kind, MentionKind::Name | MentionKind::Alias)
                })
                .collect();
            if let [one] = ents.as_slice()
                && let Target::Entity(e) = one.target
            {
                let g = groups
                    .entry(Owner::Lexicon(e as usize))
                    .or_insert_with(|| Group { mentions: Vec::new(), label: None });
                g.mentions.push(EntityMention { kind: one.kind, ..mention });
                continue;
            }
        }
        let words: Vec<String> = m.norm.split_whitespace().map(form_key).filter(|w| !w.is_empty()).collect();
        let entry = by_key.entry(key).or_insert_with(|| (m.label, words, Vec::new()));
        entry.2.push(mention);
    }
    let merged_into = partial_names(&by_key);
    for (k, (label, _, mentions)) in by_key.iter() {
        // Follow chains (a partial of a partial) to the longest name.
        let mut target = k;
        let mut partial = false;
        while let Some(t) = merged_into.get(target) {
            target = t;
            partial = true;
        }
        let g = groups
            .entry(Owner::Unknown(target.clone()))
            .or_insert_with(|| Group { mentions: Vec::new(), label: None });
        g.label.get_or_insert(*label);
        for m in mentions {
            let kind = if partial { MentionKind::Partial } else { m.kind };
            g.mentions.push(EntityMention { kind, ..m.clone() });
        }
    }
}

/// For each person key whose words occur, in order, inside exactly one longest other person
/// name of the article: that name's key.
///
/// Every proper run of consecutive words of every person name is indexed once, so each key
/// finds the names containing it by one lookup instead of a scan over all names.
fn partial_names(
    by_key: &BTreeMap<String, (EntityType, Vec<String>, Vec<EntityMention>)>,
) -> BTreeMap<String, String> {
    let persons: Vec<(&String, &[String])> = by_key
        .iter()
        .filter(|(_, (label, _, _))| *label == EntityType::Person)
        .map(|(k, (_, words, _))| (k, words.as_slice()))
        .collect();
    // Run of words → (longest containing name's length, its key, whether that length is tied).
    let mut runs: HashMap<&[String], (usize, &String, bool)> = HashMap::new();
    for &(k, words) in &persons {
        let mut seen: HashSet<&[String]> = HashSet::new();
        for len in 1..words.len() {
            for run in words.windows(len) {
                if !seen.insert(run) {
                    continue;
                }
                let e = runs.entry(run).or_insert((0, k, false));
                if words.len() > e.0 {
                    *e = (words.len(), k, false);
                } else if words.len() == e.0 {
                    e.2 = true;
                }
            }
        }
    }
    let mut merged_into = BTreeMap::new();
    for &(k, words) in &persons {
        if let Some(&(_, one, false)) = runs.get(words) {
            merged_into.insert(k.clone(), one.clone());
        }
    }
    merged_into
}

fn build(c: &Compiled, doc: &Document, groups: BTreeMap<Owner, Group>) -> Vec<Entity> {
    let mut out = Vec::with_capacity(groups.len());
    for (owner, mut g) in groups {
        g.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        g.mentions.dedup_by_key(|m| m.span);
        let Some(first) = g.mentions.first().cloned() else { continue };
        let e = match &owner {
            Owner::Lexicon(i) => {
                let info = &c.entities[*i];
                Entity {
                    id: String::new(),
                    name: info.name_en.to_string(),
                    name_ar: info.name_ar.to_string(),
                    entity_type: info.entity_type,
                    subtype: info.subtype.as_deref().map(str::to_owned),
                    wikidata: info.wikidata.as_deref().map(str::to_owned),
                    mentions: Vec::new(),
                    count: 0,
                    salience: Salience::default(),
                }
            }
            Owner::Office(t) => Entity {
                id: String::new(),
                name: c.office_en(&c.titles[*t]),
                name_ar: first.text.clone(),
                entity_type: EntityType::Person,
                subtype: Some("office".to_owned()),
                wikidata: None,
                mentions: Vec::new(),
                count: 0,
                salience: Salience::default(),
            },
            Owner::Unknown(_) => {
                // The longest full-name mention, first in the article on ties.
                let best = g
                    .mentions
                    .iter()
                    .filter(|m| m.kind == MentionKind::Name)
                    .max_by_key(|m| (m.span.len(), std::cmp::Reverse(m.span.start)))
                    .unwrap_or(&first);
                Entity {
                    id: String::new(),
                    name: best.text.clone(),
                    name_ar: best.text.clone(),
                    entity_type: g.label.unwrap_or(EntityType::Misc),
                    subtype: None,
                    wikidata: None,
                    mentions: Vec::new(),
                    count: 0,
                    salience: Salience::default(),
                }
            }
        };
        out.push(Entity { count: g.mentions.len(), mentions: g.mentions, ..e });
    }
    salience::rank(&mut out, doc.char_len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    /// A small deterministic generator (no dependency; the same cases every run).
    fn lcg(state: &mut u64) -> usize {
        *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*state >> 33) as usize
    }

    /// `nearest` with its two-neighbour shortcut answers what a scan over every position answers.
    #[test]
    fn nearest_equals_scan() {
        let sentences: Vec<Sentence> =
            (0..20).map(|i| Sentence { span: Span::new(i * 10, i * 10 + 10), tokens: i..i + 1 }).collect();
        let sent = |p: usize| sentences.partition_point(|s| s.span.end <= p);
        let mut state = 7;
        for _ in 0..2000 {
            let n = lcg(&mut state) % 6;
            let mut positions: Vec<usize> = (0..n).map(|_| lcg(&mut state) % 210).collect();
            positions.sort_unstable();
            let at = lcg(&mut state) % 210;
            let want = positions
                .iter()
                .map(|&p| (sent(p).abs_diff(sent(at)), p.abs_diff(at)))
                .min()
                .unwrap_or((usize::MAX, usize::MAX));
            assert_eq!(nearest(&sentences, &positions, at), want, "{positions:?} {at}");
        }
    }

    /// The indexed partial-name merge equals the pairwise definition: a person name merges into
    /// the one longest other person name that contains its words in order.
    #[test]
    fn partial_names_equal_pairwise() {
        let vocab = ["a", "b", "c", "d"];
        let mut state = 11;
        for _ in 0..300 {
            let mut by_key: BTreeMap<String, (EntityType, Vec<String>, Vec<EntityMention>)> = BTreeMap::new();
            for _ in 0..(1 + lcg(&mut state) % 7) {
                let len = 1 + lcg(&mut state) % 4;
                let words: Vec<String> = (0..len).map(|_| vocab[lcg(&mut state) % 4].to_owned()).collect();
                let label =
                    if lcg(&mut state).is_multiple_of(4) { EntityType::Location } else { EntityType::Person };
                by_key.insert(words.join(" "), (label, words, Vec::new()));
            }
            let mut want: BTreeMap<String, String> = BTreeMap::new();
            for (k, (label, words, _)) in &by_key {
                if *label != EntityType::Person {
                    continue;
                }
                let containers: Vec<(&String, usize)> = by_key
                    .iter()
                    .filter(|(_, (ol, ow, _))| {
                        *ol == EntityType::Person
                            && ow.len() > words.len()
                            && ow.windows(words.len()).any(|w| w == words.as_slice())
                    })
                    .map(|(o, (_, ow, _))| (o, ow.len()))
                    .collect();
                let longest = containers.iter().map(|c| c.1).max();
                let top: Vec<&(&String, usize)> =
                    containers.iter().filter(|c| Some(c.1) == longest).collect();
                if let [one] = top.as_slice() {
                    want.insert(k.clone(), one.0.clone());
                }
            }
            assert_eq!(partial_names(&by_key), want, "{:?}", by_key.keys().collect::<Vec<_>>());
        }
    }
}
