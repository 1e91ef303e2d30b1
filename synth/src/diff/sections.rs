//! The changes outside `Resources`: entries of the named sections (parameters, mappings,
//! conditions, rules, outputs) and the other top-level keys.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::changes::{Action, EntryChange};
use super::references;
use super::values::{Path, Step, leaves};

/// Sections of named entries compared entry by entry, in this order.
const SECTIONS: [&str; 5] = ["Parameters", "Mappings", "Conditions", "Rules", "Outputs"];

/// The changed entries of the named sections (parameters, mappings, conditions, rules,
/// outputs); an output that refers to a `replaced` resource changes at deploy time.
pub fn section_entries(old: &Json, new: &Json, replaced: &BTreeSet<String>) -> Vec<EntryChange> {
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
pub fn top_level_entries(old: &Json, new: &Json) -> Vec<EntryChange> {
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
