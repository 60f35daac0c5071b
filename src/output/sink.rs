//! Where output goes (stdout or `-o FILE`), written whole lines at a time.
//!
//! Every write holds [`WRITE_LOCK`] for the whole buffer it writes (one or more complete lines), and
//! [`exit_between_writes`] takes the same lock before exiting. An interrupt (SIGINT) handled that
//! way therefore never leaves half a line behind for the next program in the pipeline.

use std::fs::File;
use std::io::{self, Write};
use std::sync::Mutex;

static WRITE_LOCK: Mutex<()> = Mutex::new(());

/// The output stream.
pub struct Sink {
    out: Box<dyn Write + Send>,
}

impl Sink {
    pub fn stdout() -> Sink {
        Sink { out: Box::new(io::stdout()) }
    }

    /// Creates (or truncates) `path`. Unbuffered on purpose: each write is already a large buffer
    /// of whole lines.
    pub fn file(path: &std::path::Path) -> io::Result<Sink> {
        Ok(Sink { out: Box::new(File::create(path)?) })
    }

    /// Writes `buf` (whole lines) and flushes it, so that a reader downstream sees each article
    /// as soon as it is done.
    pub fn write_lines(&mut self, buf: &[u8]) -> io::Result<()> {
        if buf.is_empty() {
            return Ok(());
        }
        let _guard = WRITE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        self.out.write_all(buf)?;
        self.out.flush()
    }
}

/// Exits the process once no write is in progress (the SIGINT handler calls this). A write
/// blocked for good (the reader downstream stopped reading) must not make the interrupt
/// ineffective, so after two seconds it exits regardless.
pub fn exit_between_writes(code: i32) -> ! {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match WRITE_LOCK.try_lock() {
            Ok(_guard) => std::process::exit(code),
            Err(std::sync::TryLockError::Poisoned(_guard)) => std::process::exit(code),
            Err(std::sync::TryLockError::WouldBlock) if std::time::Instant::now() >= deadline => {
                std::process::exit(code)
            }
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
        }
    }
}

/// Whether an error means the reader went away (`khabar … | head -1`): not worth a message.
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}
