//! `AWS::SQS::*` resource types.

use serde::Serialize;

use crate::iam::PolicyDocument;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::SQS::Queue`. `Ref` returns the queue's URL; `Fn::GetAtt … Arn` its ARN.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Queue {
    /// Seconds a message is kept (60 to 1,209,600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_retention_period: Option<Value>,
    /// The KMS key (ARN, id or alias) that encrypts messages at rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Value>,
    /// Seconds SQS reuses a data key before calling KMS again (60 to 86,400).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_data_key_reuse_period_seconds: Option<Value>,
}

impl ResourceProperties for Queue {
    const TYPE: &'static str = "AWS::SQS::Queue";
}

/// `AWS::SQS::QueuePolicy`: the access policy of one or more queues.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueuePolicy {
    /// The policy.
    pub policy_document: PolicyDocument,
    /// The queues' URLs.
    pub queues: Vec<Value>,
}

impl ResourceProperties for QueuePolicy {
    const TYPE: &'static str = "AWS::SQS::QueuePolicy";
}
