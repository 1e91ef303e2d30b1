//! Kafka events for tests and the benchmark: the seed's JSON log lines, in several
//! partitions, with every kind of bad record on request.

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

/// Base64 (standard, padded).
pub fn b64(bytes: &[u8]) -> String {
    base64_simd::STANDARD.encode_to_string(bytes)
}

/// The seed's log line for record `i`: three features among other fields. Every 97th
/// record is slow (response_time_ms 900), the rest 20–259.
pub fn seed_line(i: usize) -> String {
    let response_time = if i % 97 == 13 {
        900.0
    } else {
        20.0 + (i * 37 % 240) as f64
    };
    format!(
        concat!(
            r#"{{"timestamp":"2024-05-01T12:{:02}:{:02}.{:03}Z","level":"INFO","service":"checkout-api","#,
            r#""method":"POST","path":"/api/v1/orders/{}","#,
            r#""response_time_ms":{},"status":{},"duration_ms":{:.1},"bytes":{},"request_id":"{:016x}"}}"#
        ),
        i / 60 % 60,
        i % 60,
        i % 1000,
        i,
        response_time,
        if i % 50 == 0 { 500 } else { 200 },
        response_time + (i % 10) as f64 * 0.5,
        1000 + i % 9000,
        i as u64 * 0x9e37_79b9,
    )
}

/// What a record's value is.
#[derive(Debug, Clone, PartialEq)]
pub enum Value_ {
    /// A JSON log line.
    Line(String),
    /// Raw bytes (base64-encoded into the event).
    Bytes(Vec<u8>),
    /// A value that is not base64.
    NotBase64(String),
    /// A tombstone.
    Null,
}

/// One record to put into an event.
#[derive(Debug, Clone)]
pub struct Rec {
    pub topic: String,
    pub partition: i64,
    pub offset: i64,
    pub value: Value_,
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, Vec<i8>)>,
    pub partition_as_string: bool,
}

impl Rec {
    pub fn new(topic: &str, partition: i64, offset: i64, value: Value_) -> Self {
        Self {
            topic: topic.into(),
            partition,
            offset,
            value,
            key: None,
            headers: Vec::new(),
            partition_as_string: false,
        }
    }

    fn to_json(&self) -> Value {
        let value = match &self.value {
            Value_::Line(s) => json!(b64(s.as_bytes())),
            Value_::Bytes(b) => json!(b64(b)),
            Value_::NotBase64(s) => json!(s),
            Value_::Null => Value::Null,
        };
        let partition = if self.partition_as_string {
            json!(self.partition.to_string())
        } else {
            json!(self.partition)
        };
        json!({
            "topic": self.topic,
            "partition": partition,
            "offset": self.offset,
            "timestamp": 1_714_564_800_000_i64 + self.offset,
            "timestampType": "CREATE_TIME",
            "key": self.key.as_ref().map(|k| b64(k)),
            "value": value,
            "headers": self.headers.iter().map(|(n, v)| json!({ n: v })).collect::<Vec<_>>(),
        })
    }
}

/// An event holding `records`, grouped under `<topic>-<partition>` keys in the order given.
pub fn event(source: &str, records: &[Rec]) -> Vec<u8> {
    let mut map = serde_json::Map::new();
    for r in records {
        let key = format!("{}-{}", r.topic, r.partition);
        map.entry(key)
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap()
            .push(r.to_json());
    }
    let mut event = json!({
        "eventSource": source,
        "bootstrapServers": "b-1.example:9098,b-2.example:9098",
        "records": map,
    });
    if source == "aws:kafka" {
        event["eventSourceArn"] = json!("arn:aws:kafka:us-east-1:123456789012:cluster/logs/abc");
    }
    serde_json::to_vec(&event).unwrap()
}

/// The kinds of bad record the generator mixes in.
pub const BAD_KINDS: [&str; 7] = [
    "tombstone",
    "base64",
    "utf8",
    "json",
    "object",
    "missing",
    "nonfinite",
];

/// The value for a bad record of `kind`.
pub fn bad_value(kind: &str, i: usize) -> Value_ {
    match kind {
        "tombstone" => Value_::Null,
        "base64" => Value_::NotBase64("%%% not base64 %%%".into()),
        "utf8" => Value_::Bytes(vec![b'{', 0xff, 0xfe, b'}']),
        "json" => Value_::Line(format!("{{\"response_time_ms\": {i}, truncated")),
        "object" => Value_::Line(format!("[{i}, 200, 3.5]")),
        "missing" => Value_::Line(format!("{{\"response_time_ms\":{i},\"status\":200}}")),
        "nonfinite" => Value_::Line(format!(
            "{{\"response_time_ms\":\"NaN\",\"status\":200,\"duration_ms\":{i}}}"
        )),
        other => panic!("unknown bad kind {other}"),
    }
}

/// `n` records of topic `app-logs` spread over `partitions` partitions (offsets from 1000),
/// every `bad_every`-th one bad (cycling through [`BAD_KINDS`]) when set.
pub fn seed_records(n: usize, partitions: i64, bad_every: Option<usize>) -> Vec<Rec> {
    (0..n)
        .map(|i| {
            let partition = i as i64 % partitions;
            let offset = 1000 + i as i64 / partitions;
            let value = match bad_every {
                Some(k) if i % k == k - 1 => bad_value(BAD_KINDS[(i / k) % BAD_KINDS.len()], i),
                _ => Value_::Line(seed_line(i)),
            };
            let mut r = Rec::new("app-logs", partition, offset, value);
            r.key = Some(format!("user-{}", i % 777).into_bytes());
            r.headers = vec![("trace".into(), vec![116, 45, -1, -128, 127])];
            r
        })
        .collect()
}

/// The benchmark's event: 10,000 seed records in 4 partitions (about 4.8 MB).
pub fn bench_event() -> Vec<u8> {
    event("aws:kafka", &seed_records(10_000, 4, None))
}
