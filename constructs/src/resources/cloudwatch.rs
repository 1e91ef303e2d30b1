//! `AWS::CloudWatch::*` resource types.

use serde::Serialize;

use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::CloudWatch::Alarm` on a single metric. `Ref` returns the alarm's name.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    /// What the alarm means and what to do (at most 1024 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    /// Whether state changes run the actions.
    pub actions_enabled: bool,
    /// ARNs notified when the alarm enters `ALARM` (at most 5).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alarm_actions: Vec<Value>,
    /// ARNs notified when the alarm returns to `OK` (at most 5).
    #[serde(rename = "OKActions", skip_serializing_if = "Vec::is_empty")]
    pub ok_actions: Vec<Value>,
    /// The metric's namespace, e.g. `AWS/Lambda`.
    pub namespace: String,
    /// The metric's name, e.g. `Errors`.
    pub metric_name: String,
    /// The metric's dimensions.
    pub dimensions: Vec<Dimension>,
    /// `Sum`, `Average`, `Maximum`, `Minimum` or `SampleCount`.
    pub statistic: String,
    /// Seconds per datapoint.
    pub period: Value,
    /// Datapoints evaluated.
    pub evaluation_periods: Value,
    /// Breaching datapoints (of `EvaluationPeriods`) that trigger the alarm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<Value>,
    /// The value compared against.
    pub threshold: Value,
    /// E.g. `GreaterThanOrEqualToThreshold`.
    pub comparison_operator: String,
    /// `breaching`, `notBreaching`, `ignore` or `missing`.
    pub treat_missing_data: String,
}

impl ResourceProperties for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

/// A metric dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    /// The dimension's name, e.g. `FunctionName`.
    pub name: String,
    /// Its value.
    pub value: Value,
}

impl Dimension {
    /// A dimension.
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// `AWS::CloudWatch::Dashboard`. `Ref` returns the dashboard's name.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dashboard {
    /// The name (letters, digits, `-` and `_`, at most 255 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_name: Option<Value>,
    /// The widgets, as a JSON string.
    pub dashboard_body: Value,
}

impl ResourceProperties for Dashboard {
    const TYPE: &'static str = "AWS::CloudWatch::Dashboard";
}
