//! The comparison: what deploying the new template over the deployed one does to each
//! resource (`add`, `remove`, `update` in place, `replace`), with the properties that change,
//! why, and what else changes (parameters, mappings, conditions, rules, outputs, …).
//!
//! A resource is replaced when a create-only property changes (the schema table), when one of
//! the [exceptions](super::exceptions) says so, or when a property that refers to a replaced
//! resource is create-only: a replacement has a new physical id, so every `Ref`/`Fn::GetAtt`
//! of it changes at deploy time, which this follows to a fixed point, as CloudFormation does.

use serde_json::{Map, Value as Json};

use super::changes::{Action, Plan, ResourceChange};
use super::conflict;
use super::follow::follow_replacements;
use super::meaning;
use super::owners::Owners;
use super::references;
use super::resource::{compare, properties, type_of};
use super::sections::{section_entries, top_level_entries};

/// Compares the deployed template `old` with the template synth makes now, `new` (both
/// checked to be objects with a `Resources` map).
pub fn plan(old: &Json, new: &Json, owners: &dyn Owners) -> Plan {
    let resources = |t: &'_ Json| -> Map<String, Json> {
        t.get("Resources")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (old_resources, new_resources) = (resources(old), resources(new));
    let mut changes: Vec<ResourceChange> = Vec::new();
    for (id, resource) in &new_resources {
        let change = match old_resources.get(id) {
            None => Some(ResourceChange::bare(id, type_of(resource), Action::Add)),
            Some(deployed) => compare(id, deployed, resource),
        };
        changes.extend(change);
    }
    for (id, resource) in old_resources
        .iter()
        .filter(|(id, _)| !new_resources.contains_key(*id))
    {
        changes.push(ResourceChange::bare(id, type_of(resource), Action::Remove));
    }

    let replaced = follow_replacements(&mut changes, &old_resources, &new_resources);
    let refers_to_replaced = |value: &Json| {
        let mut found = Vec::new();
        references::targets(value, &mut found);
        found.iter().any(|t| replaced.contains(t))
    };
    for change in &mut changes {
        let old = old_resources.get(&change.id);
        let new = new_resources.get(&change.id);
        if change.action == Action::Replace
            && change.resource_type == "AWS::Lambda::EventSourceMapping"
        {
            if let (Some(old), Some(new)) = (old, new) {
                change.blocked =
                    conflict::blocked(properties(old), properties(new), &refers_to_replaced);
            }
        }
        change.owner = owners.owner(&change.id);
        // A change CloudFormation refuses rolls the deploy back: it means nothing yet.
        if !change.fails {
            change.meaning = meaning::meaning(change, old, new);
        }
    }
    conflict::renamed_mappings(
        &mut changes,
        &old_resources,
        &new_resources,
        &refers_to_replaced,
    );

    let mut entries = section_entries(old, new, &replaced);
    entries.extend(top_level_entries(old, new));
    Plan {
        resources: changes,
        entries,
    }
}
