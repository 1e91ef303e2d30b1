//! Building the chosen stack and writing its template.

use std::fmt::Write as _;
use std::io::Write as _;

use constructs::config::BuildOptions;
use constructs::function::Architecture;

use crate::cli::{Cli, Format};
use crate::refusal::{self, Refusal};
use crate::stack::Chosen;
use crate::{deploy, model_file, package};

/// Runs the command; the error is the whole message for stderr.
pub fn run(cli: &Cli) -> Result<(), String> {
    if cli.list {
        let mut out = String::new();
        for example in examples::all() {
            let _ = writeln!(out, "{:<24} {}", example.name, example.summary);
        }
        return write_stdout(&out);
    }
    let chosen = Chosen::pick(cli.config.as_deref(), cli.example.as_deref())?;
    let package = cli
        .code_zip
        .as_deref()
        .map(package::inspect)
        .transpose()
        .map_err(|refusal| format!("{refusal}\n"))?;
    let model = cli
        .model
        .as_deref()
        .map(model_file::inspect)
        .transpose()
        .map_err(|refusal| format!("{refusal}\n"))?;
    let options = BuildOptions {
        code_key: package.as_ref().map(package::Package::s3_key),
        architecture: architecture(cli, package.as_ref())?,
    };
    let stack = chosen.build(&options)?;
    let synthesized = chosen.synth(&stack)?;
    for warning in &synthesized.warnings {
        eprintln!("{}", chosen.render(warning));
    }
    // Checked before anything is written: a model the functions would refuse fails here.
    // (`--model` requires `--code-zip`.)
    let mut uploads = Vec::new();
    if let Some(package) = &package {
        model_file::check_bundled(package, &synthesized.template)
            .map_err(|r| refusal::render(&r))?;
        if let Some(model) = &model {
            uploads = model_file::uploads(model, &synthesized.template)
                .map_err(|r| refusal::render(&r))?;
        }
    }
    let text = match cli.format {
        Format::Json => synthesized.template.to_json(),
        Format::Yaml => synthesized.template.to_yaml(),
    };
    match &cli.out {
        Some(path) => std::fs::write(path, &text)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display()))?,
        None => write_stdout(&text)?,
    }
    if let Some(package) = &package {
        let default_path = match cli.format {
            Format::Json => "stack.json",
            Format::Yaml => "stack.yaml",
        };
        let template_path = cli
            .out
            .as_ref()
            .map_or_else(|| default_path.to_owned(), |p| p.display().to_string());
        eprint!(
            "{}",
            deploy::commands(
                package,
                model.as_ref().map(|file| deploy::ModelUploads {
                    file,
                    uploads: &uploads,
                }),
                stack.name(),
                &synthesized.template,
                &template_path,
                text.len()
            )
        );
    }
    Ok(())
}

/// The architecture from `--architecture` or the package, when either is given; a flag that
/// contradicts the package's binary is an error, never a silent mismatch.
fn architecture(
    cli: &Cli,
    package: Option<&package::Package>,
) -> Result<Option<Architecture>, String> {
    let flag = cli.architecture.map(Architecture::from);
    match (flag, package) {
        (Some(flag), Some(package)) if flag != package.architecture => {
            let refusal = Refusal::broken(
                &constructs::rules::package::ARCHITECTURE_MISMATCH,
                ("--code-zip", &package.path.display().to_string()),
                "bootstrap",
                None,
                format!(
                    "is built for {}, which --architecture {} contradicts",
                    package.architecture.lambda_name(),
                    flag.lambda_name(),
                ),
                format!(
                    "drop --architecture, or rebuild the zip for {} (cargo lambda build --release --output-format zip{})",
                    flag.lambda_name(),
                    if flag == Architecture::Arm64 {
                        " --arm64"
                    } else {
                        ""
                    },
                ),
            );
            Err(format!("{refusal}\n"))
        }
        (Some(flag), _) => Ok(Some(flag)),
        (None, Some(package)) => Ok(Some(package.architecture)),
        (None, None) => Ok(None),
    }
}

/// Writes `text` to stdout.
pub fn write_stdout(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("error: cannot write to stdout: {e}\n"))
}
