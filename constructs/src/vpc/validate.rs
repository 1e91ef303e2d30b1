//! Checks on the VPC construct's properties: EC2 ids, the VPC's IPv4 block, broker ports and
//! the flow log's retention. Each records every problem through the [`Validator`] and skips
//! values that are intrinsics.

use std::net::Ipv4Addr;

use crate::resources::logs::{RETENTION_DAYS, retention_days_list};
use crate::rules::Rule;
use crate::rules::vpc as rule;
use crate::validate::Validator;
use crate::value::Value;

/// The smallest and largest VPC prefixes accepted: /16 is the largest block a VPC can have,
/// and /24 still splits into four /26 subnets with room for endpoint and poller interfaces.
pub(super) const PREFIXES: std::ops::RangeInclusive<u8> = 16..=24;

/// Security group rules per direction, the default Amazon VPC quota ("Inbound or outbound
/// rules per security group", adjustable).
const RULES_PER_DIRECTION: usize = 60;

/// A kind of EC2 id: its prefix and what messages call it.
#[derive(Debug, Clone, Copy)]
pub(super) struct IdKind {
    prefix: &'static str,
    what: &'static str,
}

/// `vpc-…`
pub(super) const VPC_ID: IdKind = IdKind {
    prefix: "vpc-",
    what: "a VPC id",
};
/// `subnet-…`
pub(super) const SUBNET_ID: IdKind = IdKind {
    prefix: "subnet-",
    what: "a subnet id",
};
/// `sg-…`
pub(super) const SECURITY_GROUP_ID: IdKind = IdKind {
    prefix: "sg-",
    what: "a security group id",
};

/// Checks a literal EC2 id: the kind's prefix followed by 8 or 17 lower-case hexadecimal
/// digits (the two id lengths EC2 has used).
pub(super) fn ec2_id(v: &mut Validator<'_>, property: &str, value: &Value, kind: IdKind) {
    let IdKind { prefix, what } = kind;
    match value {
        Value::Intrinsic(_) => {}
        Value::String(s) => {
            let ok = s.strip_prefix(prefix).is_some_and(|hex| {
                matches!(hex.len(), 8 | 17)
                    && hex
                        .chars()
                        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
            });
            if !ok {
                v.error(&rule::EC2_ID,
                    property,
                    Some(value),
                    format!("is not {what}: expected `{prefix}` followed by 8 or 17 lower-case hexadecimal digits"),
                    format!("give the id as the EC2 console shows it, e.g. `{prefix}0123456789abcdef0`"),
                );
            }
        }
        _ => v.error(
            &rule::EC2_ID,
            property,
            Some(value),
            format!("must be {what} as a string"),
            format!(
                "give the id as a string such as `{prefix}0123456789abcdef0`, or a parameter `Ref`"
            ),
        ),
    }
}

/// Checks a list of EC2 ids: each shaped like [`ec2_id`], between 1 and `max` of them (`why`
/// says where the limits come from; `count` is the rule of that limit), none repeated.
pub(super) fn ec2_ids(
    v: &mut Validator<'_>,
    property: &str,
    values: &[Value],
    kind: IdKind,
    (max, count): (usize, &'static Rule),
    why: &str,
) {
    if values.is_empty() {
        v.error(
            count,
            property,
            None,
            format!("is empty: {why}"),
            format!("give at least one {}", kind.what.trim_start_matches("a ")),
        );
    }
    if values.len() > max {
        v.error(
            count,
            property,
            None,
            format!("has {} ids; at most {max} are allowed: {why}", values.len()),
            format!("keep at most {max} of them"),
        );
    }
    for (i, value) in values.iter().enumerate() {
        ec2_id(v, property, value, kind);
        if values[..i].contains(value) {
            v.error(
                &rule::EC2_ID_REPEATED,
                property,
                Some(value),
                "is listed more than once",
                "list each id once",
            );
        }
    }
}

/// A literal IPv4 block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ipv4Block {
    /// The network address.
    pub(super) address: Ipv4Addr,
    /// The prefix length.
    pub(super) prefix: u8,
}

impl Ipv4Block {
    /// Parses `a.b.c.d/n`.
    fn parse(s: &str) -> Option<Self> {
        let (address, prefix) = s.split_once('/')?;
        let address: Ipv4Addr = address.parse().ok()?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let prefix: u8 = prefix.parse().ok()?;
        (prefix <= 32).then_some(Self { address, prefix })
    }

    fn mask(prefix: u8) -> u32 {
        u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
    }

    /// The block with its host bits cleared.
    fn network(self) -> Self {
        Self {
            address: Ipv4Addr::from(u32::from(self.address) & Self::mask(self.prefix)),
            prefix: self.prefix,
        }
    }

    /// True when this whole block lies inside `outer`.
    fn within(self, outer: Self) -> bool {
        self.prefix >= outer.prefix
            && u32::from(self.address) & Self::mask(outer.prefix) == u32::from(outer.address)
    }
}

impl std::fmt::Display for Ipv4Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// The RFC 1918 private blocks.
const PRIVATE_BLOCKS: [(Ipv4Addr, u8); 3] = [
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
];

