//! Building the chosen stack and writing its template.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use constructs::config::BuildOptions;
use constructs::function::Architecture;
use constructs::{Stack, Synthesized, Template};

use crate::cli::{Arch, Cli, Format, PackageArgs};
use crate::model_file::{ModelFile, Upload};
use crate::package::Package;
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
    let Made {
        inputs,
        stack,
        synthesized,
        ..
    } = make(cli.config.as_deref(), cli.example.as_deref(), &cli.package)?;
    let uploads = inputs.check(&synthesized.template)?;
    let text = template_text(&synthesized.template, cli.format);
    write_template(&text, cli.out.as_deref())?;
    if let Some(package) = &inputs.package {
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
                inputs.model.as_ref().map(|file| deploy::ModelUploads {
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

/// What `--code-zip`, `--model` and `--architecture` bring to a build: the package and the
/// model file, read and checked, and the build options they set. `synth` and `synth diff`
/// read them the same way, so both make the same template from the same flags.
pub struct Inputs {
    /// The `--code-zip` package.
    pub package: Option<Package>,
    /// The `--model` file (`--model` requires `--code-zip`).
    pub model: Option<ModelFile>,
    /// The code key and architecture the package and flags set.
    pub options: BuildOptions,
}

impl Inputs {
    /// Reads the package and the model file; errors are whole messages for stderr.
    pub fn read(flags: &PackageArgs) -> Result<Self, String> {
        let package = flags
            .code_zip
            .as_deref()
            .map(package::inspect)
            .transpose()
            .map_err(|refusal| format!("{refusal}\n"))?;
        let model = flags
            .model
            .as_deref()
            .map(model_file::inspect)
            .transpose()
            .map_err(|refusal| format!("{refusal}\n"))?;
        let options = BuildOptions {
            code_key: package.as_ref().map(Package::s3_key),
            architecture: self::architecture(flags.architecture, package.as_ref())?,
        };
        Ok(Self {
            package,
            model,
            options,
        })
    }

    /// Checks the synthesized `template` against the package and the model before anything is
    /// written: a model the functions would refuse fails here. Returns the model's uploads.
    pub fn check(&self, template: &Template) -> Result<Vec<Upload>, String> {
        let Some(package) = &self.package else {
            return Ok(Vec::new());
        };
        model_file::check_bundled(package, template).map_err(|r| refusal::render(&r))?;
        match &self.model {
            Some(model) => model_file::uploads(model, template).map_err(|r| refusal::render(&r)),
            None => Ok(Vec::new()),
        }
    }
}

/// A stack picked, built with the package flags and synthesized; its warnings printed.
pub struct Made {
    /// The stack file or example.
    pub chosen: Chosen,
    /// The package flags, read.
    pub inputs: Inputs,
    /// The built stack.
    pub stack: Stack,
    /// Its template.
    pub synthesized: Synthesized,
}

/// Builds and synthesizes the stack `--config`/`--example` choose (the reference stack when
/// neither does), as `synth` and `synth diff` both do; errors are whole messages.
pub fn make(
    config: Option<&Path>,
    example: Option<&str>,
    flags: &PackageArgs,
) -> Result<Made, String> {
    let chosen = Chosen::pick(config, example)?;
    let inputs = Inputs::read(flags)?;
    let stack = chosen.build(&inputs.options)?;
    let synthesized = chosen.synth(&stack)?;
    for warning in &synthesized.warnings {
        eprintln!("{}", chosen.render(warning));
    }
    Ok(Made {
        chosen,
        inputs,
        stack,
        synthesized,
    })
}

/// The template as `--format` writes it.
pub fn template_text(template: &Template, format: Format) -> String {
    match format {
        Format::Json => template.to_json(),
        Format::Yaml => template.to_yaml(),
    }
}

/// Writes `text` to `out`, or to stdout when no file is given.
pub fn write_template(text: &str, out: Option<&Path>) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display())),
        None => write_stdout(text),
    }
}

/// The architecture from `--architecture` or the package, when either is given; a flag that
/// contradicts the package's binary is an error, never a silent mismatch.
fn architecture(
    flag: Option<Arch>,
    package: Option<&package::Package>,
) -> Result<Option<Architecture>, String> {
    let flag = flag.map(Architecture::from);
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
