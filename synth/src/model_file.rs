//! `--model FILE`: the embedded scorer's model file, checked against the functions that will
//! read it, and where to upload it.
//!
//! The functions are found in the synthesized template itself (their `ANOMALY_CONFIG`
//! environment variable is the runtime contract), so examples and stack files are handled
//! alike: every function whose embedded scorer reads its model from S3 must have the model's
//! features, in the model's order — the check the function would otherwise fail at cold start.

use std::path::{Path, PathBuf};

use constructs::Template;
use constructs::contract::{FunctionConfig, ModelSource, ScorerConfig};
use runtime::rcf::Model;
use serde_json::Value;
use sha2::{Digest, Sha256};

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
pub fn inspect(path: &Path) -> Result<ModelFile, String> {
    let retrain = "write one with `synth train --data FILE --output model.json`";
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read --model {}: {e}", path.display()))?;
    let model = Model::from_bytes(&bytes)
        .map_err(|e| format!("--model {}: {e}; {retrain}", path.display()))?;
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

/// The distinct S3 locations the template's functions read `model` from, after checking that
/// each such function has the model's features. Errors name the function and the fix.
pub fn uploads(model: &ModelFile, template: &Template) -> Result<Vec<Upload>, String> {
    let template: Value = serde_json::from_str(&template.to_json())
        .map_err(|e| format!("cannot read the synthesized template back: {e}"))?;
    let mut uploads = Vec::new();
    let mut problems = Vec::new();
    let functions = template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function");
    for (id, resource) in functions {
        let Some((config, values)) =
            contract(&resource["Properties"]["Environment"]["Variables"]["ANOMALY_CONFIG"])
        else {
            continue;
        };
        let ScorerConfig::Embedded {
            model: ModelSource::S3(object),
            ..
        } = &config.scorer
        else {
            continue;
        };
        let names: Vec<&str> = config.features.iter().map(|f| f.name.as_str()).collect();
        if names != model.features {
            problems.push(format!(
                "error: function `{id}` extracts the features [{}], but --model {} was trained on [{}]; the function would refuse it at cold start\n  fix: train on the stack's features (`synth train --data FILE --config STACK` or `--features {}`), or give the function the model's features\n",
                names.join(", "),
                model.path.display(),
                model.features.join(", "),
                names.join(","),
            ));
            continue;
        }
        let upload = Upload {
            bucket: source(&object.bucket, values),
            key: source(&object.key, values),
        };
        if !uploads.contains(&upload) {
            uploads.push(upload);
        }
    }
    if !problems.is_empty() {
        return Err(problems.concat());
    }
    if uploads.is_empty() {
        return Err(format!(
            "error: --model {} is given, but no function of this stack reads its model from S3\n  fix: give a function `Scorer::embedded_s3(bucket, key)` (stack files: `scorer: {{embedded: {{model: {{s3: ...}}}}}}`), or drop --model (a model inside the zip, `Scorer::bundled`, is added to the zip instead)\n",
            model.path.display()
        ));
    }
    Ok(uploads)
}

/// The runtime contract in a function's `ANOMALY_CONFIG`: a string, or `Fn::Sub` of a string
/// and its variables (for values known only at deploy time).
fn contract(variable: &Value) -> Option<(FunctionConfig, Option<&Value>)> {
    let (text, values) = match variable {
        Value::String(text) => (text.as_str(), None),
        other => {
            let sub = other["Fn::Sub"].as_array()?;
            (sub.first()?.as_str()?, sub.get(1))
        }
    };
    serde_json::from_str(text).ok().map(|c| (c, values))
}

/// A contract string as the template gives it: `${Name}` of a `Fn::Sub` variable is that
/// parameter when the variable is a `Ref` of one, [`Source::Deployed`] otherwise; text without
/// `${` is literal.
fn source(text: &str, values: Option<&Value>) -> Source {
    let variable = text
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .and_then(|name| values?.get(name));
    match variable {
        Some(v) => match v["Ref"].as_str() {
            Some(parameter) if !parameter.starts_with("AWS::") => {
                Source::Parameter(parameter.to_owned())
            }
            _ => Source::Deployed,
        },
        None if text.contains("${") => Source::Deployed,
        None => Source::Literal(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sub_variables_that_are_refs_are_parameters() {
        let values =
            json!({"Deployed0": {"Ref": "ModelBucket"}, "Deployed1": {"Fn::GetAtt": ["B", "Arn"]}});
        assert_eq!(
            source("${Deployed0}", Some(&values)),
            Source::Parameter("ModelBucket".into())
        );
        assert_eq!(
            source("models", Some(&values)),
            Source::Literal("models".into())
        );
        assert_eq!(source("${Deployed1}", Some(&values)), Source::Deployed);
        assert_eq!(source("${X}", None), Source::Deployed);
    }
}
