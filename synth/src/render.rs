//! Building the chosen stack and writing its template.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::cli::{Cli, Format};

/// Runs the command; the error is the whole message for stderr.
pub fn run(cli: &Cli) -> Result<(), String> {
    if cli.list {
        let mut out = String::new();
        for example in examples::all() {
            let _ = writeln!(out, "{:<24} {}", example.name, example.summary);
        }
        return write_stdout(&out);
    }
    let name = cli.example.as_deref().unwrap_or(examples::REFERENCE);
    let example = examples::find(name).ok_or_else(|| {
        let names: Vec<&str> = examples::all().iter().map(|e| e.name).collect();
        format!(
            "error: no example named `{name}`\n  fix: use one of: {}\n",
            names.join(", ")
        )
    })?;
    let stack = (example.build)(&examples::Options::default());
    let synthesized = stack.synth().map_err(|errors| errors.to_string())?;
    for warning in &synthesized.warnings {
        eprintln!("{warning}");
    }
    let text = match cli.format {
        Format::Json => synthesized.template.to_json(),
        Format::Yaml => synthesized.template.to_yaml(),
    };
    match &cli.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display())),
        None => write_stdout(&text),
    }
}

fn write_stdout(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("error: cannot write to stdout: {e}\n"))
}
