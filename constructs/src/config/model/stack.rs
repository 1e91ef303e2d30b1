//! Parameters and outputs.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::props::Scalar;
use crate::props::expr::AnyValue;
use crate::template::ParameterType;

/// A deploy-time parameter (`Parameters` section).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("dependencies" = {
    "min_value": {"properties": {"type": {"const": "Number"}}},
    "max_value": {"properties": {"type": {"const": "Number"}}},
    "allowed_pattern": {"properties": {"type": {"not": {"const": "Number"}}}},
    "min_length": {"properties": {"type": {"not": {"const": "Number"}}}},
    "max_length": {"properties": {"type": {"not": {"const": "Number"}}}}
}))]
pub struct ParameterConfig {
    /// The parameter's CloudFormation type.
    #[serde(rename = "type")]
    #[schemars(rename = "type")]
    pub parameter_type: ParameterType,
    /// Shown in the console and by `aws cloudformation describe-stacks`.
    #[schemars(length(max = 4000))]
    pub description: String,
    /// The value used when the deployer gives none.
    #[serde(default)]
    #[schemars(extend("examples" = ["1"]))]
    pub default: Option<Scalar>,
    /// The values allowed.
    #[serde(default)]
    #[schemars(extend("examples" = [["1", "2", "3"]]))]
    pub allowed_values: Vec<Scalar>,
    /// A regular expression the value must match.
    #[serde(default)]
    #[schemars(extend("examples" = ["^[0-9]+$", "^.*$"]))]
    pub allowed_pattern: Option<String>,
    /// Shown when the value breaks a constraint.
    #[serde(default)]
    pub constraint_description: Option<String>,
    /// Minimum string length.
    #[serde(default)]
    #[schemars(range(max = 4096), extend("examples" = [1]))]
    pub min_length: Option<u32>,
    /// Maximum string length.
    #[serde(default)]
    #[schemars(range(max = 4096), extend("examples" = [8, 4096]))]
    pub max_length: Option<u32>,
    /// Minimum number.
    #[serde(default)]
    #[schemars(extend("examples" = [0, 1]))]
    pub min_value: Option<i64>,
    /// Maximum number.
    #[serde(default)]
    #[schemars(extend("examples" = [10, 100]))]
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
    #[schemars(extend("examples" = [{"ref": "AWS::StackName"}, {"sub": "${AWS::StackName}-alerts"}, "anomaly detection"]))]
    pub value: AnyValue,
    /// Exports the value as `${AWS::StackName}-<this suffix>` for `Fn::ImportValue` in
    /// other stacks.
    #[serde(default)]
    #[schemars(extend("examples" = ["detector-arn", "alerts"]))]
    pub export_as_stack_scoped: Option<String>,
}
