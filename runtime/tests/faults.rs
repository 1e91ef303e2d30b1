//! No record is lost, under random faults: property tests of the real handler (SDK client and
//! all) against the SageMaker stand-in, which answers each call with a planned fault.
//!
//! Events hold random topics and partitions (numbers or strings), offsets with gaps in no order,
//! keys, headers (negative bytes too), and values of every kind: JSON log lines (numbers,
//! numeric strings, booleans, extra fields, any spacing), values the model rejects, tombstones,
//! non-base64, non-UTF-8, not JSON, not an object, a missing, non-numeric or non-finite feature,
//! arbitrary bytes, and a few huge values; one test sends 10,000 records per event. Each call to
//! the endpoint gets the next planned fault: a model error (4xx) for the call, throttling, 5xx,
//! a validation error, a response slower than the attempt timeout or the deadline, a malformed
//! body, a wrong score count, a dropped connection. Rows whose first feature is one of
//! [`REJECTED`] are always refused (a model error), as a model refuses the same input again.
//!
//! After each invocation, either
//! - it is Ok, every record (by topic, partition, offset) is in exactly one of scored / bad, bad
//!   ones with the reason their value calls for, anomalies are exactly the scored records above
//!   the threshold with their scores; or
//! - it failed with a retryable error.
//!
//! Anomalies also go to a DynamoDB table in moto and, for some cases, the first run's alert topic
//! does not exist (a sink that fails after the table was written). The table then never holds an
//! item the retry would not write, and after the faults stop a retry (and a redelivery after it)
//! leaves exactly the retry's anomalies in it, once each. moto is the one `.ci/test` starts
//! (`MOTO_ENDPOINT`); without it the tests fail, saying so: `.ci/test -p runtime --test faults`.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64; the 10,000-record test runs a
//! sixteenth of it, at least 2). Run with `--nocapture` to see what the cases covered.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use contract::{
    ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY, ContentType, FunctionConfig, ScorerConfig,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use runtime::deadline::Deadline;
use runtime::scoring::ScoringOptions;
use runtime::sinks::Sinks;
use runtime::sinks::dynamodb::AnomalyTable;
use runtime::sinks::log::Log;
use runtime::sinks::sns::AlertTopic;
use runtime::{Error, Handler, InvocationResult, clients};
use serde_json::{Value, json};
use support::events::{self, Rec, Value_};
use support::standin::{Fault, StandIn, score_of};

/// First-feature values the stand-in's model always refuses.
const REJECTED: [f64; 2] = [-13.0, 6666.0];

/// The default config's threshold: a score above it is an anomaly.
const THRESHOLD: f64 = 3.0;

/// The default config's features, in row order.
const FEATURES: [&str; 3] = ["response_time_ms", "status", "duration_ms"];

/// What a record must end as.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Scored with this score, unless the model refused its chunk (a model error for the call,
    /// or narrowing gave up on it): then bad with a model reason.
    Score(f64),
    /// Always refused by the model: bad with a model reason.
    Rejected,
    /// Bad, with a reason holding one of these, and the feature's name when one is given.
    Bad {
        any_of: &'static [&'static str],
        feature: Option<&'static str>,
    },
    /// Arbitrary bytes: scored or bad.
    Unknown,
}

const MODEL_REASON: &str = "the model rejected the record";

/// One record as generated, before its offset is assigned.
#[derive(Debug, Clone)]
struct Spec {
    topic: usize,
    partition: i64,
    partition_as_string: bool,
    gap: i64,
    value: Value_,
    expect: Expect,
    key: Option<Vec<u8>>,
    headers: Vec<(String, Vec<i8>)>,
}

/// One invocation's inputs.
#[derive(Clone)]
struct Case {
    source: &'static str,
    records: Vec<(Rec, Expect)>,
    faults: Vec<Fault>,
    content_type: ContentType,
    max_body_bytes: usize,
    max_narrowing_calls: usize,
    report_batch_item_failures: bool,
    /// The first run's alert topic does not exist (moto only).
    alert_fails: bool,
}

