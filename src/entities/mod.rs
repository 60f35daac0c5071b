//! Canonical entities: lexicon matching, linking of mentions to canonical entities (English name,
//! Wikidata QID) and grouping of mentions across the article.
//!
//! The lexicon ships in the binary (`src/resources/lexicon-*.tsv`, see the README there for
//! sources and licenses) and is compiled once into one automaton ([`Linker::embedded`]); each
//! article is then one pass of that automaton over its key projection ([`key`]) plus the
//! article-wide choices of [`link`]: partial names join the full name, titles the person holding
//! the role, capitals and demonyms their country, and NER mentions the lexicon does not know
//! become entities of their own.

pub mod compile;
pub mod derive;
pub mod forms;
pub mod index;
pub mod key;
pub mod lexicon;
pub mod link;
pub mod salience;
pub mod tsv;

use std::borrow::Cow;
use std::path::Path;

use anyhow::Result;
use schemars::JsonSchema;
use serde::Serialize;

use crate::ner::{EntityType, Mention};
use crate::text::{Document, Sentence, Span, Token};

pub use lexicon::{Lexicon, Record};
pub use tsv::write_tsv;

/// The embedded lexicon sources, in load order (later files extend or override earlier ones).
pub const EMBEDDED_LEXICONS: &[(&str, &str)] = &[
    ("lexicon-geo.odbl.tsv", include_str!("../resources/lexicon-geo.odbl.tsv")),
    ("lexicon-places.tsv", include_str!("../resources/lexicon-places.tsv")),
    ("lexicon-orgs.tsv", include_str!("../resources/lexicon-orgs.tsv")),
    ("lexicon-people.tsv", include_str!("../resources/lexicon-people.tsv")),
];

/// Title words (الرئيس, رئيس الوزراء, الزعيم …) and the roles they designate.
pub const EMBEDDED_TITLES: &str = include_str!("../resources/lexicon-titles.tsv");

/// The key index of the embedded lexicon, compiled ahead of time (see [`index`]).
pub static EMBEDDED_INDEX: &[u8] = include_bytes!("../resources/entity-index.bin");

/// The fingerprint of the embedded lexicon sources that [`EMBEDDED_INDEX`] must have been
/// compiled from: [`index::source_hash`] of each file's name and text, then of the titles,
/// computed by the compiler.
pub fn embedded_source_hash() -> u64 {
    const HASH: u64 = {
        let mut h = index::SOURCE_HASH_START;
        let mut i = 0;
        while i < EMBEDDED_LEXICONS.len() {
            h = index::source_hash_step(h, EMBEDDED_LEXICONS[i].0.as_bytes());
            h = index::source_hash_step(h, EMBEDDED_LEXICONS[i].1.as_bytes());
            i += 1;
        }
        index::source_hash_step(h, EMBEDDED_TITLES.as_bytes())
    };
    HASH
}

/// Links mentions to canonical entities. Build it once ([`Linker::embedded`]) and call
/// [`Linker::link`] for every article.
pub struct Linker {
    compiled: compile::Compiled,
}

impl Linker {
    /// The lexicon shipped in the binary, with its precompiled key index (compiled here instead
    /// if the index does not match the embedded sources, which a test prevents from shipping).
    pub fn embedded() -> Result<Linker> {
        let hash = embedded_source_hash();
        let index = index::KeyIndex::new(Cow::Borrowed(EMBEDDED_INDEX)).filter(|ix| ix.source_hash() == hash);
        let titles = lexicon::parse_titles(EMBEDDED_TITLES, "lexicon-titles.tsv")?;
        Ok(Linker { compiled: compile::compile(Self::embedded_lexicon()?, titles, index, hash)? })
    }

    /// The embedded lexicon compiled from its sources at run time (what the precompiled index
    /// must equal).
    pub fn embedded_compiled_now() -> Result<Linker> {
        let titles = lexicon::parse_titles(EMBEDDED_TITLES, "lexicon-titles.tsv")?;
        let lexicon = Self::embedded_lexicon()?;
        Ok(Linker { compiled: compile::compile(lexicon, titles, None, embedded_source_hash())? })
    }

    /// The bytes of the compiled key index.
    pub fn index_bytes(&self) -> &[u8] {
        self.compiled.index.bytes()
    }

