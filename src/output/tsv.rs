//! TSV for spreadsheets, `cut` and `sort`: one row per entity, claim or token, with a header line.
//! Fields never contain tabs or line breaks (they become spaces), so every row is one line.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::output::View;
use crate::output::json::top_claims;

const ENTITY_COLUMNS: &str = "entity\tname\tname_ar\ttype\tsubtype\twikidata\tcount\tsalience\tmentions";
const CLAIM_COLUMNS: &str =
    "rank\tscore\tkind\tcertainty\tnegated\tspeaker\tspeaker_entity\tstart\tend\ttext";
const TOKEN_COLUMNS: &str = "token\tkind\tstart\tend\ttext\tnorm\tsentence";

fn header(columns: &str, batch: bool) -> String {
    if batch { format!("input\t{columns}\n") } else { format!("{columns}\n") }
}

pub fn entities_header(batch: bool) -> String {
    header(ENTITY_COLUMNS, batch)
}

pub fn claims_header(batch: bool) -> String {
    header(CLAIM_COLUMNS, batch)
}

pub fn tokens_header(batch: bool) -> String {
    header(TOKEN_COLUMNS, batch)
}

/// A field with tabs and line breaks replaced by spaces.
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) { s.replace(['\t', '\n', '\r'], " ").into() } else { s.into() }
}

/// What the `input` column shows: the record id (a string as is, other JSON as JSON text), else
/// the source file.
fn input_name(a: &Analysis) -> String {
    match (&a.id, &a.source) {
        (Some(serde_json::Value::String(s)), _) => field(s).into_owned(),
        (Some(v), _) => v.to_string(),
        (None, Some(s)) => field(s).into_owned(),
        (None, None) => String::new(),
    }
}

/// Renders the rows of one analysis. `View::Analysis` and `View::Tokens` write tokens.
pub fn render(a: &Analysis, view: View, batch: bool, out: &mut Vec<u8>) {
    let prefix = if batch { format!("{}\t", input_name(a)) } else { String::new() };
    let mut s = String::new();
    match view {
        View::Entities => {
            for e in &a.entities {
                let mentions: Vec<String> = e.mentions.iter().map(|m| field(&m.text).into_owned()).collect();
                let _ = writeln!(
                    s,
                    "{prefix}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{}",
                    field(&e.id),
                    field(&e.name),
                    field(&e.name_ar),
                    serde_plain(&e.entity_type),
                    e.subtype.as_deref().map(field).unwrap_or_default(),
                    e.wikidata.as_deref().map(field).unwrap_or_default(),
                    e.count,
                    e.salience.score,
                    mentions.join(" | "),
                );
            }
        }
        View::Claims { top } => {
            for (rank, c) in top_claims(&a.claims, top).into_iter().enumerate() {
                let (speaker, entity) = match &c.speaker {
                    Some(sp) => (field(&sp.text).into_owned(), sp.entity.clone().unwrap_or_default()),
                    None => (String::new(), String::new()),
                };
                let _ = writeln!(
                    s,
                    "{prefix}{}\t{:.4}\t{}\t{}\t{}\t{speaker}\t{entity}\t{}\t{}\t{}",
                    rank + 1,
                    c.score,
                    serde_plain(&c.kind),
                    serde_plain(&c.certainty),
                    c.negated,
                    c.span.start,
                    c.span.end,
                    field(&c.text),
                );
            }
        }
        View::Analysis { .. } | View::Tokens => {
            let mut sentence_of = vec![0usize; a.tokens.len()];
            for (i, st) in a.sentences.iter().enumerate() {
                let end = st.tokens[1].min(a.tokens.len());
                for slot in sentence_of.iter_mut().take(end).skip(st.tokens[0]) {
                    *slot = i;
                }
            }
            for (i, t) in a.tokens.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "{prefix}{i}\t{}\t{}\t{}\t{}\t{}\t{}",
                    serde_plain(&t.kind),
                    t.span.start,
                    t.span.end,
                    field(&t.text),
                    field(&t.norm),
                    sentence_of[i],
                );
            }
        }
    }
    out.extend_from_slice(s.as_bytes());
}

/// The JSON name of a unit enum variant (`PERSON`, `reported`), so TSV and JSON agree.
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
