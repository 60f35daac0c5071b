//! Build-time tables, so that start-up does no work the build can do once.
//!
//! `wordfreq.table`: the hash table of the word-frequency lexicon (`src/resources/wordfreq.bin`),
//! built by the same code the library would run (`src/text/wordfreq_table.rs`, which depends on
//! nothing but `std`) and embedded with `include_bytes!`; lookups read it in place.

#[path = "src/text/wordfreq_table.rs"]
#[allow(dead_code)]
mod wordfreq_table;

fn main() {
    let src = "src/resources/wordfreq.bin";
    println!("cargo::rerun-if-changed={src}");
    println!("cargo::rerun-if-changed=src/text/wordfreq_table.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let data = std::fs::read(src).unwrap_or_else(|e| panic!("reading {src}: {e}"));
    std::fs::write(out.join("wordfreq.table"), wordfreq_table::build_table(&data))
        .expect("writing wordfreq.table");
}
