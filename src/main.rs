use std::io::Read;

fn main() -> anyhow::Result<()> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let a = khabar::Analyzer::new(Default::default()).analyze(s);
    println!("{}", serde_json::to_string_pretty(&a)?);
    Ok(())
}
