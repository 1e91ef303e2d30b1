//! The embedded scorer's model file: with `--model FILE`, checked against the functions that
//! read a model from S3, and where to upload it; with `--code-zip` alone, the model each
//! function loads from its package, checked in the zip.
//!
//! The functions are found in the synthesized template itself (their [`CONFIG_ENV`]
//! environment variable is the runtime contract), so examples and stack files are handled
//! alike: every function whose embedded scorer reads its model from S3 must have the model's
//! features, in the model's order — the check the function would otherwise fail at cold start.

use std::path::{Path, PathBuf};

use constructs::intrinsic::Intrinsic;
use constructs::rules::{contract as contract_rules, package as rules};
use constructs::value::sub::{self, SubPiece};
use constructs::{Template, Value};
use contract::{CONFIG_ENV, FunctionConfig, ModelSource, ScorerConfig};
use detect::rcf::Model;
use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::package::{self, Package};
use crate::refusal::Refusal;

/// A model file and what it was trained on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFile {
    /// Where the file is.
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The features it was trained on, in order.
    pub features: Vec<String>,
}

impl ModelFile {
    /// The S3 key to upload it under: content-addressed, so a new model gives the function a
    /// new configuration (and so new cold starts that load it) instead of replacing the
    /// object that running instances loaded.
    pub fn s3_key(&self) -> String {
        format!("anomaly-function/model-{}.json", self.sha256)
    }
}

/// Reads and checks the model file at `path`.
pub fn inspect(path: &Path) -> Result<ModelFile, Refusal> {
    let bytes = std::fs::read(path)
        .map_err(|e| Refusal::Unreadable(format!("cannot read --model {}: {e}", path.display())))?;
    let model = Model::from_bytes(&bytes).map_err(|e| {
        Refusal::broken(
            &contract_rules::MODEL_UNREADABLE,
            ("--model", &path.display().to_string()),
            "content",
            None,
            e.to_string(),
            "write one with `synth train --data FILE --output model.json`",
        )
    })?;
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(ModelFile {
        path: path.to_owned(),
        sha256,
        features: model.features,
    })
}

/// Where a bucket or key of a function's model comes from in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A template parameter (`Ref`).
    Parameter(String),
    /// A literal string.
    Literal(String),
    /// Another expression (a resource of the stack, say), known only once deployed.
    Deployed,
}

/// Where the model goes: the bucket and the key as the template gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The bucket.
    pub bucket: Source,
    /// The key.
    pub key: Source,
}

/// A function of the template with an embedded scorer.
struct EmbeddedFunction<'t> {
    /// Its logical id.
    id: &'t str,
    /// Its features' names, in order.
    features: Vec<String>,
    /// Where it loads its model from.
    model: ModelSource,
    /// How its contract is written: a literal, or a `Fn::Sub` with these variables.
    contract: Written<'t>,
}

/// How a contract string is written in the template.
#[derive(Debug, Clone, Copy)]
enum Written<'t> {
    /// A literal string: its text is the value.
    Literal,
    /// A `Fn::Sub` template with these variables.
    Sub(&'t IndexMap<String, Value>),
}

/// The template's functions with an embedded scorer, from their [`CONFIG_ENV`].
fn embedded_functions(template: &Template) -> Vec<EmbeddedFunction<'_>> {
    template
        .resources
        .iter()
        .filter(|(_, r)| r.resource_type == "AWS::Lambda::Function")
        .filter_map(|(id, resource)| {
            let variable = resource
                .properties
                .get("Environment")?
                .get("Variables")?
                .get(CONFIG_ENV)?;
            let (config, contract) = read_contract(variable)?;
            let ScorerConfig::Embedded { model, .. } = config.scorer else {
                return None;
            };
            Some(EmbeddedFunction {
                id: id.as_str(),
                features: config.features.into_iter().map(|f| f.name).collect(),
                model,
                contract,
            })
        })
        .collect()
}

/// The refusal of a function whose features are not the model's, or `None` when they are.
fn mismatch(function: &EmbeddedFunction<'_>, model: &[String], which: &str) -> Option<Refusal> {
    (function.features != model).then(|| {
        Refusal::broken(
            &contract_rules::MODEL_FEATURES,
            ("function", function.id),
            "features",
            Some(format!("[{}]", function.features.join(", "))),
            format!(
                "{which} was trained on [{}]; the function would refuse it at cold start",
                model.join(", ")
            ),
            format!(
                "train on the stack's features (`synth train --data FILE --config STACK` or `--features {}`), or give the function the model's features",
                function.features.join(",")
            ),
        )
    })
}

