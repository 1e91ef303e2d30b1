//! What a deploy changes, as `synth diff` models it: an action per resource with the
//! properties that change and why, and the changed entries outside `Resources`.

use std::fmt;

use super::conflict::Blocked;
use super::meaning::Meaning;
use super::owners::Owner;
use super::values::{Leaf, Path};

/// What a deploy does to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Creates it.
    Add,
    /// Deletes it (or, with `DeletionPolicy: Retain`, lets it go).
    Remove,
    /// Changes it in place.
    Update,
    /// Creates a new one, then deletes the old one.
    Replace,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Add => "add",
            Action::Remove => "remove",
            Action::Update => "update",
            Action::Replace => "replace",
        })
    }
}

/// What a changed property does, when more than an in-place update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// It replaces the resource.
    Replaces,
    /// CloudFormation refuses it.
    Fails,
    /// CloudFormation reports it done; the live resource keeps its old value.
    NoEffect,
    /// A new secret value is generated.
    NewSecretValue,
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mark::Replaces => "replaces",
            Mark::Fails => "fails",
            Mark::NoEffect => "no effect",
            Mark::NewSecretValue => "new secret value",
        })
    }
}

/// A changed property or resource attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    /// Which, and its two values.
    pub leaf: Leaf,
    /// A resource attribute (`DeletionPolicy`, `Condition`, …) rather than a property.
    pub attribute: bool,
    /// What it does beyond an in-place update.
    pub mark: Option<Mark>,
}

/// A property whose text stays but whose value changes at deploy time, because it refers to a
/// replaced resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// The property.
    pub path: Path,
    /// The replaced resource it refers to.
    pub target: String,
    /// The property is create-only, so this resource is replaced too.
    pub replaces: bool,
}

/// What a deploy does to one resource.
#[derive(Debug, Clone)]
pub struct ResourceChange {
    /// Its logical id.
    pub id: String,
    /// Its type (the new one when it changes).
    pub resource_type: String,
    /// The action.
    pub action: Action,
    /// The construct that emitted it, when known.
    pub owner: Option<Owner>,
    /// The properties and attributes whose text changes.
    pub changes: Vec<Changed>,
    /// The properties that change because what they refer to is replaced.
    pub follows: Vec<Follow>,
    /// Why the action is what it is, beyond "the text changed": one sentence each.
    pub reasons: Vec<String>,
    /// CloudFormation will refuse this change: the deploy fails and rolls back.
    pub fails: bool,
    /// A replacement that collides with the resource it replaces (Kafka mappings).
    pub blocked: Option<Blocked>,
    /// What it means for the pipeline.
    pub meaning: Option<Meaning>,
}

/// A changed entry outside `Resources`: a parameter, mapping, condition, rule or output, or a
/// top-level key (`Description`, `Metadata`, `Transform`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryChange {
    /// The section (`Parameters`) or top-level key (`Description`).
    pub section: String,
    /// The entry's name within its section; `None` for a top-level key.
    pub name: Option<String>,
    /// Added, removed or updated.
    pub action: Action,
    /// The leaves that differ (for an update).
    pub leaves: Vec<Leaf>,
    /// Replaced resources the entry refers to, so its value changes at deploy time.
    pub follows: Vec<String>,
}

/// Everything a deploy would change.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Resources that change, in the new template's order, then the removed ones.
    pub resources: Vec<ResourceChange>,
    /// Everything else that changes.
    pub entries: Vec<EntryChange>,
}

impl Plan {
    /// True when the deploy would change nothing.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.entries.is_empty()
    }
}

impl ResourceChange {
    /// `action` on the resource `id` of type `resource_type`, with nothing else known yet.
    pub fn bare(id: &str, resource_type: String, action: Action) -> Self {
        Self {
            id: id.to_owned(),
            resource_type,
            action,
            owner: None,
            changes: Vec::new(),
            follows: Vec::new(),
            reasons: Vec::new(),
            fails: false,
            blocked: None,
            meaning: None,
        }
    }
}
