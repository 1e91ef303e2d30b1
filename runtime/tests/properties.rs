//! Property tests: no input makes the handler panic, and every record is accounted for, with
//! either backend (an endpoint, or the embedded forest).

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;
use std::time::Duration;

use contract::{ContentType, FeatureSpec, FunctionConfig};
use detect::loggen::{LineFormat, LogGenerator};
use detect::rcf::{ForestParams, Model, train};
use proptest::prelude::*;
use runtime::deadline::Deadline;
use runtime::scoring::backend::ScoreBackend;
use runtime::scoring::embedded::EmbeddedScorer;
use runtime::scoring::{Endpoint, InvokeError};
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use runtime::{Error, Handler, InvocationResult};
use serde_json::{Value, json};

/// Scores CSV rows in-process (first feature / 100) and rejects rows whose first feature is
/// negative, so narrowing runs too.
struct Fake;

impl Endpoint for Fake {
    fn name(&self) -> &str {
        "fake"
    }

    async fn invoke(
        &self,
        body: Vec<u8>,
        _: ContentType,
        _: Deadline,
    ) -> Result<Vec<u8>, InvokeError> {
        let text = String::from_utf8(body).map_err(|e| InvokeError::Failed(e.to_string()))?;
        let mut scores = Vec::new();
        for line in text.lines() {
            let first: f64 = line
                .split(',')
                .next()
                .and_then(|x| x.parse().ok())
                .ok_or_else(|| InvokeError::Failed(line.into()))?;
            if first < 0.0 {
                return Err(InvokeError::Rejected(format!("negative {first}")));
            }
            scores.push(json!({"score": first / 100.0}));
        }
        Ok(json!({"scores": scores}).to_string().into_bytes())
    }
}

/// A small forest on the default features (rows like the seed's log lines), learning as it
/// scores, so the property tests hold for the embedded backend too.
fn forest() -> EmbeddedScorer {
    static MODEL: OnceLock<Model> = OnceLock::new();
    let model = MODEL.get_or_init(|| {
        let rows: Vec<f64> = (0..500)
            .flat_map(|i| {
                let latency = 80.0 + f64::from(i % 60);
                [latency, 200.0, latency + 1.5]
            })
            .collect();
        let params = ForestParams {
            trees: 10,
            sample_size: 32,
            ..ForestParams::default()
        };
        let features = ["response_time_ms", "status", "duration_ms"].map(String::from);
        train(&rows, 3, features.to_vec(), params).unwrap()
    });
    let config = FunctionConfig::default();
    EmbeddedScorer::new(model.clone(), &config.features, true, "prop model").unwrap()
}

fn run<S: ScoreBackend>(event: &[u8], scorer: S) -> Result<InvocationResult, Error> {
    let config = FunctionConfig {
        report_batch_item_failures: true,
        ..FunctionConfig::default()
    };
    run_with(&config, event, scorer)
}

fn run_with<S: ScoreBackend>(
    config: &FunctionConfig,
    event: &[u8],
    scorer: S,
) -> Result<InvocationResult, Error> {
    let handler = Handler::new(config, scorer, Sinks::default(), Log::memory(), "prop");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(handler.handle(event, Deadline::after(Duration::from_secs(60))))
}

fn spec(name: &str, default: Option<f64>) -> FeatureSpec {
    FeatureSpec {
        default,
        ..FeatureSpec::new(name)
    }
}

/// The event through an endpoint (the fake) and through the embedded forest.
fn handle(event: &[u8]) -> [Result<InvocationResult, Error>; 2] {
    [run(event, Fake), run(event, forest())]
}

fn b64(bytes: &[u8]) -> String {
    base64_simd::STANDARD.encode_to_string(bytes)
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "[a-z0-9_.\\- ]{0,12}".prop_map(Value::String),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        "[a-z_]{1,18}",
                        Just("records".to_owned()),
                        Just("offset".to_owned()),
                        Just("value".to_owned()),
                        Just("status".to_owned())
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A record whose fields are each sometimes right, sometimes anything.
fn record() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just(json!("t")), json_value()],
        prop_oneof![(0i64..4).prop_map(|p| json!(p)), (0i64..4).prop_map(|p| json!(p.to_string())), json_value()],
        prop_oneof![(0i64..1_000_000).prop_map(|o| json!(o)), json_value()],
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| json!(b64(&b))),
            json_value().prop_map(|v| json!(b64(v.to_string().as_bytes()))),
            (-500i64..500, any::<u16>()).prop_map(|(rt, s)| json!(b64(json!({"response_time_ms": rt, "status": s, "duration_ms": rt}).to_string().as_bytes()))),
            Just(Value::Null),
            json_value(),
        ],
        prop_oneof![Just(json!([])), json_value()],
    )
        .prop_map(|(topic, partition, offset, value, headers)| {
            json!({"topic": topic, "partition": partition, "offset": offset, "value": value, "headers": headers})
        })
}

