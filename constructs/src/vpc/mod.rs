//! `Vpc`: the network an event source mapping's pollers (and optionally the function) use.
//!
//! A VPC is either imported by id ([`Vpc::import`]: nothing is emitted, and the stack cannot
//! see its routes) or created by the stack ([`Vpc::create`]): a VPC with two private subnets
//! in two availability zones, a security group for the Kafka pollers and brokers, a flow log,
//! and a way for on-demand pollers to reach Lambda, STS and Secrets Manager — interface
//! endpoints ([`Egress::InterfaceEndpoints`], the default) or a NAT gateway
//! ([`Egress::NatGateway`]).
//!
//! ```
//! use constructs::{Egress, Stack, Value, Vpc};
//!
//! let mut stack = Stack::new("orders-anomaly");
//! let created = stack.add("Network", Vpc::create().cidr("10.20.0.0/16"));
//! assert_eq!(created.egress(), Egress::InterfaceEndpoints);
//! assert_eq!(created.subnet_ids().len(), 2);
//!
//! let imported = stack.add(
//!     "Existing",
//!     Vpc::import(
//!         "vpc-0a1b2c3d4e5f60718",
//!         vec!["subnet-0a1b2c3d".into(), "subnet-0a1b2c3e".into()],
//!         vec![Value::from("sg-0a1b2c3d4e5f60718")],
//!     ),
//! );
//! assert_eq!(imported.egress(), Egress::Unknown);
//! assert!(stack.synth().is_ok());
//! ```

mod create;
mod endpoints;
mod flow_log;
mod import;
mod nat;
mod security_groups;
mod subnets;
mod validate;

#[cfg(test)]
mod tests;

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::props::{Choices, Prop, PropVec, Referable, choice};
use crate::rules::vpc as rule;
use crate::scope::Scope;
use crate::validate::exactly_one;
use crate::value::Value;

use create::Created;
use import::Imported;

/// The construct kind in messages.
const KIND: &str = "Vpc";

/// A VPC: an existing one (`import`) or one the stack creates (`create`). Exactly one of
/// the two.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "A VPC: an existing one (`import`) or one the stack creates (`create`). Exactly one of the two."
)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["import"], "properties": {"import": {"not": {"type": "null"}}}}, {"required": ["create"], "properties": {"create": {"not": {"type": "null"}}}}]))]
pub struct Vpc {
    /// An existing VPC: the subnets and security groups the pollers use.
    #[serde(default)]
    import: Option<Imported>,
    /// A VPC the stack creates: private subnets in two Availability Zones, a security group
    /// for the pollers, flow logs, and interface endpoints or a NAT gateway.
    #[serde(default)]
    create: Option<Created>,
    /// Builder methods that apply only to a created VPC but were called on an imported one.
    #[serde(skip)]
    #[schemars(skip)]
    misused: Vec<&'static str>,
}

impl Choices for Vpc {
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)> {
        choice(
            &["import", "create"],
            &[self.import.is_some(), self.create.is_some()],
        )
        .into_iter()
        .collect()
    }
}

impl Referable for Vpc {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "vpcs";
}

