use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "khabar", about = "Arabic news analysis")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build models and lexicons from the shared data.
    Train {
        #[command(subcommand)]
        what: Train,
    },
}

#[derive(Subcommand)]
enum Train {
    /// Derive the geographic entity lexicon from the gazetteers directory.
    Lexicon {
        #[arg(long)]
        gazetteers: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Some(Command::Train { what: Train::Lexicon { gazetteers, out } }) => {
            let report = khabar::entities::derive::train_lexicon(&gazetteers, &out)?;
            eprintln!("{report:?}");
        }
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            let a = khabar::Analyzer::new(Default::default()).analyze(s);
            println!("{}", serde_json::to_string_pretty(&a)?);
        }
    }
    Ok(())
}
