//! Where results go: the anomaly table, the alert topic, the bad-record queue, the log and
//! its embedded metrics. Every AWS sink is optional, as the contract says.

pub mod dynamodb;
pub mod log;
pub mod metrics;
pub mod sns;
pub mod sqs;

use std::time::Duration;

use crate::deadline::Deadline;

/// One anomaly with what the sinks record about it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyDetail<'a> {
    /// The record's topic.
    pub topic: &'a str,
    /// The record's partition.
    pub partition: i64,
    /// The record's offset.
    pub offset: i64,
    /// The record's Kafka timestamp (ms), if any.
    pub timestamp: Option<i64>,
    /// Its score.
    pub score: f64,
    /// Its features, by name, in model order.
    pub features: Vec<(&'a str, f64)>,
}

/// One bad record with what it takes to find or replay it.
#[derive(Debug, Clone, PartialEq)]
pub struct BadDetail<'a> {
    /// The record's topic.
    pub topic: &'a str,
    /// The record's partition.
    pub partition: i64,
    /// The record's offset.
    pub offset: i64,
    /// The record's Kafka timestamp (ms), if any.
    pub timestamp: Option<i64>,
    /// Why it is bad.
    pub reason: &'a str,
    /// The record's key, base64, as the event had it.
    pub key: Option<&'a str>,
    /// The record's value, base64, as the event had it.
    pub value: Option<&'a str>,
}

/// The AWS sinks a function writes to; each is present when the contract configures it.
#[derive(Debug, Clone, Default)]
pub struct Sinks {
    /// The anomaly table.
    pub table: Option<dynamodb::AnomalyTable>,
    /// The alert topic.
    pub alerts: Option<sns::AlertTopic>,
    /// The bad-record queue; without it bad records are logged.
    pub bad_records: Option<sqs::BadRecordQueue>,
}

/// Waits before retry `round` (0-based) of a partly failed batch write, within the deadline;
/// returns false when the deadline leaves no time for another round.
pub(crate) async fn backoff(round: u32, deadline: Deadline) -> bool {
    let wait = Duration::from_millis(50 << round.min(5));
    match deadline.budget() {
        Some(budget) if budget > wait => {
            tokio::time::sleep(wait).await;
            true
        }
        _ => false,
    }
}
