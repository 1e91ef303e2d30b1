//! Anomaly-detection functions.

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::config::refs::Id;
use crate::config::value::Val;
use crate::contract::{ContentType, FeatureSpec, Threshold};

/// The anomaly-detection function: extracts features from each Kafka record, scores them with
/// its `scorer` (an endpoint, or a forest embedded in the function) and flags anomalies. Wiring (`sources`, `scorer`, sinks) derives the
/// event source mappings and least-privilege IAM.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionConfig {
    /// The deployment package in S3 (`bootstrap.zip` from `cargo lambda build --output-format
    /// zip`).
    pub code: CodeConfig,
    /// What scores the features (required): an `endpoints` id, or
    /// `{embedded: {model: {s3: {bucket, key}} | {bundled: PATH}, learn}}`.
    #[serde(default)]
    pub scorer: Option<ScorerChoice>,
    /// The `kafka_sources` ids the function consumes (one event source mapping each).
    #[serde(default)]
    pub sources: Vec<Id>,
    /// An `anomaly_tables` id: one item per anomaly.
    #[serde(default)]
    pub anomaly_table: Option<Id>,
    /// An `alert_topics` id: one alert per invocation that finds anomalies.
    #[serde(default)]
    pub alert_topic: Option<Id>,
    /// A `queues` id for records the function cannot score.
    #[serde(default)]
    pub bad_record_queue: Option<Id>,
    /// The features, in the order the model was trained on (default `response_time_ms`,
    /// `status`, `duration_ms`).
    #[serde(default)]
    pub features: Option<Vec<FeatureSpec>>,
    /// When a score is an anomaly: `{kind: fixed, value: 3.0}` (the default),
    /// `{kind: sigma, mean, stddev, k}`, or `{kind: adaptive}` (follows the scores; settings
    /// chosen on NAB).
    #[serde(default)]
    pub threshold: Option<Threshold>,
    /// The request body sent to the endpoint: `text/csv` (default) or `application/json`.
    #[serde(default)]
    pub content_type: Option<ContentType>,
    /// The CloudWatch namespace of the function's metrics (default `KafkaAnomalyDetection`).
    #[serde(default)]
    pub metrics_namespace: Option<String>,
    /// The function's description (at most 256 characters).
    #[serde(default)]
    pub description: Option<String>,
    /// The instruction set of the package's binary (default `arm64`; `synth --code-zip`
    /// reads it from the binary).
    #[serde(default)]
    pub architecture: Option<ArchitectureConfig>,
    /// Memory in MB, 128 to 10,240 (default 1024).
    #[serde(default)]
    pub memory_mb: Option<Val<i64>>,
    /// Timeout in seconds; at most 840 with a Kafka source (default 120).
    #[serde(default)]
    pub timeout_seconds: Option<Val<i64>>,
    /// Reserved (and maximum) concurrent executions.
    #[serde(default)]
    pub reserved_concurrency: Option<Val<i64>>,
    /// Days the function's logs are kept, a value CloudWatch Logs offers (default 365).
    #[serde(default)]
    pub log_retention_days: Option<Val<i64>>,
    /// The lowest level of the function's log lines Lambda keeps (default `info`).
    #[serde(default)]
    pub log_level: Option<FunctionLogLevel>,
    /// A `vpcs` id to attach the function to (only to reach private endpoints; the pollers
    /// use the source's network).
    #[serde(default)]
    pub vpc: Option<Id>,
    /// Active X-Ray tracing.
    #[serde(default)]
    pub tracing: bool,
    /// A Lambda code-signing configuration ARN the package must satisfy.
    #[serde(default)]
    pub code_signing_config_arn: Option<Val<String>>,
    /// Tags of the function, its role and its log group.
    #[serde(default)]
    pub tags: IndexMap<String, Val<String>>,
}

/// Where the package is.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeConfig {
    /// The S3 bucket, in the stack's region.
    pub bucket: Val<String>,
    /// The object key.
    pub key: Val<String>,
}

/// A Lambda architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ArchitectureConfig {
    /// Graviton.
    #[serde(rename = "arm64")]
    Arm64,
    /// Intel and AMD.
    #[serde(rename = "x86_64")]
    X86_64,
}

/// The function's log level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FunctionLogLevel {
    /// Everything.
    Trace,
    /// Debugging detail.
    Debug,
    /// Normal operation.
    Info,
    /// Problems only.
    Warn,
    /// Failures only.
    Error,
}

/// A function's scorer: the id of an `endpoints` entry (a plain string), or a forest
/// embedded in the function (a map with the key `embedded`).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum ScorerChoice {
    /// The `endpoints` id of a SageMaker Random Cut Forest endpoint.
    Endpoint(Id),
    /// A Random Cut Forest inside the function, loaded from a model file.
    Embedded(EmbeddedChoice),
}

impl<'de> Deserialize<'de> for ScorerChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Choice;
        impl<'de> Visitor<'de> for Choice {
            type Value = ScorerChoice;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the id of an `endpoints` entry, or a map with the key `embedded`")
            }

            fn visit_str<E: de::Error>(self, id: &str) -> Result<ScorerChoice, E> {
                Ok(ScorerChoice::Endpoint(Id(id.to_owned())))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScorerChoice, A::Error> {
                EmbeddedChoice::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ScorerChoice::Embedded)
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

/// `embedded: {...}`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedChoice {
    /// The embedded forest.
    pub embedded: EmbeddedConfig,
}

/// A Random Cut Forest inside the function, trained offline with `synth train`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedConfig {
    /// Where the model file is.
    pub model: ModelConfig,
    /// Keep learning from every row scored (default false). Each warm execution environment
    /// learns on its own; nothing is written back to the model file.
    #[serde(default)]
    pub learn: bool,
}

/// Where an embedded forest's model file is. Exactly one key.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelConfig {
    /// A path inside the deployment package, relative to its root (`model.json`).
    Bundled(String),
    /// An S3 object (`s3:GetObject` on it is granted).
    S3(S3ModelConfig),
}

/// An S3 object holding the model file.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3ModelConfig {
    /// The bucket's name.
    pub bucket: Val<String>,
    /// The object's key.
    pub key: Val<String>,
}
