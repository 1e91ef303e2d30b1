//! `Monitoring`: CloudWatch alarms and a dashboard for one anomaly-detection function, its
//! Kafka mappings and its scoring endpoint.
//!
//! Metrics watched (namespace, name, dimensions):
//! - `AWS/Lambda` `Errors`, `Throttles` and `OffsetLag` by `FunctionName`. Lambda publishes
//!   `OffsetLag` for functions with Amazon MSK or self-managed Kafka event sources at the
//!   function level, measured per topic ("Types of metrics for Lambda functions", Lambda
//!   Developer Guide), so one alarm covers every mapping of the function.
//! - The runtime's embedded metrics ([`crate::contract::metric`]) in the function's
//!   `metrics_namespace`, dimension [`METRIC_DIMENSION`](crate::contract::METRIC_DIMENSION)
//!   = the deployed function's name.
//! - `AWS/SageMaker` `Invocation5XXErrors` and `ModelLatency` (microseconds) by
//!   `EndpointName` and `VariantName`, for the function's scorer.
//! - For each Kafka source that publishes its mapping's own metrics (`MetricsConfig`), the
//!   `AWS/Lambda` event source mapping metrics by `EventSourceMappingUUID` (see
//!   [`MappingAlarm`]).

mod alarms;
mod dashboard;
mod mapping;
mod rule;
#[cfg(test)]
mod tests;

pub use alarms::{Alarm, LAMBDA_NAMESPACE, SAGEMAKER_NAMESPACE};
pub use mapping::{MAPPING_DIMENSION, MappingAlarm};
pub use rule::{AlarmRule, DEFAULT_PERIOD_SECONDS};

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::function::AnomalyFunction;
use crate::kafka::{KafkaSource, MappingMetric};
use crate::logical_id::LogicalId;
use crate::props::Referable;
use crate::resources::cloudwatch::{Alarm as AlarmProps, Dashboard};
use crate::scope::Scope;
use crate::sinks::AlertTopic;
use crate::template::Resource;
use crate::value::Value;

const KIND: &str = "Monitoring";

