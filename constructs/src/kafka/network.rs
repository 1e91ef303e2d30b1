//! How the pollers reach the brokers: VPC access configurations, the ENIs Lambda creates
//! for them, and what the stack cannot see about the routes.

use crate::construct::Handle;
use crate::iam::NetworkPlacement;
use crate::resources::lambda::SourceAccessConfiguration;
use crate::rules::kafka as rule;
use crate::validate::Validator;
use crate::value::Value;
use crate::vpc::{Egress, Vpc};

use super::arn::concat;
use super::source::{KafkaCluster, KafkaSource};

const P: &str = "vpc";

/// Checks the VPC against the cluster kind and itself, and warns about routes the stack
/// cannot see.
pub(crate) fn check_network(v: &mut Validator<'_>, source: &KafkaSource) {
    let Some(vpc) = &source.vpc else {
        return;
    };
    if let Some(KafkaCluster::Msk { .. }) = source.cluster() {
        v.error(&rule::VPC_ON_MSK,
            P,
            Some(&Value::from(vpc.id())),
            "is set on an MSK source; Lambda reaches MSK brokers through the cluster's own subnets and security groups",
            "remove vpc(..) from the MSK source",
        );
        return;
    }
    let (subnets, groups) = (vpc.subnet_ids(), vpc.security_group_ids());
    match (subnets.is_empty(), groups.is_empty()) {
        (false, false) => {}
        (true, true) => v.error(&rule::VPC_SUBNETS_AND_GROUPS,
            P,
            Some(&Value::from(vpc.id())),
            "has neither subnets nor security groups for the pollers",
            "give the Vpc the subnet ids and security group ids that reach the brokers",
        ),
        (true, false) => v.error(&rule::VPC_SUBNETS_AND_GROUPS,
            P,
            Some(&Value::from(vpc.id())),
            "has security groups but no subnets; Lambda needs VPC_SUBNET and VPC_SECURITY_GROUP together",
            "give the Vpc the subnet ids that reach the brokers",
        ),
        (false, true) => v.error(&rule::VPC_SUBNETS_AND_GROUPS,
            P,
            Some(&Value::from(vpc.id())),
            "has subnets but no security groups; Lambda needs VPC_SUBNET and VPC_SECURITY_GROUP together",
            "give the Vpc a security group that allows egress to the broker ports",
        ),
    }
    warn_about_egress(v, source, vpc);
}

/// In on-demand mode the pollers call Lambda and STS (and Secrets Manager to read a secret)
/// from the given subnets; provisioned pollers do not need those endpoints. In both modes an
/// SQS, SNS or S3 on-failure destination is reached from the subnets through that service's
/// endpoint.
fn warn_about_egress(v: &mut Validator<'_>, source: &KafkaSource, vpc: &Handle<Vpc>) {
    let id = Value::from(vpc.id());
    let provisioned = source.pollers.is_some();
    let aws_destination = source.on_failure.as_ref().filter(|d| d.is_aws_service());
    match vpc.egress() {
        Egress::NatGateway => {}
        Egress::Unknown if !provisioned => {
            let services = if source.given_auth().is_some_and(|a| a.reads_secret())
                || source.root_ca.is_some()
            {
                "Lambda, STS and Secrets Manager"
            } else {
                "Lambda and STS"
            };
            v.warn(&rule::VPC_EGRESS_UNSEEN,
                P,
                Some(&id),
                format!(
                    "the stack cannot see whether these subnets reach {services}{}; on-demand pollers need them, or the mapping reports \"PROBLEM: Connection error\"",
                    if aws_destination.is_some() { " and the on-failure destination's service" } else { "" }
                ),
                "route the subnets through a NAT gateway or add interface endpoints for those services (Vpc::create can add them), or use provisioned_pollers, which need no endpoints",
            );
        }
        Egress::Unknown | Egress::InterfaceEndpoints => {
            if let Some(destination) = aws_destination {
                v.warn(&rule::DESTINATION_ENDPOINT_UNSEEN,
                    "on_failure",
                    Some(&destination.destination()),
                    "pollers in the VPC reach the on-failure destination through its service's endpoint, which the stack cannot see (or did not create)",
                    "add an interface endpoint (or, for S3, a gateway endpoint) for the destination's service to the VPC, or a NAT route",
                );
            }
        }
    }
}

/// `VPC_SUBNET` and `VPC_SECURITY_GROUP` entries: `subnet:<id>` and `security_group:<id>`.
pub(crate) fn access_configurations(vpc: &Handle<Vpc>) -> Vec<SourceAccessConfiguration> {
    let entry = |kind: &str, prefix: &str, id: Value| {
        SourceAccessConfiguration::new(kind, concat(vec![prefix.into(), id]))
    };
    vpc.subnet_ids()
        .into_iter()
        .map(|id| entry("VPC_SUBNET", "subnet:", id))
        .chain(
            vpc.security_group_ids()
                .into_iter()
                .map(|id| entry("VPC_SECURITY_GROUP", "security_group:", id)),
        )
        .collect()
}

/// Where Lambda creates the pollers' network interfaces, when it creates any: in an MSK
/// cluster's subnets (unknown to the stack) or in the given VPC's.
pub(crate) fn placement(source: &KafkaSource) -> Option<NetworkPlacement> {
    match (source.cluster(), &source.vpc) {
        (Some(KafkaCluster::Msk { .. }), _) => Some(NetworkPlacement::AnyInAccount),
        (_, Some(vpc)) => Some(NetworkPlacement::Subnets {
            subnet_ids: vpc.subnet_ids(),
            security_group_ids: vpc.security_group_ids(),
        }),
        (_, None) => None,
    }
}
