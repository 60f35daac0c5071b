//! Sentence splitting over tokens.

use std::ops::Range;

use crate::text::{Document, Span, Token, TokenKind};

/// A sentence: its original span and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "…" | "۔")
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "»" | "”" | "’" | ")" | "]" | "'")
}

/// Splits tokens into sentences at terminal punctuation (with the closing quotes and brackets
/// that follow it) and at line breaks.
pub fn split(doc: &Document, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let text = doc.normalized();
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let s = &text[t.norm.clone()];
        let mut end_here = false;
        if t.kind == TokenKind::Punct && is_terminal(s) {
            // Keep runs of terminal punctuation and closing marks together ("!؟", ".»").
            let next = tokens.get(i + 1).map(|n| &text[n.norm.clone()]);
            end_here = !next.is_some_and(|n| is_terminal(n) || is_closing(n));
        } else if t.kind == TokenKind::Punct && is_closing(s) && i > start {
            let prev = &text[tokens[i - 1].norm.clone()];
            let next = tokens.get(i + 1).map(|n| &text[n.norm.clone()]);
            end_here = (is_terminal(prev) || is_closing(prev)) && !next.is_some_and(is_closing);
            end_here &= tokens[i - 1].kind == TokenKind::Punct && i > start + 1;
        }
        if !end_here
            && let Some(n) = tokens.get(i + 1)
            && text[t.norm.end..n.norm.start].contains('\n')
        {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            let span = tokens[start].span.cover(t.span);
            out.push(Sentence { span, tokens: start..i + 1 });
            start = i + 1;
        }
    }
    out
}
