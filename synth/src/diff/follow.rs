//! Replacements followed through references: a replaced resource has a new physical id, so
//! every `Ref`/`Fn::GetAtt` of it changes at deploy time; where such a reference sits in a
//! create-only property, the referring resource is replaced too, to a fixed point, as
//! CloudFormation does.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};

use super::changes::{Action, Follow, ResourceChange};
use super::create_only;
use super::exceptions::{self, Effect};
use super::references::{self, Reference};
use super::resource::{overlaps, properties, replace, type_of};
use super::values::Path;

/// Marks every resource that refers to a replaced one, to a fixed point: the property that
/// refers to it changes at deploy time, and when that property is create-only (or replaces by
/// an exception) the resource is replaced too. Returns the replaced logical ids.
pub fn follow_replacements(
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
                    changes.insert(
                        at,
                        ResourceChange::bare(id, type_of(resource), Action::Update),
                    );
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
