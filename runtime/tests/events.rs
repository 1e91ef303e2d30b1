//! Decoding real and generated events through the whole handler.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use contract::FunctionConfig;
use detect::event::{EventSource, KafkaEvent};
use runtime::deadline::Deadline;
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use runtime::{Handler, clients};
use support::events::{self, Rec, Value_};
use support::standin::StandIn;

#[test]
fn the_aws_sample_event_decodes() {
    // The sample MSK event as shipped with the `aws_lambda_events` crate.
    let bytes = include_bytes!("fixtures/aws-sample-kafka-event.json");
    let event = KafkaEvent::from_slice(bytes).unwrap();
    assert_eq!(event.event_source, Some(EventSource::Msk));
    assert!(
        event
            .event_source_arn
            .as_deref()
            .unwrap()
            .starts_with("arn:aws:kafka:")
    );
    assert_eq!(event.records.len(), 1);
    let r = &event.records[0];
    assert_eq!(
        (r.topic.as_ref(), r.partition, r.offset, r.timestamp),
        ("AWSKafkaTopic", 0, 0, Some(1595035749700))
    );
    let headers = r.headers().unwrap();
    assert_eq!(headers[0].name, "headerKey");
    assert_eq!(headers[0].value, b"headerValue");
    assert_eq!(
        r.decode_key().unwrap(),
        b"8d5596b4-1813-4238-b24b-6dad8e3d1c0c"
    );
    let mut buf = Vec::new();
    assert_eq!(
        r.decode_value(&mut buf).unwrap().unwrap(),
        b"8d5596b4-1813-4238-b24b-6dad8e3d1c0c"
    );
}

#[test]
fn generated_events_keep_every_record_in_partition_then_offset_order() {
    let mut records = Vec::new();
    for (p, offsets) in [(2, [9, 3, 5]), (0, [7, 1, 4]), (1, [2, 8, 6])] {
        for o in offsets {
            let mut r = Rec::new(
                "orders.v1-eu",
                p,
                o,
                Value_::Line(events::seed_line(o as usize)),
            );
            r.partition_as_string = o % 2 == 0;
            r.headers = vec![("ünïcode".into(), vec![-61, -68, 0, 127, -128])];
            r.key = (o % 3 == 0).then(|| "ключ".as_bytes().to_vec());
            records.push(r);
        }
    }
    records.push(Rec::new("orders.v1-eu", 1, 10, Value_::Null));
    for source in ["aws:kafka", "SelfManagedKafka"] {
        let bytes = events::event(source, &records);
        let event = KafkaEvent::from_slice(&bytes).unwrap();
        let order: Vec<(i64, i64)> = event
            .records
            .iter()
            .map(|r| (r.partition, r.offset))
            .collect();
        assert_eq!(
            order,
            vec![
                (0, 1),
                (0, 4),
                (0, 7),
                (1, 2),
                (1, 6),
                (1, 8),
                (1, 10),
                (2, 3),
                (2, 5),
                (2, 9)
            ]
        );
        assert!(event.records.iter().all(|r| r.topic == "orders.v1-eu"));
        assert_eq!(
            event.records[0].headers().unwrap()[0].value,
            vec![0xc3, 0xbc, 0, 127, 128]
        );
        assert_eq!(event.records[7].decode_key().unwrap(), "ключ".as_bytes());
        assert_eq!(event.records[6].value, None);
        let expected = if source == "aws:kafka" {
            EventSource::Msk
        } else {
            EventSource::SelfManagedKafka
        };
        assert_eq!(event.event_source, Some(expected));
    }
}

