//! A generated document before its references are resolved: JSON whose construct references
//! are still choices ("some construct of `queues`"), and whose stand-ins for literals are
//! still "a parameter of this type". [`resolve`] turns it into the stack file's JSON.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

/// A node of a generated document.
#[derive(Debug, Clone)]
pub enum Node {
    /// Finished JSON.
    Json(Json),
    /// A list; `unique` drops items equal to an earlier one once references are resolved
    /// (the schema's `uniqueItems`).
    List { items: Vec<Node>, unique: bool },
    /// A map, in key order.
    Map(Vec<Entry>),
    /// The id of a construct of another section (`x-construct-section`).
    Id(IdRef),
    /// `{ref: NAME}` to a parameter of this CloudFormation type, which the document declares:
    /// an intrinsic that stands for a literal of the type the schema expects.
    Param(&'static str),
}

/// A key of a map and its value.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub value: Node,
    /// The schema requires the key: a reference in it is satisfied (a construct is added to
    /// the section it names) rather than left out.
    pub required: bool,
}

/// A reference to a construct of `section`.
#[derive(Debug, Clone)]
pub struct IdRef {
    pub section: String,
    /// Which of the section's constructs (modulo their number).
    pub pick: usize,
    /// A hostile reference: not an id of `section`.
    pub miss: Option<Miss>,
}

/// How a hostile reference misses.
#[derive(Debug, Clone)]
pub enum Miss {
    /// The id of a construct of another section.
    OtherSection,
    /// An id no construct has.
    Undeclared(String),
}

/// The name of the parameter standing for literals of CloudFormation type `ty`.
pub fn parameter_name(ty: &str) -> String {
    let letters: String = ty.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Generated{letters}")
}

/// A document with its sections' spare constructs: one construct per section, added when a
/// required reference names a section the document left empty.
#[derive(Debug, Clone)]
pub struct Unresolved {
    pub root: Node,
    /// Section name → (key, construct).
    pub spares: BTreeMap<String, (String, Node)>,
}

/// The stack file's JSON: every reference resolved to an id of its section (an optional one
/// naming an empty section is left out; a required one gets the section's spare), and every
/// parameter a stand-in names declared under `parameters`.
pub fn resolve(doc: Unresolved) -> Json {
    let Unresolved { root, spares } = doc;
    let Node::Map(mut entries) = root else {
        return finish(&root, &BTreeMap::new(), &mut Vec::new()).unwrap_or(Json::Null);
    };
    // Add spares until every required reference names a section with a construct.
    loop {
        let pools = pools(&entries, spares.keys());
        let mut wanted = Vec::new();
        for entry in &entries {
            required_sections(&entry.value, entry.required, &mut wanted);
        }
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|s| pools.get(*s).is_some_and(Vec::is_empty))
            .collect();
        let Some(section) = missing.first() else {
            break;
        };
        let (key, spare) = spares[*section].clone();
        match entries.iter_mut().find(|e| &e.key == *section) {
            Some(Entry {
                value: Node::Map(constructs),
                ..
            }) => constructs.push(Entry {
                key,
                value: spare,
                required: true,
            }),
            Some(_) => break, // a hostile section that is not a map: leave the reference
            None => entries.push(Entry {
                key: (*section).clone(),
                value: Node::Map(vec![Entry {
                    key,
                    value: spare,
                    required: true,
                }]),
                required: false,
            }),
        }
    }
    let pools = pools(&entries, spares.keys());
    let mut parameters = Vec::new();
    let mut out = Map::new();
    for entry in &entries {
        if let Some(value) = finish(&entry.value, &pools, &mut parameters) {
            out.insert(entry.key.clone(), value);
        }
    }
    if !parameters.is_empty() {
        let declared = out
            .entry("parameters")
            .or_insert_with(|| Json::Object(Map::new()));
        if let Json::Object(declared) = declared {
            for ty in parameters {
                declared.insert(
                    parameter_name(ty),
                    serde_json::json!({"type": ty, "description": format!("A generated {ty}")}),
                );
            }
        }
    }
    Json::Object(out)
}

/// Each section's construct ids.
fn pools<'a>(
    entries: &[Entry],
    sections: impl Iterator<Item = &'a String>,
) -> BTreeMap<String, Vec<String>> {
    sections
        .map(|section| {
            let ids = entries
                .iter()
                .find(|e| &e.key == section)
                .map(|e| match &e.value {
                    Node::Map(constructs) => constructs.iter().map(|c| c.key.clone()).collect(),
                    _ => Vec::new(),
                })
                .unwrap_or_default();
            (section.clone(), ids)
        })
        .collect()
}

/// The sections that valid required references under `node` name.
fn required_sections(node: &Node, required: bool, out: &mut Vec<String>) {
    match node {
        Node::Id(IdRef {
            section,
            miss: None,
            ..
        }) if required => out.push(section.clone()),
        Node::List { items, .. } => items
            .iter()
            .for_each(|item| required_sections(item, false, out)),
        Node::Map(entries) => entries
            .iter()
            .for_each(|e| required_sections(&e.value, e.required, out)),
        _ => {}
    }
}

/// `node` as JSON; `None` when it is a reference to an empty section (left out).
fn finish(
    node: &Node,
    pools: &BTreeMap<String, Vec<String>>,
    parameters: &mut Vec<&'static str>,
) -> Option<Json> {
    match node {
        Node::Json(json) => Some(json.clone()),
        Node::List { items, unique } => {
            let mut out: Vec<Json> = Vec::new();
            for item in items {
                if let Some(json) = finish(item, pools, parameters) {
                    if !(*unique && out.contains(&json)) {
                        out.push(json);
                    }
                }
            }
            Some(Json::Array(out))
        }
        Node::Map(entries) => Some(Json::Object(
            entries
                .iter()
                .filter_map(|e| Some((e.key.clone(), finish(&e.value, pools, parameters)?)))
                .collect(),
        )),
        Node::Id(id) => id_of(id, pools).map(Json::String),
        Node::Param(ty) => {
            if !parameters.contains(ty) {
                parameters.push(ty);
            }
            Some(serde_json::json!({"ref": parameter_name(ty)}))
        }
    }
}

fn id_of(id: &IdRef, pools: &BTreeMap<String, Vec<String>>) -> Option<String> {
    let pick = |ids: &[String]| (!ids.is_empty()).then(|| ids[id.pick % ids.len()].clone());
    match &id.miss {
        None => pick(pools.get(&id.section).map_or(&[][..], Vec::as_slice)),
        Some(Miss::OtherSection) => {
            let others: Vec<String> = pools
                .iter()
                .filter(|(section, _)| **section != id.section)
                .flat_map(|(_, ids)| ids.iter().cloned())
                .collect();
            Some(pick(&others).unwrap_or_else(|| "Undeclared".to_owned()))
        }
        Some(Miss::Undeclared(text)) => Some(text.clone()),
    }
}
