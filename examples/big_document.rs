//! Time and memory of each stage on one very large "article", to show that no stage grows faster
//! than the text: `cargo run --release --example big_document -- FILE.txt [FILE2.txt …]`.
//!
//! Build the files by concatenating news articles into one text (docs/reliability.md has the
//! script). For each file it prints, per stage, wall seconds, MB/s, and the resident set after the
//! stage (and the peak so far, from /proc/self/status; "-" where that is unavailable). A linear
//! pipeline shows the same MB/s at every size.

use std::time::Instant;

use khabar::entities::Linker;
use khabar::ner::Tagger;
use khabar::text::{self, Document, NormalizeOptions};
use khabar::{Analyzer, AnalyzerOptions};

/// Current and peak resident set in MB, from /proc/self/status (Linux).
fn rss() -> (String, String) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or_else(|| "-".to_owned(), |kb| format!("{:.0}", kb / 1024.0))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        anyhow::bail!("usage: big_document FILE.txt [FILE2.txt …]");
    }
    let tagger = Tagger::embedded()?;
    let linker = Linker::embedded()?;
    let analyzer = Analyzer::new(AnalyzerOptions::default())?;
    println!("file\tMB\tstage\tseconds\tMB/s\tRSS MB\tpeak MB");
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let mb = text.len() as f64 / 1e6;
        let row = |stage: &str, t: Instant| {
            let s = t.elapsed().as_secs_f64();
            let (now, peak) = rss();
            println!("{path}\t{mb:.1}\t{stage}\t{s:.2}\t{:.2}\t{now}\t{peak}", mb / s.max(1e-9));
        };
        let t = Instant::now();
        let doc = Document::new(text.clone(), &NormalizeOptions::default());
        row("normalize", t);
        let t = Instant::now();
        let tokens = text::tokenize::tokenize(&doc);
        row("tokenize", t);
        let t = Instant::now();
        let sentences = text::sentences::split(&doc, &tokens);
        row("sentences", t);
        let t = Instant::now();
        let mentions = tagger.tag(&doc, &tokens, &sentences);
        row("ner", t);
        let t = Instant::now();
        let entities = linker.link(&doc, &tokens, &sentences, &mentions);
        row("entities", t);
        let t = Instant::now();
        let claims = khabar::claims::extract(&doc, &tokens, &sentences, &entities);
        row("claims", t);
        println!(
            "{path}\t{mb:.1}\tcounts\ttokens {} sentences {} mentions {} entities {} claims {}",
            tokens.len(),
            sentences.len(),
            mentions.len(),
            entities.len(),
            claims.len()
        );
        drop((doc, tokens, sentences, mentions, entities, claims));
        let t = Instant::now();
        let analysis = analyzer.analyze(text);
        row("analyze (all stages)", t);
        let t = Instant::now();
        let json = serde_json::to_vec(&analysis)?;
        row("json", t);
        println!("{path}\t{mb:.1}\toutput\t{} bytes", json.len());
    }
    Ok(())
}