/// Records past this many are left out of a failing case's printout (10,000 of them would
/// bury the message).
const PRINTED_RECORDS: usize = 40;

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: Vec<String> = self
            .records
            .iter()
            .take(PRINTED_RECORDS)
            .map(|(r, e)| {
                let mut value = format!("{:?}", r.value);
                if value.len() > 200 {
                    let cut = (0..=200)
                        .rev()
                        .find(|&i| value.is_char_boundary(i))
                        .unwrap_or(0);
                    value = format!("{}… ({} bytes)", &value[..cut], value.len());
                }
                format!("{}-{}@{}: {value} => {e:?}", r.topic, r.partition, r.offset)
            })
            .collect();
        f.debug_struct("Case")
            .field("source", &self.source)
            .field("records", &self.records.len())
            .field("faults", &self.faults)
            .field("content_type", &self.content_type)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_narrowing_calls", &self.max_narrowing_calls)
            .field(
                "report_batch_item_failures",
                &self.report_batch_item_failures,
            )
            .field("alert_fails", &self.alert_fails)
            .field("first_records", &shown)
            .finish()
    }
}

// ---------------------------------------------------------------------------------------
// Values.

/// A feature's JSON value and the number the function must read from it.
fn feature_value(anomalies: u32) -> impl Strategy<Value = (Value, f64)> {
    prop_oneof![
        12 => (0i64..300).prop_map(|i| (json!(i), i as f64)),
        3 => (-300.0f64..300.0).prop_map(|f| (json!(f), f)),
        2 => (0i64..300).prop_map(|i| (json!(format!(" {i} ")), i as f64)),
        1 => (-300.0f64..300.0).prop_map(|f| (json!(f.to_string()), f)),
        1 => any::<bool>().prop_map(|b| (json!(b), if b { 1.0 } else { 0.0 })),
        anomalies => (301i64..100_000).prop_map(|i| (json!(i), i as f64)),
    ]
}

/// Fields besides the features (prefixed, so none is a feature's name).
fn extra_fields() -> impl Strategy<Value = Vec<(String, Value)>> {
    let value = prop_oneof![
        "\\PC{0,12}".prop_map(Value::String),
        any::<i32>().prop_map(|i| json!(i)),
        Just(Value::Null),
        ("[a-z]{0,5}", any::<bool>()).prop_map(|(s, b)| json!({"a": [1, s, {"b": b}], "c": null})),
    ];
    prop::collection::vec(("x_[a-z_]{0,8}", value), 0..5)
}

/// A JSON log line from the three features and extra fields, interleaved and maybe
/// pretty-printed.
fn line(
    features: [Option<Value>; 3],
    extras: Vec<(String, Value)>,
    at: usize,
    pretty: bool,
) -> String {
    let mut map = serde_json::Map::new();
    let mut extras = extras.into_iter();
    for (i, (name, v)) in FEATURES.iter().zip(features).enumerate() {
        if i == at % 4 {
            for (k, x) in extras.by_ref().take(2) {
                map.insert(k, x);
            }
        }
        if let Some(v) = v {
            map.insert((*name).to_owned(), v);
        }
    }
    map.extend(extras);
    let v = Value::Object(map);
    if pretty {
        serde_json::to_string_pretty(&v).unwrap()
    } else {
        v.to_string()
    }
}

/// A good line's parts: the three features (JSON value and the number it holds), the extra
/// fields, where the extras go among the features, and whether it is pretty-printed.
type GoodLine = ([(Value, f64); 3], Vec<(String, Value)>, usize, bool);

/// A good line's parts (see [`line`]).
fn good(anomalies: u32) -> impl Strategy<Value = GoodLine> {
    (
        [feature_value(anomalies), feature_value(1), feature_value(1)],
        extra_fields(),
        0usize..4,
        prop::bool::weighted(0.1),
    )
}

/// What a good line with first feature `first` must end as.
fn expect_score(first: f64) -> Expect {
    if REJECTED.contains(&first) {
        Expect::Rejected
    } else {
        Expect::Score(score_of(&[first]))
    }
}

