//! `analyze`, `tokenize`, `entities`, `claims`: read articles, analyze them in parallel, write one
//! rendering per input in input order.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use crate::analysis::{Analysis, Analyzer, AnalyzerOptions, Stages};
use crate::cli::progress::Progress;
use crate::cli::{InputMode, Report, RunError, resolve_jobs, warn};
use crate::input::batch::{self, ChunkLimits};
use crate::input::decode::{Encoding, check_text, decode};
use crate::input::record;
use crate::input::source::{self, Arg, Item, NdjsonItems, Payload, TextItems};
use crate::output::html;
use crate::output::sink::{Sink, is_broken_pipe};
use crate::output::translit::Translit;
use crate::output::{Failure, Format, Outcome, Renderer, View};

/// The default `--max-bytes` of the analyzing commands. Every stage is linear in the size of one
/// document, but analysis holds ≈ 52 bytes per input byte (tokens, tagger state, output), so the
/// limit is what bounds one hostile record: 16 MiB (160 times the longest SaudiNewsNet article)
/// costs about 5 s of CPU and 0.9 GB at most. Larger input is refused with an error record; raise
/// the limit to analyze it anyway (64 MiB took 20 s and 3.5 GB).
pub const DEFAULT_MAX_BYTES: u64 = 16 << 20;

/// A format as named on the command line; the layout is resolved once the inputs are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatName {
    Json,
    Ndjson,
    Tsv,
    Text,
    Conll,
    Html,
}

/// Everything `analyze` and its narrower siblings need.
#[derive(Clone, Debug)]
pub struct AnalyzeConfig {
    /// File paths, globs, or `-`; empty means stdin.
    pub inputs: Vec<String>,
    pub mode: InputMode,
    pub encoding: Option<Encoding>,
    /// Worker threads; 0 means every core.
    pub jobs: usize,
    pub max_bytes: u64,
    pub view: View,
    /// `None`: JSON for one input, NDJSON for a batch.
    pub format: Option<FormatName>,
    /// `--pretty` (`Some(true)`) or `--compact` (`Some(false)`).
    pub pretty: Option<bool>,
    pub output: Option<PathBuf>,
    /// `--out-dir`: HTML reports, one page per input plus `index.html`.
    pub out_dir: Option<PathBuf>,
    /// `--translit`: transliterated Arabic fields (see [`Renderer::translit`]).
    pub translit: Option<Translit>,
    pub quiet: bool,
}

impl AnalyzeConfig {
    /// Batch mode writes one line per input: several arguments, a glob, or NDJSON records.
    pub fn is_batch(&self) -> bool {
        self.mode == InputMode::Ndjson
            || self.inputs.len() > 1
            || self.inputs.iter().any(|a| source::is_pattern(a))
    }

    /// The analyzer options this run needs: the stages its view prints, and the JSON token list
    /// only when its writer reads it (`lexicon`: the user lexicon, `--lexicon`).
    pub fn analyzer_options(&self, lexicon: Option<PathBuf>) -> AnalyzerOptions {
        // A format error is reported by `run`; until then assume the writer needs everything.
        let renderer = self.resolve_format().ok().map(|format| Renderer {
            view: self.view,
            format,
            batch: self.is_batch(),
            translit: self.translit,
        });
        AnalyzerOptions {
            lexicon,
            stages: Stages::for_view(self.view),
            skip_token_list: renderer.is_some_and(|r| !r.needs_token_list()),
            ..AnalyzerOptions::default()
        }
    }

    /// The format and layout: JSON is pretty for one input and compact per line in a batch, unless
    /// `--pretty`/`--compact` says otherwise; NDJSON is one line per document by definition.
    pub fn resolve_format(&self) -> Result<Format, RunError> {
        let batch = self.is_batch();
        let ndjson_default = batch && self.pretty != Some(true);
        let name = self.format.unwrap_or(if ndjson_default { FormatName::Ndjson } else { FormatName::Json });
        Ok(match name {
            FormatName::Json => Format::Json { pretty: self.pretty.unwrap_or(!batch) },
            FormatName::Ndjson if self.pretty == Some(true) => {
                return Err(RunError::Usage(
                    "--pretty conflicts with --format ndjson (one document per line)".into(),
                ));
            }
            FormatName::Ndjson => Format::Ndjson,
            FormatName::Tsv => Format::Tsv,
            FormatName::Text => Format::Text,
            FormatName::Conll => Format::Conll,
            FormatName::Html => Format::Html,
        })
    }
}

/// One input's rendering and what to report about it.
struct Rendered {
    bytes: Vec<u8>,
    failure: Option<String>,
    input_bytes: usize,
    /// `--out-dir`: the analysis, without tokens, sentences and document, for the index page.
    page: Option<Box<Analysis>>,
}

