//! The Kafka event source mapping: a new consumer group replaces it and cannot be deployed in
//! one step; what that skips or reads again depends on the starting position; a batch-size
//! change is in place; a new topic has no effect.

use serde_json::{Value as Json, json};

use super::{compare, example};
use crate::diff::changes::{Action, Mark, Plan, ResourceChange};
use crate::diff::meaning::Risk;

const MAPPING: &str = "AppLogsMapping";

fn mapping(plan: &Plan) -> &ResourceChange {
    plan.resources
        .iter()
        .find(|c| c.id == MAPPING)
        .expect("the mapping changes")
}

/// The reference stack, and a copy whose mapping `edit` changed.
fn with_mapping(edit: impl Fn(&mut Json)) -> (Json, Json) {
    let template = example("complete_msk");
    let mut edited = template.clone();
    edit(&mut edited["Resources"][MAPPING]["Properties"]);
    (template, edited)
}

#[test]
fn a_new_consumer_group_replaces_the_mapping_and_skips_records_from_latest() {
    let (new, deployed) = with_mapping(|p| {
        p["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"] = json!("orders-v1");
    });
    let plan = compare(&deployed, &new);
    let change = mapping(&plan);
    assert_eq!(change.action, Action::Replace);
    assert_eq!(change.changes.len(), 1);
    assert_eq!(
        change.changes[0].leaf.path.to_string(),
        "AmazonManagedKafkaEventSourceConfig.ConsumerGroupId"
    );
    assert_eq!(change.changes[0].mark, Some(Mark::Replaces));
    assert!(
        change.reasons[0].contains("aws/aws-cdk#21791"),
        "{:?}",
        change.reasons
    );
    let meaning = change.meaning.as_ref().expect("a meaning");
    assert_eq!(meaning.risk, Some(Risk::Skipped));
    assert!(
        meaning
            .text
            .contains("joins consumer group `!Sub \"${AWS::StackName}-AppLogs\"`")
            && meaning
                .text
                .contains("the offsets of `orders-v1` stay behind")
            && meaning.text.contains("starts at LATEST"),
        "{}",
        meaning.text
    );
    let blocked = change.blocked.as_ref().expect("cannot deploy in one step");
    assert_eq!(
        blocked.keeps,
        "function !Ref DetectorFunction, event source !Ref ClusterArn and topics [!Ref Topic]"
    );
    // The output that reports the mapping's UUID changes with it.
    assert!(
        plan.entries
            .iter()
            .any(|e| e.name.as_deref() == Some("EventSourceMappingId") && e.follows == [MAPPING])
    );
}

#[test]
fn a_new_consumer_group_from_trim_horizon_reads_the_topic_again() {
    let template = example("complete_msk");
    let mut new = template.clone();
    new["Resources"][MAPPING]["Properties"]["StartingPosition"] = json!("TRIM_HORIZON");
    let mut deployed = new.clone();
    deployed["Resources"][MAPPING]["Properties"]["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"] =
        json!("orders-v1");
    let plan = compare(&deployed, &new);
    let meaning = mapping(&plan).meaning.clone().expect("a meaning");
    assert_eq!(meaning.risk, Some(Risk::ReadAgain));
    assert!(
        meaning
            .text
            .contains("every record topic !Ref Topic still retains"),
        "{}",
        meaning.text
    );
}

#[test]
fn a_new_starting_position_with_the_same_group_resumes_from_its_offsets() {
    let (new, deployed) = with_mapping(|p| p["StartingPosition"] = json!("TRIM_HORIZON"));
    let plan = compare(&deployed, &new);
    let change = mapping(&plan);
    assert_eq!(
        change.action,
        Action::Replace,
        "StartingPosition is create-only"
    );
    assert!(change.blocked.is_some(), "same function, source and topic");
    let meaning = change.meaning.as_ref().expect("a meaning");
    assert_eq!(meaning.risk, None);
    assert!(
        meaning.text.contains("resumes from its committed offsets"),
        "{}",
        meaning.text
    );
}

