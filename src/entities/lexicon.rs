//! Lexicon records and the TSV format they are written in (the embedded files under
//! `src/resources/lexicon-*.tsv` and a user's `--lexicon FILE.tsv` share it).
//!
//! One entity a line, tab-separated, `#` starts a comment line; the first line may be the header.
//!
//! | column | content |
//! |---|---|
//! | `id` | stable key (the QID for most entities, else e.g. `city:Asia/Dubai`); `+id` extends the entity `id` instead of replacing it |
//! | `type` | `PERSON`, `LOCATION`, `ORGANIZATION` or `MISC` |
//! | `subtype` | free text: `country`, `city`, `region`, `politician`, `international_org` … |
//! | `name_en` | English canonical name |
//! | `name_ar` | Arabic name as newswire writes it (mentions of kind `name`) |
//! | `wikidata` | QID or empty |
//! | `aliases` | `\|`-separated other names (kind `alias`: الناتو, أمريكا) |
//! | `demonyms` | `\|`-separated masculine nisba adjectives (روسي, كوري شمالي), inflected automatically; `=form` adds a literal form (broken plurals: `=الروس`) |
//! | `capitals` | `\|`-separated capitals standing for the country's government (kind `capital`) |
//! | `roles` | `\|`-separated `role@country-id` for persons (`president@Q159`), `~role@country-id` for a former holder (`~president@Q30`): titles resolve through them |
//!
//! Trailing empty columns may be omitted. A later row with the same `id` replaces the earlier one
//! (a user lexicon overrides the embedded entity); a `+id` row merges into it: its non-empty
//! scalar columns override, its list columns are appended.

use std::borrow::Cow;

use anyhow::{Context, Result, bail};

use crate::ner::EntityType;
use crate::ner::hash::FastMap;

/// Header line of lexicon TSV files.
pub const HEADER: &str = "id\ttype\tsubtype\tname_en\tname_ar\twikidata\taliases\tdemonyms\tcapitals\troles";

/// A string of a record: borrowed from the embedded lexicon files (parsing them allocates no
/// string, which was half of loading them), owned when read from a user's file or derived.
pub type Text = Cow<'static, str>;

/// A role a person holds (`president@Q159`) or held (`~president@Q30`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub role: Text,
    /// Entity id of the country.
    pub country: Text,
    /// Former holders resolve a title only when the article names them (a 2015 article's
    /// "الرئيس الأمريكي" is Obama when Obama is in it); current ones also when it names no one.
    pub current: bool,
}

/// One entity of the lexicon.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: Text,
    pub entity_type: EntityType,
    pub subtype: Option<Text>,
    pub name_en: Text,
    pub name_ar: Text,
    pub wikidata: Option<Text>,
    pub aliases: Vec<Text>,
    pub demonyms: Vec<Text>,
    pub capitals: Vec<Text>,
    pub roles: Vec<Role>,
}

/// A parsed row: a full record, or an extension of one.
#[derive(Clone, Debug)]
enum Row {
    Replace(Record),
    Extend(Record),
}

fn parse_type(s: &str) -> Option<EntityType> {
    const NAMES: &[(&str, EntityType)] = &[
        ("PERSON", EntityType::Person),
        ("PERS", EntityType::Person),
        ("PER", EntityType::Person),
        ("LOCATION", EntityType::Location),
        ("LOC", EntityType::Location),
        ("ORGANIZATION", EntityType::Organization),
        ("ORG", EntityType::Organization),
        ("MISC", EntityType::Misc),
    ];
    let s = s.trim();
    NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(s)).map(|&(_, t)| t)
}

pub fn type_label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PERSON",
        EntityType::Location => "LOCATION",
        EntityType::Organization => "ORGANIZATION",
        EntityType::Misc => "MISC",
    }
}