/// Which kind of VPC: exactly one of `import` and `create`.
#[derive(Debug, Clone, Copy)]
enum VpcKind<'a> {
    Imported(&'a Imported),
    Created(&'a Created),
}

/// How pollers in the VPC's subnets reach the AWS APIs an on-demand mapping needs
/// (Lambda, STS, and Secrets Manager when a secret is used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "How a created VPC reaches AWS services.")]
#[serde(rename_all = "snake_case")]
pub enum Egress {
    /// The stack cannot see the VPC's routes (imported VPC).
    #[serde(skip)]
    #[schemars(skip)]
    Unknown,
    /// The stack created interface endpoints for Lambda, STS and Secrets Manager.
    InterfaceEndpoints,
    /// The stack created a NAT gateway route.
    NatGateway,
}

impl Vpc {
    /// An existing VPC by its ids. Nothing is emitted; at synthesis the ids are checked: at
    /// least one subnet and one security group (Lambda needs both `VPC_SUBNET` and
    /// `VPC_SECURITY_GROUP`), at most 16 subnets and 5 security groups (Lambda's `VpcConfig`
    /// limits), literal ids shaped like `vpc-…`, `subnet-…`, `sg-…`, and no duplicates. Ids
    /// given as intrinsics (e.g. parameter `Ref`s) are passed through unchecked.
    ///
    /// The stack cannot see an imported VPC's routes, so [`Handle::<Vpc>::egress`] is
    /// [`Egress::Unknown`] and sources that need AWS APIs from inside it warn.
    pub fn import(
        vpc_id: impl Into<Value>,
        subnet_ids: Vec<Value>,
        security_group_ids: Vec<Value>,
    ) -> Self {
        Self {
            import: Some(Imported {
                vpc_id: Prop::new(vpc_id),
                subnet_ids: PropVec::new(subnet_ids),
                security_group_ids: PropVec::new(security_group_ids),
            }),
            create: None,
            misused: Vec::new(),
        }
    }

    /// A VPC the stack creates: `10.0.0.0/16` split over two private subnets in the region's
    /// first two availability zones, a security group whose members reach each other on the
    /// MSK broker ports (9092, 9094, 9096, 9098), a flow log of all traffic to a log group
    /// encrypted with the stack's key, and interface endpoints for Lambda, STS and Secrets
    /// Manager. Change the defaults with [`Vpc::cidr`], [`Vpc::egress`],
    /// [`Vpc::broker_ports`] and [`Vpc::flow_log_retention_days`].
    ///
    /// Put the Kafka brokers (an MSK cluster, EC2 instances) in the created subnets and
    /// security group: the stack outputs their ids.
    pub fn create() -> Self {
        Self {
            import: None,
            create: Some(Created::default()),
            misused: Vec::new(),
        }
    }

    fn created(mut self, property: &'static str, set: impl FnOnce(&mut Created)) -> Self {
        match &mut self.create {
            Some(created) => set(created),
            None => self.misused.push(property),
        }
        self
    }

    /// Which kind of VPC this is; `None` unless exactly one of `import` and `create` is given
    /// (which only a stack file can get wrong).
    fn variant(&self) -> Option<VpcKind<'_>> {
        match (&self.import, &self.create) {
            (Some(imported), None) => Some(VpcKind::Imported(imported)),
            (None, Some(created)) => Some(VpcKind::Created(created)),
            _ => None,
        }
    }

    /// The VPC's IPv4 block (created VPCs; default `10.0.0.0/16`): a literal private block
    /// (RFC 1918: inside `10.0.0.0/8`, `172.16.0.0/12` or `192.168.0.0/16`) with a prefix
    /// from /16 to /24 and no host bits set. It is split into four equal subnets (two private,
    /// one public for the NAT gateway, one spare), each two bits longer than the VPC's prefix.
    ///
    /// An intrinsic (a parameter `Ref`, say) is not checked; the subnets are then /26 blocks,
    /// which fit any /16 to /24 VPC.
    pub fn cidr(self, cidr: impl Into<Value>) -> Self {
        let cidr = Prop::new(cidr);
        self.created("cidr", |c| c.cidr = cidr)
    }

    /// How the private subnets reach Lambda, STS and Secrets Manager (created VPCs; default
    /// [`Egress::InterfaceEndpoints`]). [`Egress::Unknown`] is refused: it describes imported
    /// VPCs.
    pub fn egress(self, egress: Egress) -> Self {
        self.created("egress", |c| c.egress = egress)
    }

    /// The ports members of the created security group may reach each other on (created
    /// VPCs; default the MSK client ports 9092 plaintext, 9094 TLS, 9096 SASL/SCRAM and 9098
    /// IAM): 1 to 65535, at least one, no duplicates. Each port gets one inbound and one
    /// outbound rule between members. For brokers the stack does not manage (self-managed
    /// Kafka on EC2, say), list every port they use among themselves too (inter-broker and
    /// controller listeners).
    pub fn broker_ports<V: Into<Value>>(self, ports: impl IntoIterator<Item = V>) -> Self {
        let ports = PropVec::new(ports);
        self.created("broker_ports", |c| c.broker_ports = ports)
    }

    /// How many days the flow log keeps records (created VPCs; default 365): one of the
    /// retention periods CloudWatch Logs accepts.
    pub fn flow_log_retention_days(self, days: impl Into<Value>) -> Self {
        let days = Prop::new(days);
        self.created("flow_log_retention_days", |c| {
            c.flow_log_retention_days = days
        })
    }
}

impl Construct for Vpc {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let mut v = ctx.validator(KIND, scope);
        for property in &self.misused {
            v.error(
                &rule::CREATE_ONLY_ON_IMPORTED,
                property,
                None,
                "applies only to a VPC the stack creates, not to an imported one",
                format!("drop `{property}`, or call it on `Vpc::create()`"),
            );
        }
        match self.variant() {
            Some(VpcKind::Imported(imported)) => imported.synthesize(scope, ctx),
            Some(VpcKind::Created(created)) => created.synthesize(scope, ctx),
            None => {
                for (keys, given) in self.choice_problems() {
                    exactly_one(&mut v, keys, &given);
                }
            }
        }
    }
}

impl Handle<Vpc> {
    /// The VPC id.
    pub fn vpc_id(&self) -> Value {
        match self.props().variant() {
            Some(VpcKind::Imported(imported)) => imported.vpc_id.value().clone(),
            _ => create::vpc_id(self.scope()),
        }
    }

    /// The subnet ids pollers (and a VPC-attached function) use.
    pub fn subnet_ids(&self) -> Vec<Value> {
        match self.props().variant() {
            Some(VpcKind::Imported(imported)) => imported.subnet_ids.to_vec(),
            _ => create::private_subnet_ids(self.scope()),
        }
    }

    /// The security group ids pollers (and a VPC-attached function) use.
    pub fn security_group_ids(&self) -> Vec<Value> {
        match self.props().variant() {
            Some(VpcKind::Imported(imported)) => imported.security_group_ids.to_vec(),
            _ => vec![create::security_group_id(self.scope())],
        }
    }

    /// How the subnets reach AWS APIs, as far as the stack can see.
    pub fn egress(&self) -> Egress {
        match self.props().variant() {
            Some(VpcKind::Created(created)) => created.egress,
            _ => Egress::Unknown,
        }
    }
}
