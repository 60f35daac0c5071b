//! Ordered parallel processing with bounded memory.
//!
//! Items are read in chunks (bounded by count and by bytes), each chunk is mapped on a rayon pool
//! of `jobs` threads, and the results are handed to the writer in input order. While one chunk is
//! being analyzed the next one is read, so reading overlaps the work. Memory is at most two chunks
//! of input plus one chunk of results, whatever the size of the archive, and the output does not
//! depend on `jobs` because every item is processed independently and written in order.

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

fn next_chunk<T: Weighed>(items: &mut impl Iterator<Item = T>, limits: ChunkLimits) -> Vec<T> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for item in items.by_ref() {
        bytes += item.weight();
        chunk.push(item);
        if chunk.len() >= limits.items || bytes >= limits.bytes {
            break;
        }
    }
    chunk
}

/// Maps `work` over `items` on `jobs` threads and calls `emit` with each result in input order.
/// Stops at the first error `emit` returns (a closed pipe) and returns it.
pub fn run<T, R, E, W, F>(
    items: impl Iterator<Item = T>,
    jobs: usize,
    limits: ChunkLimits,
    work: W,
    mut emit: F,
) -> Result<(), E>
where
    T: Weighed + Send,
    R: Send,
    W: Fn(T) -> R + Sync + Send,
    F: FnMut(R) -> Result<(), E>,
{
    // Without threads (resource limits) the batch still runs, sequentially.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build().ok();
    let map_chunk = |chunk: Vec<T>| -> Vec<R> {
        match &pool {
            Some(p) => p.install(|| chunk.into_par_iter().map(&work).collect()),
            None => chunk.into_iter().map(&work).collect(),
        }
    };
    let mut items = items;
    let mut chunk = next_chunk(&mut items, limits);
    while !chunk.is_empty() {
        // Analyze this chunk on the pool while this thread reads the next one.
        let (results, next) = std::thread::scope(|s| {
            let handle = s.spawn(|| map_chunk(chunk));
            let next = next_chunk(&mut items, limits);
            (handle.join(), next)
        });
        let results = match results {
            Ok(r) => r,
            // A panic in the analysis is a bug; re-raise it rather than drop articles silently.
            Err(p) => std::panic::resume_unwind(p),
        };
        for r in results {
            emit(r)?;
        }
        chunk = next;
    }
    Ok(())
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
