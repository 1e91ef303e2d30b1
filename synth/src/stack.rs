//! The stack a command works on: an example, or a stack file.

use std::path::Path;

use constructs::config::{BuildOptions, StackFile};
use constructs::{Diagnostic, Stack, Synthesized};

/// A chosen stack, ready to synthesize.
pub enum Chosen {
    /// An example of the `examples` crate.
    Example(&'static examples::Example),
    /// A stack file.
    File(Box<StackFile>),
}

impl Chosen {
    /// `--config FILE`, else `--example NAME`, else the reference stack.
    pub fn pick(config: Option<&Path>, example: Option<&str>) -> Result<Chosen, String> {
        if let Some(path) = config {
            return StackFile::load(path)
                .map(|file| Chosen::File(Box::new(file)))
                .map_err(|e| e.to_string());
        }
        let name = example.unwrap_or(examples::REFERENCE);
        examples::find(name).map(Chosen::Example).ok_or_else(|| {
            let names: Vec<&str> = examples::all().iter().map(|e| e.name).collect();
            format!(
                "error: no example named `{name}`\n  fix: use one of: {}\n",
                names.join(", ")
            )
        })
    }

    /// Builds the stack with the package's key and architecture, when given.
    pub fn build(&self, options: &BuildOptions) -> Result<Stack, String> {
        match self {
            Chosen::Example(example) => Ok((example.build)(&examples::Options {
                code_key: options.code_key.clone(),
                architecture: options.architecture.unwrap_or_default(),
            })),
            Chosen::File(file) => file.build(options).map_err(|e| e.to_string()),
        }
    }

    /// Synthesizes `stack` (built by [`Chosen::build`]); errors point into the file.
    pub fn synth(&self, stack: &Stack) -> Result<Synthesized, String> {
        stack.synth().map_err(|errors| match self {
            Chosen::Example(_) => errors.to_string(),
            Chosen::File(file) => file.explain(errors).to_string(),
        })
    }

    /// A diagnostic as printed: with the file and line when the stack is a file.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        match self {
            Chosen::Example(_) => diagnostic.to_string(),
            Chosen::File(file) => file.locate(diagnostic.clone()).render(file.file()),
        }
    }

    /// How messages name the stack.
    pub fn describe(&self) -> String {
        match self {
            Chosen::Example(example) => format!("example `{}`", example.name),
            Chosen::File(file) => file.file().to_owned(),
        }
    }
}
