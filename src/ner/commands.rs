//! The library side of `khabar train ner`, `khabar train clusters` and `khabar eval ner`: the CLI
//! only parses arguments and prints what these return.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::clusters::{self, ClusterOptions, ClusterReport, Sources};
use super::conll::read_conll;
use super::lexicon::Lexicon;
use super::train::{EpochReport, TrainOptions, TrainReport, train};
use super::{EMBEDDED_LEXICON, EMBEDDED_SGNS, Tagger};
use crate::eval::ner::{NerReport, eval_file, holdout_len};

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// Arguments of `khabar train ner`.
#[derive(Clone, Debug)]
pub struct TrainNer {
    pub train: PathBuf,
    pub dev: Option<PathBuf>,
    /// Hold out this final fraction of the training sentences as the dev set.
    pub holdout: Option<f64>,
    /// Lexicon file; the embedded one when absent.
    pub lexicon: Option<PathBuf>,
    /// Skip-gram cluster file; the embedded one when absent.
    pub sgns: Option<PathBuf>,
    pub out: PathBuf,
    /// WikiFANE-style file (fine types) mapped to ANERcorp classes and mixed into early epochs.
    pub extra_fane: Option<PathBuf>,
    pub options: TrainOptions,
}

/// Trains and writes a model; `log` sees each epoch as it ends.
pub fn train_ner(args: &TrainNer, log: impl FnMut(&EpochReport)) -> Result<TrainReport> {
    let text =
        std::fs::read_to_string(&args.train).with_context(|| format!("reading {}", args.train.display()))?;
    let mut sentences = read_conll(&text).with_context(|| format!("parsing {}", args.train.display()))?;
    let mut dev = match &args.dev {
        Some(p) => {
            let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            read_conll(&t).with_context(|| format!("parsing {}", p.display()))?
        }
        None => Vec::new(),
    };
    if let Some(frac) = args.holdout {
        let n = holdout_len(sentences.len(), frac)?;
        dev.extend(sentences.drain(sentences.len() - n..));
    }
    let lex_bytes = match &args.lexicon {
        Some(p) => read_bytes(p)?,
        None => EMBEDDED_LEXICON.to_vec(),
    };
    let lexicon = Lexicon::from_bytes(&lex_bytes)?;
    let sgns_bytes = match &args.sgns {
        Some(p) => read_bytes(p)?,
        None => EMBEDDED_SGNS.to_vec(),
    };
    let sgns = Lexicon::from_bytes(&sgns_bytes)?;
    let extra = match &args.extra_fane {
        Some(p) => {
            let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            super::conll::read_conll_with(&t, super::gazetteers::fane_tag)
                .with_context(|| format!("parsing {}", p.display()))?
        }
        None => Vec::new(),
    };
    let (model, report) =
        train(&sentences, &extra, (!dev.is_empty()).then_some(&dev[..]), lexicon, sgns, &args.options, log)?;
    std::fs::write(&args.out, &model).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(report)
}

/// `khabar eval ner`: scores a model (the embedded one by default) on a gold CoNLL file.
pub fn eval_ner(
    gold: &Path,
    model: Option<&Path>,
    lexicon: Option<&Path>,
    sgns: Option<&Path>,
    last: Option<f64>,
    context: usize,
) -> Result<NerReport> {
    let model_bytes = model.map(read_bytes).transpose()?;
    let lex_bytes = lexicon.map(read_bytes).transpose()?;
    let sgns_bytes = sgns.map(read_bytes).transpose()?;
    let tagger = Tagger::from_parts(
        model_bytes.as_deref().unwrap_or(super::EMBEDDED_MODEL),
        lex_bytes.as_deref().unwrap_or(EMBEDDED_LEXICON),
        sgns_bytes.as_deref().unwrap_or(EMBEDDED_SGNS),
    )?;
    eval_file(gold, &tagger, last, context)
}

/// `khabar train clusters`.
pub fn train_clusters(
    src: &Sources,
    gazetteers: Option<&Path>,
    wikifane: Option<&Path>,
    out: &Path,
    opts: &ClusterOptions,
    log: impl FnMut(&str),
) -> Result<ClusterReport> {
    clusters::build_file(src, gazetteers, wikifane, out, opts, log)
}
