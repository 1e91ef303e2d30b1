//! A stack file, read and ready to build.

use std::path::Path;

use super::build;
use super::locations::{ConfigErrors, Locator, Problem};
use super::model::StackConfig;
use super::node::{Location, Node};
use super::parse;
use super::refs::Kind;
use crate::diagnostic::{Diagnostic, SynthErrors};
use crate::function::Architecture;
use crate::stack::{Stack, Synthesized};

/// The formats a stack file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML 1.2.
    Yaml,
    /// JSON.
    Json,
}

impl Format {
    /// JSON for `.json` files, YAML otherwise.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// What `synth` can vary when it builds a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// The S3 key of the built package (`synth --code-zip`): the default of the parameter
    /// each function's `code.key` refers to, or the key itself when it is a literal.
    pub code_key: Option<String>,
    /// The package's architecture: functions without `architecture` get it, and a function
    /// whose `architecture` differs is an error.
    pub architecture: Option<Architecture>,
}

/// A construct declared in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructInfo {
    /// Its id.
    pub id: String,
    /// Its kind, as messages name it (`KafkaSource`).
    pub kind: &'static str,
    /// Where its id is written.
    pub location: Location,
}

/// A stack file, read and checked against its model.
///
/// ```
/// use constructs::config::{BuildOptions, Format, StackFile};
/// let text = r#"
/// name: demo
/// endpoints:
///   Scorer: {existing: rcf-anomaly-endpoint}
/// functions:
///   Detector:
///     code: {bucket: my-artifacts, key: bootstrap.zip}
///     scorer: Scorer
/// "#;
/// let file = StackFile::parse("stack.yaml", text, Format::Yaml).expect("a valid file");
/// let synthesized = file.synth(&BuildOptions::default()).expect("a valid stack");
/// assert!(synthesized.template.to_json().contains("AWS::Lambda::Function"));
///
/// let typo = text.replace("scorer: Scorer", "scorer: Scorr");
/// let errors = StackFile::parse("stack.yaml", &typo, Format::Yaml)
///     .expect("readable")
///     .synth(&BuildOptions::default())
///     .unwrap_err();
/// assert!(errors.to_string().contains("stack.yaml:8:13: error: AnomalyFunction `Detector`: scorer"));
/// assert!(errors.to_string().contains("did you mean `Scorer`?"));
/// ```
#[derive(Debug, Clone)]
pub struct StackFile {
    file: String,
    root: Node,
    config: StackConfig,
}

impl StackFile {
    /// Reads the file at `path` (JSON when it ends in `.json`, YAML otherwise).
    pub fn load(path: &Path) -> Result<StackFile, ConfigErrors> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigErrors {
            file: file.clone(),
            errors: vec![Problem {
                location: None,
                diagnostic: super::locations::diagnostic(
                    "StackFile",
                    &file,
                    "path",
                    format!("cannot be read: {e}"),
                    "check the path, or write a starter file with `synth init`",
                ),
            }],
            warnings: Vec::new(),
        })?;
        Self::parse(&file, &text, Format::of(path))
    }

    /// Reads `text`, named `file` in messages.
    pub fn parse(file: &str, text: &str, format: Format) -> Result<StackFile, ConfigErrors> {
        match parse::read(file, text, format) {
            Ok((root, config)) => Ok(StackFile {
                file: file.to_owned(),
                root,
                config,
            }),
            Err(errors) => Err(ConfigErrors {
                file: file.to_owned(),
                errors,
                warnings: Vec::new(),
            }),
        }
    }

    /// The file's name, as messages give it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The typed model.
    pub fn config(&self) -> &StackConfig {
        &self.config
    }

    /// The file as plain JSON (what a JSON-Schema validator checks).
    pub fn to_json(&self) -> serde_json::Value {
        self.root.to_json()
    }

    /// The constructs the file declares, in file order.
    pub fn constructs(&self) -> Vec<ConstructInfo> {
        self.root
            .entries()
            .iter()
            .filter_map(|(section, node)| Some((Kind::from_section(&section.name)?, node)))
            .flat_map(|(kind, node)| {
                node.entries().iter().map(move |(key, _)| ConstructInfo {
                    id: key.name.clone(),
                    kind: kind.name(),
                    location: key.location,
                })
            })
            .collect()
    }

    /// Builds the stack through the constructs' public builders.
    pub fn build(&self, options: &BuildOptions) -> Result<Stack, ConfigErrors> {
        build::build(&self.root, &self.config, options).map_err(|errors| ConfigErrors {
            file: self.file.clone(),
            errors,
            warnings: Vec::new(),
        })
    }

    /// Builds and synthesizes the stack; errors and warnings point into the file.
    pub fn synth(&self, options: &BuildOptions) -> Result<Synthesized, ConfigErrors> {
        self.build(options)?
            .synth()
            .map_err(|errors| self.explain(errors))
    }

    /// Points each diagnostic of a synthesis at the file.
    pub fn explain(&self, errors: SynthErrors) -> ConfigErrors {
        ConfigErrors {
            file: self.file.clone(),
            errors: errors.errors.into_iter().map(|d| self.locate(d)).collect(),
            warnings: errors
                .warnings
                .into_iter()
                .map(|d| self.locate(d))
                .collect(),
        }
    }

    /// The diagnostic with the place in the file it points at.
    pub fn locate(&self, diagnostic: Diagnostic) -> Problem {
        Problem {
            location: Locator::new(&self.root).locate(&diagnostic),
            diagnostic,
        }
    }
}