/// CloudWatch alarms and a dashboard for an [`AnomalyFunction`].
///
/// Alarms (see [`Alarm`] for each metric and default rule): function errors and throttles,
/// Kafka offset lag (when the function has a source), anomaly bursts and bad records (the
/// runtime's embedded metrics), and the scorer's 5xx errors and model latency (when the
/// function has one). Each notifies the [`alert_topic`](Monitoring::alert_topic) when it
/// fires, and persistent conditions (errors, throttles, lag, endpoint health) notify again
/// when they clear. Missing data is treated per alarm: as not breaching where the metric is
/// only published when something happens, as missing for offset lag.
///
/// For each source that publishes its mapping's own metrics ([`KafkaSource::metrics`]), the
/// alarms of [`MappingAlarm`] watch that mapping: dropped records (`EventCount`), polling,
/// destination-delivery and schema-registry errors (`ErrorCount`), and the largest partition
/// lag (`KafkaMetrics`).
///
/// The dashboard shows the alarms' states, records, scored records and anomalies, bad
/// records, the highest score against the threshold, offset lag, scoring latency, the
/// endpoint's latency and errors, the function's invocations, errors and throttles, and each
/// mapping's own records, errors and lag when it publishes them.
///
/// ```
/// use constructs::{
///     AlarmRule, AlertTopic, AnomalyFunction, FunctionCode, KafkaSource, Monitoring,
///     RcfEndpoint, Stack, StartingPosition,
/// };
/// let mut stack = Stack::new("demo");
/// let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
/// let logs = stack.add(
///     "AppLogs",
///     KafkaSource::msk("arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab-1", "app-logs")
///         .starting_position(StartingPosition::Latest),
/// );
/// let alerts = stack.add("Alerts", AlertTopic::new());
/// let detector = stack.add(
///     "Detector",
///     AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
///         .scorer(&scorer)
///         .add_source(&logs)
///         .alert_topic(&alerts),
/// );
/// let monitoring = stack.add(
///     "Monitoring",
///     Monitoring::new(&detector)
///         .alert_topic(&alerts)
///         .offset_lag(AlarmRule::new(50_000).evaluation_periods(3)),
/// );
/// assert_eq!(monitoring.alarm_ids().len(), 7);
/// assert!(stack.synth().is_ok());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "CloudWatch alarms and a dashboard for one function. Each alarm has a default rule; the keys below replace it."
)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// The `functions` id watched.
    function: Handle<AnomalyFunction>,
    /// The `alert_topics` id notified when an alarm fires (and when a persistent one clears).
    #[serde(default)]
    alert_topic: Option<Handle<AlertTopic>>,
    /// Failed invocations (default: at least 1 in 5 minutes).
    #[serde(default)]
    function_errors: Option<AlarmRule>,
    /// Throttled invocations (default: at least 1 in 5 minutes).
    #[serde(default)]
    function_throttles: Option<AlarmRule>,
    /// Kafka offset lag in records (default: at least 10,000 in three 5-minute periods).
    #[serde(default)]
    offset_lag: Option<AlarmRule>,
    /// Anomalies per period (default: at least 10 in 5 minutes).
    #[serde(default)]
    anomalies: Option<AlarmRule>,
    /// Bad records per period (default: at least 1 in 5 minutes).
    #[serde(default)]
    bad_records: Option<AlarmRule>,
    /// The endpoint's 5xx answers (default: at least 1 in 5 minutes).
    #[serde(default)]
    endpoint_errors: Option<AlarmRule>,
    /// Model latency in microseconds (default: at least 2,000,000 in three 5-minute periods).
    #[serde(default)]
    model_latency: Option<AlarmRule>,
    /// Records a source's mapping dropped (`DroppedEventCount`; sources with `event_count`
    /// metrics; default: at least 1 in 5 minutes).
    #[serde(default)]
    dropped_events: Option<AlarmRule>,
    /// A source's mapping failing to poll (`PollingErrorCount`; sources with `error_count`
    /// metrics; default: at least 1 in 5 minutes).
    #[serde(default)]
    polling_errors: Option<AlarmRule>,
    /// Failed deliveries to a source's on-failure destination
    /// (`OnFailureDestinationDeliveryErrorCount`; default: at least 1 in 5 minutes).
    #[serde(default)]
    destination_delivery_errors: Option<AlarmRule>,
    /// Schema registry errors of a source's mapping (`SchemaRegistryErrorCount`; default: at
    /// least 1 in 5 minutes).
    #[serde(default)]
    schema_registry_errors: Option<AlarmRule>,
    /// The largest partition lag of a source's mapping (`MaxOffsetLag`; sources with
    /// `kafka_metrics`; default: at least 10,000 in three 5-minute periods).
    #[serde(default)]
    mapping_offset_lag: Option<AlarmRule>,
}

impl Referable for Monitoring {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "monitoring";
}

impl Monitoring {
    /// Alarms and a dashboard for `function`, with every alarm's default rule.
    pub fn new(function: &Handle<AnomalyFunction>) -> Self {
        Self {
            function: function.clone(),
            alert_topic: None,
            function_errors: None,
            function_throttles: None,
            offset_lag: None,
            anomalies: None,
            bad_records: None,
            endpoint_errors: None,
            model_latency: None,
            dropped_events: None,
            polling_errors: None,
            destination_delivery_errors: None,
            schema_registry_errors: None,
            mapping_offset_lag: None,
        }
    }

    /// Notifies `topic` when an alarm fires (and when a persistent one clears).
    pub fn alert_topic(mut self, topic: &Handle<AlertTopic>) -> Self {
        self.alert_topic = Some(topic.clone());
        self
    }

    fn with(mut self, alarm: Alarm, rule: AlarmRule) -> Self {
        *self.slot(alarm) = Some(rule);
        self
    }

    /// Where the rule given for `alarm` is kept.
    fn slot(&mut self, alarm: Alarm) -> &mut Option<AlarmRule> {
        match alarm {
            Alarm::FunctionErrors => &mut self.function_errors,
            Alarm::FunctionThrottles => &mut self.function_throttles,
            Alarm::OffsetLag => &mut self.offset_lag,
            Alarm::Anomalies => &mut self.anomalies,
            Alarm::BadRecords => &mut self.bad_records,
            Alarm::EndpointErrors => &mut self.endpoint_errors,
            Alarm::ModelLatency => &mut self.model_latency,
        }
    }

