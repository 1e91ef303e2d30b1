//! `AWS::Lambda::*` resource types.

use indexmap::IndexMap;
use serde::Serialize;

use super::Tag;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::Lambda::Function`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    /// What the function does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Runtime identifier, e.g. `provided.al2023`.
    pub runtime: String,
    /// Handler name (`bootstrap` for custom runtimes).
    pub handler: String,
    /// `x86_64` or `arm64`.
    pub architectures: Vec<String>,
    /// Where the deployment package is.
    pub code: FunctionCode,
    /// Execution role ARN.
    pub role: Value,
    /// Memory in MB (128–10240).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<Value>,
    /// Timeout in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Value>,
    /// Reserved concurrent executions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrent_executions: Option<Value>,
    /// Environment variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// KMS key that encrypts the environment variables at rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    /// Log destination and format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_config: Option<LoggingConfig>,
    /// VPC attachment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    /// X-Ray tracing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<TracingConfig>,
    /// Code-signing configuration ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_signing_config_arn: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Function {
    const TYPE: &'static str = "AWS::Lambda::Function";
}

/// `Code` of a function deployed from S3.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionCode {
    /// Bucket name.
    #[serde(rename = "S3Bucket")]
    pub s3_bucket: Value,
    /// Object key.
    #[serde(rename = "S3Key")]
    pub s3_key: Value,
    /// Object version (versioned buckets).
    #[serde(rename = "S3ObjectVersion", skip_serializing_if = "Option::is_none")]
    pub s3_object_version: Option<Value>,
}

/// `Environment` of a function.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    /// Name → value.
    pub variables: IndexMap<String, Value>,
}

/// `LoggingConfig` of a function.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfig {
    /// Log group name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<Value>,
    /// `Text` or `JSON`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
    /// Application log level filter (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_log_level: Option<String>,
    /// Lambda platform log level filter (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_log_level: Option<String>,
}

/// `VpcConfig` of a function.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfig {
    /// Subnet ids.
    pub subnet_ids: Value,
    /// Security group ids.
    pub security_group_ids: Value,
}

/// `TracingConfig` of a function.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TracingConfig {
    /// `Active` or `PassThrough`.
    pub mode: String,
}

/// `AWS::Lambda::EventSourceMapping` (the Kafka subset of its properties).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSourceMapping {
    /// The function's name or ARN.
    pub function_name: Value,
    /// The MSK cluster's ARN, or the managed VPC connection's ARN of a cross-account mapping
    /// (MSK sources only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_source_arn: Option<Value>,
    /// Bootstrap servers (self-managed sources only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_managed_event_source: Option<SelfManagedEventSource>,
    /// The single topic.
    pub topics: Vec<Value>,
    /// `LATEST`, `TRIM_HORIZON` or `AT_TIMESTAMP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_position: Option<String>,
    /// Unix seconds, with `AT_TIMESTAMP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_position_timestamp: Option<Value>,
    /// Records per batch (1–10,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<Value>,
    /// Batching window (0–300 s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_batching_window_in_seconds: Option<Value>,
    /// Whether the mapping polls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Value>,
    /// Auth, network and CA settings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source_access_configurations: Vec<SourceAccessConfiguration>,
    /// Consumer group of an MSK source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amazon_managed_kafka_event_source_config: Option<KafkaEventSourceConfig>,
    /// Consumer group of a self-managed source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_managed_kafka_event_source_config: Option<KafkaEventSourceConfig>,
    /// Event filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_criteria: Option<FilterCriteria>,
    /// KMS key that encrypts the filter criteria.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    /// Where records go after failing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_config: Option<DestinationConfig>,
    /// Provisioned mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_poller_config: Option<ProvisionedPollerConfig>,
    /// Retry limit (provisioned mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<Value>,
    /// Record age limit (provisioned mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_record_age_in_seconds: Option<Value>,
    /// Split failing batches (provisioned mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bisect_batch_on_function_error: Option<Value>,
    /// `ReportBatchItemFailures` (provisioned mode).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_response_types: Vec<String>,
    /// Mapping metrics (provisioned mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_config: Option<MetricsConfig>,
    /// Mapping system logs (provisioned mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_config: Option<MappingLoggingConfig>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for EventSourceMapping {
    const TYPE: &'static str = "AWS::Lambda::EventSourceMapping";
}

/// `SelfManagedEventSource`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SelfManagedEventSource {
    /// The endpoints.
    pub endpoints: Endpoints,
}

