//! IAM roles whose inline policy collects every statement granted to them while the stack
//! synthesizes, written into the role when synthesis ends.

use indexmap::IndexMap;

use crate::iam::{PolicyDocument, Statement};
use crate::logical_id::LogicalId;
use crate::resources::iam::{InlinePolicy, Role};
use crate::template::{Resource, Template};

/// A role and what has been granted to it.
struct RoleSlot {
    role: Role,
    policy_name: String,
    grants: PolicyDocument,
}

/// The stack's roles, by logical id.
#[derive(Default)]
pub(super) struct Roles {
    slots: IndexMap<LogicalId, RoleSlot>,
}

impl Roles {
    /// Adds `role`, whose grants go into its inline policy `policy_name`.
    pub(super) fn add(&mut self, id: LogicalId, role: Role, policy_name: &str) {
        self.slots.insert(
            id,
            RoleSlot {
                role,
                policy_name: policy_name.to_owned(),
                grants: PolicyDocument::default(),
            },
        );
    }

    /// Grants `statement` to `role` (identical statements once); false when the stack has no
    /// such role.
    pub(super) fn grant(&mut self, role: &LogicalId, statement: Statement) -> bool {
        match self.slots.get_mut(role) {
            Some(slot) => {
                slot.grants.push(statement);
                true
            }
            None => false,
        }
    }

    /// Writes each role, with its inline policy when anything was granted, into `template`.
    pub(super) fn finish(self, template: &mut Template) {
        for (id, slot) in self.slots {
            let mut role = slot.role;
            if !slot.grants.is_empty() {
                role.policies.push(InlinePolicy {
                    policy_name: slot.policy_name,
                    policy_document: slot.grants,
                });
            }
            if let Some(resource) = template.resources.get_mut(&id) {
                resource.properties = Resource::new(&role).properties;
            }
        }
    }
}