    /// The rule given for `alarm`, if one was.
    fn given(&self, alarm: Alarm) -> Option<&AlarmRule> {
        match alarm {
            Alarm::FunctionErrors => self.function_errors.as_ref(),
            Alarm::FunctionThrottles => self.function_throttles.as_ref(),
            Alarm::OffsetLag => self.offset_lag.as_ref(),
            Alarm::Anomalies => self.anomalies.as_ref(),
            Alarm::BadRecords => self.bad_records.as_ref(),
            Alarm::EndpointErrors => self.endpoint_errors.as_ref(),
            Alarm::ModelLatency => self.model_latency.as_ref(),
        }
    }

    /// The rule of [`Alarm::FunctionErrors`] (failed invocations).
    pub fn function_errors(self, rule: AlarmRule) -> Self {
        self.with(Alarm::FunctionErrors, rule)
    }

    /// The rule of [`Alarm::FunctionThrottles`] (throttled invocations).
    pub fn function_throttles(self, rule: AlarmRule) -> Self {
        self.with(Alarm::FunctionThrottles, rule)
    }

    /// The rule of [`Alarm::OffsetLag`] (records behind, the highest in a period).
    pub fn offset_lag(self, rule: AlarmRule) -> Self {
        self.with(Alarm::OffsetLag, rule)
    }

    /// The rule of [`Alarm::Anomalies`] (anomalies per period).
    pub fn anomalies(self, rule: AlarmRule) -> Self {
        self.with(Alarm::Anomalies, rule)
    }

    /// The rule of [`Alarm::BadRecords`] (bad records per period).
    pub fn bad_records(self, rule: AlarmRule) -> Self {
        self.with(Alarm::BadRecords, rule)
    }

    /// The rule of [`Alarm::EndpointErrors`] (the endpoint's 5xx answers per period).
    pub fn endpoint_errors(self, rule: AlarmRule) -> Self {
        self.with(Alarm::EndpointErrors, rule)
    }

    /// The rule of [`Alarm::ModelLatency`]; the threshold is in microseconds, the unit
    /// SageMaker reports `ModelLatency` in.
    pub fn model_latency(self, rule: AlarmRule) -> Self {
        self.with(Alarm::ModelLatency, rule)
    }

    /// The rule in effect for `alarm`.
    pub fn rule(&self, alarm: Alarm) -> AlarmRule {
        self.given(alarm)
            .cloned()
            .unwrap_or_else(|| alarm.default_rule())
    }

    /// Where the rule given for a mapping alarm is kept.
    fn mapping_slot(&mut self, alarm: MappingAlarm) -> &mut Option<AlarmRule> {
        match alarm {
            MappingAlarm::DroppedEvents => &mut self.dropped_events,
            MappingAlarm::PollingErrors => &mut self.polling_errors,
            MappingAlarm::DestinationDeliveryErrors => &mut self.destination_delivery_errors,
            MappingAlarm::SchemaRegistryErrors => &mut self.schema_registry_errors,
            MappingAlarm::MaxOffsetLag => &mut self.mapping_offset_lag,
        }
    }

    /// The rule given for a mapping alarm, if one was.
    fn mapping_given(&self, alarm: MappingAlarm) -> Option<&AlarmRule> {
        match alarm {
            MappingAlarm::DroppedEvents => self.dropped_events.as_ref(),
            MappingAlarm::PollingErrors => self.polling_errors.as_ref(),
            MappingAlarm::DestinationDeliveryErrors => self.destination_delivery_errors.as_ref(),
            MappingAlarm::SchemaRegistryErrors => self.schema_registry_errors.as_ref(),
            MappingAlarm::MaxOffsetLag => self.mapping_offset_lag.as_ref(),
        }
    }

    /// The rule of `alarm` on every source that gets it (see [`MappingAlarm`]).
    pub fn mapping_alarm(mut self, alarm: MappingAlarm, rule: AlarmRule) -> Self {
        *self.mapping_slot(alarm) = Some(rule);
        self
    }

