//! A NAT gateway through which the private subnets reach the public AWS API endpoints:
//! an internet gateway, a public subnet in the first zone with a default route to it, an
//! Elastic IP, the NAT gateway, and a default route through it in each private route table.
//!
//! One gateway serves both zones (the cheaper choice): if the first zone fails, pollers in
//! the second lose their route to the AWS APIs until it recovers.

use super::create::{name_tag, vpc_id};
use super::subnets::{self, AZS, Layout};
use crate::context::SynthContext;
use crate::resources::ec2;
use crate::scope::Scope;
use crate::template::{Resource, Suppression};
use crate::value::Value;

const ANYWHERE: &str = "0.0.0.0/0";

/// Adds the gateway and routes, and returns the peer the pollers' HTTPS rule targets.
pub(super) fn add(scope: &Scope, ctx: &mut SynthContext, layout: &Layout) -> ec2::Peer {
    let gateway = scope.logical_id("InternetGateway");
    let attachment = scope.logical_id("InternetGatewayAttachment");
    ctx.add_resource(
        scope,
        gateway.clone(),
        Resource::new(&ec2::InternetGateway {
            tags: vec![name_tag(scope, "igw")],
        }),
    );
    ctx.add_resource(
        scope,
        attachment.clone(),
        Resource::new(&ec2::VpcGatewayAttachment {
            vpc_id: vpc_id(scope),
            internet_gateway_id: Value::reference(&gateway),
        }),
    );

    let public = subnets::add_public(scope, ctx, layout);
    // Routes through an internet gateway fail until the gateway is attached to the VPC.
    ctx.add_resource(
        scope,
        scope.logical_id("PublicSubnetDefaultRoute"),
        Resource::new(&ec2::Route {
            route_table_id: Value::reference(&public.route_table),
            destination_cidr_block: ANYWHERE.into(),
            gateway_id: Some(Value::reference(&gateway)),
            nat_gateway_id: None,
        })
        .depends_on(&attachment)
        .suppress(&Suppression::NatGatewayRouteToInternet),
    );

    let eip = scope.logical_id("NatEip");
    let nat = scope.logical_id("NatGateway");
    ctx.add_resource(
        scope,
        eip.clone(),
        Resource::new(&ec2::Eip {
            domain: "vpc".into(),
            tags: vec![name_tag(scope, "nat")],
        })
        .depends_on(&attachment),
    );
    ctx.add_resource(
        scope,
        nat.clone(),
        Resource::new(&ec2::NatGateway {
            allocation_id: Value::get_att(&eip, "AllocationId"),
            subnet_id: Value::reference(&public.subnet),
            tags: vec![name_tag(scope, "nat")],
        }),
    );
    for az in AZS {
        let private = subnets::private(scope, &az);
        ctx.add_resource(
            scope,
            scope.logical_id(&format!("PrivateSubnet{}DefaultRoute", az.letter)),
            Resource::new(&ec2::Route {
                route_table_id: Value::reference(&private.route_table),
                destination_cidr_block: ANYWHERE.into(),
                gateway_id: None,
                nat_gateway_id: Some(Value::reference(&nat)),
            }),
        );
    }
    ec2::Peer::Cidr(ANYWHERE.into())
}
