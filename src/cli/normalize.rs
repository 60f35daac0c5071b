//! `normalize`: streams normalized text, a block at a time, so that a file of any size passes
//! through in constant memory; with `--input ndjson` it normalizes the `text` of each record.
//!
//! Streaming works because every normalization rule is local to a character except whitespace
//! collapsing, and a whitespace run that crosses a line break always becomes one line break: so
//! each line is normalized on its own and non-empty lines are joined by `\n`. The result is the
//! normalized text of the whole input followed by a final newline.

use std::io::{self, BufReader, Read};
use std::path::PathBuf;

use encoding_rs::DecoderResult;
use serde::Serialize;

use crate::cli::{InputMode, Report, RunError, resolve_jobs, warn};
use crate::input::batch::{self, ChunkLimits};
use crate::input::decode::{DecodeError, Encoding, looks_binary};
use crate::input::record;
use crate::input::source::{self, Arg, InputError, Item, NdjsonItems, Payload};
use crate::output::sink::{Sink, is_broken_pipe};
use crate::output::{Failure, json};
use crate::text::normalize::{NormalizeOptions, OffsetMap, normalize_into, normalize_str};

const BLOCK: usize = 1 << 18;

/// The default `--max-bytes` of `normalize`: it streams in linear time, so only memory bounds it.
pub const NORMALIZE_MAX_BYTES: u64 = 64 << 20;

#[derive(Clone, Debug)]
pub struct NormalizeConfig {
    pub inputs: Vec<String>,
    pub mode: InputMode,
    pub encoding: Option<Encoding>,
    pub options: NormalizeOptions,
    pub jobs: usize,
    /// Longest line (text mode) or record (NDJSON) accepted.
    pub max_bytes: u64,
    pub output: Option<PathBuf>,
}

/// Why one input stopped.
enum StreamError {
    Input(InputError),
    Output(io::Error),
}

impl From<InputError> for StreamError {
    fn from(e: InputError) -> Self {
        StreamError::Input(e)
    }
}

/// Normalizes line by line; see the module comment for why this equals normalizing the whole.
pub struct LineNormalizer<'o> {
    options: &'o NormalizeOptions,
    wrote_line: bool,
    /// The current line normalized, and its offset map: reused from line to line.
    scratch: String,
    map: OffsetMap,
}

impl<'o> LineNormalizer<'o> {
    pub fn new(options: &'o NormalizeOptions) -> Self {
        LineNormalizer { options, wrote_line: false, scratch: String::new(), map: OffsetMap::default() }
    }

    /// Normalizes one line (without its `\n`); `ended` says whether a `\n` followed it.
    pub fn line(&mut self, line: &str, ended: bool, out: &mut String) {
        normalize_into(line, self.options, &mut self.scratch, &mut self.map);
        let n = &self.scratch;
        if self.options.whitespace {
            if !n.is_empty() {
                if self.wrote_line {
                    out.push('\n');
                }
                out.push_str(n);
                self.wrote_line = true;
            }
        } else {
            out.push_str(n);
            if ended {
                out.push('\n');
            }
        }
    }

    /// Ends the text with a newline (whitespace collapsing drops the original last one).
    pub fn finish(&mut self, out: &mut String) {
        if self.options.whitespace && self.wrote_line {
            out.push('\n');
        }
    }
}

/// Reads until `buf` holds `want` bytes or the input ends, straight into `buf`'s spare capacity
/// (`read_to_end` does not zero it first, as resizing would).
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> Result<(), InputError> {
    let missing = want.saturating_sub(buf.len()) as u64;
    match reader.take(missing).read_to_end(buf) {
        Ok(_) => Ok(()),
        Err(e) => Err(InputError::Read(e.to_string())),
    }
}

