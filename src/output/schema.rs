//! The JSON Schema of the output, generated from the Rust types so that it cannot drift from
//! what khabar writes.

use schemars::schema::RootSchema;
use serde_json::{Value, json};

use crate::analysis::{Analysis, SCHEMA_VERSION};
use crate::output::ErrorRecord;

fn to_value(schema: RootSchema) -> Value {
    serde_json::to_value(schema).unwrap_or(Value::Null)
}

/// Schema of one analysis (`khabar analyze` output). `schema_version` is pinned to this build's
/// version, and `tokens`/`sentences` are optional because `--no-tokens` leaves them out.
pub fn analysis() -> Value {
    let mut v = to_value(schemars::schema_for!(Analysis));
    v["title"] = json!("khabar analysis");
    v["description"] = json!(format!(
        "The analysis of one Arabic news article by khabar (schema_version {SCHEMA_VERSION}). Spans are \
         [start, end) character offsets (Unicode scalar values) into the original text."
    ));
    v["properties"]["schema_version"]["const"] = json!(SCHEMA_VERSION);
    if let Some(Value::Array(req)) = v.get_mut("required") {
        req.retain(|k| k != "tokens" && k != "sentences");
    }
    v
}

/// Schema of one line of a batch: an analysis or an error record.
pub fn batch_line() -> Value {
    let mut v = analysis();
    let err = to_value(schemars::schema_for!(ErrorRecord));
    let defs = v.get("definitions").cloned().unwrap_or_else(|| json!({}));
    let mut root = json!({
        "$schema": v["$schema"].clone(),
        "title": "khabar batch line",
        "description": "One line of khabar's NDJSON output: an analysis, or an error record for an input \
                        that could not be analyzed.",
        "anyOf": [{ "$ref": "#/definitions/Analysis" }, { "$ref": "#/definitions/ErrorRecord" }],
    });
    if let Value::Object(map) = &mut v {
        map.remove("$schema");
        map.remove("definitions");
    }
    let mut defs = defs;
    defs["Analysis"] = v;
    let mut err_obj = err;
    if let Value::Object(map) = &mut err_obj {
        map.remove("$schema");
    }
    defs["ErrorRecord"] = err_obj;
    root["definitions"] = defs;
    root
}
