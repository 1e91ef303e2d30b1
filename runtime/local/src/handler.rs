//! What the poller invokes for each batch: anything that handles one Kafka event as the
//! function does for one invocation. The `runtime` crate implements these traits for its
//! `Handler`, its `InvocationResult` and its `Error`; the poller's tests use a stand-in.

use std::future::Future;
use std::time::Duration;

use serde::Serialize;

/// Handles one Kafka event (the JSON the event source mapping delivers), as one invocation of
/// the function does.
pub trait EventHandler {
    /// What an invocation returns; the poller prints it as one JSON line.
    type Output: BatchResult;
    /// Why an invocation failed.
    type Error: HandlerError;

    /// Handles `event` within `timeout` (the function's timeout). A retryable error makes the
    /// poller invoke again with the same event; any other stops it.
    fn handle_event(
        &self,
        event: &[u8],
        timeout: Duration,
    ) -> impl Future<Output = Result<Self::Output, Self::Error>>;
}

/// What the poller reads from a result besides printing it.
pub trait BatchResult: Serialize {
    /// How many records the result flags as anomalies.
    fn anomaly_count(&self) -> usize;
    /// How many records the result reports as bad (not scored).
    fn bad_record_count(&self) -> usize;
}

/// Why an invocation failed, and whether invoking again may succeed.
pub trait HandlerError: std::error::Error + Send + Sync + 'static {
    /// True when the mapping would retry the batch (throttling, 5xx, timeouts); false for an
    /// invalid configuration or event, which no retry fixes.
    fn is_retryable(&self) -> bool;
}
