//! `UnprocessedItems` handling, against a stand-in DynamoDB that withholds writes.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use runtime::deadline::Deadline;
use runtime::sinks::AnomalyDetail;
use runtime::sinks::dynamodb::{AnomalyTable, MAX_ROUNDS};
use support::standin::StandIn;

fn anomalies() -> Vec<AnomalyDetail<'static>> {
    (0..30)
        .map(|i| AnomalyDetail {
            topic: "t",
            partition: 0,
            offset: i,
            timestamp: None,
            score: 5.0,
            features: vec![("x", 1.0)],
        })
        .collect()
}

async fn table(standin: &StandIn) -> AnomalyTable {
    let sdk = support::sdk_config(&standin.url());
    AnomalyTable::new(aws_sdk_dynamodb::Client::new(&sdk), "anomalies", None)
}

#[tokio::test]
async fn unprocessed_items_are_retried_until_written() {
    let standin = StandIn::start().await;
    standin.unprocessed_rounds(2);
    table(&standin)
        .await
        .write(&anomalies(), 3.0, Deadline::after(Duration::from_secs(10)))
        .await
        .unwrap();
    // 30 items: a batch of 25 (two withheld rounds, then written) and a batch of 5.
    let calls = standin.received();
    assert_eq!(calls.len(), 4);
    let items = |i: usize| {
        let v: serde_json::Value = serde_json::from_slice(&calls[i].body).unwrap();
        v["RequestItems"]["anomalies"].as_array().unwrap().len()
    };
    assert_eq!((items(0), items(1), items(2), items(3)), (25, 25, 25, 5));
}

#[tokio::test]
async fn items_that_stay_unprocessed_fail_the_invocation() {
    let standin = StandIn::start().await;
    standin.unprocessed_rounds(usize::MAX);
    let err = table(&standin)
        .await
        .write(&anomalies(), 3.0, Deadline::after(Duration::from_secs(20)))
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert!(
        err.to_string().contains("25 items stayed unprocessed"),
        "{err}"
    );
    assert_eq!(standin.received().len(), MAX_ROUNDS as usize);
}
