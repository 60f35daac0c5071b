//! `khabar train lexicon`: derives the geographic lexicon (`src/resources/lexicon-geo.odbl.tsv`)
//! from the gazetteers in `data/gazetteers` (see their README for sources and licenses).
//!
//! * countries and territories: Arabic names and variants from CLDR `territories.tsv`, common
//!   and official Arabic names from mledoze/countries and the QID and English name from dr5hn,
//!   both via `countries-wikidata.tsv` (ODbL: the output is ODbL);
//! * capitals: the CLDR time-zone exemplar and the dr5hn Arabic name of `capitals-ar.tsv` (the
//!   latter only when GeoNames has the same spelling);
//! * demonyms: the CLDR nisba of `demonyms-cldr.tsv`, plus the nisba derived from a one-word
//!   country name by the regular rule (روسيا → روسي, السعودية → سعودي, لبنان → لبناني);
//! * cities: CLDR time-zone exemplar cities that GeoNames lists with 500,000 inhabitants or more
//!   (`cities-tz.tsv` ∩ `cities-geonames-ar.tsv`), which drops exemplars that are common words
//!   (ترك, نوم);
//! * regions: CLDR `regions.tsv` (continents and sub-regions).
//!
//! The derivation is deterministic: rows come out in code order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::lexicon::{HEADER, Record, Text, to_tsv_line};
use crate::ner::EntityType;

/// What a derivation produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeriveReport {
    pub countries: usize,
    pub countries_with_qid: usize,
    pub capitals: usize,
    pub demonyms_cldr: usize,
    pub demonyms_derived: usize,
    pub cities: usize,
    pub regions: usize,
}

/// Owned strings as record strings.
fn texts(v: Vec<String>) -> Vec<Text> {
    v.into_iter().map(Text::from).collect()
}

/// Territory codes that are not places (CLDR pseudo-locales, unions, "unknown").
const SKIP_CODES: &[&str] = &["EU", "EZ", "UN", "XA", "XB", "ZZ", "QO"];

/// Capitals left out of capital metonymy: the status of Jerusalem is disputed, so القدس is a
/// city of its own (in lexicon-places.tsv), not the government of a state.
const SKIP_CAPITALS: &[&str] = &["IL", "PS"];

/// Regions too generic to be entities (العالم "the world").
const SKIP_REGIONS: &[&str] = &["001"];

/// Known wrong QIDs in the sources: dr5hn maps PS to the Palestinian territories (Q407199); the
/// state is Q219060 (gazetteers README).
const QID_FIXES: &[(&str, &str)] = &[("PS", "Q219060")];

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(dir: &Path, name: &str) -> Result<Table> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let mut lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let header: Vec<String> = lines.next().unwrap_or("").split('\t').map(str::to_owned).collect();
        let rows = lines.map(|l| l.split('\t').map(|c| c.trim().to_owned()).collect()).collect();
        Ok(Table { header, rows })
    }

    fn col(&self, name: &str) -> Result<usize> {
        match self.header.iter().position(|h| h == name) {
            Some(i) => Ok(i),
            None => bail!("column {name} missing (have {:?})", self.header),
        }
    }

    fn get(row: &[String], i: usize) -> &str {
        row.get(i).map_or("", |s| s.as_str())
    }
}

/// Removes parenthesized parts and harakat, splits "A - B" into its halves.
fn clean_names(s: &str) -> Vec<String> {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 && !('\u{064B}'..='\u{0652}').contains(&c) && c != '\u{0640}' => out.push(c),
            _ => {}
        }
    }
    let whole = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut v = vec![whole.clone()];
    if whole.contains(" - ") {
        // "الكونغو - كينشاسا": the country name is the first half (the second is its capital).
        let first = whole.split(" - ").next().unwrap_or("").trim().to_owned();
        v.push(first);
    }
    v.retain(|x| !x.is_empty());
    v
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|').flat_map(clean_names).collect()
}

/// The regular nisba of a one-word country name, or `None` when the rule does not apply
/// (several words, or a final vowel letter that makes the form unpredictable: مالي, بيرو).
pub fn derive_nisba(name: &str) -> Option<String> {
    let bare = name.strip_prefix("ال").unwrap_or(name).to_owned();
    if bare.contains(' ') || bare.chars().count() < 3 {
        return None;
    }
    if let Some(stem) = bare.strip_suffix("ية") {
        return Some(format!("{stem}ي"));
    }
    if let Some(stem) = bare.strip_suffix("يا") {
        return Some(format!("{stem}ي"));
    }
    if let Some(stem) = bare.strip_suffix('ا') {
        return Some(format!("{stem}ي"));
    }
    if bare.ends_with(['ي', 'و', 'ه', 'ة', 'ى']) {
        return None;
    }
    Some(format!("{bare}ي"))
}

/// The masculine nisba of a CLDR demonym (feminine تشيكية → تشيكي).
fn masculine(s: &str) -> String {
    let s = s.strip_prefix("ال").unwrap_or(s);
    s.strip_suffix('ة').map_or_else(|| s.to_owned(), |x| x.to_owned())
}

