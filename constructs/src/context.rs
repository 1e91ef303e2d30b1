//! What constructs write into while a stack synthesizes: the template's entries and who
//! added each (the construct tree), grants to roles, uses of the stack's key, stack-wide
//! claims and diagnostics. Each of those lives in its own module; this one assembles them.

mod checks;
mod claims;
mod roles;

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::encryption_key::{KeyRef, StackKey};
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::resources::iam::Role;
use crate::scope::Scope;
use crate::template::{Mapping, Output, Resource, ResourceProperties, Rule, Template};
use crate::tree::{ConstructTree, Owner, Section};
use crate::validate::Validator;
use crate::value::Value;

use claims::Claims;
pub use claims::{PoolCheck, PoolMember};
use roles::Roles;
pub use roles::{POLICY_BUDGET, policy_id};

/// Collects a stack's resources and problems while its constructs synthesize.
pub struct SynthContext {
    stack_name: String,
    template: Template,
    diagnostics: Diagnostics,
    tree: ConstructTree,
    roles: Roles,
    key: StackKey,
    claims: Claims,
    /// Resources refused by [`add_resource`](Self::add_resource) because their logical id
    /// was taken: references to them are not reported again as dangling.
    refused: HashSet<LogicalId>,
}

impl SynthContext {
    /// A context for the stack `stack_name`, starting from `template` (the stack's own
    /// parameters and outputs, which the stack node of `tree` owns).
    pub(crate) fn new(
        stack_name: &str,
        template: Template,
        imported_key: Option<Value>,
        mut tree: ConstructTree,
    ) -> Self {
        for id in template.parameters.keys() {
            tree.record(Owner::Stack, Section::Parameter, id);
        }
        for id in template.outputs.keys() {
            tree.record(Owner::Stack, Section::Output, id);
        }
        Self {
            stack_name: stack_name.to_owned(),
            template,
            diagnostics: Diagnostics::default(),
            tree,
            roles: Roles::default(),
            key: StackKey::new(imported_key),
            claims: Claims::default(),
            refused: HashSet::new(),
        }
    }

    /// The stack's name as given to [`Stack::new`](crate::Stack::new).
    pub fn stack_name(&self) -> &str {
        &self.stack_name
    }