/// `SelfManagedEventSource.Endpoints`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Endpoints {
    /// `host:port` bootstrap servers (1–10).
    pub kafka_bootstrap_servers: Value,
}

/// One `SourceAccessConfigurations` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceAccessConfiguration {
    /// E.g. `SASL_SCRAM_512_AUTH`, `VPC_SUBNET`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// Secret ARN, `subnet:subnet-…`, `security_group:sg-…` or a literal OAuth value (at most
    /// 200 characters); none for `IAM_AUTH` and `IAM_OAUTHBEARER_AUTH`.
    #[serde(rename = "URI", skip_serializing_if = "Option::is_none")]
    pub uri: Option<Value>,
}

impl SourceAccessConfiguration {
    /// An entry of `kind` whose `URI` is `uri`.
    pub fn new(kind: impl Into<String>, uri: impl Into<Value>) -> Self {
        Self {
            kind: kind.into(),
            uri: Some(uri.into()),
        }
    }

    /// An entry of `kind` without a `URI` (`IAM_AUTH`, `IAM_OAUTHBEARER_AUTH`).
    pub fn flag(kind: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            uri: None,
        }
    }
}

/// `AmazonManagedKafkaEventSourceConfig` / `SelfManagedKafkaEventSourceConfig`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KafkaEventSourceConfig {
    /// The consumer group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_group_id: Option<Value>,
    /// `Stream` (the default) or `Queue` (self-managed only; create-only in Lambda's API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumption_mode: Option<String>,
    /// The schema registry that validates and deserializes the records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_registry_config: Option<SchemaRegistryConfig>,
}

/// `SchemaRegistryConfig`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaRegistryConfig {
    /// A Glue registry's ARN, or a Confluent registry's URL.
    #[serde(rename = "SchemaRegistryURI")]
    pub schema_registry_uri: Value,
    /// `JSON` or `SOURCE`.
    pub event_record_format: String,
    /// `KEY` and/or `VALUE` (1 to 2).
    pub schema_validation_configs: Vec<SchemaValidationConfig>,
    /// How Lambda authenticates to a Confluent registry (at most 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_configs: Vec<SchemaRegistryAccessConfig>,
}

/// `SchemaValidationConfig`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaValidationConfig {
    /// `KEY` or `VALUE`.
    pub attribute: String,
}

/// `SchemaRegistryAccessConfig`.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaRegistryAccessConfig {
    /// `BASIC_AUTH`, `CLIENT_CERTIFICATE_TLS_AUTH`, `SERVER_ROOT_CA_CERTIFICATE` or
    /// `OAUTHBEARER_AUTH`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The secret's ARN.
    #[serde(rename = "URI")]
    pub uri: Value,
}

/// `FilterCriteria`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterCriteria {
    /// Up to 20 filters.
    pub filters: Vec<Filter>,
}

/// One filter.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    /// The JSON filter pattern, as a string.
    pub pattern: Value,
}

/// `DestinationConfig`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationConfig {
    /// The on-failure destination.
    pub on_failure: OnFailure,
}

/// `DestinationConfig.OnFailure`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnFailure {
    /// An SQS, SNS or S3 ARN, or `kafka://topic`.
    pub destination: Value,
}

/// `ProvisionedPollerConfig`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProvisionedPollerConfig {
    /// 1–200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_pollers: Option<Value>,
    /// 1–2000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_pollers: Option<Value>,
    /// Groups mappings that share pollers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poller_group_name: Option<Value>,
}

/// `MetricsConfig`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricsConfig {
    /// `EventCount`, `ErrorCount`, `KafkaMetrics`.
    pub metrics: Vec<String>,
}

/// The mapping's `LoggingConfig`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MappingLoggingConfig {
    /// `DEBUG`, `INFO` or `WARN`.
    pub system_log_level: String,
}

/// `AWS::Lambda::Permission`: lets a principal invoke a function (a statement of the
/// function's resource-based policy).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    /// `lambda:InvokeFunction`.
    pub action: String,
    /// The function's name or ARN.
    pub function_name: Value,
    /// Who may invoke it, e.g. the service principal `secretsmanager.amazonaws.com`.
    pub principal: String,
    /// The account the invoking resource belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<Value>,
    /// The ARN of the resource on whose behalf the service invokes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<Value>,
}

impl ResourceProperties for Permission {
    const TYPE: &'static str = "AWS::Lambda::Permission";
}
