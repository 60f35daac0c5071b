//! Throughput of the text layer on one core, in MB/s of UTF-8 article text:
//! `cargo run --release --example text_throughput -- ARTICLES.jsonl [ROUNDS]`
//! (one JSON object per line with a `text` field, e.g. ../shared/data/news/articles-1.jsonl).
//! Each article is its own document, as `khabar analyze` sees it. Three passes time
//! normalization with its offset map (`Document::new`), then that plus tokenization with clitic
//! segmentation, then that plus sentence splitting; per-stage rates come from the differences.
//! Times are wall-clock (`Instant`), so run it on an otherwise idle machine, as the peers'
//! benchmark times its side with `time.perf_counter`. (The thread's CPU time from
//! `/proc/thread-self/schedstat` was used until session 5, but it advances only at the kernel's
//! 4 ms tick: a 20 ms pass read as 16 or 24 ms.) The median of ROUNDS passes is reported (the
//! first pass runs with a cold clitic memo, as a fresh process does).

use std::time::Instant;

use khabar::text::{Document, NormalizeOptions, sentences, tokenize};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path =
        args.next().ok_or_else(|| anyhow::anyhow!("usage: text_throughput ARTICLES.jsonl [ROUNDS]"))?;
    let rounds: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .filter(|t| !t.is_empty())
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let options = NormalizeOptions::default();
    // Load the lexicon outside the timings.
    let _ = khabar::text::clitics::segment("والحكومة");
    // Three passes over the articles, one article at a time as `analyze` works: normalize only;
    // normalize + tokenize; all three. Stage costs are the differences.
    let (mut t1, mut t2, mut t3) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n_tokens, mut n_sentences) = (0, 0);
    for _ in 0..rounds {
        let start = Instant::now();
        for text in &texts {
            std::hint::black_box(Document::new(text.clone(), &options));
        }
        let a = Instant::now();
        n_tokens = 0;
        for text in &texts {
            let doc = Document::new(text.clone(), &options);
            n_tokens += std::hint::black_box(tokenize::tokenize(&doc)).len();
        }
        let b = Instant::now();
        n_sentences = 0;
        for text in &texts {
            let doc = Document::new(text.clone(), &options);
            let tokens = tokenize::tokenize(&doc);
            n_sentences += std::hint::black_box(sentences::split(&doc, &tokens)).len();
        }
        let c = Instant::now();
        t1.push((a - start).as_secs_f64());
        t2.push((b - a).as_secs_f64());
        t3.push((c - b).as_secs_f64());
    }
    let (t1, t2, t3) = (median(t1), median(t2), median(t3));
    let (t_norm, t_tok, t_sent) = (t1, (t2 - t1).max(1e-9), (t3 - t2).max(1e-9));
    println!(
        "input: {path}: {} articles, {mb:.2} MB, {n_tokens} tokens, {n_sentences} sentences (median of {rounds})",
        texts.len()
    );
    println!("normalize+offset map: {:8.1} MB/s", mb / t_norm);
    println!("tokenize+segment:     {:8.1} MB/s", mb / t_tok);
    println!("sentences:            {:8.1} MB/s", mb / t_sent);
    println!("normalize+tokenize:   {:8.1} MB/s", mb / t2);
    println!("all three:            {:8.1} MB/s", mb / t3);
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}
