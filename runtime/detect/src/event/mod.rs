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
//!
//! What each module holds: `kafka_event` the event, its source and its decoding entry points;
//! `record` one record and how it is assembled from its fields and batch key; `header` the
//! header list and its signed bytes; `streaming` decoding that hands out records as it goes;
//! `fast` the scanner; `serde_decoder` the `serde_json` decoder, with the lenient scalars it
//! reads in `scalar`; `error` why an event cannot be decoded.

mod error;
mod fast;
mod header;
mod kafka_event;
mod record;
mod scalar;
mod serde_decoder;
mod streaming;

pub use error::EventError;
pub use header::Header;
pub use kafka_event::{EventSource, KafkaEvent};
pub use record::KafkaRecord;
pub use streaming::Streamed;
