//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Synthesize an anomaly-detection stack (Kafka → Lambda → SageMaker RCF) as CloudFormation.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// The example stack to synthesize (see --list); the reference stack by default.
    #[arg(long, short = 'e', value_name = "NAME")]
    pub example: Option<String>,

    /// List the example stacks and exit.
    #[arg(long, conflicts_with_all = ["example", "out"])]
    pub list: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write the template to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Template formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON, two-space indented.
    Json,
    /// YAML, intrinsics in long form.
    Yaml,
}
