//! Invariants every stage must keep on *any* input, checked in one place so that the fuzz
//! targets (`fuzz/`), the property tests, the crash regression fixtures and the corpus run all
//! test exactly the same promises:
//!
//! - every [`Span`] lies inside the original text (`start <= end <= chars`),
//! - every `text` field equals the original text cut at its span by characters,
//! - tokens are in order and do not overlap, and sentences tile the token list,
//! - normalization is idempotent: normalizing normalized text changes nothing,
//! - scores are finite numbers in `0..=1`.
//!
//! The checks recompute slices from the original string independently of [`Document`]'s own
//! offset table, so a bug there cannot hide itself. They return the first violation as an
//! error message instead of panicking, so the corpus run can report which article broke what.

use crate::analysis::Analysis;
use crate::text::normalize::{NormalizeOptions, normalize_str};
use crate::text::{Document, Span, Token, TokenKind, clitics, tokenize};

/// A broken invariant, described for a human.
pub type Violation = String;

/// Byte offsets of every character of `text`, plus `text.len()`: the independent reference the
/// spans are checked against.
pub struct CharIndex<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// Number of characters.
    pub fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// `text[start..end]` in characters, or a violation when the span is out of bounds.
    pub fn slice(&self, span: Span, what: &str) -> Result<&'a str, Violation> {
        if span.start > span.end || span.end > self.chars() {
            return Err(format!("{what}: span {span:?} outside 0..={} characters", self.chars()));
        }
        Ok(&self.text[self.bytes[span.start]..self.bytes[span.end]])
    }

    /// Checks that `span` is in bounds and that `text` is exactly the original text under it.
    pub fn check_text(&self, span: Span, text: &str, what: &str) -> Result<(), Violation> {
        let expected = self.slice(span, what)?;
        if expected != text {
            return Err(format!("{what}: text {text:?} differs from original[{span:?}] = {expected:?}"));
        }
        Ok(())
    }
}

/// Normalization options from two bytes of fuzz input, one bit per rule, so a fuzzer explores
/// every combination of rules and not just the defaults.
pub fn options_from_bits(bits: u16) -> NormalizeOptions {
    let bit = |i: u32| bits & (1 << i) != 0;
    NormalizeOptions {
        diacritics: bit(0),
        tatweel: bit(1),
        alef: bit(2),
        alef_maqsura: bit(3),
        teh_marbuta: bit(4),
        hamza_seats: bit(5),
        presentation_forms: bit(6),
        persian_letters: bit(7),
        digits: bit(8),
        invisible: bit(9),
        whitespace: bit(10),
    }
}

/// Splits fuzz input into normalization options (first two bytes) and text (the rest, as lossy
/// UTF-8 so that no input is wasted).
pub fn split_fuzz_input(data: &[u8]) -> (NormalizeOptions, String) {
    let bits = match data {
        [a, b, ..] => u16::from_le_bytes([*a, *b]),
        [a] => u16::from(*a),
        [] => 0,
    };
    let text = String::from_utf8_lossy(data.get(2..).unwrap_or_default()).into_owned();
    (options_from_bits(bits), text)
}

/// Normalization and its offset map: every normalized character maps to an in-bounds span,
/// spans never go backwards, [`Document::text`] agrees with an independent slice, and
/// normalizing the normalized text again changes nothing.
pub fn check_document(doc: &Document, original: &str, options: &NormalizeOptions) -> Result<(), Violation> {
    if doc.original() != original {
        return Err("Document::original differs from the input".to_owned());
    }
    let index = CharIndex::new(original);
    if doc.char_len() != index.chars() {
        return Err(format!("char_len {} but the original has {} characters", doc.char_len(), index.chars()));
    }
    let norm = doc.normalized();
    let mut prev = Span::new(0, 0);
    for (i, c) in norm.char_indices() {
        let span = doc.span_of(i..i + c.len_utf8());
        let what = format!("normalized char {c:?} at byte {i}");
        let expected = index.slice(span, &what)?;
        if span.is_empty() {
            return Err(format!("{what}: empty span {span:?}"));
        }
        if span.start < prev.start || span.end < prev.end {
            return Err(format!("{what}: span {span:?} goes back before {prev:?}"));
        }
        if doc.text(span) != expected {
            return Err(format!(
                "{what}: Document::text({span:?}) = {:?}, expected {expected:?}",
                doc.text(span)
            ));
        }
        prev = span;
    }
    let whole = doc.span_of(0..norm.len());
    index.slice(whole, "whole normalized text")?;
    let again = normalize_str(norm, options);
    if again != norm {
        return Err(format!("normalization is not idempotent: {norm:?} → {again:?}"));
    }
    Ok(())
}

