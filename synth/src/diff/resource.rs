//! One resource on both sides: which of its properties and attributes change, and whether
//! that updates it in place, replaces it, or fails.

use serde_json::Value as Json;

use super::changes::{Action, Changed, Mark, ResourceChange};
use super::create_only;
use super::exceptions::{self, ATTRIBUTE_EDIT, Effect};
use super::values::{Path, Step, leaves, under};

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

/// A resource's `Properties` (`null` when it has none).
pub fn properties(resource: &Json) -> &Json {
    static NONE: Json = Json::Null;
    resource.get("Properties").unwrap_or(&NONE)
}

/// A resource's `Type`.
pub fn type_of(resource: &Json) -> String {
    resource
        .get("Type")
        .and_then(Json::as_str)
        .unwrap_or("(no Type)")
        .to_owned()
}

/// A resource on both sides: its changed leaves and what they do; `None` when its text is the
/// same (it may still follow a replacement, see [`super::follow`]).
pub fn compare(id: &str, old: &Json, new: &Json) -> Option<ResourceChange> {
    let mut change = ResourceChange::bare(id, type_of(new), Action::Update);
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
pub fn replace(change: &mut ResourceChange, old: &Json, new: &Json) {
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
pub fn overlaps(path: &Path, pattern: &str) -> bool {
    under(path, pattern) || {
        let parts: Vec<&str> = pattern.split('/').collect();
        path.0.len() < parts.len()
            && path.0.iter().zip(&parts).all(|(step, part)| match step {
                Step::Key(key) => key == part,
                Step::Index(_) => *part == "*",
            })
    }
}
