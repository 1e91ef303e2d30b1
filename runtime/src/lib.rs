//! The anomaly-detection Lambda function: a Kafka batch from an event source mapping →
//! features → SageMaker Random Cut Forest scores → anomalies, with nothing lost.
//!
//! Every record of a batch ends up either scored or bad (with its reason); the
//! [`InvocationResult`] accounts for each exactly once. Throttling,
//! 5xx, timeouts and sink failures fail the invocation so the mapping retries the batch.
//!
//! The binary `anomaly-function` runs under Lambda when `AWS_LAMBDA_RUNTIME_API` is set, and
//! otherwise offers `anomaly-function invoke --event FILE` (see [`cli`]). With the `local`
//! feature it also runs as its own Kafka event source against a real broker: the `local` crate
//! polls, batches and commits, and `cli::kafka` hands it this crate's [`Handler`].

pub mod cli;
pub mod clients;
pub mod deadline;
pub mod error;
pub mod handler;
pub mod lambda;
pub mod result;
pub mod scoring;
pub mod sinks;

pub use error::Error;
pub use handler::Handler;
pub use result::InvocationResult;
