//! Record headers: `[{"name": [bytes]}, …]` with Java's signed bytes, decoded on demand into
//! name/bytes pairs ([`Header`]).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::scalar::Text;

/// One record header: a name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The header's name.
    pub name: Cow<'a, str>,
    /// The header's bytes (the event sends Java's signed bytes; `-1` is `0xff`).
    pub value: Vec<u8>,
}

/// The headers in `raw` (a record's `headers` JSON), in order; null is no headers.
pub(super) fn parse_headers(raw: &str) -> Result<Vec<Header<'_>>, serde_json::Error> {
    serde_json::from_str::<Headers<'_>>(raw).map(|h| h.0)
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
    use super::super::KafkaEvent;
    use super::*;

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
    fn signed_and_unsigned_bytes_are_the_same_bytes() {
        let headers = parse_headers(r#"[{"h":[-128,-1,0,127,128,255]}]"#).unwrap();
        assert_eq!(headers[0].value, vec![128, 255, 0, 127, 128, 255]);
        for bad in [
            r#"[{"h":[-129]}]"#,
            r#"[{"h":[256]}]"#,
            r#"[{"h":["x"]}]"#,
            "{}",
        ] {
            assert!(parse_headers(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_headers("null").unwrap(), vec![]);
    }
}
