//! Template rules: assertions CloudFormation evaluates before it creates or updates anything.

use serde::Serialize;

use crate::value::Value;

/// An entry of the `Rules` section: assertions (with an optional condition) that
/// CloudFormation checks before it touches any resource, failing the operation with each
/// failed assertion's description.
///
/// Assertions use the rule-specific functions (`Fn::Contains`, `Fn::EachMemberIn`,
/// `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Fn::RefAll`, `Fn::ValueOf`, …) on
/// parameters and pseudo parameters.
///
/// ```
/// use constructs::template::Rule;
/// use constructs::Value;
/// let rule = Rule::assert(
///     Value::map([("Fn::Equals", Value::list([Value::region(), Value::from("us-east-1")]))]),
///     "Deploy this stack in us-east-1",
/// );
/// assert_eq!(rule.assertions.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    /// When set, the assertions apply only when this evaluates to true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_condition: Option<Value>,
    /// What must hold.
    pub assertions: Vec<Assertion>,
}

/// One assertion of a [`Rule`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Assertion {
    /// A rule function that evaluates to true or false.
    pub assert: Value,
    /// Shown when the assertion fails.
    pub assert_description: String,
}

impl Rule {
    /// A rule with a single, unconditional assertion.
    pub fn assert(assert: Value, description: impl Into<String>) -> Self {
        Self {
            rule_condition: None,
            assertions: vec![Assertion {
                assert,
                assert_description: description.into(),
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_cloudformation_spells_it() {
        let rule = Rule::assert(Value::from(true), "always");
        assert_eq!(
            serde_json::to_string(&rule).unwrap_or_default(),
            r#"{"Assertions":[{"Assert":true,"AssertDescription":"always"}]}"#
        );
    }
}
