//! What the anomaly-detection function computes, with no AWS SDK and no async runtime: the
//! Kafka event the event source mapping delivers ([`event`]), the features of each record
//! ([`features`]) and a batch's rows ([`rows`]), the embedded Random Cut Forest ([`rcf`]), the
//! anomaly decision ([`decision`]), and the offline tools built on them: streaming series
//! scoring ([`series`]), the NAB scorer ([`nab`]) and the sample-log generator ([`loggen`]),
//! which writes records and events as the mapping does ([`record`], [`batch`]).
//!
//! The Lambda package (`runtime`) and the CLI (`synth`) both build on this crate; the commands
//! they share are behind the `cli` feature ([`cli`]); `synth` also draws scored series
//! (feature `plot`, which the Lambda package leaves off).

pub mod batch;
#[cfg(feature = "cli")]
pub mod cli;
pub mod cpus;
pub mod decision;
pub mod event;
pub mod features;
mod json_cursor;
pub mod loggen;
pub mod nab;
#[cfg(feature = "plot")]
pub mod plot;
pub mod rcf;
pub mod reason;
pub mod record;
pub mod rows;
pub mod series;
