//! `AnomalyFunction`: the Lambda function that scores Kafka records, and what wiring to it needs.

mod code;
mod environment;
mod handle;
mod scorer;
mod synth;
mod target;
#[cfg(test)]
mod tests;
mod validate;

pub use code::{Architecture, FunctionCode, LogLevel};
pub use environment::ENVIRONMENT_LIMIT_BYTES;
pub(crate) use environment::{Deferred, encode};
pub use scorer::{EmbeddedScorer, Scorer};
pub use target::FunctionTarget;

use crate::construct::Handle;
use crate::contract::{
    ContentType, DEFAULT_METRICS_NAMESPACE, FeatureSpec, RecordFormat, Threshold,
};
use crate::endpoint::RcfEndpoint;
use crate::kafka::KafkaSource;
use crate::props::{Prop, Referable};
use crate::resources::Tag;
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::value::Value;
use crate::vpc::Vpc;

/// The anomaly-detection function: a Rust binary on `provided.al2023` that extracts features
/// from each Kafka record, scores them with a Random Cut Forest (a SageMaker endpoint, or one
/// embedded in the function, see [`Scorer`]) and flags anomalies.
///
/// Wiring derives the rest: each [`add_source`](Self::add_source) becomes an event source
/// mapping, and the execution role gets exactly what the sources, their secrets, the network
/// and the scorer need. Its log group is encrypted with the stack's key and kept for a year.
///
/// ```
/// use constructs::{AnomalyFunction, FunctionCode, KafkaSource, RcfEndpoint, Stack, StartingPosition};
/// let mut stack = Stack::new("demo");
/// let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
/// let logs = stack.add(
///     "AppLogs",
///     KafkaSource::msk("arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab-1", "app-logs")
///         .starting_position(StartingPosition::Latest),
/// );
/// stack.add(
///     "Detector",
///     AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
///         .scorer(&scorer)
///         .add_source(&logs),
/// );
/// let template = stack.synth().expect("valid stack").template;
/// assert!(template.to_json().contains("AWS::Lambda::EventSourceMapping"));
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "The anomaly-detection function: extracts features from each Kafka record, scores them with its `scorer` (an endpoint, or a forest embedded in the function) and flags anomalies. Wiring (`sources`, `scorer`, sinks) derives the event source mappings and least-privilege IAM."
)]
#[serde(deny_unknown_fields)]
pub struct AnomalyFunction {
    /// The deployment package in S3 (`bootstrap.zip` from `cargo lambda build --output-format
    /// zip`).
    pub(crate) code: FunctionCode,
    /// What scores the features (required): an `endpoints` id, or
    /// `{embedded: {model: {s3: {bucket, key}} | {bundled: PATH}, learn}}`.
    // Required in the schema; a file without one is read (serde reads a missing `Option` as
    // `None`) and refused by validation, with the fix.
    #[schemars(required)]
    pub(crate) scorer: Option<Scorer>,
    /// The `kafka_sources` ids the function consumes (one event source mapping each).
    #[serde(default)]
    pub(crate) sources: Vec<Handle<KafkaSource>>,
    /// An `anomaly_tables` id: one item per anomaly.
    #[serde(default)]
    pub(crate) anomaly_table: Option<Handle<AnomalyTable>>,
    /// An `alert_topics` id: one alert per invocation that finds anomalies.
    #[serde(default)]
    pub(crate) alert_topic: Option<Handle<AlertTopic>>,
    /// A `queues` id for records the function cannot score.
    #[serde(default)]
    pub(crate) bad_record_queue: Option<Handle<Queue>>,
    /// How records are read: `json` (the default), `logfmt`, `{regex: PATTERN}` (named groups),
    /// or a preset: `combined`, `common`, `combined_timed`, `alb`.
    #[serde(default)]
    // The default as a stack file spells it (the function's configuration spells it
    // `json_lines`, which is what serializing it would give).
    #[schemars(extend("default" = "json"))]
    pub(crate) record_format: RecordFormat,
    /// The features, in the order the model was trained on (default `response_time_ms`,
    /// `status`, `duration_ms`).
    #[serde(default = "seed_features")]
    #[schemars(extend("examples" = [[{"name": "response_time_ms"}, {"name": "status"}, {"name": "duration_ms"}], [{"name": "latency", "path": "http.latency_ms", "default": 0.0}, {"name": "bytes", "path": "http.bytes"}, {"name": "status"}]], "minItems" = 1, "maxItems" = 64))]
    pub(crate) features: Vec<FeatureSpec>,
    /// When a score is an anomaly: `{kind: fixed, value: 3.0}` (the default),
    /// `{kind: sigma, mean, stddev, k}`, or `{kind: adaptive}` (follows the scores; settings
    /// chosen on NAB).
    #[serde(default = "seed_threshold")]
    pub(crate) threshold: Threshold,
    /// The request body sent to the endpoint: `text/csv` (default) or `application/json`.
    #[serde(default)]
    pub(crate) content_type: ContentType,
    /// The CloudWatch namespace of the function's metrics (default `KafkaAnomalyDetection`).
    #[serde(default = "default_namespace")]
    #[schemars(extend("examples" = ["KafkaAnomalyDetection", "Orders/Anomalies"], "pattern" = "^[^:]", "minLength" = 1, "maxLength" = 255))]
    pub(crate) metrics_namespace: String,
    /// The function's description (at most 256 characters).
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub(crate) description: Option<String>,
    /// The instruction set of the package's binary (default `arm64`; `synth --code-zip`
    /// reads it from the binary).
    #[serde(default)]
    pub(crate) architecture: Architecture,
    /// Memory in MB, 128 to 10,240 (default 1024).
    #[serde(default = "default_memory")]
    #[schemars(extend("minimum" = 128, "maximum" = 10_240))]
    pub(crate) memory_mb: Prop<i64>,
    /// Timeout in seconds; at most 840 with a Kafka source (default 120).
    #[serde(default = "default_timeout")]
    #[schemars(extend("examples" = [30, 120, 300, 840], "minimum" = 1, "maximum" = 900))]
    pub(crate) timeout_seconds: Prop<i64>,
    /// Reserved (and maximum) concurrent executions.
    #[serde(default)]
    #[schemars(extend("minimum" = 1, "maximum" = 1_000_000))]
    pub(crate) reserved_concurrency: Option<Prop<i64>>,
    /// Days the function's logs are kept, a value CloudWatch Logs offers (default 365).
    #[serde(default = "default_retention")]
    #[schemars(extend("examples" = [1, 7, 30, 90, 365, 3653], "minimum" = 1, "maximum" = 3653))]
    pub(crate) log_retention_days: Prop<i64>,
    /// The lowest level of the function's log lines Lambda keeps (default `info`).
    #[serde(default)]
    pub(crate) log_level: LogLevel,
    /// A `vpcs` id to attach the function to (only to reach private endpoints; the pollers
    /// use the source's network).
    #[serde(default)]
    pub(crate) vpc: Option<Handle<Vpc>>,
    /// Active X-Ray tracing.
    #[serde(default)]
    pub(crate) tracing: bool,
    /// A Lambda code-signing configuration ARN the package must satisfy.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f67890"]))]
    pub(crate) code_signing_config_arn: Option<Prop<String>>,
    /// Tags of the function, its role and its log group.
    #[serde(default, deserialize_with = "crate::props::tags::map::deserialize")]
    #[schemars(with = "crate::props::tags::TagMap")]
    #[schemars(extend("default" = {}, "propertyNames" = {"minLength": 1, "maxLength": 128, "not": {"pattern": "^[aA][wW][sS]:"}}))]
    pub(crate) tags: Vec<Tag>,
}

