//! The built binary's local mode: `anomaly-function invoke` against the stand-in, reached
//! through the SDK's standard `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME` override.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use runtime::InvocationResult;
use support::events;
use support::standin::{Fault, StandIn};

/// Runs the binary with fake credentials and the stand-in as the endpoint.
async fn invoke(standin: &StandIn, args: Vec<String>) -> (Output, Duration) {
    invoke_with(standin, "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", args).await
}

/// `invoke --event EVENT --config CONFIG` (see [`invoke`]).
async fn invoke_event(standin: &StandIn, event: String, config: String) -> (Output, Duration) {
    let args = ["invoke", "--event", &event, "--config", &config];
    invoke(standin, args.iter().map(|a| a.to_string()).collect()).await
}

/// Runs the binary with the stand-in's URL in the endpoint override variable `variable`.
async fn invoke_with(
    standin: &StandIn,
    variable: &'static str,
    args: Vec<String>,
) -> (Output, Duration) {
    let url = standin.url();
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_anomaly-function"))
            .args(&args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(variable, url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .output()
            .unwrap();
        (output, started.elapsed())
    })
    .await
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("anomaly-function-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_records_each_appear_exactly_once() {
    let standin = StandIn::start().await;
    let dir = tempdir("10k");
    let records = events::seed_records(10_000, 4, Some(37));
    let event = events::event("aws:kafka", &records);
    let path = write(&dir, "event.json", &event);
    let (output, took) = invoke(&standin, vec!["invoke".into(), "--event".into(), path]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    eprintln!("invoke of {} bytes took {took:?}", event.len());
    let result: InvocationResult = serde_json::from_slice(&output.stdout).unwrap();

    // Every bad record we made is reported once with the reason for its kind.
    let mut expected_bad = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if i % 37 == 36 {
            expected_bad.insert(
                (r.partition, r.offset),
                events::BAD_KINDS[(i / 37) % events::BAD_KINDS.len()],
            );
        }
    }
    let mut seen = BTreeMap::new();
    for b in &result.bad_records {
        assert_eq!(b.topic, "app-logs");
        assert!(
            seen.insert((b.partition, b.offset), b.reason.clone())
                .is_none(),
            "twice: {b:?}"
        );
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        expected_bad.keys().collect::<Vec<_>>()
    );
    for (key, kind) in &expected_bad {
        let reason = &seen[key];
        let fragment = match *kind {
            "tombstone" => "tombstone",
            "base64" => "base64",
            "utf8" => "UTF-8",
            "json" => "not JSON",
            "object" => "not an object",
            "missing" => "`duration_ms` is missing",
            "nonfinite" => "not a finite number",
            _ => unreachable!(),
        };
        assert!(reason.contains(fragment), "{kind}: {reason}");
    }

    // Every other record was sent to the endpoint exactly once, in order.
    let received = standin.received();
    let rows: Vec<Vec<f64>> = received.iter().flat_map(|r| r.rows()).collect();
    assert_eq!(rows.len(), 10_000 - expected_bad.len());
    assert_eq!(result.records, 10_000);
    assert_eq!(result.scored, rows.len());
    assert_eq!(result.records, result.scored + result.bad_records.len());
    let mut good = records
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 37 != 36)
        .map(|(i, r)| ((r.partition, r.offset), i))
        .collect::<Vec<_>>();
    good.sort();
    for (row, (_, i)) in rows.iter().zip(&good) {
        let line: serde_json::Value = serde_json::from_str(&events::seed_line(*i)).unwrap();
        assert_eq!(row[0], line["response_time_ms"].as_f64().unwrap());
        assert_eq!(row[2], line["duration_ms"].as_f64().unwrap());
    }
    // Anomalies are scored records, each once.
    let mut anomalies: Vec<_> = result
        .anomalies
        .iter()
        .map(|a| (a.partition, a.offset))
        .collect();
    anomalies.dedup();
    assert_eq!(anomalies.len(), result.anomalies.len());
    assert!(anomalies.iter().all(|k| !expected_bad.contains_key(k)));
    assert!(!anomalies.is_empty());
    // Logs go to stderr: one line per anomaly and per bad record, and the metrics.
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("\"message\":\"anomaly\""))
            .count(),
        result.anomalies.len()
    );
    assert!(stderr.lines().any(|l| l.contains("CloudWatchMetrics")));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retryable_failure_exits_1_with_the_error_on_stderr() {
    let standin = StandIn::start().await;
    standin.fault_always(Fault::Status(503, "ServiceUnavailable"));
    let dir = tempdir("503");
    let path = write(
        &dir,
        "event.json",
        &events::event("aws:kafka", &events::seed_records(10, 2, None)),
    );
    // The SDK's all-services override works too.
    let (output, _) = invoke_with(
        &standin,
        "AWS_ENDPOINT_URL",
        vec![
            "invoke".into(),
            "--event".into(),
            path,
            "--endpoint".into(),
            "other-endpoint".into(),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("other-endpoint") && stderr.contains("503"),
        "{stderr}"
    );
    assert!(
        standin
            .received()
            .iter()
            .all(|r| r.path == "/endpoints/other-endpoint/invocations")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_config_or_event_exits_2_listing_every_problem() {
    let standin = StandIn::start().await;
    let dir = tempdir("config");
    let event = write(
        &dir,
        "event.json",
        &events::event("aws:kafka", &events::seed_records(3, 1, None)),
    );
    let config = write(
        &dir,
        "config.json",
        br#"{"version":1,"features":[],"scorer":{"kind":"sagemaker","endpoint_name":"-bad-"},"threshold":{"kind":"fixed","value":3}}"#,
    );
    let (output, _) = invoke_event(&standin, event.clone(), config).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("features") && stderr.contains("scorer.endpoint_name"),
        "{stderr}"
    );
    // Cold-start problems name the contract's rules, as synthesis does (`synth explain`).
    assert!(
        stderr.contains("[E0802]") && stderr.contains("[E0807]"),
        "{stderr}"
    );

    // Not JSON of the contract's shape (E0800), another contract version (E0801), a
    // --config that cannot be read (E0816), and scorer arguments that contradict each other
    // (E0819): each refused at once with its rule id.
    for (text, id) in [
        (r#"{"version":1,"bogus":1}"#.to_owned(), "[E0800]"),
        (
            r#"{"version":9,"features":[{"name":"a"}],"scorer":{"kind":"sagemaker","endpoint_name":"x"},"threshold":{"kind":"fixed","value":3}}"#
                .to_owned(),
            "[E0801]",
        ),
    ] {
        let config = write(&dir, "rule.json", text.as_bytes());
        let (output, _) = invoke_event(&standin, event.clone(), config)
        .await;
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(id), "{id} missing from: {stderr}");
    }
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let model = write(&dir, "model.json", b"{}");
    for (args, id) in [
        (vec!["--config".to_owned(), missing], "[E0816]"),
        (
            vec![
                "--scorer".to_owned(),
                "sagemaker".to_owned(),
                "--model".to_owned(),
                model,
            ],
            "[E0819]",
        ),
    ] {
        let mut all = vec!["invoke".to_owned(), "--event".to_owned(), event.clone()];
        all.extend(args);
        let (output, _) = invoke(&standin, all).await;
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(id), "{id} missing from: {stderr}");
    }

    let not_kafka = write(
        &dir,
        "sqs.json",
        br#"{"Records":[{"messageId":"1"}],"eventSource":"aws:sqs"}"#,
    );
    let (output, _) = invoke(&standin, vec!["invoke".into(), "--event".into(), not_kafka]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a Kafka event"));

    let (output, _) = invoke(
        &standin,
        vec![
            "invoke".into(),
            "--event".into(),
            event,
            "--deadline".into(),
            "-1".into(),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(standin.received().is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

/// The configuration of a function reading NCSA combined access logs: the status, and the
/// response bytes with 0 for Apache's `-`.
fn combined_config() -> String {
    serde_json::json!({
        "version": 1,
        "record_format": "combined",
        "features": [{"name": "status"}, {"name": "body_bytes_sent", "default": 0}],
        "scorer": {"kind": "sagemaker", "endpoint_name": "access-logs"},
        "threshold": {"kind": "fixed", "value": 3.0},
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_combined_access_log_event_of_ten_thousand_lines_has_no_bad_record() {
    let standin = StandIn::start().await;
    let dir = tempdir("combined");
    // Real-shaped Apache and nginx lines (IPv6, `-` bytes, escaped quotes both ways, TLS bytes
    // sent to the HTTP port, appended fields), round-robin to 10,000 records.
    let fixture = include_str!("fixtures/access-combined.log");
    let lines: Vec<&str> = fixture.lines().collect();
    let records: Vec<events::Rec> = (0..10_000)
        .map(|i| {
            let line = lines[i % lines.len()].to_owned();
            events::Rec::new(
                "access",
                i as i64 % 4,
                i as i64 / 4,
                events::Value_::Line(line),
            )
        })
        .collect();
    let event = write(
        &dir,
        "event.json",
        &events::event("SelfManagedKafka", &records),
    );
    let config = write(&dir, "config.json", combined_config().as_bytes());
    let args = ["invoke", "--event", &event, "--config", &config].map(String::from);
    let (output, took) = invoke(&standin, args.to_vec()).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("invoke of 10,000 combined lines took {took:?}");
    let result: InvocationResult = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((result.records, result.scored), (10_000, 10_000));
    assert!(
        result.bad_records.is_empty(),
        "{:?}",
        &result.bad_records[..1]
    );
    // What the endpoint got: each line's status and bytes, `-` as 0, in record order.
    let rows = sent_rows(&standin);
    assert_eq!(rows.len(), 10_000);
    let expected = |line: &str| -> Vec<f64> {
        let after_request = &line[line.find("\" ").unwrap() + 2..];
        let mut parts = after_request.split(' ');
        let status: f64 = parts.next().unwrap().parse().unwrap();
        let bytes = parts.next().unwrap().parse().unwrap_or(0.0);
        vec![status, bytes]
    };
    let bytes = std::fs::read(&event).unwrap();
    let event = detect::event::KafkaEvent::from_slice(&bytes).unwrap();
    for (row, record) in rows.iter().zip(&event.records) {
        let i = (record.offset * 4 + record.partition) as usize;
        assert_eq!(*row, expected(lines[i % lines.len()]), "record {i}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Every row the stand-in endpoint was sent, in order.
fn sent_rows(standin: &StandIn) -> Vec<Vec<f64>> {
    standin.received().iter().flat_map(|r| r.rows()).collect()
}
