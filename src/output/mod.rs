//! Output: the JSON contract lives in [`crate::analysis`]; this module renders it.
//!
//! A [`Renderer`] turns one [`Outcome`] (an analysis or the error of one input) into bytes. It is
//! called on the worker threads, so that serialization runs in parallel like the analysis, and it
//! always renders whole lines, so that an interrupted run leaves only whole lines behind.
//!
//! Adding a format: a variant in [`Format`], a module with a `render` function over the parts of
//! the analysis it shows, and an arm in [`Renderer::render`] (plus [`Renderer::header`] when the
//! format has one). The subcommands choose which formats they accept.

pub mod conllu;
pub mod html;
pub mod json;
pub mod ner_conll;
pub mod schema;
pub mod sink;
pub mod summary;
pub mod tokens_json;
pub mod tokens_text;
pub mod translit;
pub mod tsv;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::input::Label;
use crate::output::translit::Translit;

/// Which part of the analysis a subcommand prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The whole analysis (`analyze`); `tokens: false` drops tokens and sentences (`--no-tokens`),
    /// which are most of the bytes and rarely wanted over an archive.
    Analysis { tokens: bool },
    /// Tokens and sentences (`tokenize`).
    Tokens,
    /// Entities only (`entities`).
    Entities,
    /// Claims only, the `top` best by check-worthiness (`claims`).
    Claims { top: Option<usize> },
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON document per input (pretty or compact).
    Json { pretty: bool },
    /// One compact JSON document per line.
    Ndjson,
    /// Tab-separated rows with a header line (entities, claims).
    Tsv,
    /// Plain text for a person: tokens one sentence per line with clitics marked by `+`; the
    /// other views a summary ([`summary`]).
    Text,
    /// CoNLL: CoNLL-U for tokens ([`conllu`]), BIO entity tags for the analysis ([`ner_conll`]).
    Conll,
    /// One self-contained HTML report page ([`html`]); batches go to a directory instead.
    Html,
}

/// The error line written for an input that could not be analyzed, so that a batch has one
/// output line per input. Only the fields that identify the input are present.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ErrorRecord {
    /// The input file (`-` for stdin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Line of the record in an NDJSON input (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The record id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// What went wrong, in one line.
    pub error: String,
}

/// One input that could not be analyzed.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub label: Label,
    pub message: String,
}

impl Failure {
    /// The stderr line: `file:line: message`.
    pub fn to_line(&self) -> String {
        format!("{}: {}", self.label, self.message)
    }

    pub fn record(&self) -> ErrorRecord {
        ErrorRecord {
            source: self.label.source.clone(),
            line: self.label.line,
            id: self.label.id.clone(),
            error: self.message.clone(),
        }
    }
}

/// The result of one input.
#[derive(Debug)]
pub enum Outcome {
    Done(Box<Analysis>),
    Failed(Failure),
}

/// Renders outcomes in one view and format.
#[derive(Clone, Copy, Debug)]
pub struct Renderer {
    pub view: View,
    pub format: Format,
    /// Several inputs: TSV rows get an `input` column, text output a heading per input.
    pub batch: bool,
    /// `--translit`: JSON gets a `<field>_bw` sibling for every string field holding Arabic;
    /// the line formats (TSV, text, CoNLL) have their Arabic transliterated in place.
    pub translit: Option<Translit>,
}

impl Renderer {
    /// Text written once before the first outcome (the TSV header).
    pub fn header(&self) -> Vec<u8> {
        match (self.format, self.view) {
            (Format::Tsv, View::Entities) => tsv::entities_header(self.batch).into_bytes(),
            (Format::Tsv, View::Claims { .. }) => tsv::claims_header(self.batch).into_bytes(),
            (Format::Tsv, View::Tokens | View::Analysis { .. }) => {
                tsv::tokens_header(self.batch).into_bytes()
            }
            _ => Vec::new(),
        }
    }

    /// Whether this rendering reads [`Analysis::tokens`] (the JSON token list): the token
    /// writers of `tokenize` work from the pipeline's own tokens instead, and the entity and claim
    /// views print no tokens.
    pub fn needs_token_list(&self) -> bool {
        match (self.format, self.view) {
            (
                Format::Json { pretty: false } | Format::Ndjson,
                View::Tokens | View::Analysis { tokens: true },
            ) => self.translit.is_some(),
            (Format::Text | Format::Conll, View::Tokens) => false,
            (_, View::Entities | View::Claims { .. }) => false,
            (Format::Json { .. } | Format::Ndjson, View::Analysis { tokens: false }) => false,
            (Format::Text | Format::Html, View::Analysis { .. }) => false,
            _ => true,
        }
    }

    /// Appends the rendering of one outcome to `out`. In a batch, failures become an error record
    /// (one line) in the JSON formats; otherwise they are only reported on stderr.
    pub fn render(&self, outcome: Outcome, out: &mut Vec<u8>) {
        let analysis = match outcome {
            Outcome::Done(a) => a,
            Outcome::Failed(f) => {
                // A single input's failure leaves stdout empty (the message is on stderr), the way
                // Unix filters behave; in a batch the record keeps one line per input.
                if self.batch && matches!(self.format, Format::Json { .. } | Format::Ndjson) {
                    json::write_line(&f.record(), false, out);
                }
                return;
            }
        };
        let start = out.len();
        match (self.format, self.view) {
            (Format::Json { pretty: false } | Format::Ndjson, View::Tokens) if self.translit.is_none() => {
                tokens_json::render(&analysis, out)
            }
            (Format::Json { pretty: false } | Format::Ndjson, View::Analysis { tokens: true })
                if self.translit.is_none() =>
            {
                tokens_json::render_analysis(&analysis, out)
            }
            (Format::Json { pretty }, _) => json::render(*analysis, self.view, pretty, self.translit, out),
            (Format::Ndjson, _) => json::render(*analysis, self.view, false, self.translit, out),
            (Format::Tsv, _) => tsv::render(&analysis, self.view, self.batch, out),
            (Format::Text, View::Tokens) => tokens_text::render(&analysis, self.batch, out),
            (Format::Text, _) => summary::render(&analysis, self.view, out),
            (Format::Conll, View::Analysis { .. }) => ner_conll::render(&analysis, self.batch, out),
            (Format::Conll, _) => {
                let options = conllu::Options::default();
                if self.batch {
                    let name =
                        analysis.source.clone().or_else(|| analysis.id.as_ref().map(|i| i.to_string()));
                    let name: String = name.unwrap_or_default().chars().filter(|c| !c.is_control()).collect();
                    out.extend_from_slice(format!("# newdoc id = {name}\n").as_bytes());
                }
                // Writing into a Vec cannot fail.
                let _ = conllu::write_analysis(&analysis, &options, out);
            }
            (Format::Html, _) => out.extend_from_slice(html::render(&analysis).as_bytes()),
        }
        // The line formats spell Arabic in place; JSON added its own fields above, and HTML is
        // refused with --translit (Buckwalter's `<`, `>` and `&` are markup there).
        if let Some(t) = self.translit
            && matches!(self.format, Format::Tsv | Format::Text | Format::Conll)
            && let Ok(text) = std::str::from_utf8(&out[start..])
        {
            let mut spelled = t.apply(text);
            if self.format == Format::Text {
                // Buckwalter is left to right: the summary's isolates (its only ones, since
                // `summary::field` drops the article's) have nothing left to isolate.
                spelled.retain(|c| c != '\u{2068}' && c != '\u{2069}');
            }
            out.truncate(start);
            out.extend_from_slice(spelled.as_bytes());
        }
    }
}
