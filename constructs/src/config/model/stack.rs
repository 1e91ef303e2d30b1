//! Parameters and outputs.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::expr::AnyValue;
use crate::config::value::Scalar;
use crate::template::ParameterType;

/// A deploy-time parameter (`Parameters` section).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterConfig {
    /// The parameter's CloudFormation type.
    #[serde(rename = "type")]
    #[schemars(rename = "type")]
    pub parameter_type: ParameterTypeConfig,
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

/// A parameter's CloudFormation type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ParameterTypeConfig {
    /// `String`
    String,
    /// `Number`
    Number,
    /// `CommaDelimitedList`
    CommaDelimitedList,
    /// `AWS::EC2::VPC::Id`
    #[serde(rename = "AWS::EC2::VPC::Id")]
    VpcId,
    /// `AWS::EC2::Subnet::Id`
    #[serde(rename = "AWS::EC2::Subnet::Id")]
    SubnetId,
    /// `AWS::EC2::SecurityGroup::Id`
    #[serde(rename = "AWS::EC2::SecurityGroup::Id")]
    SecurityGroupId,
    /// `List<AWS::EC2::Subnet::Id>`
    #[serde(rename = "List<AWS::EC2::Subnet::Id>")]
    SubnetIds,
    /// `List<AWS::EC2::SecurityGroup::Id>`
    #[serde(rename = "List<AWS::EC2::SecurityGroup::Id>")]
    SecurityGroupIds,
}

impl From<ParameterTypeConfig> for ParameterType {
    fn from(t: ParameterTypeConfig) -> Self {
        match t {
            ParameterTypeConfig::String => ParameterType::String,
            ParameterTypeConfig::Number => ParameterType::Number,
            ParameterTypeConfig::CommaDelimitedList => ParameterType::CommaDelimitedList,
            ParameterTypeConfig::VpcId => ParameterType::VpcId,
            ParameterTypeConfig::SubnetId => ParameterType::SubnetId,
            ParameterTypeConfig::SecurityGroupId => ParameterType::SecurityGroupId,
            ParameterTypeConfig::SubnetIds => ParameterType::SubnetIds,
            ParameterTypeConfig::SecurityGroupIds => ParameterType::SecurityGroupIds,
        }
    }
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
