//! `synth`: prints an anomaly-detection stack as a CloudFormation template.
//!
//! `cargo run -p synth > stack.json` prints the reference stack as JSON; `--example NAME`
//! another example, `--config stack.yaml` a stack file. Subcommands: `schema` (the stack
//! file's JSON Schema), `init` (a starter stack file), `validate` (every check, with line
//! numbers), `diagram` (a Mermaid flowchart), `explain` (what a diagnostic's rule id means),
//! `train` (the embedded scorer's model file), `calibrate` (a threshold from scores), `diff`
//! (what deploying over a deployed template would change; exit 0 for none, 2 for changes), and
//! the data commands `sample`, `score-series` and `nab` (the function's own, with pictures).
//! Errors go to stderr with exit code 1 and
//! nothing on stdout; warnings go to stderr.

mod calibrate;
mod cli;
mod data;
mod deploy;
mod diagram;
mod diff;
mod explain;
mod init;
mod model_file;
mod package;
mod refusal;
mod render;
mod schema;
mod stack;
mod train;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use cli::Command;
use detect::cli::Host;

/// The data commands run here with pictures (`--plot`, `--plots`).
const HOST: Host = Host {
    program: "synth",
    plotter: Some(detect::plot::draw),
};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // `synth diff` exits 2 for "changes", so its usage errors take 1, as all its errors do.
        Err(e) if e.use_stderr() && diff::invoked() => {
            let _ = e.print();
            return ExitCode::FAILURE;
        }
        Err(e) => e.exit(),
    };
    let result = match &cli.command {
        None => render::run(&cli),
        Some(Command::Schema) => schema::run(),
        Some(Command::Init(args)) => init::run(args),
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Diagram(args)) => diagram::run(args),
        Some(Command::Explain(args)) => explain::run(args),
        Some(Command::Diff(args)) => return diff::run(args),
        Some(Command::Train(args)) => train::run(args),
        Some(Command::Calibrate(args)) => calibrate::run(args),
        Some(Command::Sample(args)) => return detect::cli::sample::run(args, &HOST),
        Some(Command::ScoreSeries(args)) => return detect::cli::score_series::run(args, &HOST),
        Some(Command::Nab(args)) => return detect::cli::nab::run(args, &HOST),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}
