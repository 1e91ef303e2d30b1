//! `AWS::SNS::*` resource types.

use serde::Serialize;

use crate::iam::PolicyDocument;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::SNS::Topic`. `Ref` returns the topic's ARN.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    /// The name shown as the sender of e-mail notifications (at most 100 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Value>,
    /// The KMS key (ARN, id or alias) that encrypts messages at rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Value>,
}

impl ResourceProperties for Topic {
    const TYPE: &'static str = "AWS::SNS::Topic";
}

/// `AWS::SNS::Subscription`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    /// The topic's ARN.
    pub topic_arn: Value,
    /// `email`, `sqs`, `lambda`, `https`, …
    pub protocol: String,
    /// Where messages go (an e-mail address for `email`).
    pub endpoint: Value,
}

impl ResourceProperties for Subscription {
    const TYPE: &'static str = "AWS::SNS::Subscription";
}

/// `AWS::SNS::TopicPolicy`: the access policy of one or more topics (it replaces the topics'
/// default policy).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicPolicy {
    /// The policy.
    pub policy_document: PolicyDocument,
    /// The topics' ARNs.
    pub topics: Vec<Value>,
}

impl ResourceProperties for TopicPolicy {
    const TYPE: &'static str = "AWS::SNS::TopicPolicy";
}
