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
        #[arg(long, default_value_t = 0.3)]
        dropout: f64,
        /// Penalty on the O tag (recall for precision).
        #[arg(long, default_value_t = 10.0)]
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

/// The NER subcommands (train ner, train clusters, eval ner).
fn run_ner(command: NerCommand) -> anyhow::Result<()> {
    use khabar::ner::{clusters, commands, train};
    match command {
        NerCommand::Train(TrainCommand::Ner {
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
        }) => {
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
        NerCommand::Train(TrainCommand::Clusters {
            text,
            jsonl,
            conll,
            gazetteers,
            wikifane,
            out,
            seed,
            ppmi,
        }) => {
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
        NerCommand::Eval(EvalCommand::Ner { gold, model, lexicon, last, context, json }) => {
            let r = commands::eval_ner(&gold, model.as_deref(), lexicon.as_deref(), last, context)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{r}");
            }
        }
        _ => {}
    }
    Ok(())
}

/// A NER subcommand handed over from `main`.
enum NerCommand {
    Train(TrainCommand),
    Eval(EvalCommand),
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
        Some(Command::Eval(e @ EvalCommand::Ner { .. })) => run_ner(NerCommand::Eval(e))?,
        Some(Command::Train(t @ (TrainCommand::Ner { .. } | TrainCommand::Clusters { .. }))) => {
            run_ner(NerCommand::Train(t))?
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
