//! JSON and NDJSON: the analysis (or the part a subcommand shows) as one document per input.

use serde::Serialize;
use serde_json::Value;

use crate::analysis::{Analysis, SentenceOut, Stats, TokenOut};
use crate::claims::Claim;
use crate::entities::Entity;
use crate::output::View;
use crate::output::translit::{self, Translit};

/// Object-safe serialization, so `render` picks the document type per view and writes it once.
mod erased {
    use super::*;
    pub trait Ser {
        fn emit(&self, pretty: bool, translit: Option<Translit>, out: &mut Vec<u8>);
    }
    impl<T: Serialize> Ser for T {
        fn emit(&self, pretty: bool, translit: Option<Translit>, out: &mut Vec<u8>) {
            super::emit(self, pretty, translit, out)
        }
    }
}

/// The analysis without tokens and sentences (`--no-tokens`): the same fields in the same order
/// as [`Analysis`] minus those two (a test in tests/cli.rs keeps the two in step).
#[derive(Serialize)]
struct SummaryDoc<'a> {
    schema_version: &'a str,
    khabar_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    stats: &'a Stats,
    entities: &'a [Entity],
    claims: &'a [Claim],
}

/// The analysis without its token list: everything [`Analysis`] serializes before `tokens`, which
/// comes last. The compact writer ([`write_head`]) lets the token list be written straight from
/// the pipeline's tokens after it.
#[derive(Serialize)]
struct HeadDoc<'a> {
    #[serde(flatten)]
    summary: SummaryDoc<'a>,
    sentences: &'a [SentenceOut],
}

/// Tokens and sentences with the fields that identify the article (`tokenize`).
#[derive(Serialize)]
struct TokensDoc<'a> {
    schema_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    stats: &'a Stats,
    sentences: &'a [SentenceOut],
    tokens: &'a [TokenOut],
}

#[derive(Serialize)]
struct EntitiesDoc<'a> {
    schema_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    entities: &'a [Entity],
}

#[derive(Serialize)]
struct ClaimsDoc<'a> {
    schema_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    claims: Vec<&'a Claim>,
}

/// The `top` claims by check-worthiness, best first; ties keep article order (the sort is stable),
/// so the output is deterministic.
pub fn top_claims(claims: &[Claim], top: Option<usize>) -> Vec<&Claim> {
    let mut v: Vec<&Claim> = claims.iter().collect();
    v.sort_by(|a, b| b.score.total_cmp(&a.score));
    v.truncate(top.unwrap_or(usize::MAX));
    v
}

/// Serializes `value` followed by a newline. Serialization of these types cannot fail (string
/// keys only, no fallible `Serialize` impls); should it ever, an error record takes its place so
/// that the input still has its line.
pub fn write_line<T: Serialize>(value: &T, pretty: bool, out: &mut Vec<u8>) {
    let start = out.len();
    let r = if pretty {
        serde_json::to_writer_pretty(&mut *out, value)
    } else {
        serde_json::to_writer(&mut *out, value)
    };
    if let Err(e) = r {
        out.truncate(start);
        let msg = serde_json::json!({ "error": format!("cannot serialize the analysis: {e}") });
        out.extend_from_slice(msg.to_string().as_bytes());
    }
    out.push(b'\n');
}

/// Writes the compact JSON of `a` up to its token list, as the start of an object that is still
/// open (no closing brace): the caller appends `,"tokens":[...]}`.
pub fn write_head(a: &Analysis, out: &mut Vec<u8>) {
    let head = HeadDoc { summary: summary(a), sentences: &a.sentences };
    let start = out.len();
    write_line(&head, false, out);
    // `write_line` ends the object and the line.
    out.truncate(out.len().saturating_sub(2).max(start));
}

/// The summary fields of `a` (`--no-tokens`).
fn summary(a: &Analysis) -> SummaryDoc<'_> {
    SummaryDoc {
        schema_version: &a.schema_version,
        khabar_version: &a.khabar_version,
        id: a.id.as_ref(),
        source: a.source.as_deref(),
        encoding: a.encoding.as_deref(),
        stats: &a.stats,
        entities: &a.entities,
        claims: &a.claims,
    }
}

/// Adds `<key>_bw` next to every string field of `v` (at any depth) that holds Arabic, and turns
/// arrays of strings holding Arabic (clitic segments) into a `<key>_bw` array as well.
pub fn add_translit(v: &mut Value, t: Translit) {
    match v {
        Value::Object(map) => {
            let mut added = Vec::new();
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if translit::has_arabic(s) => {
                        added.push((format!("{key}_bw"), Value::String(t.apply(s))));
                    }
                    Value::Array(items)
                        if !items.is_empty()
                            && items.iter().all(Value::is_string)
                            && items.iter().any(|i| i.as_str().is_some_and(translit::has_arabic)) =>
                    {
                        let spelled =
                            items.iter().map(|i| Value::String(t.apply(i.as_str().unwrap_or("")))).collect();
                        added.push((format!("{key}_bw"), Value::Array(spelled)));
                    }
                    other => add_translit(other, t),
                }
            }
            map.extend(added);
        }
        Value::Array(items) => items.iter_mut().for_each(|i| add_translit(i, t)),
        _ => {}
    }
}

/// Writes `value`, through [`add_translit`] when `translit` is set (the keys then come out in
/// alphabetical order, so that each `<key>_bw` follows its `<key>`).
fn emit<T: Serialize>(value: &T, pretty: bool, translit: Option<Translit>, out: &mut Vec<u8>) {
    match translit.map(|t| (t, serde_json::to_value(value))) {
        None => write_line(value, pretty, out),
        Some((t, Ok(mut v))) => {
            add_translit(&mut v, t);
            write_line(&v, pretty, out)
        }
        Some((_, Err(_))) => write_line(value, pretty, out),
    }
}

/// Renders one analysis in `view`.
pub fn render(a: Analysis, view: View, pretty: bool, translit: Option<Translit>, out: &mut Vec<u8>) {
    let write_line = |v: &dyn erased::Ser, pretty: bool, out: &mut Vec<u8>| v.emit(pretty, translit, out);
    match view {
        View::Analysis { tokens: true } => write_line(&a, pretty, out),
        View::Analysis { tokens: false } => write_line(&summary(&a), pretty, out),
        View::Tokens => write_line(
            &TokensDoc {
                schema_version: &a.schema_version,
                id: a.id.as_ref(),
                source: a.source.as_deref(),
                encoding: a.encoding.as_deref(),
                stats: &a.stats,
                sentences: &a.sentences,
                tokens: &a.tokens,
            },
            pretty,
            out,
        ),
        View::Entities => write_line(
            &EntitiesDoc {
                schema_version: &a.schema_version,
                id: a.id.as_ref(),
                source: a.source.as_deref(),
                entities: &a.entities,
            },
            pretty,
            out,
        ),
        View::Claims { top } => write_line(
            &ClaimsDoc {
                schema_version: &a.schema_version,
                id: a.id.as_ref(),
                source: a.source.as_deref(),
                claims: top_claims(&a.claims, top),
            },
            pretty,
            out,
        ),
    }
}
