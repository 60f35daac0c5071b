//! Normalization and the offset map on arbitrary text under random rules: see
//! `khabar::invariants::check_document`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(v) = khabar::invariants::fuzz_normalize(data) {
        panic!("{v}");
    }
});