impl Referable for AnomalyFunction {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "functions";
}

fn seed_features() -> Vec<FeatureSpec> {
    crate::contract::FunctionConfig::default().features
}

fn seed_threshold() -> Threshold {
    crate::contract::FunctionConfig::default().threshold
}

fn default_namespace() -> String {
    DEFAULT_METRICS_NAMESPACE.to_owned()
}

fn default_memory() -> Prop<i64> {
    Prop::new(DEFAULT_MEMORY_MB)
}

fn default_timeout() -> Prop<i64> {
    Prop::new(DEFAULT_TIMEOUT_SECONDS)
}

fn default_retention() -> Prop<i64> {
    Prop::new(DEFAULT_LOG_RETENTION_DAYS)
}

/// The construct kind messages name.
const KIND: &str = "AnomalyFunction";

/// Default memory: enough CPU to decode a 6 MB batch in milliseconds.
pub const DEFAULT_MEMORY_MB: i64 = 1024;
/// Default timeout: a full batch plus SageMaker retries, well under the 14-minute Kafka limit.
pub const DEFAULT_TIMEOUT_SECONDS: i64 = 120;
/// Default log retention: one year, the minimum most compliance baselines ask for.
pub const DEFAULT_LOG_RETENTION_DAYS: i64 = 365;

impl AnomalyFunction {
    /// A function running the package at `code`, with the seed's features
    /// (`response_time_ms`, `status`, `duration_ms`) and a fixed threshold of 3.0.
    pub fn new(code: FunctionCode) -> Self {
        Self {
            code,
            description: None,
            architecture: Architecture::default(),
            memory_mb: default_memory(),
            timeout_seconds: default_timeout(),
            reserved_concurrency: None,
            log_retention_days: default_retention(),
            log_level: LogLevel::default(),
            record_format: RecordFormat::default(),
            features: seed_features(),
            threshold: seed_threshold(),
            content_type: ContentType::default(),
            metrics_namespace: default_namespace(),
            scorer: None,
            anomaly_table: None,
            alert_topic: None,
            bad_record_queue: None,
            sources: Vec::new(),
            vpc: None,
            tracing: false,
            code_signing_config_arn: None,
            tags: Vec::new(),
        }
    }

    /// Consumes `source` through an event source mapping (one per source).
    pub fn add_source(mut self, source: &Handle<KafkaSource>) -> Self {
        self.sources.push(source.clone());
        self
    }

