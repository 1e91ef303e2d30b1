//! The poll loop against an in-memory source and a stand-in handler: batching, retries,
//! commit-after-success and stopping, without a broker or the function (runtime's
//! `tests/local_broker.rs` runs the same loop with the function's handler against a real one).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use detect::batch::PartitionSpan;
use detect::event::{EventSource, KafkaEvent};
use detect::record::RecordTimestamp;
use serde::Deserialize;
use tokio::time::Instant;

use super::*;

/// Records due at given instants; `next_record` waits for the front one without removing it
/// first, so a cancelled read loses nothing (as librdkafka's queue).
#[derive(Default)]
struct Memory {
    records: VecDeque<(Instant, SourceRecord)>,
    commits: Vec<Vec<PartitionSpan>>,
}

impl Memory {
    fn push(&mut self, after: Duration, record: SourceRecord) {
        self.records.push_back((Instant::now() + after, record));
    }
}

impl RecordSource for Memory {
    fn bootstrap_servers(&self) -> &str {
        "memory:9092"
    }

    async fn next_record(&mut self) -> Result<SourceRecord, LocalError> {
        let Some(&(due, _)) = self.records.front() else {
            return std::future::pending().await;
        };
        tokio::time::sleep_until(due).await;
        match self.records.pop_front() {
            Some((_, record)) => Ok(record),
            None => std::future::pending().await,
        }
    }

    async fn commit(&mut self, spans: &[PartitionSpan]) -> Result<(), LocalError> {
        self.commits.push(spans.to_vec());
        Ok(())
    }
}

fn log_record(partition: i32, offset: i64, padding: usize) -> SourceRecord {
    let line = format!(
        r#"{{"response_time_ms":{},"status":200,"duration_ms":1.5,"pad":"{}"}}"#,
        100 + offset,
        "x".repeat(padding)
    );
    SourceRecord {
        topic: "app-logs".into(),
        partition,
        offset,
        timestamp: RecordTimestamp::CreateTime(1_714_564_800_000 + offset),
        key: Some(format!("k{offset}").into_bytes()),
        value: Some(line.into_bytes()),
        headers: Vec::new(),
    }
}

/// What the stand-in handler returns: the records it was handed, by partition and offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Handled {
    records: Vec<(i64, i64)>,
}

impl BatchResult for Handled {
    fn anomaly_count(&self) -> usize {
        0
    }

    fn bad_record_count(&self) -> usize {
        0
    }
}

/// What the stand-in handler fails with: a retryable outage, or an event it cannot read.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("HTTP 503 ServiceUnavailable")]
    Unavailable,
    #[error("not a Kafka event: {0}")]
    Invalid(String),
}

impl HandlerError for Failure {
    fn is_retryable(&self) -> bool {
        matches!(self, Failure::Unavailable)
    }
}

/// Handles an event by decoding it (as the function does) and listing its records; refuses
/// every call when `refuse` is set, fails the first `failures` calls retryably; waits `delay`.
#[derive(Clone, Default)]
struct Fake {
    state: Arc<Mutex<FakeState>>,
}

#[derive(Default)]
struct FakeState {
    failures: usize,
    refuse: bool,
    delay: Duration,
    calls: usize,
    records: usize,
    timeouts: Vec<Duration>,
}

impl EventHandler for Fake {
    type Output = Handled;
    type Error = Failure;

    async fn handle_event(&self, event: &[u8], timeout: Duration) -> Result<Handled, Failure> {
        let delay = {
            let mut s = self.state.lock().unwrap();
            s.calls += 1;
            s.timeouts.push(timeout);
            if s.refuse {
                return Err(Failure::Invalid("refused".into()));
            }
            if s.failures > 0 {
                s.failures -= 1;
                return Err(Failure::Unavailable);
            }
            s.delay
        };
        tokio::time::sleep(delay).await;
        let event = KafkaEvent::from_slice(event).map_err(|e| Failure::Invalid(e.to_string()))?;
        if event.event_source != Some(EventSource::SelfManagedKafka)
            || event.bootstrap_servers.as_deref() != Some("memory:9092")
        {
            return Err(Failure::Invalid(format!("{event:?}")));
        }
        self.state.lock().unwrap().records += event.records.len();
        Ok(Handled {
            records: event
                .records
                .iter()
                .map(|r| (r.partition, r.offset))
                .collect(),
        })
    }
}

fn options(batch_size: usize, window: Duration, max_batches: Option<u64>) -> PollerOptions {
    PollerOptions {
        limits: BatchLimits::records(batch_size),
        window,
        max_batches,
        invocation_timeout: Duration::from_secs(10),
        backoff: Backoff {
            initial: Duration::from_millis(1),
            max: Duration::from_millis(4),
        },
    }
}

