//! Compact JSON token lists, written straight from the pipeline's tokens: the `tokenize`
//! document, and the token list that ends the compact `analyze` document.
//!
//! `tokenize` over an archive prints about fifteen bytes for every byte it reads, so its writer
//! is most of its cost: going through [`crate::analysis::TokenOut`] and serde would allocate five
//! strings per token and escape every one of them byte by byte. This writer produces the same
//! bytes as serde's compact form of the tokens document (a test holds the two equal) from
//! [`Analysis::text_tokens`] and the document, with slices of the text copied whole when they need
//! no escape.

use crate::analysis::Analysis;
use crate::output::json;
use crate::text::{Document, TokenKind, clitics};

/// Appends the compact tokens document of `a` and a newline. Without a document (never the case
/// for an analysis from [`crate::Analyzer`]) the token and sentence lists are written empty.
pub fn render(a: &Analysis, out: &mut Vec<u8>) {
    // About 150 bytes a token: one allocation instead of a dozen doublings.
    out.reserve(a.text_tokens.len() * 150 + 256);
    out.extend_from_slice(b"{\"schema_version\":");
    string(&a.schema_version, out);
    if let Some(id) = &a.id {
        out.extend_from_slice(b",\"id\":");
        // A JSON value always serializes.
        let _ = serde_json::to_writer(&mut *out, id);
    }
    if let Some(source) = &a.source {
        out.extend_from_slice(b",\"source\":");
        string(source, out);
    }
    if let Some(encoding) = &a.encoding {
        out.extend_from_slice(b",\"encoding\":");
        string(encoding, out);
    }
    let st = &a.stats;
    out.extend_from_slice(b",\"stats\":{\"chars\":");
    number(st.chars, out);
    out.extend_from_slice(b",\"tokens\":");
    number(st.tokens, out);
    out.extend_from_slice(b",\"words\":");
    number(st.words, out);
    out.extend_from_slice(b",\"sentences\":");
    number(st.sentences, out);
    out.extend_from_slice(b"},\"sentences\":[");
    for (i, s) in a.sentences.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"span\":");
        pair(s.span.start, s.span.end, out);
        out.extend_from_slice(b",\"tokens\":");
        pair(s.tokens[0], s.tokens[1], out);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"tokens\":[");
    if let Some(doc) = &a.document {
        tokens(doc, a, out);
    }
    out.extend_from_slice(b"]}\n");
}

/// Appends the compact analysis document of `a` and a newline: serde writes the fields before the
/// token list ([`json::write_head`]), this module the list. Same bytes as serde's compact form of
/// the whole [`Analysis`] with its token list (a test holds the two equal).
pub fn render_analysis(a: &Analysis, out: &mut Vec<u8>) {
    out.reserve(a.text_tokens.len() * 150 + 4096);
    json::write_head(a, out);
    out.extend_from_slice(b",\"tokens\":[");
    if let Some(doc) = &a.document {
        tokens(doc, a, out);
    }
    out.extend_from_slice(b"]}\n");
}

fn tokens(doc: &Document, a: &Analysis, out: &mut Vec<u8>) {
    for (i, t) in a.text_tokens.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"kind\":\"");
        out.extend_from_slice(t.kind.as_str().as_bytes());
        out.extend_from_slice(b"\",\"span\":");
        pair(t.span.start, t.span.end, out);
        out.extend_from_slice(b",\"text\":");
        string(doc.text(t.span), out);
        out.extend_from_slice(b",\"norm\":");
        let norm = t.normalized(doc);
        string(norm, out);
        if t.kind == TokenKind::Word {
            let (article, stem, enclitic) = clitics::after_proclitics(norm, t.seg);
            out.extend_from_slice(b",\"segments\":{\"proclitics\":[");
            for (k, p) in clitics::proclitics(norm, t.seg).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                string(p, out);
            }
            out.extend_from_slice(b"],\"article\":");
            optional(article, out);
            out.extend_from_slice(b",\"stem\":");
            string(stem, out);
            out.extend_from_slice(b",\"enclitic\":");
            optional(enclitic, out);
            out.push(b'}');
        }
        out.push(b'}');
    }
}

