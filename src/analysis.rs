//! The public pipeline: `Analyzer::new(options).analyze(text) -> Analysis`, and the JSON contract.

use std::path::PathBuf;

use anyhow::Result;
use schemars::JsonSchema;
use serde::Serialize;

use crate::claims::Claim;
use crate::entities::{Entity, Linker};
use crate::ner::Tagger;
use crate::output::View;
use crate::text::{self, Document, NormalizeOptions, Span, TokenKind};

/// Version of the JSON output layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Clone, Debug, Default)]
pub struct AnalyzerOptions {
    pub normalize: NormalizeOptions,
    /// A user lexicon (`--lexicon FILE.tsv`) that adds or overrides entities.
    pub lexicon: Option<PathBuf>,
    /// How far the pipeline runs; the default runs every stage.
    pub stages: Stages,
    /// Leave [`Analysis::tokens`] empty: for writers that print tokens from
    /// [`Analysis::text_tokens`] or none at all. Building the list costs an allocation per
    /// string field per token, more than tokenizing itself.
    pub skip_token_list: bool,
}

/// How far the pipeline runs. Each level includes the ones before it, and an [`Analyzer`] loads
/// only what its level uses: `tokenize` needs neither the NER model nor the entity lexicon, and
/// in a per-file shell loop their loading would be most of each process's time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stages {
    /// Decode, normalize, tokenize, sentences, clitics (`entities` and `claims` stay empty).
    Text,
    /// The text layer, NER and entity linking (`claims` stays empty).
    Entities,
    /// Everything, claims included.
    #[default]
    Full,
}

impl Stages {
    /// The stages whose results a subcommand's view prints: `tokenize` shows the text layer,
    /// `entities` everything but claims.
    pub fn for_view(view: View) -> Stages {
        match view {
            View::Tokens => Stages::Text,
            View::Entities => Stages::Entities,
            View::Analysis { .. } | View::Claims { .. } => Stages::Full,
        }
    }
}

/// Holds what is loaded once (model, lexicons) and analyzes any number of articles.
pub struct Analyzer {
    options: AnalyzerOptions,
    /// The NER model and linker, present when [`AnalyzerOptions::stages`] reaches entities.
    entities: Option<(Tagger<'static>, Linker)>,
}

/// Counts over the article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Stats {
    pub chars: usize,
    pub tokens: usize,
    pub words: usize,
    pub sentences: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct SentenceOut {
    pub span: Span,
    /// `[first, end)` indices into `tokens`.
    pub tokens: [usize; 2],
}

/// Clitic segmentation of a word, as normalized strings.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct SegmentsOut {
    /// Proclitics in order (و, ف, ب, ل, ك, س).
    pub proclitics: Vec<String>,
    /// The article (ال, or ل when its alef is elided after ل).
    pub article: Option<String>,
    pub stem: String,
    /// Pronoun enclitic (ه, ها, هم, ...).
    pub enclitic: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct TokenOut {
    pub kind: TokenKind,
    pub span: Span,
    /// Original text of the token.
    pub text: String,
    /// Normalized form.
    pub norm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<SegmentsOut>,
}

/// The analysis of one article: the JSON document khabar prints.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Analysis {
    pub schema_version: String,
    pub khabar_version: String,
    /// The record id (`--input ndjson`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The input file (`-` for stdin), when the input is a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Encoding the input was decoded from (utf-8, utf-16le, utf-16be, windows-1256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub stats: Stats,
    pub entities: Vec<Entity>,
    pub claims: Vec<Claim>,
    pub sentences: Vec<SentenceOut>,
    pub tokens: Vec<TokenOut>,
    /// The document the spans point into (not serialized; writers such as HTML read it).
    #[serde(skip)]
    #[schemars(skip)]
    pub document: Option<Document>,
    /// The tokens as the pipeline computed them, with their normalized-text ranges and clitic
    /// cuts (not serialized; the CoNLL-U writer reads them instead of tokenizing again).
    #[serde(skip)]
    #[schemars(skip)]
    pub text_tokens: Vec<text::Token>,
    /// The sentences over [`Analysis::text_tokens`] (not serialized).
    #[serde(skip)]
    #[schemars(skip)]
    pub text_sentences: Vec<text::Sentence>,
}

impl Analyzer {
    /// Loads the embedded lexicons and model (and the user lexicon, the one part that can fail on
    /// user input) when the stages ask for entities; the text layer needs nothing loaded.
    pub fn new(options: AnalyzerOptions) -> Result<Analyzer> {
        let entities = if options.stages >= Stages::Entities {
            let linker = match &options.lexicon {
                Some(path) => Linker::with_user_lexicon(path)?,
                None => Linker::embedded()?,
            };
            Some((Tagger::embedded()?, linker))
        } else {
            None
        };
        Ok(Analyzer { options, entities })
    }

    pub fn options(&self) -> &AnalyzerOptions {
        &self.options
    }

    pub fn analyze(&self, original: String) -> Analysis {
        let doc = Document::new(original, &self.options.normalize);
        let tokens = text::tokenize::tokenize(&doc);
        let sentences = text::sentences::split(&doc, &tokens);
        let entities = match &self.entities {
            Some((tagger, linker)) => {
                let mentions = tagger.tag(&doc, &tokens, &sentences);
                linker.link(&doc, &tokens, &sentences, &mentions)
            }
            None => Vec::new(),
        };
        let claims = if self.options.stages >= Stages::Full {
            crate::claims::extract(&doc, &tokens, &sentences, &entities)
        } else {
            Vec::new()
        };
        let token_out: Vec<TokenOut> = if self.options.skip_token_list {
            Vec::new()
        } else {
            tokens.iter().map(|t| token_out(&doc, t)).collect()
        };
        let stats = Stats {
            chars: doc.char_len(),
            tokens: tokens.len(),
            words: tokens.iter().filter(|t| t.kind == TokenKind::Word).count(),
            sentences: sentences.len(),
        };
        Analysis {
            schema_version: SCHEMA_VERSION.to_owned(),
            khabar_version: env!("CARGO_PKG_VERSION").to_owned(),
            id: None,
            source: None,
            encoding: None,
            stats,
            entities,
            claims,
            sentences: sentences
                .iter()
                .map(|s| SentenceOut { span: s.span, tokens: [s.tokens.start, s.tokens.end] })
                .collect(),
            tokens: token_out,
            document: Some(doc),
            text_tokens: tokens,
            text_sentences: sentences,
        }
    }
}

fn token_out(doc: &Document, t: &text::Token) -> TokenOut {
    let norm = t.normalized(doc);
    let segments = (t.kind == TokenKind::Word).then(|| {
        let parts = text::clitics::parts(norm, t.seg);
        SegmentsOut {
            proclitics: parts.proclitics.iter().map(|p| (*p).to_owned()).collect(),
            article: parts.article.map(|a| a.to_owned()),
            stem: parts.stem.to_owned(),
            enclitic: parts.enclitic.map(|e| e.to_owned()),
        }
    });
    TokenOut {
        kind: t.kind,
        span: t.span,
        text: doc.text(t.span).to_owned(),
        norm: norm.to_owned(),
        segments,
    }
}