    /// A validator that records problems for the construct of `kind` at `scope`.
    pub fn validator(&mut self, kind: &'static str, scope: &Scope) -> Validator<'_> {
        Validator::new(&mut self.diagnostics, kind, scope)
    }

    /// Records a diagnostic built elsewhere.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds a resource owned by the construct at `scope`. A logical id that is already taken
    /// (two construct ids that differ only in separators, say) is reported, not overwritten.
    pub fn add_resource(&mut self, scope: &Scope, id: LogicalId, resource: Resource) {
        let taken_by = match self.tree.owner_in(Section::Resource, &id) {
            Some(node) if !node.is_stack() => Some(node.path().to_owned()),
            _ => self.template.contains_id(&id).then(|| "Stack".to_owned()),
        };
        if let Some(owner) = taken_by {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::DUPLICATE_LOGICAL_ID,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: scope.path(),
                property: "id".into(),
                value: Some(format!("\"{}\"", scope.id())),
                problem: format!("derives logical id {id}, which `{owner}` already uses"),
                fix: "give the construct an id that differs in more than separators or case".into(),
            });
            self.refused.insert(id);
            return;
        }
        self.tree.record(scope.into(), Section::Resource, &id);
        self.template.resources.insert(id, resource);
    }

    /// True when a resource with this logical id has been added.
    pub fn has_resource(&self, id: &LogicalId) -> bool {
        self.template.resources.contains_key(id)
    }

    /// Adds (or replaces) a `Mappings` table, owned by `owner` (the first owner keeps it: a
    /// table several constructs share is added by each under [`Owner::Stack`]).
    pub fn add_mapping<'a>(
        &mut self,
        owner: impl Into<Owner<'a>>,
        id: LogicalId,
        mapping: Mapping,
    ) {
        self.tree.record(owner.into(), Section::Mapping, &id);
        self.template.mappings.insert(id, mapping);
    }

    /// Adds (or replaces) a named condition, owned by `owner`.
    pub fn add_condition<'a>(
        &mut self,
        owner: impl Into<Owner<'a>>,
        id: LogicalId,
        condition: Value,
    ) {
        self.tree.record(owner.into(), Section::Condition, &id);
        self.template.conditions.insert(id, condition);
    }

    /// Adds (or replaces) a template rule, owned by `owner`: assertions CloudFormation checks
    /// before it creates or updates anything.
    pub fn add_rule<'a>(&mut self, owner: impl Into<Owner<'a>>, id: LogicalId, rule: Rule) {
        self.tree.record(owner.into(), Section::Rule, &id);
        self.template.rules.insert(id, rule);
    }

    /// The type of the parameter `value` refers to, when it is a `Ref` to a parameter.
    pub fn parameter_type(&self, value: &Value) -> Option<crate::template::ParameterType> {
        let Value::Intrinsic(intrinsic) = value else {
            return None;
        };
        let crate::intrinsic::Intrinsic::Ref(name) = intrinsic.as_ref() else {
            return None;
        };
        let id = LogicalId::new(name.as_str()).ok()?;
        self.template.parameters.get(&id).map(|p| p.parameter_type)
    }

    /// Adds an output; an id already used is reported.
    pub fn add_output(&mut self, scope: &Scope, id: LogicalId, output: Output) {
        if self.template.outputs.contains_key(&id) {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::DUPLICATE_LOGICAL_ID,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: scope.path(),
                property: "output".into(),
                value: Some(format!("{:?}", id.as_str())),
                problem: format!(
                    "is the id of an output `{}` adds, and the stack already has an output of this id",
                    scope.path()
                ),
                fix: "rename the stack's own output (construct outputs take their ids from the construct's id)".into(),
            });
            return;
        }
        self.tree.record(scope.into(), Section::Output, &id);
        self.template.outputs.insert(id, output);
    }

    /// Adds an IAM role. When synthesis ends, every statement granted to it through
    /// [`SynthContext::grant`] goes into customer-managed policies the role attaches
    /// (`<id>Policy`, described by `policy_name`; see [`policy_id`] and [`POLICY_BUDGET`]).
    pub fn add_role(&mut self, scope: &Scope, id: LogicalId, role: Role, policy_name: &str) {
        self.add_resource(scope, id.clone(), Resource::new(&role));
        self.roles.add(scope, id, role, policy_name);
    }

    /// Grants `statement` to the role `role` (added with [`SynthContext::add_role`]).
    /// Identical statements are granted once.
    pub fn grant(&mut self, scope: &Scope, role: &LogicalId, statement: Statement) {
        if !self.roles.grant(role, statement) {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::FOREIGN_ROLE,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: scope.path(),
                property: "grant".into(),
                value: Some(role.to_string()),
                problem: "grants to a role that is not in this stack".into(),
                fix: "wire constructs of the same stack to each other".into(),
            });
        }
    }

    /// The stack's customer-managed encryption key. The first call creates it (logical id
    /// [`STACK_KEY_ID`](crate::encryption_key::STACK_KEY_ID), yearly rotation) unless the
    /// stack imports one.
    pub fn encryption_key(&mut self) -> KeyRef {
        let used = self.key.use_key(&self.stack_name);
        if let Some(placeholder) = used.reserve {
            // Reserve the key's place at the top of the resources it protects.
            let id = StackKey::id();
            self.tree.record(Owner::Stack, Section::Resource, &id);
            self.template.resources.insert(id, placeholder);
        }
        used.key
    }

    /// Adds a statement to the created key's policy (e.g. letting CloudWatch Logs use it).
    /// Returns false when the key is imported, so the caller can warn that its policy must
    /// already allow this.
    pub fn allow_key_use(&mut self, statement: Statement) -> bool {
        self.encryption_key();
        self.key.allow(statement)
    }

    /// Lets CloudWatch Logs use the stack's key for the log groups whose ARNs match
    /// `log_group_arn` (ArnLike, so `*` wildcards work): the key-policy statement AWS documents
    /// for encrypted log groups, with the encryption-context condition that limits it to them.
    /// `sid` must be unique in the key policy. Returns false when the key is imported and its
    /// policy cannot be changed here.
    pub fn allow_logs_to_use_key(&mut self, sid: &str, log_group_arn: Value) -> bool {
        self.allow_key_use(StackKey::logs_statement(sid, log_group_arn))
    }

    /// Claims `key` in the stack-wide namespace `kind` (e.g. a consumer group id) for the
    /// construct at `scope`. Returns the earlier claimer when there is one.
    pub fn claim(&mut self, kind: &'static str, key: &str, scope: &Scope) -> Option<Scope> {
        self.claims.claim(kind, key, scope)
    }

    /// Reports `diagnostic` when synthesis ends unless some construct has claimed `key` in
    /// `kind` by then (e.g. a source that no function consumes).
    pub fn expect_claim(&mut self, kind: &'static str, key: &str, diagnostic: Diagnostic) {
        self.claims.expect(kind, key, diagnostic);
    }

    /// Adds the construct `member.scope` to the stack-wide pool `key` of `kind` (e.g. a poller
    /// group); when synthesis ends, `check` sees every member of each pool.
    pub fn join_pool(
        &mut self,
        kind: &'static str,
        key: &str,
        member: PoolMember,
        check: PoolCheck,
    ) {
        self.claims.join(kind, key, member, check);
    }

    /// Finishes roles and the key, runs the stack-wide checks and returns the template, every
    /// diagnostic and the construct tree.
    pub(crate) fn finish(mut self) -> (Template, Diagnostics, ConstructTree) {
        for diagnostic in self.claims.pool_problems() {
            self.diagnostics.push(diagnostic);
        }
        for diagnostic in std::mem::take(&mut self.claims).unmet() {
            self.diagnostics.push(diagnostic);
        }
        for finished in std::mem::take(&mut self.roles).finish() {
            let at = self.template.resources.get_index_of(&finished.id);
            let Some(at) = at.filter(|at| self.template.resources[*at].resource_type == Role::TYPE)
            else {
                continue; // another construct took the role's id, which add_role reported
            };
            self.template.resources[at].properties = finished.role.properties;
            // Each policy goes right after its role (and the policies before it), where a
            // reader of the template looks for the role's permissions.
            // A policy whose id another resource took is refused (add_resource reports it):
            // only those added move, so the other resource stays where it is.
            let mut placed = 0;
            for (id, policy) in finished.policies {
                let before = self.template.resources.len();
                self.add_resource(&finished.scope, id, policy);
                let len = self.template.resources.len();
                if len > before {
                    // The new policy is last, and the role plus the policies placed before
                    // it come earlier, so `at + 1 + placed <= len - 1`.
                    self.template.resources.move_index(len - 1, at + 1 + placed);
                    placed += 1;
                }
            }
        }
        if let Some(key) = self.key.finish() {
            self.template.resources.insert(StackKey::id(), key);
        }
        for diagnostic in checks::parameter_ids(&self.template, &self.stack_name)
            .into_iter()
            .chain(checks::dangling_references(&self.template, &self.refused))
        {
            self.diagnostics.push(diagnostic);
        }
        (self.template, self.diagnostics, self.tree)
    }
}
