use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Score khabar against gold files.
    Eval {
        #[command(subcommand)]
        what: EvalWhat,
    },
}

#[derive(Subcommand)]
enum EvalWhat {
    /// Claims against a gold JSONL file (layout of data/claims).
    Claims {
        #[arg(long)]
        gold: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Eval { what: EvalWhat::Claims { gold, json } }) = cli.command {
        let report = khabar::eval::claims::eval_claims(&gold)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!("{report}");
        }
        return Ok(());
    }
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let a = khabar::Analyzer::new(Default::default()).analyze(s);
    println!("{}", serde_json::to_string_pretty(&a)?);
    Ok(())
}