/// A record value and what it must end as.
fn value(shape: &Shape) -> impl Strategy<Value = (Value_, Expect)> {
    let long = shape.long.clone();
    let bad = |any_of: &'static [&'static str]| Expect::Bad {
        any_of,
        feature: None,
    };
    prop_oneof![
        // Good lines.
        shape.good_weight => good(shape.anomaly_weight).prop_map(|([a, b, c], extras, at, pretty)| {
            let expect = expect_score(a.1);
            let features = [Some(a.0), Some(b.0), Some(c.0)];
            (Value_::Line(line(features, extras, at, pretty)), expect)
        }),
        // Lines the model refuses.
        12 => (prop::sample::select(&REJECTED[..]), good(1)).prop_map(|(r, ([_, b, c], extras, at, pretty))| {
            let features = [Some(json!(r)), Some(b.0), Some(c.0)];
            (Value_::Line(line(features, extras, at, pretty)), Expect::Rejected)
        }),
        8 => Just((Value_::Null, bad(&["tombstone"]))),
        4 => "[!%*]{1,6}[a-z]{0,6}".prop_map(move |s| (Value_::NotBase64(s), bad(&["not valid base64"]))),
        // Bytes never valid in UTF-8 (a continuation byte could complete a sequence).
        4 => (prop::collection::vec(any::<u8>(), 0..8), prop::sample::select(vec![0xffu8, 0xc0, 0xfe])).prop_map(
            move |(mut b, x)| {
                b.insert(b.len() / 2, x);
                (Value_::Bytes(b), bad(&["not UTF-8"]))
            }
        ),
        4 => good(1).prop_map(move |([a, b, c], extras, at, pretty)| {
            let full = line([Some(a.0), Some(b.0), Some(c.0)], extras, at, pretty);
            let cut = (0..=full.len() / 2).rev().find(|&i| full.is_char_boundary(i)).unwrap_or(0);
            (Value_::Line(full[..cut].to_owned()), bad(&["not JSON"]))
        }),
        4 => prop::sample::select(vec!["", " ", "{", "{\"status\":1,}", "nul", "{\"a\" 1}"])
            .prop_map(move |s| (Value_::Line(s.to_owned()), bad(&["not JSON"]))),
        4 => prop::sample::select(vec!["[1,2,3]", "42", "\"text\"", "null", "true", " [] "])
            .prop_map(move |s| (Value_::Line(s.to_owned()), bad(&["not an object"]))),
        // A feature absent or null, not a number, or not finite.
        12 => (good(1), 0usize..3, 0usize..7).prop_map(|(([a, b, c], extras, at, pretty), f, how)| {
            let mut features = [Some(a.0), Some(b.0), Some(c.0)];
            let (v, any_of): (Option<Value>, &'static [&'static str]) = match how {
                0 => (None, &["is missing"]),
                1 => (Some(Value::Null), &["is missing"]),
                2 => (Some(json!("abc")), &["not a number"]),
                3 => (Some(json!({"ms": 1})), &["not a number"]),
                4 => (Some(json!([1])), &["not a number"]),
                5 => (Some(json!("NaN")), &["not a finite number"]),
                _ => (Some(json!("-1e999")), &["not a finite number"]),
            };
            features[f] = v;
            let expect = Expect::Bad { any_of, feature: Some(FEATURES[f]) };
            (Value_::Line(line(features, extras, at, pretty)), expect)
        }),
        // A number out of f64's range: serde_json refuses it as JSON.
        4 => Just((
            Value_::Line(r#"{"response_time_ms":1e999,"status":200,"duration_ms":1}"#.into()),
            bad(&["not JSON", "not a finite number"])
        )),
        8 => prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| (Value_::Bytes(b), Expect::Unknown)),
        // Long values: a good line with a long field, or a long text that is not JSON.
        1 => (good(shape.anomaly_weight), long.clone()).prop_map(|(([a, b, c], mut extras, at, pretty), n)| {
            let expect = expect_score(a.1);
            extras.push(("x_pad".into(), json!("p".repeat(n))));
            let features = [Some(a.0), Some(b.0), Some(c.0)];
            (Value_::Line(line(features, extras, at, pretty)), expect)
        }),
        1 => long.prop_map(move |n| (Value_::Line("{".repeat(n)), bad(&["not JSON"]))),
    ]
}