    /// The embedded lexicon plus a user's TSV file (`--lexicon FILE.tsv`), whose rows add
    /// entities, replace embedded ones with the same id, or extend them (`+id`); the format is
    /// documented in [`lexicon`].
    pub fn with_user_lexicon(path: &Path) -> Result<Linker> {
        let mut lx = Self::embedded_lexicon()?;
        lx.add_file(path)?;
        Linker::from_lexicon(lx)
    }

    /// The embedded lexicon records, before compilation.
    pub fn embedded_lexicon() -> Result<Lexicon> {
        let mut lx = Lexicon::default();
        for (name, text) in EMBEDDED_LEXICONS {
            lx.add_static_tsv(text, name)?;
        }
        Ok(lx)
    }

    pub fn from_lexicon(lexicon: Lexicon) -> Result<Linker> {
        let titles = lexicon::parse_titles(EMBEDDED_TITLES, "lexicon-titles.tsv")?;
        Ok(Linker { compiled: compile::compile(lexicon, titles, None, 0)? })
    }

    /// Number of entities and of distinct key-space patterns in the compiled lexicon.
    pub fn size(&self) -> (usize, usize) {
        (self.compiled.entities.len(), self.compiled.index.len())
    }

    /// The canonical entities of one article, sorted by salience, ids `e1`, `e2`, … in that
    /// order. `mentions` are the NER tagger's (may be empty: the lexicon alone still links).
    pub fn link(
        &self,
        doc: &Document,
        tokens: &[Token],
        sentences: &[Sentence],
        mentions: &[Mention],
    ) -> Vec<Entity> {
        link::link(&self.compiled, doc, tokens, sentences, mentions)
    }
}

/// How a mention refers to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// The full name (كيم جونغ أون).
    Name,
    /// Part of a name already seen in the article (كيم, جونغ اون).
    Partial,
    /// Another name of the same entity (الناتو for حلف شمال الأطلسي).
    Alias,
    /// A title or role that designates the entity (الزعيم الكوري الشمالي).
    Title,
    /// A capital standing for its country's government (موسكو, واشنطن).
    Capital,
    /// A demonym adjective (الروسية, الكوري الشمالي).
    Demonym,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct EntityMention {
    pub span: Span,
    pub text: String,
    pub kind: MentionKind,
}

/// Salience: how central an entity is to the article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Salience {
    /// Combined score in 0..1 (entities are sorted by it, descending).
    pub score: f64,
    /// Share of all entity mentions in the article that refer to this entity.
    pub mention_share: f64,
    /// Character offset of the first mention divided by the article length (0 = first word).
    pub first_position: f64,
}

/// One canonical entity of the article with all of its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Entity {
    /// Stable within one analysis: `e1`, `e2`, … in salience order.
    pub id: String,
    /// English canonical name (or the Arabic surface form when unknown).
    pub name: String,
    pub name_ar: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Finer type when known: country, city, capital, region, politician, international_org …
    pub subtype: Option<String>,
    pub wikidata: Option<String>,
    pub mentions: Vec<EntityMention>,
    pub count: usize,
    pub salience: Salience,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The precompiled key index must be what the current code compiles from the current
    /// sources. When this fails (a lexicon file, the key projection, the clitic segmenter or the
    /// form rules changed), regenerate it:
    /// `KHABAR_UPDATE_ENTITY_INDEX=1 cargo test --lib entity_index`.
    #[test]
    fn embedded_source_hash_is_the_source_hash() {
        let lexicons = EMBEDDED_LEXICONS.iter().flat_map(|(name, text)| [name.as_bytes(), text.as_bytes()]);
        let at_run_time = index::source_hash(lexicons.chain([EMBEDDED_TITLES.as_bytes()]));
        assert_eq!(embedded_source_hash(), at_run_time);
    }

    #[test]
    fn embedded_entity_index_is_current() {
        let fresh = Linker::embedded_compiled_now().expect("the embedded lexicon compiles");
        if std::env::var_os("KHABAR_UPDATE_ENTITY_INDEX").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/resources/entity-index.bin");
            std::fs::write(path, fresh.index_bytes()).expect("writing the entity index");
            return;
        }
        assert!(
            fresh.index_bytes() == EMBEDDED_INDEX,
            "src/resources/entity-index.bin is stale: regenerate it with \
             KHABAR_UPDATE_ENTITY_INDEX=1 cargo test --lib entity_index"
        );
        let loaded = Linker::embedded().expect("the embedded lexicon loads");
        assert!(loaded.index_bytes() == fresh.index_bytes());
        assert_eq!(loaded.size(), fresh.size());
    }
}
