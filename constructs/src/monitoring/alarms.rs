//! The alarms a `Monitoring` construct can create, and the metric each one watches.

use super::rule::AlarmRule;
use crate::construct::Handle;
use crate::contract::{METRIC_DIMENSION, metric};
use crate::function::AnomalyFunction;
use crate::resources::cloudwatch::Dimension;
use crate::value::Value;

/// The namespace of Lambda's function metrics.
pub const LAMBDA_NAMESPACE: &str = "AWS/Lambda";

/// The namespace of SageMaker's endpoint invocation metrics.
pub const SAGEMAKER_NAMESPACE: &str = "AWS/SageMaker";

/// One of the alarms [`Monitoring`](super::Monitoring) creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Alarm {
    /// Lambda `Errors` of the function (`Sum`): failed invocations, whose batches the mapping
    /// retries. Default: at least 1 in 5 minutes.
    FunctionErrors,
    /// Lambda `Throttles` of the function (`Sum`). Default: at least 1 in 5 minutes.
    FunctionThrottles,
    /// Lambda `OffsetLag` of the function (`Maximum`, records): how far its Kafka consumer
    /// groups are behind. Created when the function has a Kafka source. Default: at least
    /// 10,000 records in each of three 5-minute periods.
    OffsetLag,
    /// The runtime's `Anomalies` metric (`Sum`). Default: at least 10 in 5 minutes, a burst;
    /// single anomalies are reported by the function's own alerts.
    Anomalies,
    /// The runtime's `BadRecords` metric (`Sum`). Default: at least 1 in 5 minutes.
    BadRecords,
    /// SageMaker `Invocation5XXErrors` of the scoring endpoint's variant (`Sum`). Created when
    /// the function scores through a SageMaker endpoint (not with an embedded forest). Default: at least 1 in 5 minutes.
    EndpointErrors,
    /// SageMaker `ModelLatency` of the scoring endpoint's variant (`Average`, microseconds, as
    /// SageMaker reports it). Created when the function scores through a SageMaker endpoint. Default: at least
    /// 2,000,000 µs (2 s) in each of three 5-minute periods.
    ModelLatency,
}

impl Alarm {
    /// Every alarm, in the order they are created.
    pub const ALL: [Alarm; 7] = [
        Alarm::FunctionErrors,
        Alarm::FunctionThrottles,
        Alarm::OffsetLag,
        Alarm::Anomalies,
        Alarm::BadRecords,
        Alarm::EndpointErrors,
        Alarm::ModelLatency,
    ];

    /// The alarm's name, as its logical id and messages use it.
    pub fn name(self) -> &'static str {
        match self {
            Alarm::FunctionErrors => "FunctionErrors",
            Alarm::FunctionThrottles => "FunctionThrottles",
            Alarm::OffsetLag => "OffsetLag",
            Alarm::Anomalies => "Anomalies",
            Alarm::BadRecords => "BadRecords",
            Alarm::EndpointErrors => "EndpointErrors",
            Alarm::ModelLatency => "ModelLatency",
        }
    }

    /// The builder method that sets its rule.
    pub(super) fn property(self) -> &'static str {
        match self {
            Alarm::FunctionErrors => "function_errors",
            Alarm::FunctionThrottles => "function_throttles",
            Alarm::OffsetLag => "offset_lag",
            Alarm::Anomalies => "anomalies",
            Alarm::BadRecords => "bad_records",
            Alarm::EndpointErrors => "endpoint_errors",
            Alarm::ModelLatency => "model_latency",
        }
    }

    /// The rule used unless one is given.
    pub fn default_rule(self) -> AlarmRule {
        match self {
            Alarm::FunctionErrors
            | Alarm::FunctionThrottles
            | Alarm::BadRecords
            | Alarm::EndpointErrors => AlarmRule::new(1),
            Alarm::Anomalies => AlarmRule::new(10),
            Alarm::OffsetLag => AlarmRule::new(10_000).evaluation_periods(3),
            Alarm::ModelLatency => AlarmRule::new(2_000_000).evaluation_periods(3),
        }
    }

    /// True when the alarm applies to `function` (a Kafka source for `OffsetLag`, a SageMaker
    /// endpoint for the endpoint alarms).
    pub(super) fn applies_to(self, function: &Handle<AnomalyFunction>) -> bool {
        let props = function.props();
        match self {
            Alarm::OffsetLag => !props.sources.is_empty(),
            Alarm::EndpointErrors | Alarm::ModelLatency => props.endpoint().is_some(),
            _ => true,
        }
    }
}

