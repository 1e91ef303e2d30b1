//! Event bytes → feature rows: decoding and extraction, on as many threads as help.
//!
//! On one CPU the event is decoded, then each record's value is base64-decoded and its features
//! extracted. With more (Lambda's CPU grows with memory: one vCPU's worth at 1,769 MB, two at
//! 3,538 MB), the two overlap: while this thread decodes the event, workers extract the records
//! already decoded, `BLOCK_RECORDS` (256) at a time, and what is left when decoding ends is shared
//! out. Whatever path a batch takes, the rows are the same, in record order (tested against
//! the one-thread path).

use std::borrow::Cow;
use std::sync::{Mutex, mpsc};

use crate::event::{EventError, KafkaEvent, KafkaRecord, Streamed};
use crate::features::FeatureExtractor;
use crate::reason::BadReason;

/// Events at least this large are decoded and extracted on several threads at once.
const PIPELINE_MIN_BYTES: usize = 512 * 1024;

/// Records handed to a worker at a time while the event is decoded.
const BLOCK_RECORDS: usize = 256;

/// Batches at least this large are split across threads when extracted after decoding.
const PARALLEL_MIN_RECORDS: usize = 2048;

/// The rows of a batch's records, in record order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rows {
    /// The feature rows, flat.
    pub rows: Vec<f64>,
    /// For each row, the index of its record.
    pub row_records: Vec<usize>,
    /// Records that yielded no row, by record index (ascending), with the reason.
    pub bad: Vec<(usize, BadReason)>,
}

impl Rows {
    fn with_capacity(records: usize, width: usize) -> Self {
        Self {
            rows: Vec::with_capacity(records * width),
            row_records: Vec::with_capacity(records),
            bad: Vec::new(),
        }
    }

    fn append(&mut self, part: Rows) {
        self.rows.extend_from_slice(&part.rows);
        self.row_records.extend_from_slice(&part.row_records);
        self.bad.extend(part.bad);
    }
}

/// Decodes `bytes` and extracts every record's row, on as many threads as
/// [`crate::cpus::threads`] gives.
pub fn decode_and_extract<'a>(
    bytes: &'a [u8],
    extractor: &FeatureExtractor,
) -> Result<(KafkaEvent<'a>, Rows), EventError> {
    let threads = crate::cpus::threads();
    if threads < 2 || bytes.len() < PIPELINE_MIN_BYTES {
        let event = decode(bytes)?;
        let rows = extract_all(&event.records, extractor, threads);
        return Ok((event, rows));
    }
    pipelined(bytes, extractor, threads, BLOCK_RECORDS)
}

fn decode(bytes: &[u8]) -> Result<KafkaEvent<'_>, EventError> {
    KafkaEvent::from_slice(bytes)
}

/// Records handed to a worker: the index of the first, and their base64 values.
struct Block<'a> {
    first: usize,
    values: Vec<Option<&'a str>>,
}

/// A worker's answer: the index of the first record, how many, and their rows.
struct Done {
    first: usize,
    len: usize,
    rows: Rows,
}

impl Block<'_> {
    fn extract(&self, extractor: &FeatureExtractor) -> Done {
        Done {
            first: self.first,
            len: self.values.len(),
            rows: extract_values(self.values.iter().copied(), self.first, extractor),
        }
    }
}