fn push_unique(v: &mut Vec<String>, x: String) {
    if !x.is_empty() && !v.contains(&x) {
        v.push(x);
    }
}

/// Derives the lexicon rows from the gazetteer directory and returns them as TSV text.
pub fn derive_geo(dir: &Path) -> Result<(String, DeriveReport)> {
    let mut report = DeriveReport::default();
    let terr = Table::read(dir, "territories.tsv")?;
    let cw = Table::read(dir, "countries-wikidata.tsv")?;
    let caps = Table::read(dir, "capitals-ar.tsv")?;
    let dem = Table::read(dir, "demonyms-cldr.tsv")?;
    let tz = Table::read(dir, "cities-tz.tsv")?;
    let big = Table::read(dir, "cities-geonames-ar.tsv")?;
    let regions = Table::read(dir, "regions.tsv")?;

    let (t_code, t_en, t_ar, t_var) = (
        terr.col("code")?,
        terr.col("english_name")?,
        terr.col("arabic_name")?,
        terr.col("arabic_variants")?,
    );
    let (c_iso, c_en, c_qid, c_common, c_official) = (
        cw.col("iso2")?,
        cw.col("english_name")?,
        cw.col("wikidata_qid")?,
        cw.col("ar_common_mledoze")?,
        cw.col("ar_official_mledoze")?,
    );
    let by_iso: HashMap<&str, &Vec<String>> = cw.rows.iter().map(|r| (Table::get(r, c_iso), r)).collect();
    let (k_iso, k_tz, k_dr, k_geo) = (
        caps.col("iso2")?,
        caps.col("ar_cldr_tz_exemplar")?,
        caps.col("ar_dr5hn")?,
        caps.col("ar_geonames_candidates")?,
    );
    let caps_by_iso: HashMap<&str, &Vec<String>> =
        caps.rows.iter().map(|r| (Table::get(r, k_iso), r)).collect();
    let (d_qid, d_ar, d_alias) = (dem.col("qid")?, dem.col("arabic_name")?, dem.col("arabic_aliases")?);
    let mut dem_by_qid: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &dem.rows {
        let v = dem_by_qid.entry(Table::get(r, d_qid)).or_default();
        push_unique(v, masculine(Table::get(r, d_ar)));
        for a in Table::get(r, d_alias).split('|').filter(|a| !a.is_empty()) {
            push_unique(v, masculine(a));
        }
    }

    let mut records: Vec<Record> = Vec::new();
    let mut capital_forms: BTreeSet<String> = BTreeSet::new();
    let mut country_forms: BTreeSet<String> = BTreeSet::new();
    let mut rows: Vec<&Vec<String>> = terr.rows.iter().collect();
    rows.sort_by(|a, b| Table::get(a, t_code).cmp(Table::get(b, t_code)));
    for r in rows {
        let code = Table::get(r, t_code);
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) || SKIP_CODES.contains(&code) {
            continue;
        }
        let cw_row = by_iso.get(code);
        let qid = QID_FIXES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, q)| q.to_string())
            .or_else(|| cw_row.map(|r| Table::get(r, c_qid).to_owned()).filter(|q| q.starts_with('Q')));
        let names = clean_names(Table::get(r, t_ar));
        let Some(name_ar) = names.first().cloned() else { continue };
        let mut aliases = Vec::new();
        for n in names.into_iter().skip(1).chain(split_list(Table::get(r, t_var))) {
            push_unique(&mut aliases, n);
        }
        if let Some(cr) = cw_row {
            for n in
                split_list(Table::get(cr, c_common)).into_iter().chain(split_list(Table::get(cr, c_official)))
            {
                push_unique(&mut aliases, n);
            }
        }
        aliases.retain(|a| *a != name_ar);
        let name_en = cw_row.map(|r| Table::get(r, c_en).to_owned()).filter(|s| !s.is_empty());
        let name_en = name_en.unwrap_or_else(|| Table::get(r, t_en).to_owned());
        let mut demonyms = Vec::new();
        if let Some(q) = &qid
            && let Some(d) = dem_by_qid.get(q.as_str())
        {
            for x in d {
                push_unique(&mut demonyms, x.clone());
                report.demonyms_cldr += 1;
            }
        }
        for n in std::iter::once(&name_ar).chain(aliases.iter()) {
            if let Some(d) = derive_nisba(n)
                && !demonyms.contains(&d)
            {
                demonyms.push(d);
                report.demonyms_derived += 1;
            }
        }
        let mut capitals = Vec::new();
        if !SKIP_CAPITALS.contains(&code)
            && let Some(cr) = caps_by_iso.get(code)
        {
            for c in clean_names(Table::get(cr, k_tz)) {
                push_unique(&mut capitals, c);
            }
            // dr5hn's Arabic is partly machine-made (Malé became ذكر "male"): keep its capital
            // only when GeoNames lists the same spelling.
            let geonames: Vec<&str> = Table::get(cr, k_geo).split('|').collect();
            for c in clean_names(Table::get(cr, k_dr)) {
                if geonames.contains(&c.as_str()) {
                    push_unique(&mut capitals, c);
                }
            }
        }
        report.capitals += capitals.len();
        capital_forms.extend(capitals.iter().cloned());
        country_forms.insert(name_ar.clone());
        country_forms.extend(aliases.iter().cloned());
        report.countries += 1;
        report.countries_with_qid += usize::from(qid.is_some());
        records.push(Record {
            id: qid.clone().unwrap_or_else(|| format!("iso:{code}")).into(),
            entity_type: EntityType::Location,
            subtype: Some("country".into()),
            name_en: name_en.into(),
            name_ar: name_ar.into(),
            wikidata: qid.map(Text::from),
            aliases: texts(aliases),
            demonyms: texts(demonyms),
            capitals: texts(capitals),
            roles: Vec::new(),
        });
    }

    let (r_code, r_en, r_ar, r_var) = (
        regions.col("code")?,
        regions.col("english_name")?,
        regions.col("arabic_name")?,
        regions.col("arabic_variants")?,
    );
    for r in &regions.rows {
        let code = Table::get(r, r_code);
        if !code.bytes().all(|b| b.is_ascii_digit()) || SKIP_REGIONS.contains(&code) {
            continue;
        }
        let names = clean_names(Table::get(r, r_ar));
        let Some(name_ar) = names.first().cloned() else { continue };
        report.regions += 1;
        records.push(Record {
            id: format!("region:{code}").into(),
            entity_type: EntityType::Location,
            subtype: Some("region".into()),
            name_en: Table::get(r, r_en).to_owned().into(),
            name_ar: name_ar.into(),
            wikidata: None,
            aliases: texts(split_list(Table::get(r, r_var))),
            demonyms: Vec::new(),
            capitals: Vec::new(),
            roles: Vec::new(),
        });
    }

    let (b_en, b_pop) = (big.col("english_name")?, big.col("population")?);
    let big_en: BTreeSet<&str> = big
        .rows
        .iter()
        .filter(|r| Table::get(r, b_pop).parse::<u64>().is_ok_and(|p| p >= 500_000))
        .map(|r| Table::get(r, b_en))
        .collect();
    let (z_id, z_en, z_ar) = (tz.col("tz_id")?, tz.col("english_city")?, tz.col("arabic_city")?);
    let mut tz_rows: Vec<&Vec<String>> = tz.rows.iter().collect();
    tz_rows.sort_by(|a, b| Table::get(a, z_id).cmp(Table::get(b, z_id)));
    let mut seen = BTreeSet::new();
    for r in tz_rows {
        let Some(name_ar) = clean_names(Table::get(r, z_ar)).first().cloned() else { continue };
        let en = Table::get(r, z_en);
        if !big_en.contains(en) || capital_forms.contains(&name_ar) || country_forms.contains(&name_ar) {
            continue;
        }
        if !seen.insert(name_ar.clone()) {
            continue;
        }
        report.cities += 1;
        records.push(Record {
            id: format!("city:{}", Table::get(r, z_id)).into(),
            entity_type: EntityType::Location,
            subtype: Some("city".into()),
            name_en: en.to_owned().into(),
            name_ar: name_ar.into(),
            wikidata: None,
            aliases: Vec::new(),
            demonyms: Vec::new(),
            capitals: Vec::new(),
            roles: Vec::new(),
        });
    }

    let mut out = String::new();
    out.push_str(
        "# khabar geographic lexicon. GENERATED by `khabar train lexicon --gazetteers data/gazetteers --out \
         src/resources/lexicon-geo.odbl.tsv`; do not edit (hand additions go to lexicon-places.tsv).\n\
         # License: ODbL-1.0 (Open Database License), as a database derived from countries-states-cities-database \
         (dr5hn) and mledoze/countries (world-countries), both ODbL-1.0. Also contains Unicode CLDR 48.2 data \
         (Unicode License v3) and GeoNames data (CC BY 4.0, geonames.org). See src/resources/README.md.\n",
    );
    out.push_str(HEADER);
    out.push('\n');
    for r in &records {
        let _ = writeln!(out, "{}", to_tsv_line(r));
    }
    Ok((out, report))
}

/// Derives the lexicon and writes it to `out`.
pub fn train_lexicon(gazetteers: &Path, out: &Path) -> Result<DeriveReport> {
    let (text, report) = derive_geo(gazetteers)?;
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nisba_rule() {
        assert_eq!(derive_nisba("روسيا").as_deref(), Some("روسي"));
        assert_eq!(derive_nisba("السعودية").as_deref(), Some("سعودي"));
        assert_eq!(derive_nisba("لبنان").as_deref(), Some("لبناني"));
        assert_eq!(derive_nisba("فرنسا").as_deref(), Some("فرنسي"));
        assert_eq!(derive_nisba("أوكرانيا").as_deref(), Some("أوكراني"));
        assert_eq!(derive_nisba("الأردن").as_deref(), Some("أردني"));
        assert_eq!(derive_nisba("مالي"), None);
        assert_eq!(derive_nisba("كوريا الشمالية"), None);
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_names("ميانمار (بورما)"), vec!["ميانمار"]);
        assert_eq!(clean_names("الكونغو - كينشاسا"), vec!["الكونغو - كينشاسا", "الكونغو"]);
    }
}
