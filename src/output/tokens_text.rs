//! Tokens as plain text for a person: one sentence per line, tokens separated by spaces, each in
//! its normalized form, with clitic boundaries marked by `+` (و+ال+غرب, سي+كتبون+ها) — the
//! convention of Arabic segmenters' plain output, easy to eyeball and to `grep`.

use crate::analysis::{Analysis, TokenOut};

fn segmented(t: &TokenOut) -> String {
    match &t.segments {
        Some(seg) => {
            let mut parts: Vec<&str> = seg.proclitics.iter().map(String::as_str).collect();
            parts.extend(seg.article.as_deref());
            parts.push(&seg.stem);
            parts.extend(seg.enclitic.as_deref());
            parts.retain(|p| !p.is_empty());
            if parts.is_empty() { t.norm.clone() } else { parts.join("+") }
        }
        None => t.norm.clone(),
    }
}

/// Renders one analysis; in a batch each article starts with a `# source` (or `# id`) line and
/// ends with a blank line.
pub fn render(a: &Analysis, batch: bool, out: &mut Vec<u8>) {
    let mut s = String::new();
    if batch {
        match (&a.id, &a.source) {
            (Some(id), _) => s.push_str(&format!("# id: {id}\n")),
            (None, Some(src)) => s.push_str(&format!("# source: {src}\n")),
            (None, None) => s.push_str("#\n"),
        }
    }
    for st in &a.sentences {
        let (from, to) = (st.tokens[0].min(a.tokens.len()), st.tokens[1].min(a.tokens.len()));
        let words: Vec<String> = a.tokens[from..to.max(from)].iter().map(segmented).collect();
        // Whitespace inside a token (never expected) would break the one-sentence-per-line layout.
        let line = words.join(" ").replace(['\n', '\r'], " ");
        s.push_str(&line);
        s.push('\n');
    }
    if batch {
        s.push('\n');
    }
    out.extend_from_slice(s.as_bytes());
}
