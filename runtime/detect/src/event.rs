//! Decoding the Kafka event that an event source mapping delivers to the function.
//!
//! The event's `records` map holds, per `<topic>-<partition>` key, the records of that
//! partition. [`KafkaEvent::from_slice`] borrows every string it can from the input (a
//! 10,000-record event is mostly base64 text), accepts `partition`, `offset` and `timestamp` as
//! numbers or numeric strings (older payloads send strings), keeps headers raw until asked
//! (then as lists of signed or unsigned bytes), and returns every record of every key sorted by
//! topic, partition and offset.
//!
//! A hand-written scanner (`fast`) decodes the events Lambda sends; on anything it does not
//! handle itself (escapes, fractional numbers, duplicate fields, any error) it gives up and the
//! `serde_json` decoder ([`KafkaEvent::from_str_serde`]) decides and words the error. Both give
//! the same records (property-tested).
//!
//! ```
//! use detect::event::{EventSource, KafkaEvent};
//! let json = br#"{"eventSource":"SelfManagedKafka","records":{"logs-1":[
//!     {"topic":"logs","partition":"1","offset":7,"timestamp":1,"value":"eyJhIjoxfQ==",
//!      "headers":[{"h":[104,-1]}]}]}}"#;
//! let event = KafkaEvent::from_slice(json).unwrap();
//! assert_eq!(event.event_source, Some(EventSource::SelfManagedKafka));
//! let record = &event.records[0];
//! assert_eq!((record.topic.as_ref(), record.partition, record.offset), ("logs", 1, 7));
//! assert_eq!(record.headers().unwrap()[0].value, vec![104, 255]);
//! let mut buf = Vec::new();
//! assert_eq!(record.decode_value(&mut buf).unwrap(), Some(&br#"{"a":1}"#[..]));
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::reason::BadReason;

mod fast;

/// The `eventSource` of a Kafka event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventSource {
    /// Amazon MSK (`aws:kafka`).
    #[serde(rename = "aws:kafka")]
    Msk,
    /// A self-managed cluster or Confluent Cloud (`SelfManagedKafka`).
    #[serde(rename = "SelfManagedKafka")]
    SelfManagedKafka,
}

/// A decoded Kafka event: its source and every record, in topic, partition and offset order.
#[derive(Debug, Clone, PartialEq)]
pub struct KafkaEvent<'a> {
    /// Where the records come from; `None` when the event does not say.
    pub event_source: Option<EventSource>,
    /// The MSK cluster's ARN (MSK only).
    pub event_source_arn: Option<Cow<'a, str>>,
    /// The brokers, `host:port` separated by commas.
    pub bootstrap_servers: Option<Cow<'a, str>>,
    /// Every record of every `<topic>-<partition>` key, sorted by topic, partition, offset.
    pub records: Vec<KafkaRecord<'a>>,
}

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

/// One record header: a name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The header's name.
    pub name: Cow<'a, str>,
    /// The header's bytes (the event sends Java's signed bytes; `-1` is `0xff`).
    pub value: Vec<u8>,
}

/// Why an event could not be decoded at all (as opposed to one bad record in it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EventError(pub String);

impl<'a> KafkaEvent<'a> {
    /// Decodes an event, borrowing strings from `bytes` where they contain no escapes.
    pub fn from_slice(bytes: &'a [u8]) -> Result<Self, EventError> {
        Self::from_str(utf8(bytes)?)
    }

    /// Decodes an event from text, borrowing strings where they contain no escapes.
    #[allow(clippy::should_implement_trait)] // FromStr cannot borrow from its input.
    pub fn from_str(text: &'a str) -> Result<Self, EventError> {
        match fast::decode(text, usize::MAX, &mut |_, _| {}) {
            Some(event) => Ok(event.sorted()),
            None => Self::from_str_serde(text),
        }
    }

