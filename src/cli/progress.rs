//! A progress bar for long batches: on stderr, only when stderr is a terminal (never in logs or
//! pipes), and only once a batch has run for a second (short runs stay silent).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const DELAY: Duration = Duration::from_secs(1);

pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    bar: Option<ProgressBar>,
    start: Instant,
    last_message: Instant,
    count: u64,
    bytes: u64,
    errors: u64,
}

impl Progress {
    /// `wanted`: a batch without `--quiet`. `total`: number of inputs when known (files).
    pub fn new(wanted: bool, total: Option<u64>) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            total,
            bar: None,
            start: now,
            last_message: now,
            count: 0,
            bytes: 0,
            errors: 0,
        }
    }

    fn make_bar(&self) -> ProgressBar {
        let (bar, template) = match self.total {
            Some(n) => (ProgressBar::new(n), "{bar:30} {pos}/{len} articles  {msg}  [{elapsed}, ETA {eta}]"),
            None => (ProgressBar::new_spinner(), "{spinner} {pos} articles  {msg}  [{elapsed}]"),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_position(self.count);
        bar
    }

    /// Counts one finished input.
    pub fn advance(&mut self, input_bytes: usize, failed: bool) {
        self.count += 1;
        self.bytes += input_bytes as u64;
        self.errors += u64::from(failed);
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.bar.is_none() && now.duration_since(self.start) >= DELAY {
            self.bar = Some(self.make_bar());
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.count);
            if now.duration_since(self.last_message) >= Duration::from_millis(200) {
                self.last_message = now;
                let secs = now.duration_since(self.start).as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{:.0} articles/s  {:.1} MB/s  {} errors",
                    self.count as f64 / secs,
                    self.bytes as f64 / 1e6 / secs,
                    self.errors
                ));
            }
        }
    }

    /// Runs `f` (a stderr message) without tearing the bar.
    pub fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
