//! `AWS::EC2::*` resource types: the network the [`Vpc`](crate::Vpc) construct creates.
//!
//! Property names and shapes follow the CloudFormation resource schemas that ship with
//! cfn-lint (`AWS::EC2::VPC`, `Subnet`, `RouteTable`, `SubnetRouteTableAssociation`, `Route`,
//! `SecurityGroup`, `SecurityGroupIngress`, `SecurityGroupEgress`, `VPCEndpoint`,
//! `InternetGateway`, `VPCGatewayAttachment`, `EIP`, `NatGateway`, `FlowLog`).

use serde::Serialize;

use super::Tag;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::EC2::VPC`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    /// The IPv4 block, e.g. `10.0.0.0/16`.
    pub cidr_block: Value,
    /// Resolve names through the Amazon-provided DNS server (needed for private DNS on
    /// interface endpoints).
    pub enable_dns_support: bool,
    /// Give instances and endpoint interfaces DNS host names (needed for private DNS on
    /// interface endpoints).
    pub enable_dns_hostnames: bool,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Vpc {
    const TYPE: &'static str = "AWS::EC2::VPC";
}

/// `AWS::EC2::Subnet`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// The VPC.
    pub vpc_id: Value,
    /// The IPv4 block, inside the VPC's.
    pub cidr_block: Value,
    /// The availability zone (e.g. `Fn::Select` over `Fn::GetAZs`).
    pub availability_zone: Value,
    /// Give instances launched here a public IPv4 address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_public_ip_on_launch: Option<bool>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Subnet {
    const TYPE: &'static str = "AWS::EC2::Subnet";
}

/// `AWS::EC2::RouteTable`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    /// The VPC.
    pub vpc_id: Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for RouteTable {
    const TYPE: &'static str = "AWS::EC2::RouteTable";
}

/// `AWS::EC2::SubnetRouteTableAssociation`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetRouteTableAssociation {
    /// The route table.
    pub route_table_id: Value,
    /// The subnet.
    pub subnet_id: Value,
}

impl ResourceProperties for SubnetRouteTableAssociation {
    const TYPE: &'static str = "AWS::EC2::SubnetRouteTableAssociation";
}

/// `AWS::EC2::Route` (IPv4 destination through a gateway or a NAT gateway).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// The route table.
    pub route_table_id: Value,
    /// The destination, e.g. `0.0.0.0/0`.
    pub destination_cidr_block: Value,
    /// An internet gateway target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<Value>,
    /// A NAT gateway target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<Value>,
}

impl ResourceProperties for Route {
    const TYPE: &'static str = "AWS::EC2::Route";
}

/// An IP protocol of a security group rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IpProtocol {
    /// `tcp`
    #[serde(rename = "tcp")]
    Tcp,
    /// `icmp` (the ports are the ICMP type and code)
    #[serde(rename = "icmp")]
    Icmp,
}

/// The peer of a security group rule: exactly one of the schema's mutually exclusive
/// `CidrIp` / `SourceSecurityGroupId` (ingress) or `CidrIp` / `DestinationSecurityGroupId`
/// (egress) properties.
#[derive(Debug, Clone, PartialEq)]
pub enum Peer {
    /// An IPv4 block.
    Cidr(Value),
    /// Another (or the same) security group, by id.
    SecurityGroup(Value),
}

/// One rule written inline in a [`SecurityGroup`] (`Ingress` / `Egress` definitions) or
/// as its own [`SecurityGroupIngress`] / [`SecurityGroupEgress`] resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The protocol.
    pub ip_protocol: IpProtocol,
    /// First port (ICMP type for ICMP).
    pub from_port: Value,
    /// Last port (ICMP code for ICMP).
    pub to_port: Value,
    /// Where traffic comes from (ingress) or goes to (egress).
    pub peer: Peer,
    /// Why the rule exists (at most 255 characters).
    pub description: String,
}

impl Rule {
    /// A TCP rule for one port.
    pub fn tcp(port: impl Into<Value>, peer: Peer, description: impl Into<String>) -> Self {
        let port = port.into();
        Self {
            ip_protocol: IpProtocol::Tcp,
            from_port: port.clone(),
            to_port: port,
            peer,
            description: description.into(),
        }
    }

    fn serialize_as<S: serde::Serializer>(
        &self,
        serializer: S,
        group_id: Option<&Value>,
        peer_group_key: &'static str,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(group_id) = group_id {
            map.serialize_entry("GroupId", group_id)?;
        }
        map.serialize_entry("IpProtocol", &self.ip_protocol)?;
        map.serialize_entry("FromPort", &self.from_port)?;
        map.serialize_entry("ToPort", &self.to_port)?;
        match &self.peer {
            Peer::Cidr(cidr) => map.serialize_entry("CidrIp", cidr)?,
            Peer::SecurityGroup(id) => map.serialize_entry(peer_group_key, id)?,
        }
        map.serialize_entry("Description", &self.description)?;
        map.end()
    }
}

/// An inbound rule inline in a [`SecurityGroup`].
#[derive(Debug, Clone, PartialEq)]
pub struct InlineIngress(pub Rule);

impl Serialize for InlineIngress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_as(s, None, "SourceSecurityGroupId")
    }
}

/// An outbound rule inline in a [`SecurityGroup`].
#[derive(Debug, Clone, PartialEq)]
pub struct InlineEgress(pub Rule);

impl Serialize for InlineEgress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_as(s, None, "DestinationSecurityGroupId")
    }
}

/// `AWS::EC2::SecurityGroup`.
///
/// Listing any inline egress rule replaces the allow-all egress rule EC2 gives every new
/// group; with none listed, that default rule stays.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    /// What the group is for (at most 255 characters of `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`).
    pub group_description: String,
    /// The VPC.
    pub vpc_id: Value,
    /// Inline inbound rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ingress: Vec<InlineIngress>,
    /// Inline outbound rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_egress: Vec<InlineEgress>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for SecurityGroup {
    const TYPE: &'static str = "AWS::EC2::SecurityGroup";
}

/// `AWS::EC2::SecurityGroupIngress`: an inbound rule as its own resource (needed when the
/// rule refers to its own group or to a group that refers back).
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroupIngress {
    /// The group the rule belongs to.
    pub group_id: Value,
    /// The rule.
    pub rule: Rule,
}

impl Serialize for SecurityGroupIngress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rule
            .serialize_as(s, Some(&self.group_id), "SourceSecurityGroupId")
    }
}

impl ResourceProperties for SecurityGroupIngress {
    const TYPE: &'static str = "AWS::EC2::SecurityGroupIngress";
}

/// `AWS::EC2::SecurityGroupEgress`: an outbound rule as its own resource.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroupEgress {
    /// The group the rule belongs to.
    pub group_id: Value,
    /// The rule.
    pub rule: Rule,
}

impl Serialize for SecurityGroupEgress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rule
            .serialize_as(s, Some(&self.group_id), "DestinationSecurityGroupId")
    }
}

impl ResourceProperties for SecurityGroupEgress {
    const TYPE: &'static str = "AWS::EC2::SecurityGroupEgress";
}

/// The kind of a [`VpcEndpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VpcEndpointType {
    /// Network interfaces in the subnets (AWS PrivateLink).
    Interface,
    /// A route-table target (S3, DynamoDB).
    Gateway,
}

