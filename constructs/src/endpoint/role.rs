//! The SageMaker execution role of a created endpoint, with only what hosting RCF needs.
//!
//! AWS documents the permissions of a role passed to `CreateModel` ("CreateModel API:
//! Execution Role Permissions", <https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms>):
//! CloudWatch metrics and logs, `s3:GetObject` on the model artifact, and ECR pulls of the
//! image, scoped to the objects and repository the model names.

use crate::context::SynthContext;
use crate::iam::unscoped::{ECR_TOKEN_REASON, PUT_METRIC_DATA_REASON};
use crate::iam::{PolicyDocument, Statement};
use crate::logical_id::LogicalId;
use crate::resources::iam::Role;
use crate::scope::Scope;
use crate::value::Value;

/// The namespace of the per-instance endpoint metrics (CPU, memory, disk) SageMaker publishes.
pub const ENDPOINT_METRICS_NAMESPACE: &str = "/aws/sagemaker/Endpoints";

/// What the role is granted on top of logs and metrics.
pub(super) struct RoleGrants {
    /// The `model.tar.gz` object.
    pub(super) model_object_arn: Value,
    /// The RCF image's repository in its registry account.
    pub(super) repository_arn: Value,
    /// A customer-managed key the model artifact is encrypted with, if any.
    pub(super) model_data_key: Option<Value>,
}

/// Adds the execution role (trusting `sagemaker.amazonaws.com`) with its grants and returns
/// its logical id.
pub(super) fn add_execution_role(
    scope: &Scope,
    ctx: &mut SynthContext,
    grants: RoleGrants,
) -> LogicalId {
    let id = scope.logical_id("ExecutionRole");
    let role = Role {
        assume_role_policy_document: PolicyDocument::new(vec![
            Statement::allow(["sts:AssumeRole"]).service_principal("sagemaker.amazonaws.com"),
        ]),
        description: Some(format!(
            "SageMaker execution role of the {} Random Cut Forest endpoint",
            scope.path()
        )),
        ..Role::default()
    };
    ctx.add_role(scope, id.clone(), role, "RcfEndpointExecution");
    let statements = [
        Statement::allow(["s3:GetObject"])
            .sid("ReadModelArtifact")
            .on(grants.model_object_arn),
        Statement::allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
            .sid("PullRcfImage")
            .on(grants.repository_arn),
        Statement::allow(["ecr:GetAuthorizationToken"])
            .sid("GetRegistryToken")
            .on_any_resource(ECR_TOKEN_REASON),
        Statement::allow([
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ])
        .sid("WriteEndpointLogs")
        .on(Value::sub(
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/Endpoints/*",
        )),
        Statement::allow(["cloudwatch:PutMetricData"])
            .sid("PublishEndpointMetrics")
            .on_any_resource(PUT_METRIC_DATA_REASON)
            .condition("StringEquals", "cloudwatch:namespace", ENDPOINT_METRICS_NAMESPACE),
    ];
    for statement in statements {
        ctx.grant(scope, &id, statement);
    }
    if let Some(key) = grants.model_data_key {
        ctx.grant(
            scope,
            &id,
            Statement::allow(["kms:Decrypt"])
                .sid("DecryptModelArtifact")
                .on(key)
                .condition(
                    "StringEquals",
                    "kms:ViaService",
                    Value::sub("s3.${AWS::Region}.amazonaws.com"),
                ),
        );
    }
    id
}
