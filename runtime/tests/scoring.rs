//! The handler against the SageMaker stand-in: request bodies, chunking, faults, narrowing.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use contract::{ContentType, FunctionConfig, ScorerConfig};
use runtime::deadline::Deadline;
use runtime::scoring::ScoringOptions;
use runtime::scoring::sagemaker::SageMakerEndpoint;
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use runtime::{Error, Handler, InvocationResult, clients};
use support::events::{self, Rec, Value_};
use support::standin::{Fault, StandIn, score_of};

fn handler(standin: &StandIn, config: &FunctionConfig, log: &Log) -> Handler<SageMakerEndpoint> {
    let sdk = support::sdk_config(&standin.url());
    Handler::new(
        config,
        clients::endpoint(&sdk, config),
        Sinks::default(),
        log.clone(),
        "test-fn",
    )
}

async fn run(
    standin: &StandIn,
    config: &FunctionConfig,
    event: &[u8],
    deadline: Duration,
) -> Result<InvocationResult, Error> {
    handler(standin, config, &Log::memory())
        .handle(event, Deadline::after(deadline))
        .await
}

fn seed_event(n: usize, bad_every: Option<usize>) -> Vec<u8> {
    events::event("aws:kafka", &events::seed_records(n, 4, bad_every))
}

fn json_config() -> FunctionConfig {
    FunctionConfig {
        scorer: ScorerConfig::SageMaker {
            endpoint_name: "rcf-json".into(),
            content_type: ContentType::Json,
        },
        ..FunctionConfig::default()
    }
}

