//! A stack file, read and ready to build.

use std::path::Path;

use super::build;
use super::locations::{ConfigErrors, Locator, Problem};
use super::model::StackConfig;
use super::node::Node;
use super::parse;
use crate::diagnostic::{Diagnostic, SynthErrors};
use crate::function::Architecture;
use crate::stack::{Stack, Synthesized};

/// What a function of a stack file reads: its record format and features (see
/// [`StackFile::function_readings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionReading {
    /// How each record is read (`json` when the file names none).
    pub record_format: crate::contract::RecordFormat,
    /// The features, in model order (the default ones when the file names none).
    pub features: Vec<crate::contract::FeatureSpec>,
}

/// A function's `record_format` or `features` that does not read (see
/// [`StackFile::function_readings`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{file}: functions.{function}.{key}: {problem}\n  fix: correct it (`synth validate --config {file}` reports every problem of the file)"
)]
pub struct ReadingError {
    /// The stack file's name.
    pub file: String,
    /// The function's id.
    pub function: String,
    /// The key that does not read (`record_format` or `features`).
    pub key: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

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
/// assert!(errors.to_string().contains("stack.yaml:8:13: error[E0909]: AnomalyFunction `Detector`: scorer"));
/// assert!(errors.to_string().contains("did you mean `Scorer`?"));
/// ```
#[derive(Debug, Clone)]
pub struct StackFile {
    file: String,
    root: Node,
    config: StackConfig,
    /// Problems of the file's top level, reported with the rest when it is built.
    problems: Vec<Problem>,
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
                    &crate::rules::stack_file::UNREADABLE_FILE,
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
            Ok((root, config, problems)) => Ok(StackFile {
                file: file.to_owned(),
                root,
                config,
                problems,
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

    /// Builds the stack: every entry read into its construct's props and added in file
    /// order. Fails with every problem of the file when there is one.
    pub fn build(&self, options: &BuildOptions) -> Result<Stack, ConfigErrors> {
        let (stack, problems, _) = self.build_all(options);
        if problems.is_empty() {
            Ok(stack)
        } else {
            Err(ConfigErrors {
                file: self.file.clone(),
                errors: problems,
                warnings: Vec::new(),
            })
        }
    }

    /// The stack built from every entry that could be read, the file's problems, and whether
    /// the stack is the whole file: its top level read without a problem and every entry read
    /// (unknown keys aside).
    fn build_all(&self, options: &BuildOptions) -> (Stack, Vec<Problem>, bool) {
        let built = build::build(&self.root, &self.config, options);
        let mut problems = self.problems.clone();
        let complete = built.complete && problems.is_empty();
        problems.extend(built.problems);
        (built.stack, problems, complete)
    }

    /// Builds and synthesizes the stack; errors and warnings point into the file. Unknown
    /// keys are reported together with the problems synthesis finds in the constructs, so one
    /// run shows them all. When an entry could not be read at all (a value of the wrong type,
    /// a reference to nothing), only the file's problems are reported: the stack would lack
    /// that construct, and synthesizing it would report what follows from its absence.
    pub fn synth(&self, options: &BuildOptions) -> Result<Synthesized, ConfigErrors> {
        let (stack, problems, complete) = self.build_all(options);
        if !complete {
            return Err(ConfigErrors {
                file: self.file.clone(),
                errors: problems,
                warnings: Vec::new(),
            });
        }
        match (stack.synth(), problems.is_empty()) {
            (Ok(synthesized), true) => Ok(synthesized),
            (Ok(synthesized), false) => Err(ConfigErrors {
                file: self.file.clone(),
                errors: problems,
                warnings: synthesized
                    .warnings
                    .into_iter()
                    .map(|d| self.locate(d))
                    .collect(),
            }),
            (Err(errors), _) => {
                let mut explained = self.explain(errors);
                let mut all = problems;
                all.append(&mut explained.errors);
                explained.errors = all;
                Err(explained)
            }
        }
    }

    /// What each function of the file reads (its `record_format` and `features`, or the
    /// defaults when it names none), by function id in file order, read without building the
    /// stack. A `record_format` or `features` that does not read is an error naming the
    /// function, the key and the problem (never the defaults in its place).
    pub fn function_readings(
        &self,
    ) -> Result<indexmap::IndexMap<String, FunctionReading>, ReadingError> {
        let Some((_, functions)) = self.root.entry("functions") else {
            return Ok(indexmap::IndexMap::new());
        };
        let mut readings = indexmap::IndexMap::new();
        for (key, function) in functions.entries() {
            let bad = |field: &'static str, e: super::de::DeError| ReadingError {
                file: self.file.clone(),
                function: key.name.clone(),
                key: field,
                problem: e.to_string(),
            };
            let features = match function.entry("features") {
                Some((_, node)) => super::de::from_node(node).map_err(|e| bad("features", e))?,
                None => crate::contract::FunctionConfig::default().features,
            };
            let record_format = match function.entry("record_format") {
                Some((_, node)) => {
                    super::de::from_node(node).map_err(|e| bad("record_format", e))?
                }
                None => crate::contract::RecordFormat::default(),
            };
            let reading = FunctionReading {
                record_format,
                features,
            };
            readings.insert(key.name.clone(), reading);
        }
        Ok(readings)
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