/// [`run`] with a handler over `fake`: its answer, and the result lines it wrote.
async fn poll(
    source: &mut Memory,
    fake: &Fake,
    options: PollerOptions,
    shutdown: &Shutdown,
) -> (Result<Summary, LocalError>, Vec<u8>) {
    let mut out = Vec::new();
    let answer = run(source, fake, &options, shutdown, &mut out).await;
    (answer, out)
}

/// A shutdown that Ctrl-C is pressed on `presses` times, `after` from now.
fn ctrl_c_after(after: Duration, presses: usize) -> Shutdown {
    let shutdown = Shutdown::new();
    let trigger = shutdown.clone();
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        for _ in 0..presses {
            trigger.escalate();
        }
    });
    shutdown
}

fn results(out: &[u8]) -> Vec<Handled> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn committed(spans: &[PartitionSpan]) -> Vec<(i32, i64)> {
    spans
        .iter()
        .map(|s| (s.partition, s.commit_offset()))
        .collect()
}

#[tokio::test]
async fn batches_hold_the_batch_size_and_commit_each_partitions_next_offset() {
    let mut source = Memory::default();
    for i in 0..250 {
        source.push(Duration::ZERO, log_record(i % 2, i64::from(i / 2), 0));
    }
    let fake = Fake::default();
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::from_millis(50), Some(3)),
        &Shutdown::new(),
    )
    .await;
    let summary = answer.unwrap();
    assert_eq!(
        (summary.batches, summary.records, summary.retries),
        (3, 250, 0)
    );
    let results = results(&out);
    assert_eq!(
        results.iter().map(|r| r.records.len()).collect::<Vec<_>>(),
        [100, 100, 50]
    );
    let mut handed: Vec<(i64, i64)> = results.iter().flat_map(|r| r.records.clone()).collect();
    handed.sort_unstable();
    let mut produced: Vec<(i64, i64)> = (0..250).map(|i| (i % 2, i / 2)).collect();
    produced.sort_unstable();
    assert_eq!(handed, produced, "every record handed over exactly once");
    assert_eq!(
        source
            .commits
            .iter()
            .map(|c| committed(c))
            .collect::<Vec<_>>(),
        [
            vec![(0, 50), (1, 50)],
            vec![(0, 100), (1, 100)],
            vec![(0, 125), (1, 125)]
        ]
    );
    let s = fake.state.lock().unwrap();
    assert_eq!(s.records, 250);
    assert!(s.timeouts.iter().all(|t| *t == Duration::from_secs(10)));
}

#[tokio::test]
async fn the_window_closes_a_batch_counted_from_its_first_record() {
    let mut source = Memory::default();
    for i in 0..3 {
        source.push(Duration::ZERO, log_record(0, i, 0));
    }
    source.push(Duration::from_millis(400), log_record(0, 3, 0));
    let fake = Fake::default();
    let started = std::time::Instant::now();
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::from_millis(100), Some(2)),
        &Shutdown::new(),
    )
    .await;
    answer.unwrap();
    let counts: Vec<_> = results(&out).iter().map(|r| r.records.len()).collect();
    assert_eq!(counts, [3, 1]);
    // The second batch waited its own window after the record at 400 ms.
    assert!(started.elapsed() >= Duration::from_millis(500));
}

#[tokio::test]
async fn a_zero_window_still_takes_the_records_already_there() {
    let mut source = Memory::default();
    for i in 0..5 {
        source.push(Duration::ZERO, log_record(0, i, 0));
    }
    let (answer, out) = poll(
        &mut source,
        &Fake::default(),
        options(100, Duration::ZERO, Some(1)),
        &Shutdown::new(),
    )
    .await;
    answer.unwrap();
    assert_eq!(results(&out)[0].records.len(), 5);
}

#[tokio::test]
async fn events_stay_within_6_mb_and_the_record_that_does_not_fit_starts_the_next() {
    let mut source = Memory::default();
    // ~1 MB of base64 per record: six do not fit in one event.
    for i in 0..9 {
        source.push(Duration::ZERO, log_record(i % 2, i64::from(i), 750_000));
    }
    let fake = Fake::default();
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(10_000, Duration::from_millis(50), Some(2)),
        &Shutdown::new(),
    )
    .await;
    let summary = answer.unwrap();
    assert_eq!(summary.records, 9);
    let counts: Vec<_> = results(&out).iter().map(|r| r.records.len()).collect();
    assert_eq!(
        counts,
        [6, 3],
        "~1,000,060 bytes each: six fit in 6,291,456"
    );
    let mut offsets: Vec<i64> = source
        .commits
        .iter()
        .flatten()
        .map(|s| s.first_offset)
        .collect();
    offsets.sort_unstable();
    assert_eq!(offsets, [0, 1, 6, 7]);
}

