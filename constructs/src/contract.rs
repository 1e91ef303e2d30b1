//! The configuration contract between the stack and the function it deploys.
//!
//! `AnomalyFunction` serializes a [`FunctionConfig`] into the function's environment variable
//! [`CONFIG_ENV`]; the runtime parses and [validates](FunctionConfig::validate) the same type
//! at cold start. Both sides share this one definition, so they cannot drift apart.
//!
//! ```
//! use constructs::contract::FunctionConfig;
//! let config = FunctionConfig::default();
//! let json = serde_json::to_string(&config).unwrap();
//! let back: FunctionConfig = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, config);
//! assert!(back.validate().is_ok());
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The environment variable that carries the JSON-encoded [`FunctionConfig`].
pub const CONFIG_ENV: &str = "ANOMALY_CONFIG";

/// The contract's current version; the runtime refuses other versions.
pub const CONTRACT_VERSION: u32 = 1;

/// The largest number of features a record may yield.
pub const MAX_FEATURES: usize = 64;

/// The CloudWatch namespace the runtime's embedded metrics use by default.
pub const DEFAULT_METRICS_NAMESPACE: &str = "KafkaAnomalyDetection";

/// The anomaly table's partition key: a string attribute holding `<topic>#<partition>`.
pub const ANOMALY_TABLE_PARTITION_KEY: &str = "topic_partition";

/// The anomaly table's sort key: a number attribute holding the record's offset. With the
/// partition key it makes writes idempotent, so a retried batch rewrites the same items.
pub const ANOMALY_TABLE_SORT_KEY: &str = "offset";

/// The anomaly table's TTL attribute (Unix seconds), written when `anomaly_ttl_days` is set.
pub const ANOMALY_TABLE_TTL_ATTRIBUTE: &str = "expires_at";

/// The dimension of every metric the runtime emits; its value is the function's name.
pub const METRIC_DIMENSION: &str = "FunctionName";

/// The metrics the runtime emits once per invocation (embedded metric format), by name.
pub mod metric {
    /// Records in the batch (Count).
    pub const RECORDS: &str = "Records";
    /// Records scored (Count).
    pub const SCORED: &str = "Scored";
    /// Scored records above the threshold (Count).
    pub const ANOMALIES: &str = "Anomalies";
    /// Records that could not be scored (Count).
    pub const BAD_RECORDS: &str = "BadRecords";
    /// The batch's highest score (None); absent when nothing was scored.
    pub const MAX_SCORE: &str = "MaxScore";
    /// Time spent calling the endpoint (Milliseconds).
    pub const SCORING_LATENCY: &str = "ScoringLatency";
    /// Endpoint calls made (Count).
    pub const SCORING_CALLS: &str = "ScoringCalls";
}

/// Everything the function needs to know, decided at synthesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionConfig {
    /// Contract version; always [`CONTRACT_VERSION`].
    pub version: u32,
    /// How a record's value is read.
    #[serde(default)]
    pub record_format: RecordFormat,
    /// The features extracted from each record, in the order the model was trained on.
    pub features: Vec<FeatureSpec>,
    /// What scores the feature rows.
    pub scorer: ScorerConfig,
    /// When a score is an anomaly.
    pub threshold: Threshold,
    /// Where results go; every sink is optional.
    #[serde(default)]
    pub sinks: SinkConfig,
    /// The embedded-metric-format namespace.
    #[serde(default = "default_namespace")]
    pub metrics_namespace: String,
    /// True when the event source mapping has `FunctionResponseTypes: [ReportBatchItemFailures]`,
    /// so the function reports failed records instead of failing the whole batch.
    #[serde(default)]
    pub report_batch_item_failures: bool,
}

fn default_namespace() -> String {
    DEFAULT_METRICS_NAMESPACE.to_owned()
}

/// How a record's value is decoded before features are extracted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordFormat {
    /// Each record value is one UTF-8 JSON object (a structured log line).
    #[default]
    JsonLines,
}

/// One feature: a number taken from a field of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureSpec {
    /// The feature's name, used in logs and results.
    pub name: String,
    /// A dot-separated field path into the JSON record (`http.latency_ms`); defaults to `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value used when the field is missing or null; without one, such a record is bad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<f64>,
}

impl FeatureSpec {
    /// A feature read from the top-level field `name`, with no default.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: None,
            default: None,
        }
    }

    /// The field path, `name` when no path is set.
    pub fn field_path(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.name)
    }
}

