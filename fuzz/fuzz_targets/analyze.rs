//! The whole pipeline on arbitrary bytes (read as lossy UTF-8): see
//! `khabar::invariants::check_analysis`.
#![no_main]

use std::sync::LazyLock;

use khabar::{Analyzer, AnalyzerOptions};
use libfuzzer_sys::fuzz_target;

/// Built once: loading lexicons and models per input would measure start-up, not analysis.
static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load"));

fuzz_target!(|data: &[u8]| {
    if let Err(v) = khabar::invariants::fuzz_analyze(&ANALYZER, data) {
        panic!("{v}");
    }
});
