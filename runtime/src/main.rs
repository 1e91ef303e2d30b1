//! `anomaly-function`: the Lambda function, or `invoke` for one local event file (and, with
//! the `local` feature, `local`, `produce` and `serve-zscore`).

use std::process::ExitCode;

use clap::Parser;
use detect::cli::Host;
use runtime::cli::{Cli, Command};

/// The data commands run here without plotting: the Lambda package carries no plotting code
/// (`synth` draws).
const HOST: Host = Host {
    program: "anomaly-function",
    plotter: None,
};

fn main() -> ExitCode {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("anomaly-function: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return match rt.block_on(runtime::lambda::run()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("anomaly-function: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let cli = Cli::parse();
    match &cli.command {
        Command::Invoke(args) => rt.block_on(runtime::cli::invoke::run(args)),
        Command::Sample(args) => detect::cli::sample::run(args, &HOST),
        #[cfg(feature = "local")]
        Command::Local(args) => rt.block_on(runtime::cli::kafka::run(args)),
        #[cfg(feature = "local")]
        Command::Produce(args) => rt.block_on(local::produce::run(args)),
        #[cfg(feature = "local")]
        Command::ServeZscore(args) => rt.block_on(local::serve::run(args)),
        Command::ScoreSeries(args) => detect::cli::score_series::run(args, &HOST),
        Command::Nab(args) => detect::cli::nab::run(args, &HOST),
    }
}