/// Whether `bytes` is UTF-8 apart from a sequence cut at the end of the block. encoding_rs's
/// validator does the bulk (std's `from_utf8` takes about ten instructions a byte on Arabic);
/// std judges only the few bytes after the first error.
fn utf8_prefix_ok(bytes: &[u8]) -> bool {
    let valid = encoding_rs::Encoding::utf8_valid_up_to(bytes);
    match std::str::from_utf8(bytes.get(valid..).unwrap_or_default()) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Decodes `reader` block by block and writes its normalized lines to `sink`.
fn stream(
    mut reader: impl Read,
    forced: Option<Encoding>,
    options: &NormalizeOptions,
    max_line: usize,
    sink: &mut Sink,
) -> Result<(), StreamError> {
    let mut block = Vec::with_capacity(BLOCK);
    fill(&mut reader, &mut block, BLOCK)?;
    if block.is_empty() {
        return Err(DecodeError::Empty.into_stream());
    }
    let bom = [
        (b"\xEF\xBB\xBF".as_slice(), Encoding::Utf8),
        (b"\xFF\xFE", Encoding::Utf16Le),
        (b"\xFE\xFF", Encoding::Utf16Be),
    ]
    .into_iter()
    .find(|(b, _)| block.starts_with(b));
    let encoding = match (forced, bom) {
        (Some(f), _) => f,
        (None, Some((_, e))) => e,
        (None, None) if utf8_prefix_ok(&block) => Encoding::Utf8,
        (None, None) => Encoding::Windows1256,
    };
    let utf16 = matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    let skip = match bom {
        Some((b, e)) if e == encoding => b.len(),
        _ => 0,
    };
    let codec = match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1256 => encoding_rs::WINDOWS_1256,
    };
    let mut decoder = codec.new_decoder_without_bom_handling();
    let mut lines = LineNormalizer::new(options);
    let mut pending = String::new();
    let mut out = String::new();
    let mut consumed: usize = 0;
    let mut first = true;
    let mut start = skip;
    loop {
        let last = block.len() < BLOCK;
        let src = &block[start..];
        if !utf16 && src.contains(&0) {
            return Err(DecodeError::Binary.into_stream());
        }
        let before = pending.len();
        pending
            .reserve(decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3));
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut pending, last);
        if let DecoderResult::Malformed(bad, extra) = result {
            let offset = (consumed + start + read).saturating_sub(bad as usize + extra as usize);
            let e = match encoding {
                _ if utf16 && last && (consumed + block.len() - skip) % 2 == 1 => DecodeError::TruncatedUtf16,
                Encoding::Utf8 => DecodeError::InvalidUtf8 { offset },
                _ => DecodeError::InvalidUtf16,
            };
            return Err(e.into_stream());
        }
        if first && looks_binary(&pending[before..]) {
            return Err(DecodeError::Binary.into_stream());
        }
        first = false;
        // Normalize every complete line; keep the unfinished one for the next block.
        if let Some(nl) = pending.rfind('\n') {
            for l in pending[..nl].split('\n') {
                lines.line(l, true, &mut out);
            }
            pending.drain(..=nl);
        }
        if pending.len() > max_line {
            return Err(InputError::TooLarge { limit: max_line as u64, size: None }.into());
        }
        if last {
            if !pending.is_empty() {
                lines.line(&pending, false, &mut out);
            }
            lines.finish(&mut out);
        }
        sink.write_lines(out.as_bytes()).map_err(StreamError::Output)?;
        out.clear();
        if last {
            return Ok(());
        }
        consumed += block.len();
        block.clear();
        start = 0;
        fill(&mut reader, &mut block, BLOCK)?;
    }
}

impl DecodeError {
    fn into_stream(self) -> StreamError {
        StreamError::Input(InputError::Decode(self))
    }
}

#[derive(Serialize)]
struct NormalizedRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    text: String,
}