fn spec(shape: &Shape) -> impl Strategy<Value = Spec> {
    (
        0usize..3,
        0..PARTITIONS,
        any::<bool>(),
        prop_oneof![8 => Just(1i64), 2 => 2i64..10_000],
        value(shape),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..16)),
        prop::collection::vec(
            ("\\PC{0,6}", prop::collection::vec(any::<i8>(), 0..6)),
            0..3,
        ),
    )
        .prop_map(
            |(topic, partition, partition_as_string, gap, (value, expect), key, headers)| Spec {
                topic,
                partition,
                partition_as_string,
                gap,
                value,
                expect,
                key,
                headers,
            },
        )
}

/// Records with offsets assigned per topic and partition (with gaps), then shuffled. With
/// `repeat_to`, the generated records are used again (each time in the next partition) until
/// there are that many: generating 10,000 records one by one takes seconds in a debug build.
fn records(shape: &Shape) -> impl Strategy<Value = Vec<(Rec, Expect)>> {
    let repeat_to = shape.repeat_to;
    (
        prop::collection::vec("[a-zA-Z0-9._-]{1,20}", 1..4),
        0i64..1_000_000_000_000,
        prop::collection::vec(spec(shape), shape.records.clone()),
    )
        .prop_map(move |(topics, base, specs)| {
            let total = repeat_to.unwrap_or(specs.len()).max(specs.len());
            let mut next: HashMap<(String, i64), i64> = HashMap::new();
            (0..total)
                .map(|i| {
                    let s = &specs[i % specs.len()];
                    let round = (i / specs.len()) as i64;
                    let topic = topics[s.topic % topics.len()].clone();
                    let partition = (s.partition + round) % PARTITIONS;
                    let offset = next.entry((topic.clone(), partition)).or_insert(base);
                    *offset += s.gap;
                    let mut rec = Rec::new(&topic, partition, *offset, s.value.clone());
                    rec.partition_as_string = s.partition_as_string;
                    rec.key = s.key.clone();
                    rec.headers = s.headers.clone();
                    (rec, s.expect.clone())
                })
                .collect::<Vec<_>>()
        })
        .prop_shuffle()
}

/// Partitions per topic.
const PARTITIONS: i64 = 6;

// ---------------------------------------------------------------------------------------
// Faults.

/// How long a slow response is: within an attempt's timeout, or past it.
const SLOW_WITHIN: std::ops::Range<u64> = 10..100;

fn fault(slow_past: std::ops::Range<u64>) -> impl Strategy<Value = Fault> {
    prop_oneof![
        6 => Just(Fault::None),
        2 => Just(Fault::Status(429, "ThrottlingException")),
        1 => Just(Fault::Status(400, "ThrottlingException")),
        1 => Just(Fault::Status(500, "InternalFailure")),
        1 => Just(Fault::Status(503, "ServiceUnavailable")),
        1 => Just(Fault::Status(400, "ValidationError")),
        3 => Just(Fault::Status(424, "ModelError")),
        1 => SLOW_WITHIN.prop_map(|ms| Fault::Slow(Duration::from_millis(ms))),
        1 => slow_past.prop_map(|ms| Fault::Slow(Duration::from_millis(ms))),
        1 => Just(Fault::Malformed),
        1 => Just(Fault::WrongCount),
        1 => Just(Fault::Hangup),
    ]
}

/// What a test's events and faults look like.
#[derive(Debug, Clone)]
struct Shape {
    /// Records generated per event.
    records: std::ops::Range<usize>,
    /// Records per event, when more than generated (see [`records`]).
    repeat_to: Option<usize>,
    /// The weight of good lines among the value kinds (the others weigh 73 together).
    good_weight: u32,
    /// The weight of anomalies among good lines' first features (the others weigh 19).
    anomaly_weight: u32,
    /// The length of the few long values (a good line with a long field, a text that is not
    /// JSON).
    long: std::ops::Range<usize>,
    /// How long a response slower than the attempt timeout is.
    slow_past: std::ops::Range<u64>,
    /// The first run's deadline when a response is planned to be that slow (else 30 s).
    deadline_with_slow: Duration,
    /// Request body limits to choose from.
    body_limits: Vec<usize>,
}

