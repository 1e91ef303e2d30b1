//! The stack: owns constructs, parameters and outputs, and synthesizes them into a template.

use indexmap::IndexMap;

use crate::construct::{Construct, Entry, Handle};
use crate::context::SynthContext;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SynthErrors};
use crate::logical_id::LogicalId;
use crate::rules::{Rule, stack as rules};
use crate::scope::{Scope, check_construct_id, visible_name};
use crate::template::{Output, Parameter, Template};
use crate::tree::ConstructTree;
use crate::value::Value;

/// A CloudFormation stack under construction.
///
/// ```
/// use constructs::{Parameter, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let topic = stack.add_parameter("Topic", Parameter::string("Kafka topic to read"));
/// let synthesized = stack.synth().expect("an empty stack is valid");
/// assert!(synthesized.template.to_json().contains("\"Topic\""));
/// # let _ = topic;
/// ```
pub struct Stack {
    name: String,
    description: Option<String>,
    parameters: IndexMap<LogicalId, Parameter>,
    outputs: IndexMap<LogicalId, Output>,
    metadata: IndexMap<String, serde_json::Value>,
    imported_key: Option<Value>,
    entries: Vec<Entry>,
    diagnostics: Diagnostics,
}

/// A synthesized template, the warnings found on the way, and the construct tree that says
/// which construct emitted what.
#[derive(Debug, Clone)]
pub struct Synthesized {
    /// The template.
    pub template: Template,
    /// Problems the stack cannot rule out by itself; printed, but not fatal.
    pub warnings: Vec<Diagnostic>,
    /// The construct tree: each construct's path, kind and the logical ids it emitted (see
    /// [`ConstructTree`]).
    pub tree: ConstructTree,
}

impl Synthesized {
    /// The stack's constructs in the order they were added, each with the logical ids it
    /// emitted (the stack's own entries are on [`ConstructTree::stack`]).
    pub fn constructs(&self) -> impl Iterator<Item = &crate::tree::ConstructNode> {
        self.tree.constructs()
    }

    /// The construct (or the stack node) that emitted the resource, or the other template
    /// entry, with this logical id.
    pub fn owner_of(&self, id: &LogicalId) -> Option<&crate::tree::ConstructNode> {
        self.tree.owner_of(id)
    }
}

