//! The table of changes: every top-level property of every stateful resource the examples
//! emit (Kafka mappings of both kinds, table, queue, topic, key, secret, log groups, the
//! SageMaker endpoint and its configuration and model), changed on the deployed side, plus the
//! resource removed and added, plus the cases a generic edit does not reach (policies, the
//! consumer group from TRIM_HORIZON, switches turned off, immutable key properties), each with
//! the action, the risk, what else changes, and the message `synth diff` prints. Pinned with
//! insta: a change to any of them is a reviewed change of what users are told.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::{compare, example};
use crate::diff::changes::{Action, Mark, Plan};
use crate::diff::values::show_change;

/// (example, logical id) of every stateful resource covered.
const STATEFUL: [(&str, &str); 13] = [
    ("complete_msk", "AppLogsMapping"),
    ("everything", "AppLogsMapping"),
    ("complete_msk", "AnomaliesTable"),
    ("complete_msk", "BadRecordsQueue"),
    ("complete_msk", "AlertsTopic"),
    ("complete_msk", "EncryptionKey"),
    ("everything", "BrokerCredentialsSecret"),
    ("complete_msk", "DetectorLogGroup"),
    ("everything", "NetworkFlowLogGroup"),
    ("complete_msk", "ScorerEndpoint"),
    ("complete_msk", "ScorerEndpointConfig"),
    ("complete_msk", "ScorerModel"),
    ("complete_self_managed", "AppLogsMapping"),
];

/// Makes the (deployed, new) pair of a case from two copies of the example's template.
type Edit = Box<dyn Fn(&mut Json, &mut Json)>;

/// A case: the example, the resource, a label, and its edit.
struct Case {
    example: &'static str,
    id: &'static str,
    label: String,
    edit: Edit,
}

fn case(
    example: &'static str,
    id: &'static str,
    label: &str,
    edit: impl Fn(&mut Json, &mut Json) + 'static,
) -> Case {
    Case {
        example,
        id,
        label: label.to_owned(),
        edit: Box::new(edit),
    }
}

/// The first scalar or intrinsic function below `value`, in document order.
fn first_leaf(value: &mut Json) -> Option<&mut Json> {
    let is_leaf = match &*value {
        Json::Object(map) => crate::diff::values::intrinsic(map).is_some(),
        Json::Array(_) => false,
        _ => true,
    };
    if is_leaf {
        return Some(value);
    }
    match value {
        Json::Object(map) => map.values_mut().next().and_then(first_leaf),
        Json::Array(items) => items.first_mut().and_then(first_leaf),
        _ => None,
    }
}

/// A different value of the same kind (numbers double, so retentions get shorter in the new
/// template; intrinsics become a literal).
fn earlier(value: &Json) -> Json {
    match value {
        Json::String(s) => json!(format!("previous-{s}")),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(0), _) => json!(1),
            (Some(i), _) => json!(i * 2),
            (None, Some(f)) => json!(f * 2.0),
            _ => json!("previous"),
        },
        Json::Bool(b) => json!(!b),
        _ => json!("previous-value"),
    }
}

fn resource<'a>(template: &'a mut Json, id: &str) -> &'a mut Json {
    &mut template["Resources"][id]
}

fn remove(template: &mut Json, id: &str) {
    if let Some(resources) = template["Resources"].as_object_mut() {
        resources.shift_remove(id);
    }
}

