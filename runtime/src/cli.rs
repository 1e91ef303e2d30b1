//! The local mode: `anomaly-function invoke --event FILE` runs one event file through the
//! same handler and prints the result as JSON on stdout (logs go to stderr). With
//! `--scorer embedded --model model.json` it needs no endpoint at all.
//!
//! Exit status: 0 with the result; 1 when the invocation fails in a way Lambda would retry
//! (the error on stderr); 2 for an invalid configuration, event or argument.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use contract::{
    CONFIG_ENV, ContentType, ContractError, ContractRule, FunctionConfig, ScorerConfig, Threshold,
};

use crate::clients;
use crate::deadline::Deadline;
use crate::error::Error;
use crate::handler::Handler;
use crate::lambda::function_name;
use crate::scoring::backend::Backend;
use crate::scoring::embedded::EmbeddedScorer;
use crate::sinks::log::Log;

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
    Invoke(InvokeArgs),
    /// Write sample log lines with injected anomalies, as JSON or text (`--record-format`),
    /// one per line (`--format lines`, training data for `synth train`) or one Kafka event of
    /// them (`--format event`, for `invoke`).
    Sample(detect::cli::sample::SampleArgs),
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
    /// Score a NAB-format series (`timestamp,value` CSV) with the embedded Random Cut
    /// Forest as a stream (score each point, then learn it) and print
    /// `timestamp,value,score,anomaly` rows.
    ScoreSeries(detect::cli::score_series::ScoreSeriesArgs),
    /// Run the embedded forest over a NAB corpus (`DIR/windows.json` and its series) and
    /// print NAB standard-profile scores per file and overall.
    Nab(detect::cli::nab::NabArgs),
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
    /// What scores the records.
    #[command(flatten)]
    pub scoring: ScorerArgs,
    /// Seconds the invocation may take (stands in for Lambda's remaining time).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub deadline: f64,
}

/// How the local commands (`invoke`, `local`) choose their scorer, replacing the
/// configuration's.
#[derive(Debug, Clone, Default, Args)]
pub struct ScorerArgs {
    /// The SageMaker endpoint's name, replacing the configuration's scorer.
    #[arg(long, value_name = "NAME")]
    pub endpoint: Option<String>,
    /// What scores the records; default: the configuration's scorer (`embedded` with
    /// `--model`).
    #[arg(long, value_enum, value_name = "KIND")]
    pub scorer: Option<ScorerKind>,
    /// The model file `synth train` wrote: scores with it inside the process (no endpoint).
    #[arg(long, value_name = "FILE", conflicts_with = "endpoint")]
    pub model: Option<PathBuf>,
    /// With the embedded scorer: learn every record after scoring it.
    #[arg(long)]
    pub learn: bool,
    /// A fixed threshold replacing the configuration's (`synth calibrate` proposes one).
    #[arg(long, value_name = "SCORE", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
}

/// Parses `--threshold`: a finite number.
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a finite number")),
    }
}

/// The scorers `--scorer` chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScorerKind {
    /// A SageMaker endpoint (the configuration's, or `--endpoint`).
    Sagemaker,
    /// A Random Cut Forest inside the process (`--model`, or the configuration's model file).
    Embedded,
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
    load_config_from(args.config.as_deref(), &args.scoring)
}

