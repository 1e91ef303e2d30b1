//! Every compliance finding the constructs suppress, with its reason: the one place that writes
//! suppressions, so a check and the reason for waiving it cannot drift apart.
//!
//! Two scanners read suppressions from a resource's `Metadata`:
//!
//! - checkov: `checkov: {skip: [{id: CKV_AWS_116, comment: "why"}]}`;
//! - AWS CloudFormation Guard with the rules of the AWS Guard Rules Registry (which mirror AWS
//!   Config managed rules): `guard: {SuppressedRules: [LAMBDA_DLQ_CHECK], Reasons:
//!   {LAMBDA_DLQ_CHECK: "why"}}`. The registry's rules read only `SuppressedRules`; `Reasons`
//!   is where reviewers read why.
//!
//! A construct suppresses a finding only where it applies (a function with reserved concurrency
//! gets no concurrency suppression, one in a VPC no VPC suppression), through
//! [`Resource::suppress`](super::Resource::suppress) with one [`Suppression`]; the checks it
//! waives and its reason come from here and nowhere else.

use crate::iam::unscoped::unscoped_reason;
use crate::value::Value;

/// A compliance scanner whose findings a resource's `Metadata` can suppress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scanner {
    /// checkov (`Metadata.checkov.skip`).
    Checkov,
    /// AWS CloudFormation Guard, with the AWS Guard Rules Registry's rules
    /// (`Metadata.guard.SuppressedRules` and `Metadata.guard.Reasons`).
    Guard,
}

/// One check of one scanner, by the id the scanner reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Check {
    /// The scanner.
    pub scanner: Scanner,
    /// Its id for the check: `CKV_AWS_116`, `LAMBDA_DLQ_CHECK`.
    pub id: &'static str,
}

const fn checkov(id: &'static str) -> Check {
    Check {
        scanner: Scanner::Checkov,
        id,
    }
}

const fn guard(id: &'static str) -> Check {
    Check {
        scanner: Scanner::Guard,
        id,
    }
}

// The checks, by the ids their scanners give them.
const CKV_AWS_115: Check = checkov("CKV_AWS_115");
const CKV_AWS_116: Check = checkov("CKV_AWS_116");
const CKV_AWS_117: Check = checkov("CKV_AWS_117");
const CKV_AWS_338: Check = checkov("CKV_AWS_338");
const CKV_AWS_370: Check = checkov("CKV_AWS_370");
const CW_LOGGROUP_RETENTION_PERIOD_CHECK: Check = guard("CW_LOGGROUP_RETENTION_PERIOD_CHECK");
const EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE: Check =
    guard("EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE");
const IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE: Check =
    guard("IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE");
const LAMBDA_CONCURRENCY_CHECK: Check = guard("LAMBDA_CONCURRENCY_CHECK");
const LAMBDA_DLQ_CHECK: Check = guard("LAMBDA_DLQ_CHECK");
const LAMBDA_INSIDE_VPC: Check = guard("LAMBDA_INSIDE_VPC");
const NO_UNRESTRICTED_ROUTE_TO_IGW: Check = guard("NO_UNRESTRICTED_ROUTE_TO_IGW");
const SECRETSMANAGER_ROTATION_ENABLED_CHECK: Check = guard("SECRETSMANAGER_ROTATION_ENABLED_CHECK");

/// The retention periods the Guard Rules Registry's `CW_LOGGROUP_RETENTION_PERIOD_CHECK`
/// accepts: the periods CloudWatch Logs offered when the rule was written, which lack 1096,
/// 2192, 2557, 2922 and 3288 days.
pub const REGISTRY_RETENTION_DAYS: [i64; 17] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653,
];

/// Log retention below this is flagged by checkov's `CKV_AWS_338` (one year).
pub const COMPLIANT_RETENTION_DAYS: i64 = 365;

