//! Named-entity recognition: a statistical sequence tagger over khabar's own tokens.
//!
//! An averaged structured perceptron ([`train`]) scores hashed features ([`features`]) read from
//! the words, their clitic segmentation, a word lexicon of distributional clusters and gazetteer
//! flags ([`lexicon`], built by [`clusters`]), and decodes BIO tags with Viterbi ([`decode`]).
//! Model and lexicon are flat binary tables embedded in the binary and used in place.

pub mod clusters;
pub mod commands;
pub mod conll;
pub mod consistency;
pub mod decode;
pub mod features;
pub mod gazetteers;
pub mod hash;
pub mod lexicon;
pub mod model;
mod sgns;
pub mod tags;
pub mod train;
mod triggers;

use std::ops::Range;

use anyhow::{Result, bail};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use tags::Tag;

use crate::text::{Document, Segmentation, Sentence, Span, Token, TokenKind};
use features::{Featurizer, Input, Kind};
use lexicon::Lexicon;
use model::Model;
use tags::N_TAGS;

/// The four ANERcorp classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Location,
    Organization,
    Misc,
}

/// A name found in the text by the tagger (or the lexicon).
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub label: EntityType,
    /// Tokens of the mention (indices into the document's token list).
    pub tokens: Range<usize>,
    /// The name's span in the original text, without proclitics (لبوتين → بوتين).
    pub span: Span,
    /// Normalized text of the name without proclitics.
    pub norm: String,
    /// Tagger confidence in 0..1.
    pub confidence: f32,
}

/// The shipped model and lexicon (see src/resources/README.md for how they are built).
static EMBEDDED_MODEL: &[u8] = include_bytes!("../resources/ner-model.bin");
static EMBEDDED_LEXICON: &[u8] = include_bytes!("../resources/ner-lexicon.bin");
static EMBEDDED_SGNS: &[u8] = include_bytes!("../resources/ner-sgns-clusters.bin");

/// Margin (in perceptron units) at which a decision's confidence reaches 1 − 1/e.
const CONFIDENCE_SCALE: f32 = 6.0;

/// A loaded tagger: model and lexicon over borrowed bytes.
#[derive(Clone, Debug)]
pub struct Tagger<'a> {
    model: Model<'a>,
    lexicon: Lexicon<'a>,
    sgns: Lexicon<'a>,
}

/// Tags and margins of one sentence.
struct Decoded {
    path: Vec<usize>,
    margins: Vec<i32>,
}

impl Tagger<'static> {
    /// The model built into the binary. Validation of the tables runs once here (a fraction of a
    /// millisecond); nothing is copied.
    pub fn embedded() -> Result<Tagger<'static>> {
        Tagger::from_bytes(EMBEDDED_MODEL, EMBEDDED_LEXICON)
    }
}

