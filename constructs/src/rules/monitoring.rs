//! E07xx, W07xx: `Monitoring`, the CloudWatch alarms on the function, its sources' mappings and
//! its endpoint, and the rules (threshold, period, evaluation periods, datapoints) they fire on.

use super::rules;

const PUT_METRIC_ALARM: &str =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html";

rules! {
    /// An alarm threshold that is not a number above 0.
    ALARM_THRESHOLD = "E0701" => {
        title: "an alarm's threshold is not a number above 0",
        checks: "Every alarm compares its metric with `>=` the threshold. Its metrics (errors, \
                 throttles, lag, anomalies, latency) are never negative, so a threshold of 0 \
                 or less would keep the alarm firing.",
        example: "monitoring:\n  Monitoring:\n    function: Detector\n    function_errors: {threshold: 0}",
        fix: "set the threshold to the smallest value worth an alarm",
        docs: PUT_METRIC_ALARM,
    }
    /// An alarm period outside 60..=86,400 or not a multiple of 60.
    ALARM_PERIOD = "E0702" => {
        title: "an alarm's period_seconds is not a whole number of minutes from 1 minute to 1 day",
        checks: "The metrics are published per minute, and CloudWatch evaluates them over \
                 periods that are multiples of 60 seconds; the construct accepts 60 to 86,400.",
        example: "monitoring:\n  Monitoring:\n    function: Detector\n    offset_lag: {threshold: 10000, period_seconds: 90}",
        fix: "use a multiple of 60 from 60 to 86400",
        docs: PUT_METRIC_ALARM,
    }
    /// Evaluation periods below 1 (or beyond seven days of minutes).
    ALARM_EVALUATION_PERIODS = "E0703" => {
        title: "an alarm's evaluation_periods is outside 1 to 10,080",
        checks: "An alarm evaluates at least one period, and at most seven days of them \
                 (10,080 one-minute periods).",
        example: "monitoring:\n  Monitoring:\n    function: Detector\n    anomalies: {threshold: 1, evaluation_periods: 0}",
        fix: "evaluate at least one period",
        docs: PUT_METRIC_ALARM,
    }
    /// Period times evaluation periods longer than CloudWatch evaluates.
    ALARM_WINDOW = "E0704" => {
        title: "an alarm's periods span more than CloudWatch evaluates",
        checks: "Period times evaluation periods may be at most seven days (604,800 seconds), \
                 and at most one day (86,400 seconds) for periods under an hour.",
        example: "monitoring:\n  Monitoring:\n    function: Detector\n    anomalies: {threshold: 1, period_seconds: 300, evaluation_periods: 300}",
        fix: "evaluate fewer or shorter periods",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html#API_PutMetricAlarm_RequestParameters",
    }
    /// Datapoints to alarm outside 1..=evaluation periods.
    ALARM_DATAPOINTS = "E0705" => {
        title: "an alarm's datapoints_to_alarm is outside 1 to its evaluation_periods",
        checks: "An \"M out of N\" alarm fires when M of the last N periods breach; M \
                 (datapoints_to_alarm) is at least 1 and at most N (evaluation_periods).",
        example: "monitoring:\n  Monitoring:\n    function: Detector\n    bad_records: {threshold: 10, evaluation_periods: 3, datapoints_to_alarm: 5}",
        fix: "set datapoints_to_alarm to a whole number from 1 to evaluation_periods",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html",
    }
    /// A rule for an alarm that is not created (warning).
    UNUSED_ALARM_RULE = "W0706" => {
        title: "a rule is set for an alarm the monitored function does not get",
        checks: "The offset-lag alarm needs a Kafka source, the endpoint alarms a SageMaker \
                 endpoint, and the mapping alarms a source that publishes their metric group \
                 (with an on-failure destination or a schema registry for the alarms on those); \
                 a rule set for an alarm that is not created has no effect.",
        example: "monitoring:\n  Monitoring:\n    function: Detector   # scores with an embedded model\n    endpoint_errors: {threshold: 1}",
        fix: "remove the rule, or wire the function to what the alarm watches",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html",
    }
    /// No alert topic (warning).
    NO_ALERT_TOPIC = "W0707" => {
        title: "the alarms notify no one",
        checks: "Alarms without an action change state silently; an alert topic receives their \
                 notifications.",
        example: "monitoring:\n  Monitoring:\n    function: Detector   # no alert_topic",
        fix: "wire a topic (`alert_topic: Alerts`, or `.alert_topic(&topic)`)",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html",
    }
    /// Records a mapping drops unseen (warning).
    DROPS_UNWATCHED = "W0708" => {
        title: "a source drops records without an on-failure destination and publishes no event_count metrics",
        checks: "A mapping with a retry or record-age limit and no on-failure destination discards \
                 the records it gives up on. Lambda counts them only in the mapping's \
                 `DroppedEventCount` metric, which exists when the source publishes its \
                 `EventCount` metrics; without it Monitoring has nothing to alarm on and the \
                 records vanish silently.",
        example: "kafka_sources:\n  AppLogs: {provisioned_pollers: {...}, max_retry_attempts: 2}   # no on_failure, no metrics\nmonitoring:\n  Watch: {function: Detector}",
        fix: "add `metrics: [event_count]` to the source (Monitoring then alarms on DroppedEventCount), or give it an on-failure destination",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#event-source-mapping-metrics",
    }
}
