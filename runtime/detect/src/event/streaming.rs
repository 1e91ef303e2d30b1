//! Decoding that hands out records while it goes ([`KafkaEvent::from_slice_streaming`]), so
//! that other threads extract features from the first records while the rest are decoded, and
//! what those records are once the event is sorted ([`Streamed`]).

use super::error::EventError;
use super::fast;
use super::kafka_event::{KafkaEvent, utf8};
use super::record::KafkaRecord;

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

impl<'a> KafkaEvent<'a> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(json: &[u8]) -> (Vec<i64>, Streamed) {
        let mut seen = Vec::new();
        let (_, streamed) = KafkaEvent::from_slice_streaming(json, 1, &mut |_, records| {
            seen.extend(records.iter().map(|r| r.offset));
        })
        .unwrap();
        (seen, streamed)
    }

    #[test]
    fn sorted_events_stream_in_place_and_escapes_discard_what_was_streamed() {
        let (seen, how) = streamed(br#"{"records":{"t-0":[{"offset":1},{"offset":2}]}}"#);
        assert_eq!((seen, how), (vec![1, 2], Streamed::InPlace));
        // The escape in the second key makes the fast decoder give up after the first record.
        let (seen, how) =
            streamed(br#"{"records":{"t-0":[{"offset":1}],"t\u002d1":[{"offset":2}]}}"#);
        assert_eq!((seen, how), (vec![1], Streamed::Discarded));
    }
}
