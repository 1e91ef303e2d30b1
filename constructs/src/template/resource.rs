//! A resource entry in a template: its type, properties and resource attributes.

use indexmap::IndexMap;
use serde::Serialize;

use super::suppression::{Scanner, Suppression};
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

    /// Suppresses the findings `suppression` waives on this resource, each with its reason,
    /// written into the template's own `Metadata` where reviewers and the scanners read them:
    /// `checkov.skip` (`{id, comment}`) for checkov, and `guard.SuppressedRules` with
    /// `guard.Reasons` for the Guard Rules Registry. [`Suppression`] is the one place that
    /// holds the checks and reasons.
    pub fn suppress(mut self, suppression: &Suppression) -> Self {
        let reason = suppression.reason();
        let mut checkov = self.suppressions(Scanner::Checkov);
        let mut guard = self.suppressions(Scanner::Guard);
        for check in suppression.checks() {
            let list = match check.scanner {
                Scanner::Checkov => &mut checkov,
                Scanner::Guard => &mut guard,
            };
            list.retain(|(id, _)| id != check.id);
            list.push((check.id.to_owned(), reason.clone()));
        }
        if !checkov.is_empty() {
            let skip = checkov
                .iter()
                .map(|(id, comment)| Value::map([("id", id.as_str()), ("comment", comment)]));
            self.metadata.insert(
                "checkov".to_owned(),
                Value::map([("skip", Value::list(skip))]),
            );
        }
        if !guard.is_empty() {
            let rules = Value::list(guard.iter().map(|(id, _)| id.as_str()));
            let reasons = Value::map(guard.iter().map(|(id, r)| (id.as_str(), r.as_str())));
            self.metadata.insert(
                "guard".to_owned(),
                Value::map([("SuppressedRules", rules), ("Reasons", reasons)]),
            );
        }
        self
    }

    /// The suppressions of `scanner` on this resource, as (check id, reason) pairs in the
    /// order they were written.
    pub fn suppressions(&self, scanner: Scanner) -> Vec<(String, String)> {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
        match scanner {
            Scanner::Checkov => self
                .metadata
                .get("checkov")
                .and_then(|c| c.get("skip"))
                .and_then(Value::as_list)
                .unwrap_or_default()
                .iter()
                .map(|s| (text(s.get("id")), text(s.get("comment"))))
                .collect(),
            Scanner::Guard => {
                let guard = self.metadata.get("guard");
                let reasons = guard.and_then(|g| g.get("Reasons"));
                guard
                    .and_then(|g| g.get("SuppressedRules"))
                    .and_then(Value::as_list)
                    .unwrap_or_default()
                    .iter()
                    .map(|rule| {
                        let id = text(Some(rule));
                        let reason = text(reasons.and_then(|r| r.get(&id)));
                        (id, reason)
                    })
                    .collect()
            }
        }
    }
}
