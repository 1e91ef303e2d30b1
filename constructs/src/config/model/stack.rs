//! Parameters and outputs.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::props::Scalar;
use crate::props::expr::AnyValue;
use crate::template::ParameterType;

/// A deploy-time parameter (`Parameters` section).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterConfig {
    /// The parameter's CloudFormation type.
    #[serde(rename = "type")]
    #[schemars(rename = "type")]
    pub parameter_type: ParameterType,
    /// Shown in the console and by `aws cloudformation describe-stacks`.
    pub description: String,
    /// The value used when the deployer gives none.
    #[serde(default)]
    pub default: Option<Scalar>,
    /// The values allowed.
    #[serde(default)]
    pub allowed_values: Vec<Scalar>,
    /// A regular expression the value must match.
    #[serde(default)]
    pub allowed_pattern: Option<String>,
    /// Shown when the value breaks a constraint.
    #[serde(default)]
    pub constraint_description: Option<String>,
    /// Minimum string length.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// Maximum string length.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// Minimum number.
    #[serde(default)]
    pub min_value: Option<i64>,
    /// Maximum number.
    #[serde(default)]
    pub max_value: Option<i64>,
    /// Masks the value in the console and API output.
    #[serde(default)]
    pub no_echo: bool,
}

/// A value the deployed stack reports (`Outputs` section).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// What the value is.
    pub description: String,
    /// The value: usually `{get_att: Construct.attribute}` or `{ref: Parameter}`.
    pub value: AnyValue,
    /// Exports the value as `${AWS::StackName}-<this suffix>` for `Fn::ImportValue` in
    /// other stacks.
    #[serde(default)]
    pub export_as_stack_scoped: Option<String>,
}
