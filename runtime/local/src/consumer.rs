//! The Kafka side of the local event source: a consumer-group member (librdkafka through
//! `rdkafka`) that never commits on its own. Offsets are committed by the poller, only after
//! the handler succeeded, as the event source mapping does.

use std::time::Duration;

use detect::batch::PartitionSpan;
use detect::record::{RecordHeader, RecordTimestamp, SourceRecord};
use rdkafka::ClientConfig;
use rdkafka::client::ClientContext;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Headers, Message, Timestamp};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::types::RDKafkaErrorCode;

use crate::error::LocalError;
use crate::source::{RecordSource, describe_commit};

/// How long the start-up check waits for the broker's metadata.
pub const METADATA_TIMEOUT: Duration = Duration::from_secs(10);

/// Commit attempts before the poller gives up (the batch is then delivered again on restart).
pub const COMMIT_ATTEMPTS: u32 = 3;

/// The group's session timeout. A restarted poller joins after the dead one's session ends,
/// so this is short (the broker's usual minimum, `group.min.session.timeout.ms`, is 6 s).
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(6);

/// Where a group without committed offsets starts reading (the mapping's `StartingPosition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StartingPosition {
    /// Only records produced after the group first joins (`LATEST`).
    Latest,
    /// From the oldest record still in the topic (`TRIM_HORIZON`).
    TrimHorizon,
}

impl StartingPosition {
    /// librdkafka's `auto.offset.reset` for this position.
    pub fn offset_reset(self) -> &'static str {
        match self {
            StartingPosition::Latest => "latest",
            StartingPosition::TrimHorizon => "earliest",
        }
    }
}

/// What the consumer connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerOptions {
    /// `host:port,…`.
    pub bootstrap_servers: String,
    /// The topic.
    pub topic: String,
    /// The consumer group.
    pub group: String,
    /// Where a group without committed offsets starts.
    pub starting_position: StartingPosition,
}

/// Reports the group's partition assignments on stderr, so a consumer left without
/// partitions says so instead of just waiting.
#[derive(Debug, Clone)]
pub struct AssignmentLog {
    group: String,
}

impl ClientContext for AssignmentLog {}

impl ConsumerContext for AssignmentLog {
    fn post_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) if list.count() == 0 => eprintln!(
                "anomaly-function local: group `{}` assigned this consumer no partitions, so it \
                 reads nothing until the group rebalances: other members hold them all, or the \
                 broker lost the assignment (tansu 0.6 does when a consumer restarts within the \
                 {}-second session timeout of a killed one: stop this one and start it again)",
                self.group,
                SESSION_TIMEOUT.as_secs()
            ),
            Rebalance::Assign(list) => eprintln!(
                "anomaly-function local: group `{}` assigned {}",
                self.group,
                list.elements()
                    .iter()
                    .map(|e| format!("{}-{}", e.topic(), e.partition()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Rebalance::Revoke(_) => {}
            Rebalance::Error(e) => {
                eprintln!(
                    "anomaly-function local: rebalancing group `{}` failed: {e}",
                    self.group
                );
            }
        }
    }
}

/// A consumer-group member reading one topic.
pub struct KafkaSource {
    consumer: StreamConsumer<AssignmentLog>,
    bootstrap_servers: String,
}

impl std::fmt::Debug for KafkaSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaSource")
            .field("bootstrap_servers", &self.bootstrap_servers)
            .finish_non_exhaustive()
    }
}