fn case(shape: &Shape) -> impl Strategy<Value = Case> {
    (
        prop::sample::select(vec!["aws:kafka", "SelfManagedKafka"]),
        records(shape),
        prop::collection::vec(fault(shape.slow_past.clone()), 0..8),
        prop::sample::select(vec![ContentType::Csv, ContentType::Json]),
        prop::sample::select(shape.body_limits.clone()),
        prop::sample::select(vec![0usize, 2, 8, 200]),
        any::<bool>(),
        prop::bool::weighted(0.25),
    )
        .prop_map(
            |(
                source,
                records,
                faults,
                content_type,
                max_body_bytes,
                max_narrowing_calls,
                report,
                alert_fails,
            )| Case {
                source,
                records,
                faults,
                content_type,
                max_body_bytes,
                max_narrowing_calls,
                report_batch_item_failures: report,
                alert_fails,
            },
        )
}

// ---------------------------------------------------------------------------------------
// The run.

/// The number of cases: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the cases covered, printed at the end.
#[derive(Default)]
struct Stats {
    cases: usize,
    records: usize,
    ok_first: usize,
    err_first: BTreeMap<&'static str, usize>,
    faults_used: BTreeMap<String, usize>,
    bad_reasons: BTreeMap<String, usize>,
    anomalies: usize,
    partial_writes_then_error: usize,
    largest_event: usize,
    endpoint_calls: usize,
    slowest: (Duration, String),
}

impl Stats {
    fn report(&self, name: &str, elapsed: Duration) -> String {
        format!(
            "{name}: {} cases in {:.1} s (slowest {:.1} s: {}), {} endpoint calls, {} records (largest event {:.2} MB), {} anomalies; first run Ok {}, Err {:?}; \
             {} failed after writing anomalies, then retried\n  faults used: {:?}\n  bad reasons: {:?}",
            self.cases,
            elapsed.as_secs_f64(),
            self.slowest.0.as_secs_f64(),
            self.slowest.1,
            self.endpoint_calls,
            self.records,
            self.largest_event as f64 / 1e6,
            self.anomalies,
            self.ok_first,
            self.err_first,
            self.partial_writes_then_error,
            self.faults_used,
            self.bad_reasons,
        )
    }
}

/// The moto side of a case: a fresh table, and an alert topic that exists.
struct Moto {
    dynamodb: aws_sdk_dynamodb::Client,
    sns: aws_sdk_sns::Client,
    table: String,
    topic_arn: String,
}

fn key(topic: &str, partition: i64, offset: i64) -> (String, i64, i64) {
    (topic.to_owned(), partition, offset)
}

