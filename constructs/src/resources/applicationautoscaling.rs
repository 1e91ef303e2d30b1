//! `AWS::ApplicationAutoScaling::*` resource types.

use serde::Serialize;

use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::ApplicationAutoScaling::ScalableTarget`: a resource dimension Application Auto
/// Scaling may change, within bounds.
///
/// With `role_arn` unset, Application Auto Scaling uses the service's service-linked role
/// (for SageMaker `AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`), creating it
/// when it does not exist yet; CloudFormation recommends naming that role's ARN instead, and
/// its schema requires `RoleARN` in some regions.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    /// The service, e.g. `sagemaker`.
    pub service_namespace: String,
    /// What is scaled, e.g. `sagemaker:variant:DesiredInstanceCount`.
    pub scalable_dimension: String,
    /// The scaled resource, e.g. `endpoint/<name>/variant/<variant>`.
    pub resource_id: Value,
    /// Lower bound.
    pub min_capacity: Value,
    /// Upper bound.
    pub max_capacity: Value,
    /// The service-linked role's ARN, or a role for services without one.
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<Value>,
}

impl ResourceProperties for ScalableTarget {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalableTarget";
}

/// `AWS::ApplicationAutoScaling::ScalingPolicy`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    /// Name, unique per scalable target.
    pub policy_name: String,
    /// The kind of policy.
    pub policy_type: PolicyType,
    /// `Ref` of the scalable target.
    pub scaling_target_id: Value,
    /// Target tracking settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_scaling_policy_configuration: Option<TargetTracking>,
}

impl ResourceProperties for ScalingPolicy {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalingPolicy";
}

/// A scaling policy's type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum PolicyType {
    /// Keeps a metric near a target value.
    #[default]
    TargetTrackingScaling,
    /// Scales in steps on alarm breaches.
    StepScaling,
}

/// `TargetTrackingScalingPolicyConfiguration`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTracking {
    /// The metric value to keep.
    pub target_value: Value,
    /// A metric Application Auto Scaling defines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetric>,
    /// Seconds after a scale-in before another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<Value>,
    /// Seconds after a scale-out before another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<Value>,
}

/// `PredefinedMetricSpecification`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetric {
    /// e.g. `SageMakerVariantInvocationsPerInstance`.
    pub predefined_metric_type: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arn_is_spelled_as_the_schema_spells_it() {
        let target = serde_json::to_value(ScalableTarget {
            role_arn: Some("arn:aws:iam::123456789012:role/r".into()),
            ..ScalableTarget::default()
        })
        .unwrap_or_default();
        assert!(target.get("RoleARN").is_some());
        let policy = serde_json::to_value(ScalingPolicy {
            policy_name: "p".into(),
            policy_type: PolicyType::TargetTrackingScaling,
            scaling_target_id: "t".into(),
            target_tracking_scaling_policy_configuration: Some(TargetTracking {
                target_value: 100.into(),
                predefined_metric_specification: Some(PredefinedMetric {
                    predefined_metric_type: "SageMakerVariantInvocationsPerInstance".into(),
                }),
                ..TargetTracking::default()
            }),
        })
        .unwrap_or_default();
        assert_eq!(policy["PolicyType"], "TargetTrackingScaling");
        assert_eq!(
            policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"],
            "SageMakerVariantInvocationsPerInstance"
        );
    }
}
