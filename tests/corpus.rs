//! Robustness over real news: every article of SaudiNewsNet (`articles-*.jsonl`) and ANT
//! (`ant/ant-articles.jsonl`) through the library. The corpora are not shipped (CC BY-NC-SA and
//! the broadcaster's own text), so the run is `#[ignore]`d and reads them from beside the repo:
//!
//! ```text
//! cargo test --release --test corpus -- --ignored --nocapture
//! KHABAR_NEWS_DIR=/path/to/data/news cargo test --release --test corpus -- --ignored --nocapture
//! ```
//!
//! Per article: no panic (caught, and the article id reported), JSON that parses and validates
//! against the schema schemars generates for `Analysis`, every span invariant of
//! `khabar::invariants`, and at most one second of analysis. Over the run: as many outputs as
//! inputs.
//!
//! The small tests below it cover the quirks found in those corpora with tiny synthetic texts, so
//! they run everywhere.

use std::io::BufRead;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use khabar::invariants;
use khabar::{Analysis, Analyzer, AnalyzerOptions};
use serde_json::Value;

/// Where the corpora are: `$KHABAR_NEWS_DIR`, or `../shared/data/news` from the repo or from
/// its parent (worktrees live one level deeper).
fn news_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("KHABAR_NEWS_DIR") {
        return Some(PathBuf::from(d));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/data/news", "../../shared/data/news"].iter().map(|p| root.join(p)).find(|p| p.is_dir())
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("articles-") && n.ends_with(".jsonl"))
    });
    files.sort();
    let ant = dir.join("ant/ant-articles.jsonl");
    if ant.is_file() {
        files.push(ant);
    }
    files
}

const LIMIT: Duration = Duration::from_secs(1);

#[test]
#[ignore = "reads ../shared/data/news (not shipped); run with --ignored"]
fn every_real_article() {
    let Some(dir) = news_dir() else {
        println!("SKIP: no news corpus (set KHABAR_NEWS_DIR or put it at ../shared/data/news)");
        return;
    };
    let files = corpus_files(&dir);
    if files.is_empty() {
        println!("SKIP: no articles-*.jsonl or ant/ant-articles.jsonl in {}", dir.display());
        return;
    }
    let schema = serde_json::to_value(schemars::schema_for!(Analysis)).expect("schema serializes");
    let validator = jsonschema::validator_for(&schema).expect("schemars output is a valid JSON Schema");
    let analyzer = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load");
    let mut failures: Vec<String> = Vec::new();
    let (mut inputs, mut outputs, mut empty, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut slowest = (Duration::ZERO, String::new());
    let run_start = Instant::now();
    for file in &files {
        let reader = std::io::BufReader::new(std::fs::File::open(file).expect("readable corpus file"));
        let (mut file_inputs, file_start) = (0usize, Instant::now());
        for (n, line) in reader.lines().enumerate() {
            let line = line.expect("UTF-8 line");
            if line.trim().is_empty() {
                continue;
            }
            inputs += 1;
            file_inputs += 1;
            let record: Value = serde_json::from_str(&line).expect("corpus line is JSON");
            let id =
                record["id"].as_str().map_or_else(|| format!("{}:{}", file.display(), n + 1), str::to_owned);
            let text = record["text"].as_str().unwrap_or_default().to_owned();
            empty += usize::from(text.trim().is_empty());
            chars += text.chars().count();
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(text.clone())));
            let elapsed = start.elapsed();
            let analysis = match result {
                Ok(a) => a,
                Err(p) => {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{id}: panic: {msg}"));
                    continue;
                }
            };
            if elapsed > slowest.0 {
                slowest = (elapsed, id.clone());
            }
            if elapsed > LIMIT {
                failures.push(format!("{id}: {elapsed:?} > {LIMIT:?}"));
            }
            if let Err(v) = invariants::check_analysis(&analysis, &text) {
                failures.push(format!("{id}: {v}"));
            }
            let json = serde_json::to_string(&analysis).expect("serializes");
            match serde_json::from_str::<Value>(&json) {
                Ok(v) => {
                    if let Some(e) = validator.iter_errors(&v).next() {
                        failures.push(format!("{id}: schema: {e} at {}", e.instance_path()));
                    }
                    outputs += 1;
                }
                Err(e) => failures.push(format!("{id}: invalid JSON: {e}")),
            }
        }
        println!("{}: {file_inputs} articles in {:.1?}", file.display(), file_start.elapsed());
    }
    let total = run_start.elapsed();
    println!(
        "corpus: {inputs} articles ({empty} empty bodies, {chars} characters), {outputs} valid outputs, \
         {} failures, {total:.1?} in all, slowest {:?} ({})",
        failures.len(),
        slowest.0,
        slowest.1
    );
    for f in failures.iter().take(50) {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} articles failed (first: {})", failures.len(), failures[0]);
    assert_eq!(outputs, inputs, "every input yields one output");
}