/// The distinct S3 locations the template's functions read `model` from, after checking that
/// each such function has the model's features. Refusals name the function and the fix.
pub fn uploads(model: &ModelFile, template: &Template) -> Result<Vec<Upload>, Vec<Refusal>> {
    let mut uploads = Vec::new();
    let mut problems = Vec::new();
    let which = format!("--model {}", model.path.display());
    for function in embedded_functions(template) {
        let ModelSource::S3(object) = &function.model else {
            continue;
        };
        if let Some(problem) = mismatch(&function, &model.features, &which) {
            problems.push(problem);
            continue;
        }
        let upload = Upload {
            bucket: source(&object.bucket, function.contract),
            key: source(&object.key, function.contract),
        };
        if !uploads.contains(&upload) {
            uploads.push(upload);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if uploads.is_empty() {
        return Err(vec![Refusal::broken(
            &rules::MODEL_UNUSED,
            ("--model", &model.path.display().to_string()),
            "scorer",
            None,
            "is given, but no function of this stack reads its model from S3",
            "give a function `Scorer::embedded_s3(bucket, key)` (stack files: `scorer: {embedded: {model: {s3: ...}}}`), or drop --model (a model inside the zip, `Scorer::bundled`, is checked in the --code-zip itself)",
        )]);
    }
    Ok(uploads)
}

/// Checks every function that loads its model from the package (`Scorer::bundled`): the
/// package must hold the file, and the model must have the function's features.
pub fn check_bundled(package: &Package, template: &Template) -> Result<(), Vec<Refusal>> {
    let zip = package.path.display();
    let mut problems = Vec::new();
    for function in embedded_functions(template) {
        let ModelSource::Bundled(path) = &function.model else {
            continue;
        };
        let entry = path.trim_start_matches("./");
        let broken = |problem: String, fix: String| {
            Refusal::broken(
                &contract_rules::MODEL_UNREADABLE,
                ("function", function.id),
                "scorer.model.bundled",
                Some(format!("{entry:?}")),
                problem,
                fix,
            )
        };
        let problem = match package::read_entry(&package.path, entry) {
            Err(refusal) => Some(refusal),
            Ok(None) => Some(broken(
                format!("--code-zip {zip} has no such file; the function would fail at cold start"),
                format!(
                    "add the model file (`synth train --output`) to the zip under the name `{entry}` (e.g. `zip {zip} {entry}`, run where that path holds it) and run synth again (the CodeKey follows the content)"
                ),
            )),
            Ok(Some(bytes)) => match Model::from_bytes(&bytes) {
                Err(e) => Some(broken(
                    format!("in --code-zip {zip}, is not a model file ({e})"),
                    "put the file `synth train --output` wrote there".into(),
                )),
                Ok(model) => mismatch(
                    &function,
                    &model.features,
                    &format!("`{entry}` in --code-zip {zip}"),
                ),
            },
        };
        problems.extend(problem);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The runtime contract in a function's [`CONFIG_ENV`]: a string, or `Fn::Sub` of a string
/// and its variables (for values known only at deploy time).
fn read_contract(variable: &Value) -> Option<(FunctionConfig, Written<'_>)> {
    let (text, written) = match variable {
        Value::String(text) => (text, Written::Literal),
        Value::Intrinsic(intrinsic) => match intrinsic.as_ref() {
            Intrinsic::Sub(text, variables) => (text, Written::Sub(variables)),
            _ => return None,
        },
        _ => return None,
    };
    serde_json::from_str(text).ok().map(|c| (c, written))
}

/// A contract string as the template gives it. In a literal contract it is literal. In a
/// `Fn::Sub` one, text alone (escapes resolved) is literal; a string that is exactly one
/// `${Name}` is the parameter the variable `Name` refers to with `Ref`, and anything else is
/// [`Source::Deployed`].
fn source(text: &str, contract: Written<'_>) -> Source {
    let Written::Sub(variables) = contract else {
        return Source::Literal(text.to_owned());
    };
    let pieces: Vec<SubPiece<'_>> = sub::pieces(text).collect();
    if let [SubPiece::Variable(variable)] = pieces.as_slice() {
        return match variables.get(variable.name()).and_then(Value::as_intrinsic) {
            Some(Intrinsic::Ref(parameter)) if !parameter.starts_with("AWS::") => {
                Source::Parameter(parameter.clone())
            }
            _ => Source::Deployed,
        };
    }
    let mut literal = String::new();
    for piece in pieces {
        match piece {
            SubPiece::Text(text) => literal.push_str(text),
            SubPiece::Escaped(text) => {
                literal.push_str("${");
                literal.push_str(text);
                literal.push('}');
            }
            SubPiece::Variable(_) => return Source::Deployed,
        }
    }
    Source::Literal(literal)
}

#[cfg(test)]
mod tests {
    use constructs::LogicalId;

    use super::*;

    #[test]
    fn sub_variables_that_are_refs_are_parameters() {
        let id = |s: &str| LogicalId::new(s).unwrap();
        let mut variables = IndexMap::new();
        variables.insert("Deployed0".to_owned(), Value::reference(&id("ModelBucket")));
        variables.insert("Deployed1".to_owned(), Value::get_att(&id("B"), "Arn"));
        variables.insert("Deployed2".to_owned(), Value::region());
        let sub = Written::Sub(&variables);
        assert_eq!(
            source("${Deployed0}", sub),
            Source::Parameter("ModelBucket".into())
        );
        assert_eq!(source("models", sub), Source::Literal("models".into()));
        assert_eq!(
            source("models/${!v1}.json", sub),
            Source::Literal("models/${v1}.json".into())
        );
        assert_eq!(source("${Deployed1}", sub), Source::Deployed);
        assert_eq!(source("${Deployed2}", sub), Source::Deployed);
        assert_eq!(source("m/${Deployed0}", sub), Source::Deployed);
        assert_eq!(source("${X}", sub), Source::Deployed);
        assert_eq!(
            source("${X}", Written::Literal),
            Source::Literal("${X}".into())
        );
    }
}
