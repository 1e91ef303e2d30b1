//! The handler with the embedded Random Cut Forest: the key cases of the SageMaker path
//! (every record scored or bad exactly once, the same result format, batch item failures),
//! an injected outlier flagged, learning, the cold-start feature check, and `invoke
//! --scorer embedded` with no endpoint at all.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

use contract::{FeatureSpec, FunctionConfig, ModelSource, ScorerConfig, Threshold};
use detect::rcf::{ForestParams, Model, train};
use runtime::deadline::Deadline;
use runtime::scoring::embedded::EmbeddedScorer;
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use runtime::{Error, Handler, InvocationResult, clients};
use support::events::{self, Rec, Value_};
use support::standin::StandIn;

/// The offset of the outlier [`event_with_outlier`] puts into partition 2.
const OUTLIER_OFFSET: i64 = 1050;

/// A small model trained on 3,000 seed log lines (the function's default features).
fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let mut rows = Vec::new();
        for i in 0..3000 {
            let line: serde_json::Value = serde_json::from_str(&events::seed_line(i)).unwrap();
            for name in ["response_time_ms", "status", "duration_ms"] {
                rows.push(line[name].as_f64().unwrap());
            }
        }
        let params = ForestParams {
            trees: 50,
            sample_size: 128,
            ..ForestParams::default()
        };
        let features = ["response_time_ms", "status", "duration_ms"].map(String::from);
        train(&rows, 3, features.to_vec(), params).unwrap()
    })
}

/// The default configuration with an embedded scorer and the training scores' mean + 3σ.
fn config(learn: bool) -> FunctionConfig {
    let training = &model().training;
    FunctionConfig {
        scorer: ScorerConfig::Embedded {
            model: ModelSource::Bundled("model.json".into()),
            learn,
        },
        threshold: Threshold::Sigma {
            mean: training.mean,
            stddev: training.stddev,
            k: 3.0,
        },
        ..FunctionConfig::default()
    }
}

fn handler(config: &FunctionConfig, log: &Log) -> Handler<EmbeddedScorer> {
    let learn = matches!(config.scorer, ScorerConfig::Embedded { learn: true, .. });
    let scorer = EmbeddedScorer::new(model().clone(), &config.features, learn, "test model")
        .expect("the model fits the features");
    Handler::new(config, scorer, Sinks::default(), log.clone(), "test-fn")
}

async fn run(config: &FunctionConfig, event: &[u8]) -> Result<InvocationResult, Error> {
    handler(config, &Log::memory())
        .handle(event, Deadline::after(Duration::from_secs(30)))
        .await
}

/// 400 seed records in 4 partitions, every 9th bad, and one far-out record.
fn event_with_outlier() -> Vec<u8> {
    let mut records = events::seed_records(400, 4, Some(9));
    let outlier = records
        .iter_mut()
        .find(|r| r.partition == 2 && r.offset == OUTLIER_OFFSET)
        .unwrap();
    outlier.value = Value_::Line(
        r#"{"response_time_ms":48000,"status":503,"duration_ms":48000.5,"service":"checkout-api"}"#
            .into(),
    );
    events::event("aws:kafka", &records)
}

