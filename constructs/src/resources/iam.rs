//! `AWS::IAM::*` resource types.

use serde::Serialize;

use super::Tag;
use crate::iam::PolicyDocument;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::IAM::Role`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Managed policies attached (the constructs attach the customer-managed policies that
    /// hold the role's grants; roles carry no inline policies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Value>,
    /// Permissions boundary ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Role {
    const TYPE: &'static str = "AWS::IAM::Role";
}

/// `AWS::IAM::ManagedPolicy`: a customer-managed policy. `Ref` returns its ARN.
///
/// Unnamed (CloudFormation generates the name, so no `CAPABILITY_NAMED_IAM` is needed) and
/// attached by the role that lists it in `ManagedPolicyArns`, so the role never exists without
/// its permissions for the resources that use it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    /// What the policy is for (create-only: a change replaces the policy; at most 1,000
    /// characters).
    pub description: String,
    /// The statements.
    pub policy_document: PolicyDocument,
}

impl ResourceProperties for ManagedPolicy {
    const TYPE: &'static str = "AWS::IAM::ManagedPolicy";
}