#[tokio::test]
async fn a_failed_batch_is_retried_until_it_succeeds_and_committed_once() {
    let mut source = Memory::default();
    for i in 0..10 {
        source.push(Duration::ZERO, log_record(0, i, 0));
    }
    let fake = Fake::default();
    fake.state.lock().unwrap().failures = 3;
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::from_millis(20), Some(1)),
        &Shutdown::new(),
    )
    .await;
    let summary = answer.unwrap();
    assert_eq!(summary.retries, 3);
    assert_eq!(results(&out).len(), 1);
    assert_eq!(source.commits.len(), 1);
    assert_eq!(committed(&source.commits[0]), [(0, 10)]);
    let s = fake.state.lock().unwrap();
    assert_eq!((s.calls, s.records), (4, 10));
}

#[tokio::test]
async fn a_batch_the_handler_refuses_stops_the_poller_with_nothing_committed() {
    let mut source = Memory::default();
    source.push(Duration::ZERO, log_record(0, 0, 0));
    let fake = Fake::default();
    fake.state.lock().unwrap().refuse = true;
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::ZERO, None),
        &Shutdown::new(),
    )
    .await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LocalError::Handler(_)), "{err}");
    assert_eq!(err.to_string(), "not a Kafka event: refused");
    assert_eq!(err.exit_code(), 2);
    assert!(out.is_empty());
    assert!(source.commits.is_empty());
    assert_eq!(fake.state.lock().unwrap().calls, 1, "not retried");
}

#[tokio::test]
async fn stopping_while_a_batch_fails_commits_nothing() {
    let mut source = Memory::default();
    source.push(Duration::ZERO, log_record(0, 0, 0));
    let fake = Fake::default();
    fake.state.lock().unwrap().failures = usize::MAX;
    let shutdown = ctrl_c_after(Duration::from_millis(100), 1);
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::ZERO, None),
        &shutdown,
    )
    .await;
    let err = answer.unwrap_err();
    assert!(
        matches!(err, LocalError::StoppedWithFailedBatch { records: 1, .. }),
        "{err}"
    );
    assert_eq!(err.exit_code(), 1);
    assert!(out.is_empty());
    assert!(source.commits.is_empty());
}

#[tokio::test]
async fn ctrl_c_finishes_the_batch_in_flight_then_stops() {
    let mut source = Memory::default();
    for i in 0..3 {
        source.push(Duration::ZERO, log_record(0, i, 0));
    }
    // Arrives while the first batch is being handled, and is left for the next start.
    source.push(Duration::from_millis(100), log_record(0, 3, 0));
    let fake = Fake::default();
    fake.state.lock().unwrap().delay = Duration::from_millis(200);
    let shutdown = ctrl_c_after(Duration::from_millis(100), 1);
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(3, Duration::from_millis(500), None),
        &shutdown,
    )
    .await;
    let summary = answer.unwrap();
    assert_eq!((summary.batches, summary.records), (1, 3));
    assert_eq!(results(&out).len(), 1);
    assert_eq!(source.commits.len(), 1);
    assert_eq!(committed(&source.commits[0]), [(0, 3)]);
}

#[tokio::test]
async fn ctrl_c_while_gathering_hands_nothing_over_and_commits_nothing() {
    let mut source = Memory::default();
    source.push(Duration::ZERO, log_record(0, 0, 0));
    let fake = Fake::default();
    let shutdown = ctrl_c_after(Duration::from_millis(50), 1);
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(100, Duration::from_secs(30), None),
        &shutdown,
    )
    .await;
    let summary = answer.unwrap();
    assert_eq!(summary.batches, 0);
    assert!(out.is_empty());
    assert!(source.commits.is_empty());
    assert_eq!(fake.state.lock().unwrap().calls, 0);
}

#[tokio::test]
async fn a_second_ctrl_c_interrupts_the_batch_and_commits_nothing() {
    let mut source = Memory::default();
    source.push(Duration::ZERO, log_record(0, 0, 0));
    let fake = Fake::default();
    fake.state.lock().unwrap().delay = Duration::from_secs(30);
    let shutdown = ctrl_c_after(Duration::from_millis(50), 2);
    let (answer, out) = poll(
        &mut source,
        &fake,
        options(1, Duration::ZERO, None),
        &shutdown,
    )
    .await;
    let err = answer.unwrap_err();
    assert!(
        matches!(err, LocalError::Interrupted { records: 1 }),
        "{err}"
    );
    assert_eq!(err.exit_code(), 130);
    assert!(out.is_empty(), "an interrupted batch has no result");
    assert!(source.commits.is_empty());
}

#[test]
fn backoff_doubles_up_to_its_cap() {
    let b = Backoff::default();
    let waits: Vec<_> = (1..=9).map(|a| b.delay(a).as_millis()).collect();
    assert_eq!(
        waits,
        [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
    );
    assert_eq!(b.delay(u32::MAX), Duration::from_secs(30));
}