/// Counts one finished input: its failure (warned on stderr, above the progress bar) and its
/// bytes, in input order.
fn tally(r: &Rendered, report: &mut Report, progress: &mut Progress) {
    report.inputs += 1;
    if let Some(msg) = &r.failure {
        report.failed += 1;
        progress.suspend(|| warn(msg));
    }
    progress.advance(r.input_bytes, r.failure.is_some());
}

/// Decodes or parses one input and analyzes it. A panic in the analysis (a bug) costs only this
/// input: it becomes an error record instead of taking the whole batch down.
fn analyze_item(item: Item, analyzer: &Analyzer, encoding: Option<Encoding>, from_html: bool) -> Outcome {
    let Item { mut label, payload } = item;
    let text = match payload {
        Err(e) => return Outcome::Failed(Failure { label, message: e.to_string() }),
        Ok(Payload::Text(bytes)) => match decode(&bytes, encoding) {
            Ok((text, enc)) if from_html => match crate::input::html::extract_text(&text) {
                t if t.is_empty() => {
                    let message = "no article text in this HTML page".to_owned();
                    return Outcome::Failed(Failure { label, message });
                }
                t => (t, Some(enc)),
            },
            Ok((text, enc)) => (text, Some(enc)),
            Err(e) => return Outcome::Failed(Failure { label, message: e.to_string() }),
        },
        Ok(Payload::Record(line)) => match record::parse(&line) {
            Ok(rec) => {
                label.id = rec.id;
                if let Err(e) = check_text(&rec.text) {
                    return Outcome::Failed(Failure { label, message: e.to_string() });
                }
                (rec.text, None)
            }
            Err(e) => {
                label.id = record::salvage_id(&line);
                return Outcome::Failed(Failure { label, message: e.to_string() });
            }
        },
    };
    let (text, enc) = text;
    match catch_unwind(AssertUnwindSafe(|| analyzer.analyze(text))) {
        Ok(mut a) => {
            a.id = label.id;
            a.source = label.source;
            a.encoding = enc.map(|e| e.name().to_owned());
            Outcome::Done(Box::new(a))
        }
        Err(_) => Outcome::Failed(Failure {
            label,
            message: "internal error: the analysis panicked on this input (please report it)".into(),
        }),
    }
}

/// Runs the analysis over the configured inputs and writes the results.
pub fn run(cfg: &AnalyzeConfig, analyzer: &Analyzer) -> Result<Report, RunError> {
    let batch = cfg.is_batch();
    let format = cfg.resolve_format()?;
    if cfg.mode == InputMode::Ndjson && cfg.encoding.is_some_and(|e| e != Encoding::Utf8) {
        return Err(RunError::Usage("--encoding applies to --input text; NDJSON is always UTF-8".into()));
    }
    let renderer = Renderer { view: cfg.view, format, batch, translit: cfg.translit };
    let out_dir = match (&cfg.out_dir, format) {
        (Some(dir), Format::Html) => Some(dir.clone()),
        (Some(_), _) => return Err(RunError::Usage("--out-dir applies to --format html".into())),
        (None, Format::Html) if batch => {
            return Err(RunError::Usage(
                "--format html with several inputs needs --out-dir DIR (one page per input plus index.html)"
                    .into(),
            ));
        }
        (None, _) => None,
    };
    if cfg.translit.is_some() && format == Format::Html {
        return Err(RunError::Usage(
            "--translit does not apply to --format html (the report shows the original text)".into(),
        ));
    }
    if out_dir.is_some() && cfg.output.is_some() {
        return Err(RunError::Usage("--out-dir and --output exclude each other".into()));
    }
    if let Some(dir) = &out_dir {
        return write_pages(cfg, analyzer, dir, batch);
    }
    let mut sink = match &cfg.output {
        Some(p) => {
            Sink::file(p).map_err(|e| RunError::Output(format!("{}: cannot create: {e}", p.display())))?
        }
        None => Sink::stdout(),
    };
    let args = source::expand(&cfg.inputs);
    if args.contains(&Arg::Stdin) && std::io::stdin().is_terminal() && !cfg.quiet {
        warn("reading from the terminal; end the article with Ctrl-D (see --help for files and batches)");
    }
    let (total, items) = items(cfg, args);
    // No worker threads for fewer inputs than jobs (one article: analyzed on the main thread).
    let jobs = total.map_or(resolve_jobs(cfg.jobs), |n| resolve_jobs(cfg.jobs).min(n.max(1) as usize));

    let mut report = Report::default();
    let mut progress = Progress::new(batch && !cfg.quiet, total);
    let write = |bytes: &[u8], sink: &mut Sink, report: &mut Report| -> Result<(), RunError> {
        match sink.write_lines(bytes) {
            Ok(()) => Ok(()),
            Err(e) if is_broken_pipe(&e) => {
                report.closed = true;
                Err(RunError::Output(String::new()))
            }
            Err(e) => Err(RunError::Output(format!("cannot write output: {e}"))),
        }
    };
    let header = renderer.header();
    let mut result = write(&header, &mut sink, &mut report);
    if result.is_ok() {
        let encoding = cfg.encoding;
        let from_html = cfg.mode == InputMode::Html;
        let work = |item: Item| {
            let input_bytes = item.weight();
            let outcome = analyze_item(item, analyzer, encoding, from_html);
            let failure = match &outcome {
                Outcome::Failed(f) => Some(f.to_line()),
                Outcome::Done(_) => None,
            };
            let mut bytes = Vec::new();
            renderer.render(outcome, &mut bytes);
            Rendered { bytes, failure, input_bytes, page: None }
        };
        let emit = |r: Rendered| {
            tally(&r, &mut report, &mut progress);
            write(&r.bytes, &mut sink, &mut report)
        };
        result = batch::run(items, jobs, ChunkLimits::for_jobs(jobs), work, emit);
    }
    progress.finish();
    match result {
        Ok(()) => Ok(report),
        Err(_) if report.closed => Ok(report),
        Err(e) => Err(e),
    }
}

