//! What claim extraction costs inside `analyze`, over a JSONL corpus with a `text` field:
//! `cargo run --release --example claims_cost -- ../shared/data/news/articles-1.jsonl`.
//! Prints total analyze time, the part spent in `claims::extract` (timed separately on the same
//! tokens), and the claim count. Also a robustness run: every article goes through.

use std::io::BufRead;
use std::time::{Duration, Instant};

use khabar::text::{self, Document, NormalizeOptions};
use khabar::{Analyzer, AnalyzerOptions};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: claims_cost FILE.jsonl"))?;
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let (mut t_analyze, mut t_claims) = (Duration::ZERO, Duration::ZERO);
    let (mut articles, mut claims) = (0usize, 0usize);
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let line = line?;
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
        // Minimum of three runs each: the machine is shared, and preemption only ever adds.
        let mut best_a = Duration::MAX;
        let mut best_c = Duration::MAX;
        let mut c = Vec::new();
        for _ in 0..3 {
            let t0 = Instant::now();
            let a = analyzer.analyze(text.to_owned());
            best_a = best_a.min(t0.elapsed());
            let doc = Document::new(text.to_owned(), &NormalizeOptions::default());
            let tokens = text::tokenize::tokenize(&doc);
            let sentences = text::sentences::split(&doc, &tokens);
            let t1 = Instant::now();
            c = khabar::claims::extract(&doc, &tokens, &sentences, &a.entities);
            best_c = best_c.min(t1.elapsed());
        }
        t_analyze += best_a;
        t_claims += best_c;
        claims += c.len();
        articles += 1;
    }
    let without = t_analyze.saturating_sub(t_claims);
    println!("articles {articles}, claims {claims}");
    println!("analyze total {:.2?}, of which claims {:.2?}", t_analyze, t_claims);
    println!(
        "claims cost = {:.1}% of analyze without claims",
        100.0 * t_claims.as_secs_f64() / without.as_secs_f64().max(1e-9)
    );
    Ok(())
}
