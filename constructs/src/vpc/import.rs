//! An existing VPC given by ids: checked, never emitted.

use super::KIND;
use super::validate::{self, SECURITY_GROUP_ID, SUBNET_ID, VPC_ID};
use crate::context::SynthContext;
use crate::intrinsic::Intrinsic;
use crate::props::{Prop, PropVec};
use crate::rules::vpc as rule;
use crate::scope::Scope;
use crate::template::{Assertion, ParameterType, Rule};
use crate::value::Value;

/// Lambda's `VpcConfig` limits, which event source mappings share (`VPC_SUBNET` and
/// `VPC_SECURITY_GROUP` entries): <https://docs.aws.amazon.com/lambda/latest/dg/API_VpcConfig.html>.
const MAX_SUBNETS: usize = 16;
const MAX_SECURITY_GROUPS: usize = 5;

/// An existing VPC: the subnets and security groups the pollers use.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Imported {
    /// The VPC's id (`vpc-…`).
    #[schemars(extend("examples" = ["vpc-0a1b2c3d4e5f67890", "vpc-1a2b3c4d"]))]
    pub(super) vpc_id: Prop<String>,
    /// 1 to 16 private subnets (`subnet-…`), in at least two Availability Zones.
    #[schemars(extend("examples" = [["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"], ["subnet-1a2b3c4d", "subnet-5e6f7a8b"]], "minItems" = 1, "maxItems" = 16, "uniqueItems" = true))]
    pub(super) subnet_ids: PropVec<String>,
    /// 1 to 5 security groups (`sg-…`) for the pollers; the brokers must accept them.
    #[schemars(extend("examples" = [["sg-0123456789abcdef0"], ["sg-1a2b3c4d", "sg-0fedcba9876543210"]], "minItems" = 1, "maxItems" = 5, "uniqueItems" = true))]
    pub(super) security_group_ids: PropVec<String>,
}

impl Imported {
    /// Checks the ids. Whether the subnets route to Lambda, STS and Secrets Manager is not
    /// visible here; sources that depend on it warn when they bind (see `Egress::Unknown`).
    pub(super) fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let mut v = ctx.validator(KIND, scope);
        validate::ec2_id(&mut v, "vpc_id", &self.vpc_id, VPC_ID);
        validate::ec2_ids(
            &mut v,
            "subnet_ids",
            &self.subnet_ids,
            SUBNET_ID,
            (MAX_SUBNETS, &rule::SUBNET_COUNT),
            "Lambda places poller network interfaces in 1 to 16 subnets (VPC_SUBNET)",
        );
        validate::ec2_ids(
            &mut v,
            "security_group_ids",
            &self.security_group_ids,
            SECURITY_GROUP_ID,
            (MAX_SECURITY_GROUPS, &rule::SECURITY_GROUP_COUNT),
            "Lambda attaches 1 to 5 security groups to poller network interfaces (VPC_SECURITY_GROUP)",
        );
        self.assert_same_vpc(scope, ctx);
        let mut v = ctx.validator(KIND, scope);
        if let [only] = &self.subnet_ids[..] {
            if !only.is_intrinsic() {
                v.warn(&rule::SINGLE_SUBNET,
                    "subnet_ids",
                    Some(only),
                    "is a single subnet, so every poller network interface sits in one availability zone and the mapping stops polling when that zone fails",
                    "add a subnet in a second availability zone",
                );
            }
        }
    }

    /// When the VPC, its subnets and security groups are deploy-time parameters of the
    /// EC2-specific types, asserts in a template rule that they all belong to the same VPC:
    /// CloudFormation checks it before creating anything, instead of the mapping failing
    /// later with a network error.
    fn assert_same_vpc(&self, scope: &Scope, ctx: &mut SynthContext) {
        if ctx.parameter_type(&self.vpc_id) != Some(ParameterType::VpcId) {
            return;
        }
        let members = self
            .subnet_ids
            .iter()
            .filter(|id| ctx.parameter_type(id) == Some(ParameterType::SubnetId))
            .chain(
                self.security_group_ids
                    .iter()
                    .filter(|id| ctx.parameter_type(id) == Some(ParameterType::SecurityGroupId)),
            );
        let assertions: Vec<Assertion> = members
            .filter_map(|member| {
                let Value::Intrinsic(intrinsic) = member else {
                    return None;
                };
                let Intrinsic::Ref(name) = intrinsic.as_ref() else {
                    return None;
                };
                Some(Assertion {
                    // `Fn::Contains [[vpc], member's VpcId]`: the form of equality that rule
                    // functions accept for `Fn::ValueOf` results.
                    assert: Value::map([(
                        "Fn::Contains",
                        Value::list([
                            Value::list([self.vpc_id.clone()]),
                            Value::map([("Fn::ValueOf", Value::list([name.as_str(), "VpcId"]))]),
                        ]),
                    )]),
                    assert_description: format!(
                        "{name} must belong to the VPC given for {}",
                        scope.path()
                    ),
                })
            })
            .collect();
        if !assertions.is_empty() {
            ctx.add_rule(
                scope,
                scope.logical_id("SameVpc"),
                Rule {
                    rule_condition: None,
                    assertions,
                },
            );
        }
    }
}
