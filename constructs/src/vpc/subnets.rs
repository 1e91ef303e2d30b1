//! The created VPC's subnets: how its block is split, where each subnet sits, and each
//! subnet's own route table.

use super::create::{name_tag, vpc_id};
use crate::context::SynthContext;
use crate::intrinsic::Intrinsic;
use crate::logical_id::LogicalId;
use crate::resources::ec2;
use crate::scope::Scope;
use crate::template::Resource;
use crate::value::Value;

/// An availability zone the VPC uses, by position in `Fn::GetAZs` of the stack's region.
#[derive(Debug, Clone, Copy)]
pub(super) struct Az {
    /// `A`, `B`: the suffix in logical ids and names.
    pub(super) letter: &'static str,
    index: u32,
}

/// The two zones of the private subnets (every region has at least two).
pub(super) const AZS: [Az; 2] = [
    Az {
        letter: "A",
        index: 0,
    },
    Az {
        letter: "B",
        index: 1,
    },
];

/// How many equal blocks the VPC's block is cut into: private A, private B, public (NAT
/// gateway), and one spare. The count is fixed so that switching `egress` never renumbers
/// the private subnets.
const BLOCKS: u32 = 4;
/// Which of the blocks the public subnet takes.
const PUBLIC_BLOCK: u32 = 2;
/// Host bits per subnet when the VPC's prefix is unknown at synthesis (an intrinsic): /26
/// subnets, which four of fit in any /16 to /24 VPC.
const DEFAULT_HOST_BITS: u32 = 6;

/// How the VPC's block is split into subnet blocks.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    cidr: Value,
    host_bits: u32,
}

impl Layout {
    /// The layout of `cidr`, whose prefix is `prefix` when it is a valid literal: each
    /// subnet's prefix is two bits longer (four blocks).
    pub(super) fn new(cidr: &Value, prefix: Option<u8>) -> Self {
        let host_bits = prefix.map_or(DEFAULT_HOST_BITS, |p| 30 - u32::from(p));
        Self {
            cidr: cidr.clone(),
            host_bits,
        }
    }

    /// `Fn::Select [index, Fn::Cidr [cidr, 4, host bits]]`.
    fn block(&self, index: u32) -> Value {
        Intrinsic::Select(
            index,
            Intrinsic::Cidr(self.cidr.clone(), BLOCKS, self.host_bits).into(),
        )
        .into()
    }
}

/// The logical ids of one subnet and its route table.
#[derive(Debug, Clone)]
pub(super) struct SubnetIds {
    pub(super) subnet: LogicalId,
    pub(super) route_table: LogicalId,
    association: LogicalId,
}

impl SubnetIds {
    fn new(scope: &Scope, name: &str) -> Self {
        Self {
            subnet: scope.logical_id(name),
            route_table: scope.logical_id(&format!("{name}RouteTable")),
            association: scope.logical_id(&format!("{name}RouteTableAssociation")),
        }
    }
}

/// The ids of the private subnet in `az`.
pub(super) fn private(scope: &Scope, az: &Az) -> SubnetIds {
    SubnetIds::new(scope, &format!("PrivateSubnet{}", az.letter))
}

/// The ids of the public subnet (NAT gateway only).
pub(super) fn public(scope: &Scope) -> SubnetIds {
    SubnetIds::new(scope, "PublicSubnet")
}

/// Adds the private subnet in `az` with its route table (local routes only, until a NAT
/// gateway adds a default route).
pub(super) fn add_private(scope: &Scope, ctx: &mut SynthContext, layout: &Layout, az: Az) {
    let ids = private(scope, &az);
    let name = format!("private-{}", az.letter.to_ascii_lowercase());
    add(scope, ctx, &ids, layout.block(az.index), az, &name);
}

/// Adds the public subnet (first zone) with its route table, and returns its ids.
pub(super) fn add_public(scope: &Scope, ctx: &mut SynthContext, layout: &Layout) -> SubnetIds {
    let ids = public(scope);
    add(
        scope,
        ctx,
        &ids,
        layout.block(PUBLIC_BLOCK),
        AZS[0],
        "public",
    );
    ids
}

fn add(
    scope: &Scope,
    ctx: &mut SynthContext,
    ids: &SubnetIds,
    cidr_block: Value,
    az: Az,
    name: &str,
) {
    let availability_zone: Value =
        Intrinsic::Select(az.index, Intrinsic::GetAZs(Value::from("")).into()).into();
    ctx.add_resource(
        scope,
        ids.subnet.clone(),
        Resource::new(&ec2::Subnet {
            vpc_id: vpc_id(scope),
            cidr_block,
            availability_zone,
            map_public_ip_on_launch: None,
            tags: vec![name_tag(scope, name)],
        }),
    );
    ctx.add_resource(
        scope,
        ids.route_table.clone(),
        Resource::new(&ec2::RouteTable {
            vpc_id: vpc_id(scope),
            tags: vec![name_tag(scope, name)],
        }),
    );
    ctx.add_resource(
        scope,
        ids.association.clone(),
        Resource::new(&ec2::SubnetRouteTableAssociation {
            route_table_id: Value::reference(&ids.route_table),
            subnet_id: Value::reference(&ids.subnet),
        }),
    );
}
