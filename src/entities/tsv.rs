//! `--format tsv`: one entity a line, for spreadsheets and shell pipelines.

use std::io::Write;

use super::Entity;
use super::lexicon::type_label;

pub const TSV_HEADER: &str =
    "id\tname\tname_ar\ttype\tsubtype\twikidata\tcount\tsalience\tfirst_position\tmentions";

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes the entities as TSV with a header line. Mentions are `text@start-end:kind`, joined by
/// ` | `, spans in characters of the original text.
pub fn write_tsv<W: Write>(entities: &[Entity], mut out: W) -> std::io::Result<()> {
    writeln!(out, "{TSV_HEADER}")?;
    for e in entities {
        let mentions: Vec<String> = e
            .mentions
            .iter()
            .map(|m| {
                let kind = serde_json::to_value(m.kind).ok().and_then(|v| v.as_str().map(str::to_owned));
                format!("{}@{}-{}:{}", clean(&m.text), m.span.start, m.span.end, kind.unwrap_or_default())
            })
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            e.id,
            clean(&e.name),
            clean(&e.name_ar),
            type_label(e.entity_type),
            clean(e.subtype.as_deref().unwrap_or("")),
            e.wikidata.as_deref().unwrap_or(""),
            e.count,
            e.salience.score,
            e.salience.first_position,
            mentions.join(" | ")
        )?;
    }
    Ok(())
}
