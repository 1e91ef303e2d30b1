//! The binary under a (stand-in) Lambda runtime API: configuration at cold start, one event
//! in, the result posted back.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use runtime::InvocationResult;
use support::events;
use support::standin::StandIn;

fn lambda_command(standin: &StandIn, config: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_anomaly-function"));
    cmd.env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", standin.addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "anomaly")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "group")
        .env("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", standin.url())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(c) = config {
        cmd.env("ANOMALY_CONFIG", c);
    }
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_invocation_through_the_runtime_api() {
    let standin = StandIn::start().await;
    let config = serde_json::to_string(&contract::FunctionConfig::default()).unwrap();
    standin.queue_invocation(events::event(
        "aws:kafka",
        &events::seed_records(200, 2, Some(40)),
    ));
    let mut child = lambda_command(&standin, Some(&config)).spawn().unwrap();
    let started = Instant::now();
    while standin.lambda_responses().is_empty() && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let responses = standin.lambda_responses();
    assert_eq!(
        responses.len(),
        1,
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(responses[0].0, "response");
    let result: InvocationResult = serde_json::from_slice(&responses[0].1).unwrap();
    assert_eq!((result.records, result.bad_records.len()), (200, 5));
    assert!(result.is_complete());
    // Under Lambda the logs (anomalies, metrics) go to stdout.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("CloudWatchMetrics") && stdout.contains("\"FunctionName\":\"anomaly\""),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_configuration_fails_the_cold_start_with_every_problem() {
    let standin = StandIn::start().await;
    let bad = r#"{"version":2,"features":[],"scorer":{"kind":"sagemaker","endpoint_name":"x"},"threshold":{"kind":"fixed","value":3}}"#;
    for config in [Some(bad), None] {
        let output = tokio::task::spawn_blocking({
            let mut cmd = lambda_command(&standin, config);
            move || cmd.output().unwrap()
        })
        .await
        .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        if config.is_some() {
            assert!(
                stderr.contains("version") && stderr.contains("features"),
                "{stderr}"
            );
        } else {
            assert!(stderr.contains("ANOMALY_CONFIG: is not set"), "{stderr}");
        }
    }
    assert!(standin.lambda_responses().is_empty());
}