/// The request body format sent to a SageMaker endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ModelSource {
    /// A file in the deployment package: a relative path (no `..`) below the Lambda task
    /// root (`$LAMBDA_TASK_ROOT`, where the zip is unpacked), e.g. `model.json`.
    Bundled(String),
    /// An S3 object, read with `s3:GetObject` at cold start.
    S3(S3Object),
}

/// An S3 object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Object {
    /// The bucket's name.
    pub bucket: String,
    /// The object's key.
    pub key: String,
}

/// S3 object keys have at most this many bytes.
pub const MAX_S3_KEY_BYTES: usize = 1024;

impl ModelSource {
    /// Every rule the location breaks, as `(field below scorer.model, problem, fix)`.
    fn problems(&self) -> Vec<(String, String, &'static str)> {
        let mut out = Vec::new();
        match self {
            ModelSource::Bundled(path) => {
                let fix =
                    "give the model file's path relative to the package root, e.g. `model.json`";
                if path.is_empty() {
                    out.push(("bundled".into(), "is empty".into(), fix));
                } else if path.starts_with('/') || path.starts_with('\\') {
                    out.push((
                        "bundled".into(),
                        format!(
                            "`{path}` is absolute; the file must be inside the deployment package"
                        ),
                        fix,
                    ));
                } else if path.split(['/', '\\']).any(|part| part == "..") {
                    out.push((
                        "bundled".into(),
                        format!(
                            "`{path}` contains `..`; the file must be inside the deployment package"
                        ),
                        fix,
                    ));
                } else if path.ends_with('/') {
                    out.push(("bundled".into(), format!("`{path}` names a directory"), fix));
                }
                if path.chars().any(char::is_control) {
                    out.push((
                        "bundled".into(),
                        format!("{path:?} contains a control character"),
                        "remove it",
                    ));
                }
            }
            ModelSource::S3(S3Object { bucket, key }) => {
                if bucket.is_empty() || bucket.contains('/') || bucket.chars().any(char::is_control)
                {
                    out.push((
                        "s3.bucket".into(),
                        format!("{bucket:?} is not a bucket name"),
                        "give the bucket's name (not its ARN or an s3:// URI)",
                    ));
                }
                let fix = "give the key of the model file written by `synth train`";
                if key.is_empty() {
                    out.push(("s3.key".into(), "is empty".into(), fix));
                } else if key.ends_with('/') {
                    out.push((
                        "s3.key".into(),
                        format!("`{key}` ends with `/`, so it names a prefix, not an object"),
                        fix,
                    ));
                } else if key.len() > MAX_S3_KEY_BYTES {
                    out.push((
                        "s3.key".into(),
                        format!(
                            "has {} bytes; S3 keys have at most {MAX_S3_KEY_BYTES}",
                            key.len()
                        ),
                        fix,
                    ));
                }
            }
        }
        out
    }
}

/// When a score counts as an anomaly: strictly above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// A fixed score.
    Fixed {
        /// The threshold.
        value: f64,
    },
    /// `mean + k·stddev` of the scores seen on training data (AWS's rule uses k = 3).
    Sigma {
        /// Mean training score.
        mean: f64,
        /// Standard deviation of training scores.
        stddev: f64,
        /// How many standard deviations above the mean.
        k: f64,
    },
}

impl Threshold {
    /// The score above which a record is an anomaly.
    pub fn value(&self) -> f64 {
        match self {
            Threshold::Fixed { value } => *value,
            Threshold::Sigma { mean, stddev, k } => mean + k * stddev,
        }
    }
}

/// Where the function sends results. Each field is set by wiring the matching construct.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SinkConfig {
    /// DynamoDB table name for anomalies (`BatchWriteItem`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anomaly_table: Option<String>,
    /// Days an anomaly item lives before DynamoDB's TTL removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anomaly_ttl_days: Option<u32>,
    /// SNS topic ARN for one alert per invocation with anomalies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_topic_arn: Option<String>,
    /// SQS queue URL for bad records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bad_record_queue_url: Option<String>,
}

/// A rule of the contract that a config breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}; fix: {fix}")]
pub struct ContractError {
    /// The field at fault, as a path (`features[2].path`).
    pub field: String,
    /// What is wrong.
    pub problem: String,
    /// What to do about it.
    pub fix: String,
}

