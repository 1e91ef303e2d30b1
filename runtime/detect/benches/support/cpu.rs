//! This process's time on the CPUs, for the benches (each includes this file as a module).

use std::time::Duration;

/// This process's time on the CPUs so far, all its threads (Linux's `/proc/self/stat`, in
/// clock ticks of 10 ms), when the system tells it: other work on a busy machine stretches
/// wall time, not this.
pub fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses): utime and stime are the
    // 12th and 13th of them.
    let mut fields = text.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}
