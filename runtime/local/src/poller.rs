//! The poll loop, as Lambda's Kafka event source mapping runs it: gather a batch (until it
//! holds the batch size, would pass 6 MB, or the batching window since its first record
//! closes), invoke the handler, and only after it succeeds print the result and commit the
//! batch's offsets. A failed batch is retried, with backoff, until it succeeds: never skipped.

use std::io::Write;
use std::time::Duration;

use detect::batch::{Batch, BatchBuilder, BatchLimits, Refused};
use detect::record::SourceRecord;
use serde::Serialize;
use tokio::time::Instant;

use crate::error::LocalError;
use crate::handler::{BatchResult, EventHandler, HandlerError};
use crate::shutdown::{Shutdown, Stop};
use crate::source::{RecordSource, describe_commit};

/// The mapping's default batching window for Kafka.
pub const DEFAULT_WINDOW: Duration = Duration::from_millis(500);

/// The longest batching window the mapping allows (`MaximumBatchingWindowInSeconds` 300).
pub const MAX_WINDOW: Duration = Duration::from_secs(300);

/// How a failed batch is retried: the wait doubles from `initial` up to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the first retry.
    pub initial: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The wait after failed attempt `attempt` (1 for the first).
    pub fn delay(&self, attempt: u32) -> Duration {
        self.initial
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max)
    }
}

/// How the poller batches and invokes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollerOptions {
    /// Batch size and byte limits.
    pub limits: BatchLimits,
    /// How long to gather after a batch's first record.
    pub window: Duration,
    /// Stop after this many successful batches.
    pub max_batches: Option<u64>,
    /// The time each invocation may take (Lambda's function timeout).
    pub invocation_timeout: Duration,
    /// How failed batches are retried.
    pub backoff: Backoff,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Batches handled and committed.
    pub batches: u64,
    /// Records in them.
    pub records: u64,
    /// Failed attempts that were retried.
    pub retries: u64,
}

/// Runs the loop until `options.max_batches` batches are committed or a stop is requested,
/// writing each batch's result as one JSON line to `out`.
pub async fn run<S: RecordSource, H: EventHandler, W: Write>(
    source: &mut S,
    handler: &H,
    options: &PollerOptions,
    shutdown: &Shutdown,
    out: &mut W,
) -> Result<Summary, LocalError> {
    let mut summary = Summary::default();
    let mut carried: Option<SourceRecord> = None;
    while options.max_batches.is_none_or(|max| summary.batches < max) && !shutdown.is_requested() {
        let Some(batch) = gather(source, &mut carried, options, shutdown).await? else {
            break;
        };
        let started = std::time::Instant::now();
        let result = invoke(&batch, handler, options, shutdown, &mut summary).await?;
        write_result(out, &result)?;
        source.commit(&batch.spans).await?;
        summary.batches += 1;
        summary.records += batch.records as u64;
        eprintln!(
            "anomaly-function local: batch {}: {} records, {} anomalies, {} bad, {} bytes, \
             handled and committed in {} ms: {}",
            summary.batches,
            batch.records,
            result.anomaly_count(),
            result.bad_record_count(),
            batch.event.len(),
            started.elapsed().as_millis(),
            describe_commit(&batch.spans)
        );
    }
    if carried.is_some() || shutdown.is_requested() {
        eprintln!(
            "anomaly-function local: stopped after {} batches ({} records); anything read after \
             them was not committed and will be delivered again",
            summary.batches, summary.records
        );
    }
    Ok(summary)
}