    /// The rule in effect for the mapping alarm `alarm`.
    pub fn mapping_rule(&self, alarm: MappingAlarm) -> AlarmRule {
        self.mapping_given(alarm)
            .cloned()
            .unwrap_or_else(|| alarm.default_rule())
    }

    /// The function's sources, with the mapping alarms each gets.
    fn mapping_alarms(&self) -> Vec<(Handle<KafkaSource>, MappingAlarm)> {
        self.function
            .props()
            .sources
            .iter()
            .flat_map(|source| {
                MappingAlarm::ALL
                    .into_iter()
                    .filter(|alarm| alarm.applies_to(source))
                    .map(|alarm| (source.clone(), alarm))
            })
            .collect()
    }

    fn validate(&self, scope: &Scope, ctx: &mut SynthContext) {
        let mut v = ctx.validator(KIND, scope);
        for alarm in Alarm::ALL {
            self.rule(alarm).validate(&mut v, alarm.property());
        }
        for alarm in Alarm::ALL.into_iter().filter(|a| self.given(*a).is_some()) {
            if !alarm.applies_to(&self.function) {
                let missing = match alarm {
                    Alarm::OffsetLag => "has no Kafka source",
                    _ => "has no scoring endpoint",
                };
                v.warn(&crate::rules::monitoring::UNUSED_ALARM_RULE,
                    alarm.property(),
                    None,
                    format!(
                        "function `{}` {missing}, so the {} alarm is not created and this rule is unused",
                        self.function.id(),
                        alarm.name()
                    ),
                    format!("remove .{}(..), or wire the function", alarm.property()),
                );
            }
        }
        let created = self.mapping_alarms();
        for alarm in MappingAlarm::ALL {
            self.mapping_rule(alarm).validate(&mut v, alarm.property());
            if self.mapping_given(alarm).is_some() && !created.iter().any(|(_, a)| *a == alarm) {
                v.warn(&crate::rules::monitoring::UNUSED_ALARM_RULE,
                    alarm.property(),
                    None,
                    format!(
                        "no source of function `{}` publishes {} (metrics {}{}), so the {} alarm is not created and this rule is unused",
                        self.function.id(),
                        alarm.metric(),
                        alarm.group().name(),
                        match alarm {
                            MappingAlarm::DestinationDeliveryErrors => " with an on-failure destination",
                            MappingAlarm::SchemaRegistryErrors => " with a schema registry",
                            _ => "",
                        },
                        alarm.name()
                    ),
                    format!("remove .mapping_alarm(MappingAlarm::{}, ..), or add {} to a source's metrics", alarm.name(), alarm.group().name()),
                );
            }
        }
        for source in &self.function.props().sources {
            warn_unwatched_drops(&mut v, source);
        }
        if self.alert_topic.is_none() {
            v.warn(
                &crate::rules::monitoring::NO_ALERT_TOPIC,
                "alert_topic",
                None,
                "the alarms change state without notifying anyone",
                "wire a topic with .alert_topic(&topic)",
            );
        }
    }
}

impl Construct for Monitoring {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(scope, ctx);
        let function_name = self.function.function_name();
        let actions: Vec<Value> = self.alert_topic.iter().map(|t| t.topic_arn()).collect();
        let mut alarm_arns = Vec::new();
        let mut add = |id: LogicalId, spec: alarms::MetricSpec, rule: AlarmRule| {
            let props = AlarmProps {
                alarm_description: Some(spec.description),
                actions_enabled: true,
                alarm_actions: actions.clone(),
                ok_actions: if spec.notify_ok {
                    actions.clone()
                } else {
                    Vec::new()
                },
                namespace: spec.namespace,
                metric_name: spec.metric.into(),
                dimensions: spec.dimensions,
                statistic: spec.statistic.into(),
                period: rule.period().clone(),
                evaluation_periods: rule.evaluation_period_count().clone(),
                datapoints_to_alarm: rule.datapoints().cloned(),
                threshold: rule.threshold().clone(),
                comparison_operator: "GreaterThanOrEqualToThreshold".into(),
                treat_missing_data: spec.missing.into(),
            };
            alarm_arns.push(Value::get_att(&id, "Arn"));
            ctx.add_resource(scope, id, Resource::new(&props));
        };
        for alarm in Alarm::ALL {
            if let Some(spec) = alarms::spec(alarm, &self.function, &function_name) {
                add(alarm_id(scope, alarm), spec, self.rule(alarm));
            }
        }
        for (source, alarm) in self.mapping_alarms() {
            add(
                mapping::alarm_id(scope, &source, alarm),
                alarm.spec(&source),
                self.mapping_rule(alarm),
            );
        }
        let dashboard = Dashboard {
            dashboard_name: Some(Value::sub(format!(
                "${{AWS::StackName}}-${{AWS::Region}}-{}",
                crate::value::sub::sub_literal(scope.id())
            ))),
            dashboard_body: dashboard::body(&self.function, &function_name, &alarm_arns),
        };
        ctx.add_resource(scope, dashboard_id(scope), Resource::new(&dashboard));
    }
}

