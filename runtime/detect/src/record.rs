//! One Kafka record as the local event source reads it, and its JSON in the event, exactly as
//! Lambda's Kafka event source mapping writes it:
//! `{"topic", "partition", "offset", "timestamp", "timestampType", "key", "value", "headers"}`
//! with base64 key and value (`null` for a record without a key, and for a tombstone's value)
//! and each header as `{"name": [signed bytes]}` (Java's bytes: `0xff` is `-1`).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A record read from a partition, owned (the consumer's buffer is reused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The topic.
    pub topic: String,
    /// The partition.
    pub partition: i32,
    /// The offset in the partition.
    pub offset: i64,
    /// When the record was created or appended.
    pub timestamp: RecordTimestamp,
    /// The key; `None` for a record without one.
    pub key: Option<Vec<u8>>,
    /// The value; `None` for a tombstone.
    pub value: Option<Vec<u8>>,
    /// The headers, in order.
    pub headers: Vec<RecordHeader>,
}

/// A record's timestamp and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTimestamp {
    /// Set by the producer (`CREATE_TIME`), milliseconds since the Unix epoch.
    CreateTime(i64),
    /// Set by the broker (`LOG_APPEND_TIME`), milliseconds since the Unix epoch.
    LogAppendTime(i64),
    /// The record has none (`NO_TIMESTAMP_TYPE`, timestamp `-1`, as Kafka's Java client says).
    NotAvailable,
}

impl RecordTimestamp {
    /// The `timestamp` and `timestampType` fields of the event.
    pub fn fields(self) -> (i64, &'static str) {
        match self {
            RecordTimestamp::CreateTime(ms) => (ms, "CREATE_TIME"),
            RecordTimestamp::LogAppendTime(ms) => (ms, "LOG_APPEND_TIME"),
            RecordTimestamp::NotAvailable => (-1, "NO_TIMESTAMP_TYPE"),
        }
    }
}

/// One record header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHeader {
    /// The header's name.
    pub name: String,
    /// Its bytes; `None` for a header without a value (written as an empty list).
    pub value: Option<Vec<u8>>,
}

impl SourceRecord {
    /// The `<topic>-<partition>` key of the event's `records` map.
    pub fn batch_key(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }

    /// Appends the record's JSON (as the mapping writes it) to `out`. Fails only if
    /// serde_json refuses a plain string or integer, which it does not; `out` is then left
    /// as it was.
    pub fn write_json(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        let start = out.len();
        serde_json::to_writer(&mut *out, &RecordJson::from(self)).inspect_err(|_| {
            out.truncate(start);
        })
    }
}

/// The record as the event's JSON spells it, borrowing from the [`SourceRecord`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordJson<'a> {
    topic: &'a str,
    partition: i32,
    offset: i64,
    timestamp: i64,
    timestamp_type: &'static str,
    key: Option<Base64<'a>>,
    value: Option<Base64<'a>>,
    headers: Headers<'a>,
}

impl<'a> From<&'a SourceRecord> for RecordJson<'a> {
    fn from(r: &'a SourceRecord) -> Self {
        let (timestamp, timestamp_type) = r.timestamp.fields();
        Self {
            topic: &r.topic,
            partition: r.partition,
            offset: r.offset,
            timestamp,
            timestamp_type,
            key: r.key.as_deref().map(Base64),
            value: r.value.as_deref().map(Base64),
            headers: Headers(&r.headers),
        }
    }
}

/// Bytes written as standard, padded base64.
struct Base64<'a>(&'a [u8]);

impl Serialize for Base64<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64_simd::STANDARD.encode_to_string(self.0))
    }
}

/// `[{"name": [signed bytes]}, …]`, one single-entry map per header.
struct Headers<'a>(&'a [RecordHeader]);

impl Serialize for Headers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for h in self.0 {
            seq.serialize_element(&HeaderJson(h))?;
        }
        seq.end()
    }
}

struct HeaderJson<'a>(&'a RecordHeader);

impl Serialize for HeaderJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(
            &self.0.name,
            &SignedBytes(self.0.value.as_deref().unwrap_or_default()),
        )?;
        map.end()
    }
}

/// Bytes as Java's signed bytes: `0x80..=0xff` become `-128..=-1`.
struct SignedBytes<'a>(&'a [u8]);

impl Serialize for SignedBytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for &b in self.0 {
            seq.serialize_element(&(b as i8))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> SourceRecord {
        SourceRecord {
            topic: "app-logs".into(),
            partition: 2,
            offset: 41,
            timestamp: RecordTimestamp::CreateTime(1_714_564_800_000),
            key: Some(b"user-7".to_vec()),
            value: Some(br#"{"a":1}"#.to_vec()),
            headers: vec![
                RecordHeader {
                    name: "trace-\u{e9}".into(),
                    value: Some(vec![0x74, 0xff, 0x80, 0x7f, 0x00]),
                },
                RecordHeader {
                    name: "empty".into(),
                    value: None,
                },
            ],
        }
    }

    fn json(r: &SourceRecord) -> serde_json::Value {
        let mut out = Vec::new();
        r.write_json(&mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn a_record_is_written_as_the_mapping_writes_it() {
        assert_eq!(
            json(&record()),
            serde_json::json!({
                "topic": "app-logs", "partition": 2, "offset": 41,
                "timestamp": 1_714_564_800_000_i64, "timestampType": "CREATE_TIME",
                "key": "dXNlci03", "value": "eyJhIjoxfQ==",
                "headers": [{"trace-\u{e9}": [116, -1, -128, 127, 0]}, {"empty": []}],
            })
        );
        assert_eq!(record().batch_key(), "app-logs-2");
    }

    #[test]
    fn tombstones_keyless_records_and_missing_timestamps_are_null_and_minus_one() {
        let mut r = record();
        r.key = None;
        r.value = None;
        r.headers.clear();
        r.timestamp = RecordTimestamp::NotAvailable;
        let v = json(&r);
        assert_eq!(v["key"], serde_json::Value::Null);
        assert_eq!(v["value"], serde_json::Value::Null);
        assert_eq!(v["headers"], serde_json::json!([]));
        assert_eq!(v["timestamp"], -1);
        assert_eq!(v["timestampType"], "NO_TIMESTAMP_TYPE");
        r.timestamp = RecordTimestamp::LogAppendTime(5);
        assert_eq!(json(&r)["timestampType"], "LOG_APPEND_TIME");
    }

    #[test]
    fn written_records_decode_back_through_the_handlers_event_decoder() {
        let mut out = br#"{"eventSource":"SelfManagedKafka","records":{"app-logs-2":["#.to_vec();
        record().write_json(&mut out).unwrap();
        out.extend_from_slice(b"]}}");
        let event = crate::event::KafkaEvent::from_slice(&out).unwrap();
        let r = &event.records[0];
        assert_eq!(
            (r.topic.as_ref(), r.partition, r.offset),
            ("app-logs", 2, 41)
        );
        assert_eq!(r.decode_key().unwrap(), b"user-7");
        let headers = r.headers().unwrap();
        assert_eq!(headers[0].name, "trace-\u{e9}");
        assert_eq!(headers[0].value, vec![0x74, 0xff, 0x80, 0x7f, 0x00]);
        assert!(headers[1].value.is_empty());
        let mut buf = Vec::new();
        assert_eq!(r.decode_value(&mut buf).unwrap(), Some(&br#"{"a":1}"#[..]));
    }
}
