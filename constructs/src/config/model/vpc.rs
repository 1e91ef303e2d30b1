//! Networks for the Kafka pollers (and, optionally, the function).

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::value::Val;

/// A VPC: an existing one (`import`) or one the stack creates (`create`). Exactly one of
/// the two.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["import"]}, {"required": ["create"]}]))]
pub struct VpcConfig {
    /// An existing VPC: the subnets and security groups the pollers use.
    #[serde(default)]
    pub import: Option<ImportVpc>,
    /// A VPC the stack creates: private subnets in two Availability Zones, a security group
    /// for the pollers, flow logs, and interface endpoints or a NAT gateway.
    #[serde(default)]
    pub create: Option<CreateVpc>,
}

/// An existing VPC.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportVpc {
    /// The VPC's id (`vpc-…`).
    pub vpc_id: Val<String>,
    /// 1 to 16 private subnets (`subnet-…`), in at least two Availability Zones.
    pub subnet_ids: Vec<Val<String>>,
    /// 1 to 5 security groups (`sg-…`) for the pollers; the brokers must accept them.
    pub security_group_ids: Vec<Val<String>>,
}

/// A VPC the stack creates.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVpc {
    /// The VPC's private IPv4 block (default `10.0.0.0/16`).
    #[serde(default)]
    pub cidr: Option<Val<String>>,
    /// How on-demand pollers reach Lambda, STS and Secrets Manager (default
    /// `interface_endpoints`).
    #[serde(default)]
    pub egress: Option<EgressConfig>,
    /// The broker ports the pollers' security group may reach (default the MSK ports 9092,
    /// 9094, 9096, 9098).
    #[serde(default)]
    pub broker_ports: Option<Vec<Val<i64>>>,
    /// Days the flow logs are kept (default 365).
    #[serde(default)]
    pub flow_log_retention_days: Option<Val<i64>>,
}

/// How a created VPC reaches AWS services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EgressConfig {
    /// Interface endpoints for Lambda, STS and Secrets Manager (no internet access).
    InterfaceEndpoints,
    /// A NAT gateway (internet access, e.g. for a function in the VPC calling SageMaker).
    NatGateway,
}
