//! `anomaly-function local` (feature `local`): the function as its own Kafka event source. The
//! `local` crate reads, batches, invokes and commits; this module builds the handler it
//! invokes, from the command's configuration, scorer and deadline flags, and makes the
//! function's [`Handler`] the crate's [`EventHandler`].
//!
//! Exit status: as the `local` crate's run (0 when done, 1 on a broker or commit failure, 130
//! after a second Ctrl-C), and 2 for an invalid configuration or argument, before any
//! connection to the broker.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use local::command::SourceArgs;
use local::{BatchResult, EventHandler, HandlerError};

use super::args::FunctionArgs;
use super::config::load_config;
use super::handler::local_handler;
use crate::deadline::Deadline;
use crate::error::Error;
use crate::handler::Handler;
use crate::result::InvocationResult;
use crate::scoring::backend::ScoreBackend;

/// Arguments of `local`.
#[derive(Debug, Clone, Args)]
pub struct LocalArgs {
    /// Where the records come from and how they are batched.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The configuration, scorer and deadline of each batch's invocation.
    #[command(flatten)]
    pub function: FunctionArgs,
}

/// Runs `local` and returns the process's exit status.
pub async fn run(args: &LocalArgs) -> ExitCode {
    let function = &args.function;
    let handler = match load_config(function.config.as_deref(), &function.scoring) {
        Ok(config) => local_handler(&config, &function.scoring).await,
        Err(e) => Err(e),
    };
    match handler {
        Ok(handler) => local::command::run(&args.source, &handler, function.timeout()).await,
        Err(e) => {
            eprintln!("anomaly-function local: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// One invocation per batch, with Lambda's deadline `timeout` from now.
impl<S: ScoreBackend> EventHandler for Handler<S> {
    type Output = InvocationResult;
    type Error = Error;

    async fn handle_event(&self, event: &[u8], timeout: Duration) -> Result<Self::Output, Error> {
        self.handle(event, Deadline::after(timeout)).await
    }
}

impl BatchResult for InvocationResult {
    fn anomaly_count(&self) -> usize {
        self.anomalies.len()
    }

    fn bad_record_count(&self) -> usize {
        self.bad_records.len()
    }
}

impl HandlerError for Error {
    fn is_retryable(&self) -> bool {
        Error::is_retryable(self)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clap::Parser;

    use super::*;
    use crate::cli::args::ScorerKind;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> Result<LocalArgs, clap::Error> {
        let cli = Cli::try_parse_from(["anomaly-function", "local"].iter().chain(args).copied())?;
        match cli.command {
            Command::Local(args) => Ok(args),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_readmes_flags_reach_the_source_and_the_scorer() {
        let args = parse(&[
            "--bootstrap",
            "127.0.0.1:9092",
            "--topic",
            "app-logs",
            "--batch-size",
            "500",
            "--max-batches",
            "6",
            "--scorer",
            "embedded",
            "--model",
            "model.json",
            "--threshold",
            "3.37",
        ])
        .unwrap();
        assert_eq!(
            (args.source.bootstrap.as_str(), args.source.topic.as_str()),
            ("127.0.0.1:9092", "app-logs")
        );
        assert_eq!(
            (args.source.batch_size, args.source.max_batches),
            (500, Some(6))
        );
        let scoring = &args.function.scoring;
        assert_eq!(scoring.scorer, Some(ScorerKind::Embedded));
        assert_eq!(scoring.model, Some(PathBuf::from("model.json")));
        assert_eq!(scoring.threshold, Some(3.37));
        assert_eq!(args.function.timeout(), Duration::from_secs(60));
    }

    #[test]
    fn a_deadline_out_of_range_or_a_bad_source_flag_is_refused() {
        let base = ["--bootstrap", "h:1", "--topic", "t"];
        for bad in [
            &["--deadline", "0"][..],
            &["--deadline", "901"],
            &["--threshold", "inf"],
            &["--batch-size", "0"],
        ] {
            let args: Vec<&str> = base.iter().chain(bad).copied().collect();
            assert!(parse(&args).is_err(), "{bad:?} was accepted");
        }
        assert!(parse(&["--topic", "t"]).is_err(), "--bootstrap is required");
    }

    #[test]
    fn only_invalid_configurations_and_events_stop_the_poller() {
        let config = Error::Config(Vec::new());
        let scoring = Error::Scoring {
            endpoint: "e".into(),
            rows: 0..1,
            message: "503".into(),
        };
        assert!(!HandlerError::is_retryable(&config));
        assert!(HandlerError::is_retryable(&scoring));
    }
}
