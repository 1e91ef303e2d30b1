//! `synth diff` arguments.

use std::path::PathBuf;

use clap::Args;

use crate::cli::{Format, PackageArgs, StackArgs};

/// `synth diff` arguments: the deployed template, the stack to compare it with (as `synth`
/// takes it), and the flags of `synth` that shape the template.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The deployed template: what `aws cloudformation get-template --stack-name NAME --query
    /// TemplateBody` prints (JSON, or YAML with short-form intrinsics), or an earlier `synth`
    /// output.
    #[arg(long, value_name = "DEPLOYED")]
    pub against: PathBuf,

    /// The stack synth makes now: the reference stack unless a file or example is given.
    #[command(flatten)]
    pub stack: StackArgs,

    /// Exit 1 instead of 2 when a change would delete stored data, skip records or read them
    /// again.
    #[arg(long)]
    pub fail_on_data_risk: bool,

    /// As for `synth`.
    #[command(flatten)]
    pub package: PackageArgs,

    /// Also write the compared template (the one to deploy) to FILE.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// The format of the template --out writes.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json, requires = "out")]
    pub format: Format,
}
