//! Provisioned mode: dedicated event pollers, and the options only it offers.

use crate::props::{OptionalProp, Prop};
use crate::rules::kafka as rule;
use crate::value::Value;

/// Provisioned mode for the mapping's event pollers (`ProvisionedPollerConfig`): a minimum
/// kept warm (1–200) and a maximum to scale to (1–2000), optionally shared with other
/// mappings of the same VPC through a poller group. Retry controls, partial batch responses,
/// mapping metrics and mapping logs need it.
///
/// ```
/// use constructs::kafka::ProvisionedPollers;
/// let pollers = ProvisionedPollers::new(1, 10).group("detectors");
/// # let _ = pollers;
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "Provisioned pollers.")]
#[serde(deny_unknown_fields)]
pub struct ProvisionedPollers {
    /// Pollers kept warm, 1 to 200.
    #[schemars(extend("examples" = [1, 2, 5], "minimum" = 1, "maximum" = 200))]
    pub(crate) minimum: Prop<i64>,
    /// Pollers to scale to, 1 to 2000.
    #[schemars(extend("examples" = [5, 10, 200], "minimum" = 1, "maximum" = 2000))]
    pub(crate) maximum: Prop<i64>,
    /// A poller group shared with other mappings of the same VPC (1 to 128 letters, digits,
    /// `-` and `_`).
    #[serde(default)]
    #[schemars(extend("pattern" = "^[a-zA-Z0-9_-]{1,128}$"))]
    pub(crate) group: Option<Prop<String>>,
}

impl ProvisionedPollers {
    /// At least `minimum` (1–200) and at most `maximum` (1–2000) pollers.
    pub fn new(minimum: impl Into<Value>, maximum: impl Into<Value>) -> Self {
        Self {
            minimum: Prop::new(minimum),
            maximum: Prop::new(maximum),
            group: None,
        }
    }

    /// Shares pollers with the other mappings of the same event-source VPC that name this
    /// group (1–128 letters, digits, `-` and `_`).
    pub fn group(mut self, name: impl Into<Value>) -> Self {
        self.group = Some(Prop::new(name));
        self
    }
}

/// A metric the mapping publishes to CloudWatch (`MetricsConfig`; provisioned mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "A metric the mapping publishes.")]
#[serde(rename_all = "snake_case")]
pub enum MappingMetric {
    /// Records polled, filtered, invoked, failed and dropped.
    EventCount,
    /// Errors of the mapping itself.
    ErrorCount,
    /// Kafka consumer metrics, such as offset lag.
    KafkaMetrics,
}

impl MappingMetric {
    /// The name CloudFormation expects.
    pub fn name(self) -> &'static str {
        match self {
            MappingMetric::EventCount => "EventCount",
            MappingMetric::ErrorCount => "ErrorCount",
            MappingMetric::KafkaMetrics => "KafkaMetrics",
        }
    }
}

/// The level of the mapping's own system logs (`LoggingConfig.SystemLogLevel`; provisioned
/// mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "The mapping's log level.")]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "MappingLogLevel")]
pub enum LogLevel {
    /// Everything.
    Debug,
    /// Informational and above.
    Info,
    /// Warnings only.
    Warn,
}

impl LogLevel {
    /// The name CloudFormation expects.
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warn => "WARN",
        }
    }
}

/// Checks the poller counts and group, the ranges of the provisioned-only options, and refuses
/// those options without provisioned pollers.
pub(crate) fn check_provisioned(
    v: &mut crate::validate::Validator<'_>,
    source: &super::source::KafkaSource,
) {
    let only_provisioned: [(&str, Option<Value>); 7] = [
        ("max_retry_attempts", source.max_retry_attempts.to_value()),
        ("max_record_age_seconds", source.max_record_age.to_value()),
        ("bisect_batch_on_error", source.bisect.to_value()),
        (
            "report_batch_item_failures",
            source
                .report_batch_item_failures
                .then_some(Value::Bool(true)),
        ),
        (
            "metrics",
            (!source.metrics.is_empty())
                .then(|| Value::list(source.metrics.iter().map(|m| m.name()))),
        ),
        (
            "system_log_level",
            source.system_log_level.map(|l| Value::from(l.name())),
        ),
        (
            "schema_registry",
            source
                .schema_registries
                .first()
                .map(|r| r.config().schema_registry_uri),
        ),
    ];
    match &source.pollers {
        Some(pollers) => check_pollers(v, pollers),
        None => {
            for (property, value) in only_provisioned
                .iter()
                .filter_map(|(p, v)| Some((p, v.as_ref()?)))
            {
                v.error(
                    &rule::PROVISIONED_ONLY,
                    property,
                    Some(value),
                    "is available only in provisioned mode",
                    "add provisioned_pollers(ProvisionedPollers::new(1, N)), or remove this option",
                );
            }
        }
    }
    if let Some(attempts) = &source.max_retry_attempts {
        v.int_range(
            &rule::MAX_RETRY_ATTEMPTS,
            "max_retry_attempts",
            attempts,
            -1,
            10_000,
            "-1 retries until the record expires",
        );
    }
    if let Some(age) = &source.max_record_age {
        check_record_age(v, age);
    }
    if let Some(bisect) = &source.bisect {
        super::validate::check_bool(v, "bisect_batch_on_error", bisect);
    }
}

fn check_pollers(v: &mut crate::validate::Validator<'_>, pollers: &ProvisionedPollers) {
    const P: &str = "provisioned_pollers";
    let min = v.int_range(
        &rule::POLLER_COUNTS,
        P,
        &pollers.minimum,
        1,
        200,
        "the minimum number of pollers is 1 to 200",
    );
    let max = v.int_range(
        &rule::POLLER_COUNTS,
        P,
        &pollers.maximum,
        1,
        2000,
        "the maximum number of pollers is 1 to 2000",
    );
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            v.error(
                &rule::POLLER_COUNTS,
                P,
                Some(&Value::list([min, max])),
                format!("has minimum {min} above maximum {max}"),
                "make the minimum at most the maximum",
            );
        }
    }
    if let Some(group) = &pollers.group {
        v.string_len(
            &rule::POLLER_GROUP_NAME,
            P,
            group,
            1,
            128,
            "poller group names have 1 to 128 characters",
        );
        v.chars(
            &rule::POLLER_GROUP_NAME,
            P,
            group,
            |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
            "ASCII letters, digits, '-' and '_'",
        );
    }
}

/// -1 (no limit) or 60–604,800 seconds: the schema allows -1 to 604,800, and Lambda's Kafka
/// error-handling guide gives 60 seconds as the shortest limit.
fn check_record_age(v: &mut crate::validate::Validator<'_>, age: &Value) {
    const P: &str = "max_record_age_seconds";
    match age {
        Value::Intrinsic(_) | Value::Int(-1) => {}
        Value::Int(s) if (60..=604_800).contains(s) => {}
        _ => v.error(
            &rule::MAX_RECORD_AGE,
            P,
            Some(age),
            "must be -1 (no limit) or 60 to 604800 seconds",
            "set max_record_age_seconds to -1 or a whole number of seconds from 60 to 604800",
        ),
    }
}
