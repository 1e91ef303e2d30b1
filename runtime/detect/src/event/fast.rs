//! The fast path of event decoding: one pass over the event with a [`JsonCursor`], borrowing
//! every string (the base64 values are most of the bytes, and are scanned 8 bytes at a time).
//!
//! It decodes what Lambda sends and gives up on the rest, leaving the event to the `serde_json`
//! decoder, which decides and words any error: escaped keys or strings, fractional or
//! out-of-range numbers in integer fields, non-numeric strings there, records given as arrays,
//! duplicate fields, an unknown `eventSource`, and anything that is not JSON.

use std::borrow::Cow;

use super::kafka_event::{EventSource, KafkaEvent};
use super::record::{KafkaRecord, RecordFields};
use crate::json_cursor::{ExpectedKey, JsonCursor, Key};

/// A record's fields, in the order Lambda sends them; the decoder looks for the next one
/// first, which saves scanning most keys.
const RECORD_FIELDS: [ExpectedKey; 8] = [
    expected("topic"),
    expected("partition"),
    expected("offset"),
    expected("timestamp"),
    expected("timestampType"),
    expected("key"),
    expected("value"),
    expected("headers"),
];

/// An [`ExpectedKey`] for a constant; a name it cannot hold fails the build.
const fn expected(name: &str) -> ExpectedKey {
    match ExpectedKey::new(name) {
        Some(key) => key,
        None => panic!("not an expected key"),
    }
}

/// Receives runs of decoded records: the index of the first, and the records.
pub(super) type OnBlock<'h, 'a> = dyn FnMut(usize, &[KafkaRecord<'a>]) + 'h;

/// The event in `text`, records in document order; `None` when the `serde_json` decoder must
/// decide. Every `block` records decoded go to `on_block` at once (see
/// [`KafkaEvent::from_slice_streaming`]).
pub(super) fn decode<'a>(
    text: &'a str,
    block: usize,
    on_block: &mut OnBlock<'_, 'a>,
) -> Option<KafkaEvent<'a>> {
    let mut stream = Stream {
        block,
        handed_out: 0,
        on_block,
    };
    let mut cursor = JsonCursor::new(text);
    let mut event = KafkaEvent {
        event_source: None,
        event_source_arn: None,
        bootstrap_servers: None,
        records: Vec::new(),
    };
    let mut seen = 0u8;
    cursor.begin_object()?;
    let mut first = true;
    while let Some(name) = cursor.next_key(first)? {
        first = false;
        let field = match name {
            "eventSource" => 0,
            "eventSourceArn" => 1,
            "bootstrapServers" => 2,
            "records" => 3,
            _ => {
                cursor.skip_value()?;
                continue;
            }
        };
        first_time(&mut seen, field)?;
        match field {
            0 => {
                event.event_source = match text_or_null(&mut cursor)? {
                    None => None,
                    Some("aws:kafka") => Some(EventSource::Msk),
                    Some("SelfManagedKafka") => Some(EventSource::SelfManagedKafka),
                    Some(_) => return None,
                }
            }
            1 => event.event_source_arn = text_or_null(&mut cursor)?.map(Cow::Borrowed),
            2 => event.bootstrap_servers = text_or_null(&mut cursor)?.map(Cow::Borrowed),
            _ => records(&mut cursor, &mut event.records, &mut stream)?,
        }
    }
    cursor.end()?;
    Some(event)
}

/// Notes that field number `bit` was seen; `None` if it was already (serde refuses duplicates).
#[inline(always)]
fn first_time(seen: &mut u8, bit: u8) -> Option<()> {
    let mask = 1 << bit;
    if *seen & mask != 0 {
        return None;
    }
    *seen |= mask;
    Some(())
}

/// Where decoded records are handed out, and how many were.
struct Stream<'h, 'a> {
    block: usize,
    handed_out: usize,
    on_block: &'h mut OnBlock<'h, 'a>,
}

