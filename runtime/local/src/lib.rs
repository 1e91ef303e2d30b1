//! The function's Kafka-local tools, run against a real broker and never part of the Lambda
//! package: the function as its own Kafka event source, a sample-log producer, and a local
//! stand-in for the SageMaker runtime API.
//!
//! `anomaly-function local --bootstrap HOST:PORT --topic TOPIC` joins a consumer group
//! ([`consumer`]), gathers records into batches of at most `--batch-size` records and 6 MB
//! within `--window-ms` of a batch's first record ([`detect::batch`]), writes each batch as the
//! mapping's `SelfManagedKafka` event ([`detect::record`]), invokes the handler, prints its
//! result as one JSON line, and only then commits the batch's offsets ([`poller`]): at least
//! once, as the mapping. A failed batch is retried with backoff, never skipped; Ctrl-C stops
//! after the batch in flight ([`shutdown`]). [`command`] holds that command's flags and run.
//!
//! The handler is anything that handles one event ([`EventHandler`]); this crate does not
//! depend on the function. The `runtime` crate implements the trait for its `Handler` and, with
//! its `local` feature, builds one from the command's configuration and scorer flags:
//! `cargo run -p runtime --features local --bin anomaly-function -- local --help`.
//!
//! Two helpers make it a demo on a fresh machine: `produce` writes sample logs with injected
//! anomalies to a topic it creates when missing ([`produce`], [`topic`]), and `serve-zscore`
//! answers the SageMaker runtime API with a z-score scorer that is explicitly not Random Cut
//! Forest ([`serve`], [`zscore`]). The Kafka flags both commands share are parsed in [`args`].

pub mod args;
pub mod command;
pub mod consumer;
pub mod error;
pub mod handler;
pub mod poller;
pub mod produce;
pub mod serve;
pub mod shutdown;
pub mod source;
pub mod topic;
pub mod zscore;

pub use error::LocalError;
pub use handler::{BatchResult, EventHandler, HandlerError};
