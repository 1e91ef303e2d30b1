//! A VPC the stack creates: its settings, the logical ids of what it emits, and the order
//! in which the parts are added.

use super::subnets::{self, AZS, Layout};
use super::validate;
use super::{Egress, KIND, endpoints, flow_log, nat, security_groups};
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::{Prop, PropVec};
use crate::resources::Tag;
use crate::resources::ec2;
use crate::rules::vpc as rule;
use crate::scope::Scope;
use crate::template::{Output, Resource};
use crate::value::Value;

/// The MSK broker ports: 9092 plaintext, 9094 TLS, 9096 SASL/SCRAM, 9098 IAM.
pub(super) const MSK_BROKER_PORTS: [u16; 4] = [9092, 9094, 9096, 9098];

/// A VPC the stack creates: private subnets in two Availability Zones, a security group
/// for the pollers, flow logs, and interface endpoints or a NAT gateway.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub(super) struct Created {
    /// The VPC's private IPv4 block (default `10.0.0.0/16`).
    #[schemars(extend("examples" = ["10.0.0.0/16", "172.16.0.0/20", "192.168.8.0/24"]))]
    pub(super) cidr: Prop<String>,
    /// How on-demand pollers reach Lambda, STS and Secrets Manager (default
    /// `interface_endpoints`).
    pub(super) egress: Egress,
    /// The broker ports the pollers' security group may reach (default the MSK ports 9092,
    /// 9094, 9096, 9098).
    #[schemars(extend("examples" = [[9092, 9094, 9096, 9098], [9096]], "minItems" = 1, "uniqueItems" = true))]
    pub(super) broker_ports: PropVec<i64>,
    /// Days the flow logs are kept (default 365).
    #[schemars(extend("examples" = [1, 7, 30, 90, 365, 3653], "minimum" = 1, "maximum" = 3653))]
    pub(super) flow_log_retention_days: Prop<i64>,
}

impl Default for Created {
    fn default() -> Self {
        Self {
            cidr: Prop::new("10.0.0.0/16"),
            egress: Egress::InterfaceEndpoints,
            broker_ports: PropVec::new(MSK_BROKER_PORTS),
            flow_log_retention_days: Prop::new(365),
        }
    }
}

/// Logical id of the VPC.
fn vpc_logical_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Vpc")
}

/// Logical id of the pollers' and brokers' security group.
pub(super) fn security_group_logical_id(scope: &Scope) -> LogicalId {
    scope.logical_id("SecurityGroup")
}

/// `Ref` to the created VPC.
pub(super) fn vpc_id(scope: &Scope) -> Value {
    Value::reference(&vpc_logical_id(scope))
}

/// `Ref`s to the created private subnets, in availability-zone order.
pub(super) fn private_subnet_ids(scope: &Scope) -> Vec<Value> {
    AZS.iter()
        .map(|az| Value::reference(&subnets::private(scope, az).subnet))
        .collect()
}

/// The id of the pollers' and brokers' security group.
pub(super) fn security_group_id(scope: &Scope) -> Value {
    Value::get_att(&security_group_logical_id(scope), "GroupId")
}

/// A `Name` tag: `<stack name>-<construct path>-<what>`, as the EC2 console lists it.
pub(super) fn name_tag(scope: &Scope, what: &str) -> Tag {
    Tag::new(
        "Name",
        Value::sub(format!(
            "${{AWS::StackName}}-{}-{what}",
            crate::value::sub::sub_literal(&scope.path())
        )),
    )
}

impl Created {
    /// Checks the settings and adds the VPC, its subnets, security groups, egress path, flow
    /// log and outputs.
    pub(super) fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let mut v = ctx.validator(KIND, scope);
        let block = validate::private_block(&mut v, "cidr", &self.cidr);
        validate::broker_ports(&mut v, "broker_ports", &self.broker_ports);
        validate::retention_days(
            &mut v,
            "flow_log_retention_days",
            &self.flow_log_retention_days,
        );
        if self.egress == Egress::Unknown {
            v.error(&rule::CREATED_EGRESS_UNKNOWN,
                "egress",
                None,
                "is `Egress::Unknown`, which describes imported VPCs; a created VPC needs a way for on-demand pollers to reach Lambda, STS and Secrets Manager",
                "use `Egress::InterfaceEndpoints` (the default) or `Egress::NatGateway`",
            );
        }

        let vpc = vpc_logical_id(scope);
        ctx.add_resource(
            scope,
            vpc.clone(),
            Resource::new(&ec2::Vpc {
                cidr_block: self.cidr.value().clone(),
                enable_dns_support: true,
                enable_dns_hostnames: true,
                tags: vec![name_tag(scope, "vpc")],
            }),
        );
        let layout = Layout::new(&self.cidr, block.map(|b| b.prefix));
        for az in AZS {
            subnets::add_private(scope, ctx, &layout, az);
        }
        let https_peer = match self.egress {
            Egress::InterfaceEndpoints => Some(endpoints::add(scope, ctx)),
            Egress::NatGateway => Some(nat::add(scope, ctx, &layout)),
            Egress::Unknown => None,
        };
        security_groups::add(scope, ctx, &self.broker_ports, https_peer);
        flow_log::add(scope, ctx, &self.flow_log_retention_days);
        add_outputs(scope, ctx);
    }
}

/// Outputs the ids brokers need to join the network.
fn add_outputs(scope: &Scope, ctx: &mut SynthContext) {
    let path = scope.path();
    ctx.add_output(
        scope,
        scope.logical_id("VpcId"),
        Output::new(format!("VPC created by {path}"), vpc_id(scope)),
    );
    ctx.add_output(
        scope,
        scope.logical_id("PrivateSubnetIds"),
        Output::new(
            format!(
                "Private subnets created by {path}, comma-separated: place the Kafka brokers here"
            ),
            Value::join(",", private_subnet_ids(scope)),
        ),
    );
    ctx.add_output(
        scope,
        scope.logical_id("SecurityGroupId"),
        Output::new(
            format!("Security group created by {path} for the Kafka pollers: attach it to the brokers too"),
            security_group_id(scope),
        ),
    );
}