/// The fields of `s` between ASCII `sep` bytes. `str::split` on a char searches through a
/// general matcher, which made that searching most of the cost of parsing the embedded lexicon
/// at start-up; an ASCII byte can be found byte by byte and always ends at a char boundary.
fn fields(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match find_byte(r.as_bytes(), sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Makes the records' strings: borrowed from text that lives as long as the program, copied
/// from any other.
trait Texts<'a>: Copy {
    fn text(self, s: &'a str) -> Text;
}

#[derive(Clone, Copy)]
struct Borrowed;

impl Texts<'static> for Borrowed {
    fn text(self, s: &'static str) -> Text {
        Cow::Borrowed(s)
    }
}

#[derive(Clone, Copy)]
struct Copied;

impl<'a> Texts<'a> for Copied {
    fn text(self, s: &'a str) -> Text {
        Cow::Owned(s.to_owned())
    }
}

/// The position of the first `b` in `s`, eight bytes at a time (the lexicon files are 60 kB of
/// mostly two-byte letters between the separators).
fn find_byte(s: &[u8], b: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let pattern = LOW * u64::from(b);
    let mut words = s.chunks_exact(8);
    for (i, w) in (&mut words).enumerate() {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]) ^ pattern;
        // The lowest byte of x that is zero sets the lowest marked bit (a zero byte can mark
        // the bytes above it too, never one below).
        let zero = x.wrapping_sub(LOW) & !x & HIGH;
        if zero != 0 {
            return Some(i * 8 + zero.trailing_zeros() as usize / 8);
        }
    }
    let tail = s.len() - words.remainder().len();
    words.remainder().iter().position(|&x| x == b).map(|p| tail + p)
}

fn list<'a>(s: Option<&'a str>, t: impl Texts<'a>) -> Vec<Text> {
    s.map(|s| fields(s, b'|').map(str::trim).filter(|x| !x.is_empty()).map(|x| t.text(x)).collect())
        .unwrap_or_default()
}

fn opt<'a>(s: Option<&'a str>, t: impl Texts<'a>) -> Option<Text> {
    s.map(str::trim).filter(|s| !s.is_empty() && *s != "-").map(|s| t.text(s))
}

/// Parses lexicon TSV text; `source` names it in error messages.
fn parse<'a>(text: &'a str, source: &str, t: impl Texts<'a>) -> Result<Vec<Row>> {
    // At most a row a line: no growing (and copying) of the large rows.
    let mut rows = Vec::with_capacity(fields(text, b'\n').count());
    for (n, line) in fields(text, b'\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\t") {
            continue;
        }
        // The ten columns (later ones are ignored), without a vector per line.
        let mut cols = [None; 10];
        for (slot, col) in cols.iter_mut().zip(fields(line, b'\t')) {
            *slot = Some(col);
        }
        let at = || format!("{source}:{}", n + 1);
        let raw_id = cols[0].unwrap_or("").trim();
        let (extend, id) = match raw_id.strip_prefix('+') {
            Some(id) => (true, id),
            None => (false, raw_id),
        };
        if id.is_empty() {
            bail!("{}: empty id", at());
        }
        let type_col = cols[1].unwrap_or("");
        let entity_type = match parse_type(type_col) {
            Some(t) => t,
            None if extend && type_col.trim().is_empty() => EntityType::Misc,
            None => bail!("{}: unknown type {type_col:?} (PERSON, LOCATION, ORGANIZATION, MISC)", at()),
        };
        let roles = cols[9]
            .into_iter()
            .flat_map(|c| fields(c, b'|').map(str::trim).filter(|x| !x.is_empty()))
            .map(|r| match r.split_once('@') {
                Some((role, country)) => Ok(Role {
                    role: t.text(role.trim_start_matches('~')),
                    country: t.text(country),
                    current: !role.starts_with('~'),
                }),
                None => bail!("{}: role {r:?} is not role@country-id", at()),
            })
            .collect::<Result<Vec<_>>>()?;
        let rec = Record {
            id: t.text(id),
            entity_type,
            subtype: opt(cols[2], t),
            name_en: opt(cols[3], t).unwrap_or_default(),
            name_ar: opt(cols[4], t).unwrap_or_default(),
            wikidata: opt(cols[5], t),
            aliases: list(cols[6], t),
            demonyms: list(cols[7], t),
            capitals: list(cols[8], t),
            roles,
        };
        if !extend && (rec.name_ar.is_empty() || rec.name_en.is_empty()) {
            bail!("{}: name_en and name_ar are required", at());
        }
        if let Some(q) = &rec.wikidata
            && !(q.starts_with('Q') && q.len() > 1 && q[1..].bytes().all(|b| b.is_ascii_digit()))
        {
            bail!("{}: wikidata {q:?} is not a QID", at());
        }
        rows.push(if extend { Row::Extend(rec) } else { Row::Replace(rec) });
    }
    Ok(rows)
}

