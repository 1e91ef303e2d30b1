//! What a change to a stateful resource means for the pipeline, in one sentence with the
//! template's own values (consumer group, starting position, deletion policy, retention), and
//! whether it loses data or reads it again: the risk `--fail-on-data-risk` fails on.
//!
//! Sources for the facts the sentences state:
//! - A mapping whose consumer group has committed offsets resumes from them; its
//!   `StartingPosition` applies only to a group Kafka does not know (Lambda developer guide,
//!   "Customizable consumer group ID in Lambda":
//!   <https://docs.aws.amazon.com/lambda/latest/dg/kafka-consumer-group-id.html>).
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

mod mapping;
mod stores;

use super::changes::{Action, ResourceChange};
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
        "AWS::Lambda::EventSourceMapping" => mapping::meaning(change, &sides),
        "AWS::DynamoDB::Table" => stores::table(change, &sides),
        "AWS::SQS::Queue" => stores::queue(change, &sides),
        "AWS::SNS::Topic" => stores::topic(change),
        "AWS::KMS::Key" => stores::key(change, &sides),
        "AWS::SecretsManager::Secret" => stores::secret(change),
        "AWS::Logs::LogGroup" => stores::log_group(change, &sides),
        "AWS::SageMaker::Endpoint" => stores::endpoint(change),
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

/// A scalar as its text, anything else in its short form.
fn text(value: &Json) -> String {
    value.as_str().map_or_else(|| show(value), str::to_owned)
}
