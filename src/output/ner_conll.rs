//! `analyze --format conll`: tokens with BIO entity tags, the column layout of CoNLL 2003 and
//! ANERcorp that NER tools and `conlleval` read, with khabar's character offsets added so every
//! row can be traced back to the original text.
//!
//! Layout: `# sent_id = N` and `# text = …` comment lines before each sentence, then one token a
//! line with four tab-separated columns — FORM (the original text of the token), START, END
//! (character offsets into the original text, end exclusive) and the tag (`B-PER`, `I-PER`,
//! `B-LOC`, `I-LOC`, `B-ORG`, `I-ORG`, `B-MISC`, `I-MISC` or `O`) — and a blank line after the
//! sentence. A token is tagged when it overlaps an entity mention (a mention can start inside a
//! token, after a clitic: وبوتين); `B-` starts each mention, so two adjacent mentions stay apart.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::ner::EntityType;
use crate::text::Span;

fn short(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Location => "LOC",
        EntityType::Organization => "ORG",
        EntityType::Misc => "MISC",
    }
}

/// The tag of every token: mentions in article order, each token taken by the first mention that
/// overlaps it.
pub fn tags(a: &Analysis) -> Vec<String> {
    let mut mentions: Vec<(Span, EntityType)> =
        a.entities.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.span, e.entity_type))).collect();
    mentions.sort_by_key(|(s, _)| (s.start, s.end));
    let mut tags = vec![String::from("O"); a.tokens.len()];
    // Tokens and mentions are both in article order: one merge-like pass.
    let mut first = 0usize;
    for (span, ty) in mentions {
        while first < a.tokens.len() && a.tokens[first].span.end <= span.start {
            first += 1;
        }
        let mut inside = false;
        for (i, t) in a.tokens.iter().enumerate().skip(first) {
            if t.span.start >= span.end {
                break;
            }
            if tags[i] != "O" {
                continue;
            }
            tags[i] = format!("{}-{}", if inside { "I" } else { "B" }, short(ty));
            inside = true;
        }
    }
    tags
}

fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect()
}

/// Renders one analysis; in a batch a `# newdoc id = …` line names each article.
pub fn render(a: &Analysis, batch: bool, out: &mut Vec<u8>) {
    let tags = tags(a);
    let mut s = String::new();
    if batch {
        let name = match (&a.id, &a.source) {
            (Some(serde_json::Value::String(id)), _) => clean(id),
            (Some(id), _) => id.to_string(),
            (None, Some(src)) => clean(src),
            (None, None) => String::new(),
        };
        let _ = writeln!(s, "# newdoc id = {name}");
    }
    for (n, st) in a.sentences.iter().enumerate() {
        let (from, to) = (st.tokens[0].min(a.tokens.len()), st.tokens[1].min(a.tokens.len()));
        if from >= to {
            continue;
        }
        let _ = writeln!(s, "# sent_id = {}", n + 1);
        let text = match &a.document {
            Some(doc) => clean(doc.text(st.span)),
            None => a.tokens[from..to].iter().map(|t| clean(&t.text)).collect::<Vec<_>>().join(" "),
        };
        let _ = writeln!(s, "# text = {text}");
        for (t, tag) in a.tokens[from..to].iter().zip(&tags[from..to]) {
            let form: String = t.text.chars().filter(|c| !c.is_whitespace()).collect();
            let _ = writeln!(s, "{form}\t{}\t{}\t{tag}", t.span.start, t.span.end);
        }
        s.push('\n');
    }
    out.extend_from_slice(s.as_bytes());
}
