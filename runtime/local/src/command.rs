//! `anomaly-function local`: the function with its own Kafka event source.
//!
//! Exit status: 0 after `--max-batches` batches or a Ctrl-C; 1 when the broker, a commit or a
//! batch that was failing when Ctrl-C came stopped it; 2 for an invalid configuration or
//! argument; 130 when a second Ctrl-C interrupted a batch. Nothing uncommitted is lost: the
//! next start in the same group resumes at the last committed offsets.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::consumer::{ConsumerOptions, KafkaSource, StartingPosition};
use super::error::LocalError;
use super::poller::{self, Backoff, PollerOptions, Summary};
use super::shutdown::Shutdown;
use crate::cli::{ScorerArgs, load_config_from, local_handler, parse_seconds};
use detect::batch::BatchLimits;

/// The consumer group when `--group` is not given.
pub const DEFAULT_GROUP: &str = "anomaly-function-local";

/// Arguments of `local`.
#[derive(Debug, Clone, Args)]
pub struct LocalArgs {
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
    /// The function's configuration (JSON); default: $ANOMALY_CONFIG, else the seed's defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What scores the records (by default the configuration's scorer).
    #[command(flatten)]
    pub scoring: ScorerArgs,
    /// Seconds each batch's invocation may take (Lambda's function timeout).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub deadline: f64,
}

impl LocalArgs {
    /// The consumer's options.
    pub fn consumer_options(&self) -> ConsumerOptions {
        ConsumerOptions {
            bootstrap_servers: self.bootstrap.clone(),
            topic: self.topic.clone(),
            group: self.group.clone(),
            starting_position: self.starting_position,
        }
    }

    /// The poll loop's options.
    pub fn poller_options(&self) -> PollerOptions {
        PollerOptions {
            limits: BatchLimits::records(usize::from(self.batch_size)),
            window: Duration::from_millis(u64::from(self.window_ms)),
            max_batches: self.max_batches,
            invocation_timeout: Duration::from_secs_f64(self.deadline),
            backoff: Backoff::default(),
        }
    }
}

/// Runs `local` and returns the process's exit status.
pub async fn run(args: &LocalArgs) -> ExitCode {
    match try_run(args).await {
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

async fn try_run(args: &LocalArgs) -> Result<Summary, LocalError> {
    let config =
        load_config_from(args.config.as_deref(), &args.scoring).map_err(LocalError::Handler)?;
    let handler = local_handler(&config, &args.scoring)
        .await
        .map_err(LocalError::Handler)?;
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
        &handler,
        &args.poller_options(),
        &shutdown,
        &mut out,
    )
    .await
}

/// `host:port[,host:port…]`, each with a host and a numeric port.
pub fn parse_bootstrap(s: &str) -> Result<String, String> {
    let bad = s.split(',').find(|b| match b.rsplit_once(':') {
        Some((host, port)) => host.is_empty() || port.parse::<u16>().map_or(true, |p| p == 0),
        None => true,
    });
    match bad {
        None => Ok(s.to_owned()),
        Some(b) => Err(format!(
            "`{b}` is not host:port (e.g. 127.0.0.1:9092; several are separated by commas)"
        )),
    }
}

/// A Kafka topic name: 1–249 of `[a-zA-Z0-9._-]`, not `.` or `..`.
pub fn parse_topic(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 249
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a Kafka topic name (1–249 letters, digits, `.`, `_` or `-`)"
        ))
    }
}

/// A consumer group id: 1–200 of `[a-zA-Z0-9-/*:_+=.@]`, as the event source mapping accepts,
/// so a group tried locally can be deployed.
pub fn parse_group(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/*:_+=.@".contains(c));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a consumer group id the event source mapping accepts (1–200 of \
             letters, digits and - / * : _ + = . @)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> Result<LocalArgs, clap::Error> {
        let cli = Cli::try_parse_from(["anomaly-function", "local"].iter().chain(args).copied())?;
        match cli.command {
            Command::Local(args) => Ok(args),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults_are_the_mappings() {
        let args = parse(&["--bootstrap", "127.0.0.1:9092", "--topic", "app-logs"]).unwrap();
        let options = args.poller_options();
        assert_eq!(options.limits.max_records, 100);
        assert_eq!(options.limits.max_bytes, 6_291_456);
        assert_eq!(options.window, Duration::from_millis(500));
        assert_eq!(options.max_batches, None);
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
        assert_eq!(args.poller_options().limits.max_records, 10_000);
        assert_eq!(args.poller_options().window, Duration::ZERO);
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
            &["--deadline", "0"],
        ] {
            let args: Vec<&str> = base.iter().chain(bad).copied().collect();
            assert!(parse(&args).is_err(), "{bad:?} was accepted");
        }
        for bootstrap in ["", "host", "host:", ":9092", "h:1,,h:2", "h:99999", "h:0"] {
            assert!(parse_bootstrap(bootstrap).is_err(), "{bootstrap}");
        }
        for topic in ["", ".", "..", "a b", "é", &"t".repeat(250)] {
            assert!(parse_topic(topic).is_err(), "{topic}");
        }
    }
}
