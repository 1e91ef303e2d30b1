//! `sample`: sample access logs with injected anomalies, without a broker —
//! in any record format the function reads (`--record-format`: JSON by default, logfmt, or an
//! access-log preset), one line per line (training data for `synth train`) or as one Kafka
//! event exactly as the event source mapping delivers it (for `invoke`).
//!
//! The lines come from the same seeded generator as `produce` ([`LogGenerator`]). Records are
//! spread over the partitions round-robin (record `i` at partition `i mod P`, offset
//! `i div P`). A summary goes to stderr: how many lines, and where each injected anomaly is.
//!
//! Exit status: 0 with the output on stdout; 2 for an invalid argument (for example more
//! records than one event holds).

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::batch::{BatchBuilder, BatchLimits, MAX_BATCH_RECORDS, Refused};
use crate::loggen::{LineFormat, LogGenerator, LogLine, parse_anomaly_rate};
use crate::record::{RecordHeader, RecordTimestamp, SourceRecord};

/// What `sample` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SampleFormat {
    /// One log line per line (what `synth train --data` reads).
    Lines,
    /// One Kafka event, as the event source mapping delivers it (what `invoke --event` reads).
    Event,
}

/// Arguments of `sample`.
#[derive(Debug, Clone, Args)]
pub struct SampleArgs {
    /// How many log lines (an event holds at most 10,000 records).
    #[arg(long, value_name = "N", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,
    /// The share of lines, after the first 200, that are anomalies (0–1).
    #[arg(long, value_name = "RATE", default_value_t = 0.01, value_parser = parse_anomaly_rate)]
    pub anomaly_rate: f64,
    /// The output.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = SampleFormat::Lines)]
    pub format: SampleFormat,
    /// The log lines' format (a function reads them with the same `record_format`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = LineFormat::Json)]
    pub record_format: LineFormat,
    /// The topic the event's records come from.
    #[arg(long, value_name = "TOPIC", default_value = "app-logs")]
    pub topic: String,
    /// Partitions the event's records are spread over.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(i32).range(1..=1_000))]
    pub partitions: i32,
    /// The generator's seed: the same seed writes the same lines.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
}

/// Why `sample` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// More records than one event may hold.
    #[error(
        "--count {0} is more than one event holds ({MAX_BATCH_RECORDS} records, 6 MB): use \
         --count {MAX_BATCH_RECORDS} or less with --format event"
    )]
    TooManyForOneEvent(u64),
    /// The event would pass the 6 MB invocation payload limit.
    #[error("{0} records fill one event's 6 MB: use --count {0} or less with --format event")]
    EventFull(u64),
    /// A record's JSON could not be written.
    #[error("cannot write record {offset} of partition {partition}: {error}")]
    Json {
        /// Its partition.
        partition: i32,
        /// Its offset.
        offset: i64,
        /// What serde_json said.
        error: String,
    },
    /// Stdout refused the output.
    #[error("cannot write to stdout: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs `sample` for `host` and returns the process's exit status.
