//! Where in the file a problem is: every diagnostic, whether the file could not be read or a
//! construct refused a value, is pointed at the key or value that caused it.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;

use super::node::{Key, Location, Node, NodeValue};
use super::refs::Kind;

/// A diagnostic and the place in the stack file it points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The key or value at fault; `None` when the problem has no place in the file (a
    /// resource the constructs derived, say).
    pub location: Option<Location>,
    /// What is wrong, where in the stack, and how to fix it.
    pub diagnostic: Diagnostic,
}

impl Problem {
    /// `file:line:column: error: …` (or `file: error: …` without a location).
    pub fn render(&self, file: &str) -> String {
        match self.location {
            Some(at) => format!("{file}:{at}: {}", self.diagnostic),
            None => format!("{file}: {}", self.diagnostic),
        }
    }
}

/// Every error found in a stack file (reading it, wiring it, or synthesizing it), with the
/// warnings found on the way.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ConfigErrors {
    /// The file, as messages name it.
    pub file: String,
    /// The errors; never empty.
    pub errors: Vec<Problem>,
    /// Warnings found in the same run.
    pub warnings: Vec<Problem>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        writeln!(
            f,
            "{} failed with {n} error{}:",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for problem in self.errors.iter().chain(&self.warnings) {
            writeln!(f, "{}", problem.render(&self.file))?;
        }
        Ok(())
    }
}

/// A diagnostic of the file itself (not of a construct's props).
pub(crate) fn diagnostic(
    rule: &'static Rule,
    construct: &str,
    path: &str,
    property: &str,
    problem: impl Into<String>,
    fix: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        rule,
        severity: Severity::Error,
        construct: construct.into(),
        // A key without a visible character (an empty id, say) still shows in the message.
        path: crate::scope::visible_name(path),
        property: crate::scope::visible_name(property),
        value: None,
        problem: problem.into(),
        fix: fix.into(),
    }
}

/// The entry of `node` that messages call `id` (quoted when it has no visible character).
fn named<'a>(node: &'a Node, id: &str) -> Option<&'a (Key, Node)> {
    node.entries()
        .iter()
        .find(|(k, _)| crate::scope::visible_name(&k.name) == id)
}

/// Builder method names whose file key differs: repeated calls become one list or map.
const ALIASES: &[(&str, &str)] = &[
    ("tag", "tags"),
    ("filter", "filters"),
    ("email", "emails"),
    ("add_source", "sources"),
    ("name", "existing"),
    ("bootstrap_servers", "bootstrap"),
];

/// Maps diagnostics to the file's keys and values.
pub(crate) struct Locator<'a> {
    root: &'a Node,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(root: &'a Node) -> Self {
        Self { root }
    }

    /// The construct `id`'s key and node, in whichever section declares it. `id` may be as
    /// messages write it (quoted when it has no visible character).
    pub(crate) fn construct(&self, id: &str) -> Option<(Kind, &'a Key, &'a Node)> {
        self.root.entries().iter().find_map(|(section, node)| {
            let kind = Kind::from_section(&section.name)?;
            let (key, value) = node.entry(id).or_else(|| named(node, id))?;
            Some((kind, key, value))
        })
    }

    /// Where `diagnostic` points.
    pub(crate) fn locate(&self, d: &Diagnostic) -> Option<Location> {
        // The construct's own id, or the first part of a nested construct's path (an id
        // that holds `/` itself is tried whole first).
        let id = d.path.split('/').next().unwrap_or_default();
        let (key, node) = match d.construct.as_str() {
            "Stack" => return self.locate_stack(d),
            "Parameter" | "Output" => {
                let section = format!("{}s", d.construct.to_lowercase());
                let (_, entries) = self.root.entry(&section)?;
                let (key, node) = entries
                    .entry(&d.path)
                    .or_else(|| entries.entry(id))
                    .or_else(|| named(entries, id))?;
                (key, node)
            }
            _ => {
                let (_, key, node) = self.construct(&d.path).or_else(|| self.construct(id))?;
                (key, node)
            }
        };
        if d.property == "id" {
            return Some(key.location);
        }
        let found = resolve(key, node, &d.property);
        Some(refine(found, d.value.as_deref()).unwrap_or(key.location))
    }

    fn locate_stack(&self, d: &Diagnostic) -> Option<Location> {
        let unquoted = d
            .value
            .as_deref()
            .and_then(|v| serde_json::from_str::<String>(v).ok());
        match d.property.as_str() {
            "parameter" | "output" => {
                let section = self.root.entry(&format!("{}s", d.property))?;
                let name = unquoted?;
                section.1.entry(&name).map(|(k, _)| k.location)
            }
            "id" => {
                let id = d.path.split('/').next().unwrap_or_default();
                self.construct(id).map(|(_, key, _)| key.location)
            }
            property => {
                let (key, node) = self.root.entry(property)?;
                Some(match node.value {
                    NodeValue::Map(_) | NodeValue::Seq(_) => key.location,
                    _ => node.location,
                })
            }
        }
    }
}

