//! JSON and NDJSON: the analysis (or the part a subcommand shows) as one document per input.

use serde::Serialize;
use serde_json::Value;

use crate::analysis::{Analysis, SentenceOut, Stats, TokenOut};
use crate::claims::Claim;
use crate::entities::Entity;
use crate::output::View;

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

/// Renders one analysis in `view`.
pub fn render(a: Analysis, view: View, pretty: bool, out: &mut Vec<u8>) {
    match view {
        View::Analysis { tokens: true } => write_line(&a, pretty, out),
        View::Analysis { tokens: false } => write_line(
            &SummaryDoc {
                schema_version: &a.schema_version,
                khabar_version: &a.khabar_version,
                id: a.id.as_ref(),
                source: a.source.as_deref(),
                encoding: a.encoding.as_deref(),
                stats: &a.stats,
                entities: &a.entities,
                claims: &a.claims,
            },
            pretty,
            out,
        ),
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
