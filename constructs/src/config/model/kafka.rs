//! Kafka sources.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::refs::Id;
use crate::config::value::{ListVal, Val};

/// One Kafka topic feeding one function through an event source mapping. Exactly one of
/// `msk`, `self_managed` and `confluent` says which cluster.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["msk"]}, {"required": ["self_managed"]}, {"required": ["confluent"]}]))]
pub struct KafkaSourceConfig {
    /// An Amazon MSK cluster. Authentication defaults to IAM.
    #[serde(default)]
    pub msk: Option<MskCluster>,
    /// A self-managed cluster (EC2, EKS, on premises, another provider).
    #[serde(default)]
    pub self_managed: Option<SelfManagedCluster>,
    /// A Confluent Cloud cluster: SASL/PLAIN over TLS with an API key.
    #[serde(default)]
    pub confluent: Option<ConfluentCluster>,
    /// The topic (1 to 249 letters, digits, `.`, `_` and `-`).
    pub topic: Val<String>,
    /// How the mapping authenticates: `iam` (MSK only), or a secret of this file:
    /// `{scram_512: Id}`, `{scram_256: Id}` (self-managed), `{plain: Id}` (self-managed,
    /// Confluent), `{mtls: Id}`.
    #[serde(default)]
    pub auth: Option<AuthConfig>,
    /// The private root CA the brokers' certificates chain to (a `root_ca_secrets` id;
    /// self-managed only).
    #[serde(default)]
    pub root_ca: Option<Id>,
    /// The VPC (a `vpcs` id) whose subnets and security groups the pollers use (self-managed
    /// and Confluent only).
    #[serde(default)]
    pub vpc: Option<Id>,
    /// Where a new consumer group starts reading: `latest`, `trim_horizon` or
    /// `{at_timestamp: UNIX_SECONDS}`. Required: the wrong one skips or replays the topic.
    pub starting_position: StartingPositionConfig,
    /// Records per batch, 1 to 10,000 (Lambda's default is 100).
    #[serde(default)]
    pub batch_size: Option<Val<i64>>,
    /// Seconds to gather records before invoking, 0 to 300 (Lambda's default is 500 ms).
    #[serde(default)]
    pub batching_window_seconds: Option<Val<i64>>,
    /// The consumer group (1 to 200 characters of `[a-zA-Z0-9-/*:_+=.@]`, unique among the
    /// stack's sources, immutable). Defaults to `${AWS::StackName}-<id>`.
    #[serde(default)]
    pub consumer_group_id: Option<Val<String>>,
    /// Whether the mapping polls (default true).
    #[serde(default)]
    pub enabled: Option<Val<bool>>,
    /// Filter patterns (JSON objects, up to 20); records matching none are dropped before the
    /// function sees them.
    #[serde(default)]
    pub filters: Vec<serde_json::Value>,
    /// Where batches the mapping gives up on go: `{queue: Id}`, `{topic: Id}` (this file's
    /// queues and alert topics), `{sqs: ARN}`, `{sns: ARN}`, `{s3: BUCKET_ARN}` or
    /// `{kafka_topic: NAME}`.
    #[serde(default)]
    pub on_failure: Option<OnFailureConfig>,
    /// Provisioned mode: dedicated pollers. Needed by the retry, record-age, bisect,
    /// batch-item-failure, metrics and log options.
    #[serde(default)]
    pub provisioned_pollers: Option<PollersConfig>,
    /// Retries of a failed batch: -1 (until the record expires) or 0 to 10,000. Provisioned
    /// mode only.
    #[serde(default)]
    pub max_retry_attempts: Option<Val<i64>>,
    /// Oldest record age sent to the function: -1 (no limit) or 60 to 604,800 seconds.
    /// Provisioned mode only.
    #[serde(default)]
    pub max_record_age_seconds: Option<Val<i64>>,
    /// Splits a failing batch in two and retries each half. Provisioned mode only.
    #[serde(default)]
    pub bisect_batch_on_error: Option<Val<bool>>,
    /// Lets the function report which records failed, so only those are retried.
    /// Provisioned mode only.
    #[serde(default)]
    pub report_batch_item_failures: bool,
    /// Metrics the mapping publishes. Provisioned mode only.
    #[serde(default)]
    pub metrics: Vec<MetricConfig>,
    /// The mapping's own log level. Provisioned mode only.
    #[serde(default)]
    pub system_log_level: Option<MappingLogLevel>,
    /// Tags of the mapping (key 1 to 128 characters, not starting with `aws:`; value up to
    /// 256).
    #[serde(default)]
    pub tags: IndexMap<String, Val<String>>,
}

/// An Amazon MSK cluster.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MskCluster {
    /// `arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID`.
    pub cluster_arn: Val<String>,
}

/// A self-managed cluster.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfManagedCluster {
    /// 1 to 10 brokers as `host:port`, or one intrinsic giving the whole list (a
    /// `CommaDelimitedList` parameter).
    pub bootstrap_servers: ListVal<String>,
}

/// A Confluent Cloud cluster.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfluentCluster {
    /// The bootstrap endpoint, `pkc-….REGION.aws.confluent.cloud:9092`.
    pub bootstrap: Val<String>,
    /// The `sasl_secrets` id holding the API key as `{"username": KEY, "password": SECRET}`.
    pub api_key: Id,
}

/// How the mapping authenticates.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthConfig {
    /// IAM access control (MSK only; no secret).
    Iam,
    /// SASL/SCRAM-SHA-512 with a `sasl_secrets` id.
    #[serde(rename = "scram_512")]
    #[schemars(rename = "scram_512")]
    Scram512(Id),
    /// SASL/SCRAM-SHA-256 with a `sasl_secrets` id (self-managed only).
    #[serde(rename = "scram_256")]
    #[schemars(rename = "scram_256")]
    Scram256(Id),
    /// SASL/PLAIN over TLS with a `sasl_secrets` id (self-managed and Confluent).
    Plain(Id),
    /// Mutual TLS with an `mtls_secrets` id.
    Mtls(Id),
}

/// Where a new consumer group starts.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StartingPositionConfig {
    /// Records written after the mapping is created.
    Latest,
    /// The oldest record in the topic.
    TrimHorizon,
    /// The first record at or after this Unix time in seconds.
    AtTimestamp(Val<i64>),
}

/// An on-failure destination.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnFailureConfig {
    /// A `queues` id of this file.
    Queue(Id),
    /// An `alert_topics` id of this file.
    Topic(Id),
    /// An SQS queue ARN.
    Sqs(Val<String>),
    /// An SNS topic ARN.
    Sns(Val<String>),
    /// An S3 bucket ARN, `arn:aws:s3:::BUCKET`.
    S3(Val<String>),
    /// A topic of the source's own cluster (not the source topic).
    KafkaTopic(Val<String>),
}

/// Provisioned pollers.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PollersConfig {
    /// Pollers kept warm, 1 to 200.
    pub minimum: Val<i64>,
    /// Pollers to scale to, 1 to 2000.
    pub maximum: Val<i64>,
    /// A poller group shared with other mappings of the same VPC (1 to 128 letters, digits,
    /// `-` and `_`).
    #[serde(default)]
    pub group: Option<Val<String>>,
}

/// A metric the mapping publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricConfig {
    /// Records polled, filtered, invoked, failed and dropped.
    EventCount,
    /// Errors of the mapping itself.
    ErrorCount,
    /// Kafka consumer metrics, such as offset lag.
    KafkaMetrics,
}

/// The mapping's log level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MappingLogLevel {
    /// Everything.
    Debug,
    /// Informational and above.
    Info,
    /// Warnings only.
    Warn,
}
