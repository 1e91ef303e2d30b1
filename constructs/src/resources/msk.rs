//! `AWS::MSK::*` resource types.

use serde::Serialize;

use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::MSK::BatchScramSecret`: the SASL/SCRAM secrets associated with an MSK cluster.
///
/// Its primary identifier is the cluster ARN, so a cluster has at most one such resource,
/// and the list it holds *is* the cluster's set of associated secrets: deploying it
/// disassociates secrets associated outside it (by the console, the CLI or another stack).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchScramSecret {
    /// The cluster's ARN.
    pub cluster_arn: Value,
    /// ARNs of Secrets Manager secrets named `AmazonMSK_…`.
    pub secret_arn_list: Vec<Value>,
}

impl ResourceProperties for BatchScramSecret {
    const TYPE: &'static str = "AWS::MSK::BatchScramSecret";
}
