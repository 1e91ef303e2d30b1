//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use constructs::function::Architecture;

/// Synthesize an anomaly-detection stack (Kafka → Lambda → SageMaker RCF) as CloudFormation.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// The example stack to synthesize (see --list); the reference stack by default.
    #[arg(long, short = 'e', value_name = "NAME")]
    pub example: Option<String>,

    /// List the example stacks and exit.
    #[arg(long, conflicts_with_all = ["example", "out", "code_zip", "architecture"])]
    pub list: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write the template to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// The built function package (target/lambda/anomaly-function/bootstrap.zip): sets the
    /// CodeKey default to its SHA-256, the function's architecture to its binary's, and
    /// prints the upload and deploy commands on stderr.
    #[arg(long, value_name = "PATH")]
    pub code_zip: Option<PathBuf>,

    /// The function's architecture (default: the --code-zip binary's, else arm64). Refused
    /// when it contradicts the --code-zip binary.
    #[arg(long, value_enum)]
    pub architecture: Option<Arch>,
}

/// Template formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON, two-space indented.
    Json,
    /// YAML, intrinsics in long form.
    Yaml,
}

/// Lambda architectures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Arch {
    /// Graviton.
    Arm64,
    /// Intel and AMD.
    #[value(name = "x86_64", alias = "x86-64")]
    X86_64,
}

impl From<Arch> for Architecture {
    fn from(arch: Arch) -> Self {
        match arch {
            Arch::Arm64 => Architecture::Arm64,
            Arch::X86_64 => Architecture::X86_64,
        }
    }
}
