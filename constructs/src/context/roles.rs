//! IAM roles and what is granted to them while the stack synthesizes. When synthesis ends,
//! each role's grants become customer-managed policies (`AWS::IAM::ManagedPolicy`) that the
//! role attaches through `ManagedPolicyArns`.
//!
//! Why managed policies rather than inline ones: AWS Config's `iam-no-inline-policy-check`
//! (and the Guard Rules Registry's `IAM_NO_INLINE_POLICY_CHECK`, which mirrors it) flags every
//! role with an inline policy, on the deployed account as well as in the template, where a
//! template suppression cannot reach; a managed policy is also versioned by IAM (a change can
//! be rolled back) and reviewed on its own. What inline policies had for them is kept: each
//! policy belongs to one role and leaves with the stack, and because the role names the policy
//! (rather than the policy naming the role), CloudFormation creates the policy first and every
//! resource that uses the role waits for the role, so nothing runs before its permissions
//! exist. The price is size: a managed policy holds at most 6,144 characters (an inline one
//! shares 10,240 per role), so a role granted more than [`POLICY_BUDGET`] characters of
//! statements gets several policies (`<Role>Policy`, `<Role>Policy2`, …).

use indexmap::IndexMap;

use crate::iam::{PolicyDocument, Statement};
use crate::logical_id::LogicalId;
use crate::resources::iam::{ManagedPolicy, Role};
use crate::scope::Scope;
use crate::template::{Resource, Suppression};
use crate::value::Value;

/// The template characters of statements one managed policy takes before the next starts.
///
/// IAM allows 6,144 characters per managed policy, counted without white space on the policy
/// as deployed, when intrinsics have resolved. The template's text overstates what
/// `${AWS::Partition}`-style variables resolve to and understates references (a 20-character
/// `{"Ref":"ClusterArn"}` becomes an ARN of up to about 120), so 4,096 leaves 2,048
/// characters for about twenty references to grow. The largest role of the examples holds
/// about 3,400 (one policy each).
pub const POLICY_BUDGET: usize = 4096;

/// A role and what has been granted to it.
struct RoleSlot {
    scope: Scope,
    role: Role,
    policy_name: String,
    grants: PolicyDocument,
}

/// A role ready for the template: the role (attaching its policies) and its policies, each
/// with its logical id, to be added for the construct at `scope`.
pub(super) struct FinishedRole {
    pub(super) scope: Scope,
    pub(super) id: LogicalId,
    pub(super) role: Resource,
    pub(super) policies: Vec<(LogicalId, Resource)>,
}

/// The stack's roles, by logical id.
#[derive(Default)]
pub(super) struct Roles {
    slots: IndexMap<LogicalId, RoleSlot>,
}

/// The logical id of the `n`th (from 1) managed policy of `role`: `<Role>Policy`, then
/// `<Role>Policy2`, ….
pub fn policy_id(role: &LogicalId, n: usize) -> LogicalId {
    match n {
        0 | 1 => role.with_suffix("Policy"),
        n => role.with_suffix(&format!("Policy{n}")),
    }
}