#[tokio::test]
async fn csv_request_carries_every_good_row_in_record_order() {
    let standin = StandIn::start().await;
    let log = Log::memory();
    let result = handler(&standin, &FunctionConfig::default(), &log)
        .handle(
            &seed_event(400, Some(9)),
            Deadline::after(Duration::from_secs(30)),
        )
        .await
        .unwrap();
    let received = standin.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.path, "/endpoints/rcf-anomaly-endpoint/invocations");
    assert_eq!(
        (r.content_type.as_str(), r.accept.as_str()),
        ("text/csv", "application/json")
    );
    // Records sorted by partition then offset; bad ones (every 9th generated) skipped.
    let mut expected = Vec::new();
    for p in 0..4 {
        for i in (0..400).filter(|i| i % 4 == p && i % 9 != 8) {
            let line: serde_json::Value = serde_json::from_str(&events::seed_line(i)).unwrap();
            expected.push(vec![
                line["response_time_ms"].as_f64().unwrap(),
                line["status"].as_f64().unwrap(),
                line["duration_ms"].as_f64().unwrap(),
            ]);
        }
    }
    assert_eq!(r.rows(), expected);
    assert_eq!(result.records, 400);
    assert_eq!(result.scored, expected.len());
    assert_eq!(result.bad_records.len(), 400 - expected.len());
    assert!(result.is_complete());
    assert_eq!(result.scoring_calls, 1);
    let anomalies = expected.iter().filter(|row| score_of(row) > 3.0).count();
    assert!(anomalies > 0);
    assert_eq!(result.anomalies.len(), anomalies);
    assert!(result.anomalies.iter().all(|a| a.score == 9.0));
    let lines = log.lines();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("\"message\":\"anomaly\""))
            .count(),
        anomalies
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("\"message\":\"bad record\""))
            .count(),
        result.bad_records.len()
    );
    let emf: serde_json::Value = serde_json::from_str(
        lines
            .iter()
            .find(|l| l.contains("CloudWatchMetrics"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(emf["Records"], 400);
    assert_eq!(emf["BadRecords"], result.bad_records.len());
    assert_eq!(emf["FunctionName"], "test-fn");
}

#[tokio::test]
async fn json_request_when_configured() {
    let standin = StandIn::start().await;
    let result = run(
        &standin,
        &json_config(),
        &seed_event(50, None),
        Duration::from_secs(30),
    )
    .await
    .unwrap();
    let r = &standin.received()[0];
    assert_eq!(r.path, "/endpoints/rcf-json/invocations");
    assert_eq!(r.content_type, "application/json");
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["instances"].as_array().unwrap().len(), 50);
    assert_eq!(
        body["instances"][0]["features"].as_array().unwrap().len(),
        3
    );
    assert_eq!(result.scored, 50);
}

#[tokio::test]
async fn small_body_limit_splits_into_several_calls() {
    for config in [FunctionConfig::default(), json_config()] {
        let standin = StandIn::start().await;
        let mut options = ScoringOptions::new(match config.scorer {
            ScorerConfig::SageMaker { content_type, .. } => content_type,
            ScorerConfig::Embedded { .. } => unreachable!("both configs score with an endpoint"),
        });
        options.max_body_bytes = 1024;
        let h = handler(&standin, &config, &Log::memory()).with_options(options);
        let result = h
            .handle(
                &seed_event(500, None),
                Deadline::after(Duration::from_secs(30)),
            )
            .await
            .unwrap();
        let received = standin.received();
        assert!(received.len() >= 5, "{} calls", received.len());
        assert_eq!(result.scoring_calls, received.len());
        assert!(received.iter().all(|r| r.body.len() <= 1024));
        assert_eq!(received.iter().map(|r| r.rows().len()).sum::<usize>(), 500);
        assert_eq!(result.scored, 500);
    }
}

#[tokio::test]
async fn throttling_and_5xx_fail_the_invocation_after_retries() {
    for (status, code) in [
        (429, "ThrottlingException"),
        (500, "InternalFailure"),
        (503, "ServiceUnavailable"),
    ] {
        let standin = StandIn::start().await;
        standin.fault_always(Fault::Status(status, code));
        let err = run(
            &standin,
            &FunctionConfig::default(),
            &seed_event(20, None),
            Duration::from_secs(30),
        )
        .await
        .unwrap_err();
        assert!(err.is_retryable(), "{err}");
        assert!(matches!(err, Error::Scoring { .. }), "{err}");
        assert!(err.to_string().contains(&status.to_string()), "{err}");
        assert_eq!(
            standin.received().len(),
            3,
            "{status}: the SDK makes 3 attempts"
        );
    }
}

#[tokio::test]
async fn one_transient_503_is_retried_by_the_sdk() {
    let standin = StandIn::start().await;
    standin.fault_next(Fault::Status(503, "ServiceUnavailable"));
    let result = run(
        &standin,
        &FunctionConfig::default(),
        &seed_event(20, None),
        Duration::from_secs(30),
    )
    .await
    .unwrap();
    assert_eq!(result.scored, 20);
    assert_eq!(result.scoring_calls, 1);
    assert_eq!(standin.received().len(), 2);
}

#[tokio::test]
async fn a_slow_endpoint_fails_within_the_deadline() {
    let standin = StandIn::start().await;
    standin.fault_always(Fault::Slow(Duration::from_secs(10)));
    let started = Instant::now();
    let err = run(
        &standin,
        &FunctionConfig::default(),
        &seed_event(20, None),
        Duration::from_secs(2),
    )
    .await
    .unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn malformed_or_short_responses_fail_the_invocation() {
    for fault in [Fault::Malformed, Fault::WrongCount] {
        let standin = StandIn::start().await;
        standin.fault_always(fault.clone());
        let err = run(
            &standin,
            &FunctionConfig::default(),
            &seed_event(20, None),
            Duration::from_secs(30),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::BadResponse { .. }), "{fault:?}: {err}");
        assert!(err.is_retryable());
        if fault == Fault::WrongCount {
            assert!(err.to_string().contains("19 scores for 20 rows"), "{err}");
        }
    }
}

#[tokio::test]
async fn a_rejected_row_is_narrowed_down_and_reported_alone() {
    let standin = StandIn::start().await;
    standin.reject_rows_with(12345.0);
    let mut records = events::seed_records(1000, 4, None);
    records[613].value =
        Value_::Line(r#"{"response_time_ms":12345,"status":200,"duration_ms":1}"#.into());
    let target = (records[613].partition, records[613].offset);
    let event = events::event("SelfManagedKafka", &records);
    let result = run(
        &standin,
        &FunctionConfig::default(),
        &event,
        Duration::from_secs(30),
    )
    .await
    .unwrap();
    assert_eq!(result.scored, 999);
    assert_eq!(result.bad_records.len(), 1);
    let bad = &result.bad_records[0];
    assert_eq!((bad.partition, bad.offset), target);
    assert!(
        bad.reason.contains("model rejected") && bad.reason.contains("12345"),
        "{}",
        bad.reason
    );
    // One failed call, then two halves per level down to a single row: 1 + 2·⌈log2 1000⌉.
    assert!(result.scoring_calls <= 21, "{} calls", result.scoring_calls);
    assert_eq!(result.scoring_calls, standin.received().len());
}

#[tokio::test]
async fn past_the_narrowing_budget_whole_chunks_are_reported() {
    let standin = StandIn::start().await;
    standin.reject_rows_with(12345.0);
    let mut records = events::seed_records(64, 1, None);
    for i in [3, 40] {
        records[i].value =
            Value_::Line(r#"{"response_time_ms":12345,"status":200,"duration_ms":1}"#.into());
    }
    let event = events::event("aws:kafka", &records);
    let mut options = ScoringOptions::new(ContentType::Csv);
    options.max_narrowing_calls = 2;
    let h = handler(&standin, &FunctionConfig::default(), &Log::memory()).with_options(options);
    let result = h
        .handle(&event, Deadline::after(Duration::from_secs(30)))
        .await
        .unwrap();
    // The first split uses the budget; each half still holds a rejected row.
    assert_eq!(result.scoring_calls, 3);
    assert_eq!(result.bad_records.len(), 64);
    assert!(
        result.bad_records[0].reason.contains("narrowing stopped"),
        "{}",
        result.bad_records[0].reason
    );
    assert!(result.is_complete());
}

#[tokio::test]
async fn batch_item_failures_name_the_bad_records() {
    let standin = StandIn::start().await;
    let config = FunctionConfig {
        report_batch_item_failures: true,
        ..FunctionConfig::default()
    };
    let result = run(
        &standin,
        &config,
        &seed_event(70, Some(10)),
        Duration::from_secs(30),
    )
    .await
    .unwrap();
    let failures = result.batch_item_failures.clone().unwrap();
    assert_eq!(failures.len(), result.bad_records.len());
    for (f, b) in failures.iter().zip(&result.bad_records) {
        assert_eq!(
            f.item_identifier.partition,
            format!("app-logs-{}", b.partition)
        );
        assert_eq!(f.item_identifier.offset, b.offset);
    }
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(
        json["batchItemFailures"][0]["itemIdentifier"]["partition"],
        "app-logs-1"
    );
    let plain = run(
        &standin,
        &FunctionConfig::default(),
        &seed_event(70, Some(10)),
        Duration::from_secs(30),
    )
    .await
    .unwrap();
    assert!(
        serde_json::to_value(&plain)
            .unwrap()
            .get("batchItemFailures")
            .is_none()
    );
}

#[tokio::test]
async fn an_event_without_good_records_makes_no_call() {
    let standin = StandIn::start().await;
    let records = vec![Rec::new("t", 0, 1, Value_::Null)];
    let result = run(
        &standin,
        &FunctionConfig::default(),
        &events::event("aws:kafka", &records),
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert_eq!(
        (result.records, result.scored, result.scoring_calls),
        (1, 0, 0)
    );
    assert!(standin.received().is_empty());
}
