//! `AWS::KMS::*` resource types.

use serde::Serialize;

use super::Tag;
use crate::iam::PolicyDocument;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::KMS::Key`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    /// What the key protects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Yearly automatic rotation.
    pub enable_key_rotation: bool,
    /// The key policy.
    pub key_policy: PolicyDocument,
    /// Days before a scheduled deletion completes (7–30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_window_in_days: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Key {
    const TYPE: &'static str = "AWS::KMS::Key";
}

/// `AWS::KMS::Alias`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    /// `alias/…`.
    pub alias_name: Value,
    /// The key id or ARN.
    pub target_key_id: Value,
}

impl ResourceProperties for Alias {
    const TYPE: &'static str = "AWS::KMS::Alias";
}
