//! E03xx, W03xx: `Vpc`, imported by ids or created by the stack, for the Kafka pollers (and,
//! optionally, the function).

use super::rules;

const VPC_CONFIG: &str = "https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html";
const VPC_CIDR: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html";
const SECURITY_GROUP_RULES: &str =
    "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html";
const KAFKA_NETWORK: &str =
    "https://docs.aws.amazon.com/lambda/latest/dg/with-kafka-cluster-network.html";

rules! {
    /// A VPC, subnet or security group id that is not one.
    EC2_ID = "E0300" => {
        title: "an id is not a VPC, subnet or security group id (`vpc-`, `subnet-` or `sg-` and 8 or 17 hexadecimal digits)",
        checks: "EC2 ids are a prefix naming the kind of resource followed by 8 hexadecimal digits \
                 (ids made before 2016) or 17 (newer ones), in lower case. The stack checks the \
                 prefix too: a subnet id where a security group id belongs fails only at deploy \
                 time otherwise. Ids given as parameters (`ref`) are checked by CloudFormation.",
        example: "vpcs:\n  Net:\n    import: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0a1b2c3d], security_group_ids: [sg-123]}",
        fix: "give the id as the EC2 console shows it, e.g. `sg-0123456789abcdef0`, or a parameter `ref`",
        docs: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html",
    }
    /// No subnet, or more than 16.
    SUBNET_COUNT = "E0301" => {
        title: "subnet_ids lists no subnet, or more than 16",
        checks: "Lambda places the pollers' network interfaces in 1 to 16 subnets (`VPC_SUBNET` \
                 entries share the `VpcConfig` limit of 16 subnet ids).",
        example: "vpcs:\n  Net:\n    import: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [], security_group_ids: [sg-0123456789abcdef0]}",
        fix: "give 1 to 16 private subnets, in at least two Availability Zones",
        docs: VPC_CONFIG,
    }
    /// No security group, or more than 5.
    SECURITY_GROUP_COUNT = "E0302" => {
        title: "security_group_ids lists no security group, or more than 5",
        checks: "Lambda attaches 1 to 5 security groups to the pollers' network interfaces \
                 (`VPC_SECURITY_GROUP` entries share the `VpcConfig` limit of 5 security group \
                 ids).",
        example: "vpcs:\n  Net:\n    import: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0a1b2c3d], security_group_ids: []}",
        fix: "give 1 to 5 security groups the brokers accept",
        docs: VPC_CONFIG,
    }
    /// The same id listed twice.
    EC2_ID_REPEATED = "E0303" => {
        title: "a subnet or security group id is listed twice",
        checks: "Each subnet and security group is given once; a repeated id is usually a \
                 copy-paste slip that hides a missing one (often the second Availability Zone's \
                 subnet).",
        example: "vpcs:\n  Net:\n    import: {vpc_id: ..., subnet_ids: [subnet-0a1b2c3d, subnet-0a1b2c3d], security_group_ids: [...]}",
        fix: "list each id once",
        docs: VPC_CONFIG,
    }
    /// A VPC block that is not `a.b.c.d/n` at its network address.
    CIDR_FORM = "E0304" => {
        title: "cidr is not an IPv4 block `a.b.c.d/n` starting at its network address",
        checks: "A VPC's block is written as an IPv4 address and a prefix length, and the address \
                 is the block's first one (no host bits set): `10.0.0.0/16`, not `10.0.0/16` or \
                 `10.0.0.5/16`.",
        example: "vpcs:\n  Net:\n    create: {cidr: 10.0.0/16}",
        fix: "write the block as `a.b.c.d/n` with host bits clear, e.g. `10.0.0.0/16`",
        docs: VPC_CIDR,
    }
    /// A VPC prefix outside /16 to /24.
    CIDR_PREFIX = "E0305" => {
        title: "cidr's prefix is outside /16-/24",
        checks: "A VPC's block is at most a /16 (AWS allows /16 to /28). The created VPC cuts \
                 its block into four equal subnet blocks (a private subnet in each of two \
                 Availability Zones, a public one for the NAT gateway, and a spare); at /24 each \
                 is a /26, still room for the poller and endpoint network interfaces, so the \
                 stack takes /16 to /24.",
        example: "vpcs:\n  Net:\n    create: {cidr: 10.0.0.0/26}",
        fix: "use a prefix from /16 to /24",
        docs: VPC_CIDR,
    }
    /// A VPC block outside the RFC 1918 private ranges.
    CIDR_NOT_PRIVATE = "E0306" => {
        title: "cidr is not inside a private (RFC 1918) range",
        checks: "AWS recommends VPC blocks from the RFC 1918 private ranges, 10.0.0.0/8, \
                 172.16.0.0/12 and 192.168.0.0/16; a publicly routable block would shadow those \
                 addresses on the internet for everything in the VPC, so the stack requires a \
                 private one.",
        example: "vpcs:\n  Net:\n    create: {cidr: 8.8.0.0/16}",
        fix: "use a private block such as `10.0.0.0/16`, `172.16.0.0/20` or `192.168.0.0/24`",
        docs: VPC_CIDR,
    }
    /// No broker ports.
    BROKER_PORTS_EMPTY = "E0307" => {
        title: "broker_ports is empty",
        checks: "The created VPC's security group lets the pollers reach the brokers on these \
                 ports only; with none, no poller reaches a broker.",
        example: "vpcs:\n  Net:\n    create: {broker_ports: []}",
        fix: "give the ports the brokers listen on (MSK: 9092 plaintext, 9094 TLS, 9096 SASL/SCRAM, 9098 IAM)",
        docs: "https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html",
    }
    /// A broker port outside 1 to 65535.
    BROKER_PORT = "E0308" => {
        title: "a broker port is outside 1-65535",
        checks: "Security group rules open TCP ports, which are 1 to 65535.",
        example: "vpcs:\n  Net:\n    create: {broker_ports: [0, 9092]}",
        fix: "use the TCP ports the brokers listen on, 1 to 65535",
        docs: SECURITY_GROUP_RULES,
    }
    /// A broker port listed twice.
    BROKER_PORT_REPEATED = "E0309" => {
        title: "a broker port is listed twice",
        checks: "Each port becomes one inbound and one outbound security group rule; EC2 refuses \
                 a rule that duplicates another.",
        example: "vpcs:\n  Net:\n    create: {broker_ports: [9092, 9092]}",
        fix: "list each port once",
        docs: SECURITY_GROUP_RULES,
    }
    /// More rules than the default security group quota.
    SECURITY_GROUP_RULE_QUOTA = "W0310" => {
        title: "the broker ports make more security group rules than the default quota",
        checks: "Each broker port makes one outbound rule, plus one for HTTPS to the endpoints, \
                 in one security group; the default Amazon VPC quota is 60 inbound and 60 \
                 outbound rules per security group, so the deployment fails unless the \
                 account's quota was raised.",
        example: "vpcs:\n  Net:\n    create: {broker_ports: [9000, 9001, ..., 9059]}   # 60 ports",
        fix: "list only the ports the brokers listen on, or raise the quota before deploying",
        docs: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups",
    }
    /// A flow log retention CloudWatch Logs does not offer.
    FLOW_LOG_RETENTION = "E0311" => {
        title: "flow_log_retention_days is not a retention period CloudWatch Logs offers",
        checks: "A log group keeps its events for one of a fixed set of periods: 1, 3, 5, 7, 14, \
                 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, \
                 3288 or 3653 days.",
        example: "vpcs:\n  Net:\n    create: {flow_log_retention_days: 2}",
        fix: "use one of the listed periods, e.g. 365",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
    }
    /// A created VPC with `Egress::Unknown`.
    CREATED_EGRESS_UNKNOWN = "E0312" => {
        title: "a created VPC's egress is `Egress::Unknown`",
        checks: "`Egress::Unknown` describes an imported VPC whose routes the stack cannot see. A \
                 VPC the stack creates needs a way for on-demand pollers to reach Lambda, STS and \
                 Secrets Manager: interface endpoints or a NAT gateway. The stack-file `egress` \
                 key offers only those two, so only a Rust stack reaches this rule.",
        example: "Vpc::create().egress(Egress::Unknown)   // Rust",
        fix: "use `Egress::InterfaceEndpoints` (the default) or `Egress::NatGateway`",
        docs: KAFKA_NETWORK,
    }
    /// A setting of a created VPC given to an imported one.
    CREATE_ONLY_ON_IMPORTED = "E0313" => {
        title: "a setting of a created VPC is given to an imported one",
        checks: "`cidr`, `egress`, `broker_ports` and `flow_log_retention_days` shape the VPC the \
                 stack creates; an imported VPC already has its block, routes, security groups \
                 and logs, so they would be silently ignored. The stack file's `import` takes \
                 none of them, so only a Rust stack reaches this rule.",
        example: "Vpc::import(\"vpc-0123456789abcdef0\", subnets, groups).cidr(\"10.0.0.0/16\")   // Rust",
        fix: "drop the setting, or use `Vpc::create()`",
        docs: VPC_CIDR,
    }
    /// An imported VPC with one subnet.
    SINGLE_SUBNET = "W0314" => {
        title: "an imported VPC gives the pollers a single subnet",
        checks: "A subnet lies in one Availability Zone, so with one subnet every poller network \
                 interface is in that zone and the mapping stops polling when the zone fails.",
        example: "vpcs:\n  Net:\n    import: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0a1b2c3d], security_group_ids: [sg-0123456789abcdef0]}",
        fix: "add a subnet in a second Availability Zone",
        docs: KAFKA_NETWORK,
    }
    /// The flow log group's key is imported, with a policy the stack cannot see.
    FLOW_LOG_KEY_POLICY = "W0315" => {
        title: "the flow log group's imported key may not let CloudWatch Logs use it",
        checks: "The flow log group is encrypted with the stack's key. CloudWatch Logs uses the \
                 key only when the key policy allows the `logs.REGION.amazonaws.com` principal \
                 for that log group; the stack writes that statement into a key it creates, but \
                 cannot see or change an imported key's policy, and creating the log group \
                 fails without it.",
        example: "encryption_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'\nvpcs:\n  Net:\n    create: {}",
        fix: "add a key policy statement for the CloudWatch Logs service principal with condition `kms:EncryptionContext:aws:logs:arn` on the log group's ARN",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    }
}