/// Tokens: normalized ranges on character boundaries, in order and disjoint; spans in bounds,
/// in order and disjoint, equal to the offset map's span of the range; clitic segmentation
/// inside the word and on character boundaries.
pub fn check_tokens(doc: &Document, tokens: &[Token]) -> Result<(), Violation> {
    let index = CharIndex::new(doc.original());
    let norm = doc.normalized();
    let mut prev: Option<&Token> = None;
    for (k, t) in tokens.iter().enumerate() {
        let what = format!("token {k} {:?}", t.kind);
        let r = t.norm.clone();
        if r.start >= r.end
            || r.end > norm.len()
            || !norm.is_char_boundary(r.start)
            || !norm.is_char_boundary(r.end)
        {
            return Err(format!(
                "{what}: normalized range {r:?} is empty, out of bounds or inside a character"
            ));
        }
        if t.span != doc.span_of(r.clone()) {
            return Err(format!("{what}: span {:?} is not the map's {:?}", t.span, doc.span_of(r)));
        }
        let expected = index.slice(t.span, &what)?;
        if t.span.is_empty() {
            return Err(format!("{what}: empty span {:?}", t.span));
        }
        if doc.text(t.span) != expected {
            return Err(format!(
                "{what}: Document::text = {:?}, original slice = {expected:?}",
                doc.text(t.span)
            ));
        }
        if let Some(p) = prev {
            if p.norm.end > r.start {
                return Err(format!("{what}: normalized range {r:?} overlaps the previous {:?}", p.norm));
            }
            if p.span.end > t.span.start {
                return Err(format!("{what}: span {:?} overlaps the previous token's {:?}", t.span, p.span));
            }
        }
        let word = &norm[r];
        let s = t.seg;
        let (p, a, e) = (s.prefix_len as usize, s.article_len as usize, s.suffix_len as usize);
        if t.kind != TokenKind::Word && (p, a, e) != (0, 0, 0) {
            return Err(format!("{what}: segmentation {s:?} on a non-word"));
        }
        if p + a + e > word.len()
            || !word.is_char_boundary(p)
            || !word.is_char_boundary(p + a)
            || !word.is_char_boundary(word.len() - e)
        {
            return Err(format!("{what}: segmentation {s:?} does not fit {word:?}"));
        }
        let parts = clitics::parts(word, s);
        let rebuilt: String = parts.proclitics.concat()
            + parts.article.unwrap_or_default()
            + parts.stem
            + parts.enclitic.unwrap_or_default();
        if rebuilt != word {
            return Err(format!("{what}: clitic parts {parts:?} do not rebuild {word:?}"));
        }
        prev = Some(t);
    }
    Ok(())
}

fn check_score(x: f64, what: &str) -> Result<(), Violation> {
    if !x.is_finite() || !(0.0..=1.0).contains(&x) {
        return Err(format!("{what}: {x} is not in 0..=1"));
    }
    Ok(())
}

