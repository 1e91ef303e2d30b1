//! Template parameters: the values a user supplies at deploy time.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::value::Value;

/// A parameter's CloudFormation type (also how a stack file spells it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ParameterType {
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

/// A parameter in the `Parameters` section.
///
/// ```
/// use constructs::Parameter;
/// let p = Parameter::string("S3 bucket holding the function's bootstrap.zip")
///     .allowed_pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", "a bucket name: 3-63 lower-case letters, digits, dots and hyphens");
/// assert_eq!(p.parameter_type, constructs::ParameterType::String);
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// The parameter's type.
    #[serde(rename = "Type")]
    pub parameter_type: ParameterType,
    /// Shown in the console and by `aws cloudformation describe-stacks`.
    pub description: String,
    /// The value used when the deployer gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The values allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<Value>,
    /// A regular expression the value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
    /// Shown when the value breaks a constraint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint_description: Option<String>,
    /// Minimum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Maximum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Minimum number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// Maximum number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// Masks the value in the console and API output.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_echo: bool,
}

impl Parameter {
    /// A parameter of `parameter_type`.
    pub fn new(parameter_type: ParameterType, description: impl Into<String>) -> Self {
        Self {
            parameter_type,
            description: description.into(),
            default: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            constraint_description: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            no_echo: false,
        }
    }

    /// A `String` parameter.
    pub fn string(description: impl Into<String>) -> Self {
        Self::new(ParameterType::String, description)
    }

    /// A `Number` parameter.
    pub fn number(description: impl Into<String>) -> Self {
        Self::new(ParameterType::Number, description)
    }

    /// Sets the default value.
    pub fn default_value(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// Restricts the value to a list.
    pub fn allowed_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// Restricts the value to a pattern, explained by `constraint` when it does not match.
    pub fn allowed_pattern(
        mut self,
        pattern: impl Into<String>,
        constraint: impl Into<String>,
    ) -> Self {
        self.allowed_pattern = Some(pattern.into());
        self.constraint_description = Some(constraint.into());
        self
    }

    /// Restricts the string length.
    pub fn length(mut self, min: u32, max: u32) -> Self {
        self.min_length = Some(min);
        self.max_length = Some(max);
        self
    }

    /// Restricts the number range.
    pub fn range(mut self, min: i64, max: i64) -> Self {
        self.min_value = Some(min);
        self.max_value = Some(max);
        self
    }
}
