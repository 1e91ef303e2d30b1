//! Queue mode (share groups) and cross-account MSK: what the mapping gets, and every rule with
//! its id.

use serde_json::json;

use super::*;
use crate::kafka::ConsumptionMode;

const CONNECTION: &str = "arn:aws:kafka:us-east-1:111122223333:vpc-connection/123456789012/logs/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7";

fn queue() -> KafkaSource {
    KafkaSource::self_managed(["b-1.example.com:9096"], "app-logs")
        .auth(KafkaAuth::Scram512(Handle::new(
            Scope::root("Creds"),
            SaslSecret::import(PLAIN_SECRET),
        )))
        .consumption_mode(ConsumptionMode::Queue)
}

#[test]
fn queue_mode_is_its_own_mapping_with_its_own_group() {
    let mut stack = Stack::new("test");
    let source = consumed(&mut stack, queue());
    assert_eq!(source.mapping_id().as_str(), "AppLogsQueueMapping");
    let t = template(&stack);
    let m = &t["Resources"]["AppLogsQueueMapping"]["Properties"];
    assert_eq!(
        m["SelfManagedKafkaEventSourceConfig"],
        json!({
            "ConsumerGroupId": {"Fn::Sub": "${AWS::StackName}-AppLogs-queue"},
            "ConsumptionMode": "Queue"
        })
    );
    assert!(m.get("StartingPosition").is_none());
    assert!(t["Resources"].get("AppLogsMapping").is_none());
}

#[test]
fn stream_mode_keeps_the_default_id_and_group() {
    let mut stack = Stack::new("test");
    let source = consumed(
        &mut stack,
        queue()
            .consumption_mode(ConsumptionMode::Stream)
            .starting_position(StartingPosition::Latest),
    );
    assert_eq!(source.mapping_id().as_str(), "AppLogsMapping");
    let t = template(&stack);
    assert_eq!(
        mapping(&t)["Properties"]["SelfManagedKafkaEventSourceConfig"],
        json!({
            "ConsumerGroupId": {"Fn::Sub": "${AWS::StackName}-AppLogs"},
            "ConsumptionMode": "Stream"
        })
    );
}

#[test]
fn queue_mode_is_for_self_managed_clusters() {
    let ds = diagnostics_of(|_| msk().consumption_mode(ConsumptionMode::Queue));
    assert_rule(
        &ds,
        "E0154",
        "consumption_mode",
        "Queue",
        "is set on an MSK source",
    );
}

#[test]
fn queue_mode_takes_no_starting_position_or_window() {
    let ds = diagnostics_of(|_| {
        queue()
            .starting_position(StartingPosition::Latest)
            .batching_window_seconds(5)
    });
    assert_rule(
        &ds,
        "E0155",
        "starting_position",
        "LATEST",
        "Lambda does not support StartingPosition",
    );
    assert_rule(
        &ds,
        "E0155",
        "batching_window_seconds",
        "5",
        "Lambda does not support MaximumBatchingWindowInSeconds",
    );
    assert!(!ds.iter().any(|d| d.rule.id == "E0107"), "{ds:?}");
}

#[test]
fn queue_mode_reports_failed_records_but_bisecting_is_flagged() {
    let ds = diagnostics_of(|_| {
        queue()
            .provisioned_pollers(ProvisionedPollers::new(1, 4))
            .on_failure(OnFailure::sqs(QUEUE))
            .report_batch_item_failures(true)
            .bisect_batch_on_error(true)
    });
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_rule(
        &ds,
        "W0156",
        "bisect_batch_on_error",
        "true",
        "AWS documents splitting a failed batch for stream reading",
    );
}

#[test]
fn cross_account_reads_through_the_connection_and_grants_on_the_owner_cluster() {
    let t = template_of(|_| {
        KafkaSource::msk_cross_account(CONNECTION, CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
    });
    assert_eq!(mapping(&t)["Properties"]["EventSourceArn"], CONNECTION);
    let s = statements(&t);
    assert_eq!(
        statement(&s, "AppLogsDescribeVpcConnection"),
        &json!({
            "Sid": "AppLogsDescribeVpcConnection",
            "Effect": "Allow",
            "Action": ["kafka:DescribeVpcConnection"],
            "Resource": [CONNECTION]
        })
    );
    assert_scoped_to_cluster(&s);
}

#[test]
fn a_connection_arn_is_not_a_cluster_arn() {
    let ds = diagnostics_of(|_| {
        KafkaSource::msk(CONNECTION, "app-logs").starting_position(StartingPosition::Latest)
    });
    assert_rule(
        &ds,
        "E0100",
        "cluster_arn",
        "vpc-connection/",
        "is a managed VPC connection's ARN, not a cluster's",
    );
}

#[test]
fn connection_arns_have_their_shape() {
    let ds = diagnostics_of(|_| {
        KafkaSource::msk_cross_account(CLUSTER, CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
    });
    assert_rule(
        &ds,
        "E0157",
        "vpc_connection_arn",
        "cluster/logs",
        "is not the ARN of an MSK managed VPC connection",
    );
}

#[test]
fn the_connection_leads_to_the_cluster() {
    let ds = diagnostics_of(|_| {
        KafkaSource::msk_cross_account(CONNECTION, OTHER_CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
    });
    assert_rule(
        &ds,
        "E0158",
        "vpc_connection_arn",
        "vpc-connection",
        "cluster name logs (connection) against other (cluster)",
    );
}

#[test]
fn poller_groups_hold_at_most_2000_pollers() {
    let mut stack = Stack::new("test");
    let a = stack.add(
        "A",
        msk_topic("a-logs").provisioned_pollers(ProvisionedPollers::new(1, 1500).group("shared")),
    );
    let b = stack.add(
        "B",
        msk_topic("b-logs")
            .consumer_group_id("b")
            .provisioned_pollers(ProvisionedPollers::new(1, 600).group("shared")),
    );
    stack.add("Detector", Consumer(vec![a, b]));
    let ds = errors(&stack);
    assert_rule(
        &ds,
        "E0161",
        "provisioned_pollers.group",
        "shared",
        "adds up to 2100 maximum pollers over its sources (`A`, `B`)",
    );
}

#[test]
fn poller_groups_hold_at_most_100_mappings() {
    let mut stack = Stack::new("test");
    let sources: Vec<Handle<KafkaSource>> = (0..101)
        .map(|i| {
            stack.add(
                &format!("S{i}"),
                msk_topic("app-logs")
                    .consumer_group_id(format!("g{i}"))
                    .provisioned_pollers(ProvisionedPollers::new(1, 1).group("shared")),
            )
        })
        .collect();
    stack.add("Detector", Consumer(sources));
    let ds = errors(&stack);
    assert_rule(
        &ds,
        "E0160",
        "provisioned_pollers.group",
        "shared",
        "is named by 101 sources",
    );
}
