//! The DynamoDB, SNS and SQS sinks against moto (`MOTO_ENDPOINT`, started by `.ci/test`).

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use contract::{ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY, FunctionConfig};
use runtime::deadline::Deadline;
use runtime::sinks::dynamodb::AnomalyTable;
use runtime::sinks::log::Log;
use runtime::sinks::sns::{Alert, AlertTopic};
use runtime::sinks::sqs::BadRecordQueue;
use runtime::sinks::{AnomalyDetail, BadDetail};
use runtime::{Handler, clients};
use support::dynamodb::{create_table, scan};
use support::events::{self, Rec, Value_};
use support::standin::StandIn;
use support::unique;

fn deadline() -> Deadline {
    Deadline::after(Duration::from_secs(30))
}

async fn receive_all(client: &aws_sdk_sqs::Client, url: &str, want: usize) -> Vec<String> {
    let mut bodies = Vec::new();
    for _ in 0..50 {
        let out = client
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .send()
            .await
            .unwrap();
        for m in out.messages() {
            bodies.push(m.body().unwrap_or_default().to_owned());
            client
                .delete_message()
                .queue_url(url)
                .receipt_handle(m.receipt_handle().unwrap())
                .send()
                .await
                .unwrap();
        }
        if bodies.len() >= want {
            break;
        }
    }
    bodies
}

fn anomaly(topic: &str, partition: i64, offset: i64, score: f64) -> AnomalyDetail<'_> {
    AnomalyDetail {
        topic,
        partition,
        offset,
        timestamp: Some(1_714_564_800_000),
        score,
        features: vec![
            ("response_time_ms", 900.0),
            ("status", 200.0),
            ("duration_ms", 1e-200),
        ],
    }
}

#[tokio::test]
async fn anomalies_are_written_idempotently_with_ttl() {
    let sdk = support::sdk_config(&support::moto_endpoint());
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    let table = create_table(&client).await;
    let sink = AnomalyTable::new(client.clone(), &table, Some(7));
    // 60 anomalies over 3 partitions (3 BatchWriteItem calls), one key repeated.
    let mut anomalies: Vec<AnomalyDetail<'_>> = (0..59)
        .map(|i| anomaly("app-logs", i % 3, 1000 + i, 3.5 + i as f64))
        .collect();
    anomalies.push(anomaly("app-logs", 0, 1000, 99.0));
    sink.write(&anomalies, 3.0, deadline()).await.unwrap();
    sink.write(&anomalies, 3.0, deadline()).await.unwrap();
    let items = scan(&client, &table).await;
    assert_eq!(items.len(), 59);
    let first = items
        .iter()
        .find(|i| {
            i[ANOMALY_TABLE_PARTITION_KEY] == AttributeValue::S("app-logs#0".into())
                && i[ANOMALY_TABLE_SORT_KEY] == AttributeValue::N("1000".into())
        })
        .unwrap();
    assert_eq!(
        first["score"],
        AttributeValue::N("99.0".into()),
        "the later duplicate wins"
    );
    assert_eq!(first["threshold"], AttributeValue::N("3.0".into()));
    let features = first["features"].as_m().unwrap();
    assert_eq!(
        features["response_time_ms"],
        AttributeValue::N("900.0".into())
    );
    assert_eq!(features["duration_ms"], AttributeValue::S("1e-200".into()));
    let detected: u64 = first["detected_at"].as_n().unwrap().parse().unwrap();
    let expires: u64 = first["expires_at"].as_n().unwrap().parse().unwrap();
    assert_eq!(expires - detected, 7 * 86_400);
}

#[tokio::test]
async fn a_missing_table_fails_the_invocation() {
    let sdk = support::sdk_config(&support::moto_endpoint());
    let sink = AnomalyTable::new(aws_sdk_dynamodb::Client::new(&sdk), unique("missing"), None);
    let err = sink
        .write(&[anomaly("t", 0, 1, 4.0)], 3.0, deadline())
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert!(err.to_string().contains("DynamoDB table"), "{err}");
}