impl<'a> Stream<'_, 'a> {
    /// Hands out the records after the last block once there are `block` of them.
    #[inline(always)]
    fn pushed(&mut self, out: &[KafkaRecord<'a>]) {
        if out.len() - self.handed_out >= self.block {
            (self.on_block)(self.handed_out, &out[self.handed_out..]);
            self.handed_out = out.len();
        }
    }
}

/// The `records` map (or null), flattened into `out`.
fn records<'a>(
    cursor: &mut JsonCursor<'a>,
    out: &mut Vec<KafkaRecord<'a>>,
    stream: &mut Stream<'_, 'a>,
) -> Option<()> {
    if cursor.peek()? == b'n' {
        return cursor.literal(b"null");
    }
    cursor.begin_object()?;
    let mut first = true;
    while let Some(batch_key) = cursor.next_key(first)? {
        first = false;
        let batch_key = Cow::Borrowed(batch_key);
        cursor.begin_array()?;
        let mut first_record = true;
        while cursor.next_element(first_record)? {
            first_record = false;
            record(cursor)?.push_to(&batch_key, out).ok()?;
            stream.pushed(out);
        }
    }
    Some(())
}

/// One record object's fields.
#[inline(always)]
fn record<'a>(cursor: &mut JsonCursor<'a>) -> Option<RecordFields<'a>> {
    let mut fields = RecordFields::default();
    let mut seen = 0u8;
    cursor.begin_object()?;
    let mut first = true;
    let mut next = 0;
    while let Some(key) =
        cursor.next_key_among(first, RECORD_FIELDS.get(next..=next).unwrap_or(&[]))?
    {
        first = false;
        let field = match key {
            Key::Expected(_) => next,
            Key::Other("topic") => 0,
            Key::Other("partition") => 1,
            Key::Other("offset") => 2,
            Key::Other("timestamp") => 3,
            Key::Other("timestampType") => 4,
            Key::Other("key") => 5,
            Key::Other("value") => 6,
            Key::Other("headers") => 7,
            Key::Other(_) => {
                cursor.skip_value()?;
                continue;
            }
        };
        next = field + 1;
        first_time(&mut seen, field as u8)?;
        match field {
            0 => fields.topic = text_or_null(cursor)?.map(Cow::Borrowed),
            1 => fields.partition = integer_or_null(cursor)?,
            2 => fields.offset = integer_or_null(cursor)?,
            3 => fields.timestamp = integer_or_null(cursor)?,
            4 => fields.timestamp_type = text_or_null(cursor)?.map(Cow::Borrowed),
            5 => fields.key = text_or_null(cursor)?.map(Cow::Borrowed),
            6 => fields.value = text_or_null(cursor)?.map(Cow::Borrowed),
            _ => fields.headers = raw_or_null(cursor)?,
        }
    }
    Some(fields)
}

/// Whether a null comes next (consumed if so).
#[inline(always)]
fn null(cursor: &mut JsonCursor<'_>) -> Option<bool> {
    if cursor.peek()? == b'n' {
        cursor.literal(b"null")?;
        Some(true)
    } else {
        Some(false)
    }
}

/// A string without escapes, or null.
#[inline(always)]
fn text_or_null<'a>(cursor: &mut JsonCursor<'a>) -> Option<Option<&'a str>> {
    if null(cursor)? {
        return Some(None);
    }
    cursor.string().map(Some)
}

/// An integer given as an integer literal or a string holding one, or null.
#[inline(always)]
fn integer_or_null(cursor: &mut JsonCursor<'_>) -> Option<Option<i64>> {
    if null(cursor)? {
        return Some(None);
    }
    let value = if cursor.peek()? == b'"' {
        cursor.string()?.trim().parse().ok()?
    } else {
        cursor.number()?.to_i64()?
    };
    Some(Some(value))
}

/// Any value's JSON text, or null.
#[inline(always)]
fn raw_or_null<'a>(cursor: &mut JsonCursor<'a>) -> Option<Option<&'a str>> {
    if null(cursor)? {
        return Some(None);
    }
    let start = cursor.pos();
    cursor.skip_value()?;
    cursor.since(start).map(Some)
}
