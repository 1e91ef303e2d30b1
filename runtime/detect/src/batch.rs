//! Gathering records into one event, within the limits of Lambda's Kafka event source mapping:
//! at most [`MAX_BATCH_RECORDS`] records and [`MAX_EVENT_BYTES`] of event JSON (the synchronous
//! invocation payload limit). The event is built as records arrive, so its exact size is known
//! before a record is added:
//!
//! `{"eventSource":"SelfManagedKafka","bootstrapServers":"…","records":{"<topic>-<partition>":[…],…}}`

use std::collections::BTreeMap;

use crate::record::SourceRecord;

/// The largest batch the mapping delivers (its `BatchSize` maximum).
pub const MAX_BATCH_RECORDS: usize = 10_000;

/// The largest event the mapping delivers: Lambda's 6 MB synchronous invocation payload
/// limit, which Lambda counts as 6,291,456 bytes.
pub const MAX_EVENT_BYTES: usize = 6 * 1024 * 1024;

/// How large a batch may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    /// Records per batch, 1..=[`MAX_BATCH_RECORDS`].
    pub max_records: usize,
    /// Bytes of event JSON per batch ([`MAX_EVENT_BYTES`]).
    pub max_bytes: usize,
}

impl BatchLimits {
    /// Up to `max_records` records (clamped to 1..=[`MAX_BATCH_RECORDS`]) and
    /// [`MAX_EVENT_BYTES`].
    pub fn records(max_records: usize) -> Self {
        Self {
            max_records: max_records.clamp(1, MAX_BATCH_RECORDS),
            max_bytes: MAX_EVENT_BYTES,
        }
    }
}

/// Where a batch ends in one partition: what to commit once the batch is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionSpan {
    /// The topic.
    pub topic: String,
    /// The partition.
    pub partition: i32,
    /// The batch's first offset in the partition.
    pub first_offset: i64,
    /// The batch's last offset in the partition.
    pub last_offset: i64,
    /// Records of this partition in the batch.
    pub records: usize,
}

impl PartitionSpan {
    /// The offset to commit: the next one to read.
    pub fn commit_offset(&self) -> i64 {
        self.last_offset + 1
    }
}

/// A finished batch: the event and what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The event JSON, as the mapping would deliver it.
    pub event: Vec<u8>,
    /// Records in the event.
    pub records: usize,
    /// Per partition, the offsets the event covers, in topic and partition order.
    pub spans: Vec<PartitionSpan>,
}

/// The records of one partition gathered so far.
#[derive(Debug)]
struct Run {
    /// The records' JSON, comma-separated.
    body: Vec<u8>,
    span: PartitionSpan,
}

/// Why a record was not added.
#[derive(Debug)]
pub enum Refused {
    /// The batch is full, or the record would take it past [`BatchLimits::max_bytes`]; the
    /// record is handed back for the next batch.
    Full(Box<SourceRecord>),
    /// The record's JSON could not be written (serde_json refused a string or integer).
    Json {
        /// The record's topic.
        topic: String,
        /// Its partition.
        partition: i32,
        /// Its offset.
        offset: i64,
        /// What serde_json said.
        error: serde_json::Error,
    },
}

/// Builds one event.
///
/// ```
/// use detect::batch::{BatchBuilder, BatchLimits};
/// use detect::record::{RecordTimestamp, SourceRecord};
/// let mut builder = BatchBuilder::new("127.0.0.1:9092", BatchLimits::records(100));
/// let record = SourceRecord {
///     topic: "logs".into(), partition: 0, offset: 7, timestamp: RecordTimestamp::CreateTime(1),
///     key: None, value: Some(b"{}".to_vec()), headers: vec![],
/// };
/// builder.push(record).unwrap();
/// let size = builder.event_bytes();
/// let batch = builder.finish();
/// assert_eq!(batch.event.len(), size);
/// assert_eq!(batch.spans[0].commit_offset(), 8);
/// ```
#[derive(Debug)]
pub struct BatchBuilder {
    limits: BatchLimits,
    head: Vec<u8>,
    runs: BTreeMap<(String, i32), Run>,
    records: usize,
    bytes: usize,
    scratch: Vec<u8>,
}

/// What closes the event after the last partition's list.
const TAIL: &[u8] = b"}}";

