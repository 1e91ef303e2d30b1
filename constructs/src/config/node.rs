//! The parsed stack file as a tree of located nodes: every key and value remembers the line
//! and column it was written at, whatever the format (YAML or JSON).

use std::fmt;

/// A position in a stack file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A map key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) location: Location,
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: NodeValue,
    pub(crate) location: Location,
}

/// The value of a [`Node`]: scalars resolved with YAML's core schema (which JSON's values
/// are a subset of).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// The entries, when this node is a map.
    pub(crate) fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            NodeValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The entry named `name`, when this node is a map holding it.
    pub(crate) fn entry(&self, name: &str) -> Option<&(Key, Node)> {
        self.entries().iter().find(|(k, _)| k.name == name)
    }

    /// The items, when this node is a sequence.
    #[cfg(test)]
    pub(crate) fn items(&self) -> &[Node] {
        match &self.value {
            NodeValue::Seq(items) => items,
            _ => &[],
        }
    }

    /// The string, when this node is a string scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The node as plain JSON (for the JSON-Schema check of a file).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match &self.value {
            NodeValue::Null => serde_json::Value::Null,
            NodeValue::Bool(b) => serde_json::Value::Bool(*b),
            NodeValue::Int(i) => serde_json::Value::from(*i),
            NodeValue::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            NodeValue::String(s) => serde_json::Value::String(s.clone()),
            NodeValue::Seq(items) => items.iter().map(Node::to_json).collect(),
            NodeValue::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Depth-first search for the first node (this one included) that `matches`.
    pub(crate) fn find(&self, matches: &dyn Fn(&Node) -> bool) -> Option<&Node> {
        if matches(self) {
            return Some(self);
        }
        match &self.value {
            NodeValue::Seq(items) => items.iter().find_map(|n| n.find(matches)),
            NodeValue::Map(entries) => entries.iter().find_map(|(_, n)| n.find(matches)),
            _ => None,
        }
    }

    /// A short description of the node's type for messages (`a string`, `a map`…).
    pub(crate) fn describe(&self) -> &'static str {
        match &self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::String(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a map",
        }
    }
}