/// Checks an Ok result against what each record must end as. `settled`: no fault was injected
/// (the retry), so a good record is bad only when narrowing gave up on its chunk.
fn check_ok(case: &Case, result: &InvocationResult, settled: bool) -> Result<(), TestCaseError> {
    let expect: HashMap<(String, i64, i64), &Expect> = case
        .records
        .iter()
        .map(|(r, e)| (key(&r.topic, r.partition, r.offset), e))
        .collect();
    prop_assert_eq!(
        expect.len(),
        case.records.len(),
        "the generator made unique offsets"
    );
    prop_assert_eq!(result.records, case.records.len());
    prop_assert!(
        result.is_complete(),
        "{} != {} + {}",
        result.records,
        result.scored,
        result.bad_records.len()
    );

    let mut bad = HashSet::new();
    for b in &result.bad_records {
        let k = key(&b.topic, b.partition, b.offset);
        let Some(e) = expect.get(&k) else {
            return Err(TestCaseError::fail(format!(
                "bad record {k:?} is not in the event"
            )));
        };
        prop_assert!(bad.insert(k.clone()), "{:?} reported bad twice", k);
        let model = b.reason.starts_with(MODEL_REASON);
        match e {
            Expect::Score(_) if settled => prop_assert!(
                model && b.reason.contains("narrowing stopped"),
                "{:?} (a good record) is bad without faults: {}",
                k,
                b.reason
            ),
            Expect::Score(_) | Expect::Rejected => {
                prop_assert!(
                    model,
                    "{:?} must be scored or rejected by the model: {}",
                    k,
                    b.reason
                )
            }
            Expect::Bad { any_of, feature } => {
                prop_assert!(
                    any_of.iter().any(|f| b.reason.contains(f)),
                    "{:?}: reason {:?} is none of {:?}",
                    k,
                    b.reason,
                    any_of
                );
                if let Some(f) = feature {
                    prop_assert!(
                        b.reason.contains(f),
                        "{:?}: reason {:?} does not name {}",
                        k,
                        b.reason,
                        f
                    );
                }
            }
            Expect::Unknown => {}
        }
    }
    let mut scored = 0;
    let mut anomalous = HashMap::new();
    for (k, e) in &expect {
        if bad.contains(k) {
            continue;
        }
        scored += 1;
        match e {
            Expect::Rejected | Expect::Bad { .. } => {
                return Err(TestCaseError::fail(format!(
                    "{k:?} must be bad ({e:?}) but was scored"
                )));
            }
            Expect::Score(s) if *s > THRESHOLD => {
                anomalous.insert(k.clone(), *s);
            }
            _ => {}
        }
    }
    prop_assert_eq!(result.scored, scored);
    let mut seen = HashSet::new();
    for a in &result.anomalies {
        let k = key(&a.topic, a.partition, a.offset);
        prop_assert!(seen.insert(k.clone()), "{:?} is an anomaly twice", k);
        prop_assert!(!bad.contains(&k), "{:?} is both bad and an anomaly", k);
        prop_assert!(a.score > THRESHOLD);
        match expect.get(&k) {
            Some(Expect::Score(s)) => prop_assert_eq!(a.score, *s, "{:?}", k),
            Some(Expect::Unknown) => {}
            other => {
                return Err(TestCaseError::fail(format!(
                    "anomaly {k:?} expected {other:?}"
                )));
            }
        }
    }
    for k in anomalous.keys() {
        prop_assert!(
            seen.contains(k),
            "{:?} scored above the threshold but is no anomaly",
            k
        );
    }
    // Both lists in topic, partition, offset order.
    let order = |t: &str, p: i64, o: i64| (t.to_owned(), p, o);
    prop_assert!(
        result
            .bad_records
            .is_sorted_by_key(|b| order(&b.topic, b.partition, b.offset))
    );
    prop_assert!(
        result
            .anomalies
            .is_sorted_by_key(|a| order(&a.topic, a.partition, a.offset))
    );
    match &result.batch_item_failures {
        Some(failures) => {
            prop_assert!(case.report_batch_item_failures);
            let named: Vec<(String, i64)> = failures
                .iter()
                .map(|f| {
                    (
                        f.item_identifier.partition.clone(),
                        f.item_identifier.offset,
                    )
                })
                .collect();
            let want: Vec<(String, i64)> = result
                .bad_records
                .iter()
                .map(|b| (format!("{}-{}", b.topic, b.partition), b.offset))
                .collect();
            prop_assert_eq!(named, want);
        }
        None => prop_assert!(!case.report_batch_item_failures),
    }
    Ok(())
}

/// The table's items: key → score.
async fn table_items(moto: &Moto) -> BTreeMap<(String, i64), f64> {
    support::dynamodb::scan(&moto.dynamodb, &moto.table)
        .await
        .into_iter()
        .map(|item| {
            let pk = item[ANOMALY_TABLE_PARTITION_KEY].as_s().unwrap().clone();
            let offset = item[ANOMALY_TABLE_SORT_KEY]
                .as_n()
                .unwrap()
                .parse()
                .unwrap();
            let score = match &item["score"] {
                AttributeValue::N(n) | AttributeValue::S(n) => n.parse().unwrap(),
                other => panic!("score {other:?}"),
            };
            ((pk, offset), score)
        })
        .collect()
}

fn anomaly_items(result: &InvocationResult) -> BTreeMap<(String, i64), f64> {
    result
        .anomalies
        .iter()
        .map(|a| ((format!("{}#{}", a.topic, a.partition), a.offset), a.score))
        .collect()
}

