//! The khabar command line: argument parsing and dispatch only. What each subcommand does lives
//! in the library ([`khabar::cli`]), so that it is testable and reusable without the binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use khabar::Analyzer;
use khabar::cli::analyze::{self, AnalyzeConfig, DEFAULT_MAX_BYTES, FormatName};
use khabar::cli::normalize::{self, NormalizeConfig};
use khabar::cli::{InputMode, Report, RunError, warn};
use khabar::input::Encoding;
use khabar::output::View;
use khabar::output::translit::Translit;
use khabar::text::NormalizeOptions;

#[derive(Parser)]
#[command(
    name = "khabar",
    version,
    about = "Arabic news analysis: decode, normalize, tokenize, entities, claims — as JSON",
    long_about = "khabar reads Arabic news articles (UTF-8, UTF-16 or windows-1256; files, stdin or NDJSON \
                  archives) and writes their analysis as JSON: normalized tokens and sentences with clitic \
                  segmentation, named entities linked to canonical names, and check-worthy claims. Every \
                  span is [start, end) in characters of the original text.",
    after_help = "Examples:
  khabar analyze fixtures/seed-article.txt            one article → pretty JSON
  cat article.txt | khabar analyze                    from stdin
  khabar analyze news/*.txt > out.ndjson              a batch → one JSON line per file
  khabar analyze --input ndjson archive.jsonl --no-tokens | jq -c '{id, entities: [.entities[].name]}'
  khabar normalize article.txt                        normalized text
  khabar schema                                       JSON Schema of the output

Run `khabar <command> --help` for each command's options and examples.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles: tokens, sentences, entities and claims as JSON.
    #[command(after_help = const_format_analyze())]
    Analyze {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Output format [default: json for one input, ndjson for several].
        #[arg(long, short = 'f', value_enum)]
        format: Option<AnalyzeFormat>,
        /// Leave tokens and sentences out (most of the bytes; for archive runs).
        #[arg(long)]
        no_tokens: bool,
        /// With --format html: write one report per input into DIR, plus index.html (required
        /// for several inputs).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        extra: ExtraArgs,
    },
    /// Tokens and sentences with clitic segmentation.
    #[command(after_help = "Examples:
  khabar tokenize article.txt                          tokens and sentences as JSON
  khabar tokenize --format text article.txt            one sentence per line, clitics split with +
  khabar tokenize --format tsv article.txt | cut -f2,5 kind and surface of each token
  khabar tokenize --format conll article.txt           CoNLL-U (PADT multiword tokens for clitics)
  khabar tokenize -f text --translit buckwalter a.txt  segmented tokens in Buckwalter
  echo 'وسيكتبونها للغرب' | khabar tokenize -f json | jq -c '.tokens[] | [.text, .segments]'")]
    Tokenize {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Output format [default: json for one input, ndjson for several].
        #[arg(long, short = 'f', value_enum)]
        format: Option<TokenizeFormat>,
        #[command(flatten)]
        translit: TranslitArg,
    },
    /// The article's entities (canonical names, types, mentions, salience).
    #[command(after_help = "Examples:
  khabar entities article.txt                          entities as JSON
  khabar entities --format tsv article.txt             one row per entity, with a header
  khabar entities --input ndjson archive.jsonl -f tsv | sort -t$'\\t' -k3 | uniq -c
  khabar entities article.txt | jq -r '.entities[] | \"\\(.name)\\t\\(.count)\"'")]
    Entities {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Output format [default: json for one input, ndjson for several].
        #[arg(long, short = 'f', value_enum)]
        format: Option<TableFormat>,
        #[command(flatten)]
        extra: ExtraArgs,
    },
    /// The article's claims, most check-worthy first.
    #[command(after_help = "Examples:
  khabar claims article.txt                            claims as JSON, best first
  khabar claims --top 3 --format tsv article.txt       the three most check-worthy, as TSV
  khabar claims --input ndjson archive.jsonl | jq -c 'select(.claims | length > 0) | {id, top: .claims[0].text}'")]
    Claims {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Output format [default: json for one input, ndjson for several].
        #[arg(long, short = 'f', value_enum)]
        format: Option<TableFormat>,
        /// Only the N most check-worthy claims.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        #[command(flatten)]
        extra: ExtraArgs,
    },
    /// Stream normalized text (or normalized NDJSON records).
    #[command(after_help = "Each rule is a flag pair (--RULE / --no-RULE); the last one given wins.

Examples:
  khabar normalize article.txt                         normalized text, one paragraph per line
  khabar normalize --no-diacritics < quran-quote.txt   keep harakat
  khabar normalize --teh-marbuta --hamza-seats --digits article.txt   aggressive, for search keys
  khabar normalize --input ndjson archive.jsonl | jq -r .text | wc -w")]
    Normalize {
        /// Files or globs to read; `-` or nothing reads stdin.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// How articles are given: a whole file each, or NDJSON records with "text".
        #[arg(long, value_enum, default_value = "text")]
        input: InputMode,
        /// Decode text input as this encoding instead of detecting it.
        #[arg(long, value_enum)]
        encoding: Option<Encoding>,
        /// Worker threads for NDJSON input [default: all cores].
        #[arg(long, short = 'j', value_name = "N", default_value_t = 0, hide_default_value = true)]
        jobs: usize,
        /// Longest line (text) or record (NDJSON) accepted, in bytes.
        #[arg(long, value_name = "N", default_value_t = khabar::cli::normalize::NORMALIZE_MAX_BYTES)]
        max_bytes: u64,
        /// Write to FILE instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        rules: NormalizeFlags,
    },
    /// Print the JSON Schema of the output.
    #[command(after_help = "Examples:
  khabar schema > khabar.schema.json
  khabar schema --batch-line                           schema of one NDJSON line (analysis or error record)
  khabar schema | jq '.properties | keys'")]
    Schema {
        /// The schema of one line of batch output: an analysis or an error record.
        #[arg(long)]
        batch_line: bool,
    },
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  khabar completions bash > ~/.local/share/bash-completion/completions/khabar
  khabar completions zsh > ~/.zfunc/_khabar
  khabar completions fish > ~/.config/fish/completions/khabar.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Examples:
  khabar man > khabar.1 && man ./khabar.1
  khabar man | gzip > /usr/local/share/man/man1/khabar.1.gz
  khabar man analyze > khabar-analyze.1                one command's page, with all its options")]
    Man {
        /// Document this command (analyze, normalize, …) instead of the whole tool.
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Score khabar against gold files (UD CoNLL-U, CoNLL NER, claims JSONL).
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Rebuild a shipped resource (model, lexicon) from corpora.
    #[command(subcommand)]
    Train(TrainCommand),
}

const fn const_format_analyze() -> &'static str {
    "Examples:
  khabar analyze fixtures/seed-article.txt             one file → one pretty JSON document
  khabar analyze < article.txt                         stdin (also: khabar analyze -)
  khabar analyze a.txt b.txt c.txt                     several files → NDJSON, one line each with \"source\"
  khabar analyze 'archive/**/*.txt' -j 2 -o out.ndjson a quoted glob, two threads, to a file
  khabar analyze --encoding windows-1256 old-site.txt  force the decoder
  khabar analyze --input ndjson --no-tokens archive.jsonl | jq -c '{id, stats}'
  khabar analyze a.txt | jq '.entities[] | {name, count}'
  khabar analyze -f text article.txt                   summary: entities by salience, top claims
  khabar analyze -f html article.txt -o report.html    one self-contained HTML report
  khabar analyze -f html --out-dir reports/ news/*.txt one page per input + reports/index.html
  khabar analyze -f conll article.txt                  FORM START END TAG (BIO: B-PER, I-LOC, O)
  khabar analyze --input html saved-page.html          article paragraphs of a saved web page
  khabar analyze --translit buckwalter article.txt     adds text_bw, name_ar_bw, … fields
  khabar analyze --lexicon local.tsv article.txt       extra entities (lexicon TSV format)

--input html: the text analyzed (and every offset) is the page's extracted article text, one
paragraph per line, as `khabar tokenize --input html -f text` shows it.

Exit codes: 0 every input analyzed; 1 some inputs failed (each has a one-line message on stderr
and, in NDJSON output, an error record in its place); 2 usage error."
}

/// Where articles come from (shared by the analysis commands).
#[derive(Args)]
struct InputArgs {
    /// Files or globs to read; `-` or nothing reads stdin. Several files (or a glob) make a batch.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// How articles are given: a whole file each, or NDJSON records {"id": ..., "text": ...}.
    #[arg(long, value_enum, default_value = "text")]
    input: InputMode,
    /// Decode as this encoding instead of detecting it (BOM, else UTF-8, else windows-1256).
    #[arg(long, value_enum)]
    encoding: Option<Encoding>,
    /// Worker threads [default: all cores]. Output is identical for any value.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0, hide_default_value = true)]
    jobs: usize,
    /// Largest article accepted, in bytes; a larger one gets an error record.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

/// Where and how results are written.
#[derive(Args)]
struct OutputArgs {
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Indented JSON (the default for one input).
    #[arg(long, conflicts_with = "compact")]
    pretty: bool,
    /// One-line JSON (the default for a batch).
    #[arg(long)]
    compact: bool,
    /// No progress bar and no terminal hints (errors are still reported).
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// `--translit` (every analysis command).
#[derive(Args)]
struct TranslitArg {
    /// Transliterate Arabic: JSON gets a `<field>_bw` next to every string field holding Arabic
    /// (keys then in alphabetical order); text, TSV and CoNLL output spell their Arabic in
    /// Buckwalter in place. Not with --format html.
    #[arg(long, value_enum, value_name = "SCHEME")]
    translit: Option<Translit>,
}

/// Options of the commands that link entities.
#[derive(Args)]
struct ExtraArgs {
    #[command(flatten)]
    translit: TranslitArg,
    /// Add or override entities from a lexicon TSV (id, type, subtype, name_en, name_ar, wikidata,
    /// aliases, demonyms, capitals, roles; see src/entities/lexicon.rs). A bad file is an error
    /// (exit 2).
    #[arg(long, value_name = "FILE.tsv")]
    lexicon: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnalyzeFormat {
    Json,
    Ndjson,
    /// A summary for the terminal: entities by salience, top claims (Arabic kept in isolates).
    Text,
    /// Tokens with BIO entity tags: FORM, START, END, TAG (B-PER, I-LOC, O …) per line, `#
    /// sent_id` and `# text` before each sentence, a blank line after it.
    Conll,
    /// A self-contained HTML report (several inputs: --out-dir DIR).
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum TokenizeFormat {
    Json,
    Ndjson,
    /// One sentence per line, clitics split with `+`.
    Text,
    /// One token per row.
    Tsv,
    /// CoNLL-U, UD Arabic-PADT style: segmented words as multiword tokens.
    Conll,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Json,
    Ndjson,
    Tsv,
    /// A summary for the terminal (Arabic kept in isolates).
    Text,
}

/// Normalization rules, each as an on/off pair (the `NormalizeOptions` fields).
#[derive(Args)]
struct NormalizeFlags {
    /// Remove harakat, tanwin, shadda, sukun, dagger alef [default: on]
    #[arg(long, overrides_with = "no_diacritics")]
    diacritics: bool,
    /// Keep diacritics.
    #[arg(long)]
    no_diacritics: bool,
    /// Remove tatweel (kashida) [default: on]
    #[arg(long, overrides_with = "no_tatweel")]
    tatweel: bool,
    /// Keep tatweel.
    #[arg(long)]
    no_tatweel: bool,
    /// Unify alef forms: أ إ آ ٱ → ا [default: on]
    #[arg(long, overrides_with = "no_alef")]
    alef: bool,
    /// Keep hamza and madda on alef.
    #[arg(long)]
    no_alef: bool,
    /// Alef maqsura → ya: ى → ي [default: on]
    #[arg(long, overrides_with = "no_alef_maqsura")]
    alef_maqsura: bool,
    /// Keep alef maqsura.
    #[arg(long)]
    no_alef_maqsura: bool,
    /// Teh marbuta → heh: ة → ه [default: off]
    #[arg(long, overrides_with = "no_teh_marbuta")]
    teh_marbuta: bool,
    /// Keep teh marbuta.
    #[arg(long)]
    no_teh_marbuta: bool,
    /// Hamza seats: ؤ → و, ئ → ي [default: off]
    #[arg(long, overrides_with = "no_hamza_seats")]
    hamza_seats: bool,
    /// Keep hamza on waw and ya.
    #[arg(long)]
    no_hamza_seats: bool,
    /// Presentation forms (U+FB50–FDFF, U+FE70–FEFF) → base letters [default: on]
    #[arg(long, overrides_with = "no_presentation_forms")]
    presentation_forms: bool,
    /// Keep presentation forms.
    #[arg(long)]
    no_presentation_forms: bool,
    /// Persian/Urdu letters (ک ی ۀ) → Arabic [default: on]
    #[arg(long, overrides_with = "no_persian_letters")]
    persian_letters: bool,
    /// Keep Persian/Urdu letters.
    #[arg(long)]
    no_persian_letters: bool,
    /// Arabic-Indic and Persian digits → ASCII [default: off]
    #[arg(long, overrides_with = "no_digits")]
    digits: bool,
    /// Keep the digits' script.
    #[arg(long)]
    no_digits: bool,
    /// Drop bidi controls and zero-width marks [default: on]
    #[arg(long, overrides_with = "no_invisible")]
    invisible: bool,
    /// Keep invisible marks.
    #[arg(long)]
    no_invisible: bool,
    /// Collapse whitespace runs (to one line break when they hold one) [default: on]
    #[arg(long, overrides_with = "no_whitespace")]
    whitespace: bool,
    /// Keep whitespace as it is.
    #[arg(long)]
    no_whitespace: bool,
}

/// An on/off flag pair over a default (clap's `overrides_with` leaves only the last one set).
fn pick(on: bool, off: bool, default: bool) -> bool {
    if on {
        true
    } else if off {
        false
    } else {
        default
    }
}

impl NormalizeFlags {
    fn options(&self) -> NormalizeOptions {
        let d = NormalizeOptions::default();
        NormalizeOptions {
            diacritics: pick(self.diacritics, self.no_diacritics, d.diacritics),
            tatweel: pick(self.tatweel, self.no_tatweel, d.tatweel),
            alef: pick(self.alef, self.no_alef, d.alef),
            alef_maqsura: pick(self.alef_maqsura, self.no_alef_maqsura, d.alef_maqsura),
            teh_marbuta: pick(self.teh_marbuta, self.no_teh_marbuta, d.teh_marbuta),
            hamza_seats: pick(self.hamza_seats, self.no_hamza_seats, d.hamza_seats),
            presentation_forms: pick(
                self.presentation_forms,
                self.no_presentation_forms,
                d.presentation_forms,
            ),
            persian_letters: pick(self.persian_letters, self.no_persian_letters, d.persian_letters),
            digits: pick(self.digits, self.no_digits, d.digits),
            invisible: pick(self.invisible, self.no_invisible, d.invisible),
            whitespace: pick(self.whitespace, self.no_whitespace, d.whitespace),
        }
    }
}

fn analyze_config(
    input: InputArgs,
    output: OutputArgs,
    view: View,
    format: Option<FormatName>,
) -> AnalyzeConfig {
    AnalyzeConfig {
        inputs: input.files,
        mode: input.input,
        encoding: input.encoding,
        jobs: input.jobs,
        max_bytes: input.max_bytes,
        view,
        format,
        pretty: if output.pretty {
            Some(true)
        } else if output.compact {
            Some(false)
        } else {
            None
        },
        output: output.output,
        out_dir: None,
        translit: None,
        quiet: output.quiet,
    }
}

/// Writes generated text to stdout; a closed pipe is not an error.
fn print(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}

fn finish(result: Result<Report, RunError>) -> ExitCode {
    match result {
        Ok(report) => ExitCode::from(report.exit_code() as u8),
        Err(RunError::Usage(msg)) => {
            warn(&msg);
            ExitCode::from(2)
        }
        Err(RunError::Output(msg)) => {
            warn(&msg);
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An interrupted batch stops between two writes, so the output holds only whole lines.
    let _ = ctrlc::set_handler(|| khabar::output::sink::exit_between_writes(130));
    let run =
        |cfg: AnalyzeConfig, lexicon: Option<PathBuf>| match Analyzer::new(cfg.analyzer_options(lexicon)) {
            Ok(analyzer) => {
                let code = finish(analyze::run(&cfg, &analyzer));
                // The process exits next: freeing the analyzer's tables (thousands of lexicon
                // strings, one by one) would only delay that.
                std::mem::forget(analyzer);
                code
            }
            Err(e) => {
                warn(&format!("{e:#}"));
                ExitCode::from(2)
            }
        };
    match cli.command {
        Command::Analyze { input, output, format, no_tokens, out_dir, extra } => {
            let format = format.map(|f| match f {
                AnalyzeFormat::Json => FormatName::Json,
                AnalyzeFormat::Ndjson => FormatName::Ndjson,
                AnalyzeFormat::Text => FormatName::Text,
                AnalyzeFormat::Conll => FormatName::Conll,
                AnalyzeFormat::Html => FormatName::Html,
            });
            let mut cfg = analyze_config(input, output, View::Analysis { tokens: !no_tokens }, format);
            cfg.out_dir = out_dir;
            cfg.translit = extra.translit.translit;
            run(cfg, extra.lexicon)
        }
        Command::Tokenize { input, output, format, translit } => {
            let format = format.map(|f| match f {
                TokenizeFormat::Json => FormatName::Json,
                TokenizeFormat::Ndjson => FormatName::Ndjson,
                TokenizeFormat::Text => FormatName::Text,
                TokenizeFormat::Tsv => FormatName::Tsv,
                TokenizeFormat::Conll => FormatName::Conll,
            });
            let mut cfg = analyze_config(input, output, View::Tokens, format);
            cfg.translit = translit.translit;
            run(cfg, None)
        }
        Command::Entities { input, output, format, extra } => {
            let mut cfg = analyze_config(input, output, View::Entities, format.map(table_format));
            cfg.translit = extra.translit.translit;
            run(cfg, extra.lexicon)
        }
        Command::Claims { input, output, format, top, extra } => {
            let mut cfg = analyze_config(input, output, View::Claims { top }, format.map(table_format));
            cfg.translit = extra.translit.translit;
            run(cfg, extra.lexicon)
        }
        Command::Normalize { files, input, encoding, jobs, max_bytes, output, rules } => {
            finish(normalize::run(&NormalizeConfig {
                inputs: files,
                mode: input,
                encoding,
                options: rules.options(),
                jobs,
                max_bytes,
                output,
            }))
        }
        Command::Schema { batch_line } => {
            let schema = if batch_line {
                khabar::output::schema::batch_line()
            } else {
                khabar::output::schema::analysis()
            };
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            print(text.as_bytes())
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "khabar", &mut buf);
            print(&buf)
        }
        Command::Eval(command) => finish_eval(command.run()),
        Command::Train(command) => finish_eval(command.run()),
        Command::Man { command } => {
            let cli = Cli::command();
            let man = match &command {
                None => clap_mangen::Man::new(cli),
                Some(name) => match cli.find_subcommand(name) {
                    Some(sub) => clap_mangen::Man::new(sub.clone()).title(format!("khabar-{name}")),
                    None => {
                        warn(&format!("no command named {name:?} (see khabar --help)"));
                        return ExitCode::from(2);
                    }
                },
            };
            let mut buf = Vec::new();
            match man.render(&mut buf) {
                Ok(()) => print(&buf),
                Err(e) => {
                    warn(&format!("cannot render the man page: {e}"));
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn table_format(f: TableFormat) -> FormatName {
    match f {
        TableFormat::Json => FormatName::Json,
        TableFormat::Ndjson => FormatName::Ndjson,
        TableFormat::Tsv => FormatName::Tsv,
        TableFormat::Text => FormatName::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flag_pairs_fall_back_to_the_library_defaults() {
        let cli = Cli::parse_from(["khabar", "normalize", "--teh-marbuta", "--no-diacritics"]);
        let Command::Normalize { rules, .. } = cli.command else { panic!("parsed another command") };
        let o = rules.options();
        assert!(o.teh_marbuta && !o.diacritics);
        assert_eq!(o.alef, NormalizeOptions::default().alef);
    }
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Tokens, Words and Sentences F1 against a UD CoNLL-U file (CoNLL 2018 definitions).
    #[command(after_help = "Example:\n  khabar eval tokens --gold ../shared/data/pud/ar_pud-dev.conllu")]
    Tokens {
        #[arg(long)]
        gold: PathBuf,
        /// Print the report as JSON.
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
        /// Skip-gram clusters the model was trained with; the embedded ones by default.
        #[arg(long)]
        sgns_clusters: Option<PathBuf>,
        /// Score only this final fraction of the sentences (the --holdout dev split).
        #[arg(long)]
        last: Option<f64>,
        /// Propagate confident names from up to N neighbouring sentences (0 = each sentence alone).
        #[arg(long, default_value_t = 0)]
        context: usize,
        #[arg(long)]
        json: bool,
    },
    /// Claims against a gold JSONL file (the layout of ../shared/data/claims): detection P/R/F1,
    /// kind and speaker accuracy, quote F1.
    #[command(after_help = "Example:\n  khabar eval claims --gold ../shared/data/claims/dev.jsonl")]
    Claims {
        #[arg(long)]
        gold: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl EvalCommand {
    fn run(self) -> anyhow::Result<()> {
        match self {
            EvalCommand::Tokens { gold, json, errors } => {
                let options = khabar::eval::tokens::EvalOptions { max_errors: errors, ..Default::default() };
                let report = khabar::eval::tokens::evaluate(&gold, &options)?;
                print_report(&report, json)
            }
            e @ EvalCommand::Ner { .. } => run_ner(NerCommand::Eval(e)),
            EvalCommand::Claims { gold, json } => {
                print_report(&khabar::eval::claims::eval_claims(&gold)?, json)
            }
        }
    }
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The word-frequency lexicon used by clitic segmentation (src/resources/wordfreq.bin).
    Wordfreq {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 3)]
        min_count: u64,
        /// Plain-text or NDJSON corpora (.gz accepted where the builder supports it).
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
        /// Skip-gram clusters (`train clusters --sgns`); the embedded ones by default.
        #[arg(long)]
        sgns_clusters: Option<PathBuf>,
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
        /// Cluster skip-gram word vectors instead of context-count vectors.
        #[arg(long)]
        sgns: bool,
    },
    /// The geographic entity lexicon (src/resources/lexicon-geo.odbl.tsv) from the gazetteers folder.
    #[command(
        after_help = "Example:\n  khabar train lexicon --gazetteers ../shared/data/gazetteers --out src/resources/lexicon-geo.odbl.tsv"
    )]
    Lexicon {
        #[arg(long)]
        gazetteers: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

impl TrainCommand {
    fn run(self) -> anyhow::Result<()> {
        match self {
            TrainCommand::Wordfreq { out, min_count, inputs } => {
                let paths: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
                let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
                let report = khabar::text::lexicon::build(&paths, min_count, &mut file)?;
                eprintln!("{}", serde_json::to_string(&report)?);
                Ok(())
            }
            t @ (TrainCommand::Ner { .. } | TrainCommand::Clusters { .. }) => run_ner(NerCommand::Train(t)),
            TrainCommand::Lexicon { gazetteers, out } => {
                let report = khabar::entities::derive::train_lexicon(&gazetteers, &out)?;
                eprintln!("{report:?}");
                Ok(())
            }
        }
    }
}

/// Prints an evaluation report as text (its Display) or JSON.
fn print_report<R: std::fmt::Display + serde::Serialize>(report: &R, json: bool) -> anyhow::Result<()> {
    let text = if json { serde_json::to_string_pretty(report)? + "\n" } else { report.to_string() };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Exit status of `eval` and `train`: 0, or 1 with the error on stderr.
fn finish_eval(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}

fn run_ner(command: NerCommand) -> anyhow::Result<()> {
    use khabar::ner::{clusters, commands, train};
    match command {
        NerCommand::Train(TrainCommand::Ner {
            train,
            dev,
            holdout,
            lexicon,
            sgns_clusters,
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
                sgns: sgns_clusters,
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
            sgns,
        }) => {
            let src = clusters::Sources { text, jsonl, conll };
            let opts = clusters::ClusterOptions { seed, ppmi, sgns, ..Default::default() };
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
        NerCommand::Eval(EvalCommand::Ner { gold, model, lexicon, sgns_clusters, last, context, json }) => {
            let r = commands::eval_ner(
                &gold,
                model.as_deref(),
                lexicon.as_deref(),
                sgns_clusters.as_deref(),
                last,
                context,
            )?;
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
