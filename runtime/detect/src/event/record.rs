//! One record as the event carries it ([`KafkaRecord`]: key and value still base64, headers
//! still raw), and how both decoders assemble it from its fields and its batch key.

use std::borrow::Cow;

use super::error::EventError;
use super::header::{Header, parse_headers};
use crate::reason::BadReason;

/// One Kafka record as the event carries it (key and value still base64).
#[derive(Debug, Clone, PartialEq)]
pub struct KafkaRecord<'a> {
    /// The `<topic>-<partition>` key of the event's `records` map this record came from; a
    /// partial batch response names records by it.
    pub batch_key: Cow<'a, str>,
    /// The topic (from the record, else from `batch_key`).
    pub topic: Cow<'a, str>,
    /// The partition (from the record, else from `batch_key`).
    pub partition: i64,
    /// The record's offset in its partition.
    pub offset: i64,
    /// Milliseconds since the Unix epoch, when present.
    pub timestamp: Option<i64>,
    /// `CREATE_TIME` or `LOG_APPEND_TIME`, when present.
    pub timestamp_type: Option<Cow<'a, str>>,
    /// The base64 key; `None` for a record without a key.
    pub key: Option<Cow<'a, str>>,
    /// The base64 value; `None` for a tombstone.
    pub value: Option<Cow<'a, str>>,
    /// The record's `headers`: the JSON text of the value as it appears in the event (checked
    /// to be JSON, not yet to be headers), decoded on demand by [`KafkaRecord::headers`] (most
    /// batches never look at them). `None` when absent or null.
    pub raw_headers: Option<&'a str>,
}

impl<'a> KafkaRecord<'a> {
    /// The order of records in a decoded event: topic, partition, offset.
    pub(super) fn order_key(&self) -> (&str, i64, i64) {
        (&self.topic, self.partition, self.offset)
    }

    /// Decodes the base64 value into `buf` (cleared first) and returns it, or `None` for a
    /// tombstone.
    pub fn decode_value<'b>(&self, buf: &'b mut Vec<u8>) -> Result<Option<&'b [u8]>, BadReason> {
        Self::decode_base64_value(self.value.as_deref(), buf)
    }

    /// [`decode_value`](Self::decode_value) of a record whose base64 value is `value`.
    pub fn decode_base64_value<'b>(
        value: Option<&str>,
        buf: &'b mut Vec<u8>,
    ) -> Result<Option<&'b [u8]>, BadReason> {
        let Some(value) = value else {
            return Ok(None);
        };
        buf.clear();
        base64_simd::STANDARD
            .decode_append(value.as_bytes(), buf)
            .map_err(|_| BadReason::Base64)?;
        Ok(Some(buf.as_slice()))
    }

    /// The record's headers, in order: `[{"name": [bytes]}, …]` flattened to name/bytes
    /// pairs, with Java's signed bytes (-128..=-1) taken as two's complement.
    pub fn headers(&self) -> Result<Vec<Header<'a>>, EventError> {
        match self.raw_headers {
            None => Ok(Vec::new()),
            Some(raw) => parse_headers(raw).map_err(|e| {
                EventError(format!(
                    "the headers of {}-{}@{} are not a list of header maps: {e}",
                    self.topic, self.partition, self.offset
                ))
            }),
        }
    }

    /// Decodes the base64 key, if the record has one that is valid base64.
    pub fn decode_key(&self) -> Option<Vec<u8>> {
        self.key
            .as_ref()
            .and_then(|k| base64_simd::STANDARD.decode_to_vec(k.as_bytes()).ok())
    }
}

/// A record's fields as the event gives them, before its batch key fills in what is missing.
#[derive(Default)]
pub(super) struct RecordFields<'a> {
    pub(super) topic: Option<Cow<'a, str>>,
    pub(super) partition: Option<i64>,
    pub(super) offset: Option<i64>,
    pub(super) timestamp: Option<i64>,
    pub(super) timestamp_type: Option<Cow<'a, str>>,
    pub(super) key: Option<Cow<'a, str>>,
    pub(super) value: Option<Cow<'a, str>>,
    pub(super) headers: Option<&'a str>,
}

impl<'a> RecordFields<'a> {
    /// Appends the record under `batch_key` to `out`: topic and partition from the record, else
    /// from the key. (Pushing here, rather than returning the record, saves copying it.)
    #[inline]
    // `&Cow`, not `&str`: each record keeps a clone of the key, which stays borrowed from the
    // event text when the key had no escapes.
    #[allow(clippy::ptr_arg)]
    pub(super) fn push_to(
        self,
        batch_key: &Cow<'a, str>,
        out: &mut Vec<KafkaRecord<'a>>,
    ) -> Result<(), String> {
        let from_key = || split_batch_key(batch_key);
        let topic = match self.topic {
            Some(t) => t,
            None => match from_key().0 {
                Some(t) => Cow::Owned(t.to_owned()),
                None => {
                    return Err(format!(
                        "a record under `{batch_key}` has no topic, and the key is not `<topic>-<partition>`"
                    ));
                }
            },
        };
        let partition = match self.partition.or_else(|| from_key().1) {
            Some(p) => p,
            None => {
                return Err(format!(
                    "a record under `{batch_key}` has no partition, and the key is not `<topic>-<partition>`"
                ));
            }
        };
        let Some(offset) = self.offset else {
            return Err(format!("a record under `{batch_key}` has no offset"));
        };
        out.push(KafkaRecord {
            batch_key: batch_key.clone(),
            topic,
            partition,
            offset,
            timestamp: self.timestamp,
            timestamp_type: self.timestamp_type,
            key: self.key,
            value: self.value,
            raw_headers: self.headers,
        });
        Ok(())
    }
}

/// Splits `<topic>-<partition>` at its last hyphen; topics may contain hyphens themselves.
fn split_batch_key(key: &str) -> (Option<&str>, Option<i64>) {
    match key.rsplit_once('-') {
        Some((topic, partition)) => match partition.parse() {
            Ok(p) if !topic.is_empty() => (Some(topic), Some(p)),
            _ => (None, None),
        },
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::KafkaEvent;
    use super::*;

    #[test]
    fn topic_and_partition_fall_back_to_the_key() {
        let json = br#"{"records":{"my-topic-12":[{"offset":"3"}]}}"#;
        let event = KafkaEvent::from_slice(json).unwrap();
        let r = &event.records[0];
        assert_eq!(
            (r.topic.as_ref(), r.partition, r.offset),
            ("my-topic", 12, 3)
        );
    }

    #[test]
    fn a_batch_key_splits_at_its_last_hyphen() {
        assert_eq!(split_batch_key("my-topic-12"), (Some("my-topic"), Some(12)));
        assert_eq!(split_batch_key("-12"), (None, None));
        assert_eq!(split_batch_key("topic-x"), (None, None));
        assert_eq!(split_batch_key("nokey"), (None, None));
    }

    #[test]
    fn bad_base64_is_a_record_problem() {
        let json = br#"{"records":{"t-0":[{"offset":1,"value":"not base64!"}]}}"#;
        let event = KafkaEvent::from_slice(json).unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            event.records[0].decode_value(&mut buf),
            Err(BadReason::Base64)
        );
    }
}