/// The inputs as batch items, and their number when known (files).
fn items(cfg: &AnalyzeConfig, args: Vec<Arg>) -> (Option<u64>, Box<dyn Iterator<Item = Item> + Send>) {
    match cfg.mode {
        InputMode::Text | InputMode::Html => {
            (Some(args.len() as u64), Box::new(TextItems::new(args, cfg.max_bytes)))
        }
        InputMode::Ndjson => (None, Box::new(NdjsonItems::new(args, cfg.max_bytes))),
    }
}

/// `--format html --out-dir DIR`: one report page per input, written as each input finishes (so
/// a long batch never holds more than a page at a time), named by [`html::safe_file_name`] from
/// the source or record id and the input's position, then an `index.html` over the pages
/// written. Failed inputs get no page; they are reported on stderr like in any batch.
fn write_pages(
    cfg: &AnalyzeConfig,
    analyzer: &Analyzer,
    dir: &std::path::Path,
    batch: bool,
) -> Result<Report, RunError> {
    let io_error =
        |path: &std::path::Path, e: std::io::Error| RunError::Output(format!("{}: {e}", path.display()));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let args = source::expand(&cfg.inputs);
    let (total, items) = items(cfg, args);
    let jobs = resolve_jobs(cfg.jobs);
    let mut report = Report::default();
    let mut progress = Progress::new(batch && !cfg.quiet, total);
    let mut pages: Vec<(String, Box<Analysis>)> = Vec::new();
    let encoding = cfg.encoding;
    let from_html = cfg.mode == InputMode::Html;
    let result = batch::run(
        items,
        jobs,
        ChunkLimits::for_jobs(jobs),
        |item: Item| {
            let input_bytes = item.weight();
            match analyze_item(item, analyzer, encoding, from_html) {
                Outcome::Failed(f) => {
                    Rendered { bytes: Vec::new(), failure: Some(f.to_line()), input_bytes, page: None }
                }
                Outcome::Done(mut a) => {
                    let bytes = html::render(&a).into_bytes();
                    a.tokens = Vec::new();
                    a.sentences = Vec::new();
                    a.document = None;
                    a.text_tokens = Vec::new();
                    a.text_sentences = Vec::new();
                    Rendered { bytes, failure: None, input_bytes, page: Some(a) }
                }
            }
        },
        |r: Rendered| {
            tally(&r, &mut report, &mut progress);
            if let Some(a) = r.page {
                let label = a.source.clone().or_else(|| {
                    a.id.as_ref().map(|id| match id {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                });
                let name = html::safe_file_name(&label.unwrap_or_default(), report.inputs as usize);
                let path = dir.join(&name);
                std::fs::write(&path, &r.bytes).map_err(|e| io_error(&path, e))?;
                pages.push((name, a));
            }
            Ok(())
        },
    );
    progress.finish();
    result?;
    let index: Vec<(&str, &Analysis)> = pages.iter().map(|(n, a)| (n.as_str(), a.as_ref())).collect();
    let path = dir.join("index.html");
    std::fs::write(&path, html::render_index(&index)).map_err(|e| io_error(&path, e))?;
    Ok(report)
}
