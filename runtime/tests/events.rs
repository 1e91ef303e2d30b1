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
