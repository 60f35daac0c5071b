//! Output: the JSON contract lives in [`crate::analysis`]; this module holds the writers (JSON,
//! NDJSON, TSV, CoNLL, text summary, HTML).

pub mod conllu;
