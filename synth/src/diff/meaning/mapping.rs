//! What a change to a Kafka event source mapping means: where its consumer group reads from
//! next, and which records that skips or reads again.

use serde_json::Value as Json;

use super::{Meaning, Risk, Sides, changed, risks, says, text};
use crate::diff::changes::{Action, Mark, ResourceChange};
use crate::diff::values::{same, same_opt, show};

/// A mapping's consumer group, as the template writes it.
fn group(props: Option<&Json>) -> Option<&Json> {
    let props = props?;
    props
        .pointer("/AmazonManagedKafkaEventSourceConfig/ConsumerGroupId")
        .or_else(|| props.pointer("/SelfManagedKafkaEventSourceConfig/ConsumerGroupId"))
}

/// The meaning of `change` to a mapping.
pub(super) fn meaning(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
    let topic = sides.prop("/Topics").map_or_else(
        || "(no topic)".to_owned(),
        |t| match t.as_array().map(Vec::as_slice) {
            Some([one]) => show(one),
            _ => show(t),
        },
    );
    let start = match (
        sides.prop("/StartingPosition"),
        sides.prop("/StartingPositionTimestamp"),
    ) {
        (Some(p), Some(at)) => format!("{} ({})", text(p), show(at)),
        (Some(p), None) => text(p),
        (None, _) => "(no StartingPosition)".to_owned(),
    };
    let (old_group, new_group) = (
        group(sides.old.and_then(|r| r.get("Properties"))),
        group(sides.new.and_then(|r| r.get("Properties"))),
    );
    let name = |g: Option<&Json>| {
        g.map_or_else(
            || "the mapping's own UUID (no ConsumerGroupId)".to_owned(),
            |g| format!("`{}`", text(g)),
        )
    };
    match change.action {
        Action::Add => says(format!(
            "Consumer group {} starts reading topic {topic} at {start}, or from its committed offsets if it has some.",
            name(new_group)
        )),
        Action::Remove => says(format!(
            "Consumer group {} stops reading topic {topic}; its committed offsets stay on the cluster, and a mapping with the same group resumes from them.",
            name(old_group)
        )),
        Action::Replace => {
            let same_group = matches!((old_group, new_group), (Some(a), Some(b)) if same(a, b));
            let source_changed = ["/EventSourceArn", "/SelfManagedEventSource"]
                .iter()
                .any(|p| !same_opt(sides.old_prop(p), sides.new_prop(p)));
            if same_group && !source_changed {
                return says(format!(
                    "The new mapping keeps consumer group {} and resumes from its committed offsets on topic {topic}: nothing is skipped or read again while the topic retains what arrives in between (StartingPosition {start} applies only to a group without offsets).",
                    name(new_group)
                ));
            }
            let joins = if same_group {
                format!(
                    "The new mapping reads through a new event source: on the same cluster, consumer group {} resumes from its committed offsets; on another cluster it starts at {start} unless it has offsets there",
                    name(new_group)
                )
            } else {
                format!(
                    "The new mapping joins consumer group {} (the offsets of {} stay behind) and, unless that group has committed offsets, starts at {start}",
                    name(new_group),
                    name(old_group)
                )
            };
            let position = sides.prop("/StartingPosition").and_then(Json::as_str);
            match position {
                Some("LATEST") => risks(
                    format!(
                        "{joins}: records written to topic {topic} between the old mapping's last poll and the new mapping's first are never scored."
                    ),
                    Risk::Skipped,
                ),
                Some("TRIM_HORIZON") => risks(
                    format!(
                        "{joins}: every record topic {topic} still retains is read and scored again, and each anomaly in it is stored and alerted again."
                    ),
                    Risk::ReadAgain,
                ),
                _ => risks(
                    format!(
                        "{joins}: records after that time that the old mapping already scored are scored and alerted again, and records before it that it had not reached are never scored."
                    ),
                    Risk::ReadAgain,
                ),
            }
        }
        Action::Update => {
            if let Some((_, Some(enabled))) = changed(change, "Enabled") {
                if enabled == &Json::Bool(false) || enabled == &Json::String("false".into()) {
                    return says(format!(
                        "The mapping stops polling topic {topic}; consumer group {} keeps its offsets and resumes from them when it is enabled again.",
                        name(new_group)
                    ));
                }
            }
            if change
                .changes
                .iter()
                .any(|c| c.mark == Some(Mark::NoEffect))
            {
                let old_topic = sides.old_prop("/Topics").map_or_else(String::new, show);
                return risks(
                    format!(
                        "The mapping keeps reading {old_topic}, not {}: records written to the new topic are never scored; a new topic needs a new mapping (add a second source with its own consumer group, retire the first later).",
                        sides.new_prop("/Topics").map_or_else(String::new, show)
                    ),
                    Risk::Skipped,
                );
            }
            changed(change, "FilterCriteria").and(says(format!(
                "Records of topic {topic} that the new filter drops are not delivered to the function, so they are never scored."
            )))
        }
    }
}