fn check(results: &[Result<InvocationResult, Error>; 2]) -> Result<(), TestCaseError> {
    for result in results {
        check_one(result)?;
    }
    Ok(())
}

fn check_one(result: &Result<InvocationResult, Error>) -> Result<(), TestCaseError> {
    match result {
        Ok(r) => {
            prop_assert!(
                r.is_complete(),
                "{} != {} + {}",
                r.records,
                r.scored,
                r.bad_records.len()
            );
            prop_assert_eq!(
                r.batch_item_failures.as_ref().map(Vec::len),
                Some(r.bad_records.len())
            );
            prop_assert!(r.anomalies.len() <= r.scored);
        }
        Err(e) => prop_assert!(matches!(e, Error::InvalidEvent(_)), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_values(values in prop::collection::vec(prop::option::of(prop::collection::vec(any::<u8>(), 0..200)), 0..40)) {
        let records: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| json!({"topic": "t", "partition": i % 3, "offset": i, "value": v.as_ref().map(|b| b64(b))}))
            .collect();
        let event = json!({"eventSource": "aws:kafka", "records": {"t-0": records}});
        let results = handle(event.to_string().as_bytes());
        for result in &results {
            prop_assert_eq!(result.as_ref().unwrap().records, values.len());
        }
        check(&results)?;
    }

    #[test]
    fn arbitrary_records(keys in prop::collection::vec(("[a-z]{1,3}(-[0-9])?", prop::collection::vec(record(), 0..8)), 0..4)) {
        let map: serde_json::Map<String, Value> = keys.into_iter().map(|(k, v)| (k, Value::Array(v))).collect();
        let event = json!({"eventSource": "SelfManagedKafka", "records": map});
        check(&handle(event.to_string().as_bytes()))?;
    }

    #[test]
    fn text_records_in_every_format(
        format in prop::sample::select(LineFormat::ALL.to_vec()),
        seed in any::<u64>(),
        values in prop::collection::vec(prop_oneof![
            4 => (0usize..1000).prop_map(Some),
            1 => Just(None),
        ], 0..40),
        noise in prop::collection::vec(any::<u8>(), 0..60),
    ) {
        // Generated lines of the format, some cut short, some with bytes spliced in, some
        // replaced by noise, and tombstones.
        let mut generator = LogGenerator::new(seed, 0.1).format(format);
        let records: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let value = v.map(|k| {
                    let mut line = generator.next_line().text.into_bytes();
                    match k % 4 {
                        0 => line.truncate(k % (line.len() + 1)),
                        1 => {
                            let at = k % (line.len() + 1);
                            line.splice(at..at, noise.iter().copied());
                        }
                        2 if k % 3 == 0 => line.clone_from(&noise),
                        _ => {}
                    }
                    b64(&line)
                });
                json!({"topic": "t", "partition": i % 3, "offset": i, "value": value})
            })
            .collect();
        let event = json!({"eventSource": "SelfManagedKafka", "records": {"t-0": records}});
        let features: Vec<FeatureSpec> = match format {
            LineFormat::Json => FunctionConfig::default().features,
            LineFormat::Combined | LineFormat::Common => vec![spec("status", None), spec("body_bytes_sent", Some(0.0))],
            LineFormat::CombinedTimed => vec![spec("request_time", None), spec("status", None), spec("upstream_response_time", Some(0.0))],
            LineFormat::Logfmt => vec![spec("service", None), spec("status", None), spec("bytes", None)],
            LineFormat::Alb => vec![spec("target_processing_time", Some(-1.0)), spec("elb_status_code", None), spec("sent_bytes", None)],
        };
        let config = FunctionConfig {
            record_format: format.record_format(),
            features,
            report_batch_item_failures: true,
            ..FunctionConfig::default()
        };
        prop_assert!(config.validate().is_ok());
        let result = run_with(&config, event.to_string().as_bytes(), Fake);
        prop_assert_eq!(result.as_ref().unwrap().records, values.len());
        check_one(&result)?;
    }

    #[test]
    fn arbitrary_json_events(event in json_value()) {
        check(&handle(event.to_string().as_bytes()))?;
    }

    #[test]
    fn arbitrary_bytes_as_events(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(&handle(&bytes))?;
    }
}
