//! The security group of the Kafka pollers and brokers in a created VPC.
//!
//! Members reach each other on the broker ports (inbound and outbound rules referring to the
//! group itself) and reach the AWS APIs over HTTPS; nothing else. Rules that refer to the
//! group itself are separate resources, since an inline rule cannot name its own group; the
//! HTTPS rule is inline, which also removes the allow-all outbound rule EC2 adds by default.

use super::create::{name_tag, security_group_id, security_group_logical_id, vpc_id};
use crate::context::SynthContext;
use crate::resources::ec2::{self, Peer, Rule};
use crate::scope::Scope;
use crate::template::{Resource, Suppression};
use crate::value::Value;

/// Adds the group, its outbound HTTPS rule to `https_peer` (the endpoints' group or the
/// internet through the NAT gateway; none when the egress setting is invalid) and one
/// inbound and one outbound rule per broker port.
pub(super) fn add(
    scope: &Scope,
    ctx: &mut SynthContext,
    ports: &[Value],
    https_peer: Option<Peer>,
) {
    let own = security_group_id(scope);
    // HTTPS through the NAT gateway goes to the public endpoints, which have no prefix list.
    let through_nat = matches!(https_peer, Some(Peer::Cidr(_)));
    let https = https_peer.map(|peer| {
        let to = match &peer {
            Peer::Cidr(_) => {
                "the public Lambda, STS and Secrets Manager endpoints through the NAT gateway"
            }
            Peer::SecurityGroup(_) => "the Lambda, STS and Secrets Manager interface endpoints",
        };
        ec2::InlineEgress(Rule::tcp(
            443,
            peer,
            format!("HTTPS from the Kafka pollers to {to}"),
        ))
    });
    let mut group = Resource::new(&ec2::SecurityGroup {
        group_description: format!(
            "Kafka pollers and brokers of {}: broker ports between members, HTTPS to AWS APIs",
            scope.path()
        ),
        vpc_id: vpc_id(scope),
        security_group_ingress: Vec::new(),
        security_group_egress: https.into_iter().collect(),
        tags: vec![name_tag(scope, "kafka")],
    });
    if through_nat {
        group = group.suppress(&Suppression::HttpsThroughNatGateway);
    }
    ctx.add_resource(scope, security_group_logical_id(scope), group);
    let mut added: Vec<&Value> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        if added.contains(&port) {
            continue; // reported by validation; one pair of rules per port
        }
        added.push(port);
        // Rules are named by their port, so reordering or removing a port leaves the other
        // rules in place (renumbered ids would replace them, and a replacement rule identical
        // to a live one fails as a duplicate).
        let (suffix, shown) = match port.as_i64() {
            Some(n) => (n.to_string(), format!(" {n}")),
            None => (format!("Port{}", i + 1), String::new()),
        };
        let rule = |direction: &str| {
            Rule::tcp(
                port.clone(),
                Peer::SecurityGroup(own.clone()),
                format!("Kafka broker port{shown} {direction} pollers and brokers in this group"),
            )
        };
        ctx.add_resource(
            scope,
            scope.logical_id(&format!("SecurityGroupIngress{suffix}")),
            Resource::new(&ec2::SecurityGroupIngress {
                group_id: own.clone(),
                rule: rule("from"),
            }),
        );
        ctx.add_resource(
            scope,
            scope.logical_id(&format!("SecurityGroupEgress{suffix}")),
            Resource::new(&ec2::SecurityGroupEgress {
                group_id: own.clone(),
                rule: rule("to"),
            }),
        );
    }
}
