//! Where results go: tables, topics and queues.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::value::Val;

/// A DynamoDB table of anomalies, keyed by topic#partition and offset, encrypted with the
/// stack's key.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnomalyTableConfig {
    /// Days an anomaly is kept before DynamoDB's TTL deletes it (at least 1; unset keeps
    /// them).
    #[serde(default)]
    pub ttl_days: Option<u32>,
    /// Whether DynamoDB refuses to delete the table (default true).
    #[serde(default)]
    pub deletion_protection: Option<bool>,
    /// A fixed table name (3 to 255 letters, digits, `_`, `-`, `.`); by default
    /// CloudFormation generates one.
    #[serde(default)]
    pub table_name: Option<Val<String>>,
}

/// An SNS topic for alerts, encrypted with the stack's key.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertTopicConfig {
    /// The sender name of e-mail notifications (at most 100 characters).
    #[serde(default)]
    pub display_name: Option<Val<String>>,
    /// E-mail addresses to subscribe (each must confirm); a parameter may be empty, which
    /// leaves the subscription out.
    #[serde(default)]
    pub emails: Vec<Val<String>>,
}

/// An SQS queue, encrypted with the stack's key.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueConfig {
    /// Seconds a message is kept, 60 to 1,209,600 (default 14 days).
    #[serde(default)]
    pub retention_seconds: Option<Val<i64>>,
    /// Seconds SQS reuses a data key, 60 to 86,400 (default 300).
    #[serde(default)]
    pub data_key_reuse_seconds: Option<Val<i64>>,
}
