//! Lists the entities a model misses or invents on the last fraction of a CoNLL file:
//! `cargo run --release --example ner_errors -- GOLD MODEL LEXICON [FRACTION]`.

use khabar::eval::ner::{chunks, holdout_len};
use khabar::ner::{Tagger, conll::read_conll};

fn main() -> anyhow::Result<()> {
    let a: Vec<String> = std::env::args().collect();
    anyhow::ensure!(a.len() >= 4, "usage: ner_errors GOLD MODEL LEXICON [FRACTION]");
    let frac: f64 = a.get(4).and_then(|s| s.parse().ok()).unwrap_or(0.1);
    let sents = read_conll(&std::fs::read_to_string(&a[1])?)?;
    let (m, l) = (std::fs::read(&a[2])?, std::fs::read(&a[3])?);
    let tagger = Tagger::from_bytes(&m, &l)?;
    let n = holdout_len(sents.len(), frac)?;
    let dev = &sents[sents.len() - n..];
    let all: Vec<Vec<&str>> = dev.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    // As `eval ner` tags them: the held-out sentences in order, one article-level pass.
    let tagged = tagger.tag_sentences_in_context(&all, 0);
    for ((s, words), pred) in dev.iter().zip(&all).zip(tagged) {
        let (g, p) = (chunks(&s.tags), chunks(&pred));
        let show = |c: &khabar::eval::ner::Chunk| {
            format!("{}[{}]", c.label.conll(), words[c.start..c.end].join(" "))
        };
        for c in g.iter().filter(|c| !p.contains(c)) {
            println!("MISS {}", show(c));
        }
        for c in p.iter().filter(|c| !g.contains(c)) {
            println!("FALSE {}", show(c));
        }
    }
    Ok(())
}
