//! `cargo bench -p runtime`: the handler's own work on a 10,000-record, ~4.8 MB event
//! (the seed's JSON log lines in 4 partitions), against a bare `serde_json` parse of the
//! same bytes. Targets: event bytes → request bodies ≤ 4 ms, and within 3× of the bare parse.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/events.rs"]
mod events;

use std::hint::black_box;
use std::time::{Duration, Instant};

use constructs::contract::{ContentType, FunctionConfig};
use runtime::decision::Decision;
use runtime::features::FeatureExtractor;
use runtime::handler::{finish, prepare};
use runtime::scoring::{Scores, ScoringOptions};

const RUNS: usize = 60;

/// Median and minimum of `RUNS` timed runs (after 5 warm-up runs).
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, Duration) {
    for _ in 0..5 {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[RUNS / 2], times[0])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let event = events::bench_event();
    let config = FunctionConfig::default();
    let extractor = FeatureExtractor::new(&config.features);
    let options = ScoringOptions::new(ContentType::Csv);
    let decision = Decision::new(&config.threshold);

    let prepared = prepare(&event, &extractor, &options).expect("the bench event decodes");
    let rows = prepared.row_records.len();
    let body_bytes: usize = prepared.chunks.iter().map(|c| c.body.len()).sum();
    let scores = Scores {
        rows: (0..rows)
            .map(|r| Ok(prepared.rows[r * 3] / 100.0))
            .collect(),
        calls: prepared.chunks.len(),
        latency: Duration::ZERO,
    };
    let result = finish(&prepared, &scores, &decision, false).result;
    // `cargo test --all-targets` runs this without `--bench`: check the stages once and stop.
    if !std::env::args().any(|a| a == "--bench") {
        assert_eq!(
            (prepared.event.records.len(), rows, prepared.chunks.len()),
            (10_000, 10_000, 1)
        );
        assert!(result.is_complete() && !result.anomalies.is_empty());
        println!("bench smoke run: ok (run `cargo bench -p runtime` for timings)");
        return;
    }
    println!(
        "cpus: {} (feature extraction splits across them)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "event: {} records, {:.2} MB, 4 partitions -> {} rows in {} body ({} KB), {} anomalies",
        prepared.event.records.len(),
        event.len() as f64 / 1e6,
        rows,
        prepared.chunks.len(),
        body_bytes / 1024,
        result.anomalies.len()
    );

    let (prep, prep_min) =
        measure(|| prepare(&event, &extractor, &options).map(|p| p.chunks.len()));
    let (fin, fin_min) = measure(|| {
        serde_json::to_vec(&finish(&prepared, &scores, &decision, false).result).map(|v| v.len())
    });
    let (bare, bare_min) = measure(|| serde_json::from_slice::<serde_json::Value>(&event).is_ok());

    println!(
        "event bytes -> request bodies : median {:7.3} ms  (min {:.3} ms)",
        ms(prep),
        ms(prep_min)
    );
    println!(
        "scores -> result (+ JSON)     : median {:7.3} ms  (min {:.3} ms)",
        ms(fin),
        ms(fin_min)
    );
    println!(
        "bare serde_json::Value parse  : median {:7.3} ms  (min {:.3} ms)",
        ms(bare),
        ms(bare_min)
    );
    // Where the time goes.
    let (decode, _) =
        measure(|| runtime::event::KafkaEvent::from_slice(&event).map(|e| e.records.len()));
    let decoded = runtime::event::KafkaEvent::from_slice(&event).expect("decodes");
    let (base64, _) = measure(|| {
        let mut buf = Vec::new();
        decoded
            .records
            .iter()
            .filter_map(|r| r.decode_value(&mut buf).ok().flatten().map(|v| v.len()))
            .sum::<usize>()
    });
    let lines: Vec<Vec<u8>> = decoded
        .records
        .iter()
        .filter_map(|r| {
            r.decode_value(&mut Vec::new())
                .ok()
                .flatten()
                .map(<[u8]>::to_vec)
        })
        .collect();
    let (extract, _) = measure(|| {
        let mut rows = Vec::with_capacity(lines.len() * 3);
        lines
            .iter()
            .filter(|l| extractor.extract(l, &mut rows).is_ok())
            .count()
    });
    let (encode, _) = measure(|| runtime::scoring::encode_all(&prepared.rows, 3, &options).len());
    println!(
        "  of which: event decode {:.3} ms, base64 {:.3} ms, features {:.3} ms, CSV {:.3} ms",
        ms(decode),
        ms(base64),
        ms(extract),
        ms(encode)
    );
    let ratio = prep.as_secs_f64() / bare.as_secs_f64();
    println!(
        "targets: bodies <= 4 ms: {}; within 3x of the bare parse: {} ({ratio:.2}x)",
        if ms(prep) <= 4.0 { "met" } else { "NOT met" },
        if ratio <= 3.0 { "met" } else { "NOT met" },
    );
}
