//! Alarms and dashboards.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::refs::Id;
use crate::config::value::Val;
use crate::props::Number;

/// CloudWatch alarms and a dashboard for one function. Each alarm has a default rule; the
/// keys below replace it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringConfig {
    /// The `functions` id watched.
    pub function: Id,
    /// The `alert_topics` id notified when an alarm fires (and when a persistent one clears).
    #[serde(default)]
    pub alert_topic: Option<Id>,
    /// Failed invocations (default: at least 1 in 5 minutes).
    #[serde(default)]
    pub function_errors: Option<AlarmRuleConfig>,
    /// Throttled invocations (default: at least 1 in 5 minutes).
    #[serde(default)]
    pub function_throttles: Option<AlarmRuleConfig>,
    /// Kafka offset lag in records (default: at least 10,000 in three 5-minute periods).
    #[serde(default)]
    pub offset_lag: Option<AlarmRuleConfig>,
    /// Anomalies per period (default: at least 10 in 5 minutes).
    #[serde(default)]
    pub anomalies: Option<AlarmRuleConfig>,
    /// Bad records per period (default: at least 1 in 5 minutes).
    #[serde(default)]
    pub bad_records: Option<AlarmRuleConfig>,
    /// The endpoint's 5xx answers (default: at least 1 in 5 minutes).
    #[serde(default)]
    pub endpoint_errors: Option<AlarmRuleConfig>,
    /// Model latency in microseconds (default: at least 2,000,000 in three 5-minute periods).
    #[serde(default)]
    pub model_latency: Option<AlarmRuleConfig>,
}

/// When an alarm fires: the metric reaches `threshold` in `datapoints_to_alarm` of the last
/// `evaluation_periods` periods of `period_seconds`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmRuleConfig {
    /// The threshold (compared with `>=`; above 0).
    pub threshold: Val<Number>,
    /// Seconds per datapoint: a multiple of 60, at most 86,400 (default 300).
    #[serde(default)]
    pub period_seconds: Option<Val<i64>>,
    /// Periods evaluated (default 1).
    #[serde(default)]
    pub evaluation_periods: Option<Val<i64>>,
    /// Breaching periods that fire the alarm (default all evaluated).
    #[serde(default)]
    pub datapoints_to_alarm: Option<Val<i64>>,
}
