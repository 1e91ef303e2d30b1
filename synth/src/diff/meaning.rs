//! What a change to a stateful resource means for the pipeline, in one sentence with the
//! template's own values (consumer group, starting position, deletion policy, retention), and
//! whether it loses data or reads it again: the risk `--fail-on-data-risk` fails on.
//!
//! Sources for the facts the sentences state:
//! - A mapping whose consumer group has committed offsets resumes from them; its
//!   `StartingPosition` applies only to a group without offsets (Lambda developer guide,
//!   "Customizable consumer group ID" and "Starting positions" for MSK and self-managed Kafka).
//! - `UpdateReplacePolicy` / `DeletionPolicy` `Retain` keep the old physical resource when it
//!   is replaced / removed; the default, `Delete`, deletes it (CloudFormation reference).
//! - SQS: a shorter `MessageRetentionPeriod` "will impact existing messages in the queue
//!   potentially causing them to be expired and deleted" (SQS API reference,
//!   SetQueueAttributes).
//! - CloudWatch Logs deletes events older than a log group's retention (PutRetentionPolicy).
//! - KMS deletes a key removed from a stack after its `PendingWindowInDays` (default 30), after
//!   which what it encrypted cannot be decrypted (CloudFormation reference, AWS::KMS::Key).

use std::fmt;

use serde_json::Value as Json;

use super::plan::{Action, Mark, ResourceChange};
use super::values::{Step, show};

/// How a change puts records or stored data at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    /// Records are never scored.
    Skipped,
    /// Records are read, scored and alerted on again.
    ReadAgain,
    /// Stored data is deleted.
    Deleted,
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Risk::Skipped => "records never scored",
            Risk::ReadAgain => "records read again",
            Risk::Deleted => "stored data deleted",
        })
    }
}

/// One sentence on what a change means, and its risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    /// The sentence.
    pub text: String,
    /// What it puts at risk, if anything.
    pub risk: Option<Risk>,
}

fn says(text: String) -> Option<Meaning> {
    Some(Meaning { text, risk: None })
}

fn risks(text: String, risk: Risk) -> Option<Meaning> {
    Some(Meaning {
        text,
        risk: Some(risk),
    })
}

/// What `change` means, given the deployed and new resources (absent when added / removed).
/// `None` for resources that hold no data or position, and for changes that touch neither.
pub fn meaning(change: &ResourceChange, old: Option<&Json>, new: Option<&Json>) -> Option<Meaning> {
    let sides = Sides { old, new };
    match change.resource_type.as_str() {
        "AWS::Lambda::EventSourceMapping" => mapping(change, &sides),
        "AWS::DynamoDB::Table" => table(change, &sides),
        "AWS::SQS::Queue" => queue(change, &sides),
        "AWS::SNS::Topic" => topic(change),
        "AWS::KMS::Key" => key(change, &sides),
        "AWS::SecretsManager::Secret" => secret(change),
        "AWS::Logs::LogGroup" => log_group(change, &sides),
        "AWS::SageMaker::Endpoint" => endpoint(change),
        _ => None,
    }
}

/// The two sides of a resource.
struct Sides<'a> {
    old: Option<&'a Json>,
    new: Option<&'a Json>,
}

impl Sides<'_> {
    /// The property at `pointer` (below `Properties`) of the new side, else the deployed one.
    fn prop(&self, pointer: &str) -> Option<&Json> {
        self.new
            .and_then(|r| r.pointer(&format!("/Properties{pointer}")))
            .or_else(|| self.old_prop(pointer))
    }

    fn old_prop(&self, pointer: &str) -> Option<&Json> {
        self.old
            .and_then(|r| r.pointer(&format!("/Properties{pointer}")))
    }

    fn new_prop(&self, pointer: &str) -> Option<&Json> {
        self.new
            .and_then(|r| r.pointer(&format!("/Properties{pointer}")))
    }

    /// Whether the old physical resource's data survives this action, and the policy that
    /// says so, e.g. `UpdateReplacePolicy Retain`.
    fn fate(&self, action: Action) -> (bool, String) {
        let policy = |resource: Option<&Json>, attribute: &str| {
            resource.and_then(|r| r.get(attribute)).map_or_else(
                || "Delete".to_owned(),
                |p| p.as_str().map_or_else(|| show(p), str::to_owned),
            )
        };
        let keeps = |p: &str| matches!(p, "Retain" | "RetainExceptOnCreate" | "Snapshot");
        match action {
            Action::Remove => {
                let p = policy(self.old, "DeletionPolicy");
                (keeps(&p), format!("DeletionPolicy {p}"))
            }
            _ => {
                let (a, b) = (
                    policy(self.old, "UpdateReplacePolicy"),
                    policy(self.new, "UpdateReplacePolicy"),
                );
                if a == b {
                    (keeps(&a), format!("UpdateReplacePolicy {a}"))
                } else {
                    // Which template's policy governs a replacement in the same deploy that
                    // changes the policy is not documented: keep only when both keep.
                    (
                        keeps(&a) && keeps(&b),
                        format!(
                            "UpdateReplacePolicy {a} -> {b}, changed in the same deploy: deploy the policy change alone first"
                        ),
                    )
                }
            }
        }
    }
}

