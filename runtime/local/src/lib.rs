//! The local event source (feature `local`; without it, only the parts that need no Kafka
//! client or server: [`batch`], [`record`] and [`loggen`], which `anomaly-function sample`
//! uses): the function run against a real Kafka broker,
//! as Lambda's Kafka event source mapping runs it, through the same [`Handler`](crate::Handler)
//! as Lambda and `invoke`.
//!
//! `anomaly-function local --bootstrap HOST:PORT --topic TOPIC` joins a consumer group
//! ([`consumer`]), gathers records into batches of at most `--batch-size` records and 6 MB
//! within `--window-ms` of a batch's first record ([`batch`]), writes each batch as the
//! mapping's `SelfManagedKafka` event ([`record`]), invokes the handler, prints its result as
//! one JSON line, and only then commits the batch's offsets ([`poller`]): at least once, as
//! the mapping. A failed batch is retried with backoff, never skipped; Ctrl-C stops after the
//! batch in flight ([`shutdown`]).
//!
//! Two helpers make it a demo on a fresh machine: `produce` writes sample logs with injected
//! anomalies ([`produce`], [`loggen`]), and `serve-zscore` answers the SageMaker runtime API
//! with a z-score scorer that is explicitly not Random Cut Forest ([`serve`], [`zscore`]).
//!
//! The Kafka client (librdkafka through `rdkafka`) is only built with this feature, so the
//! Lambda zip (`cargo lambda build -p runtime`) carries none of it:
//! `cargo run -p runtime --features local --bin anomaly-function -- local --help`.

#[cfg(feature = "local")]
pub mod command;
#[cfg(feature = "local")]
pub mod consumer;
#[cfg(feature = "local")]
pub mod error;
#[cfg(feature = "local")]
pub mod poller;
#[cfg(feature = "local")]
pub mod produce;
#[cfg(feature = "local")]
pub mod serve;
#[cfg(feature = "local")]
pub mod shutdown;
#[cfg(feature = "local")]
pub mod source;
#[cfg(feature = "local")]
pub mod topic;
#[cfg(feature = "local")]
pub mod zscore;

#[cfg(feature = "local")]
pub use error::LocalError;
