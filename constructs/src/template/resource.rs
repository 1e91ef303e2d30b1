//! A resource entry in a template: its type, properties and resource attributes.

use indexmap::IndexMap;
use serde::Serialize;

use crate::logical_id::LogicalId;
use crate::value::{Value, to_value};

/// Implemented by the typed property struct of each CloudFormation resource type.
pub trait ResourceProperties: Serialize {
    /// The CloudFormation type name, e.g. `AWS::Lambda::Function`.
    const TYPE: &'static str;
}

/// What CloudFormation does with a resource's physical resource when it leaves the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeletionPolicy {
    /// Delete it (the default for most types).
    Delete,
    /// Keep it.
    Retain,
    /// Keep it unless the stack is rolled back after creating it.
    RetainExceptOnCreate,
    /// Snapshot it before deleting (types that support snapshots).
    Snapshot,
}

/// A resource in the `Resources` section.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    /// The CloudFormation type name.
    #[serde(rename = "Type")]
    pub resource_type: &'static str,
    /// A condition that decides whether the resource is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<LogicalId>,
    /// Explicit creation-order dependencies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<LogicalId>,
    /// Resource metadata (scanner suppressions with their reasons live here).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub metadata: IndexMap<String, Value>,
    /// The typed properties as a value tree (a map), intrinsics included.
    pub properties: Value,
    /// What happens to the physical resource on delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<DeletionPolicy>,
    /// What happens to the physical resource on replacement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_replace_policy: Option<DeletionPolicy>,
}

impl Resource {
    /// A resource from its typed properties.
    pub fn new<P: ResourceProperties>(properties: &P) -> Self {
        Self {
            resource_type: P::TYPE,
            condition: None,
            depends_on: Vec::new(),
            metadata: IndexMap::new(),
            // Property structs hold only strings, `Value`s, integers no wider than i64,
            // floats, booleans, lists and string-keyed maps, which `to_value` always takes.
            properties: to_value(properties)
                .unwrap_or_else(|e| unreachable!("resource properties serialize: {e}")),
            deletion_policy: None,
            update_replace_policy: None,
        }
    }

    /// Adds a creation-order dependency.
    pub fn depends_on(mut self, id: &LogicalId) -> Self {
        if !self.depends_on.contains(id) {
            self.depends_on.push(id.clone());
        }
        self
    }

    /// Sets both the deletion and the update-replace policy.
    pub fn retain_policy(mut self, policy: DeletionPolicy) -> Self {
        self.deletion_policy = Some(policy);
        self.update_replace_policy = Some(policy);
        self
    }

    /// Suppresses a checkov check on this resource, with the reason written into the
    /// template's own `Metadata` (`checkov.skip`), where reviewers and checkov both read it.
    pub fn suppress_checkov(mut self, check: &str, reason: &str) -> Self {
        let checkov = self
            .metadata
            .entry("checkov".to_owned())
            .or_insert_with(|| Value::map([("skip", Value::List(Vec::new()))]));
        if let Value::Map(checkov) = checkov {
            if let Some(Value::List(skip)) = checkov.get_mut("skip") {
                skip.push(Value::map([("id", check), ("comment", reason)]));
            }
        }
        self
    }

    /// The checkov suppressions on this resource as (check id, reason) pairs.
    pub fn checkov_suppressions(&self) -> Vec<(String, String)> {
        self.metadata
            .get("checkov")
            .and_then(|c| c.get("skip"))
            .and_then(Value::as_list)
            .map(|skips| {
                skips
                    .iter()
                    .map(|s| {
                        let field = |k: &str| {
                            s.get(k)
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned()
                        };
                        (field("id"), field("comment"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