/// A finding the constructs suppress on one resource, with what makes it a choice or a false
/// positive there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppression {
    /// The anomaly function has no dead-letter queue: it is invoked synchronously by its Kafka
    /// event source mapping.
    FunctionWithoutDeadLetterQueue,
    /// The anomaly function is attached to no VPC: it calls only public AWS APIs.
    FunctionOutsideVpc {
        /// The service it scores with (`SageMaker`, or `S3` for an embedded model).
        scoring: &'static str,
    },
    /// The anomaly function reserves no concurrency: the mapping bounds it.
    FunctionConcurrencyUnreserved,
    /// The anomaly function's reserved concurrency is a deploy-time value (a parameter).
    FunctionConcurrencyAtDeployTime {
        /// The value, as the template writes it.
        value: String,
    },
    /// A log group keeps its logs for less than a year, as the stack author chose.
    LogRetentionUnderAYear {
        /// The retention.
        days: i64,
        /// The property that chose it (`log_retention_days`, `flow_log_retention_days`).
        property: &'static str,
    },
    /// A log group keeps its logs for a period CloudWatch Logs offers but the registry's rule
    /// does not list.
    LogRetentionUnlistedByRegistry {
        /// The retention.
        days: i64,
    },
    /// A log group's retention is a deploy-time value (a parameter).
    LogRetentionAtDeployTime {
        /// The value, as the template writes it.
        value: String,
    },
    /// A SageMaker model serving a serverless variant, which cannot isolate its network.
    ServerlessModelWithoutNetworkIsolation,
    /// A managed policy grants actions that IAM can only grant on `"Resource": "*"`.
    UnscopableActions {
        /// The actions on `*`, each on the allow-list of `iam::unscoped`.
        actions: Vec<String>,
    },
    /// The NAT gateway's public subnet routes to the internet gateway.
    NatGatewayRouteToInternet,
    /// The pollers' security group sends HTTPS to the internet through the NAT gateway.
    HttpsThroughNatGateway,
    /// A generated secret without a rotation schedule.
    GeneratedSecretWithoutRotation,
}

