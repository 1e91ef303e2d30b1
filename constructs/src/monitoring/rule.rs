//! `AlarmRule`: when one alarm fires, and the checks CloudWatch applies to it.

use crate::props::{Number, Prop};
use crate::validate::Validator;
use crate::value::Value;

/// The default period of every alarm: 5 minutes.
pub const DEFAULT_PERIOD_SECONDS: i64 = 300;

/// The longest total evaluation window CloudWatch allows for alarms with periods under an
/// hour: one day.
const MAX_WINDOW_SHORT_PERIODS: i64 = 86_400;

/// The longest total evaluation window CloudWatch allows: seven days.
const MAX_WINDOW: i64 = 604_800;

/// When an alarm fires: the metric reaches `threshold` (compared with `>=`) in
/// `datapoints_to_alarm` of the last `evaluation_periods` periods of `period_seconds`.
///
/// Every value may be a literal or a parameter; literals are checked when the stack
/// synthesizes (threshold above 0, period a whole number of minutes, at least one evaluation
/// period, at most as many breaching datapoints as periods, and a window CloudWatch accepts).
///
/// ```
/// use constructs::AlarmRule;
/// let rule = AlarmRule::new(50_000).period_seconds(60).evaluation_periods(15).datapoints_to_alarm(10);
/// assert_eq!(rule.threshold().as_i64(), Some(50_000));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "When an alarm fires: the metric reaches `threshold` in `datapoints_to_alarm` of the last `evaluation_periods` periods of `period_seconds`."
)]
#[serde(deny_unknown_fields)]
pub struct AlarmRule {
    /// The threshold (compared with `>=`; above 0).
    #[schemars(extend("exclusiveMinimum" = 0))]
    threshold: Prop<Number>,
    /// Seconds per datapoint: a multiple of 60, at most 86,400 (default 300).
    #[serde(default = "default_period")]
    #[schemars(extend("examples" = [60, 300, 3600], "minimum" = 60, "maximum" = 86_400, "multipleOf" = 60))]
    period_seconds: Prop<i64>,
    /// Periods evaluated (default 1).
    #[serde(default = "one_period")]
    #[schemars(extend("examples" = [1, 3, 5], "minimum" = 1, "maximum" = 10_080))]
    evaluation_periods: Prop<i64>,
    /// Breaching periods that fire the alarm (default all evaluated).
    #[serde(default)]
    #[schemars(extend("examples" = [1], "minimum" = 1))]
    datapoints_to_alarm: Option<Prop<i64>>,
}

fn default_period() -> Prop<i64> {
    Prop::new(DEFAULT_PERIOD_SECONDS)
}

fn one_period() -> Prop<i64> {
    Prop::new(1)
}

impl AlarmRule {
    /// Fires when the metric reaches `threshold` in one 5-minute period.
    pub fn new(threshold: impl Into<Value>) -> Self {
        Self {
            threshold: Prop::new(threshold),
            period_seconds: default_period(),
            evaluation_periods: one_period(),
            datapoints_to_alarm: None,
        }
    }

    /// Seconds per datapoint: a multiple of 60, at most 86,400 (default 300).
    pub fn period_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.period_seconds = Prop::new(seconds);
        self
    }

    /// How many recent periods are evaluated (at least 1; default 1).
    pub fn evaluation_periods(mut self, periods: impl Into<Value>) -> Self {
        self.evaluation_periods = Prop::new(periods);
        self
    }

    /// How many of the evaluated periods must breach (1 to `evaluation_periods`; default
    /// all of them).
    pub fn datapoints_to_alarm(mut self, datapoints: impl Into<Value>) -> Self {
        self.datapoints_to_alarm = Some(Prop::new(datapoints));
        self
    }

    /// The threshold.
    pub fn threshold(&self) -> &Value {
        &self.threshold
    }

    /// The period in seconds.
    pub fn period(&self) -> &Value {
        &self.period_seconds
    }

    /// The number of evaluated periods.
    pub fn evaluation_period_count(&self) -> &Value {
        &self.evaluation_periods
    }

    /// The number of breaching datapoints that fire the alarm, when set.
    pub fn datapoints(&self) -> Option<&Value> {
        self.datapoints_to_alarm.as_deref()
    }

    /// Records every problem of the rule under `property` (the builder method that set it).
    pub(super) fn validate(&self, v: &mut Validator<'_>, property: &str) {
        let p = |field: &str| format!("{property}.{field}");
        match self.threshold.value() {
            Value::Intrinsic(_) => {}
            Value::Int(_) | Value::Float(_) => {
                let t = self.threshold.as_f64().unwrap_or(f64::NAN);
                if !(t.is_finite() && t > 0.0) {
                    v.error(&crate::rules::monitoring::ALARM_THRESHOLD,
                        &p("threshold"),
                        Some(self.threshold.value()),
                        "must be a number above 0: the alarm compares with >=, so 0 or less would always fire",
                        format!("set {property}'s threshold to the smallest value worth an alarm"),
                    );
                }
            }
            _ => v.error(
                &crate::rules::monitoring::ALARM_THRESHOLD,
                &p("threshold"),
                Some(self.threshold.value()),
                "must be a number",
                format!("give {property}'s threshold as a number or a Number parameter"),
            ),
        }
        let period = v.int_range(&crate::rules::monitoring::ALARM_PERIOD,
            &p("period_seconds"),
            &self.period_seconds,
            60,
            86_400,
            "the metrics are published per minute and this construct accepts periods of 1 minute to 1 day",
        );
        if let Some(period) = period.filter(|s| s % 60 != 0) {
            v.error(&crate::rules::monitoring::ALARM_PERIOD,
                &p("period_seconds"),
                Some(&self.period_seconds),
                format!("{period} is not a whole number of minutes; CloudWatch accepts only multiples of 60 for these metrics"),
                format!("use a multiple of 60, e.g. {}", (period / 60).max(1) * 60),
            );
        }
        let periods = v.int_range(
            &crate::rules::monitoring::ALARM_EVALUATION_PERIODS,
            &p("evaluation_periods"),
            &self.evaluation_periods,
            1,
            MAX_WINDOW / 60,
            "an alarm evaluates at least one period",
        );
        if let (Some(period), Some(periods)) = (period, periods) {
            let max = if period < 3600 {
                MAX_WINDOW_SHORT_PERIODS
            } else {
                MAX_WINDOW
            };
            if period * periods > max {
                v.error(&crate::rules::monitoring::ALARM_WINDOW,
                    &p("evaluation_periods"),
                    Some(&self.evaluation_periods),
                    format!(
                        "{periods} periods of {period} s span {} s, but CloudWatch evaluates at most {max} s ({})",
                        period * periods,
                        if max == MAX_WINDOW { "7 days" } else { "1 day for periods under an hour" }
                    ),
                    "evaluate fewer or shorter periods",
                );
            }
        }
        if let Some(datapoints) = &self.datapoints_to_alarm {
            let upper = periods.unwrap_or(MAX_WINDOW / 60);
            v.int_range(
                &crate::rules::monitoring::ALARM_DATAPOINTS,
                &p("datapoints_to_alarm"),
                datapoints,
                1,
                upper,
                "the breaching datapoints are counted among the evaluated periods",
            );
        }
    }
}
