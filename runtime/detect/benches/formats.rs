//! `cargo bench -p detect --bench formats`: 10,000 records → rows in each record format,
//! against the same 10,000 requests as JSON records. Targets: the presets and logfmt within
//! 1.5× of JSON per record, a generic regex within 4×.
//!
//! The records are the sample generator's (`LogGenerator`, seed 1, 1 % anomalies), so every
//! format carries the same requests. For each format it prints two measurements, median and
//! minimum of 60 runs after 5 warm-up runs:
//!
//! - `rows`: the event's bytes → rows as the handler does it ([`decode_and_extract`]: event
//!   decoding, base64, the format's reader, on as many threads as the machine gives), with
//!   records/s and MB/s of event bytes;
//! - `extract`: the record values alone (already base64-decoded) → rows on one thread, the
//!   reader's own cost, with ns per record and MB/s of log text;
//!
//! and each format's time per record relative to JSON's, of the medians and of the minimums.
//! Other work on a shared machine stretches medians; minimums (the runs nothing else
//! disturbed) move less, so the targets are judged on them.

// Benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use contract::{FeatureSpec, RecordFormat};
use detect::batch::{BatchBuilder, BatchLimits, MAX_BATCH_RECORDS};
use detect::features::FeatureExtractor;
use detect::loggen::{LineFormat, LogGenerator};
use detect::record::{RecordTimestamp, SourceRecord};
use detect::rows::decode_and_extract;

const RECORDS: usize = 10_000;
const RUNS: usize = 100;

/// A user's own pattern for the combined lines, as one would write it without the preset.
const COMBINED_PATTERN: &str = r#"^(?P<remote_addr>\S+) \S+ (?P<remote_user>\S+) \[(?P<time_local>[^\]]*)\] "(?P<method>\S+) (?P<path>\S+) (?P<protocol>[^"]*)" (?P<status>\d{3}) (?P<body_bytes_sent>\d+|-) "(?P<http_referer>[^"]*)" "(?P<http_user_agent>(?:[^"\\]|\\.)*)"$"#;

/// One measured case: a format, its features and its lines.
struct Case {
    label: &'static str,
    extractor: FeatureExtractor,
    lines: Vec<String>,
    event: Vec<u8>,
}

fn spec(name: &str, default: Option<f64>) -> FeatureSpec {
    FeatureSpec {
        default,
        ..FeatureSpec::new(name)
    }
}

fn case(
    label: &'static str,
    lines: LineFormat,
    format: RecordFormat,
    features: &[FeatureSpec],
) -> Case {
    let mut generator = LogGenerator::new(1, 0.01).format(lines);
    let lines: Vec<String> = (0..RECORDS).map(|_| generator.next_line().text).collect();
    // ALB entries are long: 10,000 of them pass the mapping's 6 MB, which the bench ignores.
    let limits = BatchLimits {
        max_records: MAX_BATCH_RECORDS,
        max_bytes: usize::MAX,
    };
    let mut builder = BatchBuilder::new("b-1.example:9098,b-2.example:9098", limits);
    for (i, line) in lines.iter().enumerate() {
        builder
            .push(SourceRecord {
                topic: "app-logs".into(),
                partition: (i % 4) as i32,
                offset: 1_000 + (i / 4) as i64,
                timestamp: RecordTimestamp::CreateTime(1_714_564_800_000 + i as i64),
                key: Some(format!("user-{}", i % 777).into_bytes()),
                value: Some(line.clone().into_bytes()),
                headers: Vec::new(),
            })
            .unwrap();
    }
    Case {
        label,
        extractor: FeatureExtractor::with_format(&format, features).unwrap(),
        lines,
        event: builder.finish().event,
    }
}

/// Median and minimum of [`RUNS`] runs of `f` (after 5 warm-up runs).
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

fn extract_all(case: &Case, row: &mut Vec<f64>) -> usize {
    row.clear();
    case.lines
        .iter()
        .filter(|l| case.extractor.extract(l.as_bytes(), row).is_ok())
        .count()
}

