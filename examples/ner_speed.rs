//! Tagging throughput over real news: `cargo run --release --example ner_speed -- FILE.jsonl [N]`.
//!
//! Documents are normalized, tokenized and split first (not timed); the timed part is what the
//! tagger itself does: feature extraction, scoring, Viterbi with margins, mentions, and then
//! again with the article-level consistency pass. One thread.

use std::io::BufRead;
use std::time::Instant;

use khabar::ner::Tagger;
use khabar::text::{Document, NormalizeOptions, sentences, tokenize::tokenize};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else { anyhow::bail!("usage: ner_speed FILE.jsonl [max_articles]") };
    let max: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut docs = Vec::new();
    for line in file.lines().take(max) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v.get("text").and_then(|t| t.as_str()).unwrap_or("").to_owned();
        let doc = Document::new(text, &NormalizeOptions::default());
        let toks = tokenize(&doc);
        let sents = sentences::split(&doc, &toks);
        docs.push((doc, toks, sents));
    }
    let n_tokens: usize = docs.iter().map(|d| d.1.len()).sum();
    let t0 = Instant::now();
    let tagger = Tagger::embedded()?;
    let load = t0.elapsed();
    for pass in ["model only", "with article consistency"] {
        let t = Instant::now();
        let cpu0 = thread_cpu_seconds();
        let mut mentions = 0;
        for (doc, toks, sents) in &docs {
            mentions += if pass == "model only" {
                tagger.tag_sentences(doc, toks, sents).len()
            } else {
                tagger.tag(doc, toks, sents).len()
            };
        }
        let s = t.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds().map(|c| c - cpu0.unwrap_or(0.0));
        println!(
            "{pass}: {} articles, {n_tokens} tokens, {mentions} mentions; wall {s:.3} s = {:.0} tokens/s; \
             CPU {:.2} s = {:.0} tokens/CPU-s",
            docs.len(),
            n_tokens as f64 / s,
            cpu.unwrap_or(f64::NAN),
            cpu.map_or(f64::NAN, |c| n_tokens as f64 / c)
        );
    }
    println!("model load {:.3} ms", load.as_secs_f64() * 1000.0);
    Ok(())
}

/// CPU time of this thread (user + system) from /proc, in seconds: on a shared machine the wall
/// clock measures the other processes too.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