/// Runs `normalize`.
pub fn run(cfg: &NormalizeConfig) -> Result<Report, RunError> {
    if cfg.mode == InputMode::Html {
        return Err(RunError::Usage(
            "--input html applies to analyze, tokenize, entities and claims (try `khabar tokenize --input html -f text`)"
                .into(),
        ));
    }
    if cfg.mode == InputMode::Ndjson && cfg.encoding.is_some_and(|e| e != Encoding::Utf8) {
        return Err(RunError::Usage("--encoding applies to --input text; NDJSON is always UTF-8".into()));
    }
    let mut sink = match &cfg.output {
        Some(p) => {
            Sink::file(p).map_err(|e| RunError::Output(format!("{}: cannot create: {e}", p.display())))?
        }
        None => Sink::stdout(),
    };
    let args = source::expand(&cfg.inputs);
    let mut report = Report::default();
    match cfg.mode {
        InputMode::Text | InputMode::Html => {
            let max_line = usize::try_from(cfg.max_bytes).unwrap_or(usize::MAX);
            for arg in args {
                report.inputs += 1;
                let name = match &arg {
                    Arg::Stdin => "<stdin>".to_owned(),
                    Arg::Path(p) | Arg::Unmatched(p) => p.clone(),
                };
                let result = match &arg {
                    Arg::Stdin => stream(io::stdin().lock(), cfg.encoding, &cfg.options, max_line, &mut sink),
                    Arg::Unmatched(_) => Err(StreamError::Input(InputError::NoMatch)),
                    Arg::Path(p) => match std::fs::metadata(p) {
                        Ok(m) if m.is_dir() => {
                            Err(StreamError::Input(InputError::Read("is a directory".into())))
                        }
                        _ => match std::fs::File::open(p) {
                            Ok(f) => {
                                stream(BufReader::new(f), cfg.encoding, &cfg.options, max_line, &mut sink)
                            }
                            Err(e) => Err(StreamError::Input(InputError::Read(e.to_string()))),
                        },
                    },
                };
                match result {
                    Ok(()) => {}
                    Err(StreamError::Input(e)) => {
                        report.failed += 1;
                        warn(&format!("{name}: {e}"));
                    }
                    Err(StreamError::Output(e)) if is_broken_pipe(&e) => {
                        report.closed = true;
                        return Ok(report);
                    }
                    Err(StreamError::Output(e)) => {
                        return Err(RunError::Output(format!("cannot write output: {e}")));
                    }
                }
            }
        }
        InputMode::Ndjson => {
            let jobs = resolve_jobs(cfg.jobs);
            let items = NdjsonItems::new(args, cfg.max_bytes);
            let result = batch::run(
                items,
                jobs,
                ChunkLimits::for_jobs(jobs),
                |item: Item| normalize_record(item, &cfg.options),
                |(bytes, failure): (Vec<u8>, Option<String>)| {
                    report.inputs += 1;
                    if let Some(msg) = failure {
                        report.failed += 1;
                        warn(&msg);
                    }
                    sink.write_lines(&bytes)
                },
            );
            match result {
                Ok(()) => {}
                Err(e) if is_broken_pipe(&e) => report.closed = true,
                Err(e) => return Err(RunError::Output(format!("cannot write output: {e}"))),
            }
        }
    }
    Ok(report)
}

/// One NDJSON record → `{"id", "text"}` with the text normalized, or an error record.
fn normalize_record(item: Item, options: &NormalizeOptions) -> (Vec<u8>, Option<String>) {
    let Item { mut label, payload } = item;
    let mut out = Vec::new();
    let failure = |label, message: String, out: &mut Vec<u8>| {
        let f = Failure { label, message };
        json::write_line(&f.record(), false, out);
        Some(f.to_line())
    };
    let line = match payload {
        Ok(Payload::Record(line)) => line,
        // NDJSON sources yield records only; a whole-file payload would parse as one record.
        Ok(Payload::Text(bytes)) => bytes,
        Err(e) => {
            let msg = failure(label, e.to_string(), &mut out);
            return (out, msg);
        }
    };
    match record::parse(&line) {
        Ok(rec) => {
            json::write_line(
                &NormalizedRecord { id: rec.id.as_ref(), text: normalize_str(&rec.text, options) },
                false,
                &mut out,
            );
            (out, None)
        }
        Err(e) => {
            label.id = record::salvage_id(&line);
            let msg = failure(label, e.to_string(), &mut out);
            (out, msg)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_lines(text: &str, o: &NormalizeOptions) -> String {
        let mut ln = LineNormalizer::new(o);
        let mut out = String::new();
        let parts: Vec<&str> = text.split('\n').collect();
        for (i, l) in parts.iter().enumerate() {
            ln.line(l, i + 1 < parts.len(), &mut out);
        }
        ln.finish(&mut out);
        out
    }

    #[test]
    fn line_by_line_equals_whole_text() {
        let text = "  قالَ الرئيسُ  \r\n\r\n\u{200F}إن المحادثات ستستمر\t.\n\nسوف ";
        for whitespace in [true, false] {
            let o = NormalizeOptions { whitespace, ..NormalizeOptions::default() };
            let whole = normalize_str(text, &o);
            let expected = if whitespace { format!("{whole}\n") } else { whole };
            assert_eq!(by_lines(text, &o), expected, "whitespace={whitespace}");
        }
    }
}