fn strip_policies(template: &mut Json, id: &str) {
    if let Some(r) = resource(template, id).as_object_mut() {
        r.shift_remove("DeletionPolicy");
        r.shift_remove("UpdateReplacePolicy");
    }
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (example_name, id) in STATEFUL {
        let template = example(example_name);
        let keys: Vec<String> = template["Resources"][id]["Properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        for key in keys {
            let property = key.clone();
            cases.push(case(example_name, id, "", move |deployed, _| {
                if let Some(leaf) = first_leaf(&mut resource(deployed, id)["Properties"][&property])
                {
                    *leaf = earlier(leaf);
                }
            }));
        }
        cases.push(case(example_name, id, "removed", move |_, new| {
            remove(new, id)
        }));
        cases.push(case(example_name, id, "added", move |deployed, _| {
            remove(deployed, id)
        }));
    }
    let group =
        "/Resources/AppLogsMapping/Properties/AmazonManagedKafkaEventSourceConfig/ConsumerGroupId";
    cases.extend([
        case("complete_msk", "AppLogsMapping", "new consumer group, starting at TRIM_HORIZON", move |deployed, new| {
            new["Resources"]["AppLogsMapping"]["Properties"]["StartingPosition"] = json!("TRIM_HORIZON");
            *deployed = new.clone();
            if let Some(g) = deployed.pointer_mut(group) {
                *g = json!("orders-v1");
            }
        }),
        case("complete_msk", "AppLogsMapping", "disabled", |_, new| {
            new["Resources"]["AppLogsMapping"]["Properties"]["Enabled"] = json!(false);
        }),
        case("complete_msk", "AnomaliesTable", "new key schema, policies Delete", |deployed, new| {
            strip_policies(deployed, "AnomaliesTable");
            strip_policies(new, "AnomaliesTable");
            resource(deployed, "AnomaliesTable")["Properties"]["KeySchema"][0]["AttributeName"] = json!("pk");
        }),
        case("complete_msk", "AnomaliesTable", "new key schema, UpdateReplacePolicy Retain -> Delete", |deployed, new| {
            resource(new, "AnomaliesTable")["UpdateReplacePolicy"] = json!("Delete");
            resource(deployed, "AnomaliesTable")["Properties"]["KeySchema"][0]["AttributeName"] = json!("pk");
        }),
        case("complete_msk", "AnomaliesTable", "named table, new key schema", |deployed, new| {
            resource(new, "AnomaliesTable")["Properties"]["TableName"] = json!("anomalies");
            *deployed = new.clone();
            resource(deployed, "AnomaliesTable")["Properties"]["KeySchema"][0]["AttributeName"] = json!("pk");
        }),
        case("complete_msk", "AnomaliesTable", "removed, DeletionPolicy Delete", |deployed, new| {
            strip_policies(deployed, "AnomaliesTable");
            remove(new, "AnomaliesTable");
        }),
        case("complete_msk", "AnomaliesTable", "point-in-time recovery off", |_, new| {
            resource(new, "AnomaliesTable")["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] = json!(false);
        }),
        case("complete_msk", "AnomaliesTable", "deletion protection off", |_, new| {
            resource(new, "AnomaliesTable")["Properties"]["DeletionProtectionEnabled"] = json!(false);
        }),
        case("complete_msk", "AnomaliesTable", "attribute type edited", |deployed, _| {
            resource(deployed, "AnomaliesTable")["Properties"]["AttributeDefinitions"][1]["AttributeType"] = json!("S");
        }),
        case("complete_msk", "BadRecordsQueue", "named queue replaced", |deployed, _| {
            resource(deployed, "BadRecordsQueue")["Properties"]["QueueName"] = json!("bad-records");
        }),
        case("complete_msk", "BadRecordsQueue", "type changed", |deployed, _| {
            resource(deployed, "BadRecordsQueue")["Type"] = json!("AWS::SNS::Topic");
        }),
        case("complete_msk", "EncryptionKey", "KeySpec changed", |deployed, _| {
            resource(deployed, "EncryptionKey")["Properties"]["KeySpec"] = json!("RSA_2048");
        }),
        case("complete_msk", "EncryptionKey", "removed, DeletionPolicy Delete", |deployed, new| {
            strip_policies(deployed, "EncryptionKey");
            resource(deployed, "EncryptionKey")["Properties"]["PendingWindowInDays"] = json!(7);
            remove(new, "EncryptionKey");
        }),
        case("complete_msk", "DetectorLogGroup", "removed, DeletionPolicy Delete", |deployed, new| {
            strip_policies(deployed, "DetectorLogGroup");
            remove(new, "DetectorLogGroup");
        }),
    ]);
    cases
}

/// One row: resource | change | action | risk | also | message.
fn row(case: &Case, plan: &Plan) -> String {
    let cell = |text: String| text.replace('|', "\\|");
    let Some(change) = plan.resources.iter().find(|c| c.id == case.id) else {
        return format!(
            "| {} | {} | no change | | | |",
            case.id,
            cell(case.label.clone())
        );
    };
    let leaves: Vec<String> = change
        .changes
        .iter()
        .map(|c| {
            let mark = c.mark.map(|m| format!(" [{m}]")).unwrap_or_default();
            format!(
                "{}: {}{mark}",
                c.leaf.path,
                show_change(c.leaf.old.as_ref(), c.leaf.new.as_ref())
            )
        })
        .collect();
    let what = match (case.label.is_empty(), leaves.is_empty()) {
        (true, _) => leaves.join("; "),
        (false, true) => case.label.clone(),
        (false, false) => format!("{}: {}", case.label, leaves.join("; ")),
    };
    let mut action = change.action.to_string();
    if change.fails {
        action.push_str(", fails");
    }
    if change.blocked.is_some() {
        action.push_str(", not in one step");
    }
    let risk = change
        .meaning
        .as_ref()
        .and_then(|m| m.risk)
        .map(|r| r.to_string())
        .unwrap_or_default();
    let also: Vec<String> = plan
        .resources
        .iter()
        .filter(|c| c.id != case.id)
        .map(|c| format!("{} {}", c.id, c.action))
        .collect();
    let message = match &change.meaning {
        Some(meaning) => meaning.text.clone(),
        None if change.fails
            || change
                .changes
                .iter()
                .any(|c| matches!(c.mark, Some(Mark::NoEffect | Mark::NewSecretValue))) =>
        {
            change.reasons.join(" / ")
        }
        None => String::new(),
    };
    format!(
        "| {} | {} | {} | {} | {} | {} |",
        case.id,
        cell(what),
        action,
        risk,
        cell(also.join(", ")),
        cell(message)
    )
}

#[test]
fn every_property_change_of_every_stateful_resource() {
    let mut table = String::from(
        "| resource | change (deployed -> new) | action | data risk | also changes | message |\n|---|---|---|---|---|---|\n",
    );
    let mut example_name = "";
    for case in cases() {
        if case.example != example_name {
            example_name = case.example;
            let _ = writeln!(table, "| **{example_name}** | | | | | |");
        }
        let mut deployed = example(case.example);
        let mut new = deployed.clone();
        (case.edit)(&mut deployed, &mut new);
        let plan = compare(&deployed, &new);
        let _ = writeln!(table, "{}", row(&case, &plan));
    }
    insta::assert_snapshot!("changes_table", table);
}

#[test]
fn the_table_covers_a_replace_of_every_kind_and_a_risk_of_every_kind() {
    let mut actions = Vec::new();
    let mut risks = Vec::new();
    for case in cases() {
        let mut deployed = example(case.example);
        let mut new = deployed.clone();
        (case.edit)(&mut deployed, &mut new);
        for change in compare(&deployed, &new).resources {
            actions.push(change.action);
            risks.extend(change.meaning.and_then(|m| m.risk));
        }
    }
    for action in [Action::Add, Action::Remove, Action::Update, Action::Replace] {
        assert!(actions.contains(&action), "{action}");
    }
    use crate::diff::meaning::Risk;
    for risk in [Risk::Skipped, Risk::ReadAgain, Risk::Deleted] {
        assert!(risks.contains(&risk), "{risk}");
    }
}