    /// Scores with `scorer`: a SageMaker endpoint (`&endpoint`; `sagemaker:InvokeEndpoint`
    /// is granted on it alone), or a forest inside the function
    /// ([`Scorer::embedded_s3`], [`Scorer::bundled`]; `s3:GetObject` on the model object is
    /// all an S3 model needs, and no SageMaker resource is involved).
    pub fn scorer(mut self, scorer: impl Into<Scorer>) -> Self {
        self.scorer = Some(scorer.into());
        self
    }

    /// The SageMaker endpoint the function scores with, if it scores through one.
    pub(crate) fn endpoint(&self) -> Option<&Handle<RcfEndpoint>> {
        self.scorer.as_ref().and_then(Scorer::endpoint)
    }

    /// Writes one item per anomaly to `table` (`dynamodb:BatchWriteItem` on it, and
    /// `kms:Decrypt` on its key through DynamoDB, are granted); items expire after the table's
    /// [`ttl_days`](AnomalyTable::ttl_days) when set.
    pub fn anomaly_table(mut self, table: &Handle<AnomalyTable>) -> Self {
        self.anomaly_table = Some(table.clone());
        self
    }

    /// Publishes one alert per invocation that finds anomalies to `topic` (`sns:Publish` on
    /// it, and its key's use through SNS, are granted).
    pub fn alert_topic(mut self, topic: &Handle<AlertTopic>) -> Self {
        self.alert_topic = Some(topic.clone());
        self
    }

    /// Sends records it cannot score (bad base64, not JSON, missing features…) to `queue`
    /// (`sqs:SendMessage` on it, and its key's use through SQS, are granted). Without a queue,
    /// bad records are only logged and counted.
    pub fn bad_record_queue(mut self, queue: &Handle<Queue>) -> Self {
        self.bad_record_queue = Some(queue.clone());
        self
    }

    /// Reads records in `format`: JSON objects (the default), logfmt, a regular expression
    /// with named groups, or an access-log preset (NCSA combined or common, nginx's combined
    /// with timings, ALB). A pattern that does not compile, or a feature naming no field of the
    /// format, fails synthesis (rules E0820, E0821).
    ///
    /// ```
    /// use constructs::{AnomalyFunction, FunctionCode};
    /// use constructs::contract::{FeatureSpec, RecordFormat};
    /// let function = AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
    ///     .record_format(RecordFormat::Combined)
    ///     .features([
    ///         FeatureSpec::new("status"),
    ///         FeatureSpec { default: Some(0.0), ..FeatureSpec::new("body_bytes_sent") },
    ///     ]);
    /// ```
    pub fn record_format(mut self, format: RecordFormat) -> Self {
        self.record_format = format;
        self
    }

    /// Replaces the features, in the order the model was trained on.
    pub fn features(mut self, features: impl IntoIterator<Item = FeatureSpec>) -> Self {
        self.features = features.into_iter().collect();
        self
    }

    /// Sets the anomaly threshold.
    pub fn threshold(mut self, threshold: Threshold) -> Self {
        self.threshold = threshold;
        self
    }

    /// Sets the request body format sent to the endpoint (`text/csv` by default).
    pub fn content_type(mut self, content_type: ContentType) -> Self {
        self.content_type = content_type;
        self
    }

    /// Sets the CloudWatch namespace of the function's embedded metrics.
    pub fn metrics_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.metrics_namespace = namespace.into();
        self
    }

    /// Sets the function's description (at most 256 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the architecture; it must match the binary in the package.
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = architecture;
        self
    }

    /// Memory in MB, 128 to 10240 (CPU grows with it).
    pub fn memory_mb(mut self, memory: impl Into<Value>) -> Self {
        self.memory_mb = Prop::new(memory);
        self
    }

    /// Timeout in seconds; at most 840 (14 minutes) for a Kafka-triggered function.
    pub fn timeout_seconds(mut self, timeout: impl Into<Value>) -> Self {
        self.timeout_seconds = Prop::new(timeout);
        self
    }

    /// Reserves concurrent executions for the function (and caps it there).
    pub fn reserved_concurrency(mut self, concurrency: impl Into<Value>) -> Self {
        self.reserved_concurrency = Some(Prop::new(concurrency));
        self
    }

    /// Days the function's logs are kept (a value CloudWatch Logs accepts).
    pub fn log_retention_days(mut self, days: impl Into<Value>) -> Self {
        self.log_retention_days = Prop::new(days);
        self
    }

    /// The lowest level of the function's own log lines that Lambda keeps.
    pub fn log_level(mut self, level: LogLevel) -> Self {
        self.log_level = level;
        self
    }

    /// Attaches the function to `vpc` (only needed to reach private endpoints; the Kafka
    /// pollers use the source's network whatever the function's is).
    pub fn vpc(mut self, vpc: &Handle<Vpc>) -> Self {
        self.vpc = Some(vpc.clone());
        self
    }

    /// Turns on active X-Ray tracing.
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// Requires packages signed per this code-signing configuration.
    pub fn code_signing_config_arn(mut self, arn: impl Into<Value>) -> Self {
        self.code_signing_config_arn = Some(Prop::new(arn));
        self
    }

    /// Tags the function, its role and its log group.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.tags.push(Tag::new(key, value));
        self
    }
}
