//! Compiles lexicon records and title words into one Aho-Corasick automaton over key-space forms.
//!
//! Each pattern is one key (see [`super::key`]); a key can stand for several candidates (the same
//! spelling naming different entities, or naming one entity in different ways), which linking
//! resolves with the article as context.

use std::borrow::Cow;
use std::collections::HashMap;

use anyhow::Result;

use super::MentionKind;
use super::forms;
use super::index::{self, KeyIndex};
use super::key::{encode, form_key};
use super::lexicon::{Lexicon, Text, TitleWord};
use crate::ner::EntityType;

/// A canonical entity of the lexicon, as linking needs it.
#[derive(Clone, Debug)]
pub struct EntityInfo {
    pub id: Text,
    pub name_en: Text,
    pub name_ar: Text,
    pub entity_type: EntityType,
    pub subtype: Option<Text>,
    pub wikidata: Option<Text>,
    /// (role, index of the country entity, currently held).
    pub roles: Vec<(Text, usize, bool)>,
}

/// A title bound to a country: الرئيس الروسي = (president, Russia).
#[derive(Clone, Copy, Debug)]
pub struct TitleInfo {
    /// Index of the title word in [`Compiled::title_words`].
    pub word: usize,
    pub country: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Entity(u32),
    Title(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub target: Target,
    pub kind: MentionKind,
}

/// Preference among the ways a key can refer to the same entity (lower is stronger).
pub fn kind_rank(k: MentionKind) -> u8 {
    match k {
        MentionKind::Name => 0,
        MentionKind::Alias => 1,
        MentionKind::Capital => 2,
        MentionKind::Demonym => 3,
        MentionKind::Title => 4,
        MentionKind::Partial => 5,
    }
}

/// Roles a generic title such as الزعيم ("leader") designates.
const LEADER_ROLES: &[&str] =
    &["leader", "supreme_leader", "king", "emir", "president", "prime_minister", "sultan"];

/// Whether a person holding `held` is designated by a title of role `title`.
pub fn role_matches(title: &str, held: &str) -> bool {
    title == held || (title == "leader" && LEADER_ROLES.contains(&held))
}

/// Forms that are common Arabic words before they are names: never matched on their own.
const AMBIGUOUS_FORMS: &[&str] = &[
    "مالي",    // Mali / financial
    "المدينة", // Medina / the city
    "ترك",     // Chuuk / left (verb)
    "نوم",     // Nome / sleep
    "سمراء",   // Samara / brown-skinned
    "مجري",    // Hungarian / course (مجرى)
    "المجري",
    "بنين",     // Benin / boys
    "ديلي",     // Dili / Daily (ديلي ميل)
    "فيكتوريا", // Victoria (Seychelles) / the given name
];

/// The compiled lexicon.
pub struct Compiled {
    pub entities: Vec<EntityInfo>,
    pub titles: Vec<TitleInfo>,
    pub title_words: Vec<TitleWord>,
    /// Every key-space pattern with its candidates (see [`index`]).
    pub index: KeyIndex,
}

impl Compiled {
    /// The pattern id of encoded key bytes.
    pub fn pattern(&self, key: &[u8]) -> Option<usize> {
        self.index.pattern(key)
    }

    /// The candidates of a pattern.
    pub fn candidates(&self, pattern: usize) -> Vec<Candidate> {
        self.index.candidates(pattern)
    }

    /// The role a title designates (president).
    pub fn title_role(&self, title: &TitleInfo) -> &str {
        &self.title_words[title.word].role
    }

    /// The office, for a title whose holder is not known: "President of Russia". Written when
    /// asked for rather than for each of the thousands of titles at start-up.
    pub fn office_en(&self, title: &TitleInfo) -> String {
        format!("{} of {}", self.title_words[title.word].name_en, self.entities[title.country].name_en)
    }
}

struct Builder {
    /// False when the key index is already compiled: records and titles are still read (they
    /// are the entity and title tables), their forms are not projected again.
    enabled: bool,
    patterns: Vec<Vec<Candidate>>,
    keys: HashMap<Vec<u8>, usize>,
    order: Vec<Vec<u8>>,
    blocked: Vec<String>,
}

impl Builder {
    fn add(&mut self, form: &str, target: Target, kind: MentionKind) {
        if !self.enabled {
            return;
        }
        let folded = form_key(form);
        if folded.chars().count() < 2 || self.blocked.contains(&folded) {
            return;
        }
        let key = encode(&folded);
        let idx = *self.keys.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            self.patterns.push(Vec::new());
            self.patterns.len() - 1
        });
        let cands = &mut self.patterns[idx];
        match cands.iter_mut().find(|c| c.target == target) {
            Some(c) if kind_rank(kind) < kind_rank(c.kind) => c.kind = kind,
            Some(_) => {}
            None => cands.push(Candidate { target, kind }),
        }
    }
}

