//! Property tests: the invariants of `khabar::invariants` on random mixes of the characters real
//! Arabic news carries (letters, diacritics, tatweel, presentation forms, Persian letters, digits
//! in three scripts, Latin, emoji, punctuation, every kind of whitespace, bidi and zero-width
//! marks, stray controls), plus determinism of the whole analysis.

use khabar::invariants::{self, options_from_bits};
use khabar::text::normalize::normalize_str;
use khabar::text::{Document, NormalizeOptions, tokenize};
use khabar::{Analyzer, AnalyzerOptions};
use proptest::prelude::*;

/// One piece of text of a kind news articles contain. Pieces are concatenated without separators
/// so that marks land after spaces, ligatures next to letters, and so on.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Arabic letters (hamza through yeh, plus alef variants and teh marbuta).
        4 => "[\u{0621}-\u{063A}\u{0641}-\u{064A}]{1,8}",
        // Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks.
        2 => "[\u{064B}-\u{065F}\u{0670}\u{06D6}-\u{06ED}\u{0610}-\u{061A}]{1,3}",
        1 => "\u{0640}{1,4}",
        // Presentation forms A and B, including ligatures such as ﷺ and ﻻ, and tanwin forms.
        2 => "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]{1,3}",
        1 => "[کیۀہەھڪېۍ]{1,3}",
        1 => "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}٫٬.,:/]{1,6}",
        2 => "[A-Za-zÀ-ÿ'\\-.]{1,8}",
        1 => "[\u{1F300}-\u{1F64F}\u{2600}-\u{26FF}€$%]{1,2}",
        2 => "[،؛؟«»!?.…()\"“”:;\\-–—]{1,2}",
        3 => "[ \t\n\r\u{00A0}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{3000}\u{0085}\u{000B}]{1,3}",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{2064}\u{2066}-\u{2069}\u{061C}\u{FEFF}\u{00AD}]{1,2}",
        1 => "[\u{0000}-\u{001F}\u{007F}-\u{009F}]",
        1 => prop_oneof![Just("https://example.com/a.b?x=1".to_owned()), Just("x@y.org".to_owned()),
                         Just("#وسم".to_owned()), Just("@user".to_owned()), Just("www.".to_owned())],
        1 => any::<char>().prop_map(String::from),
    ]
}

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = NormalizeOptions> {
    prop_oneof![Just(NormalizeOptions::default()), any::<u16>().prop_map(options_from_bits)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn document_invariants(text in news_text(), options in options()) {
        let doc = Document::new(text.clone(), &options);
        invariants::check_document(&doc, &text, &options).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn normalization_is_idempotent(text in news_text(), options in options()) {
        let once = normalize_str(&text, &options);
        prop_assert_eq!(normalize_str(&once, &options), once);
    }

    #[test]
    fn token_invariants(text in news_text(), options in options()) {
        let doc = Document::new(text, &options);
        let tokens = tokenize::tokenize(&doc);
        invariants::check_tokens(&doc, &tokens).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn analysis_invariants(text in news_text()) {
        let analysis = analyzer().analyze(text.clone());
        invariants::check_analysis(&analysis, &text).map_err(TestCaseError::fail)?;
    }

    /// Same input → same bytes, from the same analyzer and from a fresh one.
    #[test]
    fn analysis_is_deterministic(text in news_text()) {
        let a = serde_json::to_string(&analyzer().analyze(text.clone())).expect("serializes");
        let b = serde_json::to_string(&analyzer().analyze(text.clone())).expect("serializes");
        let c = serde_json::to_string(&Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load").analyze(text)).expect("serializes");
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &c);
    }

    /// Any bytes at all, the way the `analyze` fuzz target feeds them.
    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..300)) {
        invariants::fuzz_normalize(&data).map_err(TestCaseError::fail)?;
        invariants::fuzz_tokenize(&data).map_err(TestCaseError::fail)?;
        invariants::fuzz_analyze(analyzer(), &data).map_err(TestCaseError::fail)?;
    }
}

/// One analyzer for the whole test binary: building it may load lexicons and models.
fn analyzer() -> &'static Analyzer {
    static ANALYZER: std::sync::LazyLock<Analyzer> = std::sync::LazyLock::new(|| {
        Analyzer::new(AnalyzerOptions::default()).expect("embedded resources load")
    });
    &ANALYZER
}
