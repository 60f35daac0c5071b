//! Canonical entities: lexicon matching, linking of mentions to canonical entities (English name,
//! Wikidata QID) and grouping of mentions across the article.

use schemars::JsonSchema;
use serde::Serialize;

use crate::ner::EntityType;
use crate::text::Span;

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
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
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