/// The whole analysis of `original`: stats, tokens, sentences, entities and claims, each span in
/// bounds and each `text` equal to its slice of the original; sentences tile the tokens; ids
/// referenced by claims exist; the JSON serializes and parses back.
pub fn check_analysis(analysis: &Analysis, original: &str) -> Result<(), Violation> {
    let index = CharIndex::new(original);
    let n_tokens = analysis.tokens.len();
    if analysis.stats.chars != index.chars() {
        return Err(format!("stats.chars {} but the text has {}", analysis.stats.chars, index.chars()));
    }
    if analysis.stats.tokens != n_tokens || analysis.stats.sentences != analysis.sentences.len() {
        return Err("stats.tokens or stats.sentences disagree with the lists".to_owned());
    }
    let mut prev_end = 0;
    for (k, t) in analysis.tokens.iter().enumerate() {
        let what = format!("token {k}");
        index.check_text(t.span, &t.text, &what)?;
        if t.span.is_empty() || t.span.start < prev_end {
            return Err(format!("{what}: span {:?} is empty or overlaps the previous token", t.span));
        }
        prev_end = t.span.end;
        if let Some(seg) = &t.segments {
            let rebuilt: String = seg.proclitics.concat()
                + seg.article.as_deref().unwrap_or_default()
                + &seg.stem
                + seg.enclitic.as_deref().unwrap_or_default();
            if rebuilt != t.norm {
                return Err(format!("{what}: segments {seg:?} do not rebuild {:?}", t.norm));
            }
        }
    }
    let mut next_token = 0;
    for (k, s) in analysis.sentences.iter().enumerate() {
        let what = format!("sentence {k}");
        index.slice(s.span, &what)?;
        let [a, b] = s.tokens;
        if a != next_token || a >= b || b > n_tokens {
            return Err(format!(
                "{what}: tokens {a}..{b} do not continue at {next_token} inside 0..{n_tokens}"
            ));
        }
        let cover = analysis.tokens[a].span.cover(analysis.tokens[b - 1].span);
        if !s.span.contains(cover) {
            return Err(format!("{what}: span {:?} does not cover its tokens {cover:?}", s.span));
        }
        next_token = b;
    }
    if next_token != n_tokens {
        return Err(format!("sentences end at token {next_token} of {n_tokens}"));
    }
    let mut ids = Vec::with_capacity(analysis.entities.len());
    for e in &analysis.entities {
        let what = format!("entity {}", e.id);
        for (m, mention) in e.mentions.iter().enumerate() {
            index.check_text(mention.span, &mention.text, &format!("{what} mention {m}"))?;
        }
        check_score(e.salience.score, &format!("{what} salience.score"))?;
        check_score(e.salience.mention_share, &format!("{what} salience.mention_share"))?;
        check_score(e.salience.first_position, &format!("{what} salience.first_position"))?;
        if ids.contains(&e.id.as_str()) {
            return Err(format!("{what}: duplicate id"));
        }
        ids.push(e.id.as_str());
    }
    for (k, c) in analysis.claims.iter().enumerate() {
        let what = format!("claim {k}");
        index.check_text(c.span, &c.text, &what)?;
        index.check_text(c.content, &c.content_text, &format!("{what} content"))?;
        if let Some(sp) = &c.speaker {
            index.check_text(sp.span, &sp.text, &format!("{what} speaker"))?;
            if let Some(id) = &sp.entity
                && !ids.contains(&id.as_str())
            {
                return Err(format!("{what}: speaker entity {id} does not exist"));
            }
        }
        if let Some(cue) = &c.cue {
            index.check_text(cue.span, &cue.text, &format!("{what} cue"))?;
        }
        for (q, quote) in c.quotes.iter().enumerate() {
            index.check_text(quote.span, &quote.text, &format!("{what} quote {q}"))?;
        }
        if let Some(id) = c.entities.iter().find(|id| !ids.contains(&id.as_str())) {
            return Err(format!("{what}: entity {id} does not exist"));
        }
        check_score(c.score, &format!("{what} score"))?;
        if c.sentence >= analysis.sentences.len() {
            return Err(format!("{what}: sentence {} of {}", c.sentence, analysis.sentences.len()));
        }
    }
    let json = serde_json::to_string(analysis).map_err(|e| format!("serialization failed: {e}"))?;
    serde_json::from_str::<serde_json::Value>(&json).map_err(|e| format!("output is not valid JSON: {e}"))?;
    Ok(())
}

/// The `normalize` fuzz target: options and text from the input, then [`check_document`].
pub fn fuzz_normalize(data: &[u8]) -> Result<(), Violation> {
    let (options, text) = split_fuzz_input(data);
    let doc = Document::new(text.clone(), &options);
    check_document(&doc, &text, &options)
}

/// The `tokenize` fuzz target: options and text from the input, then [`check_tokens`].
pub fn fuzz_tokenize(data: &[u8]) -> Result<(), Violation> {
    let (options, text) = split_fuzz_input(data);
    let doc = Document::new(text, &options);
    let tokens = tokenize::tokenize(&doc);
    check_tokens(&doc, &tokens)
}

/// The `analyze` fuzz target: any bytes, read as lossy UTF-8, through the default analyzer.
pub fn fuzz_analyze(analyzer: &crate::Analyzer, data: &[u8]) -> Result<(), Violation> {
    let text = String::from_utf8_lossy(data).into_owned();
    let analysis = analyzer.analyze(text.clone());
    check_analysis(&analysis, &text)
}
