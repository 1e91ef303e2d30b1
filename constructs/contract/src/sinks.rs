//! Where the function sends results.

use serde::{Deserialize, Serialize};

/// Where the function sends results. Each field is set by wiring the matching construct.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