/// The handler of a case: the stand-in's endpoint, and the case's moto table and alert topic
/// (a missing topic when `alert_fails`).
fn handler(
    standin: &StandIn,
    case: &Case,
    moto: &Moto,
    alert_fails: bool,
) -> Handler<runtime::scoring::sagemaker::SageMakerEndpoint> {
    let config = FunctionConfig {
        scorer: ScorerConfig::SageMaker {
            endpoint_name: "rcf-faults".into(),
            content_type: case.content_type,
        },
        report_batch_item_failures: case.report_batch_item_failures,
        ..FunctionConfig::default()
    };
    let sdk = support::sdk_config(&standin.url());
    let sinks = Sinks {
        table: Some(AnomalyTable::new(
            moto.dynamodb.clone(),
            &moto.table,
            Some(1),
        )),
        alerts: Some(AlertTopic::new(
            moto.sns.clone(),
            if alert_fails {
                format!("{}-missing", moto.topic_arn)
            } else {
                moto.topic_arn.clone()
            },
        )),
        bad_records: None,
    };
    Handler::new(
        &config,
        clients::endpoint(&sdk, &config),
        sinks,
        Log::memory(),
        "faults",
    )
    .with_options(ScoringOptions {
        content_type: case.content_type,
        max_body_bytes: case.max_body_bytes,
        max_narrowing_calls: case.max_narrowing_calls,
    })
}

fn fault_name(f: &Fault) -> String {
    match f {
        Fault::Status(s, c) => format!("{s} {c}"),
        Fault::Slow(d) if d.as_millis() < u128::from(SLOW_WITHIN.end) => "slow".into(),
        Fault::Slow(_) => "slow past the attempt timeout".into(),
        other => format!("{other:?}"),
    }
}

/// Runs one case: the faulty invocation, then (faults stopped) a retry and a redelivery.
fn run_case(
    case: &Case,
    deadline_with_slow: Duration,
    moto_url: &str,
    stats: &Mutex<Stats>,
) -> Result<(), TestCaseError> {
    let event = events::event(
        case.source,
        &case
            .records
            .iter()
            .map(|(r, _)| r.clone())
            .collect::<Vec<_>>(),
    );
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let standin = StandIn::start().await;
        for v in REJECTED {
            standin.reject_rows_with(v);
        }
        for f in &case.faults {
            standin.fault_next(f.clone());
        }
        let moto = {
            let sdk = support::sdk_config(moto_url);
            let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
            let sns = aws_sdk_sns::Client::new(&sdk);
            let table = support::dynamodb::create_table(&dynamodb).await;
            let topic_arn = sns
                .create_topic()
                .name(support::unique("faults"))
                .send()
                .await
                .unwrap()
                .topic_arn
                .unwrap();
            Moto {
                dynamodb,
                sns,
                table,
                topic_arn,
            }
        };
        let slow = case
            .faults
            .iter()
            .any(|f| matches!(f, Fault::Slow(d) if d.as_millis() >= u128::from(SLOW_WITHIN.end)));
        let deadline = if slow {
            deadline_with_slow
        } else {
            Duration::from_secs(30)
        };
        let first = handler(&standin, case, &moto, case.alert_fails)
            .handle(&event, Deadline::after(deadline))
            .await;
        let used = case.faults.len() - standin.faults_left();
        {
            let mut s = stats.lock().unwrap();
            s.cases += 1;
            s.records += case.records.len();
            s.largest_event = s.largest_event.max(event.len());
            for f in &case.faults[..used] {
                *s.faults_used.entry(fault_name(f)).or_default() += 1;
            }
            match &first {
                Ok(r) => {
                    s.ok_first += 1;
                    for b in &r.bad_records {
                        let kind = b
                            .reason
                            .split([':', '(', '`'])
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_owned();
                        *s.bad_reasons.entry(kind).or_default() += 1;
                    }
                    s.anomalies += r.anomalies.len();
                }
                Err(e) => *s.err_first.entry(e.kind()).or_default() += 1,
            }
        }
        match &first {
            Ok(r) => check_ok(case, r, false)?,
            Err(e) => {
                prop_assert!(e.is_retryable(), "not retryable: {e}");
                prop_assert!(
                    !matches!(e, Error::InvalidEvent(_) | Error::Config(_)),
                    "{e}"
                );
            }
        }
        if case.faults.iter().all(|f| *f == Fault::None) && !case.alert_fails {
            prop_assert!(
                first.is_ok(),
                "no fault was injected, yet: {:?}",
                first.as_ref().err()
            );
        }
        // What the faulty run left in the table: all its anomalies if it succeeded.
        let after_first = table_items(&moto).await;
        match &first {
            Ok(r) => prop_assert_eq!(
                &after_first,
                &anomaly_items(r),
                "an Ok run wrote all its anomalies"
            ),
            Err(_) if !after_first.is_empty() => {
                stats.lock().unwrap().partial_writes_then_error += 1
            }
            Err(_) => {}
        }

        // The faults stop; the mapping retries the batch (or, after an Ok, redelivers it).
        standin.clear_faults();
        let retry = handler(&standin, case, &moto, false);
        let second = retry
            .handle(&event, Deadline::after(Duration::from_secs(60)))
            .await;
        let second = match second {
            Ok(r) => r,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "the retry without faults failed: {e}"
                )));
            }
        };
        check_ok(case, &second, true)?;
        if let Ok(r) = &first {
            // Scores are the records' own: the first run's anomalies are among the retry's.
            let retry_items = anomaly_items(&second);
            for (k, s) in anomaly_items(r) {
                prop_assert_eq!(retry_items.get(&k), Some(&s), "{:?}", k);
            }
        }
        let want = anomaly_items(&second);
        // Nothing the faulty run wrote is something the retry would not write again.
        for (k, s) in &after_first {
            prop_assert_eq!(
                want.get(k),
                Some(s),
                "{:?} was written by the failed run only",
                k
            );
        }
        let after_retry = table_items(&moto).await;
        prop_assert_eq!(
            &after_retry,
            &want,
            "the table after the retry holds exactly its anomalies"
        );
        let third = retry
            .handle(&event, Deadline::after(Duration::from_secs(60)))
            .await
            .unwrap();
        prop_assert_eq!(&third, &second, "a redelivery gives the same result");
        prop_assert_eq!(
            table_items(&moto).await,
            want,
            "a redelivery writes the same items once"
        );
        let _ = moto
            .dynamodb
            .delete_table()
            .table_name(&moto.table)
            .send()
            .await;
        let mut s = stats.lock().unwrap();
        s.endpoint_calls += standin.request_count();
        if started.elapsed() > s.slowest.0 {
            s.slowest = (
                started.elapsed(),
                format!(
                    "{} records, {} calls, body limit {}, faults {:?}",
                    case.records.len(),
                    standin.request_count(),
                    case.max_body_bytes,
                    case.faults
                ),
            );
        }
        Ok(())
    })
}

