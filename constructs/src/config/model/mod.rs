//! The stack file's top level: its settings and one section per construct kind, each keyed
//! by construct id. An entry's settings are the construct's own props type (the struct its
//! Rust builder fills), read one entry at a time when the stack is built ([`Entry`]), so
//! that one bad entry does not hide the problems of the others.

mod entry;
mod stack;

pub use entry::Entry;
pub use stack::{OutputConfig, ParameterConfig};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::endpoint::RcfEndpoint;
use crate::function::AnomalyFunction;
use crate::kafka::KafkaSource;
use crate::monitoring::Monitoring;
use crate::props::Prop;
use crate::secret::{MtlsSecret, OAuthSecret, RootCaSecret, SaslSecret};
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::vpc::Vpc;

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
    #[schemars(regex(pattern = r"^[A-Za-z][A-Za-z0-9-]{0,127}$"))]
    pub name: String,
    /// The template's description (at most 1024 bytes).
    #[serde(default)]
    #[schemars(length(max = 1024))]
    pub description: Option<String>,
    /// An existing customer-managed KMS key (its ARN) to encrypt with instead of the key the
    /// stack creates. Its key policy must already let the services the stack uses use it.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]))]
    pub encryption_key_arn: Option<Prop<String>>,
    /// Template metadata, key by key.
    #[serde(default)]
    #[schemars(extend("additionalProperties" = {"not": {"type": "null"}}, "examples" = [{"Owner": "data-platform", "Runbook": {"url": "https://wiki.example.com/kafka-anomalies"}}]))]
    pub metadata: IndexMap<String, serde_json::Value>,
    /// Deploy-time inputs, by logical id (ASCII letters and digits); refer to them with
    /// `{ref: Name}`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z0-9]{1,255}$"}))]
    pub parameters: IndexMap<String, Entry<ParameterConfig>>,
    /// SASL credentials (username and password) in Secrets Manager: imported, or generated.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub sasl_secrets: IndexMap<String, Entry<SaslSecret>>,
    /// Client certificates for mutual TLS, in Secrets Manager.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub mtls_secrets: IndexMap<String, Entry<MtlsSecret>>,
    /// Private root CAs of self-managed brokers, in Secrets Manager.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub root_ca_secrets: IndexMap<String, Entry<RootCaSecret>>,
    /// OAuth 2.0 client credentials (SASL/OAUTHBEARER), in Secrets Manager.
    #[serde(default)]
    pub oauth_secrets: IndexMap<String, Entry<OAuthSecret>>,
    /// Networks: an imported VPC (subnets and security groups for the pollers), or one the
    /// stack creates.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub vpcs: IndexMap<String, Entry<Vpc>>,
    /// SQS queues, for bad records and batches the mapping gives up on.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub queues: IndexMap<String, Entry<Queue>>,
    /// DynamoDB tables the function writes anomalies to.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub anomaly_tables: IndexMap<String, Entry<AnomalyTable>>,
    /// SNS topics for anomaly alerts and alarms.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub alert_topics: IndexMap<String, Entry<AlertTopic>>,
    /// SageMaker Random Cut Forest endpoints: existing ones by name, or created from a model.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub endpoints: IndexMap<String, Entry<RcfEndpoint>>,
    /// Kafka topics feeding functions (one event source mapping each).
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub kafka_sources: IndexMap<String, Entry<KafkaSource>>,
    /// Anomaly-detection functions.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub functions: IndexMap<String, Entry<AnomalyFunction>>,
    /// CloudWatch alarms and a dashboard, one entry per function.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$"}))]
    pub monitoring: IndexMap<String, Entry<Monitoring>>,
    /// Values the deployed stack reports, by logical id.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z0-9]{1,255}$"}))]
    pub outputs: IndexMap<String, Entry<OutputConfig>>,
}