fn main() {
    let cases = [
        case(
            "json",
            LineFormat::Json,
            RecordFormat::Json,
            &contract::FunctionConfig::default().features,
        ),
        case(
            "combined",
            LineFormat::Combined,
            RecordFormat::Combined,
            &[spec("status", None), spec("body_bytes_sent", Some(0.0))],
        ),
        case(
            "combined_timed",
            LineFormat::CombinedTimed,
            RecordFormat::CombinedTimed,
            &[
                spec("request_time", None),
                spec("status", None),
                spec("upstream_response_time", Some(0.0)),
            ],
        ),
        case(
            "alb",
            LineFormat::Alb,
            RecordFormat::Alb,
            &[
                spec("target_processing_time", Some(-1.0)),
                spec("elb_status_code", None),
                spec("sent_bytes", None),
            ],
        ),
        case(
            "logfmt",
            LineFormat::Logfmt,
            RecordFormat::Logfmt,
            &[
                spec("service", None),
                spec("status", None),
                spec("bytes", None),
            ],
        ),
        case(
            "regex (combined lines)",
            LineFormat::Combined,
            RecordFormat::Regex(COMBINED_PATTERN.into()),
            &[spec("status", None), spec("body_bytes_sent", Some(0.0))],
        ),
    ];
    let mut row = Vec::new();
    for case in &cases {
        // Every record gives a row: the bench measures the readers, not bad records.
        assert_eq!(extract_all(case, &mut row), RECORDS, "{}", case.label);
        let (_, rows) = decode_and_extract(&case.event, &case.extractor).unwrap();
        assert!(rows.bad.is_empty(), "{}: {:?}", case.label, &rows.bad[..1]);
    }
    // `cargo test --all-targets` runs this without `--bench`: the checks above, then stop.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!(
        "{RECORDS} records → rows, median (min) of {RUNS} runs; {} CPUs",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut json_rows = None;
    let mut json_extract = None;
    for case in &cases {
        let (rows_median, rows_min) =
            measure(|| decode_and_extract(&case.event, &case.extractor).unwrap());
        let (ex_median, ex_min) = measure(|| extract_all(case, &mut row));
        let text_bytes: usize = case.lines.iter().map(String::len).sum();
        let per_sec = |d: Duration| RECORDS as f64 / d.as_secs_f64();
        let mb_per_sec = |bytes: usize, d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
        let ns = |d: Duration| d.as_nanos() as f64 / RECORDS as f64;
        let base_rows = *json_rows.get_or_insert((rows_median, rows_min));
        let base_extract = *json_extract.get_or_insert((ex_median, ex_min));
        let ratio = |(median, min): (Duration, Duration),
                     (base_median, base_min): (Duration, Duration)| {
            format!(
                "{:.2}× ({:.2}×) JSON",
                median.as_secs_f64() / base_median.as_secs_f64(),
                min.as_secs_f64() / base_min.as_secs_f64()
            )
        };
        println!(
            "{}: {:.1} MB event, {:.0} bytes per line",
            case.label,
            case.event.len() as f64 / 1e6,
            text_bytes as f64 / RECORDS as f64
        );
        println!(
            "  rows    {:7.3} ms ({:.3})  {:>9.0} records/s  {:6.0} MB/s  {}",
            rows_median.as_secs_f64() * 1e3,
            rows_min.as_secs_f64() * 1e3,
            per_sec(rows_median),
            mb_per_sec(case.event.len(), rows_median),
            ratio((rows_median, rows_min), base_rows),
        );
        println!(
            "  extract {:7.3} ms ({:.3})  {:>9.0} records/s  {:6.0} MB/s  {:5.0} ns/record  {}",
            ex_median.as_secs_f64() * 1e3,
            ex_min.as_secs_f64() * 1e3,
            per_sec(ex_median),
            mb_per_sec(text_bytes, ex_median),
            ns(ex_median),
            ratio((ex_median, ex_min), base_extract),
        );
    }
}
