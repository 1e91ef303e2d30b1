//! The local mode: `anomaly-function invoke --event FILE` runs one event file through the
//! same handler and prints the result as JSON on stdout (logs go to stderr).
//!
//! Exit status: 0 with the result; 1 when the invocation fails in a way Lambda would retry
//! (the error on stderr); 2 for an invalid configuration, event or argument.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use constructs::contract::{CONFIG_ENV, ContractError, FunctionConfig, ScorerConfig};

use crate::clients;
use crate::deadline::Deadline;
use crate::error::Error;
use crate::handler::Handler;
use crate::lambda::function_name;
use crate::scoring::sagemaker::SageMakerEndpoint;
use crate::sinks::log::Log;

/// The command line of `anomaly-function` outside Lambda.
#[derive(Debug, Parser)]
#[command(
    name = "anomaly-function",
    version,
    about = "Scores a Kafka event's records with a SageMaker Random Cut Forest endpoint. Runs under \
             Lambda when AWS_LAMBDA_RUNTIME_API is set; otherwise runs one event file locally."
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
    Invoke(InvokeArgs),
    /// Consume a Kafka topic as Lambda's event source mapping does, through the same
    /// handler; print each batch's result as one JSON line.
    #[cfg(feature = "local")]
    Local(crate::local::command::LocalArgs),
    /// Produce sample JSON log lines, with injected anomalies, to a Kafka topic.
    #[cfg(feature = "local")]
    Produce(crate::local::produce::ProduceArgs),
    /// Serve a z-score scorer (not Random Cut Forest) behind the SageMaker runtime API on
    /// 127.0.0.1, so the poller runs without AWS.
    #[cfg(feature = "local")]
    ServeZscore(crate::local::serve::ServeArgs),
}

/// Arguments of `invoke`.
#[derive(Debug, Args)]
pub struct InvokeArgs {
    /// The event file (the JSON Lambda would deliver).
    #[arg(long, value_name = "FILE")]
    pub event: PathBuf,
    /// The function's configuration (JSON); default: $ANOMALY_CONFIG, else the seed's defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The SageMaker endpoint's name, replacing the configuration's.
    #[arg(long, value_name = "NAME")]
    pub endpoint: Option<String>,
    /// Seconds the invocation may take (stands in for Lambda's remaining time).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub deadline: f64,
}

/// Parses `--deadline`: seconds in (0, 900].
pub fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 900.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 900"
        )),
    }
}

/// Loads the configuration `invoke` uses: `--config`, else [`CONFIG_ENV`], else the seed's
/// defaults; `--endpoint` replaces the endpoint name; the result is validated.
pub fn load_config(args: &InvokeArgs) -> Result<FunctionConfig, Error> {
    load_config_from(args.config.as_deref(), args.endpoint.as_deref())
}

/// Loads a configuration as [`load_config`] does, from a `--config` file (else
/// [`CONFIG_ENV`], else the seed's defaults) and an `--endpoint` name replacing the
/// configuration's.
pub fn load_config_from(
    config: Option<&Path>,
    endpoint: Option<&str>,
) -> Result<FunctionConfig, Error> {
    let text = match config {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Error::Config(vec![ContractError {
                field: "--config".into(),
                problem: format!("cannot read {}: {e}", path.display()),
                fix: "pass a readable JSON file".into(),
            }])
        })?),
        None => std::env::var(CONFIG_ENV).ok(),
    };
    let mut config = match text {
        Some(text) => FunctionConfig::from_json(&text).map_err(Error::Config)?,
        None => FunctionConfig::default(),
    };
    if let Some(name) = endpoint {
        let ScorerConfig::SageMaker { endpoint_name, .. } = &mut config.scorer;
        name.clone_into(endpoint_name);
        config.validate().map_err(Error::Config)?;
    }
    Ok(config)
}

/// The handler the local commands run: the configuration's endpoint and sinks, reached
/// through the SDK's environment (credentials, region, endpoint URL overrides), with its
/// log lines on stderr (stdout carries results).
pub async fn local_handler(config: &FunctionConfig) -> Handler<SageMakerEndpoint> {
    let sdk = clients::load_sdk_config().await;
    Handler::new(
        config,
        clients::endpoint(&sdk, config),
        clients::sinks(&sdk, config),
        Log::Stderr,
        function_name("anomaly-function-local"),
    )
}

/// Runs `invoke` and returns the process's exit status.
pub async fn invoke(args: &InvokeArgs) -> ExitCode {
    match try_invoke(args).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anomaly-function: {e}");
            ExitCode::from(if e.is_retryable() { 1 } else { 2 })
        }
    }
}

async fn try_invoke(args: &InvokeArgs) -> Result<String, Error> {
    let config = load_config(args)?;
    let event = std::fs::read(&args.event)
        .map_err(|e| Error::InvalidEvent(format!("cannot read {}: {e}", args.event.display())))?;
    let handler = local_handler(&config).await;
    let deadline = Deadline::after(Duration::from_secs_f64(args.deadline));
    let result = handler.handle(&event, deadline).await?;
    serde_json::to_string_pretty(&result)
        .map_err(|e| Error::InvalidEvent(format!("cannot print the result: {e}")))
}
