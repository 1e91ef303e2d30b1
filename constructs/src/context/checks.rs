//! The stack-wide pass when synthesis ends: checks on the whole template that no single
//! construct can make.

use std::collections::HashSet;

use crate::LogicalId;
use crate::diagnostic::{Diagnostic, Severity};
use crate::scope::visible_name;
use crate::template::Template;

/// Parameters whose logical id is also that of something the constructs added without going
/// through [`SynthContext::add_resource`](super::SynthContext::add_resource) (the stack's
/// key, a mapping, a condition, a rule): `Ref` could not tell them apart, and CloudFormation
/// refuses a parameter and a resource of the same name.
pub(super) fn parameter_ids(template: &Template, stack_name: &str) -> Vec<Diagnostic> {
    template
        .parameters
        .keys()
        .filter_map(|id| {
            let what = if template.resources.contains_key(id) {
                "a resource"
            } else if template.mappings.contains_key(id) {
                "a mapping"
            } else if template.conditions.contains_key(id) {
                "a condition"
            } else if template.rules.contains_key(id) {
                "a rule"
            } else {
                return None;
            };
            Some(Diagnostic {
                rule: &crate::rules::stack::DUPLICATE_LOGICAL_ID,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: visible_name(stack_name),
                property: "parameter".into(),
                value: Some(format!("{:?}", id.as_str())),
                problem: format!(
                    "is also the logical id of {what} the constructs add, so the template would name two things {id}"
                ),
                fix: "rename the parameter".into(),
            })
        })
        .collect()
}

/// References to nothing in the template, except those to a resource refused for a logical
/// id already taken: that refusal is the one problem to report.
pub(super) fn dangling_references(
    template: &Template,
    refused: &HashSet<LogicalId>,
) -> Vec<Diagnostic> {
    template
        .dangling_references()
        .into_iter()
        .filter(|dangling| !refused.iter().any(|id| id.as_str() == dangling.target))
        .map(|dangling| Diagnostic {
            rule: &crate::rules::stack::DANGLING_REFERENCE,
            severity: Severity::Error,
            construct: "Stack".into(),
            path: dangling.location,
            property: "reference".into(),
            value: Some(dangling.reference),
            problem: "points at nothing in this template".into(),
            fix: "wire only handles returned by this stack's `add`, and add every parameter the constructs use".into(),
        })
        .collect()
}
