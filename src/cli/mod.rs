//! What the subcommands do, as library functions taking plain configuration (main.rs only parses
//! arguments and maps the result to an exit code).

pub mod analyze;
pub mod normalize;
pub mod progress;

use std::fmt;
use std::io::Write;

/// How articles are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputMode {
    /// Each file (or stdin) is one article.
    Text,
    /// Each line is a record `{"id": ..., "text": ...}`.
    Ndjson,
    /// Each file is a saved web page; its article paragraphs are analyzed, one per line, and
    /// offsets point into that extracted text.
    Html,
}

/// What a run did, for the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub inputs: u64,
    pub failed: u64,
    /// The reader of stdout went away (`| head`); the run stopped early on purpose.
    pub closed: bool,
}

impl Report {
    /// 0 when every input was analyzed (or the reader closed the pipe), 1 when some failed.
    pub fn exit_code(&self) -> i32 {
        if self.failed > 0 && !self.closed { 1 } else { 0 }
    }
}

/// A run that could not start or could not write.
#[derive(Debug)]
pub enum RunError {
    /// Bad combination of options (exit code 2).
    Usage(String),
    /// The output could not be created or written (exit code 1).
    Output(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(s) | RunError::Output(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for RunError {}

/// Writes one line to stderr, ignoring failure (a closed stderr must not turn into a panic, which
/// `eprintln!` would do).
pub fn warn(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "khabar: {msg}");
}

/// Number of worker threads for `--jobs`: 0 means every core.
pub fn resolve_jobs(jobs: usize) -> usize {
    if jobs > 0 { jobs } else { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) }
}
