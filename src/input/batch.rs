//! Ordered parallel processing with bounded memory.
//!
//! A reader thread pulls items from the source and hands them over a channel; the main thread
//! takes whatever has arrived (at least one item, at most one chunk), maps the chunk on a rayon
//! pool of `jobs` threads, and hands the results to the writer in input order. So reading overlaps
//! the analysis, a slow producer (`tail -f | khabar …`) sees each result as soon as its chunk is
//! done instead of waiting for a full chunk, and the output does not depend on `jobs` because every
//! item is processed independently and written in order.
//!
//! Memory is bounded by a byte budget on the items in flight (read but not yet written): the
//! reader waits when it is spent, whatever the size of the archive.

use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

/// How large a chunk may grow before it is processed.
#[derive(Clone, Copy, Debug)]
pub struct ChunkLimits {
    pub items: usize,
    pub bytes: usize,
}

impl ChunkLimits {
    /// Enough items per thread that the idle tail at the end of a chunk is small (a few
    /// percent), and few enough bytes that a chunk's results (JSON is ~10× the input with tokens)
    /// stay in the tens of megabytes.
    pub fn for_jobs(jobs: usize) -> ChunkLimits {
        ChunkLimits { items: 32 * jobs.max(1), bytes: 4 << 20 }
    }
}

/// Something with a size in bytes, to bound chunks.
pub trait Weighed {
    fn weight(&self) -> usize;
}

impl Weighed for crate::input::source::Item {
    fn weight(&self) -> usize {
        crate::input::source::Item::weight(self)
    }
}

/// Bytes the reader may have in flight.
struct Budget {
    state: Mutex<(usize, bool)>,
    freed: Condvar,
    limit: usize,
}

impl Budget {
    /// Waits until `w` bytes fit (an item larger than the whole budget passes alone). Returns
    /// false once the consumer has gone.
    fn acquire(&self, w: usize) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !st.1 && st.0 > 0 && st.0 + w > self.limit {
            st = self.freed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        st.0 += w;
        !st.1
    }

    fn release(&self, w: usize) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.0 = st.0.saturating_sub(w);
        self.freed.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).1 = true;
        self.freed.notify_all();
    }
}

/// Maps `work` over `items` on `jobs` threads and calls `emit` with each result in input order.
/// Stops at the first error `emit` returns (a closed pipe) and returns it; the reader thread is
/// then left to end on its own (it may be blocked on a terminal or a pipe).
pub fn run<I, T, R, E, W, F>(
    items: I,
    jobs: usize,
    limits: ChunkLimits,
    work: W,
    mut emit: F,
) -> Result<(), E>
where
    I: Iterator<Item = T> + Send + 'static,
    T: Weighed + Send + 'static,
    R: Send,
    W: Fn(T) -> R + Sync + Send,
    F: FnMut(R) -> Result<(), E>,
{
    // Without threads (resource limits) the batch still runs, sequentially.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build().ok();
    let budget = Arc::new(Budget {
        state: Mutex::new((0, false)),
        freed: Condvar::new(),
        limit: limits.bytes.saturating_mul(2),
    });
    let (tx, rx) = mpsc::sync_channel::<T>(limits.items.saturating_mul(2).max(1));
    let reader_budget = Arc::clone(&budget);
    // Shared so that the items can be taken back if the reader thread cannot start.
    let shared = Arc::new(Mutex::new(Some(items)));
    let reader_items = Arc::clone(&shared);
    let reader = std::thread::Builder::new().name("khabar-reader".into()).spawn(move || {
        let Some(items) = reader_items.lock().unwrap_or_else(|p| p.into_inner()).take() else { return };
        for item in items {
            if !reader_budget.acquire(item.weight()) || tx.send(item).is_err() {
                break;
            }
        }
    });
    if reader.is_err() {
        // No thread for reading (resource limits): process everything here, one at a time.
        let items = shared.lock().unwrap_or_else(|p| p.into_inner()).take();
        for item in items.into_iter().flatten() {
            emit(work(item))?;
        }
        return Ok(());
    }
    let result = (|| {
        while let Ok(first) = rx.recv() {
            let mut bytes = first.weight();
            let mut chunk = vec![first];
            while chunk.len() < limits.items && bytes < limits.bytes {
                match rx.try_recv() {
                    Ok(item) => {
                        bytes += item.weight();
                        chunk.push(item);
                    }
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                }
            }
            let results: Vec<R> = match &pool {
                Some(p) => p.install(|| chunk.into_par_iter().map(&work).collect()),
                None => chunk.into_iter().map(&work).collect(),
            };
            budget.release(bytes);
            for r in results {
                emit(r)?;
            }
        }
        Ok(())
    })();
    budget.close();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weighed for u32 {
        fn weight(&self) -> usize {
            *self as usize
        }
    }

    fn collect(jobs: usize, limits: ChunkLimits) -> Vec<u64> {
        let mut out = Vec::new();
        let r: Result<(), ()> = run(
            0..1000u32,
            jobs,
            limits,
            |x| {
                // Uneven work so that threads finish out of order.
                let spins = (x % 7) * 1000;
                (0..spins).fold(u64::from(x), |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b))) % 2
                    + u64::from(x) * 2
            },
            |r| {
                out.push(r);
                Ok(())
            },
        );
        assert!(r.is_ok());
        out
    }

    #[test]
    fn output_order_and_content_do_not_depend_on_jobs() {
        let one = collect(1, ChunkLimits { items: 10, bytes: 1 << 20 });
        assert_eq!(one.len(), 1000);
        assert!(one.iter().enumerate().all(|(i, &v)| v / 2 == i as u64));
        assert_eq!(one, collect(2, ChunkLimits { items: 10, bytes: 1 << 20 }));
        assert_eq!(one, collect(4, ChunkLimits { items: 3, bytes: 50 }));
    }

    #[test]
    fn stops_at_the_first_emit_error() {
        let mut seen = 0;
        let r = run(
            0..100u32,
            2,
            ChunkLimits { items: 8, bytes: 1 << 20 },
            |x| x,
            |_| {
                seen += 1;
                if seen == 5 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(r, Err("closed"));
        assert_eq!(seen, 5);
    }
}