/// Loads a configuration as [`load_config`] does, from a `--config` file (else
/// [`CONFIG_ENV`], else the seed's defaults), with an `--endpoint` name and a `--threshold`
/// replacing the configuration's.
pub fn load_config_from(
    config: Option<&Path>,
    overrides: &ScorerArgs,
) -> Result<FunctionConfig, Error> {
    let text = match config {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Error::Config(vec![ContractError {
                rule: ContractRule::ConfigMissing,
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
    if let Some(value) = overrides.threshold {
        config.threshold = Threshold::Fixed { value };
    }
    if let Some(name) = &overrides.endpoint {
        match &mut config.scorer {
            ScorerConfig::SageMaker { endpoint_name, .. } => name.clone_into(endpoint_name),
            // `--endpoint` asks for an endpoint: it replaces an embedded scorer.
            scorer @ ScorerConfig::Embedded { .. } => {
                *scorer = ScorerConfig::SageMaker {
                    endpoint_name: name.to_owned(),
                    content_type: ContentType::default(),
                }
            }
        }
    }
    config.validate().map_err(Error::Config)?;
    Ok(config)
}

/// The handler the local commands run: the scorer [`choose_scorer`] picks and the
/// configuration's sinks, reached through the SDK's environment (credentials, region, endpoint
/// URL overrides), with its log lines on stderr (stdout carries results).
pub async fn local_handler(
    config: &FunctionConfig,
    scoring: &ScorerArgs,
) -> Result<Handler<Backend>, Error> {
    let sdk = clients::load_sdk_config().await;
    Ok(Handler::new(
        config,
        choose_scorer(&sdk, config, scoring).await?,
        clients::sinks(&sdk, config),
        Log::Stderr,
        function_name("anomaly-function-local"),
    ))
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

/// The scorer the local commands use: `--model` (embedded), else the configuration's (which
/// `--endpoint` may have replaced); `--scorer` must agree with it.
pub async fn choose_scorer(
    sdk: &aws_config::SdkConfig,
    config: &FunctionConfig,
    args: &ScorerArgs,
) -> Result<Backend, Error> {
    let argument = |field: &str, problem: &str, fix: &str| {
        Error::Config(vec![ContractError {
            rule: ContractRule::ScorerArguments,
            field: field.into(),
            problem: problem.into(),
            fix: fix.into(),
        }])
    };
    let configured_learn = match &config.scorer {
        ScorerConfig::Embedded { learn, .. } => Some(*learn),
        ScorerConfig::SageMaker { .. } => None,
    };
    match (args.scorer, &args.model, configured_learn) {
        (Some(ScorerKind::Sagemaker), Some(_), _) => Err(argument(
            "--model",
            "gives a model file, but --scorer is sagemaker",
            "drop --model, or use --scorer embedded",
        )),
        (_, Some(path), learn) => {
            let bytes = std::fs::read(path).map_err(|e| {
                argument(
                    "--model",
                    &format!("cannot read {}: {e}", path.display()),
                    "pass the model file `synth train` wrote",
                )
            })?;
            let learn = args.learn || learn.unwrap_or(false);
            EmbeddedScorer::from_bytes(&bytes, &config.features, learn, path.display().to_string())
                .map(|scorer| Backend::Embedded(Box::new(scorer)))
        }
        (Some(ScorerKind::Embedded), None, None) => Err(argument(
            "--scorer",
            "is embedded, but the configuration scores with an endpoint and no --model is given",
            "pass --model FILE (a model file `synth train` wrote)",
        )),
        (Some(ScorerKind::Sagemaker), None, Some(_)) => Err(argument(
            "--scorer",
            "is sagemaker, but the configuration scores with an embedded model",
            "pass --endpoint NAME",
        )),
        (_, None, Some(learn)) if args.learn && !learn => {
            let mut config = config.clone();
            if let ScorerConfig::Embedded { learn, .. } = &mut config.scorer {
                *learn = true;
            }
            clients::scorer(sdk, &config).await
        }
        (_, None, _) => clients::scorer(sdk, config).await,
    }
}

async fn try_invoke(args: &InvokeArgs) -> Result<String, Error> {
    let config = load_config(args)?;
    let event = std::fs::read(&args.event)
        .map_err(|e| Error::InvalidEvent(format!("cannot read {}: {e}", args.event.display())))?;
    let handler = local_handler(&config, &args.scoring).await?;
    let deadline = Deadline::after(Duration::from_secs_f64(args.deadline));
    let result = handler.handle(&event, deadline).await?;
    serde_json::to_string_pretty(&result)
        .map_err(|e| Error::InvalidEvent(format!("cannot print the result: {e}")))
}