/// Checks the VPC's block: a literal private IPv4 block with a /16 to /24 prefix and no host
/// bits. Returns it when it is a valid literal.
pub(super) fn private_block(
    v: &mut Validator<'_>,
    property: &str,
    value: &Value,
) -> Option<Ipv4Block> {
    let fix = "use a private block such as `10.0.0.0/16`, `172.16.0.0/20` or `192.168.0.0/24`";
    let s = match value {
        Value::Intrinsic(_) => return None,
        Value::String(s) => s,
        _ => {
            v.error(
                &rule::CIDR_FORM,
                property,
                Some(value),
                "must be an IPv4 block as a string",
                fix,
            );
            return None;
        }
    };
    let Some(block) = Ipv4Block::parse(s) else {
        v.error(
            &rule::CIDR_FORM,
            property,
            Some(value),
            "is not an IPv4 block in `a.b.c.d/n` form",
            fix,
        );
        return None;
    };
    let mut ok = true;
    if !PREFIXES.contains(&block.prefix) {
        ok = false;
        v.error(&rule::CIDR_PREFIX,
            property,
            Some(value),
            format!(
                "has prefix /{}; the VPC needs /{} to /{} (a VPC is at most /16, and the block is split into four subnets)",
                block.prefix,
                PREFIXES.start(),
                PREFIXES.end()
            ),
            format!("use a prefix from /{} to /{}", PREFIXES.start(), PREFIXES.end()),
        );
    }
    let private = PRIVATE_BLOCKS
        .iter()
        .any(|&(address, prefix)| block.network().within(Ipv4Block { address, prefix }));
    if !private {
        ok = false;
        v.error(
            &rule::CIDR_NOT_PRIVATE,
            property,
            Some(value),
            "is not a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
            fix,
        );
    }
    let network = block.network();
    if network != block {
        ok = false;
        v.error(
            &rule::CIDR_FORM,
            property,
            Some(value),
            "has host bits set; a VPC block starts at its network address",
            format!("use `{network}`"),
        );
    }
    ok.then_some(block)
}

/// Checks broker ports: at least one, each 1 to 65535, no duplicates. Warns when the rules
/// they make pass the default security group rule quota.
pub(super) fn broker_ports(v: &mut Validator<'_>, property: &str, ports: &[Value]) {
    if ports.is_empty() {
        v.error(&rule::BROKER_PORTS_EMPTY,
            property,
            None,
            "is empty: the security group needs at least one broker port for pollers to reach the brokers",
            "give the ports the brokers listen on, e.g. 9096 for SASL/SCRAM on MSK",
        );
    }
    for (i, port) in ports.iter().enumerate() {
        v.int_range(
            &rule::BROKER_PORT,
            property,
            port,
            1,
            65535,
            "TCP ports are 1 to 65535",
        );
        if !port.is_intrinsic() && ports[..i].contains(port) {
            v.error(
                &rule::BROKER_PORT_REPEATED,
                property,
                Some(port),
                "is listed more than once",
                "list each port once",
            );
        }
    }
    // Each port makes one inbound and one outbound rule; outbound also has the HTTPS rule.
    if ports.len() + 1 > RULES_PER_DIRECTION {
        v.warn(&rule::SECURITY_GROUP_RULE_QUOTA,
            property,
            None,
            format!(
                "makes {} outbound rules in one security group; the default Amazon VPC quota is {RULES_PER_DIRECTION} per direction, so the deployment fails unless the account's quota was raised",
                ports.len() + 1
            ),
            "list only the ports the brokers listen on, or raise the quota before deploying",
        );
    }
}

/// Checks a flow log retention period: one of the positive periods CloudWatch Logs accepts.
pub(super) fn retention_days(v: &mut Validator<'_>, property: &str, value: &Value) {
    let ok = match value {
        Value::Intrinsic(_) => true,
        Value::Int(days) => RETENTION_DAYS.contains(days),
        _ => false,
    };
    if !ok {
        v.error(
            &rule::FLOW_LOG_RETENTION,
            property,
            Some(value),
            "is not a retention period CloudWatch Logs accepts",
            format!("use one of {}", retention_days_list()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(s: &str) -> Ipv4Block {
        Ipv4Block::parse(s).unwrap_or_else(|| panic!("{s} is a block"))
    }

    #[test]
    fn parses_blocks() {
        assert_eq!(
            block("10.1.0.0/16"),
            Ipv4Block {
                address: Ipv4Addr::new(10, 1, 0, 0),
                prefix: 16
            }
        );
        for bad in [
            "10.1.0.0",
            "10.1.0.0/",
            "10.1.0.0/33",
            "10.1.0.0/+8",
            "10.1.0/16",
        ] {
            assert_eq!(Ipv4Block::parse(bad), None, "{bad}");
        }
        let b = block("10.1.2.3/16");
        assert_eq!(b.network().to_string(), "10.1.0.0/16");
        assert!(b.network().within(block("10.0.0.0/8")));
        assert!(!block("172.32.0.0/16").within(block("172.16.0.0/12")));
        assert!(block("172.31.0.0/16").within(block("172.16.0.0/12")));
        assert!(!block("10.0.0.0/8").within(block("10.0.0.0/16")));
        assert_eq!(Ipv4Block::mask(0), 0);
    }
}