/// Compiles a lexicon (whose strings move into the entity table); `index` is its key index when
/// already compiled (the embedded one), and `source_hash` is recorded in a newly compiled one.
pub fn compile(
    mut lexicon: Lexicon,
    title_words: Vec<TitleWord>,
    index: Option<KeyIndex>,
    source_hash: u64,
) -> Result<Compiled> {
    let mut b = Builder {
        enabled: index.is_none(),
        patterns: Vec::new(),
        keys: HashMap::new(),
        order: Vec::new(),
        blocked: if index.is_none() {
            AMBIGUOUS_FORMS.iter().map(|f| form_key(f)).collect()
        } else {
            Vec::new()
        },
    };
    let mut titles = Vec::new();
    for (i, r) in lexicon.records.iter().enumerate() {
        let t = Target::Entity(i as u32);
        let person = r.entity_type == EntityType::Person;
        // Only needed to project forms (not when the index is already compiled).
        let names: Vec<(&str, MentionKind)> = if b.enabled {
            std::iter::once((r.name_ar.as_ref(), MentionKind::Name))
                .chain(r.aliases.iter().map(|a| (a.as_ref(), MentionKind::Alias)))
                .collect()
        } else {
            Vec::new()
        };
        if b.enabled {
            for &(form, kind) in &names {
                b.add(form, t, kind);
                if person {
                    for v in forms::vowel_variants(form) {
                        b.add(&v, t, kind);
                    }
                    for p in forms::partials(form) {
                        b.add(&p, t, MentionKind::Partial);
                        for v in forms::vowel_variants(&p) {
                            b.add(&v, t, MentionKind::Partial);
                        }
                    }
                }
            }
            for c in &r.capitals {
                b.add(c, t, MentionKind::Capital);
            }
            for d in &r.demonyms {
                for f in forms::demonym_forms(d) {
                    b.add(&f, t, MentionKind::Demonym);
                }
            }
        }
        if r.demonyms.is_empty() {
            continue;
        }
        // Titles bound to this country: الرئيس الروسي, رئيس روسيا.
        for (word, tw) in title_words.iter().enumerate() {
            let ti = Target::Title(titles.len() as u32);
            titles.push(TitleInfo { word, country: i });
            if !b.enabled {
                continue;
            }
            for d in &r.demonyms {
                if tw.adjectival != "-"
                    && let Some(def) = forms::definite_masculine(d)
                {
                    b.add(&format!("{} {def}", tw.adjectival), ti, MentionKind::Title);
                }
            }
            for &(form, _) in &names {
                b.add(&format!("{} {form}", tw.construct), ti, MentionKind::Title);
            }
        }
    }
    let index = match index {
        Some(ix) => ix,
        None => {
            let patterns = b.order.into_iter().zip(b.patterns).collect();
            KeyIndex::new(Cow::Owned(index::build(patterns, source_hash)))
                .ok_or_else(|| anyhow::anyhow!("compiling the lexicon key index"))?
        }
    };
    let records = std::mem::take(&mut lexicon.records);
    let entities = records
        .into_iter()
        .map(|r| EntityInfo {
            roles: r
                .roles
                .into_iter()
                .filter_map(|role| lexicon.position(&role.country).map(|c| (role.role, c, role.current)))
                .collect(),
            id: r.id,
            name_en: r.name_en,
            name_ar: r.name_ar,
            entity_type: r.entity_type,
            subtype: r.subtype,
            wikidata: r.wikidata,
        })
        .collect();
    Ok(Compiled { entities, titles, title_words, index })
}