/// Decodes on this thread while `threads - 1` workers extract the blocks decoded so far.
fn pipelined<'a>(
    bytes: &'a [u8],
    extractor: &FeatureExtractor,
    threads: usize,
    block: usize,
) -> Result<(KafkaEvent<'a>, Rows), EventError> {
    let (to_workers, queue) = mpsc::channel::<Block<'a>>();
    let queue = Mutex::new(queue);
    let (to_main, answers) = mpsc::channel::<Done>();
    let (decoded, done) = std::thread::scope(|scope| {
        // A worker that cannot start leaves its share in the queue for this thread.
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                let (queue, to_main) = (&queue, to_main.clone());
                let worker = move || {
                    // One worker at a time waits in `recv` holding the lock, the others wait
                    // for the lock; the guard is gone before the block is worked on. Once
                    // decoding has ended and the sender is gone, `recv` no longer waits.
                    while let Some(Ok(block)) = queue.lock().ok().map(|q| q.recv()) {
                        if to_main.send(block.extract(extractor)).is_err() {
                            break;
                        }
                    }
                };
                std::thread::Builder::new().spawn_scoped(scope, worker).ok()
            })
            .collect();
        let decoded = KafkaEvent::from_slice_streaming(bytes, block, &mut |first, records| {
            // The fast decoder only hands out borrowed values; were one not, the block stays
            // unsent and its records are extracted with those never handed out.
            let values: Option<Vec<Option<&'a str>>> = records
                .iter()
                .map(|r| match &r.value {
                    None => Some(None),
                    Some(Cow::Borrowed(v)) => Some(Some(*v)),
                    Some(Cow::Owned(_)) => None,
                })
                .collect();
            if let Some(values) = values {
                // A send fails only when every worker is gone; the block is then done later.
                let _ = to_workers.send(Block { first, values });
            }
        });
        drop(to_workers);
        // Help with what the workers have not taken yet (unless the blocks no longer apply),
        // then collect every answer.
        let useful = matches!(decoded, Ok((_, Streamed::InPlace | Streamed::Reordered(_))));
        let mut done = Vec::new();
        while let Some(Ok(block)) = queue.lock().ok().map(|q| q.try_recv()) {
            if useful {
                done.push(block.extract(extractor));
            }
        }
        drop(to_main);
        done.extend(answers.iter());
        // Joined here, a worker that panicked does not take this thread down with it: its
        // block has no answer, so `assemble` extracts those records again.
        for worker in workers {
            let _ = worker.join();
        }
        (decoded, done)
    });
    let (event, streamed) = decoded?;
    let records = &event.records;
    let rows = match streamed {
        Streamed::InPlace => assemble(records.len(), |i| value(&records[i]), done, extractor),
        Streamed::Reordered(order) => {
            // The blocks hold records in document order; the event's are sorted since.
            let mut sorted_index = vec![0; order.len()];
            for (j, &d) in order.iter().enumerate() {
                sorted_index[d] = j;
            }
            let in_document_order = assemble(
                records.len(),
                |d| value(&records[sorted_index[d]]),
                done,
                extractor,
            );
            reorder(in_document_order, &order, extractor.width())
        }
        Streamed::Discarded => extract_all(records, extractor, threads),
    };
    Ok((event, rows))
}

fn value<'r>(record: &'r KafkaRecord<'_>) -> Option<&'r str> {
    record.value.as_deref()
}

/// The rows of records `0..len` in order: the workers' answers, and for records no answer
/// covers (the tail after the last block, a block never sent or lost), rows extracted here.
fn assemble<'v>(
    len: usize,
    value_at: impl Fn(usize) -> Option<&'v str>,
    mut done: Vec<Done>,
    extractor: &FeatureExtractor,
) -> Rows {
    done.sort_unstable_by_key(|d| d.first);
    let mut rows = Rows::with_capacity(len, extractor.width());
    let mut next = 0;
    let fill = |rows: &mut Rows, from: usize, to: usize| {
        rows.append(extract_values((from..to).map(&value_at), from, extractor));
    };
    for answer in done {
        // Blocks do not overlap; were one to start before `next`, it is skipped, not doubled.
        if answer.first < next || answer.first + answer.len > len {
            continue;
        }
        fill(&mut rows, next, answer.first);
        rows.append(answer.rows);
        next = answer.first + answer.len;
    }
    fill(&mut rows, next, len);
    rows
}

/// `rows` of records in document order, moved to the sorted order: sorted record `j` was
/// record `order[j]`.
fn reorder(rows: Rows, order: &[usize], width: usize) -> Rows {
    enum Slot {
        Row(usize),
        Bad(BadReason),
        Empty,
    }
    let mut slots: Vec<Slot> = (0..order.len()).map(|_| Slot::Empty).collect();
    for (row, &d) in rows.row_records.iter().enumerate() {
        slots[d] = Slot::Row(row);
    }
    for (d, reason) in rows.bad {
        slots[d] = Slot::Bad(reason);
    }
    let mut out = Rows::with_capacity(order.len(), width);
    for (j, &d) in order.iter().enumerate() {
        match std::mem::replace(&mut slots[d], Slot::Empty) {
            Slot::Row(row) => {
                out.rows
                    .extend_from_slice(&rows.rows[row * width..(row + 1) * width]);
                out.row_records.push(j);
            }
            Slot::Bad(reason) => out.bad.push((j, reason)),
            // Every record has a row or a reason (`assemble` covers `0..len`).
            Slot::Empty => {}
        }
    }
    out
}

