//! Target-tracking autoscaling of the endpoint variant's instance count on
//! `SageMakerVariantInvocationsPerInstance`.

use indexmap::IndexMap;

use super::variant::check_instance_count;
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::Prop;
use crate::resources::applicationautoscaling::{
    PolicyType, PredefinedMetric, ScalableTarget, ScalingPolicy, TargetTracking,
};
use crate::scope::Scope;
use crate::template::Resource;
use crate::validate::Validator;
use crate::value::Value;

/// Variant autoscaling, as given to `.autoscaling(min, max,
/// target_invocations_per_instance)`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Autoscaling {
    /// Fewest instances (at least 1).
    #[schemars(extend("examples" = [1, 2], "minimum" = 1))]
    pub(super) min: Prop<i64>,
    /// Most instances (at least `min`).
    #[schemars(extend("examples" = [4, 8], "minimum" = 1))]
    pub(super) max: Prop<i64>,
    /// Invocations per instance per minute to keep near.
    #[serde(rename = "target_invocations_per_instance")]
    #[schemars(extend("minimum" = 1))]
    pub(super) target: Prop<i64>,
}

/// Application Auto Scaling's service-linked role for SageMaker endpoint variants.
const SERVICE_LINKED_ROLE: &str = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";

impl Autoscaling {
    pub(super) fn validate(&self, v: &mut Validator<'_>, serverless: bool) {
        let min = check_instance_count(v, "autoscaling.min", &self.min);
        let max = check_instance_count(v, "autoscaling.max", &self.max);
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                v.error(
                    &crate::rules::endpoint::AUTOSCALING_BOUNDS,
                    "autoscaling.max",
                    Some(self.max.value()),
                    format!("is below autoscaling.min ({min})"),
                    "give autoscaling a max at least as large as its min",
                );
            }
        }
        match self.target.as_f64() {
            Some(t) if t.is_finite() && t > 0.0 => {}
            Some(_) => v.error(
                &crate::rules::endpoint::AUTOSCALING_TARGET,
                "autoscaling.target_invocations_per_instance",
                Some(self.target.value()),
                "must be a positive number of invocations per instance per minute",
                "set the invocations per instance per minute each instance should serve, e.g. 1000",
            ),
            None if self.target.is_intrinsic() => {}
            None => v.error(
                &crate::rules::endpoint::AUTOSCALING_TARGET,
                "autoscaling.target_invocations_per_instance",
                Some(self.target.value()),
                "must be a number",
                "set the invocations per instance per minute each instance should serve, e.g. 1000",
            ),
        }
        if serverless {
            v.error(&crate::rules::endpoint::SERVERLESS_UNSUPPORTED,
                "autoscaling",
                None,
                "scales the instance count, and a serverless endpoint has no instances",
                "remove .autoscaling(..) (serverless capacity follows max_concurrency) or drop .serverless(..)",
            );
        }
    }

    /// Adds the scalable target and the target-tracking policy.
    ///
    /// `RoleARN` names Application Auto Scaling's SageMaker service-linked role, which
    /// CloudFormation creates when the account has none yet. The API would use that role when
    /// the ARN is omitted, but CloudFormation's schema requires the property in some regions
    /// (us-gov-west-1) and its documentation recommends naming the service-linked role.
    pub(super) fn synthesize(
        &self,
        scope: &Scope,
        ctx: &mut SynthContext,
        endpoint: &LogicalId,
        variant_name: &str,
    ) {
        let target_id = scope.logical_id("ScalableTarget");
        let mut vars = IndexMap::new();
        vars.insert(
            "EndpointName".to_owned(),
            Value::get_att(endpoint, "EndpointName"),
        );
        let target = ScalableTarget {
            service_namespace: "sagemaker".into(),
            scalable_dimension: "sagemaker:variant:DesiredInstanceCount".into(),
            resource_id: Value::sub_with(
                format!(
                    "endpoint/${{EndpointName}}/variant/{}",
                    crate::value::sub::sub_literal(variant_name)
                ),
                vars,
            ),
            min_capacity: self.min.value().clone(),
            max_capacity: self.max.value().clone(),
            role_arn: Some(Value::sub(SERVICE_LINKED_ROLE)),
        };
        ctx.add_resource(scope, target_id.clone(), Resource::new(&target));
        let policy = ScalingPolicy {
            policy_name: format!(
                "{}-invocations-per-instance",
                scope.path().replace('/', "-")
            ),
            policy_type: PolicyType::TargetTrackingScaling,
            scaling_target_id: Value::reference(&target_id),
            target_tracking_scaling_policy_configuration: Some(TargetTracking {
                target_value: self.target.value().clone(),
                predefined_metric_specification: Some(PredefinedMetric {
                    predefined_metric_type: "SageMakerVariantInvocationsPerInstance".into(),
                }),
                scale_in_cooldown: None,
                scale_out_cooldown: None,
            }),
        };
        ctx.add_resource(
            scope,
            scope.logical_id("ScalingPolicy"),
            Resource::new(&policy),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    fn problems(a: &Autoscaling, serverless: bool) -> Vec<(String, String)> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("E");
        a.validate(&mut Validator::new(&mut d, "Test", &scope), serverless);
        d.iter()
            .map(|d| (d.property.clone(), d.problem.clone()))
            .collect()
    }

    fn scaling(min: i64, max: i64, target: Value) -> Autoscaling {
        Autoscaling {
            min: min.into(),
            max: max.into(),
            target: target.into(),
        }
    }

    #[test]
    fn accepts_sane_bounds() {
        assert!(problems(&scaling(1, 4, 1000.into()), false).is_empty());
        assert!(problems(&scaling(2, 2, 250.5.into()), false).is_empty());
        assert!(problems(&scaling(1, 2, Value::region()), false).is_empty());
    }

    #[test]
    fn reports_every_problem() {
        let p = problems(&scaling(0, 0, 0.into()), true);
        let properties: Vec<&str> = p.iter().map(|(prop, _)| prop.as_str()).collect();
        assert_eq!(
            properties,
            [
                "autoscaling.min",
                "autoscaling.max",
                "autoscaling.target_invocations_per_instance",
                "autoscaling"
            ]
        );
        assert_eq!(
            p[3].1,
            "scales the instance count, and a serverless endpoint has no instances"
        );
        let p = problems(&scaling(3, 2, "x".into()), false);
        assert_eq!(
            p[0],
            (
                "autoscaling.max".to_owned(),
                "is below autoscaling.min (3)".to_owned()
            )
        );
        assert_eq!(p[1].1, "must be a number");
        assert!(
            problems(&scaling(1, 2, f64::NAN.into()), false)[0]
                .1
                .starts_with("must be a positive")
        );
    }
}