/// `AWS::EC2::VPCEndpoint`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    /// The VPC.
    pub vpc_id: Value,
    /// e.g. `com.amazonaws.us-east-1.lambda`.
    pub service_name: Value,
    /// Interface or gateway.
    pub vpc_endpoint_type: VpcEndpointType,
    /// Resolve the service's public DNS name to the endpoint (interface endpoints).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_dns_enabled: Option<bool>,
    /// The subnets that get an endpoint network interface (interface endpoints).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Value>,
    /// The groups of the endpoint network interfaces (interface endpoints).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for VpcEndpoint {
    const TYPE: &'static str = "AWS::EC2::VPCEndpoint";
}

/// `AWS::EC2::InternetGateway`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for InternetGateway {
    const TYPE: &'static str = "AWS::EC2::InternetGateway";
}

/// `AWS::EC2::VPCGatewayAttachment` (internet gateway to VPC).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcGatewayAttachment {
    /// The VPC.
    pub vpc_id: Value,
    /// The internet gateway.
    pub internet_gateway_id: Value,
}

impl ResourceProperties for VpcGatewayAttachment {
    const TYPE: &'static str = "AWS::EC2::VPCGatewayAttachment";
}

/// `AWS::EC2::EIP`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Eip {
    /// `vpc` for an address used in a VPC.
    pub domain: String,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Eip {
    const TYPE: &'static str = "AWS::EC2::EIP";
}

