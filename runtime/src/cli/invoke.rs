//! `anomaly-function invoke --event FILE`: runs one event file through the same handler as
//! Lambda and prints the result as JSON on stdout (logs go to stderr). With
//! `--scorer embedded --model model.json` it needs no endpoint at all.
//!
//! Exit status: 0 with the result; 1 when the invocation fails in a way Lambda would retry
//! (the error on stderr); 2 for an invalid configuration, event or argument.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::args::FunctionArgs;
use super::config::load_config;
use super::handler::local_handler;
use crate::deadline::Deadline;
use crate::error::Error;

/// Arguments of `invoke`.
#[derive(Debug, Args)]
pub struct InvokeArgs {
    /// The event file (the JSON Lambda would deliver).
    #[arg(long, value_name = "FILE")]
    pub event: PathBuf,
    /// The configuration, scorer and deadline.
    #[command(flatten)]
    pub function: FunctionArgs,
}

/// Runs `invoke` and returns the process's exit status.
pub async fn run(args: &InvokeArgs) -> ExitCode {
    match invoke(args).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anomaly-function: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs the event through the handler and returns the result as pretty JSON.
pub async fn invoke(args: &InvokeArgs) -> Result<String, Error> {
    let function = &args.function;
    let config = load_config(function.config.as_deref(), &function.scoring)?;
    let event = std::fs::read(&args.event)
        .map_err(|e| Error::InvalidEvent(format!("cannot read {}: {e}", args.event.display())))?;
    let handler = local_handler(&config, &function.scoring).await?;
    let deadline = Deadline::after(function.timeout());
    let result = handler.handle(&event, deadline).await?;
    serde_json::to_string_pretty(&result)
        .map_err(|e| Error::InvalidEvent(format!("cannot print the result: {e}")))
}
