//! BIO tags over the four ANERcorp classes, and the constraint that an `I-` tag continues an
//! entity of its own type.

use super::EntityType;

/// One BIO tag. Indices 0..[`N_TAGS`] are the rows of the model's weight table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityType),
    I(EntityType),
}

/// Number of distinct tags: O plus B/I for each of the four types.
pub const N_TAGS: usize = 9;

const TYPES: [EntityType; 4] =
    [EntityType::Person, EntityType::Location, EntityType::Organization, EntityType::Misc];

impl EntityType {
    /// The ANERcorp / CoNLL suffix (PERS, LOC, ORG, MISC).
    pub fn conll(self) -> &'static str {
        match self {
            EntityType::Person => "PERS",
            EntityType::Location => "LOC",
            EntityType::Organization => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// Reads a type suffix in the spellings CoNLL-style corpora use.
    pub fn from_conll(s: &str) -> Option<EntityType> {
        Some(match s {
            "PERS" | "PER" | "PERSON" => EntityType::Person,
            "LOC" | "LOCATION" | "GPE" => EntityType::Location,
            "ORG" | "ORGANIZATION" => EntityType::Organization,
            "MISC" => EntityType::Misc,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        match self {
            EntityType::Person => 0,
            EntityType::Location => 1,
            EntityType::Organization => 2,
            EntityType::Misc => 3,
        }
    }
}

impl Tag {
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(t) => 1 + 2 * t.index(),
            Tag::I(t) => 2 + 2 * t.index(),
        }
    }

    pub fn from_index(i: usize) -> Tag {
        match i {
            0 => Tag::O,
            _ => {
                let t = TYPES[((i - 1) / 2).min(3)];
                if i % 2 == 1 { Tag::B(t) } else { Tag::I(t) }
            }
        }
    }

    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(t) | Tag::I(t) => Some(t),
        }
    }

    /// Parses `O`, `B-PERS`, `I-LOC` … (unknown types are an error, reported by the caller).
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (bi, ty) = s.split_once('-')?;
        let ty = EntityType::from_conll(ty)?;
        match bi {
            "B" => Some(Tag::B(ty)),
            "I" => Some(Tag::I(ty)),
            _ => None,
        }
    }

    /// The CoNLL spelling (`B-PERS`).
    pub fn conll(self) -> String {
        match self {
            Tag::O => "O".to_owned(),
            Tag::B(t) => format!("B-{}", t.conll()),
            Tag::I(t) => format!("I-{}", t.conll()),
        }
    }

    /// Whether `next` may follow `self` under BIO: an `I-X` only after `B-X` or `I-X`.
    pub fn allows(self, next: Tag) -> bool {
        match next {
            Tag::I(t) => self.entity_type() == Some(t),
            _ => true,
        }
    }

    /// Whether a sentence may start with this tag.
    pub fn can_start(self) -> bool {
        !matches!(self, Tag::I(_))
    }
}

/// All tags in index order.
pub fn all_tags() -> [Tag; N_TAGS] {
    std::array::from_fn(Tag::from_index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_roundtrip_and_parse() {
        for (i, t) in all_tags().iter().enumerate() {
            assert_eq!(t.index(), i);
            assert_eq!(Tag::parse(&t.conll()), Some(*t));
        }
        assert_eq!(Tag::parse("B-PER"), Some(Tag::B(EntityType::Person)));
        assert_eq!(Tag::parse("X-LOC"), None);
        assert!(!Tag::O.allows(Tag::I(EntityType::Location)));
        assert!(Tag::B(EntityType::Location).allows(Tag::I(EntityType::Location)));
    }
}
