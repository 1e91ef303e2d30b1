//! What constructs write into while a stack synthesizes: resources, grants, key usage,
//! stack-wide claims and diagnostics.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::iam::Statement;
use crate::iam::unscoped::KEY_POLICY_REASON;
use crate::logical_id::LogicalId;
use crate::resources::iam::{InlinePolicy, Role};
use crate::resources::kms::Key;
use crate::scope::Scope;
use crate::template::{Mapping, Output, Resource, Rule, Template};
use crate::validate::Validator;
use crate::value::Value;

/// The logical id of the stack's customer-managed KMS key, when the stack creates one.
pub const STACK_KEY_ID: &str = "EncryptionKey";

/// Collects a stack's resources and problems while its constructs synthesize.
pub struct SynthContext {
    stack_name: String,
    template: Template,
    diagnostics: Diagnostics,
    owners: HashMap<LogicalId, Scope>,
    roles: IndexMap<LogicalId, RoleSlot>,
    key: KeySlot,
    claims: HashMap<(&'static str, String), Scope>,
    expected_claims: Vec<(&'static str, String, Diagnostic)>,
}

struct RoleSlot {
    role: Role,
    policy_name: String,
    grants: crate::iam::PolicyDocument,
}

enum KeySlot {
    Unused,
    Imported(Value),
    Created {
        description: String,
        statements: crate::iam::PolicyDocument,
    },
}

/// The stack's encryption key as the constructs that use it see it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRef {
    /// The key's ARN.
    pub arn: Value,
    /// True when the stack creates the key (so it can add service statements to its policy).
    pub created: bool,
}

impl SynthContext {
    pub(crate) fn new(stack_name: &str, template: Template, imported_key: Option<Value>) -> Self {
        Self {
            stack_name: stack_name.to_owned(),
            template,
            diagnostics: Diagnostics::default(),
            owners: HashMap::new(),
            roles: IndexMap::new(),
            key: imported_key.map_or(KeySlot::Unused, KeySlot::Imported),
            claims: HashMap::new(),
            expected_claims: Vec::new(),
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
        if let Some(owner) = self
            .owners
            .get(&id)
            .cloned()
            .or_else(|| self.template.contains_id(&id).then(|| Scope::root("Stack")))
        {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::DUPLICATE_LOGICAL_ID,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: scope.path(),
                property: "id".into(),
                value: Some(format!("\"{}\"", scope.id())),
                problem: format!(
                    "derives logical id {id}, which `{}` already uses",
                    owner.path()
                ),
                fix: "give the construct an id that differs in more than separators or case".into(),
            });
            return;
        }
        self.owners.insert(id.clone(), scope.clone());
        self.template.resources.insert(id, resource);
    }

    /// True when a resource with this logical id has been added.
    pub fn has_resource(&self, id: &LogicalId) -> bool {
        self.template.resources.contains_key(id)
    }

    /// Adds (or replaces) a `Mappings` table.
    pub fn add_mapping(&mut self, id: LogicalId, mapping: Mapping) {
        self.template.mappings.insert(id, mapping);
    }

    /// Adds (or replaces) a named condition.
    pub fn add_condition(&mut self, id: LogicalId, condition: Value) {
        self.template.conditions.insert(id, condition);
    }

    /// Adds (or replaces) a template rule: assertions CloudFormation checks before it creates
    /// or updates anything.
    pub fn add_rule(&mut self, id: LogicalId, rule: Rule) {
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
        self.template.outputs.insert(id, output);
    }

    /// Adds an IAM role whose inline policy named `policy_name` is filled, when synthesis
    /// ends, with every statement granted to it through [`SynthContext::grant`].
    pub fn add_role(&mut self, scope: &Scope, id: LogicalId, role: Role, policy_name: &str) {
        self.add_resource(scope, id.clone(), Resource::new(&role));
        self.roles.insert(
            id,
            RoleSlot {
                role,
                policy_name: policy_name.to_owned(),
                grants: Default::default(),
            },
        );
    }

