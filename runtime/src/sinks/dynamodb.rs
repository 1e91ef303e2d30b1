//! Anomalies to DynamoDB with `BatchWriteItem`, retrying `UnprocessedItems`.
//!
//! Items are keyed by [`ANOMALY_TABLE_PARTITION_KEY`] = `<topic>#<partition>` (string) and
//! [`ANOMALY_TABLE_SORT_KEY`] = offset (number), so a retried batch rewrites the same items.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use contract::{ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY, ANOMALY_TABLE_TTL_ATTRIBUTE};

use super::{AnomalyDetail, backoff};
use crate::deadline::Deadline;
use crate::error::Error;

/// Items per `BatchWriteItem` call (the API's limit).
pub const MAX_BATCH_ITEMS: usize = 25;

/// Rounds of `UnprocessedItems` retries before the invocation fails.
pub const MAX_ROUNDS: u32 = 6;

/// The anomaly table.
#[derive(Debug, Clone)]
pub struct AnomalyTable {
    client: aws_sdk_dynamodb::Client,
    table: String,
    ttl_days: Option<u32>,
}

impl AnomalyTable {
    /// The table `table`; items expire after `ttl_days` when set.
    pub fn new(
        client: aws_sdk_dynamodb::Client,
        table: impl Into<String>,
        ttl_days: Option<u32>,
    ) -> Self {
        Self {
            client,
            table: table.into(),
            ttl_days,
        }
    }

    /// Writes one item per anomaly (the last one wins for a repeated topic, partition and
    /// offset). Fails with a retryable error when items remain unprocessed after
    /// [`MAX_ROUNDS`] or the deadline.
    pub async fn write(
        &self,
        anomalies: &[AnomalyDetail<'_>],
        threshold: f64,
        deadline: Deadline,
    ) -> Result<(), Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let mut by_key: Vec<(String, i64, WriteRequest)> = Vec::with_capacity(anomalies.len());
        for a in anomalies {
            let pk = format!("{}#{}", a.topic, a.partition);
            let request = self.put(a, &pk, threshold, now)?;
            by_key.push((pk, a.offset, request));
        }
        // BatchWriteItem refuses a request with the same key twice.
        by_key.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        by_key.dedup_by(|later, earlier| {
            if later.0 == earlier.0 && later.1 == earlier.1 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        let requests: Vec<WriteRequest> = by_key.into_iter().map(|(_, _, r)| r).collect();
        for batch in requests.chunks(MAX_BATCH_ITEMS) {
            self.write_batch(batch.to_vec(), deadline).await?;
        }
        Ok(())
    }

    fn put(
        &self,
        a: &AnomalyDetail<'_>,
        pk: &str,
        threshold: f64,
        now: u64,
    ) -> Result<WriteRequest, Error> {
        let n = number;
        let mut item = HashMap::from([
            (
                ANOMALY_TABLE_PARTITION_KEY.to_owned(),
                AttributeValue::S(pk.to_owned()),
            ),
            (
                ANOMALY_TABLE_SORT_KEY.to_owned(),
                AttributeValue::N(a.offset.to_string()),
            ),
            ("topic".to_owned(), AttributeValue::S(a.topic.to_owned())),
            (
                "partition".to_owned(),
                AttributeValue::N(a.partition.to_string()),
            ),
            ("score".to_owned(), n(a.score)),
            ("threshold".to_owned(), n(threshold)),
            ("detected_at".to_owned(), AttributeValue::N(now.to_string())),
            (
                "features".to_owned(),
                AttributeValue::M(
                    a.features
                        .iter()
                        .map(|(name, v)| ((*name).to_owned(), n(*v)))
                        .collect(),
                ),
            ),
        ]);
        if let Some(ts) = a.timestamp {
            item.insert("timestamp".to_owned(), AttributeValue::N(ts.to_string()));
        }
        if let Some(days) = self.ttl_days {
            let expires = now + u64::from(days) * 86_400;
            item.insert(
                ANOMALY_TABLE_TTL_ATTRIBUTE.to_owned(),
                AttributeValue::N(expires.to_string()),
            );
        }
        let put = PutRequest::builder()
            .set_item(Some(item))
            .build()
            .map_err(|e| self.error(e.to_string()))?;
        Ok(WriteRequest::builder().put_request(put).build())
    }

    async fn write_batch(
        &self,
        mut pending: Vec<WriteRequest>,
        deadline: Deadline,
    ) -> Result<(), Error> {
        for round in 0..MAX_ROUNDS {
            let Some(timeouts) = deadline.timeouts() else {
                break;
            };
            let overrides = aws_sdk_dynamodb::config::Builder::default()
                .timeout_config(timeouts)
                .retry_config(Deadline::retries());
            let output = self
                .client
                .batch_write_item()
                .request_items(&self.table, pending)
                .customize()
                .config_override(overrides)
                .send()
                .await
                .map_err(|e| self.error(DisplayErrorContext(&e).to_string()))?;
            pending = output
                .unprocessed_items
                .and_then(|mut m| m.remove(&self.table))
                .unwrap_or_default();
            if pending.is_empty() {
                return Ok(());
            }
            if !backoff(round, deadline).await {
                break;
            }
        }
        Err(self.error(format!(
            "{} items stayed unprocessed after retries",
            pending.len()
        )))
    }

    fn error(&self, message: String) -> Error {
        Error::Sink {
            sink: format!("DynamoDB table `{}`", self.table),
            message,
        }
    }
}

/// A number attribute, or a string one for a value outside DynamoDB's number range
/// (magnitudes 1e-130 to below 1e126), which would make the whole write fail forever.
fn number(x: f64) -> AttributeValue {
    let text = ryu::Buffer::new().format(x).to_owned();
    if x == 0.0 || (1e-130..1e126).contains(&x.abs()) {
        AttributeValue::N(text)
    } else {
        AttributeValue::S(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_dynamodb_range_become_strings() {
        assert_eq!(number(2.5), AttributeValue::N("2.5".into()));
        assert_eq!(number(-1e-200), AttributeValue::S("-1e-200".into()));
        assert_eq!(number(1e300), AttributeValue::S("1e300".into()));
        assert_eq!(number(0.0), AttributeValue::N("0.0".into()));
    }
}
