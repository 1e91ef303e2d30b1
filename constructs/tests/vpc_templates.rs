//! The VPC construct's variants — imported, created with interface endpoints, created with a
//! NAT gateway, and two created VPCs in one stack — each used by a client the way a source
//! binding uses it, and cfn-lint on their templates: no errors, no warnings. (The unit tests in
//! `src/vpc/tests.rs` check what the variants emit; this file needs the pinned cfn-lint.)

use std::path::PathBuf;

use constructs::resources::ec2::{InlineEgress, Peer, Rule, SecurityGroup};
use constructs::{
    Construct, Egress, Handle, Output, Resource, Scope, Stack, SynthContext, Value, Vpc,
};
use snapshots::cfn_lint::{CfnLint, Report};

/// A security group in the VPC that reaches the VPC's first group on a broker port, and
/// outputs naming the subnets and groups.
struct Client(Handle<Vpc>);

impl Construct for Client {
    fn kind(&self) -> &'static str {
        "Client"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let network = &self.0;
        let brokers = network.security_group_ids().first().cloned();
        let group = SecurityGroup {
            group_description: "Test client".into(),
            vpc_id: network.vpc_id(),
            security_group_egress: vec![InlineEgress(Rule::tcp(
                9096,
                Peer::SecurityGroup(brokers.unwrap_or_default()),
                "Kafka SASL/SCRAM to the brokers",
            ))],
            ..Default::default()
        };
        ctx.add_resource(
            scope,
            scope.logical_id("SecurityGroup"),
            Resource::new(&group),
        );
        for (name, ids) in [
            ("Subnets", network.subnet_ids()),
            ("Groups", network.security_group_ids()),
        ] {
            let output = Output::new(name, Value::join(",", ids));
            ctx.add_output(scope, scope.logical_id(name), output);
        }
    }
}

/// The stack of `vpc` and a client of it, as JSON.
fn with_client(vpc: Vpc) -> String {
    let mut stack = Stack::new("vpc-test");
    let network = stack.add("Network", vpc);
    stack.add("Client", Client(network));
    template(&stack)
}

fn template(stack: &Stack) -> String {
    stack
        .synth()
        .unwrap_or_else(|e| panic!("the stack synthesizes:\n{e}"))
        .template
        .to_json()
}

#[test]
fn cfn_lint_accepts_every_variant() {
    let imported = Vpc::import(
        "vpc-0a1b2c3d4e5f60718",
        vec!["subnet-0a1b2c3d".into(), "subnet-0a1b2c3d4e5f60718".into()],
        vec!["sg-0a1b2c3d4e5f60718".into()],
    );
    let mut two = Stack::new("vpc-test");
    two.add("Network", Vpc::create());
    two.add(
        "Other",
        Vpc::create().egress(Egress::NatGateway).cidr("10.1.0.0/16"),
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("vpc");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    CfnLint::new()
        .write_and_lint(
            &dir,
            &[
                ("imported.json", with_client(imported)),
                ("endpoints.json", with_client(Vpc::create())),
                (
                    "nat.json",
                    with_client(
                        Vpc::create()
                            .egress(Egress::NatGateway)
                            .cidr("172.16.0.0/20"),
                    ),
                ),
                ("two-vpcs.json", template(&two)),
            ],
        )
        .and_then(Report::require_clean)
        .unwrap_or_else(|e| panic!("{e}"));
}
