//! The command line outside Lambda ([`Cli`]): `invoke` runs one event file through the handler
//! ([`invoke`]); `sample`, `score-series` and `nab` are the detection core's data commands; with
//! the `local` feature, `local` runs the handler behind the `local` crate's Kafka poller
//! (`kafka`), and `produce` and `serve-zscore` are that crate's demo helpers.
//!
//! The modules point one way: [`args`] (shared flags) ← [`config`] and [`handler`] (what a
//! command runs) ← [`invoke`] and `kafka` (the commands) ← this module (the command line).

pub mod args;
pub mod config;
pub mod handler;
pub mod invoke;
#[cfg(feature = "local")]
pub mod kafka;

use clap::{Parser, Subcommand};

/// The command line of `anomaly-function` outside Lambda.
#[derive(Debug, Parser)]
#[command(
    name = "anomaly-function",
    version,
    about = "Scores a Kafka event's records with a SageMaker Random Cut Forest endpoint, or an \
             embedded forest from a model file. Runs under Lambda when AWS_LAMBDA_RUNTIME_API is \
             set; otherwise runs one event file locally."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The local commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one Kafka event file through the handler and print the result as JSON.
    Invoke(invoke::InvokeArgs),
    /// Write sample log lines with injected anomalies, as JSON or text (`--record-format`),
    /// one per line (`--format lines`, training data for `synth train`) or one Kafka event of
    /// them (`--format event`, for `invoke`).
    Sample(detect::cli::sample::SampleArgs),
    /// Consume a Kafka topic as Lambda's event source mapping does, through the same
    /// handler; print each batch's result as one JSON line.
    #[cfg(feature = "local")]
    Local(kafka::LocalArgs),
    /// Produce sample JSON log lines, with injected anomalies, to a Kafka topic.
    #[cfg(feature = "local")]
    Produce(local::produce::ProduceArgs),
    /// Serve a z-score scorer (not Random Cut Forest) behind the SageMaker runtime API on
    /// 127.0.0.1, so the poller runs without AWS.
    #[cfg(feature = "local")]
    ServeZscore(local::serve::ServeArgs),
    /// Score a NAB-format series (`timestamp,value` CSV) with the embedded Random Cut
    /// Forest as a stream (score each point, then learn it) and print
    /// `timestamp,value,score,anomaly` rows.
    ScoreSeries(detect::cli::score_series::ScoreSeriesArgs),
    /// Run the embedded forest over a NAB corpus (`DIR/windows.json` and its series) and
    /// print NAB standard-profile scores per file and overall.
    Nab(detect::cli::nab::NabArgs),
}
