//! What scores feature rows: a SageMaker endpoint, or a forest inside the function.

use serde::{Deserialize, Serialize};

/// The request body format sent to a SageMaker endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ContentType {
    /// One CSV row per record (RCF's native input).
    #[default]
    #[serde(rename = "text/csv")]
    Csv,
    /// `{"instances":[{"features":[…]}]}`.
    #[serde(rename = "application/json")]
    Json,
}

impl ContentType {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Csv => "text/csv",
            ContentType::Json => "application/json",
        }
    }
}

/// What scores feature rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScorerConfig {
    /// A SageMaker Random Cut Forest endpoint.
    #[serde(rename = "sagemaker")]
    SageMaker {
        /// The endpoint's name.
        endpoint_name: String,
        /// Request body format.
        #[serde(default)]
        content_type: ContentType,
    },
    /// A Random Cut Forest inside the function: a model file trained offline (`synth train`)
    /// and loaded once per cold start. No endpoint, no network call per batch.
    ///
    /// With `learn`, the forest keeps learning from every row it scores. Each warm container
    /// (each concurrent execution environment) then learns on its own from the batches it
    /// happens to receive, and forgets it all when Lambda recycles it; the model file is never
    /// written back. Leave it off for reproducible scores.
    Embedded {
        /// Where the model file is.
        model: ModelSource,
        /// Keep learning while scoring (default false).
        #[serde(default)]
        learn: bool,
    },
}

/// Where an embedded scorer's model file is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ModelSource {
    /// A file in the deployment package: a relative path (no `..`) below the Lambda task
    /// root (`$LAMBDA_TASK_ROOT`, where the zip is unpacked), e.g. `model.json`.
    Bundled(String),
    /// An S3 object, read with `s3:GetObject` at cold start.
    S3(S3Object),
}

/// An S3 object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct S3Object {
    /// The bucket's name.
    pub bucket: String,
    /// The object's key.
    pub key: String,
}

/// S3 object keys have at most this many bytes.
pub const MAX_S3_KEY_BYTES: usize = 1024;

/// SageMaker endpoint names: 1–63 letters, digits and single hyphens, no leading hyphen.
pub fn is_valid_endpoint_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}
