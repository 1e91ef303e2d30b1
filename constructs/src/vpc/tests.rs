//! Tests of the VPC construct: every validation rule with a bad value, the three variants
//! synthesized, and deterministic output. cfn-lint runs on the variants in
//! `constructs/tests/vpc_templates.rs`, so that these tests need no Python.

use serde_json::Value as Json;

use super::{Egress, Vpc};
use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::diagnostic::{Diagnostic, SynthErrors};
use crate::resources::ec2::{self, Peer, Rule};
use crate::scope::Scope;
use crate::stack::{Stack, Synthesized};
use crate::template::{Output, Parameter, ParameterType, Resource};
use crate::value::Value;

const VPC: &str = "vpc-0a1b2c3d4e5f60718";
const SUBNET_A: &str = "subnet-0a1b2c3d";
const SUBNET_B: &str = "subnet-0a1b2c3d4e5f60718";
const SG: &str = "sg-0a1b2c3d4e5f60718";

fn values(items: &[&str]) -> Vec<Value> {
    items.iter().map(|s| Value::from(*s)).collect()
}

fn imported() -> Vpc {
    Vpc::import(VPC, values(&[SUBNET_A, SUBNET_B]), values(&[SG]))
}

/// Uses a VPC handle the way a source binding would: a security group in the VPC that
/// reaches the VPC's first group on a broker port, and outputs of the subnets and groups.
struct Consumer(Handle<Vpc>);

impl Construct for Consumer {
    fn kind(&self) -> &'static str {
        "Consumer"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let vpc = &self.0;
        let peer = vpc
            .security_group_ids()
            .first()
            .cloned()
            .unwrap_or_default();
        ctx.add_resource(
            scope,
            scope.logical_id("SecurityGroup"),
            Resource::new(&ec2::SecurityGroup {
                group_description: "Test client".into(),
                vpc_id: vpc.vpc_id(),
                security_group_egress: vec![ec2::InlineEgress(Rule::tcp(
                    9096,
                    Peer::SecurityGroup(peer),
                    "Kafka SASL/SCRAM to the brokers",
                ))],
                ..Default::default()
            }),
        );
        ctx.add_output(
            scope,
            scope.logical_id("Subnets"),
            Output::new("Subnets", Value::join(",", vpc.subnet_ids())),
        );
        ctx.add_output(
            scope,
            scope.logical_id("Groups"),
            Output::new("Groups", Value::join(",", vpc.security_group_ids())),
        );
    }
}

fn stack_with(vpc: Vpc) -> (Stack, Handle<Vpc>) {
    let mut stack = Stack::new("vpc-test");
    let handle = stack.add("Network", vpc);
    stack.add("Client", Consumer(handle.clone()));
    (stack, handle)
}

fn synth(vpc: Vpc) -> Result<Synthesized, SynthErrors> {
    stack_with(vpc).0.synth()
}

fn valid(stack: &Stack) -> Synthesized {
    stack
        .synth()
        .unwrap_or_else(|e| panic!("expected a valid stack, got:\n{e}"))
}

fn ok(vpc: Vpc) -> Synthesized {
    synth(vpc).unwrap_or_else(|e| panic!("expected a valid VPC, got:\n{e}"))
}

fn errors(vpc: Vpc) -> Vec<Diagnostic> {
    match synth(vpc) {
        Ok(_) => panic!("expected synthesis to fail"),
        Err(e) => e.errors,
    }
}