#[tokio::test]
async fn one_alert_reaches_a_subscribed_queue() {
    let sdk = support::sdk_config(&support::moto_endpoint());
    let sns = aws_sdk_sns::Client::new(&sdk);
    let sqs = aws_sdk_sqs::Client::new(&sdk);
    let topic_arn = sns
        .create_topic()
        .name(unique("alerts"))
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    let queue_url = sqs
        .create_queue()
        .queue_name(unique("alerts-inbox"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let queue_arn = sqs
        .get_queue_attributes()
        .queue_url(&queue_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn]
        .clone();
    sns.subscribe()
        .topic_arn(&topic_arn)
        .protocol("sqs")
        .endpoint(queue_arn)
        .send()
        .await
        .unwrap();

    let anomalies: Vec<AnomalyDetail<'_>> = (0..5000)
        .map(|i| anomaly("app-logs", 0, i, i as f64))
        .collect();
    let alert = Alert::new(
        "fn",
        10_000,
        &anomalies,
        3.0,
        runtime::sinks::sns::MAX_ALERT_BYTES,
    );
    assert!(alert.message.len() <= runtime::sinks::sns::MAX_ALERT_BYTES);
    AlertTopic::new(sns, &topic_arn)
        .publish(&alert, deadline())
        .await
        .unwrap();

    let bodies = receive_all(&sqs, &queue_url, 1).await;
    assert_eq!(bodies.len(), 1);
    let envelope: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(envelope["Subject"], alert.subject.as_str());
    let message: serde_json::Value =
        serde_json::from_str(envelope["Message"].as_str().unwrap()).unwrap();
    assert_eq!(message["anomalies"], 5000);
    assert_eq!(message["top"][0]["offset"], 4999);
    assert_eq!(
        message["omitted"].as_u64().unwrap() as usize + message["top"].as_array().unwrap().len(),
        5000
    );
}

#[tokio::test]
async fn bad_records_arrive_once_each_in_batches_within_limits() {
    let sdk = support::sdk_config(&support::moto_endpoint());
    let sqs = aws_sdk_sqs::Client::new(&sdk);
    let queue_url = sqs
        .create_queue()
        .queue_name(unique("bad-records"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let big = "QUFB".repeat(80_000); // 320 KB of base64: over the message limit
    let medium = "QUFB".repeat(20_000); // 80 KB: three fit in one batch, not four
    let bad: Vec<BadDetail<'_>> = (0..25)
        .map(|i| BadDetail {
            topic: "app-logs",
            partition: 1,
            offset: i,
            timestamp: None,
            reason: "value is not JSON",
            key: None,
            value: Some(match i {
                0 => big.as_str(),
                1..=6 => medium.as_str(),
                _ => "e30=",
            }),
        })
        .collect();
    BadRecordQueue::new(sqs.clone(), &queue_url)
        .send(&bad, deadline())
        .await
        .unwrap();
    let bodies = receive_all(&sqs, &queue_url, 25).await;
    let mut offsets: Vec<i64> = Vec::new();
    for b in &bodies {
        let v: serde_json::Value = serde_json::from_str(b).unwrap();
        offsets.push(v["offset"].as_i64().unwrap());
        assert_eq!(v["reason"], "value is not JSON");
        if v["offset"] == 0 {
            assert_eq!(v["value_omitted"], true);
            assert!(v.get("value").is_none());
        } else {
            assert!(v["value"].is_string());
        }
    }
    offsets.sort();
    assert_eq!(offsets, (0..25).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_handler_feeds_every_configured_sink() {
    let moto = support::moto_endpoint();
    let standin = StandIn::start().await;
    let aws = support::sdk_config(&moto);
    let dynamodb = aws_sdk_dynamodb::Client::new(&aws);
    let sqs = aws_sdk_sqs::Client::new(&aws);
    let sns = aws_sdk_sns::Client::new(&aws);
    let table = create_table(&dynamodb).await;
    let queue_url = sqs
        .create_queue()
        .queue_name(unique("handler-bad"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let topic_arn = sns
        .create_topic()
        .name(unique("handler-alerts"))
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();

    let mut config = FunctionConfig::default();
    config.sinks.anomaly_table = Some(table.clone());
    config.sinks.bad_record_queue_url = Some(queue_url.clone());
    config.sinks.alert_topic_arn = Some(topic_arn);
    config.validate().unwrap();
    let scoring = support::sdk_config(&standin.url());
    let log = Log::memory();
    let handler = Handler::new(
        &config,
        clients::endpoint(&scoring, &config),
        clients::sinks(&aws, &config),
        log.clone(),
        "fn",
    );

    let mut records = events::seed_records(300, 2, Some(50));
    records.push(Rec::new("app-logs", 5, 1, Value_::Null));
    let result = handler
        .handle(&events::event("aws:kafka", &records), deadline())
        .await
        .unwrap();
    assert!(result.is_complete());
    assert!(!result.anomalies.is_empty());

    let items = scan(&dynamodb, &table).await;
    let mut written: Vec<(String, i64)> = items
        .iter()
        .map(|i| {
            (
                i["topic"].as_s().unwrap().clone(),
                i[ANOMALY_TABLE_SORT_KEY].as_n().unwrap().parse().unwrap(),
            )
        })
        .collect();
    written.sort();
    let mut expected: Vec<(String, i64)> = result
        .anomalies
        .iter()
        .map(|a| (a.topic.clone(), a.offset))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    assert!(items.iter().all(|i| !i.contains_key("expires_at")));

    let bodies = receive_all(&sqs, &queue_url, result.bad_records.len()).await;
    assert_eq!(bodies.len(), result.bad_records.len());
    // With a queue, bad records are not also logged one by one.
    assert!(
        !log.lines()
            .iter()
            .any(|l| l.contains("\"message\":\"bad record\""))
    );
}
