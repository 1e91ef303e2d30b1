//! Template outputs: values a deployed stack reports back.

use serde::Serialize;

use crate::value::Value;

/// An output in the `Outputs` section.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    /// What the value is.
    pub description: String,
    /// The value.
    pub value: Value,
    /// An export for `Fn::ImportValue` in other stacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<Export>,
}

/// An output's export name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Export {
    /// The export name, unique per account and region.
    pub name: Value,
}

impl Output {
    /// An output of `value`.
    pub fn new(description: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            description: description.into(),
            value: value.into(),
            export: None,
        }
    }

    /// Exports the value as `${AWS::StackName}-<suffix>`, unique per stack.
    pub fn export_as_stack_scoped(mut self, suffix: &str) -> Self {
        self.export = Some(Export {
            name: Value::sub(format!("${{AWS::StackName}}-{suffix}")),
        });
        self
    }
}