#[tokio::test]
async fn every_record_is_scored_or_bad_exactly_once_and_the_outlier_is_flagged() {
    let log = Log::memory();
    let result = handler(&config(false), &log)
        .handle(
            &event_with_outlier(),
            Deadline::after(Duration::from_secs(30)),
        )
        .await
        .unwrap();
    assert_eq!(result.records, 400);
    assert_eq!(result.bad_records.len(), 400 / 9);
    assert_eq!(result.scored, 400 - 400 / 9);
    assert!(result.is_complete());
    assert_eq!(result.scoring_calls, 0, "no endpoint is called");
    let mut seen = BTreeSet::new();
    for key in result
        .bad_records
        .iter()
        .map(|b| (b.partition, b.offset))
        .chain(result.anomalies.iter().map(|a| (a.partition, a.offset)))
    {
        assert!(seen.insert(key), "reported twice: {key:?}");
    }
    assert!(
        result
            .anomalies
            .iter()
            .any(|a| a.partition == 2 && a.offset == OUTLIER_OFFSET),
        "{:?}",
        result.anomalies
    );
    assert!(
        result.anomalies.len() <= 12,
        "a 3σ threshold flags few of the seed's own records: {:?}",
        result.anomalies
    );
    let outlier = result
        .anomalies
        .iter()
        .find(|a| a.offset == OUTLIER_OFFSET && a.partition == 2)
        .unwrap();
    assert!(
        result.anomalies.iter().all(|a| a.score <= outlier.score),
        "the outlier scores highest"
    );
    let lines = log.lines();
    let emf: serde_json::Value = serde_json::from_str(
        lines
            .iter()
            .find(|l| l.contains("CloudWatchMetrics"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(emf["Records"], 400);
    assert_eq!(emf["Scored"], result.scored);
    assert_eq!(emf["Anomalies"], result.anomalies.len());
    assert_eq!(emf["MaxScore"], outlier.score);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("\"message\":\"anomaly\""))
            .count(),
        result.anomalies.len()
    );
}

#[tokio::test]
async fn the_result_is_the_one_the_endpoint_path_gives_but_for_scores() {
    let event = event_with_outlier();
    let embedded = run(&config(false), &event).await.unwrap();
    let standin = StandIn::start().await;
    let sdk = support::sdk_config(&standin.url());
    let sagemaker_config = FunctionConfig::default();
    let endpoint = Handler::new(
        &sagemaker_config,
        clients::endpoint(&sdk, &sagemaker_config),
        Sinks::default(),
        Log::memory(),
        "test-fn",
    )
    .handle(&event, Deadline::after(Duration::from_secs(30)))
    .await
    .unwrap();
    assert_eq!(embedded.records, endpoint.records);
    assert_eq!(embedded.scored, endpoint.scored);
    assert_eq!(embedded.bad_records, endpoint.bad_records);
    let keys = |r: &InvocationResult| -> Vec<String> {
        let json = serde_json::to_value(r).unwrap();
        let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        let anomaly = json["anomalies"][0].as_object().unwrap();
        keys.extend(anomaly.keys().map(|k| format!("anomalies.{k}")));
        keys
    };
    assert_eq!(keys(&embedded), keys(&endpoint));
}

#[tokio::test]
async fn batch_item_failures_name_the_bad_records() {
    let config = FunctionConfig {
        report_batch_item_failures: true,
        ..config(false)
    };
    let result = run(&config, &event_with_outlier()).await.unwrap();
    let failures = result.batch_item_failures.clone().unwrap();
    assert_eq!(failures.len(), result.bad_records.len());
    for (f, b) in failures.iter().zip(&result.bad_records) {
        assert_eq!(
            f.item_identifier.partition,
            format!("app-logs-{}", b.partition)
        );
        assert_eq!(f.item_identifier.offset, b.offset);
    }
}

#[tokio::test]
async fn a_fixed_forest_scores_alike_every_time_and_a_learning_one_learns() {
    let event = events::event("aws:kafka", &events::seed_records(300, 2, None));
    let scores = |r: InvocationResult| r.anomalies;
    let fixed = handler(&config(false), &Log::memory());
    let deadline = || Deadline::after(Duration::from_secs(30));
    let first = fixed.handle(&event, deadline()).await.unwrap();
    let second = fixed.handle(&event, deadline()).await.unwrap();
    assert_eq!(scores(first), scores(second));

    // The learning forest sees a burst of the same odd record: the first is an anomaly,
    // and after learning it many times it no longer is.
    let odd = r#"{"response_time_ms":5000,"status":200,"duration_ms":5000.5}"#;
    let burst: Vec<Rec> = (0..300)
        .map(|i| Rec::new("app-logs", 0, i, Value_::Line(odd.into())))
        .collect();
    let burst = events::event("aws:kafka", &burst);
    let learning = handler(&config(true), &Log::memory());
    let result = learning.handle(&burst, deadline()).await.unwrap();
    assert_eq!(result.scored, 300);
    let flagged: Vec<i64> = result.anomalies.iter().map(|a| a.offset).collect();
    assert!(flagged.contains(&0), "the first odd record is flagged");
    assert!(!flagged.contains(&299), "the 300th is familiar by then");
    let fixed_burst = fixed.handle(&burst, deadline()).await.unwrap();
    assert_eq!(
        fixed_burst.anomalies.len(),
        300,
        "a fixed forest never adapts"
    );
}

#[test]
fn a_model_of_other_features_fails_the_cold_start_with_both_lists() {
    let features = [FeatureSpec::new("latency"), FeatureSpec::new("status")];
    let err =
        EmbeddedScorer::new(model().clone(), &features, false, "s3://models/m.json").unwrap_err();
    let message = err.to_string();
    assert!(!err.is_retryable());
    assert!(
        message.contains(
            "the model s3://models/m.json was trained on features [response_time_ms, status, duration_ms], but the function extracts [latency, status]"
        ),
        "{message}"
    );
    let err =
        EmbeddedScorer::from_bytes(b"{\"trees\":[]}", &features, false, "model.json").unwrap_err();
    assert!(
        err.to_string()
            .contains("model.json is not a usable model file"),
        "{err}"
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anomaly-embedded-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with no AWS endpoint, credentials or region in its environment.
fn invoke(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anomaly-function"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn invoke_scores_with_a_model_file_and_no_endpoint() {
    let dir = tempdir("invoke");
    let model_path = dir.join("model.json");
    std::fs::write(&model_path, model().to_bytes()).unwrap();
    let event_path = dir.join("event.json");
    std::fs::write(&event_path, event_with_outlier()).unwrap();
    let config_path = dir.join("config.json");
    std::fs::write(&config_path, serde_json::to_vec(&config(false)).unwrap()).unwrap();
    let (model_arg, event_arg, config_arg) = (
        model_path.to_str().unwrap(),
        event_path.to_str().unwrap(),
        config_path.to_str().unwrap(),
    );

    let output = invoke(
        &[
            "invoke", "--scorer", "embedded", "--model", model_arg, "--config", config_arg,
            "--event", event_arg,
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let result: InvocationResult = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result.records, result.scored + result.bad_records.len());
    assert!(
        result
            .anomalies
            .iter()
            .any(|a| a.partition == 2 && a.offset == OUTLIER_OFFSET)
    );

    // The configuration's bundled model, found below LAMBDA_TASK_ROOT.
    let bundled = invoke(
        &["invoke", "--config", config_arg, "--event", event_arg],
        &[("LAMBDA_TASK_ROOT", &dir)],
    );
    assert!(
        bundled.status.success(),
        "{}",
        String::from_utf8_lossy(&bundled.stderr)
    );
    let again: InvocationResult = serde_json::from_slice(&bundled.stdout).unwrap();
    assert_eq!(again, result);

    // The seed's configuration names the same features, but scores with an endpoint unless
    // --model says otherwise; a wrong model file is refused with exit status 2.
    let other = train(
        &[1.0, 2.0].repeat(200),
        2,
        vec!["a".into(), "b".into()],
        ForestParams {
            trees: 5,
            sample_size: 32,
            ..ForestParams::default()
        },
    )
    .unwrap();
    let other_path = dir.join("other.json");
    std::fs::write(&other_path, other.to_bytes()).unwrap();
    let refused = invoke(
        &[
            "invoke",
            "--model",
            other_path.to_str().unwrap(),
            "--event",
            event_arg,
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("trained on features [a, b], but the function extracts [response_time_ms, status, duration_ms]"),
        "{stderr}"
    );
    let no_model = invoke(
        &["invoke", "--scorer", "embedded", "--event", event_arg],
        &[],
    );
    assert_eq!(no_model.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_model.stderr).contains("--model"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Serves one HTTP request: `body` with `status` for any path; returns the request's head.
async fn serve_once(
    status: &'static str,
    body: Vec<u8>,
) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client hung up");
            request.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(&body).await.unwrap();
        socket.shutdown().await.ok();
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, server)
}

fn s3_config(learn: bool) -> FunctionConfig {
    FunctionConfig {
        scorer: ScorerConfig::Embedded {
            model: ModelSource::S3(contract::S3Object {
                bucket: "models".into(),
                key: "rcf/model.json".into(),
            }),
            learn,
        },
        ..config(learn)
    }
}

#[tokio::test]
async fn an_s3_model_is_read_with_one_get_object_at_cold_start() {
    let (url, server) = serve_once("200 OK", model().to_bytes()).await;
    let sdk = support::sdk_config(&url);
    let backend = clients::scorer(&sdk, &s3_config(true)).await.unwrap();
    let runtime::scoring::backend::Backend::Embedded(scorer) = backend else {
        panic!("an embedded config gives an embedded scorer");
    };
    assert_eq!(scorer.source(), "s3://models/rcf/model.json");
    assert!(scorer.is_learning());
    let head = server.await.unwrap().to_ascii_lowercase();
    assert!(
        head.starts_with("get /models/rcf/model.json http/1.1\r\n"),
        "{head}"
    );
    // Signed with SigV4 for S3, with the payload hash S3 requires.
    assert!(
        head.contains("authorization: aws4-hmac-sha256 credential=testing/")
            && head.contains("/us-east-1/s3/aws4_request"),
        "{head}"
    );
    assert!(
        head.contains(
            "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ),
        "{head}"
    );
}

#[tokio::test]
async fn an_unreadable_s3_model_fails_the_cold_start_for_good() {
    let (url, server) = serve_once(
        "403 Forbidden",
        b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".to_vec(),
    )
    .await;
    let sdk = support::sdk_config(&url);
    let err = clients::scorer(&sdk, &s3_config(false)).await.unwrap_err();
    assert!(!err.is_retryable());
    let message = err.to_string();
    assert!(
        message.contains("scorer.model.s3: cannot read s3://models/rcf/model.json")
            && message.contains("AccessDenied")
            && message.contains("s3:GetObject"),
        "{message}"
    );
    server.await.unwrap();
}

#[tokio::test]
async fn an_s3_read_that_gets_no_answer_stops_at_its_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accepts and then says nothing.
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(socket);
    });
    let sdk = support::sdk_config(&url);
    let started = std::time::Instant::now();
    let err =
        runtime::clients::s3::get_object(&sdk, "models", "m.json", Duration::from_millis(300))
            .await
            .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("took longer than 300ms"), "{err}");
    server.abort();
}
