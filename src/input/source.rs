//! Where articles come from: file arguments (with globs), stdin, and NDJSON streams. Each yields
//! [`Item`]s lazily, one article at a time, so that a batch never holds more than the chunk being
//! analyzed; a file or line that cannot be read becomes an item carrying its error, so that every
//! input gets exactly one output line.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use serde_json::Value;

use crate::input::decode::DecodeError;
use crate::input::record::{self, RecordError};

/// What an output line says about where its article came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Label {
    /// File path, or `-` for stdin; `None` for NDJSON records read from stdin.
    pub source: Option<String>,
    /// 1-based line number of an NDJSON record.
    pub line: Option<u64>,
    /// The record's `id`.
    pub id: Option<Value>,
}

impl fmt::Display for Label {
    /// `file`, `file:12`, `<stdin>`, `<stdin>:12` — the prefix of stderr messages, in the
    /// `file:line:` convention editors and compilers use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source.as_deref() {
            None | Some("-") => f.write_str("<stdin>")?,
            Some(s) => f.write_str(s)?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// Why one input produced no analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// The file could not be opened or read (missing, a directory, no permission, I/O error).
    Read(String),
    /// A glob that matched no file.
    NoMatch,
    /// More bytes than `--max-bytes`.
    TooLarge {
        limit: u64,
        size: Option<u64>,
    },
    Decode(DecodeError),
    Record(RecordError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Read(e) => write!(f, "cannot read: {e}"),
            InputError::NoMatch => f.write_str("no file matches this pattern"),
            InputError::TooLarge { limit, size: Some(size) } => {
                write!(f, "article too large: {size} bytes, over --max-bytes {limit}")
            }
            InputError::TooLarge { limit, size: None } => {
                write!(f, "article too large: over --max-bytes {limit}")
            }
            InputError::Decode(e) => e.fmt(f),
            InputError::Record(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

impl From<DecodeError> for InputError {
    fn from(e: DecodeError) -> Self {
        InputError::Decode(e)
    }
}

impl From<RecordError> for InputError {
    fn from(e: RecordError) -> Self {
        InputError::Record(e)
    }
}

/// An I/O error as a short message: the OS text without the ` (os error N)` suffix.
fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The raw material of one article, before decoding or parsing (both happen on worker threads).
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// A whole file (or stdin) to decode.
    Text(Vec<u8>),
    /// One NDJSON line, without its `\n`.
    Record(Vec<u8>),
}

/// One input: its label and its bytes, or why they could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub label: Label,
    pub payload: Result<Payload, InputError>,
}

impl Item {
    /// Bytes held, for bounding the size of a batch chunk.
    pub fn weight(&self) -> usize {
        match &self.payload {
            Ok(Payload::Text(b)) | Ok(Payload::Record(b)) => b.len(),
            Err(_) => 0,
        }
    }
}

/// A command-line input after glob expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Stdin,
    Path(String),
    /// A pattern that matched nothing (or was malformed), kept so that it yields an error line.
    Unmatched(String),
}

/// Whether an argument is a glob pattern rather than a file name.
pub fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// Expands the arguments in order: `-` is stdin, an existing path is taken literally (even if it
/// contains glob characters), a pattern expands to its matches in sorted order. Shells usually
/// expand globs already; this serves quoted patterns and shells that do not (Windows).
pub fn expand(args: &[String]) -> Vec<Arg> {
    if args.is_empty() {
        return vec![Arg::Stdin];
    }
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Arg::Stdin);
        } else if !is_pattern(a) || std::path::Path::new(a).exists() {
            out.push(Arg::Path(a.clone()));
        } else {
            let mut matched: Vec<String> = match glob::glob(a) {
                Ok(paths) => paths.filter_map(Result::ok).map(|p| p.to_string_lossy().into_owned()).collect(),
                Err(_) => Vec::new(),
            };
            if matched.is_empty() {
                out.push(Arg::Unmatched(a.clone()));
            } else {
                matched.sort();
                out.extend(matched.into_iter().map(Arg::Path));
            }
        }
    }
    out
}

fn label_of(arg: &Arg) -> Label {
    let source = match arg {
        Arg::Stdin => "-".to_owned(),
        Arg::Path(p) | Arg::Unmatched(p) => p.clone(),
    };
    Label { source: Some(source), ..Label::default() }
}

/// Reads at most `limit` bytes; more is [`InputError::TooLarge`] (without reading the rest).
pub fn read_limited(reader: impl Read, limit: u64, size_hint: Option<u64>) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::with_capacity(size_hint.unwrap_or(0).min(limit) as usize);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| InputError::Read(io_message(&e)))?;
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge { limit, size: size_hint });
    }
    Ok(buf)
}

/// Opens a file argument for reading; a directory is an error here rather than an `EISDIR` on
/// the first read, and the size is returned for the `--max-bytes` check.
fn open(path: &str) -> Result<(File, u64), InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::Read(io_message(&e)))?;
    if meta.is_dir() {
        return Err(InputError::Read("is a directory".to_owned()));
    }
    let file = File::open(path).map_err(|e| InputError::Read(io_message(&e)))?;
    Ok((file, meta.len()))
}

fn read_whole(arg: &Arg, limit: u64) -> Result<Vec<u8>, InputError> {
    match arg {
        Arg::Stdin => read_limited(io::stdin().lock(), limit, None),
        Arg::Unmatched(_) => Err(InputError::NoMatch),
        Arg::Path(p) => {
            let (file, len) = open(p)?;
            // Regular files report their size up front; pipes and devices report 0 and are
            // bounded while reading.
            if len > limit {
                return Err(InputError::TooLarge { limit, size: Some(len) });
            }
            read_limited(file, limit, Some(len))
        }
    }
}

