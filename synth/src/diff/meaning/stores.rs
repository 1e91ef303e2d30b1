//! What replacing, removing or changing a resource that stores data means: the anomaly table,
//! the bad-record queue, the alert topic, the KMS key, a secret, a log group and the scoring
//! endpoint.

use serde_json::Value as Json;

use super::{Meaning, Risk, Sides, changed, kept_or_deleted, number, says};
use crate::diff::changes::{Action, Mark, ResourceChange};
use crate::diff::values::{Step, show};

/// The meaning of `change` to a table.
pub(super) fn table(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
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

/// The meaning of `change` to a queue.
pub(super) fn queue(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
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

/// The meaning of `change` to a topic.
pub(super) fn topic(change: &ResourceChange) -> Option<Meaning> {
    match change.action {
        Action::Replace => says("Alerts go to a new topic: its e-mail subscriptions are made again, and each address must confirm again before it receives alerts.".to_owned()),
        Action::Remove => says("Alerts and alarm notifications to this topic stop.".to_owned()),
        _ => None,
    }
}

/// The meaning of `change` to a key.
pub(super) fn key(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
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

/// The meaning of `change` to a secret.
pub(super) fn secret(change: &ResourceChange) -> Option<Meaning> {
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

/// The meaning of `change` to a log group.
pub(super) fn log_group(change: &ResourceChange, sides: &Sides<'_>) -> Option<Meaning> {
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

/// The meaning of `change` to a endpoint.
pub(super) fn endpoint(change: &ResourceChange) -> Option<Meaning> {
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
