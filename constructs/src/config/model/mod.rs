//! The typed stack file: one struct per construct kind, keyed by the construct's id in the
//! section of its kind. Keys are the Rust builder methods' names, so the messages of both
//! APIs name the same properties.

mod endpoint;
mod function;
mod kafka;
mod monitoring;
mod secret;
mod sinks;
mod stack;
mod vpc;

pub use endpoint::{
    AutoscalingConfig, CreateEndpoint, DataCaptureConfig, EndpointConfig, ModelDataParts,
    ServerlessConfig,
};
pub use function::{
    ArchitectureConfig, CodeConfig, EmbeddedChoice, EmbeddedConfig, FunctionConfig,
    FunctionLogLevel, ModelConfig, S3ModelConfig, ScorerChoice,
};
pub use kafka::{
    AuthConfig, ConfluentCluster, KafkaSourceConfig, MappingLogLevel, MetricConfig, MskCluster,
    OnFailureConfig, PollersConfig, SelfManagedCluster, StartingPositionConfig,
};
pub use monitoring::{AlarmRuleConfig, MonitoringConfig};
pub use secret::{ImportedSecretConfig, SaslSecretConfig};
pub use sinks::{AlertTopicConfig, AnomalyTableConfig, QueueConfig};
pub use stack::{OutputConfig, ParameterConfig};
pub use vpc::{CreateVpc, EgressConfig, ImportVpc, VpcConfig};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::value::Val;

/// A Kafka anomaly-detection stack: Kafka source → Lambda event source mapping → detector
/// function → SageMaker Random Cut Forest endpoint, with its sinks and monitoring.
///
/// Constructs are declared in sections, one per kind, each keyed by the construct's id (1 to
/// 64 letters, digits, `-` and `_`, starting with a letter; unique across the file; logical
/// ids derive from it, so renaming one replaces its resources). Constructs refer to each
/// other by id, and are added to the stack in the order they appear in the file (a
/// construct referred to before it is declared is added first).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Kafka anomaly-detection stack")]
pub struct StackConfig {
    /// The JSON Schema this file follows (ignored; lets JSON editors find the schema).
    #[serde(rename = "$schema", default)]
    #[schemars(rename = "$schema")]
    pub schema: Option<String>,
    /// The stack's name: 1 to 128 ASCII letters, digits and `-`, starting with a letter.
    /// Used in descriptions, generated names and the deploy commands.
    pub name: String,
    /// The template's description (at most 1024 bytes).
    #[serde(default)]
    pub description: Option<String>,
    /// An existing customer-managed KMS key (its ARN) to encrypt with instead of the key the
    /// stack creates. Its key policy must already let the services the stack uses use it.
    #[serde(default)]
    pub encryption_key_arn: Option<Val<String>>,
    /// Template metadata, key by key.
    #[serde(default)]
    pub metadata: IndexMap<String, serde_json::Value>,
    /// Deploy-time inputs, by logical id (ASCII letters and digits); refer to them with
    /// `{ref: Name}`.
    #[serde(default)]
    pub parameters: IndexMap<String, ParameterConfig>,
    /// SASL credentials (username and password) in Secrets Manager: imported, or generated.
    #[serde(default)]
    pub sasl_secrets: IndexMap<String, SaslSecretConfig>,
    /// Client certificates for mutual TLS, in Secrets Manager.
    #[serde(default)]
    pub mtls_secrets: IndexMap<String, ImportedSecretConfig>,
    /// Private root CAs of self-managed brokers, in Secrets Manager.
    #[serde(default)]
    pub root_ca_secrets: IndexMap<String, ImportedSecretConfig>,
    /// Networks: an imported VPC (subnets and security groups for the pollers), or one the
    /// stack creates.
    #[serde(default)]
    pub vpcs: IndexMap<String, VpcConfig>,
    /// SQS queues, for bad records and batches the mapping gives up on.
    #[serde(default)]
    pub queues: IndexMap<String, QueueConfig>,
    /// DynamoDB tables the function writes anomalies to.
    #[serde(default)]
    pub anomaly_tables: IndexMap<String, AnomalyTableConfig>,
    /// SNS topics for anomaly alerts and alarms.
    #[serde(default)]
    pub alert_topics: IndexMap<String, AlertTopicConfig>,
    /// SageMaker Random Cut Forest endpoints: existing ones by name, or created from a model.
    #[serde(default)]
    pub endpoints: IndexMap<String, EndpointConfig>,
    /// Kafka topics feeding functions (one event source mapping each).
    #[serde(default)]
    pub kafka_sources: IndexMap<String, KafkaSourceConfig>,
    /// Anomaly-detection functions.
    #[serde(default)]
    pub functions: IndexMap<String, FunctionConfig>,
    /// CloudWatch alarms and a dashboard, one entry per function.
    #[serde(default)]
    pub monitoring: IndexMap<String, MonitoringConfig>,
    /// Values the deployed stack reports, by logical id.
    #[serde(default)]
    pub outputs: IndexMap<String, OutputConfig>,
}