impl Stack {
    /// A stack named `name`: 1 to 128 characters, ASCII letters, digits and `-`, starting
    /// with a letter (CloudFormation's rule for stack names). The name is used in
    /// descriptions and in the deploy commands `synth` prints.
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let mut diagnostics = Diagnostics::default();
        let valid = !name.is_empty()
            && name.len() <= 128
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            diagnostics.push(Diagnostic {
                rule: &rules::STACK_NAME,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: visible_name(&name),
                property: "name".into(),
                value: Some(format!("{name:?}")),
                problem: "is not a CloudFormation stack name".into(),
                fix: "use 1 to 128 ASCII letters, digits and `-`, starting with a letter".into(),
            });
        }
        Self {
            name,
            description: None,
            parameters: IndexMap::new(),
            outputs: IndexMap::new(),
            metadata: IndexMap::new(),
            imported_key: None,
            entries: Vec::new(),
            diagnostics,
        }
    }

    /// The stack's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sets the template description (at most 1024 bytes).
    pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
        self.description = Some(description.into());
        self
    }

    /// Encrypts with an existing customer-managed KMS key instead of creating one. Its key
    /// policy must already let the services the stack uses (CloudWatch Logs, say) use it.
    pub fn encryption_key_arn(&mut self, arn: impl Into<Value>) -> &mut Self {
        self.imported_key = Some(arn.into());
        self
    }

    /// Adds template metadata under `key`.
    pub fn metadata(&mut self, key: impl Into<String>, value: serde_json::Value) -> &mut Self {
        self.metadata.insert(key.into(), value);
        self
    }

    /// Adds a deploy-time parameter and returns a `Ref` to it.
    pub fn add_parameter(&mut self, id: &str, parameter: Parameter) -> Value {
        match LogicalId::new(id) {
            Ok(logical_id) if self.parameters.contains_key(&logical_id) => {
                self.stack_error(
                    &rules::DUPLICATE_LOGICAL_ID,
                    "parameter",
                    id,
                    "is already a parameter of this stack",
                    "give each parameter its own id",
                );
            }
            Ok(logical_id) => {
                self.parameters.insert(logical_id, parameter);
            }
            Err(e) => self.stack_error(
                &rules::LOGICAL_ID,
                "parameter",
                id,
                &e.to_string(),
                "use 1 to 255 ASCII letters and digits",
            ),
        }
        crate::intrinsic::Intrinsic::Ref(id.to_owned()).into()
    }

    /// Adds an output.
    pub fn add_output(&mut self, id: &str, output: Output) -> &mut Self {
        match LogicalId::new(id) {
            Ok(logical_id) if self.outputs.contains_key(&logical_id) => {
                self.stack_error(
                    &rules::DUPLICATE_LOGICAL_ID,
                    "output",
                    id,
                    "is already an output of this stack",
                    "give each output its own id",
                );
            }
            Ok(logical_id) => {
                self.outputs.insert(logical_id, output);
            }
            Err(e) => self.stack_error(
                &rules::LOGICAL_ID,
                "output",
                id,
                &e.to_string(),
                "use 1 to 255 ASCII letters and digits",
            ),
        }
        self
    }

    fn stack_error(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &str,
        problem: &str,
        fix: &str,
    ) {
        self.diagnostics.push(Diagnostic {
            rule,
            severity: Severity::Error,
            construct: "Stack".into(),
            path: visible_name(&self.name),
            property: property.into(),
            value: Some(format!("{value:?}")),
            problem: problem.into(),
            fix: fix.into(),
        });
    }

    /// Adds a construct under `id` and returns its handle, through which other constructs
    /// are wired to it. Ids are 1 to 64 ASCII letters, digits, `-` and `_`, unique in the
    /// stack; logical ids derive from them, so renaming one replaces its resources.
    pub fn add<C: Construct>(&mut self, id: &str, construct: C) -> Handle<C> {
        // An id without a visible character still names the construct in messages (and its
        // scope), so every problem of the construct says which one it is about.
        let path = visible_name(id);
        if let Err(problem) = check_construct_id(id) {
            self.diagnostics.push(Diagnostic {
                rule: &rules::CONSTRUCT_ID,
                severity: Severity::Error,
                construct: construct.kind().into(),
                path: path.clone(),
                property: "id".into(),
                value: Some(format!("{id:?}")),
                problem,
                fix: "use 1 to 64 ASCII letters, digits, `-` and `_`, starting with a letter"
                    .into(),
            });
        } else if self.entries.iter().any(|e| e.scope.id() == id) {
            self.diagnostics.push(Diagnostic {
                rule: &rules::DUPLICATE_CONSTRUCT_ID,
                severity: Severity::Error,
                construct: construct.kind().into(),
                path: path.clone(),
                property: "id".into(),
                value: Some(format!("{id:?}")),
                problem: "another construct in this stack already has this id".into(),
                fix: "give each construct its own id".into(),
            });
        }
        let handle = Handle::new(Scope::root(path), construct);
        self.entries.push(handle.entry());
        handle
    }

    /// Synthesizes every construct into a template. Fails with every error found, from
    /// every construct, at once.
    pub fn synth(&self) -> Result<Synthesized, SynthErrors> {
        let template = Template {
            description: self.description.clone(),
            metadata: self.metadata.clone(),
            parameters: self.parameters.clone(),
            outputs: self.outputs.clone(),
            ..Template::default()
        };
        let tree = ConstructTree::new(
            visible_name(&self.name),
            self.entries
                .iter()
                .map(|entry| (&entry.scope, entry.construct.kind())),
        );
        let mut ctx = SynthContext::new(&self.name, template, self.imported_key.clone(), tree);
        for entry in &self.diagnostics.iter().cloned().collect::<Vec<_>>() {
            ctx.report(entry.clone());
        }
        if let Some(key) = &self.imported_key {
            // Grants name the key by ARN (`kms:Decrypt` on an alias grants nothing).
            ctx.validator("Stack", &Scope::root(visible_name(&self.name)))
                .arn(
                    &rules::ENCRYPTION_KEY_ARN,
                    "encryption_key_arn",
                    key,
                    "kms",
                    "key/",
                    "a KMS key (aliases cannot be used: IAM grants name the key ARN)",
                );
        }
        if let Some(description) = self.description.as_deref().filter(|d| d.len() > 1024) {
            ctx.report(Diagnostic {
                rule: &rules::DESCRIPTION,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: visible_name(&self.name),
                property: "description".into(),
                value: Some(format!("{description:?}")),
                problem: format!(
                    "is {} bytes long; CloudFormation takes template descriptions of at most 1024 bytes",
                    description.len()
                ),
                fix: "shorten the description to 1024 bytes (UTF-8) or less".into(),
            });
        }
        for (id, parameter) in &self.parameters {
            for (setting, problem, fix) in parameter.problems() {
                ctx.report(Diagnostic {
                    rule: &rules::PARAMETER_SETTINGS,
                    severity: Severity::Error,
                    construct: "Parameter".into(),
                    path: id.as_str().into(),
                    property: setting.into(),
                    value: parameter.setting_value(setting),
                    problem,
                    fix,
                });
            }
        }
        for (key, _) in self.metadata.iter().filter(|(_, v)| holds_null(v)) {
            ctx.report(Diagnostic {
                rule: &rules::METADATA_NULL,
                severity: Severity::Error,
                construct: "Stack".into(),
                path: visible_name(&self.name),
                property: "metadata".into(),
                value: Some(format!("{key:?}")),
                problem: format!(
                    "entry {key:?} holds a null, which CloudFormation has no value for"
                ),
                fix: "give the entry a value, or remove it".into(),
            });
        }
        for entry in &self.entries {
            entry.construct.synthesize(&entry.scope, &mut ctx);
        }
        let (template, diagnostics, tree) = ctx.finish();
        let (errors, warnings) = diagnostics.split();
        if errors.is_empty() {
            Ok(Synthesized {
                template,
                warnings,
                tree,
            })
        } else {
            Err(SynthErrors { errors, warnings })
        }
    }
}

/// True when `value` is or holds a JSON null.
fn holds_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(items) => items.iter().any(holds_null),
        serde_json::Value::Object(map) => map.values().any(holds_null),
        _ => false,
    }
}