/// The meaning of replacing or removing a resource that holds data: `kept` when its policy
/// keeps the old one, else `deleted`, a [`Risk::Deleted`]; both get the policy's name.
fn kept_or_deleted(
    sides: &Sides<'_>,
    action: Action,
    kept: impl FnOnce(&str) -> String,
    deleted: impl FnOnce(&str) -> String,
) -> Option<Meaning> {
    let (keeps, policy) = sides.fate(action);
    if keeps {
        says(kept(&policy))
    } else {
        risks(deleted(&policy), Risk::Deleted)
    }
}

/// The values of `resource`'s property change at `key` (a top-level property), when it is one
/// of `change`'s leaves.
fn changed<'a>(
    change: &'a ResourceChange,
    key: &str,
) -> Option<(Option<&'a Json>, Option<&'a Json>)> {
    change
        .changes
        .iter()
        .find(|c| !c.attribute && c.leaf.path.0.first() == Some(&Step::Key(key.to_owned())))
        .map(|c| (c.leaf.old.as_ref(), c.leaf.new.as_ref()))
}

fn number(value: Option<&Json>) -> Option<f64> {
    match value? {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A mapping's consumer group, as the template writes it.
fn group(props: Option<&Json>) -> Option<&Json> {
    let props = props?;
    props
        .pointer("/AmazonManagedKafkaEventSourceConfig/ConsumerGroupId")
        .or_else(|| props.pointer("/SelfManagedKafkaEventSourceConfig/ConsumerGroupId"))
}

fn mapping(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
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
            let same_group =
                matches!((old_group, new_group), (Some(a), Some(b)) if super::values::same(a, b));
            let source_changed = ["/EventSourceArn", "/SelfManagedEventSource"]
                .iter()
                .any(|p| !super::values::same_opt(sides.old_prop(p), sides.new_prop(p)));
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

fn table(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
    match change.action {
        Action::Replace => kept_or_deleted(
            sides,
            Action::Replace,
            |policy| {
                format!(
                    "A new, empty table takes the anomaly writes; the anomalies stored so far stay in the old table ({policy}), which leaves the stack."
                )
            },
            |policy| {
                format!(
                    "A new, empty table takes the anomaly writes, and the old table is deleted with every anomaly stored so far ({policy})."
                )
            },
        ),
        Action::Remove => kept_or_deleted(
            sides,
            Action::Remove,
            |policy| {
                format!(
                    "The table leaves the stack and keeps the anomalies stored so far ({policy})."
                )
            },
            |policy| format!("The table is deleted with every anomaly stored so far ({policy})."),
        ),
        Action::Add => None,
        Action::Update => {
            let pitr = "/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled";
            if switched_off(sides, pitr) {
                return says("Point-in-time recovery is switched off: the table's continuous backups go, and a deleted or damaged table can no longer be restored from them.".to_owned());
            }
            if switched_off(sides, "/DeletionProtectionEnabled") {
                return says("Deletion protection is switched off: a later removal or replacement can delete the table.".to_owned());
            }
            None
        }
    }
}

fn truthy(value: &Json) -> bool {
    value == &Json::Bool(true) || value == &Json::String("true".into())
}

/// True when the boolean at `pointer` is on in the deployed resource and off in the new one.
fn switched_off(sides: &Sides<'_>, pointer: &str) -> bool {
    sides.old_prop(pointer).is_some_and(truthy) && !sides.new_prop(pointer).is_some_and(truthy)
}

fn queue(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
    let retention = number(sides.prop("/MessageRetentionPeriod")).map_or_else(
        || "345600 s, SQS's default".to_owned(),
        |s| format!("{s} s"),
    );
    match change.action {
        Action::Replace | Action::Remove => {
            let what = if change.action == Action::Replace {
                "The queue is created anew, empty"
            } else {
                "The queue leaves the stack"
            };
            kept_or_deleted(
                sides,
                change.action,
                |policy| {
                    format!(
                        "{what}; the records and failed batches waiting in the old queue (retention {retention}) stay in it ({policy}), where nothing reads them."
                    )
                },
                |policy| {
                    format!(
                        "{what}, and the records and failed batches waiting in the old queue (retention {retention}) are deleted with it ({policy})."
                    )
                },
            )
        }
        Action::Update => {
            let (old, new) = changed(change, "MessageRetentionPeriod")?;
            let (old, new) = (
                number(old).unwrap_or(345_600.0),
                number(new).unwrap_or(345_600.0),
            );
            (new < old).then(|| Meaning {
                text: format!("SQS applies the shorter retention ({new} s, was {old} s) to the messages already waiting: those older than {new} s are deleted."),
                risk: Some(Risk::Deleted),
            })
        }
        Action::Add => None,
    }
}

fn topic(change: &ResourceChange) -> Option<Meaning> {
    match change.action {
        Action::Replace => says("Alerts go to a new topic: its e-mail subscriptions are made again, and each address must confirm again before it receives alerts.".to_owned()),
        Action::Remove => says("Alerts and alarm notifications to this topic stop.".to_owned()),
        _ => None,
    }
}

fn key(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
    if change.fails || !matches!(change.action, Action::Replace | Action::Remove) {
        return None;
    }
    let window = number(sides.old_prop("/PendingWindowInDays")).map_or_else(
        || "30 days, the default".to_owned(),
        |d| format!("{d} days"),
    );
    kept_or_deleted(
        sides,
        change.action,
        |policy| {
            format!(
                "The old key stays ({policy}), so what it encrypted stays readable; new data is encrypted under the new key."
            )
        },
        |policy| {
            format!(
                "CloudFormation schedules the old key for deletion ({policy}; PendingWindowInDays {window}): after that, nothing encrypted under it (table items, queued messages, logs, secrets) can be decrypted."
            )
        },
    )
}

fn secret(change: &ResourceChange) -> Option<Meaning> {
    let new_value = change
        .changes
        .iter()
        .any(|c| c.mark == Some(Mark::NewSecretValue));
    match change.action {
        Action::Update if new_value => says("Secrets Manager stores a new secret value: until the broker accepts the new credentials, the mapping cannot authenticate and stops reading (it resumes from its offsets afterwards).".to_owned()),
        Action::Replace => says("A new secret replaces the old one (a generated password is generated again): until the broker accepts the new credentials, the mapping cannot authenticate.".to_owned()),
        Action::Remove => says("The secret is deleted: a mapping that still names it can no longer read its credentials.".to_owned()),
        _ => None,
    }
}

fn log_group(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
    let retention = number(sides.prop("/RetentionInDays"))
        .map_or_else(|| "never expire".to_owned(), |d| format!("kept {d} days"));
    match change.action {
        Action::Replace | Action::Remove => kept_or_deleted(
            sides,
            change.action,
            |policy| format!("The logs so far ({retention}) stay in the old log group ({policy})."),
            |policy| {
                format!(
                    "The logs so far ({retention}) are deleted with the old log group ({policy})."
                )
            },
        ),
        Action::Update => {
            let (old, new) = changed(change, "RetentionInDays")?;
            let new = number(new)?;
            let shorter = number(old).is_none_or(|old| new < old);
            shorter.then(|| Meaning {
                text: format!(
                    "CloudWatch Logs deletes the log events older than {new} days (was {}).",
                    old.map_or_else(|| "no expiry".to_owned(), show)
                ),
                risk: Some(Risk::Deleted),
            })
        }
        Action::Add => None,
    }
}

fn endpoint(change: &ResourceChange) -> Option<Meaning> {
    let new_config = changed(change, "EndpointConfigName").is_some()
        || change
            .follows
            .iter()
            .any(|f| f.path.0.first() == Some(&Step::Key("EndpointConfigName".to_owned())));
    match change.action {
        Action::Update if new_config => says("SageMaker moves the endpoint to its new configuration and keeps answering on the old one until the new one is in service.".to_owned()),
        Action::Replace => says("A new endpoint is created and the function is pointed at it; the old one is deleted afterwards. No stored data is involved.".to_owned()),
        Action::Remove => says("Scoring stops: the function's calls to this endpoint fail, and the mapping retries its batches.".to_owned()),
        Action::Add | Action::Update => None,
    }
}

/// A scalar as its text, anything else in its short form.
fn text(value: &Json) -> String {
    value.as_str().map_or_else(|| show(value), str::to_owned)
}
