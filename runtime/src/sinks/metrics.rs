//! Per-invocation metrics as one CloudWatch embedded-metric-format (EMF) log line.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use contract::{METRIC_DIMENSION, metric};
use serde_json::{Map, Value, json};

/// The numbers one invocation reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InvocationMetrics {
    /// Records in the batch.
    pub records: usize,
    /// Records scored.
    pub scored: usize,
    /// Anomalies found.
    pub anomalies: usize,
    /// Bad records.
    pub bad_records: usize,
    /// Highest score, if anything was scored.
    pub max_score: Option<f64>,
    /// Time spent calling the endpoint.
    pub scoring_latency: Duration,
    /// Endpoint calls made.
    pub scoring_calls: usize,
}

/// Renders the EMF line: the metrics under `namespace`, dimension
/// [`METRIC_DIMENSION`] = `function_name`.
///
/// ```
/// use std::time::Duration;
/// use runtime::sinks::metrics::{emf_line, InvocationMetrics};
/// let m = InvocationMetrics { records: 3, scored: 2, anomalies: 1, bad_records: 1,
///     max_score: Some(4.5), scoring_latency: Duration::from_millis(12), scoring_calls: 1 };
/// let v: serde_json::Value = serde_json::from_str(&emf_line("Ns", "fn", &m)).unwrap();
/// assert_eq!(v["_aws"]["CloudWatchMetrics"][0]["Namespace"], "Ns");
/// assert_eq!((v["Records"].as_u64(), v["MaxScore"].as_f64()), (Some(3), Some(4.5)));
/// ```
pub fn emf_line(namespace: &str, function_name: &str, m: &InvocationMetrics) -> String {
    let mut values: Vec<(&str, &str, Value)> = vec![
        (metric::RECORDS, "Count", json!(m.records)),
        (metric::SCORED, "Count", json!(m.scored)),
        (metric::ANOMALIES, "Count", json!(m.anomalies)),
        (metric::BAD_RECORDS, "Count", json!(m.bad_records)),
        (metric::SCORING_CALLS, "Count", json!(m.scoring_calls)),
        (
            metric::SCORING_LATENCY,
            "Milliseconds",
            json!(m.scoring_latency.as_secs_f64() * 1000.0),
        ),
    ];
    if let Some(max) = m.max_score {
        values.push((metric::MAX_SCORE, "None", json!(max)));
    }
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    let definitions: Vec<Value> = values
        .iter()
        .map(|(name, unit, _)| json!({"Name": name, "Unit": unit}))
        .collect();
    let mut root = Map::new();
    root.insert(
        "_aws".into(),
        json!({
            "Timestamp": timestamp,
            "CloudWatchMetrics": [{
                "Namespace": namespace,
                "Dimensions": [[METRIC_DIMENSION]],
                "Metrics": definitions,
            }],
        }),
    );
    root.insert(METRIC_DIMENSION.into(), json!(function_name));
    for (name, _, value) in values {
        root.insert(name.into(), value);
    }
    Value::Object(root).to_string()
}