#[tokio::test]
async fn each_kind_of_bad_record_is_reported_with_its_reason() {
    let standin = StandIn::start().await;
    let mut records: Vec<Rec> = events::BAD_KINDS
        .iter()
        .enumerate()
        .map(|(i, kind)| Rec::new("logs", 0, i as i64, events::bad_value(kind, i)))
        .collect();
    records.push(Rec::new(
        "logs",
        0,
        100,
        Value_::Line(r#"{"response_time_ms":"fast","status":200,"duration_ms":1}"#.into()),
    ));
    records.push(Rec::new("logs", 0, 101, Value_::Line(events::seed_line(1))));
    let sdk = support::sdk_config(&standin.url());
    let config = FunctionConfig::default();
    let handler = Handler::new(
        &config,
        clients::endpoint(&sdk, &config),
        Sinks::default(),
        Log::memory(),
        "t",
    );
    let result = handler
        .handle(
            &events::event("SelfManagedKafka", &records),
            Deadline::after(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let reasons: Vec<&str> = result
        .bad_records
        .iter()
        .map(|b| b.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        vec![
            "value is null (a tombstone): nothing to score",
            "value is not valid base64",
            "value is not UTF-8 (invalid byte at 1)",
            "value is not JSON: key must be a string at line 1 column 25",
            "value is JSON but not an object",
            "feature `duration_ms` is missing: field `duration_ms` is absent or null and the feature has no default",
            "feature `response_time_ms` is not a finite number",
            "feature `response_time_ms` is not a number: found a string \"fast\"",
        ]
    );
    assert_eq!(result.scored, 1);
    assert!(result.is_complete());
}

/// A handler on the stand-in endpoint for `config`.
fn standin_handler(
    standin: &StandIn,
    config: &FunctionConfig,
) -> Handler<runtime::scoring::sagemaker::SageMakerEndpoint> {
    let sdk = support::sdk_config(&standin.url());
    Handler::new(
        config,
        clients::endpoint(&sdk, config),
        Sinks::default(),
        Log::memory(),
        "t",
    )
}

#[tokio::test]
async fn a_logfmt_event_scores_its_durations_in_milliseconds() {
    // Heroku's router writes connect and service times as Go durations: us, ms and s.
    let lines = [
        r#"at=info method=GET path="/api/v1/orders" host=shop.example.com request_id=8601b555-6a83-4c12-8269-97c8e32cdb22 fwd="204.204.204.204" dyno=web.1 connect=450us service=37ms status=200 bytes=1548 protocol=https"#,
        r#"at=info method=POST path="/api/v1/orders" host=shop.example.com request_id=5e1f7a2c fwd="198.51.100.4" dyno=web.2 connect=1ms service=1.25s status=201 bytes=87 protocol=https"#,
        r#"at=error code=H12 desc="Request timeout" method=GET path="/api/v1/payments" host=shop.example.com dyno=web.2 connect=2ms service=30000ms status=503 bytes=0 protocol=https"#,
        r#"at=info method=GET path="/unterminated host=shop.example.com connect=1ms service=2ms status=200"#,
    ];
    let records: Vec<Rec> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| Rec::new("router", 0, i as i64, Value_::Line((*l).to_owned())))
        .collect();
    let config = FunctionConfig {
        record_format: contract::RecordFormat::Logfmt,
        features: ["connect", "service", "status"]
            .map(contract::FeatureSpec::new)
            .to_vec(),
        ..FunctionConfig::default()
    };
    config.validate().unwrap();
    let standin = StandIn::start().await;
    let result = standin_handler(&standin, &config)
        .handle(
            &events::event("SelfManagedKafka", &records),
            Deadline::after(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    assert_eq!((result.records, result.scored), (4, 3));
    assert_eq!(
        sent_rows(&standin),
        vec![
            vec![0.45, 37.0, 200.0],
            vec![1.0, 1250.0, 201.0],
            vec![2.0, 30_000.0, 503.0]
        ]
    );
    let bad = &result.bad_records[0];
    assert_eq!(
        (bad.topic.as_str(), bad.partition, bad.offset),
        ("router", 0, 3)
    );
    assert_eq!(bad.reason, "logfmt: unterminated quote at byte 24");
}

/// Every row the stand-in endpoint was sent, in order.
fn sent_rows(standin: &StandIn) -> Vec<Vec<f64>> {
    standin.received().iter().flat_map(|r| r.rows()).collect()
}
