//! Policy statements with typed actions, resources and conditions.

use indexmap::IndexMap;
use serde::Serialize;

use crate::value::Value;

/// The policy language version every document uses.
pub const POLICY_VERSION: &str = "2012-10-17";

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    /// Grants the actions.
    Allow,
    /// Refuses the actions, whatever else grants them.
    Deny,
}

/// One IAM policy statement.
///
/// Resources are scoped by default: [`Statement::on`] names each resource. The only way to
/// write `"Resource": "*"` is [`Statement::on_any_resource`], which takes the reason AWS gives
/// for the action having no resource-level permissions; the reason is kept with the statement
/// so tests can audit every wildcard.
///
/// ```
/// use constructs::{Statement, Value};
/// let s = Statement::allow(["sqs:SendMessage"])
///     .sid("SendBadRecords")
///     .on(Value::from("arn:aws:sqs:us-east-1:123456789012:bad-records"));
/// assert_eq!(s.actions, vec!["sqs:SendMessage"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    /// A statement id, unique within its policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// Who the statement applies to (resource and trust policies only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Value>,
    /// The actions, e.g. `sqs:SendMessage`.
    #[serde(rename = "Action")]
    pub actions: Vec<String>,
    /// The resources the actions are allowed on.
    #[serde(rename = "Resource", skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Value>,
    /// Conditions: operator → key → value.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub condition: IndexMap<String, IndexMap<String, Value>>,
    /// Why `Resource` is `*`, when it is (not serialized).
    #[serde(skip)]
    pub unscoped_reason: Option<&'static str>,
}

impl Statement {
    /// An `Allow` statement for `actions`, with no resources yet.
    pub fn allow<S: Into<String>>(actions: impl IntoIterator<Item = S>) -> Self {
        Self {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            actions: actions.into_iter().map(Into::into).collect(),
            resources: Vec::new(),
            condition: IndexMap::new(),
            unscoped_reason: None,
        }
    }

    /// A `Deny` statement for `actions`, with no resources yet.
    pub fn deny<S: Into<String>>(actions: impl IntoIterator<Item = S>) -> Self {
        Self {
            effect: Effect::Deny,
            ..Self::allow(actions)
        }
    }

    /// Sets the statement id.
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Adds a resource.
    pub fn on(mut self, resource: impl Into<Value>) -> Self {
        let resource = resource.into();
        if !self.resources.contains(&resource) {
            self.resources.push(resource);
        }
        self
    }

    /// Adds several resources.
    pub fn on_all<V: Into<Value>>(mut self, resources: impl IntoIterator<Item = V>) -> Self {
        for r in resources {
            self = self.on(r);
        }
        self
    }

    /// `"Resource": "*"`, for actions that AWS documents as supporting no resource-level
    /// permissions; `reason` says so and is kept for audits.
    pub fn on_any_resource(mut self, reason: &'static str) -> Self {
        self.resources = vec![Value::from("*")];
        self.unscoped_reason = Some(reason);
        self
    }

    /// Sets the principal to an AWS service, e.g. `lambda.amazonaws.com`.
    pub fn service_principal(mut self, service: impl Into<Value>) -> Self {
        self.principal = Some(Value::map([("Service", service.into())]));
        self
    }

    /// Sets the principal to an AWS account or role ARN.
    pub fn aws_principal(mut self, arn: impl Into<Value>) -> Self {
        self.principal = Some(Value::map([("AWS", arn.into())]));
        self
    }

    /// Adds a condition, e.g. `("StringEquals", "kms:ViaService", "sqs.us-east-1.amazonaws.com")`.
    pub fn condition(mut self, operator: &str, key: &str, value: impl Into<Value>) -> Self {
        self.condition
            .entry(operator.to_owned())
            .or_default()
            .insert(key.to_owned(), value.into());
        self
    }
}

/// A policy document: version and statements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyDocument {
    /// The statements, in the order granted.
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// A document holding `statements`.
    pub fn new(statements: Vec<Statement>) -> Self {
        Self { statements }
    }

    /// Adds a statement unless an identical one is already there.
    pub fn push(&mut self, statement: Statement) {
        if !self.statements.contains(&statement) {
            self.statements.push(statement);
        }
    }

    /// True when there are no statements.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("Version", POLICY_VERSION)?;
        map.serialize_entry("Statement", &self.statements)?;
        map.end()
    }
}
