//! The CPUs this process may use, for the work that spreads over threads: extracting rows
//! from a large batch, and the forest's trees while it learns a batch.

use std::sync::OnceLock;

/// At most this many threads work on one batch.
pub const MAX_THREADS: usize = 4;

/// The CPUs this process may use (at most [`MAX_THREADS`]), read once: on Linux the standard
/// library reads the affinity mask and cgroup quota files each time it is asked. Lambda gives
/// a function CPU in proportion to its memory, one vCPU's worth at 1,769 MB and two at
/// 3,538 MB: more threads than that only share the same time.
///
/// ```
/// assert!((1..=detect::cpus::MAX_THREADS).contains(&detect::cpus::threads()));
/// ```
pub fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
    })
}
