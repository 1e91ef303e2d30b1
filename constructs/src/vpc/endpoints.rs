//! Interface endpoints for the AWS APIs on-demand Kafka pollers call from the private
//! subnets: Lambda (to invoke the function), STS (to assume its role) and Secrets Manager
//! (to read broker credentials). Private DNS makes the services' regional names resolve to
//! the endpoints, so the pollers need no NAT route.

use super::create::{name_tag, private_subnet_ids, security_group_id, vpc_id};
use crate::context::SynthContext;
use crate::resources::ec2::{self, IpProtocol, Peer, Rule};
use crate::scope::Scope;
use crate::template::Resource;
use crate::value::Value;

/// The services, as (logical-id part, service name suffix).
const SERVICES: [(&str, &str); 3] = [
    ("Lambda", "lambda"),
    ("Sts", "sts"),
    ("SecretsManager", "secretsmanager"),
];

/// Adds the endpoints' security group (HTTPS in from the pollers' group only), the three
/// endpoints in both private subnets, and returns the peer the pollers' HTTPS rule targets.
pub(super) fn add(scope: &Scope, ctx: &mut SynthContext) -> Peer {
    let group = scope.logical_id("EndpointSecurityGroup");
    let group_id = Value::get_att(&group, "GroupId");
    // An outbound rule that matches no packet (ICMP type 252 code 86 to the limited
    // broadcast address, which is never routed) replaces EC2's default allow-all outbound
    // rule: endpoint interfaces only answer connections, which security groups allow
    // without an outbound rule.
    let no_egress = ec2::InlineEgress(Rule {
        ip_protocol: IpProtocol::Icmp,
        from_port: Value::from(252),
        to_port: Value::from(86),
        peer: Peer::Cidr(Value::from("255.255.255.255/32")),
        description: "Matches no traffic: endpoints only answer connections, so the default allow-all outbound rule is removed".into(),
    });
    ctx.add_resource(
        scope,
        group.clone(),
        Resource::new(&ec2::SecurityGroup {
            group_description: format!(
                "Interface endpoints of {} for Lambda, STS and Secrets Manager: HTTPS from the Kafka pollers",
                scope.path()
            ),
            vpc_id: vpc_id(scope),
            security_group_ingress: Vec::new(),
            security_group_egress: vec![no_egress],
            tags: vec![name_tag(scope, "endpoints")],
        }),
    );
    // A separate resource: the pollers' group names this group in its own outbound rule,
    // so an inline rule here naming the pollers' group would make a dependency cycle.
    ctx.add_resource(
        scope,
        scope.logical_id("EndpointSecurityGroupIngress443"),
        Resource::new(&ec2::SecurityGroupIngress {
            group_id: group_id.clone(),
            rule: Rule::tcp(
                443,
                Peer::SecurityGroup(security_group_id(scope)),
                "HTTPS from the Kafka pollers to the Lambda, STS and Secrets Manager endpoints",
            ),
        }),
    );
    for (id, service) in SERVICES {
        ctx.add_resource(
            scope,
            scope.logical_id(&format!("{id}Endpoint")),
            Resource::new(&ec2::VpcEndpoint {
                vpc_id: vpc_id(scope),
                service_name: Value::sub(format!("com.amazonaws.${{AWS::Region}}.{service}")),
                vpc_endpoint_type: ec2::VpcEndpointType::Interface,
                private_dns_enabled: Some(true),
                subnet_ids: private_subnet_ids(scope),
                security_group_ids: vec![group_id.clone()],
                tags: vec![name_tag(scope, service)],
            }),
        );
    }
    Peer::SecurityGroup(group_id)
}
