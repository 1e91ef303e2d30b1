//! Alarms and graphs on a Kafka source's own event source mapping metrics, for the sources that
//! publish them (`MetricsConfig`: `EventCount`, `ErrorCount`, `KafkaMetrics`).
//!
//! Lambda publishes these in `AWS/Lambda` with the dimension `EventSourceMappingUUID`, the
//! mapping's id (its `Ref`) ("Event source mapping metrics", Lambda Developer Guide).

use serde_json::{Value as Json, json};

use super::alarms::{LAMBDA_NAMESPACE, MetricSpec};
use super::rule::AlarmRule;
use crate::construct::Handle;
use crate::function::Deferred;
use crate::kafka::{KafkaSource, MappingMetric};
use crate::logical_id::LogicalId;
use crate::resources::cloudwatch::Dimension;
use crate::scope::Scope;
use crate::value::Value;

/// The dimension of event source mapping metrics.
pub const MAPPING_DIMENSION: &str = "EventSourceMappingUUID";

/// An alarm on one source's mapping metrics; [`Monitoring`](super::Monitoring) creates each for
/// every source of the function that publishes its metric group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MappingAlarm {
    /// `DroppedEventCount` (`Sum`; `EventCount` group): records the mapping discarded after its
    /// retries or record age ran out without delivering them to an on-failure destination.
    /// Default: at least 1 in 5 minutes.
    DroppedEvents,
    /// `PollingErrorCount` (`Sum`; `ErrorCount` group): the mapping cannot read the topic
    /// (authentication, network, cluster). Default: at least 1 in 5 minutes.
    PollingErrors,
    /// `OnFailureDestinationDeliveryErrorCount` (`Sum`; `ErrorCount` group; sources with an
    /// on-failure destination): records that could not be delivered there. Default: at least 1
    /// in 5 minutes.
    DestinationDeliveryErrors,
    /// `SchemaRegistryErrorCount` (`Sum`; `ErrorCount` group; sources with a schema registry):
    /// schemas that could not be fetched or records that did not deserialize. Default: at least
    /// 1 in 5 minutes.
    SchemaRegistryErrors,
    /// `MaxOffsetLag` (`Maximum`; `KafkaMetrics` group): the largest lag over the mapping's
    /// partitions. Default: at least 10,000 records in each of three 5-minute periods.
    MaxOffsetLag,
}

impl MappingAlarm {
    /// Every mapping alarm, in the order they are created for a source.
    pub const ALL: [MappingAlarm; 5] = [
        MappingAlarm::DroppedEvents,
        MappingAlarm::PollingErrors,
        MappingAlarm::DestinationDeliveryErrors,
        MappingAlarm::SchemaRegistryErrors,
        MappingAlarm::MaxOffsetLag,
    ];