    /// Grants `statement` to the role `role` (added with [`SynthContext::add_role`]).
    /// Identical statements are granted once.
    pub fn grant(&mut self, scope: &Scope, role: &LogicalId, statement: Statement) {
        match self.roles.get_mut(role) {
            Some(slot) => slot.grants.push(statement),
            None => self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::FOREIGN_ROLE,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: scope.path(),
                property: "grant".into(),
                value: Some(role.to_string()),
                problem: "grants to a role that is not in this stack".into(),
                fix: "wire constructs of the same stack to each other".into(),
            }),
        }
    }

    /// The stack's customer-managed encryption key. The first call creates it (logical id
    /// [`STACK_KEY_ID`], yearly rotation) unless the stack imports one.
    pub fn encryption_key(&mut self) -> KeyRef {
        match &self.key {
            KeySlot::Imported(arn) => KeyRef {
                arn: arn.clone(),
                created: false,
            },
            KeySlot::Created { .. } => Self::created_key_ref(),
            KeySlot::Unused => {
                self.key = KeySlot::Created {
                    description: format!(
                        "Encrypts the data of the {} anomaly-detection stack at rest",
                        self.stack_name
                    ),
                    statements: crate::iam::PolicyDocument::new(vec![
                        Statement::allow(["kms:*"])
                            .sid("AccountAdministersKey")
                            .aws_principal(Value::sub(
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
                            ))
                            .on_any_resource(KEY_POLICY_REASON),
                    ]),
                };
                // Reserve the key's place at the top of the resources it protects.
                let id = Self::key_id();
                self.template
                    .resources
                    .insert(id.clone(), Resource::new(&Key::default()));
                self.owners.insert(id, Scope::root("Stack"));
                Self::created_key_ref()
            }
        }
    }

    fn key_id() -> LogicalId {
        // A constant of ASCII letters only.
        LogicalId::new(STACK_KEY_ID).unwrap_or_else(|_| unreachable!("constant logical id"))
    }

    fn created_key_ref() -> KeyRef {
        KeyRef {
            arn: Value::get_att(&Self::key_id(), "Arn"),
            created: true,
        }
    }

    /// Adds a statement to the created key's policy (e.g. letting CloudWatch Logs use it).
    /// Returns false when the key is imported, so the caller can warn that its policy must
    /// already allow this.
    pub fn allow_key_use(&mut self, statement: Statement) -> bool {
        self.encryption_key();
        match &mut self.key {
            KeySlot::Created { statements, .. } => {
                statements.push(statement);
                true
            }
            _ => false,
        }
    }

    /// Lets CloudWatch Logs use the stack's key for the log groups whose ARNs match
    /// `log_group_arn` (ArnLike, so `*` wildcards work): the key-policy statement AWS documents
    /// for encrypted log groups, with the encryption-context condition that limits it to them.
    /// `sid` must be unique in the key policy. Returns false when the key is imported and its
    /// policy cannot be changed here.
    pub fn allow_logs_to_use_key(&mut self, sid: &str, log_group_arn: Value) -> bool {
        self.allow_key_use(
            Statement::allow([
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ])
            .sid(sid)
            .service_principal(Value::sub("logs.${AWS::Region}.amazonaws.com"))
            .on_any_resource(KEY_POLICY_REASON)
            .condition(
                "ArnLike",
                "kms:EncryptionContext:aws:logs:arn",
                log_group_arn,
            ),
        )
    }

    /// Claims `key` in the stack-wide namespace `kind` (e.g. a consumer group id) for the
    /// construct at `scope`. Returns the earlier claimer when there is one.
    pub fn claim(&mut self, kind: &'static str, key: &str, scope: &Scope) -> Option<Scope> {
        match self.claims.get(&(kind, key.to_owned())) {
            Some(previous) if previous != scope => Some(previous.clone()),
            Some(_) => None,
            None => {
                self.claims.insert((kind, key.to_owned()), scope.clone());
                None
            }
        }
    }

    /// Reports `diagnostic` when synthesis ends unless some construct has claimed `key` in
    /// `kind` by then (e.g. a source that no function consumes).
    pub fn expect_claim(&mut self, kind: &'static str, key: &str, diagnostic: Diagnostic) {
        self.expected_claims
            .push((kind, key.to_owned(), diagnostic));
    }

    /// Reports parameters whose logical id is also that of something the constructs added
    /// without going through [`SynthContext::add_resource`] (the stack's key, a mapping, a
    /// condition, a rule): `Ref` could not tell them apart, and CloudFormation refuses a
    /// parameter and a resource of the same name.
    fn check_parameter_ids(&mut self) {
        let template = &self.template;
        let clashes: Vec<(String, &'static str)> = template
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
                Some((id.to_string(), what))
            })
            .collect();
        for (id, what) in clashes {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::DUPLICATE_LOGICAL_ID,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: crate::stack::visible_name(&self.stack_name),
                property: "parameter".into(),
                value: Some(format!("{id:?}")),
                problem: format!(
                    "is also the logical id of {what} the constructs add, so the template would name two things {id}"
                ),
                fix: "rename the parameter".into(),
            });
        }
    }

    /// Finishes roles and the key, runs the stack-wide checks and returns the template with
    /// every diagnostic.
    pub(crate) fn finish(mut self) -> (Template, Diagnostics) {
        for (kind, key, diagnostic) in std::mem::take(&mut self.expected_claims) {
            if !self.claims.contains_key(&(kind, key)) {
                self.diagnostics.push(diagnostic);
            }
        }
        for (id, slot) in std::mem::take(&mut self.roles) {
            let mut role = slot.role;
            if !slot.grants.is_empty() {
                role.policies.push(InlinePolicy {
                    policy_name: slot.policy_name,
                    policy_document: slot.grants,
                });
            }
            if let Some(resource) = self.template.resources.get_mut(&id) {
                resource.properties = Resource::new(&role).properties;
            }
        }
        if let KeySlot::Created {
            description,
            statements,
        } = std::mem::replace(&mut self.key, KeySlot::Unused)
        {
            let key = Key {
                description: Some(description),
                enable_key_rotation: true,
                key_policy: statements,
                pending_window_in_days: None,
                tags: Vec::new(),
            };
            let mut resource = Resource::new(&key);
            resource.deletion_policy = Some(crate::template::DeletionPolicy::Retain);
            resource.update_replace_policy = Some(crate::template::DeletionPolicy::Retain);
            self.template.resources.insert(Self::key_id(), resource);
        }
        self.check_parameter_ids();
        for dangling in self.template.dangling_references() {
            self.diagnostics.push(Diagnostic {
                rule: &crate::rules::stack::DANGLING_REFERENCE,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: dangling.location,
                property: "reference".into(),
                value: Some(dangling.reference),
                problem: "points at nothing in this template".into(),
                fix: "wire only handles returned by this stack's `add`, and add every parameter the constructs use".into(),
            });
        }
        (self.template, self.diagnostics)
    }
}
