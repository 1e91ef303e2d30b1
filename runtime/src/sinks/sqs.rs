//! Bad records to SQS with `SendMessageBatch` (at most 10 messages and 256 KiB per call).

use aws_sdk_sqs::error::DisplayErrorContext;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
use serde_json::json;

use super::{BadDetail, backoff};
use crate::deadline::Deadline;
use crate::error::Error;

/// Messages per `SendMessageBatch` call (the API's limit).
pub const MAX_BATCH_MESSAGES: usize = 10;

/// Bytes per message and per batch (the API's classic 256 KiB limit).
pub const MAX_BATCH_BYTES: usize = 256 * 1024;

/// Rounds of retries for entries SQS reports as failed (not the sender's fault).
pub const MAX_ROUNDS: u32 = 4;

/// The bad-record queue.
#[derive(Debug, Clone)]
pub struct BadRecordQueue {
    client: aws_sdk_sqs::Client,
    queue_url: String,
}

/// The message body for a bad record: where it is, why it is bad, and its key and value
/// (base64, as the event had them) unless that would pass the size limit, in which case
/// `value_omitted` is true and the record can be read again from Kafka by its offset.
///
/// ```
/// use runtime::sinks::BadDetail;
/// use runtime::sinks::sqs::message_body;
/// let big = "A".repeat(300_000);
/// let d = BadDetail { topic: "t", partition: 1, offset: 2, timestamp: None, reason: "r",
///     key: None, value: Some(&big) };
/// let body = message_body(&d);
/// assert!(body.len() < 1024 && body.contains("\"value_omitted\":true"));
/// ```
pub fn message_body(d: &BadDetail<'_>) -> String {
    let full = json!({
        "topic": d.topic, "partition": d.partition, "offset": d.offset, "timestamp": d.timestamp,
        "reason": d.reason, "key": d.key, "value": d.value,
    })
    .to_string();
    if full.len() <= MAX_BATCH_BYTES {
        return full;
    }
    let mut reason = d.reason.to_owned();
    if reason.len() > 4096 {
        let mut end = 4096;
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        reason.truncate(end);
    }
    json!({
        "topic": d.topic, "partition": d.partition, "offset": d.offset, "timestamp": d.timestamp,
        "reason": reason, "value_omitted": true,
    })
    .to_string()
}

impl BadRecordQueue {
    /// The queue at `queue_url`.
    pub fn new(client: aws_sdk_sqs::Client, queue_url: impl Into<String>) -> Self {
        Self {
            client,
            queue_url: queue_url.into(),
        }
    }

    /// Sends one message per bad record.
    pub async fn send(&self, bad: &[BadDetail<'_>], deadline: Deadline) -> Result<(), Error> {
        let bodies: Vec<String> = bad.iter().map(message_body).collect();
        let mut batch: Vec<&str> = Vec::new();
        let mut bytes = 0;
        for body in &bodies {
            if !batch.is_empty()
                && (batch.len() == MAX_BATCH_MESSAGES || bytes + body.len() > MAX_BATCH_BYTES)
            {
                self.send_batch(&batch, deadline).await?;
                batch.clear();
                bytes = 0;
            }
            batch.push(body);
            bytes += body.len();
        }
        if !batch.is_empty() {
            self.send_batch(&batch, deadline).await?;
        }
        Ok(())
    }

    async fn send_batch(&self, bodies: &[&str], deadline: Deadline) -> Result<(), Error> {
        // Entry ids are the bodies' positions, so failed entries map back to them.
        let mut pending: Vec<usize> = (0..bodies.len()).collect();
        for round in 0..MAX_ROUNDS {
            let Some(timeouts) = deadline.timeouts() else {
                break;
            };
            let entries = pending
                .iter()
                .map(|&i| {
                    SendMessageBatchRequestEntry::builder()
                        .id(i.to_string())
                        .message_body(bodies[i])
                        .build()
                        .map_err(|e| self.error(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let overrides = aws_sdk_sqs::config::Builder::default()
                .timeout_config(timeouts)
                .retry_config(Deadline::retries());
            let output = self
                .client
                .send_message_batch()
                .queue_url(&self.queue_url)
                .set_entries(Some(entries))
                .customize()
                .config_override(overrides)
                .send()
                .await
                .map_err(|e| self.error(DisplayErrorContext(&e).to_string()))?;
            if let Some(fault) = output.failed().iter().find(|f| f.sender_fault()) {
                return Err(self.error(format!(
                    "SQS refused a message ({}: {})",
                    fault.code(),
                    fault.message().unwrap_or("no message")
                )));
            }
            pending = output
                .failed()
                .iter()
                .filter_map(|f| f.id().parse().ok())
                .collect();
            if pending.is_empty() {
                return Ok(());
            }
            if !backoff(round, deadline).await {
                break;
            }
        }
        Err(self.error(format!(
            "{} messages stayed unsent after retries",
            pending.len()
        )))
    }

    fn error(&self, message: String) -> Error {
        Error::Sink {
            sink: format!("SQS queue `{}`", self.queue_url),
            message,
        }
    }
}
