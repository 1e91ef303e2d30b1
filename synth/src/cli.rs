//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use constructs::function::Architecture;

/// Synthesize an anomaly-detection stack (Kafka → Lambda → SageMaker RCF or an embedded
/// forest) as CloudFormation; train and calibrate the embedded forest.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What else to do than print a template.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The example stack to synthesize (see --list); the reference stack by default.
    #[arg(long, short = 'e', value_name = "NAME", conflicts_with = "config")]
    pub example: Option<String>,

    /// A stack file to synthesize (YAML, or JSON when it ends in .json).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// List the example stacks and exit.
    #[arg(long, conflicts_with_all = ["example", "config", "out", "code_zip", "model", "architecture"])]
    pub list: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write the template to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// The function package, its model and architecture.
    #[command(flatten)]
    pub package: PackageArgs,
}

/// The flags that tie a template to a built function package; `synth` and `synth diff` take
/// them alike.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The built function package (target/lambda/anomaly-function/bootstrap.zip): sets the
    /// CodeKey default (with --config: the default of the parameter `code.key` refers to) to
    /// its SHA-256, the function's architecture to its binary's; `synth` also prints the
    /// upload and deploy commands on stderr.
    #[arg(long, value_name = "PATH")]
    pub code_zip: Option<PathBuf>,

    /// The embedded scorer's model file (`synth train --output model.json`), with --code-zip:
    /// checked against the features of every function that reads its model from S3, and
    /// added to the printed commands: its upload under a content-addressed key, and that key
    /// for the model key's parameter.
    #[arg(long, value_name = "FILE", requires = "code_zip")]
    pub model: Option<PathBuf>,

    /// The function's architecture (default: the --code-zip binary's, else arm64). Refused
    /// when it contradicts the --code-zip binary.
    #[arg(long, value_enum)]
    pub architecture: Option<Arch>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the JSON Schema of stack files (for editors: `synth schema > stack.schema.json`).
    Schema,
    /// Write a starter stack.yaml (and its schema), commented field by field.
    Init(InitArgs),
    /// Run every check on a stack and print its errors and warnings (exit 1 on errors).
    Validate(StackArgs),
    /// Print the stack as a Mermaid flowchart (renders in GitHub markdown).
    Diagram(StackArgs),
    /// Explain a diagnostic's rule id (`synth explain E0104`), or list every rule.
    Explain(crate::explain::ExplainArgs),
    /// Compare a deployed template with what synth makes now: per resource add, update,
    /// replace or remove, and what each change means for offsets and stored data. Exit 0: no
    /// changes; 2: changes; 1: errors (and, with --fail-on-data-risk, data at risk).
    Diff(crate::diff::DiffArgs),
    /// Train the embedded scorer's Random Cut Forest on historical records (log lines in any
    /// record format the function reads, or CSV) and write the model file; the score
    /// distribution goes to stderr.
    Train(crate::train::TrainArgs),
    /// Propose an anomaly threshold (mean + k·σ, and the quantile for an alert rate) from
    /// scores of either backend, or from a model file and records.
    Calibrate(crate::calibrate::CalibrateArgs),
    /// Write sample JSON log lines with injected anomalies (`--format lines`, training data
    /// for `train`) or one Kafka event of them (`--format event`), as `anomaly-function sample`.
    Sample(detect::cli::sample::SampleArgs),
    /// Score a NAB-format series (`timestamp,value` CSV) with the embedded Random Cut Forest
    /// as a stream and print `timestamp,value,score,anomaly` rows; `--plot out.svg` draws it.
    ScoreSeries(detect::cli::score_series::ScoreSeriesArgs),
    /// Run the embedded forest over a NAB corpus and print NAB standard-profile scores per
    /// file and overall; `--plots DIR` draws each series.
    Nab(detect::cli::nab::NabArgs),
}

/// Which stack a subcommand works on.
#[derive(Debug, Args)]
pub struct StackArgs {
    /// A stack file (YAML, or JSON when it ends in .json).
    #[arg(long, short = 'c', value_name = "FILE", conflicts_with = "example")]
    pub config: Option<PathBuf>,

    /// An example stack (see `synth --list`); the reference stack when neither is given.
    #[arg(long, short = 'e', value_name = "NAME")]
    pub example: Option<String>,
}

/// `synth init` arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where the Kafka cluster runs.
    #[arg(long, value_enum, default_value_t = Source::Msk)]
    pub source: Source,

    /// The stack's name (1 to 128 letters, digits and `-`, starting with a letter).
    #[arg(long, default_value = "kafka-anomaly-detection")]
    pub name: String,

    /// Also write a small Rust crate that builds the same stack with the library.
    #[arg(long)]
    pub rust: bool,

    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,

    /// The directory to write into (created when missing).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// Kafka deployments `synth init` starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// Amazon MSK with IAM access control.
    Msk,
    /// Self-managed Kafka in a VPC with SASL/SCRAM-512.
    SelfManaged,
    /// Confluent Cloud with an API key.
    Confluent,
    /// Kafka inside an EKS cluster's VPC (e.g. Strimzi), SCRAM-512 and the cluster's CA.
    Eks,
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