/// What an alarm watches and how it treats silence.
pub(super) struct MetricSpec {
    pub(super) namespace: String,
    pub(super) metric: &'static str,
    pub(super) dimensions: Vec<Dimension>,
    pub(super) statistic: &'static str,
    /// `TreatMissingData`, chosen per alarm (see [`spec`]).
    pub(super) missing: &'static str,
    /// Whether returning to `OK` notifies too (for conditions that persist, not events).
    pub(super) notify_ok: bool,
    pub(super) description: String,
}

/// The metric `alarm` watches for `function` (whose name dimension is `function_name`).
/// `None` when the alarm does not apply.
pub(super) fn spec(
    alarm: Alarm,
    function: &Handle<AnomalyFunction>,
    function_name: &Value,
) -> Option<MetricSpec> {
    let props = function.props();
    let path = function.scope().path();
    let by_function = || vec![Dimension::new("FunctionName", function_name.clone())];
    let lambda = |metric, statistic, notify_ok, description: String| MetricSpec {
        namespace: LAMBDA_NAMESPACE.into(),
        metric,
        dimensions: by_function(),
        statistic,
        missing: "notBreaching",
        notify_ok,
        description,
    };
    // The runtime's embedded metrics carry one dimension whose value is the deployed
    // function's name (AWS_LAMBDA_FUNCTION_NAME), which is what `Ref` of the function gives.
    let runtime = |metric, description: String| MetricSpec {
        namespace: props.metrics_namespace.clone(),
        metric,
        dimensions: vec![Dimension::new(METRIC_DIMENSION, function_name.clone())],
        statistic: "Sum",
        missing: "notBreaching",
        notify_ok: false,
        description,
    };
    let endpoint = props.endpoint();
    let sagemaker = |metric, statistic, description: String| {
        endpoint.map(|e| MetricSpec {
            namespace: SAGEMAKER_NAMESPACE.into(),
            metric,
            dimensions: vec![
                Dimension::new("EndpointName", e.endpoint_name()),
                Dimension::new("VariantName", e.variant_name()),
            ],
            statistic,
            // SageMaker publishes invocation metrics only for periods with requests; none
            // means nothing failed and nothing was slow.
            missing: "notBreaching",
            notify_ok: true,
            description,
        })
    };
    let spec = match alarm {
        // Lambda publishes Errors and Throttles only for periods with invocation requests;
        // none means nothing failed.
        Alarm::FunctionErrors => lambda(
            "Errors",
            "Sum",
            true,
            format!(
                "Invocations of the anomaly-detection function `{path}` failed. The event source mapping retries the batch, so its partition stops advancing until the batch succeeds. Check the function's log group."
            ),
        ),
        Alarm::FunctionThrottles => lambda(
            "Throttles",
            "Sum",
            true,
            format!(
                "Invocations of the anomaly-detection function `{path}` were throttled: no concurrency was available, so records wait in Kafka. Raise its reserved concurrency or the account's limit."
            ),
        ),
        Alarm::OffsetLag if alarm.applies_to(function) => MetricSpec {
            // Lambda publishes OffsetLag, per function and topic-level, while a Kafka mapping
            // polls. Silence means there is nothing to measure, which is not a backlog but not
            // health either: `missing` keeps the alarm out of ALARM (no page for an idle or
            // disabled mapping) while showing INSUFFICIENT_DATA on the dashboard.
            missing: "missing",
            ..lambda(
                "OffsetLag",
                "Maximum",
                true,
                format!(
                    "The Kafka consumer groups of the anomaly-detection function `{path}` are falling behind their topics: records wait longer before they are scored. Check the function's duration, errors and throttles, the batch size, or add pollers."
                ),
            )
        },
        Alarm::Anomalies => runtime(
            metric::ANOMALIES,
            format!(
                "The anomaly-detection function `{path}` flagged a burst of anomalous records. Each anomaly is in the function's log (and the anomaly table, when one is wired)."
            ),
        ),
        Alarm::BadRecords => runtime(
            metric::BAD_RECORDS,
            format!(
                "The anomaly-detection function `{path}` received records it could not score (bad encoding, not JSON, missing or non-finite features). They are logged with topic, partition, offset and reason, and sent to the bad-record queue when one is wired."
            ),
        ),
        Alarm::EndpointErrors => sagemaker(
            "Invocation5XXErrors",
            "Sum",
            format!(
                "The scoring endpoint of `{path}` answered with server errors. The function fails the batch and the mapping retries it; check the endpoint's CloudWatch logs and instance health."
            ),
        )?,
        Alarm::ModelLatency => sagemaker(
            "ModelLatency",
            "Average",
            format!(
                "The scoring endpoint of `{path}` answers slowly (ModelLatency, in microseconds). Batches take longer and the consumer groups may fall behind; scale the endpoint out or up."
            ),
        )?,
        Alarm::OffsetLag => return None,
    };
    Some(spec)
}