/// Analyzes `text` and checks every invariant; returns the analysis for further checks.
fn analyze(text: &str) -> Analysis {
    let analysis =
        Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load").analyze(text.to_owned());
    if let Err(v) = invariants::check_analysis(&analysis, text) {
        panic!("{text:?}: {v}");
    }
    analysis
}

fn token_texts(a: &Analysis) -> Vec<&str> {
    a.tokens.iter().map(|t| t.text.as_str()).collect()
}

fn token_norms(a: &Analysis) -> Vec<&str> {
    a.tokens.iter().map(|t| t.norm.as_str()).collect()
}

#[test]
fn empty_and_blank_bodies() {
    for text in ["", " ", "\n\n", "\u{00A0}\u{00A0}", "\u{200F}", "\t\r\n"] {
        let a = analyze(text);
        assert!(a.tokens.is_empty() && a.sentences.is_empty() && a.claims.is_empty(), "{text:?}");
    }
}

#[test]
fn tatweel_stays_inside_the_word() {
    let a = analyze("قـــال الرئيـس");
    assert_eq!(token_texts(&a), ["قـــال", "الرئيـس"]);
    assert_eq!(token_norms(&a), ["قال", "الرئيس"]);
}

#[test]
fn diacritics_stay_inside_the_word() {
    let a = analyze("كَتَبَ الطَّالِبُ");
    assert_eq!(token_texts(&a), ["كَتَبَ", "الطَّالِبُ"]);
    assert_eq!(token_norms(&a), ["كتب", "الطالب"]);
}

#[test]
fn zero_width_and_bidi_marks_are_invisible() {
    // RLM/LRM next to spaces, a ZWSP after a space, an RLM inside a word (all seen in the corpora).
    let text = "\u{200F}قال \u{200B}الوزير\u{200E} إن\u{200F}ه";
    let a = analyze(text);
    assert_eq!(token_norms(&a), ["قال", "الوزير", "انه"]);
    assert_eq!(a.tokens[0].span.start, 1, "a leading mark is not part of the first word");
}

#[test]
fn rlo_override_pairs_between_words() {
    // ANT carries U+202E … U+202C pairs between words.
    let text = "قالت \u{202E}الوزارة\u{202C} إن";
    let a = analyze(text);
    assert_eq!(token_norms(&a), ["قالت", "الوزارة", "ان"]);
    assert_eq!(a.tokens[1].text, "الوزارة");
}

#[test]
fn presentation_form_ligatures_map_back_to_one_character() {
    // U+FEF7 (لأ final form ligature) and U+FEFB (لا): one original character, two letters.
    let a = analyze("\u{FEF7}ن \u{FEFB}");
    assert_eq!(token_norms(&a), ["لان", "لا"]);
    assert_eq!(token_texts(&a), ["\u{FEF7}ن", "\u{FEFB}"]);
    assert_eq!(a.tokens[0].span, [0, 2].into());
}

#[test]
fn latin_runs_inside_arabic() {
    let a = analyze("أعلنت شركة Apple عن هاتف iPhone الجديد");
    let latin: Vec<&str> = a
        .tokens
        .iter()
        .filter(|t| t.kind == khabar::text::TokenKind::Latin)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(latin, ["Apple", "iPhone"]);
}

#[test]
fn stray_c1_control_is_kept_and_spans_stay_exact() {
    // ANT localNews-747: U+008F after a flight number.
    let text = "الرحلة 714\u{008F} إلى تونس";
    let a = analyze(text);
    let last = a.tokens.last().expect("tokens");
    assert_eq!(last.text, "تونس");
    assert_eq!(last.span.end, text.chars().count());
}

#[test]
fn no_break_spaces_separate_words() {
    let a = analyze("رئيس\u{00A0}الحكومة\u{00A0}\u{00A0}التونسية");
    assert_eq!(token_texts(&a), ["رئيس", "الحكومة", "التونسية"]);
}

#[test]
fn markup_leftovers_and_raw_ampersands() {
    // ANT lines that start with `<` and URLs with a raw `&`.
    let a = analyze("< بند أول\nhttp://x.tn/a?b=1&c=2 نهاية.");
    assert!(a.tokens.iter().any(|t| t.text == "http://x.tn/a?b=1&c=2"), "{:?}", token_texts(&a));
    assert_eq!(a.sentences.len(), 2);
}