fn push_unique(into: &mut Vec<Text>, from: Vec<Text>) {
    for x in from {
        if !into.contains(&x) {
            into.push(x);
        }
    }
}

/// Records merged from several TSV sources, in first-definition order.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub records: Vec<Record>,
    /// Position of each id in `records` (hashed with [`FastMap`]'s hasher: ids come from the
    /// embedded files and the user's own lexicon, nothing to defend against).
    index: FastMap<Text, usize>,
}

impl Lexicon {
    /// Adds the rows of one TSV source (later sources override earlier ones).
    pub fn add_tsv(&mut self, text: &str, source: &str) -> Result<()> {
        self.add_rows(parse(text, source, Copied)?, source)
    }

    /// [`Lexicon::add_tsv`] for text that lives as long as the program (the embedded files),
    /// which the records borrow their strings from.
    pub fn add_static_tsv(&mut self, text: &'static str, source: &str) -> Result<()> {
        self.add_rows(parse(text, source, Borrowed)?, source)
    }

    fn add_rows(&mut self, rows: Vec<Row>, source: &str) -> Result<()> {
        self.records.reserve(rows.len());
        self.index.reserve(rows.len());
        for row in rows {
            match row {
                Row::Replace(rec) => match self.index.get(&rec.id) {
                    Some(&i) => self.records[i] = rec,
                    None => {
                        self.index.insert(rec.id.clone(), self.records.len());
                        self.records.push(rec);
                    }
                },
                Row::Extend(ext) => {
                    let Some(&i) = self.index.get(&ext.id) else {
                        bail!("{source}: +{} extends an entity that is not defined before it", ext.id);
                    };
                    let r = &mut self.records[i];
                    if !ext.name_en.is_empty() {
                        r.name_en = ext.name_en;
                    }
                    if !ext.name_ar.is_empty() {
                        r.name_ar = ext.name_ar;
                    }
                    if ext.subtype.is_some() {
                        r.subtype = ext.subtype;
                    }
                    if ext.wikidata.is_some() {
                        r.wikidata = ext.wikidata;
                    }
                    push_unique(&mut r.aliases, ext.aliases);
                    push_unique(&mut r.demonyms, ext.demonyms);
                    push_unique(&mut r.capitals, ext.capitals);
                    for role in ext.roles {
                        if !r.roles.contains(&role) {
                            r.roles.push(role);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds a TSV file from disk.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<()> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading lexicon {}", path.display()))?;
        self.add_tsv(&text, &path.display().to_string())
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.index.get(id).map(|&i| &self.records[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// Formats a record as one TSV line (the inverse of the parser, used by the derivation).
pub fn to_tsv_line(r: &Record) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let join = |v: &[Text]| v.iter().map(|s| clean(s)).collect::<Vec<_>>().join("|");
    let roles: Vec<String> = r
        .roles
        .iter()
        .map(|x| format!("{}{}@{}", if x.current { "" } else { "~" }, x.role, x.country))
        .collect();
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        clean(&r.id),
        type_label(r.entity_type),
        clean(r.subtype.as_deref().unwrap_or("")),
        clean(&r.name_en),
        clean(&r.name_ar),
        r.wikidata.as_deref().unwrap_or(""),
        join(&r.aliases),
        join(&r.demonyms),
        join(&r.capitals),
        roles.join("|"),
    )
}

/// A title word of the titles table (role, adjectival, construct, English: president, الرئيس,
/// رئيس, President).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleWord {
    pub role: String,
    /// Form before a definite demonym: الرئيس (الروسي).
    pub adjectival: String,
    /// Construct form before a country name: رئيس (روسيا).
    pub construct: String,
    /// English title, for an office whose holder is unknown: "President" (of Russia).
    pub name_en: String,
}

/// Parses the titles table (columns role, adjectival, construct, name_en).
pub fn parse_titles(text: &str, source: &str) -> Result<Vec<TitleWord>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("role\t") {
            continue;
        }
        let c: Vec<&str> = line.split('\t').map(str::trim).collect();
        if c.len() < 4 || c.iter().take(4).any(|x| x.is_empty()) {
            bail!("{source}:{}: expected role, adjectival, construct, name_en", n + 1);
        }
        out.push(TitleWord {
            role: c[0].to_owned(),
            adjectival: c[1].to_owned(),
            construct: c[2].to_owned(),
            name_en: c[3].to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_finds_the_first() {
        let s = "ab\tسلام\tx|y\t\t".as_bytes();
        for b in [b'\t', b'|', b'x', b'q', 0xD8] {
            assert_eq!(find_byte(s, b), s.iter().position(|&x| x == b), "{b}");
            for start in 0..s.len() {
                assert_eq!(find_byte(&s[start..], b), s[start..].iter().position(|&x| x == b));
            }
        }
    }

    #[test]
    fn replace_and_extend() {
        let mut lx = Lexicon::default();
        lx.add_tsv(&format!("{HEADER}\nQ159\tLOCATION\tcountry\tRussia\tروسيا\tQ159\t\tروسي\tموسكو\n"), "a")
            .unwrap();
        lx.add_tsv("+Q159\t\t\t\t\t\tروسيا الاتحادية|الاتحاد الروسي\n", "b").unwrap();
        let r = lx.get("Q159").unwrap();
        assert_eq!(r.aliases.len(), 2);
        assert_eq!(r.capitals, vec!["موسكو"]);
        lx.add_tsv("Q159\tLOCATION\tcountry\tRussian Federation\tروسيا\tQ159\n", "c").unwrap();
        assert_eq!(lx.get("Q159").unwrap().name_en, "Russian Federation");
        assert!(lx.get("Q159").unwrap().aliases.is_empty());
        assert_eq!(lx.records.len(), 1);
    }

    #[test]
    fn errors_name_the_line() {
        let mut lx = Lexicon::default();
        let e = lx.add_tsv("x\tPLANET\t\tX\tس\n", "user.tsv").unwrap_err();
        assert!(e.to_string().contains("user.tsv:1"), "{e}");
        assert!(lx.add_tsv("x\tPERSON\t\tX\tس\tP31\n", "u").is_err());
        assert!(lx.add_tsv("+nope\tPERSON\n", "u").is_err());
        assert!(lx.add_tsv("x\tPERSON\t\tX\tس\t\t\t\t\tpresident\n", "u").is_err());
    }

    #[test]
    fn tsv_line_round_trips() {
        let mut lx = Lexicon::default();
        let line =
            "Q7747\tPERSON\tpolitician\tVladimir Putin\tفلاديمير بوتين\tQ7747\tبوتين\t\t\tpresident@Q159";
        lx.add_tsv(line, "t").unwrap();
        assert_eq!(to_tsv_line(&lx.records[0]), line);
    }
}
