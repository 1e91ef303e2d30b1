//! The one allow-list of permissions granted on every resource (`"Resource": "*"`).
//!
//! IAM lets a statement name `*` as its resource; least privilege allows that only for actions
//! that AWS documents as supporting no resource-level permissions, each listed here with that
//! reason ([`UNSCOPED_ACTIONS`]), and in a KMS key policy, where `*` means "this key", only for
//! the statements AWS documents for key policies ([`KEY_POLICY_GRANTS`]).
//! [`Statement::on_any_resource`](super::Statement::on_any_resource) is called with one of the
//! reasons below; the least-privilege tests check every synthesized policy against these lists.

use super::network::DESCRIBE_REASON;

/// Why `kafka:GetBootstrapBrokers` is granted on `*`.
pub const GET_BOOTSTRAP_BROKERS_REASON: &str = "kafka:GetBootstrapBrokers supports no resource-level permissions (MSK service authorization reference)";

/// Why `ecr:GetAuthorizationToken` is granted on `*`.
pub const ECR_TOKEN_REASON: &str = "ecr:GetAuthorizationToken has no resource-level permissions: the token it returns is for the caller's registry access as a whole, so IAM requires Resource \"*\"";

/// Why the X-Ray actions are granted on `*`.
pub const XRAY_REASON: &str =
    "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions";

/// Why `cloudwatch:PutMetricData` is granted on `*`.
pub const PUT_METRIC_DATA_REASON: &str = "cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the endpoint-metrics namespace by the cloudwatch:namespace condition";

/// Why `sts:GetWebIdentityToken` is granted on `*`.
pub const WEB_IDENTITY_TOKEN_REASON: &str = "sts:GetWebIdentityToken supports no resource-level permissions (STS service authorization reference); the statement is limited to the brokers' audience by the sts:IdentityTokenAudience condition";

/// Why a key policy statement names `*`.
pub const KEY_POLICY_REASON: &str = "a key policy applies to its own key; `*` means this key";

/// An action that IAM can only grant on `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnscopedAction {
    /// The action, e.g. `ecr:GetAuthorizationToken`.
    pub action: &'static str,
    /// Why it has no resource (what the service authorization reference says).
    pub reason: &'static str,
    /// A condition key every statement granting it must carry, when AWS offers one that
    /// narrows the action (e.g. `cloudwatch:namespace`).
    pub condition: Option<&'static str>,
}

const fn unscoped(action: &'static str, reason: &'static str) -> UnscopedAction {
    UnscopedAction {
        action,
        reason,
        condition: None,
    }
}

/// Every action the constructs may grant on `*`, with its reason.
pub const UNSCOPED_ACTIONS: &[UnscopedAction] = &[
    unscoped("ec2:DescribeNetworkInterfaces", DESCRIBE_REASON),
    unscoped("ec2:DescribeVpcs", DESCRIBE_REASON),
    unscoped("ec2:DescribeSubnets", DESCRIBE_REASON),
    unscoped("ec2:DescribeSecurityGroups", DESCRIBE_REASON),
    unscoped("kafka:GetBootstrapBrokers", GET_BOOTSTRAP_BROKERS_REASON),
    unscoped("ecr:GetAuthorizationToken", ECR_TOKEN_REASON),
    unscoped("xray:PutTraceSegments", XRAY_REASON),
    unscoped("xray:PutTelemetryRecords", XRAY_REASON),
    UnscopedAction {
        action: "cloudwatch:PutMetricData",
        reason: PUT_METRIC_DATA_REASON,
        condition: Some("cloudwatch:namespace"),
    },
    UnscopedAction {
        action: "sts:GetWebIdentityToken",
        reason: WEB_IDENTITY_TOKEN_REASON,
        condition: Some("sts:IdentityTokenAudience"),
    },
];

/// Who a key policy statement is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPrincipal {
    /// `{"AWS": <this>}`, written as a `Fn::Sub` template (the account root).
    Aws(&'static str),
    /// `{"Service": <this>}`, a literal service principal or a `Fn::Sub` template.
    Service(&'static str),
}

/// A statement a KMS key policy may hold with `"Resource": "*"` (this key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPolicyGrant {
    /// The principal.
    pub principal: KeyPrincipal,
    /// The actions, as AWS documents the statement (action wildcards included).
    pub actions: &'static [&'static str],
    /// The condition key that limits the service to this stack's resources, when there is one.
    pub condition: Option<&'static str>,
    /// Where AWS documents the statement.
    pub documented_in: &'static str,
}