/// Extracts the rows of the records whose values `values` gives, the first having index
/// `offset` in the batch.
fn extract_values<'v>(
    values: impl ExactSizeIterator<Item = Option<&'v str>>,
    offset: usize,
    extractor: &FeatureExtractor,
) -> Rows {
    let mut out = Rows::with_capacity(values.len(), extractor.width());
    let mut buf = Vec::new();
    for (i, value) in values.enumerate() {
        let row = KafkaRecord::decode_base64_value(value, &mut buf)
            .and_then(|v| v.ok_or(BadReason::Tombstone))
            .and_then(|v| extractor.extract(v, &mut out.rows));
        match row {
            Ok(()) => out.row_records.push(offset + i),
            Err(reason) => out.bad.push((offset + i, reason)),
        }
    }
    out
}

/// Extracts every record's row of a decoded event, in record order. Large batches are split
/// into contiguous parts on scoped threads (this thread taking the last part).
fn extract_all(records: &[KafkaRecord<'_>], extractor: &FeatureExtractor, threads: usize) -> Rows {
    let part = |records: &[KafkaRecord<'_>], offset: usize| {
        extract_values(records.iter().map(value), offset, extractor)
    };
    if threads < 2 || records.len() < PARALLEL_MIN_RECORDS {
        return part(records, 0);
    }
    let size = records.len().div_ceil(threads);
    let parts: Vec<Rows> = std::thread::scope(|scope| {
        // Every part but the last on a new thread; the last on this one, meanwhile.
        let mut chunks = records.chunks(size).enumerate();
        let last = chunks.next_back();
        let handles: Vec<_> = chunks
            .map(|(n, records)| {
                let offset = n * size;
                let spawned =
                    std::thread::Builder::new().spawn_scoped(scope, move || part(records, offset));
                (records, offset, spawned)
            })
            .collect();
        let last = last.map(|(n, records)| part(records, n * size));
        handles
            .into_iter()
            .map(
                |(records, offset, spawned)| match spawned.map(|h| h.join()) {
                    Ok(Ok(rows)) => rows,
                    // A thread that could not start (or died) leaves its part to this one.
                    _ => part(records, offset),
                },
            )
            .chain(last)
            .collect()
    });
    let mut all = Rows::with_capacity(records.len(), extractor.width());
    for part in parts {
        all.append(part);
    }
    all
}

#[cfg(test)]
mod tests {
    use contract::FunctionConfig;
    use proptest::prelude::*;

    use super::*;

    /// What a record's value holds.
    #[derive(Debug, Clone)]
    enum Value {
        Line(u16),
        Tombstone,
        NotBase64,
        NotJson,
        MissingFeature,
        /// A value with a JSON escape (`\/`): the fast decoder gives up on the whole event.
        Escaped,
    }

    fn value_json(value: &Value) -> String {
        let b64 = |s: &str| format!("\"{}\"", base64_simd::STANDARD.encode_to_string(s));
        match value {
            Value::Line(n) => b64(&format!(
                r#"{{"response_time_ms":{n},"status":200,"duration_ms":{}}}"#,
                n / 2
            )),
            Value::Tombstone => "null".into(),
            Value::NotBase64 => "\"%%%\"".into(),
            Value::NotJson => b64("not json"),
            Value::MissingFeature => b64(r#"{"status":200}"#),
            Value::Escaped => "\"eA\\/=\"".into(),
        }
    }

    /// An event whose records map has the given keys (partitions of topic `t`) in that order.
    fn event(batches: &[(u8, Vec<(i64, Value)>)]) -> Vec<u8> {
        let batches: Vec<String> = batches
            .iter()
            .map(|(partition, records)| {
                let records: Vec<String> = records
                    .iter()
                    .map(|(offset, value)| {
                        format!(
                            r#"{{"topic":"t","partition":{partition},"offset":{offset},"value":{}}}"#,
                            value_json(value)
                        )
                    })
                    .collect();
                format!(r#""t-{partition}":[{}]"#, records.join(","))
            })
            .collect();
        format!(
            r#"{{"eventSource":"SelfManagedKafka","records":{{{}}}}}"#,
            batches.join(",")
        )
        .into_bytes()
    }

    fn extractor() -> FeatureExtractor {
        FeatureExtractor::new(&FunctionConfig::default().features)
    }

    /// The one-thread path: decode, then extract.
    fn serial(bytes: &[u8]) -> Result<(KafkaEvent<'_>, Rows), EventError> {
        let event = decode(bytes)?;
        let rows = extract_all(&event.records, &extractor(), 1);
        Ok((event, rows))
    }

    fn line(n: u16) -> Value {
        Value::Line(n)
    }

    #[test]
    fn sorted_events_give_the_one_thread_rows() {
        let records: Vec<(i64, Value)> = (0..40).map(|o| (o, line(o as u16))).collect();
        let bytes = event(&[(0, records.clone()), (1, records)]);
        let expected = serial(&bytes).unwrap();
        assert_eq!(expected.1.row_records.len(), 80);
        for threads in 2..=4 {
            for block in [1, 3, 7, 80, 1000] {
                let got = pipelined(&bytes, &extractor(), threads, block).unwrap();
                assert_eq!(got, expected, "{threads} threads, blocks of {block}");
            }
        }
    }

    #[test]
    fn unsorted_events_are_sorted_with_their_rows() {
        // Keys in reverse partition order, offsets descending, bad records in between.
        let batch = |p: u8| {
            let records = (0..9)
                .rev()
                .map(|o| {
                    let value = match o % 4 {
                        0 => Value::Tombstone,
                        1 => Value::NotJson,
                        _ => line(o as u16 + 100 * u16::from(p)),
                    };
                    (o, value)
                })
                .collect();
            (p, records)
        };
        let bytes = event(&[batch(2), batch(0), batch(1)]);
        let expected = serial(&bytes).unwrap();
        let offsets: Vec<(i64, i64)> = expected
            .0
            .records
            .iter()
            .map(|r| (r.partition, r.offset))
            .collect();
        assert!(offsets.is_sorted() && offsets.len() == 27);
        assert_eq!(expected.1.bad.len(), 15);
        for block in [1, 2, 4, 5, 10, 27] {
            assert_eq!(pipelined(&bytes, &extractor(), 2, block).unwrap(), expected);
        }
    }

    #[test]
    fn events_the_fast_decoder_gives_up_on_give_the_same_rows() {
        // The escape comes after several blocks were handed out.
        let mut records: Vec<(i64, Value)> = (0..20).map(|o| (o, line(7))).collect();
        records.push((20, Value::Escaped));
        let bytes = event(&[(0, records)]);
        let expected = serial(&bytes).unwrap();
        assert_eq!(expected.1.bad, vec![(20, BadReason::Base64)]);
        assert_eq!(pipelined(&bytes, &extractor(), 3, 2).unwrap(), expected);
    }

    #[test]
    fn invalid_events_fail_as_on_one_thread() {
        for bytes in [
            &b"{\"records\":{\"t-0\":[{\"offset\":1}"[..],
            b"\xff",
            b"{\"records\":5}",
        ] {
            let expected = serial(bytes).unwrap_err().to_string();
            let got = pipelined(bytes, &extractor(), 2, 1)
                .unwrap_err()
                .to_string();
            assert_eq!(got, expected);
        }
    }

    fn value_strategy() -> impl Strategy<Value = Value> {
        prop_oneof![
            8 => any::<u16>().prop_map(Value::Line),
            1 => Just(Value::Tombstone),
            1 => Just(Value::NotBase64),
            1 => Just(Value::NotJson),
            1 => Just(Value::MissingFeature),
            1 => Just(Value::Escaped),
        ]
    }

    proptest! {
        /// Any event, any number of threads, any block size: the one-thread rows.
        #[test]
        fn any_event_gives_the_one_thread_rows(
            batches in prop::collection::vec(
                (0u8..6, prop::collection::vec((0i64..50, value_strategy()), 0..40)),
                0..5,
            ),
            threads in 2usize..=4,
            block in 1usize..=64,
        ) {
            let bytes = event(&batches);
            let expected = serial(&bytes).map_err(|e| e.to_string());
            let got = pipelined(&bytes, &extractor(), threads, block).map_err(|e| e.to_string());
            prop_assert_eq!(got, expected);
        }
    }
}