impl<'a> Tagger<'a> {
    /// A tagger over a model and the lexicon it was trained with (and the embedded skip-gram
    /// clusters).
    pub fn from_bytes(model: &'a [u8], lexicon: &'a [u8]) -> Result<Tagger<'a>> {
        Tagger::from_parts(model, lexicon, EMBEDDED_SGNS)
    }

    /// A tagger over a model and the two word tables it was trained with.
    pub fn from_parts(model: &'a [u8], lexicon: &'a [u8], sgns: &'a [u8]) -> Result<Tagger<'a>> {
        let model = Model::from_bytes(model)?;
        let lexicon = Lexicon::from_bytes(lexicon)?;
        let sgns = Lexicon::from_bytes(sgns)?;
        if model.lexicon_checksum != features::tables_checksum(&lexicon, &sgns) {
            bail!(
                "the NER model was trained with another lexicon or other skip-gram clusters (checksum mismatch)"
            );
        }
        Ok(Tagger { model, lexicon, sgns })
    }

    pub fn lexicon(&self) -> Lexicon<'a> {
        self.lexicon
    }

    fn featurizer(&self) -> Featurizer<'a> {
        Featurizer { lexicon: self.lexicon, sgns: self.sgns, bits: self.model.bits }
    }

    fn decode(
        &self,
        inputs: &[Input<'_>],
        feats: &mut Vec<u32>,
        offs: &mut Vec<u32>,
        emit: &mut Vec<[i32; N_TAGS]>,
        with_margins: bool,
    ) -> Decoded {
        self.featurizer().sentence(inputs, feats, offs);
        self.decode_features(feats, offs, emit, with_margins)
    }

    /// Decodes one sentence from its features (`offsets` as [`Featurizer::article`] writes
    /// them, one more entry than tokens).
    fn decode_features(
        &self,
        feats: &[u32],
        offsets: &[u32],
        emit: &mut Vec<[i32; N_TAGS]>,
        with_margins: bool,
    ) -> Decoded {
        self.model.emissions(feats, offsets, emit);
        self.decode_emissions(emit, with_margins)
    }

    /// Decodes one sentence from its tokens' emission scores.
    fn decode_emissions(&self, emit: &[[i32; N_TAGS]], with_margins: bool) -> Decoded {
        if with_margins {
            let (path, margins) = decode::viterbi_margins(emit, &self.model.trans, &self.model.start);
            Decoded { path, margins }
        } else {
            Decoded { path: decode::viterbi(emit, &self.model.trans, &self.model.start), margins: Vec::new() }
        }
    }

    /// Tags one sentence of gold-file tokens (each word as written; normalized and segmented
    /// here the same way training saw them).
    pub fn tag_words(&self, words: &[&str]) -> Vec<Tag> {
        let p = train::prepare(words);
        let (mut f, mut o, mut e) = (Vec::new(), Vec::new(), Vec::new());
        let d = self.decode(&p.inputs(), &mut f, &mut o, &mut e, false);
        decode::to_tags(&d.path)
    }

    /// Tags each sentence of an analyzed document. Spans exclude proclitics; a name tagged
    /// confidently somewhere in the article is also found where it recurs untagged
    /// ([`consistency`]).
    pub fn tag(&self, doc: &Document, tokens: &[Token], sentences: &[Sentence]) -> Vec<Mention> {
        let mut mentions = self.tag_sentences(doc, tokens, sentences);
        let fz = self.featurizer();
        let items: Vec<consistency::Item<'_>> = tokens
            .iter()
            .map(|t| {
                let whole = t.normalized(doc);
                let input = Input { form: whole, seg: t.seg, kind: Kind::of_token(t.kind) };
                let cut = if t.kind == TokenKind::Word { fz.cut(&input) } else { 0 };
                let bare = whole.get(cut..).unwrap_or(whole);
                consistency::Item { whole, bare, is_word: t.kind == TokenKind::Word }
            })
            .collect();
        let found: Vec<consistency::Found> = mentions
            .iter()
            .map(|m| consistency::Found {
                label: m.label,
                tokens: m.tokens.clone(),
                confidence: m.confidence,
            })
            .collect();
        let targets: Vec<Range<usize>> = sentences.iter().map(|s| s.tokens.clone()).collect();
        let added = consistency::propagate(&items, &targets, &found);
        if !added.is_empty() {
            mentions.extend(
                added.into_iter().map(|f| self.mention(doc, tokens, f.label, f.tokens, f.confidence)),
            );
            mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
        }
        mentions
    }

    /// Tags gold-file sentences using their neighbours as the article: each sentence is tagged
    /// alone, then names found confidently within `context` sentences before or after it are
    /// propagated into it ([`consistency`]). With `context` 0 this is [`Tagger::tag_words`] on
    /// each sentence.
    pub fn tag_sentences_in_context(&self, sentences: &[Vec<&str>], context: usize) -> Vec<Vec<Tag>> {
        let prepared: Vec<train::Prepared> = sentences.iter().map(|s| train::prepare(s)).collect();
        let (mut f, mut o, mut e) = (Vec::new(), Vec::new(), Vec::new());
        let ranges = train::featurize_article(&self.featurizer(), &prepared, &mut f, &mut o);
        let mut starts = Vec::with_capacity(sentences.len() + 1);
        let mut items = Vec::new();
        let mut found = Vec::new();
        let mut tags = Vec::with_capacity(sentences.len());
        for (p, r) in prepared.iter().zip(&ranges) {
            let base = items.len();
            starts.push(base);
            for ((w, s), k) in p.forms.iter().zip(&p.segs).zip(&p.kinds) {
                let cut = self.proclitic_cut(w, *s, *k == Kind::Word);
                items.push(consistency::Item { whole: w, bare: &w[cut..], is_word: *k == Kind::Word });
            }
            let d = self.decode_features(&f, &o[r.start..=r.end], &mut e, context > 0);
            let t = decode::to_tags(&d.path);
            if context > 0 {
                for c in crate::eval::ner::chunks(&t) {
                    found.push(consistency::Found {
                        label: c.label,
                        tokens: base + c.start..base + c.end,
                        confidence: self.confidence(&d.margins[c.start..c.end]),
                    });
                }
            }
            tags.push(t);
        }
        starts.push(items.len());
        if context == 0 {
            return tags;
        }
        for i in 0..sentences.len() {
            let lo = i.saturating_sub(context);
            let hi = (i + context + 1).min(sentences.len());
            let window = starts[lo]..starts[hi];
            let local: Vec<consistency::Found> = found
                .iter()
                .filter(|m| m.tokens.start >= window.start && m.tokens.end <= window.end)
                .map(|m| consistency::Found {
                    tokens: m.tokens.start - window.start..m.tokens.end - window.start,
                    ..m.clone()
                })
                .collect();
            let target = starts[i] - window.start..starts[i + 1] - window.start;
            for a in consistency::propagate(&items[window.clone()], &[target], &local) {
                let s = a.tokens.start + window.start - starts[i];
                for k in 0..a.tokens.len() {
                    tags[i][s + k] = if k == 0 { Tag::B(a.label) } else { Tag::I(a.label) };
                }
            }
        }
        tags
    }

    fn confidence(&self, margins: &[i32]) -> f32 {
        let margin = margins.iter().copied().min().unwrap_or(0);
        1.0 - (-(margin as f32) * self.model.scale / CONFIDENCE_SCALE).exp()
    }

    /// The model's own mentions, sentence by sentence, without the article-level pass.
    pub fn tag_sentences(&self, doc: &Document, tokens: &[Token], sentences: &[Sentence]) -> Vec<Mention> {
        let inputs: Vec<Input<'_>> = tokens
            .iter()
            .map(|t| Input { form: t.normalized(doc), seg: t.seg, kind: Kind::of_token(t.kind) })
            .collect();
        let ranges: Vec<Range<usize>> = sentences
            .iter()
            .map(|s| s.tokens.start.min(tokens.len())..s.tokens.end.min(tokens.len()))
            .collect();
        let mut emit = Vec::new();
        self.featurizer().article_emissions(&self.model, &inputs, &ranges, features::DOC_WINDOW, &mut emit);
        let mut out = Vec::new();
        for range in ranges {
            let d = self.decode_emissions(&emit[range.clone()], true);
            let tags = decode::to_tags(&d.path);
            for c in crate::eval::ner::chunks(&tags) {
                let conf = self.confidence(&d.margins[c.start..c.end]);
                let toks = range.start + c.start..range.start + c.end;
                out.push(self.mention(doc, tokens, c.label, toks, conf));
            }
        }
        out
    }

    /// Builds a mention over `toks`, cutting the first token's proclitics off the span.
    pub(crate) fn mention(
        &self,
        doc: &Document,
        tokens: &[Token],
        label: EntityType,
        toks: Range<usize>,
        confidence: f32,
    ) -> Mention {
        let first = &tokens[toks.start];
        let last = &tokens[toks.end - 1];
        let cut = self.proclitic_cut(first.normalized(doc), first.seg, first.kind == TokenKind::Word);
        let start = first.norm.start + cut;
        let range = start..last.norm.end.max(start);
        let mut norm = doc.norm(range.clone()).to_owned();
        // After ل the article's alef is elided (للامم = ل + الامم): the name is written with it.
        if cut > 0 && first.seg.article_len == 2 && norm.starts_with('ل') {
            norm.insert(0, 'ا');
        }
        Mention {
            label,
            tokens: toks,
            span: doc.span_of(range),
            norm,
            confidence: confidence.clamp(0.0, 1.0),
        }
    }

    /// Bytes of proclitics to cut from a name's first token. The segmenter also splits names
    /// that merely begin with a proclitic letter (لبنان → ل + بنان); the cut is kept only when
    /// the stripped form is not rarer in the unlabeled text than the whole word.
    pub(crate) fn proclitic_cut(&self, word: &str, seg: Segmentation, is_word: bool) -> usize {
        features::name_cut(&self.lexicon, word, seg, is_word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{NormalizeOptions, sentences, tokenize::tokenize};

    /// The tagging path's emission scores are exactly the model's scores of the feature ids:
    /// for a real article, from a cold and a warm cache, after another model used the cache,
    /// and with tokens outside every sentence and a sentence range past the tokens.
    #[test]
    fn cached_emissions_equal_feature_scores() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed-article.txt");
        let text = std::fs::read_to_string(path).expect("seed article fixture");
        let doc = Document::new(text, &NormalizeOptions::default());
        let toks = tokenize(&doc);
        let inputs: Vec<Input<'_>> = toks
            .iter()
            .map(|t| Input { form: t.normalized(&doc), seg: t.seg, kind: Kind::of_token(t.kind) })
            .collect();
        let n = inputs.len();
        assert!(n > 100, "the fixture is a whole article");
        let split: Vec<Range<usize>> = sentences::split(&doc, &toks).into_iter().map(|s| s.tokens).collect();
        let gappy = vec![1..5, 8..40, 41..n + 3];
        // A second model: the shipped one with a third of its weights changed.
        let shipped = Tagger::embedded().expect("shipped model");
        let mut bytes = EMBEDDED_MODEL.to_vec();
        let w0 = bytes.len() - (1usize << shipped.model.bits) * N_TAGS;
        for b in bytes[w0..].iter_mut().step_by(3) {
            *b = b.wrapping_add(5);
        }
        let changed = Tagger::from_bytes(&bytes, EMBEDDED_LEXICON).expect("changed model");
        assert_ne!(shipped.model.stamp(), changed.model.stamp());
        let (mut f, mut o, mut want, mut got) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for tagger in [&shipped, &changed, &shipped, &changed] {
            let fz = tagger.featurizer();
            for ranges in [&split, &gappy] {
                fz.article_emissions(&tagger.model, &inputs, ranges, features::DOC_WINDOW, &mut got);
                fz.article(&inputs, ranges, features::DOC_WINDOW, &mut f, &mut o);
                tagger.model.emissions(&f, &o, &mut want);
                assert_eq!(got, want);
                fz.article_emissions(&tagger.model, &inputs, ranges, features::DOC_WINDOW, &mut got);
                assert_eq!(got, want);
            }
        }
    }
}