/// Runs `cases` cases of `strategy` and prints what they covered.
fn run(name: &str, shape: Shape, cases: u32) {
    let moto_url = support::moto_endpoint();
    let stats = Mutex::new(Stats::default());
    let started = Instant::now();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&case(&shape), |case| {
        run_case(&case, shape.deadline_with_slow, &moto_url, &stats)
    });
    println!("{}", stats.lock().unwrap().report(name, started.elapsed()));
    if let Err(e) = outcome {
        panic!("{name}: {e}");
    }
}

#[test]
fn no_record_is_lost_under_faults() {
    let shape = Shape {
        records: 0..150,
        repeat_to: None,
        good_weight: 240,
        anomaly_weight: 5,
        long: 100_000..1_000_000,
        slow_past: 350..900,
        deadline_with_slow: Duration::from_millis(1400),
        // A row per call now and then; usually a few dozen, or all.
        body_limits: vec![64, 300, 300, 2048, 2048, 5 * 1024 * 1024],
    };
    run("no_record_is_lost_under_faults", shape, cases(64));
}

#[test]
fn ten_thousand_records_under_faults() {
    // About 1.5% bad records, 0.25% that the model refuses, 5% anomalies.
    let shape = Shape {
        records: 300..500,
        repeat_to: Some(10_000),
        good_weight: 4800,
        anomaly_weight: 1,
        long: 10..1_000,
        slow_past: 1_100..2_500,
        deadline_with_slow: Duration::from_secs(3),
        body_limits: vec![16 * 1024, 64 * 1024, 5 * 1024 * 1024],
    };
    run(
        "ten_thousand_records_under_faults",
        shape,
        (cases(64) / 16).max(2),
    );
}
