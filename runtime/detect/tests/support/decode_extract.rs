//! The body of the `event_features` fuzz target (`runtime/detect/fuzz`), also run by the stable test
//! `tests/fuzz_seeds.rs` over the seed corpus, so CI exercises it without a nightly toolchain.
//!
//! Any input is taken both as a Kafka event and as one record's value. Nothing may panic, and
//! the fast decoders must agree with their references: the event decoder's records (or error)
//! with [`KafkaEvent::from_str_serde`]'s, and each feature extractor's row (or bad reason) with
//! [`FeatureExtractor::extract_reference`]'s (`serde_json` for JSON, the plain readers of
//! logfmt and the access-log presets), in every record format, for every record value of a
//! decoded event and for the input itself.

// Test support: a panic here is a finding, with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use contract::{CategoryMap, Derive, DurationUnit, FeatureSpec, FunctionConfig, RecordFormat};
use detect::event::{KafkaEvent, KafkaRecord, Streamed};
use detect::features::FeatureExtractor;

/// The extractors the inputs go through: JSON with the default config's three top-level
/// features, and nested paths with and without defaults (sharing a prefix, as the path tree
/// does), with units and derivations; and each text format with features on its fields.
pub fn extractors() -> Vec<FeatureExtractor> {
    let spec = |name: &str, path: &str, default: Option<f64>| {
        let mut s = FeatureSpec::new(name);
        s.path = Some(path.to_owned());
        s.default = default;
        s
    };
    let derived = |name: &str, path: &str, derive: Derive| {
        let mut s = spec(name, path, Some(-1.0));
        s.derive = Some(derive);
        s
    };
    let method = || {
        derived(
            "method_code",
            "method",
            Derive::Map(CategoryMap {
                values: [("GET".to_owned(), 0.0), ("POST".to_owned(), 1.0)].into(),
                other: None,
            }),
        )
    };
    let mut seconds = spec("latency_s", "service", None);
    seconds.unit = Some(DurationUnit::S);
    let text = |format: RecordFormat, features: Vec<FeatureSpec>| {
        FeatureExtractor::with_format(&format, &features).expect("the fuzzed formats are valid")
    };
    vec![
        FeatureExtractor::new(&FunctionConfig::default().features),
        FeatureExtractor::new(&[
            spec("latency", "http.latency_ms", None),
            spec("bytes", "http.bytes", Some(0.0)),
            spec("retries", "meta.retry.count", Some(-1.0)),
            spec("status", "status", None),
            derived("class", "status", Derive::Class),
            derived("log_latency", "http.latency_ms", Derive::Log),
            method(),
        ]),
        text(
            RecordFormat::Combined,
            vec![
                spec("status", "status", None),
                spec("body_bytes_sent", "body_bytes_sent", Some(0.0)),
                derived("is_5xx", "status", Derive::Indicator(500.0)),
                method(),
            ],
        ),
        text(RecordFormat::Common, vec![spec("status", "status", None)]),
        text(
            RecordFormat::CombinedTimed,
            vec![
                spec("request_time", "request_time", None),
                spec("upstream", "upstream_response_time", Some(0.0)),
                derived(
                    "agent",
                    "http_user_agent",
                    Derive::Map(CategoryMap::default()),
                ),
            ],
        ),
        text(
            RecordFormat::Alb,
            vec![
                spec(
                    "target_processing_time",
                    "target_processing_time",
                    Some(-1.0),
                ),
                spec("elb_status_code", "elb_status_code", None),
                spec("sent_bytes", "sent_bytes", None),
                derived("protocol", "protocol", Derive::Map(CategoryMap::default())),
            ],
        ),
        text(
            RecordFormat::Logfmt,
            vec![
                spec("connect", "connect", None),
                seconds,
                spec("status", "status", Some(0.0)),
                derived("level", "at", Derive::Map(CategoryMap::default())),
            ],
        ),
        text(
            RecordFormat::Regex(r"(?P<ms>[0-9.]+m?s) (?P<status>\d{3})(?: (?P<rest>.*))?".into()),
            vec![
                spec("ms", "ms", None),
                spec("status", "status", None),
                spec("rest", "rest", Some(0.0)),
            ],
        ),
    ]
}

/// Checks one input; panics on a finding.
pub fn decode_extract(data: &[u8], extractors: &[FeatureExtractor]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let fast = KafkaEvent::from_str(text);
        let reference = KafkaEvent::from_str_serde(text);
        assert_eq!(
            fast, reference,
            "the fast event decoder disagrees with serde_json"
        );
    }
    same_streamed(data);
    if let Ok(event) = KafkaEvent::from_slice(data) {
        let order = |r: &KafkaRecord<'_>| (r.topic.to_string(), r.partition, r.offset);
        assert!(
            event.records.is_sorted_by_key(order),
            "records are not in topic, partition, offset order"
        );
        let mut buf = Vec::new();
        for record in &event.records {
            let _ = record.headers();
            let _ = record.decode_key();
            if let Ok(Some(value)) = record.decode_value(&mut buf) {
                for x in extractors {
                    same_row(x, value);
                }
            }
        }
    }
    for x in extractors {
        same_row(x, data);
    }
}

/// The fast extractor and the reference give the same row or the same reason, and leave the
/// row untouched on error.
pub fn same_row(x: &FeatureExtractor, line: &[u8]) {
    let (mut fast, mut reference) = (vec![7.0], vec![7.0]);
    let a = x.extract(line, &mut fast);
    let b = x.extract_reference(line, &mut reference);
    assert_eq!(
        (&a, &fast),
        (&b, &reference),
        "the fast extractor disagrees with its reference on {:?}",
        String::from_utf8_lossy(line)
    );
    match a {
        Ok(()) => {
            assert_eq!(fast.len(), 1 + x.width());
            assert!(
                fast.iter().all(|v| v.is_finite()),
                "a row holds a non-finite number"
            );
        }
        Err(_) => assert_eq!(fast, vec![7.0], "a bad record changed the row"),
    }
}

/// Decoding while handing out records gives the same event, and what it handed out is the
/// event's records where [`Streamed`] says they are.
fn same_streamed(data: &[u8]) {
    let mut handed: Vec<(usize, KafkaRecord<'_>)> = Vec::new();
    let streamed = KafkaEvent::from_slice_streaming(data, 3, &mut |first, records| {
        handed.extend(
            records
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, r)| (first + i, r)),
        );
    });
    let plain = KafkaEvent::from_slice(data);
    assert_eq!(
        streamed.as_ref().map(|(e, _)| e),
        plain.as_ref(),
        "decoding with blocks gives another event"
    );
    let Ok((event, how)) = streamed else { return };
    let handed_at = |document: usize| handed.iter().find(|(d, _)| *d == document).map(|(_, r)| r);
    match how {
        Streamed::InPlace => {
            for (d, record) in &handed {
                assert_eq!(
                    Some(record),
                    event.records.get(*d),
                    "handed-out record {d} moved"
                );
            }
        }
        Streamed::Reordered(order) => {
            for (j, record) in event.records.iter().enumerate() {
                if let Some(h) = handed_at(order[j]) {
                    assert_eq!(
                        h, record,
                        "sorted record {j} is not handed-out record {}",
                        order[j]
                    );
                }
            }
        }
        Streamed::Discarded => {}
    }
}
