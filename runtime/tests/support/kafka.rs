//! The broker `.ci/test` starts (`KAFKA_BOOTSTRAP`), fresh topics on it, and a producer that
//! writes exactly the records a test describes (partition, key, value or tombstone, headers,
//! timestamp) and returns their offsets.

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use local::topic::{TopicState, ensure_topic};
use rdkafka::ClientConfig;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};

use super::unique;

/// The broker `.ci/test` starts; fails (never skips) when it is not there.
pub fn bootstrap() -> String {
    match std::env::var("KAFKA_BOOTSTRAP") {
        Ok(b) if !b.is_empty() => b,
        _ => panic!("KAFKA_BOOTSTRAP is not set: run ./.ci/test, which starts the broker"),
    }
}

/// Creates a fresh topic with `partitions` partitions and returns its name.
pub async fn new_topic(partitions: i32) -> String {
    let name = unique("logs");
    let state = ensure_topic(&bootstrap(), &name, partitions).await.unwrap();
    assert_eq!(state, TopicState::Created, "{name} existed already");
    name
}

/// One record to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Out {
    pub partition: i32,
    pub key: Option<Vec<u8>>,
    /// `None`: a tombstone.
    pub value: Option<Vec<u8>>,
    /// `None` value: a header without a value.
    pub headers: Vec<(String, Option<Vec<u8>>)>,
    /// Milliseconds since the epoch (the record's CREATE_TIME).
    pub timestamp: i64,
}

impl Out {
    /// A keyed record with a JSON value and no headers.
    pub fn line(partition: i32, key: &str, json: &str) -> Self {
        Self {
            partition,
            key: Some(key.as_bytes().to_vec()),
            value: Some(json.as_bytes().to_vec()),
            headers: Vec::new(),
            timestamp: 1_714_564_800_000,
        }
    }
}

/// Produces `records` to `topic` (acks=all, in order) and returns each one's offset.
///
/// Each record goes in a record batch of its own: tansu 0.6.0 answers a fetch from an offset
/// inside a batch with the batches that *start* at or after it (`fetch` in its
/// `dynostore.rs`), so a consumer resuming at a committed offset in the middle of a batch
/// would skip the rest of that batch (or wait forever when it is the last). Kafka returns the
/// whole batch holding the offset and clients skip what precedes it. One record per batch
/// keeps every committed offset on a batch boundary, so these tests test the poller, not that.
pub async fn produce(topic: &str, records: &[Out]) -> Vec<i64> {
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("batch.num.messages", "1")
        .set("linger.ms", "0")
        .set("acks", "all")
        .set("message.timeout.ms", "30000")
        .create()
        .unwrap();
    let mut pending = Vec::with_capacity(records.len());
    for r in records {
        let mut headers = OwnedHeaders::new();
        for (name, value) in &r.headers {
            headers = headers.insert(Header {
                key: name,
                value: value.as_deref(),
            });
        }
        let mut record = FutureRecord::<[u8], [u8]>::to(topic)
            .partition(r.partition)
            .timestamp(r.timestamp)
            .headers(headers);
        if let Some(key) = &r.key {
            record = record.key(key);
        }
        if let Some(value) = &r.value {
            record = record.payload(value);
        }
        loop {
            match producer.send_result(record) {
                Ok(delivery) => {
                    pending.push(delivery);
                    break;
                }
                Err((_, back)) => {
                    // The local queue is full: let deliveries drain.
                    record = back;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }
    }
    let mut offsets = Vec::with_capacity(records.len());
    for (i, (r, delivery)) in records.iter().zip(pending).enumerate() {
        let d = delivery
            .await
            .unwrap()
            .unwrap_or_else(|(e, _)| panic!("record {i} ({r:?}) was not delivered: {e}"));
        assert_eq!(d.partition, r.partition);
        offsets.push(d.offset);
    }
    offsets
}
