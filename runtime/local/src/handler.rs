//! What the poller invokes for each batch: anything that handles one Kafka event as the
//! function does for one invocation. The `runtime` crate implements these traits for its
//! `Handler`, its `InvocationResult` and its `Error`; the poller's tests use a stand-in.
//!
//! ```
//! use std::time::Duration;
//! use local::{BatchResult, EventHandler, HandlerError};
//!
//! /// Reports how large each event is.
//! struct Sizes;
//!
//! #[derive(Debug, serde::Serialize)]
//! struct Size {
//!     bytes: usize,
//! }
//!
//! impl BatchResult for Size {
//!     fn anomaly_count(&self) -> usize { 0 }
//!     fn bad_record_count(&self) -> usize { 0 }
//! }
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("empty event")]
//! struct Empty;
//!
//! impl HandlerError for Empty {
//!     fn is_retryable(&self) -> bool { false }
//! }
//!
//! impl EventHandler for Sizes {
//!     type Output = Size;
//!     type Error = Empty;
//!     async fn handle_event(&self, event: &[u8], _: Duration) -> Result<Size, Empty> {
//!         if event.is_empty() { Err(Empty) } else { Ok(Size { bytes: event.len() }) }
//!     }
//! }
//!
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let second = Duration::from_secs(1);
//! let size = rt.block_on(Sizes.handle_event(b"{}", second)).unwrap();
//! assert_eq!(serde_json::to_string(&size).unwrap(), r#"{"bytes":2}"#);
//! let empty = rt.block_on(Sizes.handle_event(b"", second)).unwrap_err();
//! assert!(!empty.is_retryable());
//! ```

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
