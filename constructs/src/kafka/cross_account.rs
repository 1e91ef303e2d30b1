//! Cross-account MSK: a provisioned cluster of another account read through this account's
//! managed VPC connection (multi-VPC private connectivity).

use crate::iam::Statement;
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::validate::{Arn, Validator};
use crate::value::Value;

const P: &str = "vpc_connection_arn";

/// The parts of a literal managed VPC connection ARN,
/// `arn:PARTITION:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VpcConnection<'a> {
    pub(crate) region: &'a str,
    pub(crate) owner_account: &'a str,
    pub(crate) cluster_name: &'a str,
}

impl<'a> VpcConnection<'a> {
    /// The parts, when `arn` is a VPC connection ARN of that shape.
    pub(crate) fn parse(arn: &'a str) -> Option<Self> {
        let parsed = Arn::parse(arn)?;
        if parsed.service != "kafka" || parsed.region.is_empty() || parsed.account.is_empty() {
            return None;
        }
        let path = parsed.resource.strip_prefix("vpc-connection/")?;
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [owner, cluster, uuid]
                if owner.len() == 12
                    && owner.chars().all(|c| c.is_ascii_digit())
                    && !cluster.is_empty()
                    && !uuid.is_empty() =>
            {
                Some(Self {
                    region: parsed.region,
                    owner_account: owner,
                    cluster_name: cluster,
                })
            }
            _ => None,
        }
    }
}

/// Checks the connection ARN's shape and, when both are literals, that it leads to the owner's
/// cluster: same region, the cluster's account, the cluster's name.
pub(crate) fn check_cross_account(v: &mut Validator<'_>, connection: &Value, cluster: &Value) {
    let Some(s) = connection.as_str() else {
        if !connection.is_intrinsic() {
            v.error(
                &rule::VPC_CONNECTION_ARN,
                P,
                Some(connection),
                "must be the ARN of an MSK managed VPC connection",
                "give arn:aws:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID",
            );
        }
        return;
    };
    let Some(parsed) = VpcConnection::parse(s) else {
        v.error(
            &rule::VPC_CONNECTION_ARN,
            P,
            Some(connection),
            "is not the ARN of an MSK managed VPC connection, arn:PARTITION:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID",
            "copy the connection's ARN from the MSK console (Managed VPC connections) or `aws kafka list-vpc-connections`",
        );
        return;
    };
    let Some(owner) = cluster.as_str().and_then(Arn::parse) else {
        return;
    };
    let cluster_name = owner
        .resource
        .strip_prefix("cluster/")
        .and_then(|path| path.split('/').next())
        .unwrap_or_default();
    let mismatches: Vec<String> = [
        ("region", parsed.region, owner.region),
        ("account", parsed.owner_account, owner.account),
        ("cluster name", parsed.cluster_name, cluster_name),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(what, a, b)| format!("{what} {a} (connection) against {b} (cluster)"))
    .collect();
    if !mismatches.is_empty() {
        v.error(
            &rule::CROSS_ACCOUNT_CLUSTER_MISMATCH,
            P,
            Some(connection),
            format!(
                "does not lead to cluster_arn: {}; the IAM statements would name another cluster than the one the mapping reads",
                mismatches.join(", ")
            ),
            "give the connection to this cluster, or the cluster this connection leads to",
        );
    }
}

/// `kafka:DescribeVpcConnection` on the connection, which the Lambda guide lists for
/// cross-account event source mappings.
pub(crate) fn describe_connection_statement(source: &Scope, connection: &Value) -> Statement {
    Statement::allow(["kafka:DescribeVpcConnection"])
        .sid(source.logical_id("DescribeVpcConnection").as_str())
        .on(connection.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_arns() {
        let arn = "arn:aws:kafka:us-east-1:111122223333:vpc-connection/444455556666/my-cluster-name/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7";
        assert_eq!(
            VpcConnection::parse(arn),
            Some(VpcConnection {
                region: "us-east-1",
                owner_account: "444455556666",
                cluster_name: "my-cluster-name",
            })
        );
        assert_eq!(
            VpcConnection::parse("arn:aws:kafka:us-east-1:111122223333:cluster/a/b"),
            None
        );
        assert_eq!(
            VpcConnection::parse(
                "arn:aws:kafka:us-east-1:111122223333:vpc-connection/4444/my-cluster/uuid"
            ),
            None
        );
    }
}