/// Each argument is one article (`--input text`).
pub struct TextItems {
    args: std::vec::IntoIter<Arg>,
    limit: u64,
}

impl TextItems {
    pub fn new(args: Vec<Arg>, max_bytes: u64) -> TextItems {
        TextItems { args: args.into_iter(), limit: max_bytes }
    }
}

impl Iterator for TextItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let arg = self.args.next()?;
        let payload = read_whole(&arg, self.limit).map(Payload::Text);
        Some(Item { label: label_of(&arg), payload })
    }

    /// Exact: one item per argument ([`crate::input::batch::run`] reads a lone item on the
    /// calling thread).
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.args.size_hint()
    }
}

/// What [`read_line_limited`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRead {
    Eof,
    Line,
    /// The line was longer than the limit; it was skipped up to its end. Holds its length.
    TooLong(u64),
}

/// Reads one line (without `\n`) into `buf`, holding at most `limit` bytes: a longer line is
/// consumed and dropped, so one 1 GB line costs no more memory than a short one.
pub fn read_line_limited(r: &mut impl BufRead, limit: usize, buf: &mut Vec<u8>) -> io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (part, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        total += part.len() as u64;
        if !too_long {
            if buf.len() + part.len() > limit {
                too_long = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(part);
            }
        }
        r.consume(used);
        if done {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => LineRead::Eof,
        (true, true) => LineRead::TooLong(total),
        (true, false) => LineRead::Line,
    })
}

/// Each line of each argument is one article (`--input ndjson`).
pub struct NdjsonItems {
    args: std::vec::IntoIter<Arg>,
    limit: u64,
    current: Option<(Box<dyn BufRead + Send>, Option<String>, u64)>,
}

impl NdjsonItems {
    pub fn new(args: Vec<Arg>, max_bytes: u64) -> NdjsonItems {
        NdjsonItems { args: args.into_iter(), limit: max_bytes, current: None }
    }
}

impl Iterator for NdjsonItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            let Some((reader, source, line_no)) = &mut self.current else {
                let arg = self.args.next()?;
                let opened: Result<Box<dyn BufRead + Send>, InputError> = match &arg {
                    Arg::Stdin => Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin()))),
                    Arg::Unmatched(_) => Err(InputError::NoMatch),
                    Arg::Path(p) => open(p).map(|(f, _)| Box::new(BufReader::with_capacity(1 << 16, f)) as _),
                };
                match opened {
                    Ok(r) => {
                        let source = match arg {
                            Arg::Path(p) => Some(p),
                            _ => None,
                        };
                        self.current = Some((r, source, 0));
                        continue;
                    }
                    Err(e) => return Some(Item { label: label_of(&arg), payload: Err(e) }),
                }
            };
            *line_no += 1;
            let label = Label { source: source.clone(), line: Some(*line_no), id: None };
            let mut buf = Vec::new();
            let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
            match read_line_limited(reader, limit, &mut buf) {
                Ok(LineRead::Eof) => self.current = None,
                Ok(LineRead::Line) if record::is_blank(&buf) => {}
                Ok(LineRead::Line) => return Some(Item { label, payload: Ok(Payload::Record(buf)) }),
                Ok(LineRead::TooLong(size)) => {
                    let payload = Err(InputError::TooLarge { limit: self.limit, size: Some(size) });
                    return Some(Item { label, payload });
                }
                Err(e) => {
                    self.current = None;
                    return Some(Item { label, payload: Err(InputError::Read(io_message(&e))) });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_without_being_held() {
        let data = b"short\nthis line is long\n\nlast";
        let mut r = &data[..];
        let mut buf = Vec::new();
        assert_eq!(read_line_limited(&mut r, 8, &mut buf).unwrap(), LineRead::Line);
        assert_eq!(buf, b"short");
        assert_eq!(read_line_limited(&mut r, 8, &mut buf).unwrap(), LineRead::TooLong(17));
        assert!(buf.capacity() <= 8);
        assert_eq!(read_line_limited(&mut r, 8, &mut buf).unwrap(), LineRead::Line);
        assert_eq!(buf, b"");
        assert_eq!(read_line_limited(&mut r, 8, &mut buf).unwrap(), LineRead::Line);
        assert_eq!(buf, b"last");
        assert_eq!(read_line_limited(&mut r, 8, &mut buf).unwrap(), LineRead::Eof);
    }

    #[test]
    fn limit_applies_to_whole_reads() {
        assert_eq!(read_limited(&b"abcd"[..], 4, None).unwrap(), b"abcd");
        assert!(matches!(read_limited(&b"abcde"[..], 4, None), Err(InputError::TooLarge { .. })));
    }

    #[test]
    fn labels_read_like_compiler_locations() {
        let l = Label { source: Some("a.ndjson".into()), line: Some(3), id: None };
        assert_eq!(l.to_string(), "a.ndjson:3");
        assert_eq!(Label { source: None, line: Some(2), id: None }.to_string(), "<stdin>:2");
    }

    #[test]
    fn literal_names_win_over_patterns() {
        assert_eq!(expand(&[]), vec![Arg::Stdin]);
        assert_eq!(expand(&["-".into(), "x.txt".into()]), vec![Arg::Stdin, Arg::Path("x.txt".into())]);
        assert_eq!(expand(&["/nonexistent/*.txt".into()]), vec![Arg::Unmatched("/nonexistent/*.txt".into())]);
    }
}