#[test]
fn a_new_cluster_replaces_the_mapping_without_colliding() {
    let (new, deployed) = with_mapping(|p| {
        p["EventSourceArn"] = json!("arn:aws:kafka:us-east-1:123456789012:cluster/old/0b1c2d3e");
    });
    let change = mapping(&compare(&deployed, &new)).clone();
    assert_eq!(change.action, Action::Replace);
    assert!(change.blocked.is_none());
}

#[test]
fn a_batch_size_change_is_in_place() {
    let (new, deployed) = with_mapping(|p| p["BatchSize"] = json!(100));
    let plan = compare(&deployed, &new);
    let change = mapping(&plan);
    assert_eq!(change.action, Action::Update);
    assert_eq!(change.changes[0].mark, None);
    assert!(change.meaning.is_none() && change.blocked.is_none());
    assert_eq!(plan.resources.len(), 1, "nothing else changes");
}

#[test]
fn a_new_topic_is_an_update_without_effect() {
    let (new, deployed) = with_mapping(|p| p["Topics"] = json!(["old-topic"]));
    let plan = compare(&deployed, &new);
    let change = mapping(&plan);
    assert_eq!(change.action, Action::Update);
    assert_eq!(change.changes[0].mark, Some(Mark::NoEffect));
    let meaning = change.meaning.as_ref().expect("a meaning");
    assert!(
        meaning
            .text
            .starts_with("The mapping keeps reading [\"old-topic\"], not [!Ref Topic]"),
        "{}",
        meaning.text
    );
    assert_eq!(
        meaning.risk,
        Some(Risk::Skipped),
        "the new topic is never read"
    );
}

#[test]
fn a_replaced_function_gives_the_mapping_a_new_function_and_no_collision() {
    let template = example("complete_msk");
    let mut deployed = template.clone();
    deployed["Resources"]["DetectorFunction"]["Properties"]["FunctionName"] = json!("old-name");
    deployed["Resources"][MAPPING]["Properties"]["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"] =
        json!("orders-v1");
    let plan = compare(&deployed, &template);
    let function = plan
        .resources
        .iter()
        .find(|c| c.id == "DetectorFunction")
        .expect("function");
    assert_eq!(
        function.action,
        Action::Replace,
        "FunctionName is create-only"
    );
    let change = mapping(&plan);
    assert_eq!(change.action, Action::Replace);
    assert!(
        change
            .follows
            .iter()
            .any(|f| f.target == "DetectorFunction" && !f.replaces)
    );
    assert!(
        change.blocked.is_none(),
        "the new mapping has another function"
    );
}

#[test]
fn a_renamed_source_collides_like_a_replacement() {
    let deployed = example("complete_msk");
    let mut new = deployed.clone();
    let resources = new["Resources"].as_object_mut().expect("resources");
    let mut mapping = resources.shift_remove(MAPPING).expect("the mapping");
    mapping["Properties"]["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"] =
        json!({"Fn::Sub": "${AWS::StackName}-Logs"});
    resources.insert("LogsMapping".into(), mapping);
    let plan = compare(&deployed, &new);
    let actions: Vec<(&str, Action)> = plan
        .resources
        .iter()
        .map(|c| (c.id.as_str(), c.action))
        .collect();
    assert_eq!(
        actions,
        [("LogsMapping", Action::Add), (MAPPING, Action::Remove)]
    );
    let added = &plan.resources[0];
    let blocked = added.blocked.as_ref().expect("cannot deploy in one step");
    assert_eq!(blocked.renamed_from.as_deref(), Some(MAPPING));
    let meaning = added.meaning.as_ref().expect("a meaning");
    assert_eq!(meaning.risk, Some(Risk::Skipped), "{}", meaning.text);
    assert!(
        meaning
            .text
            .contains("the offsets of `!Sub \"${AWS::StackName}-AppLogs\"` stay behind"),
        "{}",
        meaning.text
    );
}
