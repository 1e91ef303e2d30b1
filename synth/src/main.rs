//! `synth`: prints an anomaly-detection stack as a CloudFormation template.
//!
//! `cargo run -p synth > stack.json` prints the reference stack as JSON. Errors go to stderr
//! with exit code 1 and nothing on stdout; warnings go to stderr.

mod cli;
mod deploy;
mod package;
mod render;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match render::run(&cli) {
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
