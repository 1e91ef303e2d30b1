//! Where the poller reads records from and commits offsets to: a Kafka consumer group
//! ([`crate::consumer::KafkaSource`]), or an in-memory source in tests.

use std::future::Future;

use detect::batch::PartitionSpan;
use detect::record::SourceRecord;

use crate::error::LocalError;

/// A stream of records with committable positions.
pub trait RecordSource {
    /// The brokers, `host:port,…` (the event's `bootstrapServers`).
    fn bootstrap_servers(&self) -> &str;

    /// Waits for the next record. Cancelling the future loses no record.
    fn next_record(&mut self) -> impl Future<Output = Result<SourceRecord, LocalError>>;

    /// Commits, for each span, the offset after its last record, so that a restart in the
    /// same group resumes there.
    fn commit(&mut self, spans: &[PartitionSpan]) -> impl Future<Output = Result<(), LocalError>>;
}

/// `<topic>-<partition>@<offset>, …` for messages about a commit.
pub fn describe_commit(spans: &[PartitionSpan]) -> String {
    spans
        .iter()
        .map(|s| format!("{}-{}@{}", s.topic, s.partition, s.commit_offset()))
        .collect::<Vec<_>>()
        .join(", ")
}