pub fn run(args: &SampleArgs, host: &super::Host) -> ExitCode {
    let program = host.program;
    let mut out = std::io::stdout().lock();
    match write(args, &mut out) {
        Ok(anomalies) => {
            eprintln!(
                "{program} sample: {} log lines, {} injected anomalies{}",
                args.count,
                anomalies.len(),
                describe(&anomalies)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{program} sample: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes the sample to `out`; returns the partition and offset of each injected anomaly.
pub fn write<W: Write>(args: &SampleArgs, out: &mut W) -> Result<Vec<(i32, i64)>, SampleError> {
    let mut generator = LogGenerator::new(args.seed, args.anomaly_rate).format(args.record_format);
    let mut anomalies = Vec::new();
    match args.format {
        SampleFormat::Lines => {
            for i in 0..args.count {
                let line = generator.next_line();
                if line.anomaly {
                    anomalies.push(position(i, args.partitions));
                }
                out.write_all(line.text.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        SampleFormat::Event => {
            if args.count > MAX_BATCH_RECORDS as u64 {
                return Err(SampleError::TooManyForOneEvent(args.count));
            }
            let mut builder =
                BatchBuilder::new("127.0.0.1:9092", BatchLimits::records(MAX_BATCH_RECORDS));
            for i in 0..args.count {
                let line = generator.next_line();
                let (partition, offset) = position(i, args.partitions);
                if line.anomaly {
                    anomalies.push((partition, offset));
                }
                match builder.push(record(
                    &args.topic,
                    partition,
                    offset,
                    line,
                    args.record_format,
                )) {
                    Ok(()) => {}
                    Err(Refused::Full(_)) => return Err(SampleError::EventFull(i)),
                    Err(Refused::Json {
                        partition,
                        offset,
                        error,
                        ..
                    }) => {
                        return Err(SampleError::Json {
                            partition,
                            offset,
                            error: error.to_string(),
                        });
                    }
                }
            }
            out.write_all(&builder.finish().event)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(anomalies)
}

/// Record `i`'s partition and offset, round-robin over `partitions` (≥ 1, as clap checks).
fn position(i: u64, partitions: i32) -> (i32, i64) {
    let p = u64::from(partitions.max(1).unsigned_abs());
    // Both fit: the remainder is below `partitions` (an i32), and i / p ≤ u64::MAX / 1 is
    // capped by `--count`, which an event keeps to 10,000 and lines to what fits in memory.
    (
        i32::try_from(i % p).unwrap_or(i32::MAX),
        i64::try_from(i / p).unwrap_or(i64::MAX),
    )
}

/// The mapping's record for a generated line: keyed by user, with the `trace-id` (binary) and
/// `content-type` headers `produce` sends.
fn record(
    topic: &str,
    partition: i32,
    offset: i64,
    line: LogLine,
    format: LineFormat,
) -> SourceRecord {
    SourceRecord {
        topic: topic.to_owned(),
        partition,
        offset,
        timestamp: RecordTimestamp::CreateTime(0),
        key: Some(line.key.into_bytes()),
        value: Some(line.text.into_bytes()),
        headers: vec![
            RecordHeader {
                name: "trace-id".into(),
                value: Some(line.trace_id.to_vec()),
            },
            RecordHeader {
                name: "content-type".into(),
                value: Some(format.content_type().as_bytes().to_vec()),
            },
        ],
    }
}

/// `: p0@12, p1@40, …` for the first ten anomalies.
fn describe(anomalies: &[(i32, i64)]) -> String {
    if anomalies.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = anomalies
        .iter()
        .take(10)
        .map(|(p, o)| format!("partition {p} offset {o}"))
        .collect();
    let more = anomalies.len().saturating_sub(10);
    let tail = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    format!(" at {}{tail}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::KafkaEvent;

    fn args(format: SampleFormat, count: u64) -> SampleArgs {
        SampleArgs {
            count,
            anomaly_rate: 0.05,
            format,
            record_format: LineFormat::Json,
            topic: "app-logs".into(),
            partitions: 3,
            seed: 4,
        }
    }

    #[test]
    fn an_event_is_the_mappings_format_with_every_line_once() {
        let mut out = Vec::new();
        let anomalies = write(&args(SampleFormat::Event, 1_000), &mut out).unwrap();
        let event = KafkaEvent::from_slice(&out).unwrap();
        assert_eq!(event.records.len(), 1_000);
        assert!(!anomalies.is_empty());
        let mut seen: Vec<(i32, i64)> = event
            .records
            .iter()
            .map(|r| (r.partition as i32, r.offset))
            .collect();
        seen.dedup();
        assert_eq!(seen.len(), 1_000);
        let headers = event.records[0].headers().unwrap();
        assert_eq!(headers.len(), 2);
    }

    #[test]
    fn lines_are_deterministic_for_a_seed_and_anomalies_are_marked() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let first = write(&args(SampleFormat::Lines, 500), &mut a).unwrap();
        let second = write(&args(SampleFormat::Lines, 500), &mut b).unwrap();
        let strip = |v: &[u8]| -> Vec<serde_json::Value> {
            std::str::from_utf8(v)
                .unwrap()
                .lines()
                .map(|l| {
                    let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                    // The timestamps start at the current time.
                    v.as_object_mut().unwrap().remove("timestamp");
                    v
                })
                .collect()
        };
        assert_eq!(strip(&a), strip(&b));
        assert_eq!(first, second);
        assert_eq!(strip(&a).len(), 500);
    }

    #[test]
    fn more_records_than_an_event_holds_is_refused() {
        let err = write(&args(SampleFormat::Event, 10_001), &mut Vec::new()).unwrap_err();
        assert!(
            matches!(err, SampleError::TooManyForOneEvent(10_001)),
            "{err}"
        );
    }
}
