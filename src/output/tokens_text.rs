//! Tokens as plain text for a person: one sentence per line, tokens separated by spaces, each in
//! its normalized form, with clitic boundaries marked by `+` (و+ال+غرب, سي+كتبون+ها) — the
//! convention of Arabic segmenters' plain output, easy to eyeball and to `grep`.
//!
//! Written straight from the pipeline's tokens ([`Analysis::text_tokens`]) into the output
//! buffer: over an archive this is `tokenize`'s whole cost after the text layer itself.

use crate::analysis::Analysis;
use crate::text::{Document, Segmentation, Token, TokenKind, clitics};

/// Appends a token's normalized form with `+` between its non-empty clitic parts (the form
/// itself when the parts are all empty).
fn segmented(doc: &Document, t: &Token, out: &mut Vec<u8>) {
    let norm = t.normalized(doc);
    let start = out.len();
    // Most tokens are not split: their form as it is.
    if t.kind == TokenKind::Word && t.seg != Segmentation::default() {
        let (article, stem, enclitic) = clitics::after_proclitics(norm, t.seg);
        let parts = clitics::proclitics(norm, t.seg).chain(article).chain([stem]).chain(enclitic);
        for p in parts.filter(|p| !p.is_empty()) {
            if out.len() > start {
                out.push(b'+');
            }
            out.extend_from_slice(p.as_bytes());
        }
    }
    if out.len() == start {
        out.extend_from_slice(norm.as_bytes());
    }
    // Whitespace inside a token (never expected) would break the one-sentence-per-line layout.
    for b in &mut out[start..] {
        if matches!(*b, b'\n' | b'\r') {
            *b = b' ';
        }
    }
}

/// Renders one analysis; in a batch each article starts with a `# source` (or `# id`) line and
/// ends with a blank line.
pub fn render(a: &Analysis, batch: bool, out: &mut Vec<u8>) {
    if batch {
        let head = match (&a.id, &a.source) {
            (Some(id), _) => format!("# id: {id}\n"),
            (None, Some(src)) => format!("# source: {src}\n"),
            (None, None) => "#\n".to_owned(),
        };
        out.extend_from_slice(head.as_bytes());
    }
    let tokens = &a.text_tokens;
    for st in &a.text_sentences {
        let (from, to) = (st.tokens.start.min(tokens.len()), st.tokens.end.min(tokens.len()));
        if let Some(doc) = &a.document {
            for (k, t) in tokens[from..to.max(from)].iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                segmented(doc, t, out);
            }
        }
        out.push(b'\n');
    }
    if batch {
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, AnalyzerOptions, Stages};

    #[test]
    fn sentences_per_line_with_clitics_marked() {
        let options = AnalyzerOptions { stages: Stages::Text, skip_token_list: true, ..Default::default() };
        let a =
            Analyzer::new(options).expect("analyzer").analyze("وسيكتبونها للغرب. ثم غادر\nوالكتاب".into());
        let mut out = Vec::new();
        render(&a, false, &mut out);
        assert_eq!(String::from_utf8(out).expect("utf-8"), "و+س+يكتبون+ها ل+ل+غرب .\nثم غادر\nو+ال+كتاب\n");
    }
}