/// A source that drops records once its retries or record age run out, with no on-failure
/// destination, leaves `DroppedEventCount` as the only trace of them: warn when it does not
/// publish that metric.
fn warn_unwatched_drops(v: &mut crate::validate::Validator<'_>, source: &Handle<KafkaSource>) {
    let props = source.props();
    let bounded = |value: Option<&Value>| value.and_then(Value::as_i64).is_some_and(|n| n != -1);
    let drops = props.on_failure.is_none()
        && (bounded(props.max_retry_attempts.as_deref())
            || bounded(props.max_record_age.as_deref()));
    if drops && !props.metrics.contains(&MappingMetric::EventCount) {
        v.warn(
            &crate::rules::monitoring::DROPS_UNWATCHED,
            "function.sources",
            Some(&Value::from(source.id())),
            format!(
                "source `{}` drops records once its retries or record age run out and has no on-failure destination, but publishes no event_count metrics: the dropped records leave no trace to alarm on",
                source.scope().path()
            ),
            "add MappingMetric::EventCount to the source's metrics (Monitoring then alarms on DroppedEventCount), or give it an on-failure destination",
        );
    }
}

fn alarm_id(scope: &Scope, alarm: Alarm) -> LogicalId {
    scope.logical_id(&format!("{}Alarm", alarm.name()))
}

fn dashboard_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Dashboard")
}

impl Handle<Monitoring> {
    /// The logical id of `alarm`'s `AWS::CloudWatch::Alarm`, or `None` when the alarm does not
    /// apply to the function (no Kafka source for `OffsetLag`, no scorer for the endpoint
    /// alarms).
    pub fn alarm_id(&self, alarm: Alarm) -> Option<LogicalId> {
        alarm
            .applies_to(&self.props().function)
            .then(|| alarm_id(self.scope(), alarm))
    }

    /// The logical ids of every alarm created: the function's in [`Alarm::ALL`] order, then
    /// each source's mapping alarms.
    pub fn alarm_ids(&self) -> Vec<LogicalId> {
        Alarm::ALL
            .into_iter()
            .filter_map(|alarm| self.alarm_id(alarm))
            .chain(
                self.props()
                    .mapping_alarms()
                    .iter()
                    .map(|(source, alarm)| mapping::alarm_id(self.scope(), source, *alarm)),
            )
            .collect()
    }

    /// The logical id of `alarm` on `source`, when that source gets it.
    pub fn mapping_alarm_id(
        &self,
        source: &Handle<KafkaSource>,
        alarm: MappingAlarm,
    ) -> Option<LogicalId> {
        alarm
            .applies_to(source)
            .then(|| mapping::alarm_id(self.scope(), source, alarm))
    }

    /// The logical id of the `AWS::CloudWatch::Dashboard`.
    pub fn dashboard_id(&self) -> LogicalId {
        dashboard_id(self.scope())
    }

    /// The dashboard's name (`Ref`): `<stack name>-<region>-<construct id>` (dashboards are
    /// global to an account, so the region keeps one stack's dashboards apart across regions).
    pub fn dashboard_name(&self) -> Value {
        Value::reference(&self.dashboard_id())
    }
}