    /// [`from_slice`](Self::from_slice) that also hands out the records while it decodes: each
    /// time `block` more records are decoded, `on_block(first, records)` gets them (`first` is
    /// the index of `records[0]` in document order), so that other threads can work on them
    /// while the rest is decoded. Records after the last full block are not handed out. The
    /// [`Streamed`] answer says how what was handed out relates to the returned event.
    ///
    /// ```
    /// use detect::event::{KafkaEvent, Streamed};
    /// let json = br#"{"records":{"logs-1":[{"offset":9,"value":"eA=="},{"offset":8,"value":null}],
    ///     "logs-0":[{"offset":3,"value":"eQ=="}]}}"#;
    /// let mut seen = Vec::new();
    /// let (event, streamed) = KafkaEvent::from_slice_streaming(json, 2, &mut |first, records| {
    ///     seen.extend(records.iter().enumerate().map(|(i, r)| (first + i, r.offset)));
    /// })
    /// .unwrap();
    /// assert_eq!(seen, [(0, 9), (1, 8)]); // the third record is after the last full block
    /// let offsets: Vec<i64> = event.records.iter().map(|r| r.offset).collect();
    /// assert_eq!(offsets, [3, 8, 9]); // sorted by topic, partition, offset
    /// assert_eq!(streamed, Streamed::Reordered(vec![2, 1, 0]));
    /// ```
    pub fn from_slice_streaming(
        bytes: &'a [u8],
        block: usize,
        on_block: &mut dyn FnMut(usize, &[KafkaRecord<'a>]),
    ) -> Result<(Self, Streamed), EventError> {
        let text = utf8(bytes)?;
        match fast::decode(text, block.max(1), on_block) {
            Some(event) => {
                let (event, order) = event.sorted_with_order();
                Ok((event, order.map_or(Streamed::InPlace, Streamed::Reordered)))
            }
            None => Ok((Self::from_str_serde(text)?, Streamed::Discarded)),
        }
    }

    /// [`from_str`](Self::from_str) with the `serde_json` decoder alone: the reference that the
    /// fast scanner falls back to and is tested against (about 4× slower).
    pub fn from_str_serde(text: &'a str) -> Result<Self, EventError> {
        // serde reads a struct from an array too, so `[]` would be an empty event.
        if text.trim_start().starts_with('[') {
            return Err(EventError(
                "the event is not a Kafka event: it is a JSON array, not an object with `records`"
                    .to_owned(),
            ));
        }
        let raw: RawEvent<'a> = serde_json::from_str(text)
            .map_err(|e| EventError(format!("the event is not a Kafka event: {e}")))?;
        Ok(Self {
            event_source: raw.event_source,
            event_source_arn: raw.event_source_arn.map(|t| t.0),
            bootstrap_servers: raw.bootstrap_servers.map(|t| t.0),
            records: raw.records.0,
        }
        .sorted())
    }

    /// Sorts the records by topic, partition and offset (stable: duplicates keep their order).
    fn sorted(self) -> Self {
        self.sorted_with_order().0
    }

    /// [`sorted`](Self::sorted), and when that moved records, where each came from: the sorted
    /// record `j` was record `order[j]` before.
    fn sorted_with_order(mut self) -> (Self, Option<Vec<usize>>) {
        if self
            .records
            .is_sorted_by(|a, b| a.order_key() <= b.order_key())
        {
            return (self, None);
        }
        let mut indexed: Vec<(usize, KafkaRecord<'a>)> = std::mem::take(&mut self.records)
            .into_iter()
            .enumerate()
            .collect();
        indexed.sort_by(|a, b| a.1.order_key().cmp(&b.1.order_key()));
        let (order, records) = indexed.into_iter().unzip();
        self.records = records;
        (self, Some(order))
    }
}

/// How the records that [`KafkaEvent::from_slice_streaming`] handed out while decoding relate
/// to the event it returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Streamed {
    /// They are the event's records, at the same indices.
    InPlace,
    /// Sorting moved records: the event's record `j` is the one handed out as `order[j]`.
    Reordered(Vec<usize>),
    /// The fast decoder gave up part way (the `serde_json` decoder took the event): nothing
    /// handed out applies.
    Discarded,
}

/// The event as text: one UTF-8 check of the whole event is much cheaper than serde_json's
/// check of each borrowed string (measured: 4.3 ms → 3.1 ms on the 10,000-record bench event).
fn utf8(bytes: &[u8]) -> Result<&str, EventError> {
    std::str::from_utf8(bytes).map_err(|e| {
        EventError(format!(
            "the event is not a Kafka event: it is not UTF-8 ({e})"
        ))
    })
}

/// A record's fields as the event gives them, before its batch key fills in what is missing.
#[derive(Default)]
struct RecordFields<'a> {
    topic: Option<Cow<'a, str>>,
    partition: Option<i64>,
    offset: Option<i64>,
    timestamp: Option<i64>,
    timestamp_type: Option<Cow<'a, str>>,
    key: Option<Cow<'a, str>>,
    value: Option<Cow<'a, str>>,
    headers: Option<&'a str>,
}

impl<'a> RecordFields<'a> {
    /// Appends the record under `batch_key` to `out`: topic and partition from the record, else
    /// from the key. (Pushing here, rather than returning the record, saves copying it.)
    #[inline]
    // `&Cow`, not `&str`: each record keeps a clone of the key, which stays borrowed from the
    // event text when the key had no escapes.
    #[allow(clippy::ptr_arg)]
    fn push_to(
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

impl<'a> KafkaRecord<'a> {
    fn order_key(&self) -> (&str, i64, i64) {
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
            Some(raw) => serde_json::from_str::<Headers<'a>>(raw)
                .map(|h| h.0)
                .map_err(|e| {
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEvent<'a> {
    #[serde(default)]
    event_source: Option<EventSource>,
    #[serde(default, borrow)]
    event_source_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    bootstrap_servers: Option<Text<'a>>,
    #[serde(default, borrow)]
    records: Records<'a>,
}

/// The `records` map, flattened as it is read.
#[derive(Default)]
struct Records<'a>(Vec<KafkaRecord<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Records<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Records<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of `<topic>-<partition>` keys to lists of records")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Records::default())
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    map.next_value_seed(RecordList {
                        out: &mut out,
                        batch_key: &key.0,
                    })?;
                }
                Ok(Records(out))
            }
        }
        d.deserialize_any(V)
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

struct RecordList<'s, 'de> {
    out: &'s mut Vec<KafkaRecord<'de>>,
    batch_key: &'s Cow<'de, str>,
}

impl<'de> DeserializeSeed<'de> for RecordList<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordList<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of records under `{}`", self.batch_key)
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(raw) = seq.next_element::<RawRecord<'de>>()? {
            let fields = RecordFields {
                topic: raw.topic.map(|t| t.0),
                partition: raw.partition.map(|p| p.0),
                offset: raw.offset.map(|o| o.0),
                timestamp: raw.timestamp.map(|t| t.0),
                timestamp_type: raw.timestamp_type.map(|t| t.0),
                key: raw.key.map(|t| t.0),
                value: raw.value.map(|t| t.0),
                headers: raw.headers.map(RawValue::get),
            };
            fields
                .push_to(self.batch_key, self.out)
                .map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord<'a> {
    #[serde(default, borrow)]
    topic: Option<Text<'a>>,
    #[serde(default)]
    partition: Option<Lenient>,
    #[serde(default)]
    offset: Option<Lenient>,
    #[serde(default)]
    timestamp: Option<Lenient>,
    #[serde(default, borrow)]
    timestamp_type: Option<Text<'a>>,
    #[serde(default, borrow)]
    key: Option<Text<'a>>,
    #[serde(default, borrow)]
    value: Option<Text<'a>>,
    #[serde(default, borrow)]
    headers: Option<&'a RawValue>,
}

/// A string borrowed from the input when it has no escapes. (`Option<Cow<str>>` with
/// `#[serde(borrow)]` would not borrow: serde only does that for a bare `Cow<str>` field.)
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// An integer given as a JSON number or a numeric string.
struct Lenient(i64);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a string holding one")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient, E> {
                Ok(Lenient(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient, E> {
                i64::try_from(v)
                    .map(Lenient)
                    .map_err(|_| E::custom(format_args!("{v} is too large")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient, E> {
                // Only whole numbers within i64's range are accepted; the cast is then exact.
                if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
                    Ok(Lenient(v as i64))
                } else {
                    Err(E::custom(format_args!("{v} is not an integer")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient, E> {
                v.trim()
                    .parse()
                    .map(Lenient)
                    .map_err(|_| E::custom(format_args!("`{v}` is not an integer")))
            }
        }
        d.deserialize_any(V)
    }
}

/// The `headers` list: `[{"name": [bytes]}, …]`, flattened to name/bytes pairs.
#[derive(Default)]
struct Headers<'a>(Vec<Header<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Headers<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Headers<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of header maps")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Headers::default())
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
                let mut out = Vec::new();
                while seq.next_element_seed(HeaderMap(&mut out))?.is_some() {}
                Ok(Headers(out))
            }
        }
        d.deserialize_any(V)
    }
}

struct HeaderMap<'s, 'de>(&'s mut Vec<Header<'de>>);

impl<'de> DeserializeSeed<'de> for HeaderMap<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeaderMap<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of header names to byte lists")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(name) = map.next_key::<Text<'de>>()? {
            let bytes: Vec<HeaderByte> = map.next_value()?;
            self.0.push(Header {
                name: name.0,
                value: bytes.into_iter().map(|b| b.0).collect(),
            });
        }
        Ok(())
    }
}