impl Default for FunctionConfig {
    /// The seed's defaults: JSON log lines with `response_time_ms`, `status` and
    /// `duration_ms`, a fixed threshold of 3.0, endpoint `rcf-anomaly-endpoint`, `text/csv`.
    fn default() -> Self {
        Self {
            version: CONTRACT_VERSION,
            record_format: RecordFormat::JsonLines,
            features: ["response_time_ms", "status", "duration_ms"]
                .into_iter()
                .map(FeatureSpec::new)
                .collect(),
            scorer: ScorerConfig::SageMaker {
                endpoint_name: "rcf-anomaly-endpoint".into(),
                content_type: ContentType::Csv,
            },
            threshold: Threshold::Fixed { value: 3.0 },
            sinks: SinkConfig::default(),
            metrics_namespace: default_namespace(),
            report_batch_item_failures: false,
        }
    }
}

/// SageMaker endpoint names: 1–63 letters, digits and single hyphens, no leading hyphen.
pub fn is_valid_endpoint_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

impl FunctionConfig {
    /// Parses and validates a config from its JSON text, as the runtime does at cold start.
    pub fn from_json(text: &str) -> Result<Self, Vec<ContractError>> {
        let config: Self = serde_json::from_str(text).map_err(|e| {
            vec![ContractError {
                field: CONFIG_ENV.into(),
                problem: format!("is not a valid configuration: {e}"),
                fix: "deploy the function and the stack from the same release, or correct the JSON"
                    .into(),
            }]
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every rule of the contract and returns all broken ones. Values that the stack
    /// fills in at deploy time (resource names) are checked by the runtime only.
    pub fn validate(&self) -> Result<(), Vec<ContractError>> {
        let mut errors = Vec::new();
        let mut err = |field: String, problem: String, fix: &str| {
            errors.push(ContractError {
                field,
                problem,
                fix: fix.to_owned(),
            })
        };
        if self.version != CONTRACT_VERSION {
            err(
                "version".into(),
                format!(
                    "is {}, but this build understands version {CONTRACT_VERSION}",
                    self.version
                ),
                "deploy the function and the stack from the same release",
            );
        }
        if self.features.is_empty() {
            err(
                "features".into(),
                "is empty".into(),
                "list at least one feature",
            );
        }
        if self.features.len() > MAX_FEATURES {
            err(
                "features".into(),
                format!(
                    "has {} entries; at most {MAX_FEATURES} are supported",
                    self.features.len()
                ),
                "score with fewer features",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, feature) in self.features.iter().enumerate() {
            let field = |name: &str| format!("features[{i}].{name}");
            if feature.name.trim().is_empty() {
                err(
                    field("name"),
                    "is empty".into(),
                    "give every feature a name",
                );
            } else if !seen.insert(feature.name.as_str()) {
                err(
                    field("name"),
                    format!("`{}` appears twice", feature.name),
                    "give every feature its own name",
                );
            }
            if feature.name.chars().any(char::is_control) {
                err(
                    field("name"),
                    format!("{:?} contains a control character", feature.name),
                    "remove it",
                );
            }
            let path = feature.field_path();
            if path.split('.').any(str::is_empty) || path.chars().any(char::is_control) {
                err(
                    field("path"),
                    format!("{path:?} is not a field path"),
                    "use dot-separated field names such as `http.latency_ms`",
                );
            }
            if let Some(d) = feature.default.filter(|d| !d.is_finite()) {
                err(
                    field("default"),
                    format!("is {d}, not a finite number"),
                    "use a finite number or no default",
                );
            }
        }
        match &self.scorer {
            ScorerConfig::SageMaker { endpoint_name, .. } => {
                if !is_valid_endpoint_name(endpoint_name) {
                    err(
                        "scorer.endpoint_name".into(),
                        format!("`{endpoint_name}` is not a SageMaker endpoint name"),
                        "use 1-63 letters, digits and single hyphens",
                    );
                }
            }
            ScorerConfig::Embedded { model, .. } => {
                for (field, problem, fix) in model.problems() {
                    err(format!("scorer.model.{field}"), problem, fix);
                }
            }
        }
        let finite = "use a finite number";
        match &self.threshold {
            Threshold::Fixed { value } if !value.is_finite() => {
                err(
                    "threshold.value".into(),
                    format!("is {value}, not a finite number"),
                    finite,
                );
            }
            Threshold::Sigma { mean, stddev, k } => {
                if !mean.is_finite() {
                    err(
                        "threshold.mean".into(),
                        format!("is {mean}, not a finite number"),
                        finite,
                    );
                }
                if !stddev.is_finite() || *stddev < 0.0 {
                    err(
                        "threshold.stddev".into(),
                        format!("is {stddev}"),
                        "use a finite number of at least 0",
                    );
                }
                if !k.is_finite() || *k <= 0.0 {
                    err(
                        "threshold.k".into(),
                        format!("is {k}"),
                        "use a finite number above 0 (AWS's rule of thumb is 3)",
                    );
                }
            }
            Threshold::Fixed { .. } => {}
        }
        if self.sinks.anomaly_ttl_days == Some(0) {
            err(
                "sinks.anomaly_ttl_days".into(),
                "is 0".into(),
                "keep anomalies at least 1 day, or leave the TTL unset to keep them",
            );
        }
        if self.metrics_namespace.is_empty()
            || self.metrics_namespace.len() > 255
            || self.metrics_namespace.starts_with(':')
            || self.metrics_namespace.chars().any(char::is_control)
        {
            err(
                "metrics_namespace".into(),
                format!("`{}` is not a CloudWatch namespace", self.metrics_namespace),
                "use 1-255 printable characters, not starting with `:`",
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_defaults() {
        let c = FunctionConfig::default();
        assert_eq!(c.features.len(), 3);
        assert_eq!(c.threshold.value(), 3.0);
        assert!(c.validate().is_ok());
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"record_format":"json_lines","features":[{"name":"response_time_ms"},{"name":"status"},{"name":"duration_ms"}],"scorer":{"kind":"sagemaker","endpoint_name":"rcf-anomaly-endpoint","content_type":"text/csv"},"threshold":{"kind":"fixed","value":3.0},"sinks":{},"metrics_namespace":"KafkaAnomalyDetection","report_batch_item_failures":false}"#
        );
    }

    #[test]
    fn reports_every_broken_rule() {
        let mut c = FunctionConfig {
            version: 9,
            ..FunctionConfig::default()
        };
        c.features.push(FeatureSpec::new("status"));
        c.features[0].path = Some("a..b".into());
        c.features[1].default = Some(f64::INFINITY);
        c.threshold = Threshold::Sigma {
            mean: 1.0,
            stddev: -1.0,
            k: 0.0,
        };
        let errors = c.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "version",
                "features[0].path",
                "features[1].default",
                "features[3].name",
                "threshold.stddev",
                "threshold.k"
            ]
        );
    }

    fn embedded(model: ModelSource) -> FunctionConfig {
        FunctionConfig {
            scorer: ScorerConfig::Embedded {
                model,
                learn: false,
            },
            ..FunctionConfig::default()
        }
    }

    #[test]
    fn embedded_scorers_round_trip_in_their_documented_form() {
        let c = embedded(ModelSource::S3(S3Object {
            bucket: "models".into(),
            key: "rcf/model.json".into(),
        }));
        let json = serde_json::to_string(&c.scorer).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"embedded","model":{"s3":{"bucket":"models","key":"rcf/model.json"}},"learn":false}"#
        );
        let back: ScorerConfig =
            serde_json::from_str(r#"{"kind":"embedded","model":{"bundled":"model.json"}}"#)
                .unwrap();
        assert_eq!(
            back,
            ScorerConfig::Embedded {
                model: ModelSource::Bundled("model.json".into()),
                learn: false
            }
        );
        assert!(c.validate().is_ok());
        assert!(
            embedded(ModelSource::Bundled("models/rcf.json".into()))
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn embedded_model_locations_are_checked() {
        let problems = |model| {
            embedded(model)
                .validate()
                .unwrap_err()
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.problem))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            problems(ModelSource::Bundled("/opt/model.json".into())),
            [
                "scorer.model.bundled: `/opt/model.json` is absolute; the file must be inside the deployment package"
            ]
        );
        assert_eq!(
            problems(ModelSource::Bundled("a/../../model.json".into())),
            [
                "scorer.model.bundled: `a/../../model.json` contains `..`; the file must be inside the deployment package"
            ]
        );
        assert_eq!(
            problems(ModelSource::Bundled(String::new())),
            ["scorer.model.bundled: is empty"]
        );
        assert_eq!(
            problems(ModelSource::S3(S3Object {
                bucket: String::new(),
                key: "models/".into()
            })),
            [
                "scorer.model.s3.bucket: \"\" is not a bucket name",
                "scorer.model.s3.key: `models/` ends with `/`, so it names a prefix, not an object"
            ]
        );
        assert_eq!(
            problems(ModelSource::S3(S3Object {
                bucket: "b".into(),
                key: "k".repeat(1025)
            })),
            ["scorer.model.s3.key: has 1025 bytes; S3 keys have at most 1024"]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = FunctionConfig::from_json(r#"{"version":1,"features":[],"scorer":{"kind":"sagemaker","endpoint_name":"x"},"threshold":{"kind":"fixed","value":1},"bogus":1}"#).unwrap_err();
        assert!(err[0].problem.contains("bogus"), "{err:?}");
    }
}
