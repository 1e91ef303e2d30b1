//! The CloudWatch dashboard of one anomaly-detection function.
//!
//! The body is built as JSON; deploy-time names (the function, the endpoint, the region, the
//! alarms' ARNs) become `Fn::Sub` variables through the same encoder the function's runtime
//! contract uses, so the output is deterministic and the JSON stays valid.

use serde_json::{Value as Json, json};

use super::alarms::{LAMBDA_NAMESPACE, SAGEMAKER_NAMESPACE};
use crate::construct::Handle;
use crate::contract::{METRIC_DIMENSION, metric};
use crate::function::{AnomalyFunction, Deferred, encode};
use crate::value::Value;

/// Grid columns a dashboard row has.
const ROW_WIDTH: u32 = 24;
/// The size of a graph: half a row, six units high.
const GRAPH_WIDTH: u32 = 12;
const GRAPH_HEIGHT: u32 = 6;
/// The height of the alarm-status strip at the top.
const ALARMS_HEIGHT: u32 = 3;
/// Seconds per datapoint in the graphs: the metrics' own resolution.
const GRAPH_PERIOD: u32 = 60;

/// One graph: a title, the statistic and the metric rows (`[namespace, name, dim, value, …]`).
struct Graph {
    title: String,
    stat: &'static str,
    metrics: Vec<Json>,
    extra: Option<(&'static str, Json)>,
}

/// The dashboard body for `function` (named `function_name` at deploy time), showing the
/// alarms `alarm_arns` at the top.
pub(super) fn body(
    function: &Handle<AnomalyFunction>,
    function_name: &Value,
    alarm_arns: &[Value],
) -> Value {
    let mut deferred = Deferred::default();
    let props = function.props();
    let region = deferred.slot(&Value::region());
    let name = deferred.slot(function_name);
    let namespace = props.metrics_namespace.as_str();
    let runtime = |metric_name: &str, options: Json| {
        json!([namespace, metric_name, METRIC_DIMENSION, name, options])
    };
    let lambda = |metric_name: &str, options: Json| {
        json!([LAMBDA_NAMESPACE, metric_name, "FunctionName", name, options])
    };
    let mut graphs = vec![
        Graph {
            title: "Records, scored and anomalies".into(),
            stat: "Sum",
            metrics: vec![
                runtime(metric::RECORDS, json!({"label": "records"})),
                runtime(metric::SCORED, json!({"label": "scored"})),
                runtime(metric::ANOMALIES, json!({"label": "anomalies"})),
            ],
            extra: None,
        },
        Graph {
            title: "Bad records".into(),
            stat: "Sum",
            metrics: vec![runtime(
                metric::BAD_RECORDS,
                json!({"label": "bad records"}),
            )],
            extra: None,
        },
        Graph {
            title: "Highest score per invocation".into(),
            stat: "Maximum",
            metrics: vec![runtime(metric::MAX_SCORE, json!({"label": "max score"}))],
            // An adaptive threshold has no single level to draw.
            extra: props.threshold.value().filter(|t| t.is_finite()).map(|t| {
                (
                    "annotations",
                    json!({"horizontal": [{"label": "anomaly threshold", "value": t}]}),
                )
            }),
        },
    ];
    if !props.sources.is_empty() {
        graphs.push(Graph {
            title: "Kafka offset lag (records)".into(),
            stat: "Maximum",
            metrics: vec![lambda("OffsetLag", json!({"label": "offset lag"}))],
            extra: None,
        });
    }
    for source in &props.sources {
        for (title, stat, metrics) in super::mapping::graphs(source, &mut deferred) {
            graphs.push(Graph {
                title,
                stat,
                metrics,
                extra: None,
            });
        }
    }
    graphs.push(Graph {
        title: "Scoring latency per invocation (ms)".into(),
        stat: "Average",
        metrics: vec![
            runtime(metric::SCORING_LATENCY, json!({"label": "average"})),
            runtime(
                metric::SCORING_LATENCY,
                json!({"stat": "p99", "label": "p99"}),
            ),
        ],
        extra: None,
    });
    if let Some(endpoint) = props.endpoint() {
        let endpoint_name = deferred.slot(&endpoint.endpoint_name());
        let variant = endpoint.variant_name();
        let sagemaker = |metric_name: &str, options: Json| {
            json!([
                SAGEMAKER_NAMESPACE,
                metric_name,
                "EndpointName",
                endpoint_name,
                "VariantName",
                variant,
                options
            ])
        };
        graphs.push(Graph {
            title: "Model latency (µs)".into(),
            stat: "Average",
            metrics: vec![
                sagemaker("ModelLatency", json!({"label": "average"})),
                sagemaker("ModelLatency", json!({"stat": "p99", "label": "p99"})),
            ],
            extra: None,
        });
        graphs.push(Graph {
            title: "Endpoint invocations and errors".into(),
            stat: "Sum",
            metrics: vec![
                sagemaker("Invocations", json!({"label": "invocations"})),
                sagemaker("Invocation4XXErrors", json!({"label": "4xx"})),
                sagemaker("Invocation5XXErrors", json!({"label": "5xx"})),
            ],
            extra: None,
        });
    }
    graphs.push(Graph {
        title: "Function invocations, errors and throttles".into(),
        stat: "Sum",
        metrics: vec![
            lambda("Invocations", json!({"label": "invocations"})),
            lambda("Errors", json!({"label": "errors"})),
            lambda("Throttles", json!({"label": "throttles"})),
        ],
        extra: None,
    });

    let mut widgets = Vec::new();
    if !alarm_arns.is_empty() {
        let alarms: Vec<String> = alarm_arns.iter().map(|arn| deferred.slot(arn)).collect();
        widgets.push(json!({
            "type": "alarm",
            "x": 0, "y": 0, "width": ROW_WIDTH, "height": ALARMS_HEIGHT,
            "properties": {"title": "Alarms", "alarms": alarms},
        }));
    }
    let top = if alarm_arns.is_empty() {
        0
    } else {
        ALARMS_HEIGHT
    };
    let per_row = ROW_WIDTH / GRAPH_WIDTH;
    for (i, graph) in (0u32..).zip(graphs) {
        let mut properties = json!({
            "title": graph.title,
            "view": "timeSeries",
            "stacked": false,
            "region": region,
            "stat": graph.stat,
            "period": GRAPH_PERIOD,
            "metrics": graph.metrics,
        });
        if let (Some((key, value)), Some(map)) = (graph.extra, properties.as_object_mut()) {
            map.insert(key.to_owned(), value);
        }
        widgets.push(json!({
            "type": "metric",
            "x": (i % per_row) * GRAPH_WIDTH,
            "y": top + (i / per_row) * GRAPH_HEIGHT,
            "width": GRAPH_WIDTH,
            "height": GRAPH_HEIGHT,
            "properties": properties,
        }));
    }
    let body = json!({"start": "-PT3H", "periodOverride": "inherit", "widgets": widgets});
    encode(&body.to_string(), deferred).value
}