impl BatchBuilder {
    /// An empty batch for records read from `bootstrap_servers` (`host:port,…`).
    pub fn new(bootstrap_servers: &str, limits: BatchLimits) -> Self {
        let mut head = br#"{"eventSource":"SelfManagedKafka","bootstrapServers":"#.to_vec();
        // A JSON string literal: escaping a &str into a Vec cannot fail.
        head.extend_from_slice(json_string(bootstrap_servers).as_bytes());
        head.extend_from_slice(br#","records":{"#);
        let bytes = head.len() + TAIL.len();
        Self {
            limits,
            head,
            runs: BTreeMap::new(),
            records: 0,
            bytes,
            scratch: Vec::new(),
        }
    }

    /// Records gathered.
    pub fn len(&self) -> usize {
        self.records
    }

    /// True before the first record.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// True when no further record may be added.
    pub fn is_full(&self) -> bool {
        self.records >= self.limits.max_records
    }

    /// The exact size of the event [`BatchBuilder::finish`] would return now.
    pub fn event_bytes(&self) -> usize {
        self.bytes
    }

    /// Adds a record, unless the batch is full or the record would take the event past the
    /// byte limit. The first record of a batch is always added, even one larger than the
    /// limit on its own (the mapping could not deliver it either; see [`Self::is_oversized`]).
    pub fn push(&mut self, record: SourceRecord) -> Result<(), Refused> {
        if self.is_full() {
            return Err(Refused::Full(Box::new(record)));
        }
        self.scratch.clear();
        if let Err(error) = record.write_json(&mut self.scratch) {
            return Err(Refused::Json {
                topic: record.topic,
                partition: record.partition,
                offset: record.offset,
                error,
            });
        }
        let key = (record.topic, record.partition);
        let added = match self.runs.get(&key) {
            // `,` + the record.
            Some(_) => 1 + self.scratch.len(),
            // (`,` unless first) + `"<topic>-<partition>":[` + the record + `]`.
            None => {
                usize::from(!self.runs.is_empty())
                    + json_string(&format!("{}-{}", key.0, key.1)).len()
                    + 3
                    + self.scratch.len()
            }
        };
        if !self.is_empty() && self.bytes + added > self.limits.max_bytes {
            let (topic, partition) = key;
            return Err(Refused::Full(Box::new(SourceRecord {
                topic,
                partition,
                ..record
            })));
        }
        let offset = record.offset;
        let run = self
            .runs
            .entry(key)
            .or_insert_with_key(|(topic, partition)| Run {
                body: Vec::new(),
                span: PartitionSpan {
                    topic: topic.clone(),
                    partition: *partition,
                    first_offset: offset,
                    last_offset: offset,
                    records: 0,
                },
            });
        if !run.body.is_empty() {
            run.body.push(b',');
        }
        run.body.extend_from_slice(&self.scratch);
        run.span.first_offset = run.span.first_offset.min(offset);
        run.span.last_offset = run.span.last_offset.max(offset);
        run.span.records += 1;
        self.records += 1;
        self.bytes += added;
        Ok(())
    }

    /// True when the event is larger than the limit (one record larger than the limit).
    pub fn is_oversized(&self) -> bool {
        self.bytes > self.limits.max_bytes
    }

    /// The event and the spans it covers.
    pub fn finish(self) -> Batch {
        let mut event = Vec::with_capacity(self.bytes);
        event.extend_from_slice(&self.head);
        let mut spans = Vec::with_capacity(self.runs.len());
        for (i, ((topic, partition), run)) in self.runs.into_iter().enumerate() {
            if i > 0 {
                event.push(b',');
            }
            event.extend_from_slice(json_string(&format!("{topic}-{partition}")).as_bytes());
            event.extend_from_slice(b":[");
            event.extend_from_slice(&run.body);
            event.push(b']');
            spans.push(run.span);
        }
        event.extend_from_slice(TAIL);
        Batch {
            event,
            records: self.records,
            spans,
        }
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    // serde_json writes any &str as a string literal; the fallback is never taken.
    serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{RecordHeader, RecordTimestamp};

    fn record(topic: &str, partition: i32, offset: i64, value_len: usize) -> SourceRecord {
        SourceRecord {
            topic: topic.into(),
            partition,
            offset,
            timestamp: RecordTimestamp::CreateTime(1_714_564_800_000 + offset),
            key: Some(format!("k{offset}").into_bytes()),
            value: Some(vec![b'x'; value_len]),
            headers: vec![RecordHeader {
                name: "h\u{e9}\"".into(),
                value: Some(vec![0xff, 1]),
            }],
        }
    }

    #[test]
    fn the_predicted_size_is_the_events_size_and_the_event_decodes() {
        let mut b = BatchBuilder::new("b-1:9092,\"b-2\":9092", BatchLimits::records(100));
        assert_eq!(b.event_bytes(), b.clone_finish_len());
        for (topic, partition, offset) in [("t", 1, 5), ("t", 0, 9), ("t", 1, 6), ("u-v", 0, 1)] {
            b.push(record(topic, partition, offset, 10)).unwrap();
            assert_eq!(b.event_bytes(), b.clone_finish_len());
        }
        let predicted = b.event_bytes();
        let batch = b.finish();
        assert_eq!(batch.event.len(), predicted);
        assert_eq!(batch.records, 4);
        let event = crate::event::KafkaEvent::from_slice(&batch.event).unwrap();
        assert_eq!(
            event.event_source,
            Some(crate::event::EventSource::SelfManagedKafka)
        );
        assert_eq!(
            event.bootstrap_servers.as_deref(),
            Some("b-1:9092,\"b-2\":9092")
        );
        let order: Vec<_> = event
            .records
            .iter()
            .map(|r| (r.batch_key.to_string(), r.offset))
            .collect();
        assert_eq!(
            order,
            [
                ("t-0".to_string(), 9),
                ("t-1".to_string(), 5),
                ("t-1".to_string(), 6),
                ("u-v-0".to_string(), 1)
            ]
        );
        let spans: Vec<_> = batch
            .spans
            .iter()
            .map(|s| {
                (
                    s.topic.as_str(),
                    s.partition,
                    s.first_offset,
                    s.commit_offset(),
                    s.records,
                )
            })
            .collect();
        assert_eq!(
            spans,
            [("t", 0, 9, 10, 1), ("t", 1, 5, 7, 2), ("u-v", 0, 1, 2, 1)]
        );
    }

    #[test]
    fn the_record_count_limit_hands_the_record_back() {
        let mut b = BatchBuilder::new("b:1", BatchLimits::records(2));
        b.push(record("t", 0, 0, 1)).unwrap();
        assert!(!b.is_full());
        b.push(record("t", 0, 1, 1)).unwrap();
        assert!(b.is_full());
        match b.push(record("t", 0, 2, 1)) {
            Err(Refused::Full(r)) => assert_eq!(r.offset, 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(b.finish().records, 2);
    }

    #[test]
    fn the_byte_limit_is_never_passed_and_the_refused_record_comes_back_whole() {
        let limits = BatchLimits {
            max_records: MAX_BATCH_RECORDS,
            max_bytes: 2_000,
        };
        let mut b = BatchBuilder::new("b:1", limits);
        let mut offset = 0;
        let refused = loop {
            match b.push(record("t", offset as i32 % 3, offset, 100)) {
                Ok(()) => offset += 1,
                Err(Refused::Full(r)) => break r,
                Err(e) => panic!("{e:?}"),
            }
        };
        assert_eq!(*refused, record("t", offset as i32 % 3, offset, 100));
        assert!(b.event_bytes() <= 2_000);
        assert!(!b.is_oversized());
        let batch = b.finish();
        assert!(batch.event.len() <= 2_000);
        // The refused record would not have fitted.
        let mut one = Vec::new();
        refused.write_json(&mut one).unwrap();
        assert!(batch.event.len() + one.len() + 1 > 2_000);
    }

    #[test]
    fn a_record_larger_than_the_limit_goes_alone() {
        let limits = BatchLimits {
            max_records: 10,
            max_bytes: 500,
        };
        let mut b = BatchBuilder::new("b:1", limits);
        b.push(record("t", 0, 0, 1_000)).unwrap();
        assert!(b.is_oversized());
        assert!(matches!(
            b.push(record("t", 0, 1, 1)),
            Err(Refused::Full(_))
        ));
        assert_eq!(b.finish().records, 1);
    }

    #[test]
    fn limits_are_clamped_to_the_mappings() {
        assert_eq!(BatchLimits::records(0).max_records, 1);
        assert_eq!(BatchLimits::records(50_000).max_records, MAX_BATCH_RECORDS);
        assert_eq!(BatchLimits::records(100).max_bytes, 6_291_456);
    }

    impl BatchBuilder {
        /// The length `finish` would give, without consuming the builder.
        fn clone_finish_len(&self) -> usize {
            let mut copy = BatchBuilder::new("", self.limits);
            copy.head = self.head.clone();
            copy.records = self.records;
            copy.bytes = self.bytes;
            for (k, run) in &self.runs {
                copy.runs.insert(
                    k.clone(),
                    Run {
                        body: run.body.clone(),
                        span: run.span.clone(),
                    },
                );
            }
            copy.finish().event.len()
        }
    }
}
