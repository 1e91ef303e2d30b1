//! What an invocation returns (and `invoke` prints): every record, scored or bad.

use serde::{Deserialize, Serialize};

/// The handler's result. Every input record is counted once: `records == scored +
/// bad_records.len()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvocationResult {
    /// Records in the event.
    pub records: usize,
    /// Records that got a score.
    pub scored: usize,
    /// `InvokeEndpoint` calls made.
    pub scoring_calls: usize,
    /// Scored records above the threshold, in topic, partition, offset order.
    pub anomalies: Vec<Anomaly>,
    /// Records that could not be scored, with the reason, in topic, partition, offset order.
    pub bad_records: Vec<BadRecord>,
    /// The partial batch response, when the mapping reports batch item failures: the bad
    /// records, so the mapping retries them and then hands them to its on-failure destination.
    #[serde(
        rename = "batchItemFailures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub batch_item_failures: Option<Vec<BatchItemFailure>>,
}

/// One anomaly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    /// The record's topic.
    pub topic: String,
    /// The record's partition.
    pub partition: i64,
    /// The record's offset.
    pub offset: i64,
    /// Its score.
    pub score: f64,
}

/// One record that could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRecord {
    /// The record's topic.
    pub topic: String,
    /// The record's partition.
    pub partition: i64,
    /// The record's offset.
    pub offset: i64,
    /// Why it could not be scored.
    pub reason: String,
}

/// One entry of a Kafka partial batch response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchItemFailure {
    /// Which record.
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: ItemIdentifier,
}

/// A Kafka record as a partial batch response names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemIdentifier {
    /// The `<topic>-<partition>` key of the event's `records` map.
    pub partition: String,
    /// The record's offset.
    pub offset: i64,
}

impl InvocationResult {
    /// True when every record is accounted for exactly once.
    pub fn is_complete(&self) -> bool {
        self.records == self.scored + self.bad_records.len()
    }
}
