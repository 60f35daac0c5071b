//! Gazetteer flags for the lexicon, read at build time from ../shared/data/gazetteers (and
//! optionally WikiFANE). Only sources whose licenses allow shipping derived data are read; see
//! src/resources/README.md. ANERGazet ("freely for research") and the ODbL country table are
//! left out on purpose.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result};

use super::lexicon::flag;
use crate::text::normalize::{NormalizeOptions, normalize_str};

fn read(dir: &Path, name: &str) -> Result<String> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))
}

/// Rows of a TSV file with a header line.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).map(|l| l.split('\t').collect())
}

fn norm(s: &str) -> String {
    normalize_str(s.trim(), &NormalizeOptions::default())
}

/// Word → flag bits.
pub type Flags = BTreeMap<String, u16>;

fn set(f: &mut Flags, w: &str, bits: u16) {
    if !w.is_empty() {
        *f.entry(w.to_owned()).or_default() |= bits;
    }
}

/// Flags each word of a multi-word name: the whole name if one word, else first and later words.
fn add_name(f: &mut Flags, name: &str, single: u16, first: u16, rest: u16) {
    let n = norm(name);
    let words: Vec<&str> = n.split_whitespace().collect();
    match words.as_slice() {
        [] => {}
        [w] => set(f, w, single),
        [w, more @ ..] => {
            set(f, w, first);
            for m in more {
                set(f, m, rest);
            }
        }
    }
}

/// Reads the shippable gazetteers of `dir`.
pub fn load(dir: &Path) -> Result<Flags> {
    let mut f = Flags::new();
    for r in rows(&read(dir, "name-tokens-wikidata-en-ar.tsv")?) {
        if let [_, ar, count, ..] = r.as_slice() {
            let c: u32 = count.trim().parse().unwrap_or(0);
            let bits = if c >= 20 { flag::NAME_TOKEN | flag::NAME_TOKEN_FREQ } else { flag::NAME_TOKEN };
            if c >= 2 {
                set(&mut f, &norm(ar), bits);
            }
        }
    }
    let place = |f: &mut Flags, s: &str| add_name(f, s, flag::LOC_WORD, flag::LOC_FIRST, flag::LOC_REST);
    for file in ["territories.tsv", "regions.tsv"] {
        for r in rows(&read(dir, file)?) {
            for col in [2, 3] {
                for name in r.get(col).unwrap_or(&"").split('|') {
                    place(&mut f, name);
                }
            }
        }
    }
    for r in rows(&read(dir, "cities-tz.tsv")?) {
        place(&mut f, r.get(2).unwrap_or(&""));
    }
    for r in rows(&read(dir, "cities-geonames-ar.tsv")?) {
        for name in r.get(5).unwrap_or(&"").split('|') {
            place(&mut f, name);
        }
    }
    // Only the CLDR and GeoNames columns (the dr5hn column is ODbL).
    for r in rows(&read(dir, "capitals-ar.tsv")?) {
        for col in [4, 7] {
            for name in r.get(col).unwrap_or(&"").split('|') {
                place(&mut f, name);
            }
        }
    }
    for r in rows(&read(dir, "demonyms-cldr.tsv")?) {
        for col in [2, 3] {
            for name in r.get(col).unwrap_or(&"").split('|') {
                let n = norm(name);
                if n.is_empty() || n.contains(' ') {
                    continue;
                }
                let base = n.strip_prefix("ال").unwrap_or(&n).trim_end_matches('ة').to_owned();
                for form in [base.clone(), format!("{base}ة"), format!("ال{base}"), format!("ال{base}ة")]
                {
                    set(&mut f, &form, flag::DEMONYM);
                }
            }
        }
    }
    for r in rows(&read(dir, "organizations-awn-cldr.tsv")?) {
        for col in [2, 3] {
            for name in r.get(col).unwrap_or(&"").split('|') {
                add_name(&mut f, name, flag::ORG_PART, flag::ORG_PART, flag::ORG_PART);
            }
        }
    }
    Ok(f)
}

/// The coarse class of a WikiFANE fine type (its README's table): 0 PER, 1 LOC, 2 ORG, None for
/// types ANERcorp does not tag alike (Group, facilities, products, vehicles, weapons).
pub(crate) fn fane_class(fine: &str) -> Option<usize> {
    Some(match fine {
        "Politician" | "Artist" | "Scientist" | "Athlete" | "Businessperson" | "Engineer" | "Lawyer"
        | "Police" | "Religious_PER" | "Other_PER" => 0,
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "County-or-District"
        | "Continent"
        | "GPE-Cluster"
        | "Water-Body"
        | "Land-Region-Natural"
        | "Celestial" => 1,
        "Government" | "Non-Governmental" | "Commercial" | "Educational" | "Media" | "Religious_ORG"
        | "Sports" | "Medical-Science" | "Entertainment" => 2,
        _ => return None,
    })
}

/// Flags words by how often WikiFANE puts them inside person, place or organization names:
/// lexicon evidence from 36,000 annotated names without mixing its type system into training.
pub fn wikifane(path: &Path, f: &mut Flags) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    // word → [in PER, in LOC, in ORG, in any name, total]
    let mut counts: HashMap<String, [u32; 5]> = HashMap::new();
    for line in text.lines() {
        let Some((word, tag)) = line.rsplit_once(' ') else { continue };
        let w = norm(word);
        if w.is_empty() {
            continue;
        }
        let c = counts.entry(w).or_default();
        c[4] += 1;
        if tag != "O" {
            c[3] += 1;
            if let Some(k) = tag.get(2..).and_then(fane_class) {
                c[k] += 1;
            }
        }
    }
    let mut words: Vec<(&String, &[u32; 5])> = counts.iter().collect();
    words.sort();
    for (w, c) in words {
        let total = c[4] as f64;
        for (k, bit) in [flag::FANE_PER, flag::FANE_LOC, flag::FANE_ORG].into_iter().enumerate() {
            if c[k] >= 2 && c[k] as f64 >= 0.5 * total {
                set(f, w, bit);
            }
        }
        if c[3] >= 3 && (c[3] as f64) >= 0.2 * total && (c[3] as f64) < 0.5 * total {
            set(f, w, flag::FANE_SOMETIMES);
        }
    }
    Ok(())
}

/// Reads a WikiFANE tag as an ANERcorp tag: person, place and organization types map to PERS,
/// LOC and ORG; the rest (Group, facilities, vehicles, weapons, products) to O, since ANERcorp
/// does not tag them alike.
pub fn fane_tag(tag: &str) -> Option<crate::ner::Tag> {
    use crate::ner::{EntityType, Tag};
    if tag == "O" {
        return Some(Tag::O);
    }
    let (bi, fine) = tag.split_once('-')?;
    let ty = match fane_class(fine) {
        Some(0) => EntityType::Person,
        Some(1) => EntityType::Location,
        Some(2) => EntityType::Organization,
        _ => return Some(Tag::O),
    };
    Some(if bi == "B" { Tag::B(ty) } else { Tag::I(ty) })
}