fn optional(s: Option<&str>, out: &mut Vec<u8>) {
    match s {
        Some(s) => string(s, out),
        None => out.extend_from_slice(b"null"),
    }
}

fn pair(a: usize, b: usize, out: &mut Vec<u8>) {
    out.push(b'[');
    number(a, out);
    out.push(b',');
    number(b, out);
    out.push(b']');
}

/// A decimal number, as serde writes it (serde uses the same `itoa`).
fn number(n: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Which bytes a JSON string must escape: quote, backslash and the C0 controls.
const ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// A JSON string with serde's escapes (`\"`, `\\`, `\n`, `\t`, ..., `\u00XX` for the other
/// controls); runs that need none are copied whole.
fn string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !ESCAPE[b as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[from..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xF) as usize]);
            }
        }
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, AnalyzerOptions, Stages};
    use crate::output::View;

    fn both(text: &str) -> (String, String) {
        let options = |skip_token_list| AnalyzerOptions {
            stages: Stages::Text,
            skip_token_list,
            ..AnalyzerOptions::default()
        };
        let full = Analyzer::new(options(false)).expect("analyzer");
        let fast = Analyzer::new(options(true)).expect("analyzer");
        let mut a = full.analyze(text.to_owned());
        let mut b = fast.analyze(text.to_owned());
        assert!(b.tokens.is_empty() && !a.tokens.is_empty());
        for x in [&mut a, &mut b] {
            x.id = Some(serde_json::json!({"n": 7, "s": "م\"x"}));
            x.source = Some("dir/\u{1}ملف.txt".into());
            x.encoding = Some("utf-8".into());
        }
        let mut serde = Vec::new();
        crate::output::json::render(a, View::Tokens, false, None, &mut serde);
        let mut direct = Vec::new();
        render(&b, &mut direct);
        (String::from_utf8(serde).expect("utf-8"), String::from_utf8(direct).expect("utf-8"))
    }

    #[test]
    fn same_bytes_as_serde() {
        let seed = include_str!("../../fixtures/seed-article.txt");
        let (serde, direct) = both(seed);
        assert_eq!(serde, direct);
        let odd = "وسيكتبونها \"للغرب\" a\\b \u{7}\u{1f} ﷲ ﻻ\tx\r\ny 3.5 https://x.com/a?b=\"c\" وَالْكِتَابِ";
        let (serde, direct) = both(odd);
        assert_eq!(serde, direct);
    }

    #[test]
    fn whole_analysis_same_bytes_as_serde() {
        let seed = include_str!("../../fixtures/seed-article.txt");
        let analyze = |skip_token_list| {
            let options = AnalyzerOptions { skip_token_list, ..AnalyzerOptions::default() };
            let mut a = Analyzer::new(options).expect("analyzer").analyze(seed.to_owned());
            a.id = Some(serde_json::json!("a\"1"));
            a
        };
        let (full, fast) = (analyze(false), analyze(true));
        assert!(!full.entities.is_empty() && !full.claims.is_empty() && fast.tokens.is_empty());
        let mut serde = Vec::new();
        crate::output::json::render(full, View::Analysis { tokens: true }, false, None, &mut serde);
        let mut direct = Vec::new();
        render_analysis(&fast, &mut direct);
        assert_eq!(String::from_utf8(serde).expect("utf-8"), String::from_utf8(direct).expect("utf-8"));
    }

    #[test]
    fn numbers_and_escapes() {
        let mut out = Vec::new();
        number(0, &mut out);
        out.push(b' ');
        number(1_234_567_890, &mut out);
        out.push(b' ');
        string("a\"\\\u{8}\u{c}\n\r\t\u{1}\u{7f}ب", &mut out);
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "0 1234567890 \"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\u{7f}ب\""
        );
    }
}
