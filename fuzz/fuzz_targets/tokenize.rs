//! Tokens of arbitrary text under random normalization rules: see
//! `khabar::invariants::check_tokens`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(v) = khabar::invariants::fuzz_tokenize(data) {
        panic!("{v}");
    }
});
