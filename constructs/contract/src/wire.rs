//! Wire constants: the names both sides of the contract must spell the same way (the
//! environment variable, the anomaly table's keys, the metrics' names).

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
