//! Ordered parallel processing with bounded memory.
//!
//! A reader thread pulls items from the source and hands them over a channel; `jobs` worker
//! threads each take the next item as soon as they are free, and the main thread writes the
//! results in input order (a small reorder buffer holds the ones that finish early). So reading,
//! analysis and writing overlap, no worker waits for the slowest item of a batch, a slow producer
//! (`tail -f | khabar …`) sees each result as soon as it is done, and the output does not depend
//! on `jobs` because every item is processed independently and written in order. With one job
//! the main thread does the work itself.
//!
//! Memory is bounded by a byte budget on the items in flight (read but not yet written): the
//! reader waits when it is spent, whatever the size of the archive.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How much may be in flight between the reader and the writer.
#[derive(Clone, Copy, Debug)]
pub struct ChunkLimits {
    /// Items waiting in the channel between the reader and the workers.
    pub items: usize,
    /// Half the byte budget of items read but not yet written.
    pub bytes: usize,
}

impl ChunkLimits {
    /// Enough items queued that no worker waits for the reader, and a budget of half a
    /// megabyte of input per job (a few hundred news articles, far more than the workers need to
    /// stay busy while the next result to write is still being analyzed), so that the results
    /// waiting to be written (JSON is 10–15× the input with tokens) stay within a few tens of
    /// megabytes and the peak memory does not depend on the length of the stream.
    pub fn for_jobs(jobs: usize) -> ChunkLimits {
        ChunkLimits { items: 16 * jobs.max(1), bytes: (256 << 10) * jobs.max(1) }
    }
}

/// Something with a size in bytes, to bound what is in flight.
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

/// How often an idle worker looks whether the batch was stopped (it may be waiting on a reader
/// that is blocked on a terminal or a pipe, which nothing can interrupt).
const IDLE_CHECK: Duration = Duration::from_millis(50);

/// Maps `work` over `items` on `jobs` threads and calls `emit` with each result in input order.
/// Stops at the first error `emit` returns (a closed pipe) and returns it; the reader thread is
/// then left to end on its own (it may be blocked on a terminal or a pipe). A panic in `work`
/// reaches the caller once the workers have stopped.
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
    if items.size_hint().1.is_some_and(|n| n <= 1) {
        // One item (`khabar analyze article.txt`): a reader thread would only add its start
        // and join to the wall time.
        return sequential(items, &work, &mut emit);
    }
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
        return sequential(items.into_iter().flatten(), &work, &mut emit);
    }
    let result = if jobs <= 1 {
        inline(&rx, &budget, &work, &mut emit)
    } else {
        parallel(rx, jobs, &budget, &work, &mut emit)
    };
    budget.close();
    result
}

/// One job: the main thread analyzes and writes in turn.
/// Reads, processes and emits every item on the calling thread, one at a time.
fn sequential<T, R, E>(
    items: impl Iterator<Item = T>,
    work: &impl Fn(T) -> R,
    emit: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    items.map(work).try_for_each(emit)
}

fn inline<T: Weighed, R, E>(
    rx: &Receiver<T>,
    budget: &Budget,
    work: &(impl Fn(T) -> R + ?Sized),
    emit: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    while let Ok(item) = rx.recv() {
        let w = item.weight();
        let r = work(item);
        budget.release(w);
        emit(r)?;
    }
    Ok(())
}

/// A worker's result: input position, input bytes, and the result or the panic of `work`.
type Done<R> = (usize, usize, std::thread::Result<R>);

/// Several jobs: workers take items in input order (numbering them as they take them) and send
/// results back; the main thread writes them in order.
fn parallel<T, R, E, W, F>(
    rx: Receiver<T>,
    jobs: usize,
    budget: &Budget,
    work: &W,
    emit: &mut F,
) -> Result<(), E>
where
    T: Weighed + Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    F: FnMut(R) -> Result<(), E>,
{
    let queue = Mutex::new((rx, 0usize));
    let stop = AtomicBool::new(false);
    let (done_tx, done_rx) = mpsc::channel::<Done<R>>();
    let mut panicked = None;
    let result = std::thread::scope(|s| {
        let mut workers = 0;
        for n in 0..jobs {
            let done_tx = done_tx.clone();
            let (queue, stop) = (&queue, &stop);
            let worker = move || {
                while !stop.load(Ordering::Relaxed) {
                    let (seq, item) = {
                        let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
                        match q.0.recv_timeout(IDLE_CHECK) {
                            Ok(item) => {
                                q.1 += 1;
                                (q.1 - 1, item)
                            }
                            Err(RecvTimeoutError::Timeout) => continue,
                            Err(RecvTimeoutError::Disconnected) => break,
                        }
                    };
                    let w = item.weight();
                    let r = catch_unwind(AssertUnwindSafe(|| work(item)));
                    let failed = r.is_err();
                    if done_tx.send((seq, w, r)).is_err() || failed {
                        break;
                    }
                }
            };
            let spawned =
                std::thread::Builder::new().name(format!("khabar-worker-{n}")).spawn_scoped(s, worker);
            workers += usize::from(spawned.is_ok());
        }
        drop(done_tx);
        if workers == 0 {
            // No thread for working (resource limits): the main thread does it all.
            let rx = &queue.lock().unwrap_or_else(|p| p.into_inner()).0;
            return inline(rx, budget, work, emit);
        }
        let mut next = 0;
        let mut pending: BTreeMap<usize, (usize, R)> = BTreeMap::new();
        let result = 'read: loop {
            let Ok((seq, w, r)) = done_rx.recv() else { break Ok(()) };
            match r {
                Ok(r) => {
                    pending.insert(seq, (w, r));
                }
                Err(payload) => {
                    panicked = Some(payload);
                    break Ok(());
                }
            }
            while let Some((w, r)) = pending.remove(&next) {
                next += 1;
                budget.release(w);
                if let Err(e) = emit(r) {
                    break 'read Err(e);
                }
            }
        };
        stop.store(true, Ordering::Relaxed);
        budget.close();
        result
    });
    if let Some(payload) = panicked {
        resume_unwind(payload);
    }
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
    fn a_panic_in_work_reaches_the_caller() {
        for jobs in [1, 2] {
            let r = catch_unwind(|| {
                let _: Result<(), ()> = run(
                    0..100u32,
                    jobs,
                    ChunkLimits { items: 4, bytes: 1 << 20 },
                    |x| {
                        assert!(x != 40, "item 40");
                        x
                    },
                    |_| Ok(()),
                );
            });
            assert!(r.is_err(), "jobs {jobs}");
        }
    }

    #[test]
    fn stops_at_the_first_emit_error() {
        for (jobs, fail_at) in [(2, 5), (1, 3)] {
            let mut seen = 0;
            let r = run(
                0..100u32,
                jobs,
                ChunkLimits { items: 8, bytes: 1 << 20 },
                |x| x,
                |_| {
                    seen += 1;
                    if seen == fail_at { Err("closed") } else { Ok(()) }
                },
            );
            assert_eq!(r, Err("closed"), "jobs {jobs}");
            assert_eq!(seen, fail_at, "jobs {jobs}");
        }
    }
}