impl Roles {
    /// Adds `role` (for the construct at `scope`), whose grants go into managed policies
    /// described by `policy_name`.
    pub(super) fn add(&mut self, scope: &Scope, id: LogicalId, role: Role, policy_name: &str) {
        self.slots.insert(
            id,
            RoleSlot {
                scope: scope.clone(),
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

    /// Each role with its managed policies: the grants in the order given, split where a
    /// policy would pass [`POLICY_BUDGET`]; a policy that grants on `*` carries the
    /// suppression that says which actions and why.
    pub(super) fn finish(self) -> Vec<FinishedRole> {
        self.slots
            .into_iter()
            .map(|(id, slot)| {
                let chunks = split(slot.grants.statements);
                let policies: Vec<(LogicalId, Resource)> = chunks
                    .into_iter()
                    .enumerate()
                    .map(|(i, statements)| {
                        // The policy's name is generated; its description, create-only, is the
                        // name the role's constructs give its grants. The first one's never
                        // mentions the others, so growing a second policy replaces no policy.
                        let description = match i {
                            0 => slot.policy_name.clone(),
                            i => format!("{}, part {}", slot.policy_name, i + 1),
                        };
                        let policy = policy(description, statements);
                        (policy_id(&id, i + 1), policy)
                    })
                    .collect();
                let mut role = slot.role;
                role.managed_policy_arns
                    .extend(policies.iter().map(|(policy, _)| Value::reference(policy)));
                FinishedRole {
                    scope: slot.scope,
                    role: Resource::new(&role),
                    id,
                    policies,
                }
            })
            .collect()
    }
}

/// A managed policy resource holding `statements`, with the wildcard suppression when one of
/// them names `*`.
fn policy(description: String, statements: Vec<Statement>) -> Resource {
    let mut unscoped: Vec<String> = Vec::new();
    for statement in statements.iter().filter(|s| s.unscoped_reason.is_some()) {
        for action in &statement.actions {
            if !unscoped.contains(action) {
                unscoped.push(action.clone());
            }
        }
    }
    let resource = Resource::new(&ManagedPolicy {
        description,
        policy_document: PolicyDocument::new(statements),
    });
    if unscoped.is_empty() {
        resource
    } else {
        resource.suppress(&Suppression::UnscopableActions { actions: unscoped })
    }
}

/// `statements` in order, split into runs of at most [`POLICY_BUDGET`] template characters
/// (a single larger statement is a run of its own); none when there are none.
fn split(statements: Vec<Statement>) -> Vec<Vec<Statement>> {
    let mut chunks: Vec<Vec<Statement>> = Vec::new();
    let mut size = 0;
    for statement in statements {
        // Statements hold strings and `Value`s, which always serialize.
        let len = serde_json::to_string(&statement).map_or(0, |text| text.len());
        match chunks.last_mut() {
            Some(chunk) if size + len <= POLICY_BUDGET => {
                chunk.push(statement);
                size += len;
            }
            _ => {
                chunks.push(vec![statement]);
                size = len;
            }
        }
    }
    chunks
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn statement(n: usize) -> Statement {
        Statement::allow(["s3:GetObject"])
            .sid(format!("Read{n}"))
            .on(Value::from(format!(
                "arn:aws:s3:::bucket-{n:04}/{}",
                "k".repeat(300)
            )))
    }

    #[test]
    fn grants_fill_one_policy_then_the_next_in_order() {
        let one = serde_json::to_string(&statement(0)).unwrap().len();
        let per_policy = POLICY_BUDGET / one;
        let total = per_policy * 2 + 1;
        let chunks = split((0..total).map(statement).collect());
        assert_eq!(
            chunks.iter().map(Vec::len).collect::<Vec<_>>(),
            [per_policy, per_policy, 1]
        );
        assert_eq!(chunks[1][0], statement(per_policy));
        assert!(split(Vec::new()).is_empty());
    }

    #[test]
    fn policy_ids_follow_the_role() {
        let role = LogicalId::new("DetectorRole").unwrap();
        assert_eq!(policy_id(&role, 1).as_str(), "DetectorRolePolicy");
        assert_eq!(policy_id(&role, 3).as_str(), "DetectorRolePolicy3");
    }

    #[test]
    fn only_a_policy_granting_on_any_resource_is_suppressed() {
        let scoped = policy("d".into(), vec![statement(1)]);
        assert!(scoped.metadata.is_empty());
        let traces = Statement::allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"])
            .on_any_resource(crate::iam::unscoped::XRAY_REASON);
        let unscoped = policy("d".into(), vec![statement(1), traces]);
        let guard = unscoped.suppressions(crate::template::Scanner::Guard);
        assert_eq!(guard.len(), 1);
        assert_eq!(guard[0].0, "IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE");
        assert!(
            guard[0].1.contains("X-Ray's PutTraceSegments"),
            "{}",
            guard[0].1
        );
    }
}
