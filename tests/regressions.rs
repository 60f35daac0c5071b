//! Crash and invariant-violation inputs found by the fuzzers, kept as fixtures: each file in
//! `tests/regressions/` is named `<target>-<what-broke>.bin` and is run through the same checks
//! as the fuzz target `<target>` (see `fuzz/` and `khabar::invariants`).

use std::path::Path;

use khabar::invariants;
use khabar::{Analyzer, AnalyzerOptions};

#[test]
fn fuzz_regressions_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no fixtures in {}", dir.display());
    let analyzer = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load");
    let mut failures = Vec::new();
    for path in &entries {
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let data = std::fs::read(path).expect("readable fixture");
        let target = name.split('-').next().unwrap_or_default();
        let result = match target {
            "normalize" => invariants::fuzz_normalize(&data),
            "tokenize" => invariants::fuzz_tokenize(&data),
            "analyze" => invariants::fuzz_analyze(&analyzer, &data),
            // Every fixture also goes through the stages it did not come from.
            other => panic!("{name}: unknown target {other:?}"),
        };
        let all = [
            invariants::fuzz_normalize(&data),
            invariants::fuzz_tokenize(&data),
            invariants::fuzz_analyze(&analyzer, &data),
        ];
        for r in std::iter::once(result).chain(all) {
            if let Err(v) = r {
                failures.push(format!("{name}: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Documents shaped to defeat the per-sentence structure, built from the seed article repeated
/// `copies` times: every stage must still keep its promises on them (the claim pass merges the
/// sentences of an unclosed parenthesis or quotation into one unit, which made it quadratic).
fn hostile_shapes(copies: usize) -> Vec<(&'static str, String)> {
    let seed = include_str!("../fixtures/seed-article.txt");
    let body = vec![seed; copies].join("\n\n");
    let flat: String = body.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    let no_punct: String =
        body.chars().map(|c| if c.is_alphanumeric() || c.is_whitespace() { c } else { ' ' }).collect();
    vec![
        ("plain", body.clone()),
        // One "(" never closed: every later sentence joins one unit.
        ("unclosed parenthesis", format!("( {}", body.replace(')', " "))),
        // One quotation from the first word to the last, in one paragraph.
        ("one long quotation", format!("قال الوزير « {} » .", flat.replace(['«', '»', '"'], " "))),
        // No punctuation at all: one sentence.
        ("no punctuation", no_punct),
    ]
}

#[test]
fn hostile_shapes_keep_invariants() {
    let analyzer = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load");
    for (name, text) in hostile_shapes(6) {
        let a = analyzer.analyze(text.clone());
        invariants::check_analysis(&a, &text).unwrap_or_else(|v| panic!("{name}: {v}"));
        assert!(a.stats.tokens > 1000, "{name}: the document was analyzed whole");
    }
}

/// Time grows linearly with the size of one document, whatever its shape: 8× the text must take
/// well under 8² = 64× the time (the bound allows 2.5× slack over linear for a loaded machine).
/// Timing-dependent, so `#[ignore]`d:
/// `cargo test --release --test regressions -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release with --ignored"]
fn one_big_document_scales_linearly() {
    let analyzer = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load");
    let small = hostile_shapes(40);
    let large = hostile_shapes(320);
    let time = |text: &str| {
        // Best of three: preemption on a shared machine only ever adds time.
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let a = analyzer.analyze(text.to_owned());
                std::hint::black_box(a.claims.len());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let mut slow = Vec::new();
    for ((name, s), (_, l)) in small.iter().zip(&large) {
        let (ts, tl) = (time(s), time(l));
        let ratio = tl / ts.max(1e-6);
        let size_ratio = l.len() as f64 / s.len() as f64;
        println!(
            "{name}: {:.2} MB in {ts:.3} s, {:.2} MB in {tl:.3} s: time ×{ratio:.1} for size ×{size_ratio:.1}",
            s.len() as f64 / 1e6,
            l.len() as f64 / 1e6
        );
        if ratio > size_ratio * 2.5 {
            slow.push(format!("{name}: ×{ratio:.1}"));
        }
    }
    assert!(slow.is_empty(), "superlinear: {}", slow.join(", "));
}

/// The default `--max-bytes` (16 MiB): a record just over it gets an error record in its place
/// without being held in memory, and the records around it are analyzed.
#[test]
fn default_limit_refuses_only_the_oversized_record() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let seed = include_str!("../fixtures/seed-article.txt");
    let record = |id: &str, text: &str| serde_json::json!({"id": id, "text": text}).to_string();
    let mut input = record("before", seed);
    input.push('\n');
    // One byte over the limit, as a single line (its content is never parsed).
    input.push_str(&"x".repeat((16 << 20) + 1));
    input.push('\n');
    input.push_str(&record("after", seed));
    input.push('\n');
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["analyze", "--input", "ndjson", "--no-tokens", "-j", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khabar runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("khabar finishes");
    writer.join().expect("writer thread").expect("stdin accepted");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "before");
    assert!(lines[0]["entities"].is_array());
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"], "article too large: 16777217 bytes, over --max-bytes 16777216");
    assert_eq!(lines[2]["id"], "after");
    assert!(lines[2]["claims"].is_array());
}
