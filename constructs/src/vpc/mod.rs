//! `Vpc`: the network an event source mapping's pollers (and optionally the function) use.
//!
//! The skeleton below fixes the API other constructs code against; the vpc helper fills it in.

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::scope::Scope;
use crate::value::Value;

/// A VPC: imported (ids of an existing network) or created by the stack.
#[derive(Debug, Clone)]
pub struct Vpc {
    kind: VpcKind,
}

#[derive(Debug, Clone)]
enum VpcKind {
    Imported {
        vpc_id: Value,
        subnet_ids: Vec<Value>,
        security_group_ids: Vec<Value>,
    },
}

/// How pollers in the VPC's subnets reach the AWS APIs an on-demand mapping needs
/// (Lambda, STS, and Secrets Manager when a secret is used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Egress {
    /// The stack cannot see the VPC's routes (imported VPC).
    Unknown,
    /// The stack created interface endpoints for Lambda, STS and Secrets Manager.
    InterfaceEndpoints,
    /// The stack created a NAT gateway route.
    NatGateway,
}

impl Vpc {
    /// An existing VPC by its ids.
    pub fn import(
        vpc_id: impl Into<Value>,
        subnet_ids: Vec<Value>,
        security_group_ids: Vec<Value>,
    ) -> Self {
        Self {
            kind: VpcKind::Imported {
                vpc_id: vpc_id.into(),
                subnet_ids,
                security_group_ids,
            },
        }
    }
}

impl Construct for Vpc {
    fn kind(&self) -> &'static str {
        "Vpc"
    }

    fn synthesize(&self, _scope: &Scope, _ctx: &mut SynthContext) {}
}

impl Handle<Vpc> {
    /// The VPC id.
    pub fn vpc_id(&self) -> Value {
        match &self.props().kind {
            VpcKind::Imported { vpc_id, .. } => vpc_id.clone(),
        }
    }

    /// The subnet ids pollers (and a VPC-attached function) use.
    pub fn subnet_ids(&self) -> Vec<Value> {
        match &self.props().kind {
            VpcKind::Imported { subnet_ids, .. } => subnet_ids.clone(),
        }
    }

    /// The security group ids pollers (and a VPC-attached function) use.
    pub fn security_group_ids(&self) -> Vec<Value> {
        match &self.props().kind {
            VpcKind::Imported {
                security_group_ids, ..
            } => security_group_ids.clone(),
        }
    }

    /// How the subnets reach AWS APIs, as far as the stack can see.
    pub fn egress(&self) -> Egress {
        match &self.props().kind {
            VpcKind::Imported { .. } => Egress::Unknown,
        }
    }
}
