use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "khabar", version, about = "Arabic news analysis")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze stdin and print JSON.
    Analyze,
    /// Evaluate against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Build shipped resources from corpora.
    #[command(subcommand, hide = true)]
    Train(TrainCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Tokens, Words and Sentences F1 against a UD CoNLL-U file (CoNLL 2018 definitions).
    Tokens {
        #[arg(long)]
        gold: PathBuf,
        #[arg(long)]
        json: bool,
        /// List up to N regions where khabar's words differ from the gold ones.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The word-frequency lexicon used by clitic segmentation (src/resources/wordfreq.bin).
    Wordfreq {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 3)]
        min_count: u64,
        inputs: Vec<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        None | Some(Command::Analyze) => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            let a = khabar::Analyzer::new(Default::default()).analyze(s);
            println!("{}", serde_json::to_string_pretty(&a)?);
        }
        Some(Command::Eval(EvalCommand::Tokens { gold, json, errors })) => {
            let options = khabar::eval::tokens::EvalOptions { max_errors: errors, ..Default::default() };
            let report = khabar::eval::tokens::evaluate(&gold, &options)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
        }
        Some(Command::Train(TrainCommand::Wordfreq { out, min_count, inputs })) => {
            let paths: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
            let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
            let report = khabar::text::lexicon::build(&paths, min_count, &mut file)?;
            eprintln!("{}", serde_json::to_string(&report)?);
        }
    }
    Ok(())
}