/// The key policy statements the stack's key may hold.
pub const KEY_POLICY_GRANTS: &[KeyPolicyGrant] = &[
    KeyPolicyGrant {
        principal: KeyPrincipal::Aws("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
        actions: &["kms:*"],
        condition: None,
        documented_in: "AWS KMS Developer Guide, \"Default key policy\": allows access to the AWS account and enables IAM policies",
    },
    KeyPolicyGrant {
        principal: KeyPrincipal::Service("logs.${AWS::Region}.amazonaws.com"),
        actions: &[
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
        ],
        condition: Some("kms:EncryptionContext:aws:logs:arn"),
        documented_in: "Amazon CloudWatch Logs User Guide, \"Encrypt log data in CloudWatch Logs using AWS KMS\", step 2",
    },
    KeyPolicyGrant {
        principal: KeyPrincipal::Service("cloudwatch.amazonaws.com"),
        actions: &["kms:Decrypt", "kms:GenerateDataKey*"],
        condition: Some("kms:EncryptionContext:aws:sns:topicArn"),
        documented_in: "Amazon SNS Developer Guide, \"Configure AWS KMS permissions for AWS services\" (CloudWatch alarms)",
    },
];

/// The reason `action` may be granted on `*`, when it is allow-listed.
pub fn unscoped_reason(action: &str) -> Option<&'static str> {
    unscoped_action(action).map(|entry| entry.reason)
}

/// The allow-list entry of `action`.
pub fn unscoped_action(action: &str) -> Option<&'static UnscopedAction> {
    UNSCOPED_ACTIONS.iter().find(|entry| entry.action == action)
}

/// Every reason `Statement::on_any_resource` may be called with.
pub fn reasons() -> impl Iterator<Item = &'static str> {
    UNSCOPED_ACTIONS
        .iter()
        .map(|entry| entry.reason)
        .chain(std::iter::once(KEY_POLICY_REASON))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_exact_and_listed_once() {
        for (i, entry) in UNSCOPED_ACTIONS.iter().enumerate() {
            let (service, name) = entry.action.split_once(':').unwrap_or_default();
            assert!(
                !service.is_empty() && !name.is_empty() && !entry.action.contains('*'),
                "{} must be one exact action",
                entry.action
            );
            assert!(!entry.reason.is_empty());
            assert!(
                UNSCOPED_ACTIONS[..i]
                    .iter()
                    .all(|e| e.action != entry.action),
                "{} is listed twice",
                entry.action
            );
            assert_eq!(unscoped_reason(entry.action), Some(entry.reason));
        }
        assert_eq!(unscoped_reason("s3:GetObject"), None);
        assert_eq!(unscoped_reason("ec2:Describe*"), None);
    }

    /// Every `on_any_resource(..)` call in this crate names one of the allow-list's reason
    /// constants (or the key-policy reason), so each wildcard resource is accounted for here.
    #[test]
    fn every_unscoped_grant_names_an_allow_listed_reason() {
        let constants = [
            "DESCRIBE_REASON",
            "GET_BOOTSTRAP_BROKERS_REASON",
            "ECR_TOKEN_REASON",
            "XRAY_REASON",
            "PUT_METRIC_DATA_REASON",
            "WEB_IDENTITY_TOKEN_REASON",
            "KEY_POLICY_REASON",
        ];
        let mut calls = 0;
        for (path, text) in crate::sources::source_files() {
            if path.ends_with("iam/unscoped.rs") {
                continue; // this test's own pattern
            }
            for (at, _) in text.match_indices(".on_any_resource(") {
                let argument: String = text[at + ".on_any_resource(".len()..]
                    .chars()
                    .take_while(|c| *c != ')')
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert!(
                    constants.iter().any(|c| argument.ends_with(c)),
                    "{}: on_any_resource({argument}) names no reason of iam::unscoped",
                    path.display()
                );
                calls += 1;
            }
        }
        assert!(calls >= 7, "found only {calls} calls: the scan is broken");
        let listed: Vec<&str> = reasons().collect();
        for reason in [
            DESCRIBE_REASON,
            GET_BOOTSTRAP_BROKERS_REASON,
            ECR_TOKEN_REASON,
            XRAY_REASON,
            PUT_METRIC_DATA_REASON,
            WEB_IDENTITY_TOKEN_REASON,
            KEY_POLICY_REASON,
        ] {
            assert!(
                listed.contains(&reason),
                "{reason} is not in the allow-list"
            );
        }
    }

    #[test]
    fn key_policy_grants_name_kms_actions_only() {
        for grant in KEY_POLICY_GRANTS {
            assert!(grant.actions.iter().all(|a| a.starts_with("kms:")));
            assert!(!grant.documented_in.is_empty());
        }
    }
}