/// One header byte: -128..=255, signed values taken as two's complement.
struct HeaderByte(u8);

impl<'de> Deserialize<'de> for HeaderByte {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = i64::deserialize(d)?;
        match v {
            // In range, so the truncating casts are exact two's complement.
            -128..=-1 => Ok(HeaderByte(v as i8 as u8)),
            0..=255 => Ok(HeaderByte(v as u8)),
            _ => Err(de::Error::custom(format_args!(
                "header byte {v} is outside -128..=255"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64_simd::STANDARD.encode_to_string(s)
    }

    #[test]
    fn sorts_every_key_by_partition_then_offset() {
        let json = format!(
            r#"{{"eventSource":"aws:kafka","records":{{
              "t-1":[{{"topic":"t","partition":1,"offset":5,"value":"{v}"}},{{"topic":"t","partition":1,"offset":4,"value":null}}],
              "t-0":[{{"topic":"t","partition":0,"offset":9,"value":"{v}"}}]}}}}"#,
            v = b64("{}")
        );
        let event = KafkaEvent::from_slice(json.as_bytes()).unwrap();
        let order: Vec<(i64, i64)> = event
            .records
            .iter()
            .map(|r| (r.partition, r.offset))
            .collect();
        assert_eq!(order, vec![(0, 9), (1, 4), (1, 5)]);
        assert_eq!(event.event_source, Some(EventSource::Msk));
        assert_eq!(event.records[1].value, None);
        assert_eq!(event.records[1].batch_key, "t-1");
    }

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
    fn refuses_what_is_not_a_kafka_event() {
        for bad in [
            &br#"[1]"#[..],
            br#" []"#,
            br#"[null,null,null,{}]"#,
            br#"{"eventSource":"aws:sqs"}"#,
            br#"{"records":{"t-0":[{"topic":"t","partition":0}]}}"#,
            br#"{"records":{"nokey":[{"offset":1}]}}"#,
            br#"{"records":{"t-0":[{"offset":1.5}]}}"#,
        ] {
            assert!(
                KafkaEvent::from_slice(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn an_array_is_not_an_empty_event() {
        assert_eq!(
            KafkaEvent::from_slice(b"[]").unwrap_err().to_string(),
            "the event is not a Kafka event: it is a JSON array, not an object with `records`"
        );
    }

    #[test]
    fn escaped_strings_are_owned_not_lost() {
        let json = br#"{"records":{"a\u002db-0":[{"offset":1,"value":"e30\u003d","headers":[{"n\u00e9":[-128,0,127]}]}]}}"#;
        let event = KafkaEvent::from_slice(json).unwrap();
        let r = &event.records[0];
        assert_eq!((r.topic.as_ref(), r.batch_key.as_ref()), ("a-b", "a-b-0"));
        let headers = r.headers().unwrap();
        assert_eq!(headers[0].name, "né");
        assert_eq!(headers[0].value, vec![128, 0, 127]);
        let mut buf = Vec::new();
        assert_eq!(r.decode_value(&mut buf).unwrap(), Some(&b"{}"[..]));
    }

    #[test]
    fn headers_decode_on_demand() {
        let json = br#"{"records":{"t-0":[{"offset":1,"headers":[{"a":[1]},{"b":[-1],"c":[]}]},{"offset":2,"headers":null},{"offset":3,"headers":[{"h":[300]}]}]}}"#;
        let event = KafkaEvent::from_slice(json).unwrap();
        let names: Vec<(String, Vec<u8>)> = event.records[0]
            .headers()
            .unwrap()
            .into_iter()
            .map(|h| (h.name.into_owned(), h.value))
            .collect();
        assert_eq!(
            names,
            vec![
                ("a".into(), vec![1]),
                ("b".into(), vec![255]),
                ("c".into(), vec![])
            ]
        );
        assert_eq!(event.records[1].headers().unwrap(), vec![]);
        assert!(event.records[2].headers().unwrap_err().0.contains("t-0@3"));
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