    /// The alarm's name, as its logical id (after the source's id) and messages use it.
    pub fn name(self) -> &'static str {
        match self {
            MappingAlarm::DroppedEvents => "DroppedEvents",
            MappingAlarm::PollingErrors => "PollingErrors",
            MappingAlarm::DestinationDeliveryErrors => "DestinationDeliveryErrors",
            MappingAlarm::SchemaRegistryErrors => "SchemaRegistryErrors",
            MappingAlarm::MaxOffsetLag => "MaxOffsetLag",
        }
    }

    /// The builder method (and stack-file key) that sets its rule.
    pub(super) fn property(self) -> &'static str {
        match self {
            MappingAlarm::DroppedEvents => "dropped_events",
            MappingAlarm::PollingErrors => "polling_errors",
            MappingAlarm::DestinationDeliveryErrors => "destination_delivery_errors",
            MappingAlarm::SchemaRegistryErrors => "schema_registry_errors",
            MappingAlarm::MaxOffsetLag => "mapping_offset_lag",
        }
    }

    /// The metric it watches.
    pub fn metric(self) -> &'static str {
        match self {
            MappingAlarm::DroppedEvents => "DroppedEventCount",
            MappingAlarm::PollingErrors => "PollingErrorCount",
            MappingAlarm::DestinationDeliveryErrors => "OnFailureDestinationDeliveryErrorCount",
            MappingAlarm::SchemaRegistryErrors => "SchemaRegistryErrorCount",
            MappingAlarm::MaxOffsetLag => "MaxOffsetLag",
        }
    }

    /// The metric group the source must publish for the metric to exist.
    pub fn group(self) -> MappingMetric {
        match self {
            MappingAlarm::DroppedEvents => MappingMetric::EventCount,
            MappingAlarm::PollingErrors
            | MappingAlarm::DestinationDeliveryErrors
            | MappingAlarm::SchemaRegistryErrors => MappingMetric::ErrorCount,
            MappingAlarm::MaxOffsetLag => MappingMetric::KafkaMetrics,
        }
    }

    /// The rule used unless one is given.
    pub fn default_rule(self) -> AlarmRule {
        match self {
            MappingAlarm::MaxOffsetLag => AlarmRule::new(10_000).evaluation_periods(3),
            _ => AlarmRule::new(1),
        }
    }

    /// True when `source` gets this alarm: it publishes the metric group, and has what the
    /// metric counts (an on-failure destination, a schema registry).
    pub fn applies_to(self, source: &Handle<KafkaSource>) -> bool {
        let props = source.props();
        props.metrics.contains(&self.group())
            && match self {
                MappingAlarm::DestinationDeliveryErrors => props.on_failure.is_some(),
                MappingAlarm::SchemaRegistryErrors => !props.schema_registries.is_empty(),
                _ => true,
            }
    }

    /// What the alarm watches on `source`.
    pub(super) fn spec(self, source: &Handle<KafkaSource>) -> MetricSpec {
        let path = source.scope().path();
        let (statistic, missing, notify_ok, description) = match self {
            MappingAlarm::DroppedEvents => (
                "Sum",
                "notBreaching",
                false,
                format!(
                    "The event source mapping of `{path}` dropped records after its retries or record age ran out, without delivering them to an on-failure destination: they were never scored and are not kept. Check the function's errors and the mapping's retry settings, or add an on-failure destination."
                ),
            ),
            MappingAlarm::PollingErrors => (
                "Sum",
                "notBreaching",
                true,
                format!(
                    "The event source mapping of `{path}` cannot read its topic: polling fails (authentication, network or cluster). Records wait in Kafka; check the mapping's state and its logs."
                ),
            ),
            MappingAlarm::DestinationDeliveryErrors => (
                "Sum",
                "notBreaching",
                true,
                format!(
                    "The event source mapping of `{path}` could not deliver failed records to its on-failure destination; Lambda drops them. Check the destination and the function role's permission on it."
                ),
            ),
            MappingAlarm::SchemaRegistryErrors => (
                "Sum",
                "notBreaching",
                true,
                format!(
                    "The event source mapping of `{path}` could not fetch a schema or deserialize a record with its schema registry; such records go to the on-failure destination, or are dropped without one."
                ),
            ),
            MappingAlarm::MaxOffsetLag => (
                "Maximum",
                "missing",
                true,
                format!(
                    "A partition read by the event source mapping of `{path}` is falling behind (MaxOffsetLag): records wait longer before they are scored. Check the function's duration, errors and throttles, or add pollers."
                ),
            ),
        };
        MetricSpec {
            namespace: LAMBDA_NAMESPACE.into(),
            metric: self.metric(),
            dimensions: vec![Dimension::new(
                MAPPING_DIMENSION,
                Value::reference(&source.mapping_id()),
            )],
            statistic,
            missing,
            notify_ok,
            description,
        }
    }
}

/// The logical id of `alarm` on `source` under the monitoring construct at `scope`.
pub(super) fn alarm_id(
    scope: &Scope,
    source: &Handle<KafkaSource>,
    alarm: MappingAlarm,
) -> LogicalId {
    scope.logical_id(&format!(
        "{}{}Alarm",
        LogicalId::pascal_fragment(source.scope().id()),
        alarm.name()
    ))
}

/// One graph per metric group each source publishes: `(title, stat, metrics)`.
pub(super) fn graphs(
    source: &Handle<KafkaSource>,
    deferred: &mut Deferred,
) -> Vec<(String, &'static str, Vec<Json>)> {
    let props = source.props();
    if props.metrics.is_empty() {
        return Vec::new();
    }
    let mapping = deferred.slot(&Value::reference(&source.mapping_id()));
    let row = |metric: &str, label: &str| json!([LAMBDA_NAMESPACE, metric, MAPPING_DIMENSION, mapping, {"label": label}]);
    let id = source.scope().path();
    let mut graphs = Vec::new();
    for group in [
        MappingMetric::EventCount,
        MappingMetric::ErrorCount,
        MappingMetric::KafkaMetrics,
    ] {
        if !props.metrics.contains(&group) {
            continue;
        }
        let (title, stat, metrics): (String, &'static str, &[(&str, &str)]) = match group {
            MappingMetric::EventCount => (
                format!("Mapping {id}: records"),
                "Sum",
                &[
                    ("PolledEventCount", "polled"),
                    ("FilteredOutEventCount", "filtered out"),
                    ("InvokedEventCount", "invoked"),
                    ("FailedInvokeEventCount", "failed"),
                    (
                        "OnFailureDestinationDeliveredEventCount",
                        "to on-failure destination",
                    ),
                    ("DroppedEventCount", "dropped"),
                    ("CommittedEventCount", "committed"),
                ],
            ),
            MappingMetric::ErrorCount => (
                format!("Mapping {id}: errors"),
                "Sum",
                &[
                    ("PollingErrorCount", "polling"),
                    ("InvokeErrorCount", "invoke"),
                    (
                        "OnFailureDestinationDeliveryErrorCount",
                        "destination delivery",
                    ),
                    ("SchemaRegistryErrorCount", "schema registry"),
                    ("CommitErrorCount", "commit"),
                ],
            ),
            MappingMetric::KafkaMetrics => (
                format!("Mapping {id}: offset lag (records)"),
                "Maximum",
                &[("MaxOffsetLag", "max"), ("SumOffsetLag", "sum")],
            ),
        };
        graphs.push((
            title,
            stat,
            metrics.iter().map(|(m, l)| row(m, l)).collect(),
        ));
    }
    graphs
}
