//! `serve-zscore` (the `local` crate's z-score stand-in for the SageMaker runtime API) answers
//! the function's own SageMaker client as an endpoint does: scores for a CSV body, and a model
//! error, which the client reports as a rejection of the rows, for a body it cannot score.
//!
//! Run: `cargo test -p runtime --features local --test serve_zscore`.

// Tests: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use aws_sdk_sagemakerruntime::config::{BehaviorVersion, Credentials, Region};
use contract::ContentType;
use local::serve::serve;
use local::shutdown::Shutdown;
use local::zscore::ZScorer;
use runtime::deadline::Deadline;
use runtime::scoring::sagemaker::SageMakerEndpoint;
use runtime::scoring::{Endpoint, InvokeError};
use tokio::net::TcpListener;

#[tokio::test]
async fn the_sdk_scores_through_it_and_model_errors_are_rejections() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let server = tokio::spawn(async move { serve(listener, ZScorer::new(2), &stop).await });
    let config = aws_sdk_sagemakerruntime::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("local", "local", None, None, "test"))
        .endpoint_url(&url)
        .http_client(runtime::clients::http_client())
        .build();
    let endpoint = SageMakerEndpoint::new(
        aws_sdk_sagemakerruntime::Client::from_conf(config),
        "any-name",
    );
    let deadline = Deadline::after(Duration::from_secs(10));
    let body = b"100,200\n110,200\n105,200\n5000,200\n".to_vec();
    let answer = endpoint
        .invoke(body, ContentType::Csv, deadline)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    let scores: Vec<f64> = v["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert_eq!(&scores[..2], &[0.0, 0.0]);
    assert!(scores[2] < 3.0 && scores[3] > 100.0, "{scores:?}");
    let refused = endpoint
        .invoke(b"1,2,3\n".to_vec(), ContentType::Csv, deadline)
        .await;
    assert!(
        matches!(&refused, Err(InvokeError::Rejected(m)) if m.contains("3 features")),
        "{refused:?}"
    );
    shutdown.escalate();
    server.await.unwrap();
}