impl Suppression {
    /// The checks this suppression waives, in the order they are written.
    pub fn checks(&self) -> &'static [Check] {
        match self {
            Suppression::FunctionWithoutDeadLetterQueue => &[CKV_AWS_116, LAMBDA_DLQ_CHECK],
            Suppression::FunctionOutsideVpc { .. } => &[CKV_AWS_117, LAMBDA_INSIDE_VPC],
            Suppression::FunctionConcurrencyUnreserved => &[CKV_AWS_115, LAMBDA_CONCURRENCY_CHECK],
            Suppression::FunctionConcurrencyAtDeployTime { .. } => &[LAMBDA_CONCURRENCY_CHECK],
            Suppression::LogRetentionUnderAYear { .. } => &[CKV_AWS_338],
            Suppression::LogRetentionUnlistedByRegistry { .. }
            | Suppression::LogRetentionAtDeployTime { .. } => &[CW_LOGGROUP_RETENTION_PERIOD_CHECK],
            Suppression::ServerlessModelWithoutNetworkIsolation => &[CKV_AWS_370],
            Suppression::UnscopableActions { .. } => &[IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE],
            Suppression::NatGatewayRouteToInternet => &[NO_UNRESTRICTED_ROUTE_TO_IGW],
            Suppression::HttpsThroughNatGateway => &[EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE],
            Suppression::GeneratedSecretWithoutRotation => &[SECRETSMANAGER_ROTATION_ENABLED_CHECK],
        }
    }

    /// Why the finding is a choice or a false positive on this resource.
    pub fn reason(&self) -> String {
        match self {
            Suppression::FunctionWithoutDeadLetterQueue => "invoked synchronously by its Kafka event source mapping; failed batches go to the mapping's on-failure destination, and a dead-letter queue applies only to asynchronous invocations".into(),
            Suppression::FunctionOutsideVpc { scoring } => format!("calls only public AWS APIs ({scoring}, DynamoDB, SNS, SQS); the Kafka pollers use the source's network whatever the function's is"),
            Suppression::FunctionConcurrencyUnreserved => "a Kafka event source mapping runs at most one concurrent batch per partition, which bounds the function's concurrency; set reserved_concurrency to cap it lower".into(),
            Suppression::FunctionConcurrencyAtDeployTime { value } => format!("reserved concurrency is set, from {value} at deploy time; the rule cannot read a value CloudFormation resolves"),
            Suppression::LogRetentionUnderAYear { days, property } => format!("retention of {days} days chosen explicitly by the stack author with {property}"),
            Suppression::LogRetentionUnlistedByRegistry { days } => format!("{days} days is a retention period CloudWatch Logs offers (PutRetentionPolicy); the rule's list of periods predates it"),
            Suppression::LogRetentionAtDeployTime { value } => format!("retention is set, from {value} at deploy time; the rule cannot read a value CloudFormation resolves, and CloudWatch Logs refuses a period it does not offer"),
            Suppression::ServerlessModelWithoutNetworkIsolation => "serverless SageMaker endpoints do not support network isolation; the model serves a serverless variant".into(),
            Suppression::UnscopableActions { actions } => {
                let mut reasons: Vec<&str> = Vec::new();
                for reason in actions.iter().filter_map(|a| unscoped_reason(a)) {
                    if !reasons.contains(&reason) {
                        reasons.push(reason);
                    }
                }
                format!(
                    "every statement names its resources, except those of actions IAM grants only on \"*\": {}",
                    reasons.join("; ")
                )
            }
            Suppression::NatGatewayRouteToInternet => "the public subnet holds only the NAT gateway, which reaches the public AWS API endpoints through the internet gateway; it accepts no connection from the internet, and the private subnets route through it, not to the internet gateway".into(),
            Suppression::HttpsThroughNatGateway => "HTTPS (443) only, to the public AWS API endpoints the pollers and the function call (Lambda, STS, Secrets Manager, the scorer and the sinks) through the NAT gateway; AWS publishes no prefix list of those endpoints' addresses, and every other port stays closed".into(),
            Suppression::GeneratedSecretWithoutRotation => "AWS offers no managed rotation and no rotation function template for Kafka SASL credentials (Amazon MSK or self-managed brokers); give the secret a rotation with a function you supply (README: Rotating generated secrets)".into(),
        }
    }

    /// The suppressions a log group's retention calls for, when `property` sets it to `days`
    /// (a value CloudWatch Logs accepts, or an intrinsic): under a year for checkov, and a
    /// value the registry's rule cannot confirm.
    pub fn for_log_retention(days: &Value, property: &'static str) -> Vec<Self> {
        match days.as_i64() {
            Some(days) => {
                let mut out = Vec::new();
                if days < COMPLIANT_RETENTION_DAYS {
                    out.push(Suppression::LogRetentionUnderAYear { days, property });
                }
                if !REGISTRY_RETENTION_DAYS.contains(&days) {
                    out.push(Suppression::LogRetentionUnlistedByRegistry { days });
                }
                out
            }
            None if days.is_intrinsic() => vec![Suppression::LogRetentionAtDeployTime {
                value: days.describe(),
            }],
            None => Vec::new(),
        }
    }

    /// One of each kind of suppression (with sample values), for documentation and tests.
    pub fn catalogue() -> Vec<Self> {
        vec![
            Suppression::FunctionWithoutDeadLetterQueue,
            Suppression::FunctionOutsideVpc {
                scoring: "SageMaker",
            },
            Suppression::FunctionConcurrencyUnreserved,
            Suppression::FunctionConcurrencyAtDeployTime {
                value: r#"{"Ref":"Concurrency"}"#.into(),
            },
            Suppression::LogRetentionUnderAYear {
                days: 30,
                property: "log_retention_days",
            },
            Suppression::LogRetentionUnlistedByRegistry { days: 1096 },
            Suppression::LogRetentionAtDeployTime {
                value: r#"{"Ref":"RetentionDays"}"#.into(),
            },
            Suppression::ServerlessModelWithoutNetworkIsolation,
            Suppression::UnscopableActions {
                actions: vec!["ec2:DescribeNetworkInterfaces".into()],
            },
            Suppression::NatGatewayRouteToInternet,
            Suppression::HttpsThroughNatGateway,
            Suppression::GeneratedSecretWithoutRotation,
        ]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::resources::logs::RETENTION_DAYS;

    #[test]
    fn every_suppression_names_checks_and_a_reason() {
        for suppression in Suppression::catalogue() {
            assert!(!suppression.checks().is_empty(), "{suppression:?}");
            assert!(suppression.reason().len() > 40, "{suppression:?}");
        }
    }

    /// The catalogue holds each kind once: a new kind must be added to it (and so to the
    /// README, which a test checks against it).
    #[test]
    fn the_catalogue_holds_each_kind_once() {
        let all = Suppression::catalogue();
        let kinds: std::collections::BTreeSet<String> = all
            .iter()
            .map(|s| format!("{:?}", std::mem::discriminant(s)))
            .collect();
        assert_eq!(kinds.len(), all.len());
    }

    /// No other source names a waived check or writes a scanner's metadata: every suppression
    /// goes through `Resource::suppress` with a reason from this module. (Test files, which
    /// assert what the templates carry, may name checks.)
    #[test]
    fn only_this_module_names_waived_checks() {
        let mut names: Vec<String> = Suppression::catalogue()
            .iter()
            .flat_map(|s| s.checks().iter().map(|c| format!("\"{}\"", c.id)))
            .collect();
        names.push("\"CKV_".into());
        let writers = ["\"checkov\"", "\"guard\"", "\"SuppressedRules\""];
        let mut files = 0;
        for (path, text) in crate::sources::source_files() {
            let shown = path.display().to_string();
            if shown.ends_with("template/suppression.rs") || path.ends_with("tests.rs") {
                continue;
            }
            // Only the code that ships: a file's unit tests follow `#[cfg(test)]`.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            files += 1;
            for name in &names {
                assert!(!text.contains(name.as_str()), "{shown} names {name}");
            }
            if !shown.ends_with("template/resource.rs") {
                for writer in writers {
                    assert!(!text.contains(writer), "{shown} writes {writer} metadata");
                }
            }
        }
        assert!(files > 100, "read only {files} files: the scan is broken");
    }

    /// The README's compliance section lists every check the constructs may waive.
    #[test]
    fn the_readme_lists_every_waived_check() {
        let readme = include_str!("../../../README.md");
        let section = readme
            .split("## Compliance")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap();
        for suppression in Suppression::catalogue() {
            for check in suppression.checks() {
                assert!(
                    section.contains(&format!("`{}`", check.id)),
                    "README.md's compliance section does not list {} ({suppression:?})",
                    check.id
                );
            }
        }
    }

    #[test]
    fn retention_suppressions_apply_only_where_a_scanner_would_flag() {
        let ids = |days: Value| {
            Suppression::for_log_retention(&days, "log_retention_days")
                .iter()
                .flat_map(|s| s.checks().iter().map(|c| c.id))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Value::Int(365)), Vec::<&str>::new());
        assert_eq!(ids(Value::Int(3653)), Vec::<&str>::new());
        assert_eq!(ids(Value::Int(30)), ["CKV_AWS_338"]);
        assert_eq!(
            ids(Value::Int(1096)),
            ["CW_LOGGROUP_RETENTION_PERIOD_CHECK"]
        );
        let parameter = Value::reference(&crate::LogicalId::new("Days").unwrap());
        assert_eq!(ids(parameter), ["CW_LOGGROUP_RETENTION_PERIOD_CHECK"]);
        // Every period the registry's rule lists is one CloudWatch Logs offers.
        assert!(
            REGISTRY_RETENTION_DAYS
                .iter()
                .all(|d| RETENTION_DAYS.contains(d))
        );
    }

    #[test]
    fn unscopable_actions_give_each_reason_once() {
        let reason = Suppression::UnscopableActions {
            actions: vec![
                "ec2:DescribeVpcs".into(),
                "ec2:DescribeSubnets".into(),
                "xray:PutTraceSegments".into(),
            ],
        }
        .reason();
        assert_eq!(
            reason
                .matches("EC2 service authorization reference")
                .count(),
            1
        );
        assert!(reason.contains("X-Ray"), "{reason}");
    }
}
