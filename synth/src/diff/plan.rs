//! The comparison: what deploying the new template over the deployed one does to each
//! resource (`add`, `remove`, `update` in place, `replace`), with the properties that change,
//! why, and what else changes (parameters, mappings, conditions, rules, outputs, …).
//!
//! A resource is replaced when a create-only property changes (the schema table), when one of
//! the [exceptions](super::exceptions) says so, or when a property that refers to a replaced
//! resource is create-only: a replacement has a new physical id, so every `Ref`/`Fn::GetAtt`
//! of it changes at deploy time, which this follows to a fixed point, as CloudFormation does.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value as Json};

use super::conflict::{self, Blocked};
use super::create_only;
use super::exceptions::{self, ATTRIBUTE_EDIT, Effect};
use super::meaning::{self, Meaning};
use super::owners::{Owner, Owners};
use super::references::{self, Reference};
use super::values::{Leaf, Path, Step, leaves, under};

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

/// Sections of named entries compared entry by entry, in this order.
const SECTIONS: [&str; 5] = ["Parameters", "Mappings", "Conditions", "Rules", "Outputs"];

/// Resource attributes compared besides `Properties`.
const ATTRIBUTES: [&str; 7] = [
    "Condition",
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
    "Metadata",
];

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
            None => Some(bare(id, resource, Action::Add)),
            Some(deployed) => compare(id, deployed, resource),
        };
        changes.extend(change);
    }
    for (id, resource) in old_resources
        .iter()
        .filter(|(id, _)| !new_resources.contains_key(*id))
    {
        changes.push(bare(id, resource, Action::Remove));
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
    renamed_mappings(
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

/// A mapping added under a new logical id while one with the same function, event source and
/// topics is removed: CloudFormation creates the new one before it deletes the old one, so the
/// deploy fails as a replacement in place would (aws/aws-cdk#26416 is this case: a source
/// whose logical id changed). The added mapping also means what a replacement means: from
/// the removed mapping's consumer group to its own.
fn renamed_mappings(
    changes: &mut [ResourceChange],
    old: &Map<String, Json>,
    new: &Map<String, Json>,
    replaced: &dyn Fn(&Json) -> bool,
) {
    const MAPPING: &str = "AWS::Lambda::EventSourceMapping";
    let removed: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Remove && c.resource_type == MAPPING)
        .map(|c| c.id.clone())
        .collect();
    for change in changes
        .iter_mut()
        .filter(|c| c.action == Action::Add && c.resource_type == MAPPING)
    {
        let Some(added) = new.get(&change.id) else {
            continue;
        };
        for (id, gone) in removed.iter().filter_map(|id| Some((id, old.get(id)?))) {
            if let Some(mut blocked) =
                conflict::blocked(properties(gone), properties(added), replaced)
            {
                blocked.renamed_from = Some(id.clone());
                change.blocked = Some(blocked);
                let as_replacement = ResourceChange {
                    action: Action::Replace,
                    ..change.clone()
                };
                change.meaning = meaning::meaning(&as_replacement, Some(gone), Some(added));
                break;
            }
        }
    }
}

/// The changed entries of the named sections (parameters, mappings, conditions, rules,
/// outputs); an output that refers to a `replaced` resource changes at deploy time.
fn section_entries(old: &Json, new: &Json, replaced: &BTreeSet<String>) -> Vec<EntryChange> {
    let mut entries = Vec::new();
    for section in SECTIONS {
        let named = |t: &Json| {
            t.get(section)
                .and_then(Json::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (a, b) = (named(old), named(new));
        for (name, value) in &b {
            let mut follows = Vec::new();
            if section == "Outputs" {
                references::targets(value, &mut follows);
                follows.retain(|t| replaced.contains(t));
            }
            let entry = |action, leaves| EntryChange {
                section: section.to_owned(),
                name: Some(name.clone()),
                action,
                leaves,
                follows: follows.clone(),
            };
            match a.get(name) {
                None => entries.push(entry(Action::Add, Vec::new())),
                Some(deployed) => {
                    let mut found = Vec::new();
                    leaves(Some(deployed), Some(value), &Path::default(), &mut found);
                    if !found.is_empty() || !follows.is_empty() {
                        entries.push(entry(Action::Update, found));
                    }
                }
            }
        }
        for name in a.keys().filter(|n| !b.contains_key(*n)) {
            entries.push(EntryChange {
                section: section.to_owned(),
                name: Some(name.clone()),
                action: Action::Remove,
                leaves: Vec::new(),
                follows: Vec::new(),
            });
        }
    }
    entries
}

/// The changed top-level keys besides `Resources` and the named sections: the format
/// version, `Description`, `Metadata`, `Transform`, and any other.
fn top_level_entries(old: &Json, new: &Json) -> Vec<EntryChange> {
    let top = |t: &'_ Json| -> Vec<String> {
        t.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut keys = top(old);
    keys.extend(top(new).into_iter().filter(|k| old.get(k).is_none()));
    keys.iter()
        .filter(|k| *k != "Resources" && !SECTIONS.contains(&k.as_str()))
        .filter_map(|key| {
            let (a, b) = (old.get(key), new.get(key));
            let action = match (a, b) {
                (None, _) => Action::Add,
                (_, None) => Action::Remove,
                _ => Action::Update,
            };
            let mut found = Vec::new();
            leaves(a, b, &Path(vec![Step::Key(key.clone())]), &mut found);
            (!found.is_empty()).then(|| EntryChange {
                section: key.clone(),
                name: None,
                action,
                leaves: if action == Action::Update {
                    found
                } else {
                    Vec::new()
                },
                follows: Vec::new(),
            })
        })
        .collect()
}

/// A resource's `Properties` (`null` when it has none).
fn properties(resource: &Json) -> &Json {
    static NONE: Json = Json::Null;
    resource.get("Properties").unwrap_or(&NONE)
}

fn type_of(resource: &Json) -> String {
    resource
        .get("Type")
        .and_then(Json::as_str)
        .unwrap_or("(no Type)")
        .to_owned()
}

/// An added or removed resource.
fn bare(id: &str, resource: &Json, action: Action) -> ResourceChange {
    ResourceChange {
        id: id.to_owned(),
        resource_type: type_of(resource),
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

/// A resource on both sides: its changed leaves and what they do; `None` when its text is the
/// same (it may still follow a replacement, see [`follow_replacements`]).
fn compare(id: &str, old: &Json, new: &Json) -> Option<ResourceChange> {
    let mut change = bare(id, new, Action::Update);
    let (old_type, new_type) = (type_of(old), type_of(new));
    if old_type != new_type {
        change.action = Action::Replace;
        change.fails = true;
        change.reasons.push(format!(
            "its type changes from {old_type}: CloudFormation does not change a resource's type under the same logical id and fails the update (\"Update of resource type is not permitted\"); remove it in one deploy and add the new one in the next, or give the new one another id"
        ));
        return Some(change);
    }
    let (po, pn) = (properties(old), properties(new));
    let mut found = Vec::new();
    leaves(Some(po), Some(pn), &Path::default(), &mut found);

    // (pattern, mark) for every property whose change does more than update in place.
    let mut marked: Vec<(&str, Mark)> = Vec::new();
    let table = create_only::paths(&new_type);
    for path in create_only::changed(&new_type, po, pn) {
        marked.push((path, Mark::Replaces));
        change.reasons.push(format!(
            "`{}` is create-only in CloudFormation's resource schema: a new value needs a new resource",
            path.replace('/', ".")
        ));
    }
    for exception in exceptions::changed(&new_type, po, pn) {
        let mark = match exception.effect {
            Effect::Replaces => Mark::Replaces,
            Effect::Fails => Mark::Fails,
            Effect::Ignored => Mark::NoEffect,
            Effect::NewSecretValue => Mark::NewSecretValue,
        };
        marked.push((exception.path, mark));
        change.reasons.push(exception.why.to_owned());
    }
    if exceptions::attribute_edited(&new_type, po, pn) {
        marked.push(("AttributeDefinitions", Mark::Replaces));
        change.reasons.push(ATTRIBUTE_EDIT.to_owned());
    }
    if table.is_none() && !found.is_empty() {
        change.reasons.push(format!(
            "{new_type} is not in synth's create-only table (it lists the types the constructs emit): every change is assumed to be in place"
        ));
    }
    change.changes = found
        .into_iter()
        .map(|leaf| {
            let mark = strongest(
                marked
                    .iter()
                    .filter(|(pattern, _)| overlaps(&leaf.path, pattern))
                    .map(|(_, mark)| *mark),
            );
            Changed {
                leaf,
                attribute: false,
                mark,
            }
        })
        .collect();
    for attribute in ATTRIBUTES {
        let normalized = |r: &Json| match (attribute, r.get(attribute)) {
            ("DependsOn", Some(Json::String(one))) => {
                Some(Json::Array(vec![Json::String(one.clone())]))
            }
            (_, value) => value.cloned(),
        };
        let mut found = Vec::new();
        leaves(
            normalized(old).as_ref(),
            normalized(new).as_ref(),
            &Path(vec![Step::Key(attribute.to_owned())]),
            &mut found,
        );
        change.changes.extend(found.into_iter().map(|leaf| Changed {
            leaf,
            attribute: true,
            mark: None,
        }));
    }
    if change.changes.is_empty() {
        return None;
    }
    let marks: Vec<Mark> = marked.iter().map(|(_, m)| *m).collect();
    change.fails = marks.contains(&Mark::Fails);
    if change.fails || marks.contains(&Mark::Replaces) {
        replace(&mut change, po, pn);
    }
    Some(change)
}

/// Makes `change` a replacement, which fails when the resource keeps its custom name.
fn replace(change: &mut ResourceChange, old: &Json, new: &Json) {
    change.action = Action::Replace;
    if let (false, Some(property)) = (
        change.fails,
        exceptions::kept_name(&change.resource_type, old, new),
    ) {
        change.fails = true;
        change.reasons.push(exceptions::custom_name_kept(property));
    }
}

/// The mark that says most: a failure over a replacement over the rest.
fn strongest(marks: impl Iterator<Item = Mark>) -> Option<Mark> {
    marks.min_by_key(|m| match m {
        Mark::Fails => 0,
        Mark::Replaces => 1,
        Mark::NoEffect => 2,
        Mark::NewSecretValue => 3,
    })
}

/// True when `path` is at, below or above `pattern` (a list replaced whole holds the
/// create-only items below it).
fn overlaps(path: &Path, pattern: &str) -> bool {
    under(path, pattern) || {
        let parts: Vec<&str> = pattern.split('/').collect();
        path.0.len() < parts.len()
            && path.0.iter().zip(&parts).all(|(step, part)| match step {
                Step::Key(key) => key == part,
                Step::Index(_) => *part == "*",
            })
    }
}

/// Marks every resource that refers to a replaced one, to a fixed point: the property that
/// refers to it changes at deploy time, and when that property is create-only (or replaces by
/// an exception) the resource is replaced too. Returns the replaced logical ids.
fn follow_replacements(
    changes: &mut Vec<ResourceChange>,
    old: &Map<String, Json>,
    new: &Map<String, Json>,
) -> BTreeSet<String> {
    let mut replaced: BTreeSet<String> = changes
        .iter()
        .filter(|c| c.action == Action::Replace && !c.fails)
        .map(|c| c.id.clone())
        .collect();
    loop {
        let mut grew = false;
        for (id, resource) in new.iter().filter(|(id, _)| old.contains_key(*id)) {
            let resource_type = type_of(resource);
            let mut refs: Vec<Reference> = Vec::new();
            if let Some(props) = resource.get("Properties") {
                references::references(props, &Path::default(), &mut refs);
            }
            let replacing: Vec<&str> = create_only::paths(&resource_type)
                .unwrap_or_default()
                .iter()
                .copied()
                .chain(
                    exceptions::EXCEPTIONS
                        .iter()
                        .filter(|e| {
                            e.resource_type == resource_type && e.effect == Effect::Replaces
                        })
                        .map(|e| e.path),
                )
                .collect();
            let mut follows = Vec::new();
            for reference in refs {
                for target in reference.targets.iter().filter(|t| replaced.contains(*t)) {
                    let replaces = replacing.iter().any(|p| overlaps(&reference.path, p));
                    follows.push(Follow {
                        path: reference.path.clone(),
                        target: target.clone(),
                        replaces,
                    });
                }
            }
            if follows.is_empty() {
                continue;
            }
            let index = match changes.iter().position(|c| &c.id == id) {
                Some(i) => i,
                None => {
                    let at = position_in(changes, new, id);
                    changes.insert(at, bare(id, resource, Action::Update));
                    at
                }
            };
            let change = &mut changes[index];
            if follows.iter().any(|f| f.replaces) && change.action != Action::Replace {
                replace(change, properties(&old[id]), properties(resource));
                if !change.fails {
                    replaced.insert(id.clone());
                    grew = true;
                }
            }
            for follow in follows {
                if !change.follows.contains(&follow) {
                    change.follows.push(follow);
                }
            }
        }
        if !grew {
            return replaced;
        }
    }
}

/// Where a resource that only follows a replacement goes in `changes`: after the changes of
/// resources that come before it in the new template.
fn position_in(changes: &[ResourceChange], new: &Map<String, Json>, id: &str) -> usize {
    let order = |id: &str| new.keys().position(|k| k == id);
    let mine = order(id);
    changes
        .iter()
        .position(|c| match (order(&c.id), mine) {
            (Some(theirs), Some(mine)) => theirs > mine,
            (None, _) => true,
            _ => false,
        })
        .unwrap_or(changes.len())
}