/// `AWS::EC2::NatGateway` (public, zonal).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    /// The Elastic IP allocation that gives the gateway its public address.
    pub allocation_id: Value,
    /// The public subnet the gateway sits in.
    pub subnet_id: Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for NatGateway {
    const TYPE: &'static str = "AWS::EC2::NatGateway";
}

/// Which traffic a [`FlowLog`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TrafficType {
    /// `ACCEPT`
    #[serde(rename = "ACCEPT")]
    Accept,
    /// `REJECT`
    #[serde(rename = "REJECT")]
    Reject,
    /// `ALL`
    #[serde(rename = "ALL")]
    All,
}

/// What a [`FlowLog`] watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FlowLogResourceType {
    /// A whole VPC.
    #[serde(rename = "VPC")]
    Vpc,
    /// One subnet.
    Subnet,
    /// One network interface.
    NetworkInterface,
}

/// `AWS::EC2::FlowLog` delivering to a CloudWatch Logs log group.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowLog {
    /// The VPC, subnet or network interface id.
    pub resource_id: Value,
    /// What `resource_id` is.
    pub resource_type: FlowLogResourceType,
    /// Which traffic to record.
    pub traffic_type: TrafficType,
    /// Always `cloud-watch-logs` here.
    pub log_destination_type: String,
    /// The log group's name.
    pub log_group_name: Value,
    /// The role the flow-logs service assumes to write to the log group.
    pub deliver_logs_permission_arn: Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for FlowLog {
    const TYPE: &'static str = "AWS::EC2::FlowLog";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).unwrap_or_else(|e| panic!("serializes: {e}"))
    }

    #[test]
    fn rules_name_their_peer_by_direction() {
        let sg = Value::from("sg-0123456789abcdef0");
        let ingress = SecurityGroupIngress {
            group_id: sg.clone(),
            rule: Rule::tcp(9092, Peer::SecurityGroup(sg.clone()), "brokers"),
        };
        assert_eq!(
            json(&ingress),
            r#"{"GroupId":"sg-0123456789abcdef0","IpProtocol":"tcp","FromPort":9092,"ToPort":9092,"SourceSecurityGroupId":"sg-0123456789abcdef0","Description":"brokers"}"#
        );
        let egress = InlineEgress(Rule::tcp(443, Peer::Cidr("0.0.0.0/0".into()), "https"));
        assert_eq!(
            json(&egress),
            r#"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIp":"0.0.0.0/0","Description":"https"}"#
        );
        let inline_in = InlineIngress(Rule::tcp(443, Peer::SecurityGroup(sg.clone()), "in"));
        assert!(json(&inline_in).contains(r#""SourceSecurityGroupId":"sg-0123456789abcdef0""#));
        let out = SecurityGroupEgress {
            group_id: sg.clone(),
            rule: Rule::tcp(9092, Peer::SecurityGroup(sg), "brokers"),
        };
        assert!(json(&out).contains(r#""DestinationSecurityGroupId":"sg-0123456789abcdef0""#));
    }
}
