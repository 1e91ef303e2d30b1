//! `anomaly-function local`'s event source: its Kafka and batching flags ([`SourceArgs`]) and
//! the run ([`run`]) that connects, polls and reports. The function's side (its configuration,
//! scorer and deadline flags, and the handler built from them) is the `runtime` crate's.
//!
//! Exit status: 0 after `--max-batches` batches or a Ctrl-C; 1 when the broker, a commit or a
//! batch that was failing when Ctrl-C came stopped it; 2 when the handler refused a batch in a
//! way no retry fixes; 130 when a second Ctrl-C interrupted a batch. Nothing uncommitted is
//! lost: the next start in the same group resumes at the last committed offsets.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use detect::batch::BatchLimits;

use crate::args::{parse_bootstrap, parse_group, parse_topic};
use crate::consumer::{ConsumerOptions, KafkaSource, StartingPosition};
use crate::error::LocalError;
use crate::handler::EventHandler;
use crate::poller::{self, Backoff, PollerOptions, Summary};
use crate::shutdown::Shutdown;

/// The consumer group when `--group` is not given.
pub const DEFAULT_GROUP: &str = "anomaly-function-local";

/// How `local` reads and batches: the event source mapping's settings.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// The brokers to start from, `host:port[,host:port…]` (the mapping's bootstrap servers).
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_bootstrap)]
    pub bootstrap: String,
    /// The topic to consume.
    #[arg(long, value_name = "TOPIC", value_parser = parse_topic)]
    pub topic: String,
    /// The consumer group; a restart in the same group resumes at its committed offsets.
    #[arg(long, value_name = "ID", default_value = DEFAULT_GROUP, value_parser = parse_group)]
    pub group: String,
    /// Records per batch, 1–10000 (the mapping's BatchSize; Lambda's default is 100).
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u16).range(1..=10_000))]
    pub batch_size: u16,
    /// Milliseconds to keep gathering after a batch's first record, 0–300000 (the mapping's
    /// batching window; Lambda's default for Kafka is 500).
    #[arg(long, value_name = "MS", default_value_t = 500,
          value_parser = clap::value_parser!(u32).range(0..=300_000))]
    pub window_ms: u32,
    /// Where a group without committed offsets starts reading.
    #[arg(long, value_enum, value_name = "POSITION", default_value_t = StartingPosition::TrimHorizon)]
    pub starting_position: StartingPosition,
    /// Stop after this many batches were handled and committed (default: run until Ctrl-C).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_batches: Option<u64>,
}

impl SourceArgs {
    /// The consumer's options.
    pub fn consumer_options(&self) -> ConsumerOptions {
        ConsumerOptions {
            bootstrap_servers: self.bootstrap.clone(),
            topic: self.topic.clone(),
            group: self.group.clone(),
            starting_position: self.starting_position,
        }
    }

    /// The poll loop's options, each invocation taking at most `invocation_timeout`.
    pub fn poller_options(&self, invocation_timeout: Duration) -> PollerOptions {
        PollerOptions {
            limits: BatchLimits::records(usize::from(self.batch_size)),
            window: Duration::from_millis(u64::from(self.window_ms)),
            max_batches: self.max_batches,
            invocation_timeout,
            backoff: Backoff::default(),
        }
    }
}

/// Runs `local` with `handler` (each invocation within `invocation_timeout`) and returns the
/// process's exit status.
pub async fn run<H: EventHandler>(
    args: &SourceArgs,
    handler: &H,
    invocation_timeout: Duration,
) -> ExitCode {
    match consume(args, handler, invocation_timeout).await {
        Ok(summary) => {
            eprintln!(
                "anomaly-function local: done: {} batches, {} records, {} retried attempts",
                summary.batches, summary.records, summary.retries
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anomaly-function local: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Stops on Ctrl-C, connects to the broker and polls until done, printing each batch's result
/// on stdout.
pub async fn consume<H: EventHandler>(
    args: &SourceArgs,
    handler: &H,
    invocation_timeout: Duration,
) -> Result<Summary, LocalError> {
    let shutdown = Shutdown::on_signals()
        .map_err(|e| LocalError::Io(format!("cannot install the Ctrl-C handler: {e}")))?;
    let mut source = KafkaSource::connect(&args.consumer_options())?;
    eprintln!(
        "anomaly-function local: consuming `{}` from {} as group `{}` (Ctrl-C stops after the \
         batch in flight)",
        args.topic, args.bootstrap, args.group
    );
    let mut out = std::io::stdout().lock();
    poller::run(
        &mut source,
        handler,
        &args.poller_options(invocation_timeout),
        &shutdown,
        &mut out,
    )
    .await
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    /// `SourceArgs` as a command of its own.
    #[derive(Debug, Parser)]
    struct Local {
        #[command(flatten)]
        source: SourceArgs,
    }

    fn parse(args: &[&str]) -> Result<SourceArgs, clap::Error> {
        Local::try_parse_from(["local"].iter().chain(args).copied()).map(|l| l.source)
    }

    #[test]
    fn defaults_are_the_mappings() {
        let args = parse(&["--bootstrap", "127.0.0.1:9092", "--topic", "app-logs"]).unwrap();
        let options = args.poller_options(Duration::from_secs(60));
        assert_eq!(options.limits.max_records, 100);
        assert_eq!(options.limits.max_bytes, 6_291_456);
        assert_eq!(options.window, Duration::from_millis(500));
        assert_eq!(options.max_batches, None);
        assert_eq!(options.invocation_timeout, Duration::from_secs(60));
        assert_eq!(args.group, DEFAULT_GROUP);
        assert_eq!(args.starting_position, StartingPosition::TrimHorizon);
    }

    #[test]
    fn every_flag_of_the_issue_is_accepted() {
        let args = parse(&[
            "--bootstrap",
            "a:1,b:2",
            "--topic",
            "t.x_y-z",
            "--group",
            "g@1",
            "--batch-size",
            "10000",
            "--window-ms",
            "0",
            "--starting-position",
            "latest",
            "--max-batches",
            "3",
        ])
        .unwrap();
        assert_eq!(
            args.consumer_options().starting_position.offset_reset(),
            "latest"
        );
        let options = args.poller_options(Duration::from_secs(1));
        assert_eq!(options.limits.max_records, 10_000);
        assert_eq!(options.window, Duration::ZERO);
        assert_eq!(args.max_batches, Some(3));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let base = ["--bootstrap", "h:1", "--topic", "t"];
        for bad in [
            &["--batch-size", "0"][..],
            &["--batch-size", "10001"],
            &["--window-ms", "300001"],
            &["--max-batches", "0"],
            &["--starting-position", "at-timestamp"],
            &["--group", "has space"],
            &["--topic", ".."],
            &["--bootstrap", "h:0"],
        ] {
            let args: Vec<&str> = base.iter().chain(bad).copied().collect();
            assert!(parse(&args).is_err(), "{bad:?} was accepted");
        }
    }
}
