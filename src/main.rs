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
    /// Train a model.
    Train {
        #[command(subcommand)]
        what: Train,
    },
    /// Score a model against gold data.
    Eval {
        #[command(subcommand)]
        what: Eval,
    },
}

#[derive(Subcommand)]
enum Train {
    /// Train the NER tagger from CoNLL files (token and BIO tag per line).
    Ner {
        #[arg(long)]
        train: PathBuf,
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Hold out this final fraction of the training sentences as dev set (e.g. 0.1).
        #[arg(long)]
        holdout: Option<f64>,
        /// Lexicon (clusters + gazetteer flags); the embedded one by default.
        #[arg(long)]
        lexicon: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        #[arg(long, default_value_t = 17)]
        bits: u32,
        /// Probability of hiding a token's word-identity features in a training step.
        #[arg(long, default_value_t = 0.0)]
        dropout: f64,
        /// Penalty on the O tag (recall for precision).
        #[arg(long, default_value_t = 0.0)]
        o_penalty: f32,
        /// WikiFANE file (fine types), mapped to PERS/LOC/ORG and used in the first epochs.
        #[arg(long)]
        extra_fane: Option<PathBuf>,
        #[arg(long, default_value_t = 0)]
        extra_epochs: usize,
        #[arg(long)]
        json: bool,
    },
    /// Build the NER lexicon: word clusters from unlabeled text plus gazetteer flags.
    Clusters {
        /// Plain text, one paragraph a line (.gz read through gzip).
        #[arg(long)]
        text: Vec<PathBuf>,
        /// JSON lines with title and text fields.
        #[arg(long)]
        jsonl: Vec<PathBuf>,
        /// CoNLL files (token column).
        #[arg(long)]
        conll: Vec<PathBuf>,
        #[arg(long)]
        gazetteers: Option<PathBuf>,
        #[arg(long)]
        wikifane: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Weight contexts by PPMI rather than Hellinger (square-root) weighting.
        #[arg(long)]
        ppmi: bool,
    },
}

#[derive(Subcommand)]
enum Eval {
    /// Entity-level P/R/F1 (conlleval counting) of the NER tagger on a CoNLL file.
    Ner {
        #[arg(long)]
        gold: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        lexicon: Option<PathBuf>,
        /// Score only this final fraction of the sentences (the --holdout dev split).
        #[arg(long)]
        last: Option<f64>,
        /// Propagate confident names from up to N neighbouring sentences (0 = each sentence alone).
        #[arg(long, default_value_t = 0)]
        context: usize,
        #[arg(long)]
        json: bool,
    },
}

fn run(command: Command) -> anyhow::Result<()> {
    use khabar::ner::{clusters, commands, train};
    match command {
        Command::Train {
            what:
                Train::Ner {
                    train,
                    dev,
                    holdout,
                    lexicon,
                    out,
                    seed,
                    epochs,
                    bits,
                    dropout,
                    o_penalty,
                    extra_fane,
                    extra_epochs,
                    json,
                },
        } => {
            let args = commands::TrainNer {
                train,
                dev,
                holdout,
                lexicon,
                out,
                extra_fane,
                options: train::TrainOptions { epochs, seed, bits, dropout, o_penalty, extra_epochs },
            };
            let report = commands::train_ner(&args, |e| {
                eprintln!(
                    "epoch {:>2}: {} mistakes, dev F1 {:?}",
                    e.epoch,
                    e.mistakes,
                    e.dev_f1.map(|f| 100.0 * f)
                )
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                eprintln!(
                    "{} sentences, {} tokens, {} features stored, {} bytes, {:.1} s",
                    report.sentences,
                    report.tokens,
                    report.stored_features,
                    report.model_bytes,
                    report.seconds
                );
            }
        }
        Command::Train {
            what: Train::Clusters { text, jsonl, conll, gazetteers, wikifane, out, seed, ppmi },
        } => {
            let src = clusters::Sources { text, jsonl, conll };
            let opts = clusters::ClusterOptions { seed, ppmi, ..Default::default() };
            let r = commands::train_clusters(
                &src,
                gazetteers.as_deref(),
                wikifane.as_deref(),
                &out,
                &opts,
                |m| eprintln!("{m}"),
            )?;
            println!("{}", serde_json::to_string_pretty(&r)?);
        }
        Command::Eval { what: Eval::Ner { gold, model, lexicon, last, context, json } } => {
            let r = commands::eval_ner(&gold, model.as_deref(), lexicon.as_deref(), last, context)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{r}");
            }
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(c) = cli.command {
        return run(c);
    }
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let a = khabar::Analyzer::new(Default::default()).analyze(s);
    println!("{}", serde_json::to_string_pretty(&a)?);
    Ok(())
}