/// Exactly one error on `property` quotes `value` and says `problem`.
#[track_caller]
fn assert_error(errors: &[Diagnostic], property: &str, value: Option<&str>, problem: &str) {
    let found: Vec<&Diagnostic> = errors
        .iter()
        .filter(|d| {
            d.property == property && d.value.as_deref() == value && d.problem.contains(problem)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{property}` error on {value:?} saying {problem:?} in {errors:#?}"
    );
    let d = found[0];
    assert_eq!(d.construct, "Vpc");
    assert_eq!(d.path, "Network");
    assert!(!d.fix.is_empty());
}

fn resources(s: &Synthesized) -> Json {
    s.template.to_value()["Resources"].clone()
}

fn of_type<'a>(resources: &'a Json, ty: &str) -> Vec<(&'a String, &'a Json)> {
    resources
        .as_object()
        .map(|m| m.iter().filter(|(_, r)| r["Type"] == ty).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Imported VPCs

#[test]
fn imported_vpc_emits_nothing_and_passes_its_ids_through() {
    let (stack, handle) = stack_with(imported());
    let s = valid(&stack);
    let r = resources(&s);
    assert_eq!(
        r.as_object().map(|m| m.len()),
        Some(1),
        "only the consumer's group: {r:#}"
    );
    assert_eq!(handle.vpc_id(), Value::from(VPC));
    assert_eq!(handle.subnet_ids(), values(&[SUBNET_A, SUBNET_B]));
    assert_eq!(handle.security_group_ids(), values(&[SG]));
    assert_eq!(handle.egress(), Egress::Unknown);
    assert!(s.warnings.is_empty(), "{:#?}", s.warnings);
}

#[test]
fn imported_ids_must_look_like_ec2_ids() {
    let e = errors(Vpc::import(
        "vpc-12345",
        values(&["subnet-0A1B2C3D", "subnet-0a1b2c3"]),
        values(&["sg-0a1b2c3d4e5f6071g"]),
    ));
    assert_error(&e, "vpc_id", Some("\"vpc-12345\""), "is not a VPC id");
    assert_error(
        &e,
        "subnet_ids",
        Some("\"subnet-0A1B2C3D\""),
        "is not a subnet id",
    );
    assert_error(
        &e,
        "subnet_ids",
        Some("\"subnet-0a1b2c3\""),
        "is not a subnet id",
    );
    assert_error(
        &e,
        "security_group_ids",
        Some("\"sg-0a1b2c3d4e5f6071g\""),
        "is not a security group id",
    );
    assert_eq!(e.len(), 4, "all problems reported together: {e:#?}");
}

#[test]
fn imported_ids_must_be_strings() {
    let e = errors(Vpc::import(
        42,
        values(&[SUBNET_A]),
        vec![Value::Bool(true)],
    ));
    assert_error(&e, "vpc_id", Some("42"), "must be a VPC id as a string");
    assert_error(
        &e,
        "security_group_ids",
        Some("true"),
        "must be a security group id as a string",
    );
}

#[test]
fn imported_vpc_needs_a_subnet_and_a_security_group() {
    let e = errors(Vpc::import(VPC, vec![], vec![]));
    assert_error(
        &e,
        "subnet_ids",
        None,
        "is empty: Lambda places poller network interfaces in 1 to 16 subnets",
    );
    assert_error(
        &e,
        "security_group_ids",
        None,
        "is empty: Lambda attaches 1 to 5 security groups",
    );
}

#[test]
fn imported_vpc_limits_subnets_to_16_and_groups_to_5() {
    let subnets: Vec<Value> = (0..17)
        .map(|i| Value::from(format!("subnet-{i:08x}")))
        .collect();
    let groups: Vec<Value> = (0..6).map(|i| Value::from(format!("sg-{i:08x}"))).collect();
    let e = errors(Vpc::import(VPC, subnets, groups));
    assert_error(&e, "subnet_ids", None, "has 17 ids; at most 16 are allowed");
    assert_error(
        &e,
        "security_group_ids",
        None,
        "has 6 ids; at most 5 are allowed",
    );
    assert_eq!(e.len(), 2, "{e:#?}");
}

#[test]
fn imported_ids_must_not_repeat() {
    let e = errors(Vpc::import(
        VPC,
        values(&[SUBNET_A, SUBNET_B, SUBNET_A]),
        values(&[SG, SG]),
    ));
    assert_error(
        &e,
        "subnet_ids",
        Some(&format!("\"{SUBNET_A}\"")),
        "is listed more than once",
    );
    assert_error(
        &e,
        "security_group_ids",
        Some(&format!("\"{SG}\"")),
        "is listed more than once",
    );
}

#[test]
fn imported_intrinsics_skip_the_literal_checks() {
    let mut stack = Stack::new("vpc-test");
    let vpc = stack.add_parameter("VpcId", Parameter::new(ParameterType::VpcId, "VPC"));
    let subnet = stack.add_parameter("SubnetId", Parameter::string("Subnet"));
    let group = stack.add_parameter("GroupId", Parameter::string("Group"));
    let handle = stack.add(
        "Network",
        Vpc::import(vpc.clone(), vec![subnet], vec![group]),
    );
    let s = valid(&stack);
    assert_eq!(handle.vpc_id(), vpc);
    assert!(
        s.warnings.is_empty(),
        "a single intrinsic may be a list: {:#?}",
        s.warnings
    );
}

#[test]
fn imported_single_subnet_warns_about_availability() {
    let s = ok(Vpc::import(VPC, values(&[SUBNET_A]), values(&[SG])));
    assert_eq!(s.warnings.len(), 1, "{:#?}", s.warnings);
    let w = &s.warnings[0];
    assert_eq!(w.property, "subnet_ids");
    assert!(w.problem.contains("one availability zone"), "{w}");
}

#[test]
fn create_settings_on_an_imported_vpc_are_refused() {
    let e = errors(
        imported()
            .cidr("10.0.0.0/16")
            .egress(Egress::NatGateway)
            .broker_ports([9092])
            .flow_log_retention_days(30),
    );
    for property in ["cidr", "egress", "broker_ports", "flow_log_retention_days"] {
        assert_error(
            &e,
            property,
            None,
            "applies only to a VPC the stack creates",
        );
    }
    assert_eq!(e.len(), 4);
}

// ---------------------------------------------------------------------------------------
// Created VPCs: validation

#[test]
fn cidr_must_be_a_private_block_from_16_to_24() {
    for (cidr, problem) in [
        ("10.0.0.0/8", "has prefix /8; the VPC needs /16 to /24"),
        ("10.0.0.0/28", "has prefix /28"),
        ("8.8.0.0/16", "is not a private (RFC 1918) block"),
        ("172.32.0.0/16", "is not a private (RFC 1918) block"),
        ("banana", "is not an IPv4 block in `a.b.c.d/n` form"),
        ("10.0.0.0/16/2", "is not an IPv4 block"),
    ] {
        let e = errors(Vpc::create().cidr(cidr));
        assert_error(&e, "cidr", Some(&format!("\"{cidr}\"")), problem);
    }
    let e = errors(Vpc::create().cidr(16));
    assert_error(&e, "cidr", Some("16"), "must be an IPv4 block as a string");
}

#[test]
fn cidr_must_start_at_its_network_address() {
    let e = errors(Vpc::create().cidr("10.1.2.3/16"));
    assert_error(&e, "cidr", Some("\"10.1.2.3/16\""), "has host bits set");
    assert!(e[0].fix.contains("`10.1.0.0/16`"), "{}", e[0]);
}

#[test]
fn created_egress_cannot_be_unknown() {
    let e = errors(Vpc::create().egress(Egress::Unknown));
    assert_error(
        &e,
        "egress",
        None,
        "is `Egress::Unknown`, which describes imported VPCs",
    );
}

#[test]
fn broker_ports_are_checked() {
    let e = errors(Vpc::create().broker_ports(Vec::<Value>::new()));
    assert_error(&e, "broker_ports", None, "is empty");
    let e = errors(Vpc::create().broker_ports([0, 70000]));
    assert_error(&e, "broker_ports", Some("0"), "must be between 1 and 65535");
    assert_error(
        &e,
        "broker_ports",
        Some("70000"),
        "must be between 1 and 65535",
    );
    let e = errors(Vpc::create().broker_ports([9096, 9098, 9096]));
    assert_error(&e, "broker_ports", Some("9096"), "is listed more than once");
    let e = errors(Vpc::create().broker_ports(["9092"]));
    assert_error(
        &e,
        "broker_ports",
        Some("\"9092\""),
        "must be a whole number",
    );
}

#[test]
fn many_broker_ports_warn_about_the_rule_quota() {
    let s = ok(Vpc::create().broker_ports(10000..10060));
    assert_eq!(s.warnings.len(), 1, "{:#?}", s.warnings);
    assert!(
        s.warnings[0].problem.contains("makes 61 outbound rules"),
        "{}",
        s.warnings[0]
    );
    assert!(
        ok(Vpc::create().broker_ports(10000..10059))
            .warnings
            .is_empty()
    );
}

#[test]
fn flow_log_retention_must_be_a_cloudwatch_period() {
    for days in [Value::from(0), Value::from(13), Value::from("30")] {
        let e = errors(Vpc::create().flow_log_retention_days(days.clone()));
        assert_error(
            &e,
            "flow_log_retention_days",
            Some(&days.describe()),
            "is not a retention period",
        );
    }
    let s = ok(Vpc::create().flow_log_retention_days(30));
    let groups = of_type(&resources(&s), "AWS::Logs::LogGroup").len();
    assert_eq!(groups, 1);
}

#[test]
fn created_vpc_reports_every_problem_at_once() {
    let e = errors(
        Vpc::create()
            .cidr("8.8.8.8/8")
            .egress(Egress::Unknown)
            .broker_ports([0])
            .flow_log_retention_days(2),
    );
    let properties: Vec<&str> = e.iter().map(|d| d.property.as_str()).collect();
    assert_eq!(
        properties,
        [
            "cidr",
            "cidr",
            "cidr",
            "broker_ports",
            "flow_log_retention_days",
            "egress"
        ],
        "{e:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// Created VPCs: what is emitted

#[test]
fn created_vpc_with_endpoints() {
    let (stack, handle) = stack_with(Vpc::create());
    let s = valid(&stack);
    assert!(s.warnings.is_empty(), "{:#?}", s.warnings);
    let r = resources(&s);

    let vpc = &r["NetworkVpc"];
    assert_eq!(vpc["Type"], "AWS::EC2::VPC");
    assert_eq!(vpc["Properties"]["CidrBlock"], "10.0.0.0/16");
    assert_eq!(vpc["Properties"]["EnableDnsSupport"], true);
    assert_eq!(vpc["Properties"]["EnableDnsHostnames"], true);

    for (i, az) in ["A", "B"].iter().enumerate() {
        let subnet = &r[format!("NetworkPrivateSubnet{az}").as_str()]["Properties"];
        assert_eq!(
            subnet["AvailabilityZone"],
            serde_json::json!({"Fn::Select": [i, {"Fn::GetAZs": ""}]})
        );
        assert_eq!(
            subnet["CidrBlock"],
            serde_json::json!({"Fn::Select": [i, {"Fn::Cidr": ["10.0.0.0/16", 4, 14]}]})
        );
        let assoc = &r[format!("NetworkPrivateSubnet{az}RouteTableAssociation").as_str()];
        assert_eq!(
            assoc["Properties"]["RouteTableId"]["Ref"],
            format!("NetworkPrivateSubnet{az}RouteTable")
        );
    }

    let endpoints = of_type(&r, "AWS::EC2::VPCEndpoint");
    let services: Vec<&str> = endpoints
        .iter()
        .filter_map(|(_, e)| e["Properties"]["ServiceName"]["Fn::Sub"].as_str())
        .collect();
    assert_eq!(
        services,
        [
            "com.amazonaws.${AWS::Region}.lambda",
            "com.amazonaws.${AWS::Region}.sts",
            "com.amazonaws.${AWS::Region}.secretsmanager"
        ]
    );
    for (_, e) in &endpoints {
        let p = &e["Properties"];
        assert_eq!(p["VpcEndpointType"], "Interface");
        assert_eq!(p["PrivateDnsEnabled"], true);
        assert_eq!(p["SubnetIds"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            p["SecurityGroupIds"],
            serde_json::json!([{"Fn::GetAtt": ["NetworkEndpointSecurityGroup", "GroupId"]}])
        );
    }
    let endpoint_ingress = &r["NetworkEndpointSecurityGroupIngress443"]["Properties"];
    assert_eq!(
        endpoint_ingress["SourceSecurityGroupId"],
        serde_json::json!({"Fn::GetAtt": ["NetworkSecurityGroup", "GroupId"]})
    );
    let pollers = &r["NetworkSecurityGroup"]["Properties"];
    assert_eq!(
        pollers["SecurityGroupEgress"],
        serde_json::json!([{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "DestinationSecurityGroupId": {"Fn::GetAtt": ["NetworkEndpointSecurityGroup", "GroupId"]},
            "Description": "HTTPS from the Kafka pollers to the Lambda, STS and Secrets Manager interface endpoints"
        }])
    );
    assert!(of_type(&r, "AWS::EC2::NatGateway").is_empty());
    assert!(of_type(&r, "AWS::EC2::InternetGateway").is_empty());

    assert_eq!(handle.egress(), Egress::InterfaceEndpoints);
    assert_eq!(handle.vpc_id().describe(), r#"{"Ref":"NetworkVpc"}"#);
    let subnets: Vec<String> = handle.subnet_ids().iter().map(Value::describe).collect();
    assert_eq!(
        subnets,
        [
            r#"{"Ref":"NetworkPrivateSubnetA"}"#,
            r#"{"Ref":"NetworkPrivateSubnetB"}"#
        ]
    );
    let groups: Vec<String> = handle
        .security_group_ids()
        .iter()
        .map(Value::describe)
        .collect();
    assert_eq!(
        groups,
        [r#"{"Fn::GetAtt":["NetworkSecurityGroup","GroupId"]}"#]
    );
    let outputs = s.template.to_value()["Outputs"].clone();
    for id in [
        "NetworkVpcId",
        "NetworkPrivateSubnetIds",
        "NetworkSecurityGroupId",
    ] {
        assert!(outputs.get(id).is_some(), "output {id} in {outputs:#}");
    }
}

#[test]
fn broker_port_rules_refer_to_their_own_group_and_are_named_by_port() {
    let s = ok(Vpc::create().broker_ports([9096, 9098]));
    let r = resources(&s);
    let ingress = of_type(&r, "AWS::EC2::SecurityGroupIngress");
    let egress = of_type(&r, "AWS::EC2::SecurityGroupEgress");
    let ids: Vec<&str> = ingress
        .iter()
        .chain(&egress)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "NetworkEndpointSecurityGroupIngress443",
            "NetworkSecurityGroupIngress9096",
            "NetworkSecurityGroupIngress9098",
            "NetworkSecurityGroupEgress9096",
            "NetworkSecurityGroupEgress9098",
        ]
    );
    let own = serde_json::json!({"Fn::GetAtt": ["NetworkSecurityGroup", "GroupId"]});
    let rule = &r["NetworkSecurityGroupIngress9096"]["Properties"];
    assert_eq!(rule["GroupId"], own);
    assert_eq!(rule["SourceSecurityGroupId"], own);
    assert_eq!(
        (rule["FromPort"].as_i64(), rule["ToPort"].as_i64()),
        (Some(9096), Some(9096))
    );
    assert_eq!(
        r["NetworkSecurityGroupEgress9098"]["Properties"]["DestinationSecurityGroupId"],
        own
    );
}

#[test]
fn every_security_group_rule_has_a_description() {
    for vpc in [Vpc::create(), Vpc::create().egress(Egress::NatGateway)] {
        let r = resources(&ok(vpc));
        let mut rules = Vec::new();
        for (_, group) in of_type(&r, "AWS::EC2::SecurityGroup") {
            for key in ["SecurityGroupIngress", "SecurityGroupEgress"] {
                rules.extend(
                    group["Properties"][key]
                        .as_array()
                        .cloned()
                        .unwrap_or_default(),
                );
            }
        }
        for ty in [
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroupEgress",
        ] {
            rules.extend(
                of_type(&r, ty)
                    .into_iter()
                    .map(|(_, rule)| rule["Properties"].clone()),
            );
        }
        assert!(rules.len() >= 9, "{rules:#?}");
        for rule in rules {
            let d = rule["Description"].as_str().unwrap_or_default();
            assert!(!d.is_empty() && d.len() <= 255, "{rule:#}");
        }
    }
}

#[test]
fn created_vpc_with_nat_gateway() {
    let (stack, handle) = stack_with(
        Vpc::create()
            .egress(Egress::NatGateway)
            .cidr("192.168.0.0/24"),
    );
    let s = valid(&stack);
    let r = resources(&s);
    assert_eq!(handle.egress(), Egress::NatGateway);
    assert!(of_type(&r, "AWS::EC2::VPCEndpoint").is_empty());
    let public = &r["NetworkPublicSubnet"]["Properties"];
    assert_eq!(
        public["CidrBlock"],
        serde_json::json!({"Fn::Select": [2, {"Fn::Cidr": ["192.168.0.0/24", 4, 6]}]})
    );
    assert_eq!(r["NetworkNatEip"]["Properties"]["Domain"], "vpc");
    assert_eq!(
        r["NetworkNatEip"]["DependsOn"],
        serde_json::json!(["NetworkInternetGatewayAttachment"])
    );
    assert_eq!(
        r["NetworkNatGateway"]["Properties"]["AllocationId"],
        serde_json::json!({"Fn::GetAtt": ["NetworkNatEip", "AllocationId"]})
    );
    let public_route = &r["NetworkPublicSubnetDefaultRoute"];
    assert_eq!(
        public_route["Properties"]["GatewayId"]["Ref"],
        "NetworkInternetGateway"
    );
    assert_eq!(
        public_route["DependsOn"],
        serde_json::json!(["NetworkInternetGatewayAttachment"])
    );
    for az in ["A", "B"] {
        let route = &r[format!("NetworkPrivateSubnet{az}DefaultRoute").as_str()]["Properties"];
        assert_eq!(
            route["RouteTableId"]["Ref"],
            format!("NetworkPrivateSubnet{az}RouteTable")
        );
        assert_eq!(route["DestinationCidrBlock"], "0.0.0.0/0");
        assert_eq!(route["NatGatewayId"]["Ref"], "NetworkNatGateway");
    }
    let egress = &r["NetworkSecurityGroup"]["Properties"]["SecurityGroupEgress"];
    assert_eq!(egress[0]["CidrIp"], "0.0.0.0/0");
    assert_eq!(egress[0]["FromPort"], 443);
    assert_eq!(egress.as_array().map(Vec::len), Some(1));
}

#[test]
fn intrinsic_cidr_uses_26_bit_subnets() {
    let mut stack = Stack::new("vpc-test");
    let cidr = stack.add_parameter("VpcCidr", Parameter::string("VPC block"));
    stack.add("Network", Vpc::create().cidr(cidr));
    let s = valid(&stack);
    assert_eq!(
        resources(&s)["NetworkPrivateSubnetB"]["Properties"]["CidrBlock"],
        serde_json::json!({"Fn::Select": [1, {"Fn::Cidr": [{"Ref": "VpcCidr"}, 4, 6]}]})
    );
}

#[test]
fn flow_log_goes_to_an_encrypted_log_group_through_a_scoped_role() {
    let s = ok(Vpc::create());
    let t = s.template.to_value();
    let r = &t["Resources"];
    let flow_log = &r["NetworkFlowLog"]["Properties"];
    assert_eq!(flow_log["ResourceId"]["Ref"], "NetworkVpc");
    assert_eq!(flow_log["ResourceType"], "VPC");
    assert_eq!(flow_log["TrafficType"], "ALL");
    assert_eq!(flow_log["LogGroupName"]["Ref"], "NetworkFlowLogGroup");
    let group = &r["NetworkFlowLogGroup"]["Properties"];
    assert_eq!(
        group["KmsKeyId"],
        serde_json::json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    assert_eq!(group["RetentionInDays"], 365);
    let name = "/vpc-flow-logs/${AWS::StackName}/Network";
    assert_eq!(group["LogGroupName"]["Fn::Sub"], name);
    let arn = format!(
        "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}"
    );

    let key_statements = r["EncryptionKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let logs = key_statements
        .iter()
        .find(|s| s["Sid"] == "NetworkFlowLogsUseKey")
        .unwrap_or_else(|| panic!("logs statement in {key_statements:#?}"));
    assert_eq!(
        logs["Principal"]["Service"]["Fn::Sub"],
        "logs.${AWS::Region}.amazonaws.com"
    );
    assert_eq!(
        logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]["Fn::Sub"],
        arn.as_str()
    );

    let role = &r["NetworkFlowLogRole"]["Properties"];
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "vpc-flow-logs.amazonaws.com");
    assert_eq!(
        trust["Condition"]["StringEquals"]["aws:SourceAccount"]["Ref"],
        "AWS::AccountId"
    );
    assert_eq!(
        role["ManagedPolicyArns"],
        serde_json::json!([{"Ref": "NetworkFlowLogRolePolicy"}])
    );
    let grant = &r["NetworkFlowLogRolePolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        grant["Resource"],
        serde_json::json!([{"Fn::Sub": arn.clone()}, {"Fn::Sub": format!("{arn}:*")}])
    );
    assert!(!grant["Action"].to_string().contains("CreateLogGroup"));
}

#[test]
fn imported_stack_key_warns_that_its_policy_must_allow_logs() {
    let mut stack = Stack::new("vpc-test");
    stack.encryption_key_arn(
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    stack.add("Network", Vpc::create());
    let s = valid(&stack);
    assert_eq!(s.warnings.len(), 1, "{:#?}", s.warnings);
    assert_eq!(s.warnings[0].property, "encryption_key_arn");
    assert!(
        s.warnings[0]
            .problem
            .contains("/vpc-flow-logs/${AWS::StackName}/Network")
    );
}

#[test]
fn two_created_vpcs_in_one_stack_do_not_collide() {
    let mut stack = Stack::new("vpc-test");
    stack.add("Network", Vpc::create());
    stack.add(
        "Other",
        Vpc::create().egress(Egress::NatGateway).cidr("10.1.0.0/16"),
    );
    let s = valid(&stack);
    let r = resources(&s);
    assert_eq!(of_type(&r, "AWS::EC2::VPC").len(), 2);
    assert_eq!(of_type(&r, "AWS::EC2::FlowLog").len(), 2);
    let key = r["EncryptionKey"]["Properties"]["KeyPolicy"]["Statement"].to_string();
    assert!(key.contains("NetworkFlowLogsUseKey") && key.contains("OtherFlowLogsUseKey"));
}

#[test]
fn synthesis_is_deterministic() {
    for vpc in [
        imported(),
        Vpc::create(),
        Vpc::create().egress(Egress::NatGateway),
    ] {
        let first = ok(vpc.clone()).template.to_json();
        let second = ok(vpc).template.to_json();
        assert_eq!(first, second);
    }
}

// ---------------------------------------------------------------------------------------
// Compliance suppressions

/// The Guard suppressions of every resource that has some, by logical id.
fn guard_suppressions(s: &Synthesized) -> Vec<(String, Vec<String>)> {
    s.template
        .resources
        .iter()
        .map(|(id, r)| {
            let rules = r
                .suppressions(crate::template::Scanner::Guard)
                .into_iter()
                .map(|(rule, reason)| {
                    assert!(!reason.trim().is_empty(), "{id}: {rule} without a reason");
                    rule
                })
                .collect();
            (id.to_string(), rules)
        })
        .filter(|(_, rules): &(String, Vec<String>)| !rules.is_empty())
        .collect()
}

#[test]
fn only_the_nat_gateway_path_waives_the_internet_route_and_egress_rules() {
    let endpoints = ok(Vpc::create());
    assert_eq!(guard_suppressions(&endpoints), vec![]);
    let nat = ok(Vpc::create().egress(Egress::NatGateway));
    assert_eq!(
        guard_suppressions(&nat),
        vec![
            (
                "NetworkPublicSubnetDefaultRoute".to_owned(),
                vec!["NO_UNRESTRICTED_ROUTE_TO_IGW".to_owned()]
            ),
            (
                "NetworkSecurityGroup".to_owned(),
                vec!["EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE".to_owned()]
            ),
        ]
    );
    // The waived egress is HTTPS alone; no group opens anything else to the internet.
    let resources = resources(&nat);
    for (id, group) in of_type(&resources, "AWS::EC2::SecurityGroup") {
        for rule in group["Properties"]["SecurityGroupEgress"]
            .as_array()
            .unwrap()
        {
            if rule["CidrIp"] == "0.0.0.0/0" {
                assert_eq!(
                    (&rule["IpProtocol"], &rule["FromPort"], &rule["ToPort"]),
                    (&Json::from("tcp"), &Json::from(443), &Json::from(443)),
                    "{id}"
                );
            }
        }
    }
}

#[test]
fn a_flow_log_kept_under_a_year_says_who_chose_it() {
    let short = ok(Vpc::create().flow_log_retention_days(90));
    let group = &short.template.resources[&crate::LogicalId::new("NetworkFlowLogGroup").unwrap()];
    let checkov = group.suppressions(crate::template::Scanner::Checkov);
    assert_eq!(checkov.len(), 1);
    assert_eq!(checkov[0].0, "CKV_AWS_338");
    assert!(
        checkov[0].1.contains("flow_log_retention_days"),
        "{}",
        checkov[0].1
    );
    let unlisted = ok(Vpc::create().flow_log_retention_days(1096));
    let group =
        &unlisted.template.resources[&crate::LogicalId::new("NetworkFlowLogGroup").unwrap()];
    assert_eq!(
        group.suppressions(crate::template::Scanner::Guard)[0].0,
        "CW_LOGGROUP_RETENTION_PERIOD_CHECK"
    );
    assert!(
        group
            .suppressions(crate::template::Scanner::Checkov)
            .is_empty()
    );
}
