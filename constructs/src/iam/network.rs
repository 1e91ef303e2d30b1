//! The EC2 network-interface permissions a role needs when Lambda creates elastic network
//! interfaces (ENIs) in a VPC on its behalf: for an event source mapping's pollers (MSK, or
//! self-managed Kafka reached through a VPC) and for VPC-attached functions.
//!
//! Scoping follows the EC2 service authorization reference: `ec2:CreateNetworkInterface`
//! authorizes on the `network-interface`, `subnet` and `security-group` resource types and
//! `ec2:DeleteNetworkInterface` on `network-interface`, so both are limited to this account and
//! region (and to the given subnets and security groups when the stack knows them). The
//! `Describe*` actions support no resource-level permissions and need `"Resource": "*"`.

use indexmap::IndexMap;

use super::Statement;
use crate::value::Value;

/// Why the EC2 `Describe*` actions are granted on `*`.
pub const DESCRIBE_REASON: &str = "ec2:DescribeNetworkInterfaces, DescribeVpcs, DescribeSubnets and DescribeSecurityGroups support no resource-level permissions (EC2 service authorization reference)";

/// Where Lambda may create network interfaces.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkPlacement {
    /// Any subnet and security group of this account and region: the stack does not know
    /// them (an MSK cluster's own subnets, say).
    AnyInAccount,
    /// These subnets with these security groups (ids such as `subnet-0abc…`, `sg-0abc…`).
    Subnets {
        /// Subnet ids.
        subnet_ids: Vec<Value>,
        /// Security group ids.
        security_group_ids: Vec<Value>,
    },
}

/// The statements that let Lambda create, describe and delete ENIs at `placement`.
/// `sid_prefix` (ASCII letters and digits) makes the statement ids unique within a policy
/// when several placements are granted to one role; statements for the same placement are
/// identical, so granting them twice adds them once.
pub fn network_interface_statements(
    sid_prefix: &str,
    placement: &NetworkPlacement,
) -> Vec<Statement> {
    let interfaces = ec2_arn("network-interface", &Value::from("*"));
    let mut create = Statement::allow(["ec2:CreateNetworkInterface"])
        .sid(format!("{sid_prefix}CreateNetworkInterfaces"))
        .on(interfaces.clone());
    match placement {
        NetworkPlacement::AnyInAccount => {
            create = create
                .on(ec2_arn("subnet", &Value::from("*")))
                .on(ec2_arn("security-group", &Value::from("*")));
        }
        NetworkPlacement::Subnets {
            subnet_ids,
            security_group_ids,
        } => {
            create = create
                .on_all(subnet_ids.iter().map(|id| ec2_arn("subnet", id)))
                .on_all(
                    security_group_ids
                        .iter()
                        .map(|id| ec2_arn("security-group", id)),
                );
        }
    }
    let delete = Statement::allow(["ec2:DeleteNetworkInterface"])
        .sid(format!("{sid_prefix}DeleteNetworkInterfaces"))
        .on(interfaces);
    let describe = Statement::allow([
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
    ])
    .sid("DescribeNetworkForEnis")
    .on_any_resource(DESCRIBE_REASON);
    vec![create, delete, describe]
}

/// `arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:<kind>/<id>`, with a literal id
/// written into the template and an intrinsic one passed as a `Fn::Sub` variable.
fn ec2_arn(kind: &str, id: &Value) -> Value {
    let prefix =
        format!("arn:${{AWS::Partition}}:ec2:${{AWS::Region}}:${{AWS::AccountId}}:{kind}/");
    match id.as_str() {
        Some(literal) if !literal.contains("${") => Value::sub(format!("{prefix}{literal}")),
        _ => Value::sub_with(
            format!("{prefix}${{Id}}"),
            IndexMap::from([("Id".to_owned(), id.clone())]),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn json(v: &impl serde::Serialize) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn unknown_placement_scopes_to_account_and_region() {
        let s = network_interface_statements("Msk", &NetworkPlacement::AnyInAccount);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].actions, vec!["ec2:CreateNetworkInterface"]);
        assert_eq!(
            json(&s[0].resources),
            r#"[{"Fn::Sub":"arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*"},{"Fn::Sub":"arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/*"},{"Fn::Sub":"arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*"}]"#
        );
        assert_eq!(s[1].actions, vec!["ec2:DeleteNetworkInterface"]);
        assert_eq!(s[1].resources.len(), 1);
        assert!(s[0].unscoped_reason.is_none() && s[1].unscoped_reason.is_none());
        assert_eq!(s[2].unscoped_reason, Some(DESCRIBE_REASON));
        assert_eq!(json(&s[2].resources), r#"["*"]"#);
    }

    #[test]
    fn known_subnets_are_named_and_intrinsics_become_variables() {
        let placement = NetworkPlacement::Subnets {
            subnet_ids: vec![
                "subnet-0a".into(),
                Value::reference(&crate::LogicalId::new("SubnetB").unwrap()),
            ],
            security_group_ids: vec!["sg-01".into()],
        };
        let s = network_interface_statements("Logs", &placement);
        assert_eq!(s[0].sid.as_deref(), Some("LogsCreateNetworkInterfaces"));
        let resources = json(&s[0].resources);
        assert!(resources.contains(
            r#""arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/subnet-0a""#
        ));
        assert!(resources.contains(r#"["arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/${Id}",{"Id":{"Ref":"SubnetB"}}]"#));
        assert!(resources.contains("security-group/sg-01"));
        assert!(!resources.contains("subnet/*"));
    }
}
