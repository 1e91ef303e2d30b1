//! What the function's role needs to consume an MSK topic: the `kafka:` API actions the
//! mapping uses to find the brokers and, with IAM access control, the `kafka-cluster:` data-plane
//! actions scoped to the cluster, the topic and the consumer group.

use crate::iam::Statement;
use crate::iam::unscoped::GET_BOOTSTRAP_BROKERS_REASON;
use crate::scope::Scope;
use crate::value::Value;

use super::arn::ClusterArn;

/// `kafka:DescribeClusterV2` on the cluster (it works for provisioned and serverless
/// clusters, unlike `DescribeCluster`) and `kafka:GetBootstrapBrokers`, which the service
/// authorization reference lists with no resource type, so it can only be granted on `*`.
pub(crate) fn cluster_statements(source: &Scope, cluster: &Value) -> Vec<Statement> {
    vec![
        Statement::allow(["kafka:DescribeClusterV2"])
            .sid(source.logical_id("DescribeCluster").as_str())
            .on(cluster.clone()),
        Statement::allow(["kafka:GetBootstrapBrokers"])
            .sid("MskGetBootstrapBrokers")
            .on_any_resource(GET_BOOTSTRAP_BROKERS_REASON),
    ]
}

/// IAM access control: connect to the cluster and read its dynamic configuration, describe
/// and read the topic, describe and commit offsets of the consumer group.
pub(crate) fn iam_auth_statements(
    source: &Scope,
    cluster: &Value,
    topic: &Value,
    group: &Value,
) -> Vec<Statement> {
    let arns = ClusterArn(cluster);
    vec![
        Statement::allow([
            "kafka-cluster:Connect",
            "kafka-cluster:DescribeClusterDynamicConfiguration",
        ])
        .sid(source.logical_id("ConnectCluster").as_str())
        .on(cluster.clone()),
        Statement::allow(["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"])
            .sid(source.logical_id("ReadTopic").as_str())
            .on(arns.topic(topic)),
        Statement::allow(["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"])
            .sid(source.logical_id("UseGroup").as_str())
            .on(arns.group(group)),
    ]
}

/// Writing failed records to a dead-letter topic of the same cluster under IAM access
/// control: `kafka-cluster:WriteData` (what the Lambda guide lists) and `DescribeTopic`, which a
/// Kafka producer needs to look up the topic's partitions (the MSK guide's producer policy).
pub(crate) fn dead_letter_topic_statement(
    source: &Scope,
    cluster: &Value,
    topic: &Value,
) -> Statement {
    Statement::allow(["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"])
        .sid(source.logical_id("WriteDeadLetterTopic").as_str())
        .on(ClusterArn(cluster).topic(topic))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const CLUSTER: &str = "arn:aws:kafka:us-east-1:123456789012:cluster/logs/abcd-1";

    #[test]
    fn iam_auth_scopes_each_action_to_its_resource() {
        let s = iam_auth_statements(
            &Scope::root("AppLogs"),
            &CLUSTER.into(),
            &"app-logs".into(),
            &"grp".into(),
        );
        assert_eq!(s[0].resources, vec![Value::from(CLUSTER)]);
        assert_eq!(
            s[1].resources,
            vec![Value::from(
                "arn:aws:kafka:us-east-1:123456789012:topic/logs/abcd-1/app-logs"
            )]
        );
        assert_eq!(
            s[1].actions,
            vec!["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
        );
        assert_eq!(
            s[2].resources,
            vec![Value::from(
                "arn:aws:kafka:us-east-1:123456789012:group/logs/abcd-1/grp"
            )]
        );
        assert_eq!(s[2].sid.as_deref(), Some("AppLogsUseGroup"));
    }

    #[test]
    fn only_get_bootstrap_brokers_is_unscoped() {
        let s = cluster_statements(&Scope::root("AppLogs"), &CLUSTER.into());
        assert!(s[0].unscoped_reason.is_none());
        assert_eq!(s[0].resources, vec![Value::from(CLUSTER)]);
        assert_eq!(s[1].actions, vec!["kafka:GetBootstrapBrokers"]);
        assert_eq!(s[1].unscoped_reason, Some(GET_BOOTSTRAP_BROKERS_REASON));
    }
}