impl KafkaSource {
    /// Checks that the brokers answer and the topic exists, then joins the group and
    /// subscribes. Must run on a tokio runtime.
    pub fn connect(options: &ConsumerOptions) -> Result<Self, LocalError> {
        let consumer: StreamConsumer<AssignmentLog> = ClientConfig::new()
            .set("bootstrap.servers", &options.bootstrap_servers)
            .set("group.id", &options.group)
            .set("client.id", "anomaly-function-local")
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set(
                "auto.offset.reset",
                options.starting_position.offset_reset(),
            )
            .set("enable.partition.eof", "false")
            .set("allow.auto.create.topics", "false")
            .set(
                "session.timeout.ms",
                SESSION_TIMEOUT.as_millis().to_string(),
            )
            .set(
                "heartbeat.interval.ms",
                (SESSION_TIMEOUT / 3).as_millis().to_string(),
            )
            .create_with_context(AssignmentLog {
                group: options.group.clone(),
            })?;
        let metadata = consumer
            .fetch_metadata(Some(&options.topic), METADATA_TIMEOUT)
            .map_err(|e| {
                LocalError::Kafka(format!(
                    "cannot read the metadata of topic `{}` from {} within {}s: {e}",
                    options.topic,
                    options.bootstrap_servers,
                    METADATA_TIMEOUT.as_secs()
                ))
            })?;
        match metadata.topics().iter().find(|t| t.name() == options.topic) {
            Some(t) if t.error().is_none() && !t.partitions().is_empty() => {}
            Some(t) => {
                let why = t.error().map_or_else(
                    || "it has no partitions".to_owned(),
                    |e| RDKafkaErrorCode::from(e).to_string(),
                );
                return Err(LocalError::Kafka(format!(
                    "topic `{}` cannot be read from {}: {why} (create it first, e.g. with \
                     `anomaly-function produce`)",
                    options.topic, options.bootstrap_servers
                )));
            }
            None => {
                return Err(LocalError::Kafka(format!(
                    "{} did not describe topic `{}` (create it first, e.g. with \
                     `anomaly-function produce`)",
                    options.bootstrap_servers, options.topic
                )));
            }
        }
        consumer.subscribe(&[&options.topic])?;
        Ok(Self {
            consumer,
            bootstrap_servers: options.bootstrap_servers.clone(),
        })
    }
}

impl RecordSource for KafkaSource {
    fn bootstrap_servers(&self) -> &str {
        &self.bootstrap_servers
    }

    async fn next_record(&mut self) -> Result<SourceRecord, LocalError> {
        loop {
            match self.consumer.recv().await {
                Ok(message) => return Ok(owned(&message)),
                Err(KafkaError::MessageConsumptionFatal(code)) => {
                    return Err(LocalError::Kafka(format!(
                        "the consumer failed fatally: {code}"
                    )));
                }
                // Broker down, rebalancing, … librdkafka retries on its own; say so and wait.
                Err(e) => eprintln!("anomaly-function local: {e} (retrying)"),
            }
        }
    }

    async fn commit(&mut self, spans: &[PartitionSpan]) -> Result<(), LocalError> {
        let mut list = TopicPartitionList::with_capacity(spans.len());
        for s in spans {
            list.add_partition_offset(&s.topic, s.partition, Offset::Offset(s.commit_offset()))?;
        }
        let mut attempt = 1;
        loop {
            match self.consumer.commit(&list, CommitMode::Sync) {
                Ok(()) => return Ok(()),
                Err(e) if attempt >= COMMIT_ATTEMPTS => {
                    return Err(LocalError::Commit {
                        offsets: describe_commit(spans),
                        message: e.to_string(),
                    });
                }
                Err(e) => {
                    eprintln!(
                        "anomaly-function local: committing {} failed ({e}); retrying",
                        describe_commit(spans)
                    );
                    tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
                    attempt += 1;
                }
            }
        }
    }
}

/// Copies a message out of librdkafka's buffer.
fn owned(m: &BorrowedMessage<'_>) -> SourceRecord {
    SourceRecord {
        topic: m.topic().to_owned(),
        partition: m.partition(),
        offset: m.offset(),
        timestamp: match m.timestamp() {
            Timestamp::CreateTime(ms) => RecordTimestamp::CreateTime(ms),
            Timestamp::LogAppendTime(ms) => RecordTimestamp::LogAppendTime(ms),
            Timestamp::NotAvailable => RecordTimestamp::NotAvailable,
        },
        key: m.key().map(<[u8]>::to_vec),
        value: m.payload().map(<[u8]>::to_vec),
        headers: m
            .headers()
            .map(|hs| {
                hs.iter()
                    .map(|h| RecordHeader {
                        name: h.key.to_owned(),
                        value: h.value.map(<[u8]>::to_vec),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}
