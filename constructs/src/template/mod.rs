//! The CloudFormation template: sections in a fixed order, rendered as JSON or YAML.

mod check;
mod json;
mod output;
mod parameter;
mod parameter_check;
mod resource;
mod rule;
pub mod suppression;

use indexmap::IndexMap;
use serde::Serialize;

pub use check::Dangling;
pub use output::{Export, Output};
pub use parameter::{Parameter, ParameterType};
pub use resource::{DeletionPolicy, Resource, ResourceProperties};
pub use rule::{Assertion, Rule};
pub use suppression::{Check, Scanner, Suppression};

use crate::logical_id::LogicalId;
use crate::value::Value;

/// The only template format version CloudFormation has.
pub const FORMAT_VERSION: &str = "2010-09-09";

/// Rows of a `Mappings` entry: top-level key → second-level key → value.
pub type Mapping = IndexMap<String, IndexMap<String, Value>>;

/// A CloudFormation template. Sections serialize in a fixed order (format version,
/// description, metadata, parameters, mappings, conditions, rules, resources, outputs); entries keep
/// the order they were added in, so the same stack always renders the same bytes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    /// Always `2010-09-09`.
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    /// What the stack is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Template metadata (e.g. `AWS::CloudFormation::Interface` parameter groups).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub metadata: IndexMap<String, serde_json::Value>,
    /// Deploy-time inputs.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<LogicalId, Parameter>,
    /// Static lookup tables.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub mappings: IndexMap<LogicalId, Mapping>,
    /// Named conditions.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub conditions: IndexMap<LogicalId, Value>,
    /// Assertions CloudFormation checks before creating or updating anything.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub rules: IndexMap<LogicalId, Rule>,
    /// The resources.
    pub resources: IndexMap<LogicalId, Resource>,
    /// Values reported by the deployed stack.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub outputs: IndexMap<LogicalId, Output>,
}

impl Default for Template {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            description: None,
            metadata: IndexMap::new(),
            parameters: IndexMap::new(),
            mappings: IndexMap::new(),
            conditions: IndexMap::new(),
            rules: IndexMap::new(),
            resources: IndexMap::new(),
            outputs: IndexMap::new(),
        }
    }
}

impl Template {
    /// The template as a JSON value (maps keep their order).
    pub fn to_value(&self) -> serde_json::Value {
        // Every part of a template is a string-keyed map, list, string, number or boolean,
        // which serde_json always serializes.
        serde_json::to_value(self).unwrap_or_else(|e| unreachable!("templates serialize: {e}"))
    }

    /// Pretty JSON with two-space indentation and a trailing newline. Characters that YAML
    /// parsers refuse or fold (DEL, C1 controls, U+2028, …) are written as `\uXXXX` escapes,
    /// so tools that read JSON templates as YAML see the same text.
    pub fn to_json(&self) -> String {
        let mut out = json::to_string(self);
        out.push('\n');
        out
    }

    /// YAML (intrinsics in long form, which CloudFormation's YAML parser accepts).
    pub fn to_yaml(&self) -> String {
        // The YAML serializer fails only on values YAML cannot represent (non-string map keys);
        // a template has none.
        serde_saphyr::to_string(&self.to_value())
            .unwrap_or_else(|e| unreachable!("templates serialize to YAML: {e}"))
    }

    /// True when `id` names a parameter, resource, mapping, condition or output.
    pub fn contains_id(&self, id: &LogicalId) -> bool {
        self.parameters.contains_key(id)
            || self.resources.contains_key(id)
            || self.mappings.contains_key(id)
            || self.conditions.contains_key(id)
            || self.outputs.contains_key(id)
    }
}
