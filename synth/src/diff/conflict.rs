//! A replaced Kafka event source mapping that keeps its function, event source and topic
//! cannot be deployed in one step.
//!
//! CloudFormation creates a replacement before it deletes the resource it replaces. Lambda
//! allows one mapping per function, event source and topic, so creating the new mapping fails
//! with "An event source mapping with event source (…), function (…) … already exists" and the
//! update rolls back (aws/aws-cdk#26416, a self-managed source; aws/aws-sam-cli#2308 and
//! aws/serverless-application-model#1320 show the same refusal for MSK and stream sources). The
//! way through is two deploys: one without the mapping, which deletes it, and one with it. The
//! same holds for a mapping whose logical id changes (a renamed source): CloudFormation creates
//! the new resource before it deletes the removed one.

use serde_json::{Map, Value as Json};

use super::changes::{Action, ResourceChange};
use super::meaning;
use super::resource::properties;
use super::values::{same_opt, show};

/// The properties that identify a mapping to Lambda.
const IDENTITY: [&str; 4] = [
    "FunctionName",
    "EventSourceArn",
    "SelfManagedEventSource",
    "Topics",
];

/// Why a mapping's replacement fails, and the two deploys that get there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// What stays the same, e.g. "function !Ref DetectorFunction, event source !Ref
    /// ClusterArn and topics [!Ref Topic]".
    pub keeps: String,
    /// When the new mapping has a new logical id: the removed mapping it collides with (a
    /// renamed source, the case of aws/aws-cdk#26416).
    pub renamed_from: Option<String>,
}

/// When the replacement of a mapping with these deployed and new `Properties` collides with
/// the mapping it replaces: function, event source and topics all the same, and none of them
/// refers to a resource that is itself replaced (`replaced` tells), which would give it a new
/// value at deploy time. Parameters are assumed to keep their values.
pub fn blocked(old: &Json, new: &Json, replaced: &dyn Fn(&Json) -> bool) -> Option<Blocked> {
    let same_identity = IDENTITY
        .iter()
        .all(|key| same_opt(old.get(*key), new.get(*key)) && !new.get(*key).is_some_and(replaced));
    same_identity.then(|| Blocked {
        keeps: describe(new),
        renamed_from: None,
    })
}

/// "function …, event source … and topics …" of a mapping's `Properties`.
fn describe(props: &Json) -> String {
    let source = props
        .get("EventSourceArn")
        .map(show)
        .or_else(|| {
            props
                .pointer("/SelfManagedEventSource/Endpoints/KafkaBootstrapServers")
                .map(|servers| format!("bootstrap servers {}", show(servers)))
        })
        .unwrap_or_else(|| "(none)".to_owned());
    let field = |key: &str| props.get(key).map_or_else(|| "(none)".to_owned(), show);
    format!(
        "function {}, event source {source} and topics {}",
        field("FunctionName"),
        field("Topics")
    )
}

/// A mapping added under a new logical id while one with the same function, event source and
/// topics is removed: CloudFormation creates the new one before it deletes the old one, so the
/// deploy fails as a replacement in place would (aws/aws-cdk#26416 is this case: a source
/// whose logical id changed). The added mapping also means what a replacement means: from
/// the removed mapping's consumer group to its own.
pub fn renamed_mappings(
    changes: &mut [ResourceChange],
    old: &Map<String, Json>,
    new: &Map<String, Json>,
    replaced: &dyn Fn(&Json) -> bool,
) {
    const MAPPING: &str = "AWS::Lambda::EventSourceMapping";
    let removed: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Remove && c.resource_type == MAPPING)
        .map(|c| c.id.clone())
        .collect();
    for change in changes
        .iter_mut()
        .filter(|c| c.action == Action::Add && c.resource_type == MAPPING)
    {
        let Some(added) = new.get(&change.id) else {
            continue;
        };
        for (id, gone) in removed.iter().filter_map(|id| Some((id, old.get(id)?))) {
            if let Some(mut blocked) = blocked(properties(gone), properties(added), replaced) {
                blocked.renamed_from = Some(id.clone());
                change.blocked = Some(blocked);
                let as_replacement = ResourceChange {
                    action: Action::Replace,
                    ..change.clone()
                };
                change.meaning = meaning::meaning(&as_replacement, Some(gone), Some(added));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn mapping(group: &str, function: &str) -> Json {
        json!({
            "FunctionName": {"Ref": function},
            "EventSourceArn": {"Ref": "ClusterArn"},
            "Topics": [{"Ref": "Topic"}],
            "StartingPosition": "LATEST",
            "AmazonManagedKafkaEventSourceConfig": {"ConsumerGroupId": group}
        })
    }

    #[test]
    fn a_new_group_on_the_same_function_source_and_topic_collides() {
        let nothing_replaced = |_: &Json| false;
        let blocked = blocked(&mapping("a", "F"), &mapping("b", "F"), &nothing_replaced);
        assert_eq!(
            blocked.map(|b| b.keeps),
            Some(
                "function !Ref F, event source !Ref ClusterArn and topics [!Ref Topic]".to_owned()
            )
        );
    }

    #[test]
    fn a_new_function_or_a_replaced_one_does_not() {
        let nothing_replaced = |_: &Json| false;
        assert!(blocked(&mapping("a", "F"), &mapping("b", "G"), &nothing_replaced).is_none());
        let function_replaced = |v: &Json| *v == json!({"Ref": "F"});
        assert!(blocked(&mapping("a", "F"), &mapping("b", "F"), &function_replaced).is_none());
    }
}
