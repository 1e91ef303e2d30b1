//! `cargo bench -p runtime --bench soak`: 200 consecutive invocations of the real handler on
//! 10,000-record events (the seed's log lines, every 50th record bad), scoring against the
//! SageMaker stand-in and writing anomalies through the DynamoDB client to it, both over HTTP on
//! 127.0.0.1 (started here, in this process).
//!
//! Prints the resident set (VmRSS), its peak so far (VmHWM) and the open file descriptors after
//! invocations 1, 100 and 200, and the throughput of each block of 50 invocations. Exits
//! non-zero when the resident set after invocation 200 exceeds that after invocation 100 by
//! more than [`RSS_TOLERANCE_MIB`], when the peak grew more than that between them, or when
//! more descriptors are open after invocation 200 than after invocation 100.
//!
//! `cargo test --benches` runs it without `--bench`: then 3 invocations of 1,000 records, with
//! the same checks of every result, so CI keeps it working.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contract::FunctionConfig;
use runtime::deadline::Deadline;
use runtime::sinks::log::Log;
use runtime::{Handler, clients};
use support::events;
use support::standin::StandIn;

/// How much the resident set may grow from invocation 100 to 200: allocator noise, not a leak
/// (a leak of one 10,000-record event's bodies per invocation would add hundreds of MiB).
const RSS_TOLERANCE_MIB: f64 = 16.0;

/// Invocations per throughput block.
const BLOCK: usize = 50;

/// One `/proc/self/status` field, in MiB.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} is not in /proc/self/status"));
    kb / 1024.0
}

/// What is measured after an invocation.
#[derive(Debug, Clone, Copy)]
struct Sample {
    rss: f64,
    peak: f64,
    fds: usize,
}

fn sample() -> Sample {
    Sample {
        rss: status_mib("VmRSS"),
        peak: status_mib("VmHWM"),
        fds: std::fs::read_dir("/proc/self/fd")
            .expect("/proc/self/fd")
            .count(),
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (invocations, records) = if full { (200, 10_000) } else { (3, 1_000) };
    let checkpoints = if full { vec![1, 100, 200] } else { vec![1, 3] };

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let standin = StandIn::start().await;
        // Requests are counted, not kept: keeping them would grow this process's memory.
        standin.forget_requests();
        let mut config = FunctionConfig::default();
        config.sinks.anomaly_table = Some("anomalies".into());
        config.sinks.anomaly_ttl_days = Some(7);
        let sdk = support::sdk_config(&standin.url());
        let lines = Arc::new(Mutex::new(Vec::new()));
        let handler = Handler::new(
            &config,
            clients::endpoint(&sdk, &config),
            clients::sinks(&sdk, &config),
            Log::Memory(Arc::clone(&lines)),
            "soak",
        );
        let event = events::event("aws:kafka", &events::seed_records(records, 4, Some(50)));
        println!(
            "soak: {invocations} invocations of {records} records ({:.2} MB event) against the stand-in at {}",
            event.len() as f64 / 1e6,
            standin.url()
        );

        let mut samples = Vec::new();
        let mut block_started = Instant::now();
        let mut first_result = None;
        for i in 1..=invocations {
            let result = handler
                .handle(&event, Deadline::after(Duration::from_secs(60)))
                .await
                .unwrap_or_else(|e| panic!("invocation {i} failed: {e}"));
            assert!(result.is_complete() && result.records == records);
            assert!(!result.anomalies.is_empty() && !result.bad_records.is_empty());
            // Every invocation gives the same result for the same event.
            match &first_result {
                None => first_result = Some(result),
                Some(first) => assert_eq!(&result, first, "invocation {i}"),
            }
            // The log's lines are read (and dropped) as CloudWatch Logs would.
            lines.lock().unwrap().clear();
            if checkpoints.contains(&i) {
                let s = sample();
                println!(
                    "after invocation {i:>3}: VmRSS {:7.1} MiB  VmHWM {:7.1} MiB  open fds {}",
                    s.rss, s.peak, s.fds
                );
                samples.push(s);
            }
            if full && i % BLOCK == 0 {
                let elapsed = block_started.elapsed();
                println!(
                    "invocations {:>3}-{i:>3}: {:>9.0} records/s ({:.2} s, {:.1} ms per invocation)",
                    i + 1 - BLOCK,
                    (BLOCK * records) as f64 / elapsed.as_secs_f64(),
                    elapsed.as_secs_f64(),
                    elapsed.as_secs_f64() * 1000.0 / BLOCK as f64
                );
                block_started = Instant::now();
            }
        }
        let calls = standin.request_count();
        println!("stand-in requests: {calls} (scoring and BatchWriteItem)");
        assert!(calls >= invocations * 2);

        let (mid, last) = (samples[samples.len() - 2], samples[samples.len() - 1]);
        let mut failures = Vec::new();
        if last.rss - mid.rss > RSS_TOLERANCE_MIB {
            failures.push(format!(
                "VmRSS grew {:.1} MiB from the middle checkpoint to the last (tolerance {RSS_TOLERANCE_MIB} MiB)",
                last.rss - mid.rss
            ));
        }
        if last.peak - mid.peak > RSS_TOLERANCE_MIB {
            failures.push(format!(
                "VmHWM grew {:.1} MiB from the middle checkpoint to the last (tolerance {RSS_TOLERANCE_MIB} MiB)",
                last.peak - mid.peak
            ));
        }
        if last.fds > mid.fds {
            failures.push(format!(
                "open file descriptors grew from {} to {}",
                mid.fds, last.fds
            ));
        }
        if failures.is_empty() {
            println!(
                "soak: ok (VmRSS {:+.1} MiB, VmHWM {:+.1} MiB, fds {:+} from the middle checkpoint to the last; tolerance {RSS_TOLERANCE_MIB} MiB)",
                last.rss - mid.rss,
                last.peak - mid.peak,
                last.fds as i64 - mid.fds as i64
            );
        } else {
            for f in &failures {
                eprintln!("soak: FAILED: {f}");
            }
            std::process::exit(1);
        }
        if !full {
            println!("soak smoke run: ok (run `cargo bench -p runtime --bench soak` for the soak)");
        }
    });
}
