//! Events of mappings with a schema registry in JSON mode (`EventRecordFormat: JSON`), shaped
//! as the Lambda guide documents them ("Using schema registries with Kafka event sources"):
//! each value (and key, when validated) is the deserialized record as base64-encoded JSON text,
//! with `keySchemaMetadata` / `valueSchemaMetadata` (`dataFormat`, `schemaId`) beside it. The
//! fixtures cover an AWS Glue registry (Avro, UUID schema ids, key and value validated, MSK) and
//! a Confluent registry (JSON Schema, numeric schema ids, value only, self-managed). The
//! function must decode and score them like plain JSON records: the metadata is extra.

// Tests: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use contract::FunctionConfig;
use detect::event::{EventSource, KafkaEvent};
use runtime::deadline::Deadline;
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use runtime::{Handler, InvocationResult, clients};
use support::standin::StandIn;

const GLUE: &[u8] = include_bytes!("fixtures/schema_registry/glue_avro_json_mode.json");
const CONFLUENT: &[u8] =
    include_bytes!("fixtures/schema_registry/confluent_json_schema_json_mode.json");

/// Scores `event` with the default configuration against the stand-in, whose score is
/// `response_time_ms / 100` (an anomaly above 3).
async fn score(event: &[u8]) -> InvocationResult {
    let standin = StandIn::start().await;
    let sdk = support::sdk_config(&standin.url());
    let config = FunctionConfig::default();
    let handler = Handler::new(
        &config,
        clients::endpoint(&sdk, &config),
        Sinks::default(),
        Log::memory(),
        "schema-registry",
    );
    handler
        .handle(event, Deadline::after(Duration::from_secs(10)))
        .await
        .unwrap()
}

#[test]
fn json_mode_events_decode_with_their_schema_metadata_beside_the_record() {
    let glue = KafkaEvent::from_slice(GLUE).unwrap();
    assert_eq!(glue.event_source, Some(EventSource::Msk));
    assert_eq!(glue.records.len(), 5);
    let r = &glue.records[0];
    assert_eq!(
        (r.topic.as_ref(), r.partition, r.offset),
        ("app-logs", 0, 41)
    );
    assert_eq!(r.decode_key().unwrap(), br#"{"order_id":"o-1001"}"#);
    let mut buf = Vec::new();
    let value = r.decode_value(&mut buf).unwrap().unwrap();
    let json: serde_json::Value = serde_json::from_slice(value).unwrap();
    assert_eq!(json["response_time_ms"], 118);
    assert_eq!(r.headers().unwrap()[0].name, "trace-id");

    let confluent = KafkaEvent::from_slice(CONFLUENT).unwrap();
    assert_eq!(confluent.event_source, Some(EventSource::SelfManagedKafka));
    let order: Vec<(i64, i64)> = confluent
        .records
        .iter()
        .map(|r| (r.partition, r.offset))
        .collect();
    assert_eq!(order, [(0, 1200), (0, 1201), (2, 907), (2, 908)]);
    assert!(confluent.records.iter().all(|r| r.key.is_none()));
}

#[tokio::test]
async fn a_glue_registry_event_scores_every_record() {
    let result = score(GLUE).await;
    assert!(result.is_complete(), "{result:?}");
    assert_eq!((result.records, result.scored), (5, 5));
    assert!(result.bad_records.is_empty(), "{:?}", result.bad_records);
    let anomalies: Vec<(&str, i64, i64)> = result
        .anomalies
        .iter()
        .map(|a| (a.topic.as_str(), a.partition, a.offset))
        .collect();
    assert_eq!(anomalies, [("app-logs", 0, 43)]);
    assert!((result.anomalies[0].score - 9.47).abs() < 1e-9);
}

#[tokio::test]
async fn a_confluent_registry_event_scores_every_record() {
    let result = score(CONFLUENT).await;
    assert!(result.is_complete(), "{result:?}");
    assert_eq!((result.records, result.scored), (4, 4));
    assert!(result.bad_records.is_empty(), "{:?}", result.bad_records);
    let anomalies: Vec<(i64, i64)> = result
        .anomalies
        .iter()
        .map(|a| (a.partition, a.offset))
        .collect();
    assert_eq!(anomalies, [(2, 907)]);
}
