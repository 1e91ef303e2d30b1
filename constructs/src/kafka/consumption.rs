//! How the mapping consumes a self-managed topic: a consumer group (stream mode) or a Kafka share
//! group (queue mode).

use crate::rules::kafka as rule;
use crate::validate::Validator;
use crate::value::Value;

use super::source::{KafkaCluster, KafkaSource};

/// How Lambda reads a self-managed Kafka topic
/// (`SelfManagedKafkaEventSourceConfig.ConsumptionMode`).
///
/// Lambda's API documents the mode as fixed at creation ("You cannot change ConsumptionMode
/// after you create the event source mapping"), while the CloudFormation schema does not list
/// it as create-only, so CloudFormation would try, and fail, to update it in place. A queue-mode
/// mapping therefore has its own logical id (`<Source>QueueMapping`, against
/// `<Source>Mapping`) and its own default group id (`${AWS::StackName}-<id>-queue`): switching
/// modes replaces the mapping, and the new one joins a new group (Kafka keeps one group type
/// per id, and Lambda wants group ids unique among a region's Kafka mappings). An explicit
/// `consumer_group_id` must change with the mode for the same reasons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "How Lambda reads a self-managed Kafka topic.")]
#[serde(rename_all = "snake_case")]
pub enum ConsumptionMode {
    /// A Kafka consumer group: each partition read by one poller, in offset order (`Stream`,
    /// Lambda's default).
    #[default]
    Stream,
    /// A Kafka share group (Kafka 4.2 or later with share groups enabled): several pollers read
    /// each partition, records arrive unordered (`Queue`). No starting position and no batching
    /// window.
    Queue,
}

impl ConsumptionMode {
    /// The value CloudFormation expects.
    pub fn name(self) -> &'static str {
        match self {
            ConsumptionMode::Stream => "Stream",
            ConsumptionMode::Queue => "Queue",
        }
    }
}

/// Checks queue mode: self-managed clusters only, without the options Lambda documents as not
/// applying to it, and with bisection flagged (AWS documents it for streams only).
pub(crate) fn check_consumption(v: &mut Validator<'_>, source: &KafkaSource) {
    if source.consumption_mode != Some(ConsumptionMode::Queue) {
        return;
    }
    const P: &str = "consumption_mode";
    if let Some(KafkaCluster::Msk { .. }) = source.cluster() {
        v.error(
            &rule::QUEUE_MODE_NOT_SELF_MANAGED,
            P,
            Some(&Value::from("Queue")),
            "is set on an MSK source; ConsumptionMode belongs to SelfManagedKafkaEventSourceConfig, and Lambda offers queue mode for self-managed Apache Kafka only",
            "remove consumption_mode, or read the cluster as a self-managed source",
        );
    }
    if let Some(position) = &source.starting_position {
        v.error(
            &rule::QUEUE_MODE_OPTION,
            "starting_position",
            Some(&Value::from(position.name())),
            "is set in queue mode, where a share group has no starting position: Lambda does not support StartingPosition or StartingPositionTimestamp with ConsumptionMode Queue",
            "remove starting_position",
        );
    }
    if let Some(window) = &source.batching_window {
        v.error(
            &rule::QUEUE_MODE_OPTION,
            "batching_window_seconds",
            Some(window),
            "is set in queue mode: Lambda does not support MaximumBatchingWindowInSeconds with ConsumptionMode Queue",
            "remove batching_window_seconds",
        );
    }
    if let Some(bisect) = &source.bisect {
        v.warn(
            &rule::QUEUE_MODE_BISECT,
            "bisect_batch_on_error",
            Some(bisect),
            "is set in queue mode: AWS documents splitting a failed batch for stream reading, not for share groups, whose records are released back to the broker one by one",
            "remove bisect_batch_on_error and report failed records with report_batch_item_failures",
        );
    }
}
