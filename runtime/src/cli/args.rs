//! The flags the commands outside Lambda share: what `invoke` and `local` run the function with
//! ([`FunctionArgs`]: its configuration, its scorer ([`ScorerArgs`]) and its time limit), and
//! the parsers of their numbers ([`parse_seconds`], [`parse_threshold`]).
//!
//! ```
//! use runtime::cli::args::{parse_seconds, parse_threshold};
//! assert_eq!(parse_seconds("2.5"), Ok(2.5));
//! assert!(parse_seconds("901").is_err());
//! assert_eq!(parse_threshold("-1"), Ok(-1.0));
//! assert!(parse_threshold("NaN").is_err());
//! ```

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

/// What the local commands (`invoke`, `local`) run the function with.
#[derive(Debug, Clone, Args)]
pub struct FunctionArgs {
    /// The function's configuration (JSON); default: $ANOMALY_CONFIG, else the seed's defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What scores the records (by default the configuration's scorer).
    #[command(flatten)]
    pub scoring: ScorerArgs,
    /// Seconds each invocation may take (Lambda's function timeout, or its remaining time).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub deadline: f64,
}

impl FunctionArgs {
    /// `--deadline` as a duration.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.deadline)
    }
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

/// The scorers `--scorer` chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScorerKind {
    /// A SageMaker endpoint (the configuration's, or `--endpoint`).
    Sagemaker,
    /// A Random Cut Forest inside the process (`--model`, or the configuration's model file).
    Embedded,
}

/// Parses `--threshold`: a finite number.
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a finite number")),
    }
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
