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
