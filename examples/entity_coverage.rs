//! Measures how many of the entities the lexicon linker reports carry a Wikidata QID.
//!
//! `cargo run --release --example entity_coverage -- ARTICLES.jsonl [N] [STEP]` takes every STEP-th
//! article (default 500) with a non-empty body, N of them (default 10), and prints one table line
//! per entity, then the QID share per article and overall, and the linking time against the
//! whole text pipeline. `cargo run --release --example entity_coverage -- FILE.txt` prints the
//! entities of one text file as TSV.

use std::io::BufRead;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use khabar::entities::{Linker, write_tsv};
use khabar::text::{Document, NormalizeOptions, sentences, tokenize};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().context("usage: entity_coverage ARTICLES.jsonl [N] [STEP] | FILE.txt")?;
    let t0 = Instant::now();
    let linker = Linker::embedded()?;
    let (ents, pats) = linker.size();
    eprintln!("lexicon: {ents} entities, {pats} key patterns, built in {:?}", t0.elapsed());
    if !path.ends_with(".jsonl") {
        let text = std::fs::read_to_string(path)?;
        let doc = Document::new(text, &NormalizeOptions::default());
        let toks = tokenize::tokenize(&doc);
        let sents = sentences::split(&doc, &toks);
        write_tsv(&linker.link(&doc, &toks, &sents, &[]), std::io::stdout().lock())?;
        return Ok(());
    }
    let n: usize = args.get(1).map_or(Ok(10), |s| s.parse()).context("N")?;
    let step: usize = args.get(2).map_or(Ok(500), |s| s.parse()).context("STEP")?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let (mut total, mut with_qid) = (0usize, 0usize);
    let (mut t_text, mut t_link) = (Duration::ZERO, Duration::ZERO);
    let mut done = 0;
    println!("article\tid\tname\tname_ar\ttype\tsubtype\twikidata\tcount\tmentions");
    for (i, line) in file.lines().enumerate() {
        if done == n {
            break;
        }
        let line = line?;
        if i % step != 0 {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or("").to_owned();
        if text.trim().is_empty() {
            continue;
        }
        let id = v["id"].as_str().unwrap_or("?").to_owned();
        let t = Instant::now();
        let doc = Document::new(text, &NormalizeOptions::default());
        let toks = tokenize::tokenize(&doc);
        let sents = sentences::split(&doc, &toks);
        t_text += t.elapsed();
        let t = Instant::now();
        let entities = linker.link(&doc, &toks, &sents, &[]);
        t_link += t.elapsed();
        let q = entities.iter().filter(|e| e.wikidata.is_some()).count();
        for e in &entities {
            let m: Vec<String> = e.mentions.iter().map(|m| format!("{}:{:?}", m.text, m.kind)).collect();
            println!(
                "{id}\t{}\t{}\t{}\t{:?}\t{}\t{}\t{}\t{}",
                e.id,
                e.name,
                e.name_ar,
                e.entity_type,
                e.subtype.as_deref().unwrap_or(""),
                e.wikidata.as_deref().unwrap_or("-"),
                e.count,
                m.join(" | ")
            );
        }
        eprintln!("{id}: {} entities, {q} with QID", entities.len());
        total += entities.len();
        with_qid += q;
        done += 1;
    }
    eprintln!(
        "articles {done}: {total} entities, {with_qid} with QID ({:.1}%); decode+normalize+tokenize+split {:?}, link {:?}",
        100.0 * with_qid as f64 / total.max(1) as f64,
        t_text,
        t_link
    );
    Ok(())
}
