//! Where start-up time goes: `cargo run --release --example startup_cost [ARTICLE]`.
//!
//! Times, in one process and in order, each piece of what `khabar analyze` loads before its first
//! article (the word-frequency table, the entity lexicon records and their compiled key index,
//! the NER model), then the analysis of one article (default: the seed article) and its JSON.

use std::time::Instant;

use khabar::entities::Linker;
use khabar::ner::Tagger;
use khabar::{Analyzer, AnalyzerOptions};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "fixtures/seed-article.txt".into());
    let text = std::fs::read_to_string(&path)?;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let n = khabar::text::lexicon::LEXICON.len();
    println!("word-frequency table ({n} forms): {:.2} ms", ms(t));
    let t = Instant::now();
    let lexicon = Linker::embedded_lexicon()?;
    println!("entity lexicon records ({}): {:.2} ms", lexicon.records.len(), ms(t));
    let t = Instant::now();
    let linker = Linker::embedded()?;
    let (e, p) = linker.size();
    println!("entity linker ({e} entities, {p} patterns): {:.2} ms", ms(t));
    let t = Instant::now();
    let _tagger = Tagger::embedded()?;
    println!("NER tagger: {:.2} ms", ms(t));
    let t = Instant::now();
    let analyzer = Analyzer::new(AnalyzerOptions::default())?;
    println!("Analyzer::new (all of it again): {:.2} ms", ms(t));
    let t = Instant::now();
    let a = analyzer.analyze(text.clone());
    println!("first analysis of {path}: {:.2} ms", ms(t));
    let t = Instant::now();
    let a2 = analyzer.analyze(text);
    println!("second analysis: {:.2} ms", ms(t));
    let t = Instant::now();
    let json = serde_json::to_string_pretty(&a)?;
    println!("JSON ({} bytes): {:.2} ms", json.len(), ms(t));
    drop(a2);
    Ok(())
}