/// Gathers the next batch: waits (indefinitely) for a first record, then adds records until
/// the batch is full or the window since that first record closes. Returns `None` when a
/// stop is requested before the batch is complete (its records are not committed).
async fn gather<S: RecordSource>(
    source: &mut S,
    carried: &mut Option<SourceRecord>,
    options: &PollerOptions,
    shutdown: &Shutdown,
) -> Result<Option<Batch>, LocalError> {
    let mut builder = BatchBuilder::new(source.bootstrap_servers(), options.limits);
    let first = match carried.take() {
        Some(record) => record,
        None => tokio::select! {
            record = source.next_record() => record?,
            () = shutdown.reached(Stop::Requested) => return Ok(None),
        },
    };
    // An empty batch takes any record, so only an unwritable one is refused here.
    builder.push(first).map_err(unwritable)?;
    if builder.is_oversized() {
        eprintln!(
            "anomaly-function local: a single record makes a {}-byte event, more than the \
             mapping's {}-byte limit; it is handled alone",
            builder.event_bytes(),
            options.limits.max_bytes
        );
    }
    let window_closes = Instant::now() + options.window;
    while !builder.is_full() {
        // `timeout_at` polls the read before the timer, so with a zero window the records
        // already fetched are still taken, as the mapping does.
        let next = tokio::select! {
            next = tokio::time::timeout_at(window_closes, source.next_record()) => next,
            () = shutdown.reached(Stop::Requested) => return Ok(None),
        };
        let Ok(record) = next else { break };
        match builder.push(record?) {
            Ok(()) => {}
            Err(Refused::Full(record)) => {
                *carried = Some(*record);
                break;
            }
            Err(refused @ Refused::Json { .. }) => return Err(unwritable(refused)),
        }
    }
    Ok(Some(builder.finish()))
}

/// The error for a record whose JSON could not be written.
fn unwritable(refused: Refused) -> LocalError {
    match refused {
        Refused::Json {
            topic,
            partition,
            offset,
            error,
        } => LocalError::Record {
            topic,
            partition,
            offset,
            message: error.to_string(),
        },
        Refused::Full(r) => LocalError::Record {
            topic: r.topic,
            partition: r.partition,
            offset: r.offset,
            message: "an empty batch refused it".into(),
        },
    }
}

/// Invokes the handler until it succeeds. A retryable failure is retried after a backoff; a
/// stop request ends the retries (nothing is committed); a second one interrupts the call.
async fn invoke<H: EventHandler>(
    batch: &Batch,
    handler: &H,
    options: &PollerOptions,
    shutdown: &Shutdown,
    summary: &mut Summary,
) -> Result<H::Output, LocalError> {
    let interrupted = || LocalError::Interrupted {
        records: batch.records,
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = tokio::select! {
            outcome = handler.handle_event(&batch.event, options.invocation_timeout) => outcome,
            () = shutdown.reached(Stop::Forced) => return Err(interrupted()),
        };
        let error = match outcome {
            Ok(result) => return Ok(result),
            Err(e) if !e.is_retryable() => return Err(LocalError::Handler(Box::new(e))),
            Err(e) => e,
        };
        if shutdown.is_requested() {
            return Err(LocalError::StoppedWithFailedBatch {
                records: batch.records,
                error: Box::new(error),
            });
        }
        let wait = options.backoff.delay(attempt);
        eprintln!(
            "anomaly-function local: a batch of {} records failed (attempt {attempt}): {error}; \
             retrying in {} ms",
            batch.records,
            wait.as_millis()
        );
        summary.retries += 1;
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = shutdown.reached(Stop::Requested) => {
                return Err(LocalError::StoppedWithFailedBatch {
                    records: batch.records,
                    error: Box::new(error),
                });
            }
        }
    }
}

/// One compact JSON line, flushed, so a reader sees each batch as it is committed.
fn write_result<W: Write, R: Serialize>(out: &mut W, result: &R) -> Result<(), LocalError> {
    let mut line = serde_json::to_vec(result)
        .map_err(|e| LocalError::Io(format!("cannot write the result: {e}")))?;
    line.push(b'\n');
    out.write_all(&line)
        .and_then(|()| out.flush())
        .map_err(|e| LocalError::Io(format!("cannot write the result to stdout: {e}")))
}

#[cfg(test)]
mod tests;
