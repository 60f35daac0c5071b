//! CoNLL-style NER files: `token TAG` per line (space or tab), a blank line between sentences.

use anyhow::{Result, bail};

use super::Tag;

/// One annotated sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct ConllSentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

/// Parses a CoNLL NER file. The tag is the last whitespace-separated field of a line, the token
/// the first; a line with one field or an unknown tag is an error naming its line number.
pub fn read_conll(text: &str) -> Result<Vec<ConllSentence>> {
    read_conll_with(text, Tag::parse)
}

/// As [`read_conll`], with a caller's reading of the tag column (for corpora with other type
/// systems, such as WikiFANE's fine types).
pub fn read_conll_with(text: &str, parse: impl Fn(&str) -> Option<Tag>) -> Result<Vec<ConllSentence>> {
    let mut out = Vec::new();
    let mut cur = ConllSentence { words: Vec::new(), tags: Vec::new() };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(&mut cur, ConllSentence { words: Vec::new(), tags: Vec::new() }));
            }
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(word), Some(tag)) = (fields.next(), fields.next_back()) else {
            bail!("line {}: expected `token TAG`, got {line:?}", n + 1);
        };
        let Some(tag) = parse(tag) else {
            bail!("line {}: unknown tag {tag:?}", n + 1);
        };
        cur.words.push(word.to_owned());
        cur.tags.push(tag);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Writes sentences back in the same layout (used to carve dev splits reproducibly).
pub fn write_conll(sentences: &[ConllSentence]) -> String {
    let mut s = String::new();
    for (i, sent) in sentences.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for (w, t) in sent.words.iter().zip(&sent.tags) {
            s.push_str(w);
            s.push(' ');
            s.push_str(&t.conll());
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_rejects_bad_tags() {
        let s = read_conll("a B-PERS\nb I-PERS\n\n\nc O\n").expect("parse");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["a", "b"]);
        assert_eq!(read_conll(&write_conll(&s)).expect("roundtrip"), s);
        assert!(read_conll("a B-FOO\n").is_err());
        assert!(read_conll("lonely\n").is_err());
    }
}
