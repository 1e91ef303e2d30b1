//! The `serde_json` decoder: the reference the fast scanner falls back to and is tested
//! against. It reads what the scanner leaves to it (escapes, fractional numbers, duplicate
//! fields, anything malformed) and words the error.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::error::EventError;
use super::kafka_event::{EventSource, KafkaEvent};
use super::record::{KafkaRecord, RecordFields};
use super::scalar::{Lenient, Text};

impl<'a> KafkaEvent<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
