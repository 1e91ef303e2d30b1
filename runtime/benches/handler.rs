//! `cargo bench -p runtime`: the handler's own work on a 10,000-record, ~4.8 MB event
//! (the seed's JSON log lines in 4 partitions), against a bare `serde_json` parse of the
//! same bytes. Targets: event bytes → request bodies ≤ 4 ms, and within 3× of the bare parse.
//!
//! Prints `prepare` as the handler runs it (feature extraction overlapping decoding on the other
//! CPUs), the same stages on one thread (at most one vCPU's worth: Lambda below 1,769 MB), and
//! each stage next to its `serde_json` reference decoder. Medians move with the machine's load;
//! minimums less so.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/events.rs"]
mod events;

use std::hint::black_box;
use std::time::{Duration, Instant};

use contract::{ContentType, FunctionConfig};
use detect::decision::Decision;
use detect::event::KafkaEvent;
use detect::features::FeatureExtractor;
use runtime::handler::{finish, prepare};
use runtime::scoring::{Scores, ScoringOptions, encode_all};

const RUNS: usize = 100;

/// Median and minimum of some timed runs.
#[derive(Clone, Copy)]
struct Timing {
    median: Duration,
    min: Duration,
}

impl Timing {
    fn median_ms(self) -> f64 {
        self.median.as_secs_f64() * 1000.0
    }

    fn min_ms(self) -> f64 {
        self.min.as_secs_f64() * 1000.0
    }
}

/// Median and minimum of `RUNS` timed runs (after 5 warm-up runs).
fn measure<T>(mut f: impl FnMut() -> T) -> Timing {
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
    Timing {
        median: times[RUNS / 2],
        min: times[0],
    }
}

/// The handler's `prepare` on one thread: decode, then base64 and features per record, then
/// the CSV bodies. Returns the number of bodies.
fn prepare_on_one_thread(
    event: &[u8],
    extractor: &FeatureExtractor,
    options: &ScoringOptions,
) -> usize {
    let event = KafkaEvent::from_slice(event).expect("the bench event decodes");
    let mut rows = Vec::with_capacity(event.records.len() * extractor.width());
    let mut row_records = Vec::with_capacity(event.records.len());
    let mut bad = Vec::new();
    let mut buf = Vec::new();
    for (i, record) in event.records.iter().enumerate() {
        let extracted = match record.decode_value(&mut buf) {
            Ok(Some(value)) => extractor.extract(value, &mut rows),
            Ok(None) => Err(detect::reason::BadReason::Tombstone),
            Err(reason) => Err(reason),
        };
        match extracted {
            Ok(()) => row_records.push(i),
            Err(reason) => bad.push((i, reason)),
        }
    }
    black_box((&row_records, &bad));
    encode_all(&rows, extractor.width(), options).len()
}

fn line(label: &str, t: Timing) {
    println!(
        "{label:<34}: median {:7.3} ms  (min {:.3} ms)",
        t.median_ms(),
        t.min_ms()
    );
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
    let text = std::str::from_utf8(&event).expect("the bench event is UTF-8");
    // `cargo test --all-targets` runs this without `--bench`: check the stages once and stop.
    if !std::env::args().any(|a| a == "--bench") {
        assert_eq!(
            (prepared.event.records.len(), rows, prepared.chunks.len()),
            (10_000, 10_000, 1)
        );
        assert!(result.is_complete() && !result.anomalies.is_empty());
        assert_eq!(
            KafkaEvent::from_str_serde(text).as_ref(),
            Ok(&prepared.event)
        );
        assert_eq!(prepare_on_one_thread(&event, &extractor, &options), 1);
        println!("bench smoke run: ok (run `cargo bench -p runtime` for timings)");
        return;
    }
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cpus: {cpus} (prepare extracts features on up to 3 more threads while it decodes)");
    println!(
        "event: {} records, {:.2} MB, 4 partitions -> {} rows in {} body ({} KB), {} anomalies",
        prepared.event.records.len(),
        event.len() as f64 / 1e6,
        rows,
        prepared.chunks.len(),
        body_bytes / 1024,
        result.anomalies.len()
    );

    let prep = measure(|| prepare(&event, &extractor, &options).map(|p| p.chunks.len()));
    let single = measure(|| prepare_on_one_thread(&event, &extractor, &options));
    let fin = measure(|| {
        serde_json::to_vec(&finish(&prepared, &scores, &decision, false).result).map(|v| v.len())
    });
    let bare = measure(|| serde_json::from_slice::<serde_json::Value>(&event).is_ok());
    line(&format!("event bytes -> request bodies ({cpus}t)"), prep);
    line("event bytes -> request bodies (1t)", single);
    line("scores -> result (+ JSON)", fin);
    line("bare serde_json::Value parse", bare);

    // Where the time goes, one thread, each stage next to its serde_json reference.
    let decoded = KafkaEvent::from_slice(&event).expect("decodes");
    let decode = measure(|| KafkaEvent::from_slice(&event).map(|e| e.records.len()));
    let decode_serde = measure(|| KafkaEvent::from_str_serde(text).map(|e| e.records.len()));
    let base64 = measure(|| {
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
    let mut rows_buf = Vec::with_capacity(lines.len() * 3);
    let mut features_with = |serde: bool| {
        measure(|| {
            rows_buf.clear();
            lines
                .iter()
                .filter(|l| {
                    if serde {
                        extractor.extract_reference(l, &mut rows_buf).is_ok()
                    } else {
                        extractor.extract(l, &mut rows_buf).is_ok()
                    }
                })
                .count()
        })
    };
    let features = features_with(false);
    let features_serde = features_with(true);
    let encode = measure(|| encode_all(&prepared.rows, 3, &options).len());
    println!("stages, one thread (median / min ms)   fast path         serde_json reference");
    let stage = |name: &str, t: Timing, reference: Option<Timing>| {
        let reference = reference.map_or(String::new(), |r| {
            format!("{:7.3} / {:.3}", r.median_ms(), r.min_ms())
        });
        println!(
            "  {name:<36} {:7.3} / {:.3}   {reference}",
            t.median_ms(),
            t.min_ms()
        );
    };
    stage("event decode", decode, Some(decode_serde));
    stage("base64", base64, None);
    stage("features", features, Some(features_serde));
    stage("CSV", encode, None);
    let verdict = |t: Timing| {
        let ratio = t.median.as_secs_f64() / bare.median.as_secs_f64();
        format!(
            "bodies <= 4 ms: {}; within 3x of the bare parse: {} ({ratio:.2}x)",
            if t.median_ms() <= 4.0 {
                "met"
            } else {
                "NOT met"
            },
            if ratio <= 3.0 { "met" } else { "NOT met" },
        )
    };
    println!("targets ({cpus}t, medians): {}", verdict(prep));
    println!("targets (1t, medians): {}", verdict(single));
}