/// A step of a property path: `features[1]` is `features` then index 1.
fn segments(property: &str) -> Vec<(String, Vec<usize>)> {
    property
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let mut parts = segment.split('[');
            let name = parts.next().unwrap_or_default().to_owned();
            let indices = parts
                .filter_map(|p| p.trim_end_matches(']').parse().ok())
                .collect();
            (name, indices)
        })
        .collect()
}

/// The names a property segment may be written as.
fn spellings(name: &str) -> Vec<String> {
    let mut names = vec![name.to_owned(), format!("{name}s")];
    names.extend(
        ALIASES
            .iter()
            .filter(|(from, _)| *from == name)
            .map(|(_, to)| (*to).to_owned()),
    );
    names
}

/// The entry spelling `name` in `node`, or in a map nested up to two levels below it (where
/// constructor arguments live: `msk.cluster_arn`, `create.cidr`).
fn child<'a>(node: &'a Node, name: &str) -> Option<(&'a Key, &'a Node)> {
    let names = spellings(name);
    let direct = |n: &'a Node| names.iter().find_map(|s| n.entry(s)).map(|(k, v)| (k, v));
    direct(node)
        .or_else(|| node.entries().iter().find_map(|(_, n)| direct(n)))
        .or_else(|| {
            node.entries()
                .iter()
                .flat_map(|(_, n)| n.entries())
                .find_map(|(_, n)| direct(n))
        })
}

/// Where a property path leads: the value for a scalar, the key for a collection; as deep as
/// the path can be followed.
fn resolve<'a>(key: &'a Key, node: &'a Node, property: &str) -> (Location, &'a Node) {
    let mut at = (key.location, node);
    let mut current = node;
    for (name, indices) in segments(property) {
        let Some((k, mut n)) = child(current, &name) else {
            break;
        };
        let mut location = k.location;
        let mut map_entry = false;
        for index in indices {
            match &n.value {
                NodeValue::Seq(items) if index < items.len() => {
                    n = &items[index];
                    location = n.location;
                }
                NodeValue::Map(entries) if index < entries.len() => {
                    let (entry_key, value) = &entries[index];
                    location = entry_key.location;
                    n = value;
                    map_entry = true;
                }
                _ => break,
            }
        }
        let location = match n.value {
            _ if map_entry => location,
            NodeValue::Map(_) | NodeValue::Seq(_) => location,
            _ => n.location,
        };
        at = (location, n);
        current = n;
    }
    at
}

/// Narrows a location to the scalar whose JSON rendering is the diagnostic's value (one
/// bootstrap server of a list, say).
fn refine(found: (Location, &Node), value: Option<&str>) -> Option<Location> {
    let (location, node) = found;
    let Some(value) = value else {
        return Some(location);
    };
    let matches = |n: &Node| {
        !matches!(n.value, NodeValue::Map(_) | NodeValue::Seq(_))
            && serde_json::to_string(&n.to_json()).is_ok_and(|json| json == value)
    };
    Some(node.find(&matches).map_or(location, |n| n.location))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::config::yaml;

    fn error(construct: &str, path: &str, property: &str, value: Option<&str>) -> Diagnostic {
        Diagnostic {
            value: value.map(str::to_owned),
            ..diagnostic(
                &crate::rules::stack_file::UNKNOWN_KEY,
                construct,
                path,
                property,
                "p",
                "f",
            )
        }
    }

    #[test]
    fn diagnostics_point_at_the_key_or_value() {
        let root = yaml::parse(
            "name: x\nparameters:\n  Topic: {type: String, description: t}\nkafka_sources:\n  AppLogs:\n    self_managed:\n      bootstrap_servers: [a:1, b:2]\n    topic: t\n    batch_size: 20000\n    tags: {team: sre}\n",
        )
        .unwrap();
        let l = Locator::new(&root);
        let at = |d: Diagnostic| l.locate(&d).map(|l| (l.line, l.column));
        assert_eq!(
            at(error("KafkaSource", "AppLogs", "batch_size", Some("20000"))),
            Some((9, 17))
        );
        assert_eq!(
            at(error(
                "KafkaSource",
                "AppLogs",
                "bootstrap_servers",
                Some("\"b:2\"")
            )),
            Some((7, 32))
        );
        assert_eq!(
            at(error("KafkaSource", "AppLogs", "auth", None)),
            Some((5, 3))
        );
        assert_eq!(
            at(error("KafkaSource", "AppLogs", "tag[0].key", None)),
            Some((10, 12))
        );
        assert_eq!(
            at(error("KafkaSource", "AppLogs", "id", None)),
            Some((5, 3))
        );
        assert_eq!(
            at(error("Stack", "x", "parameter", Some("\"Topic\""))),
            Some((3, 3))
        );
        assert_eq!(at(error("Stack", "x", "name", None)), Some((1, 7)));
        assert_eq!(at(error("Vpc", "Nowhere", "cidr", None)), None);
    }
}
