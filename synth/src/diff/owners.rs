//! Which construct emitted a logical id, so that messages can say "remove the Kafka source
//! `AppLogs`" rather than "remove the resource `AppLogsMapping`".
//!
//! `synth diff` asks through [`Owners`]. [`Synthesized`](constructs::Synthesized) carries the
//! construct tree, which knows the owner of every logical id the stack emits now
//! ([`Tree`]); a logical id only the deployed template has (a resource being removed) is
//! attributed to the construct whose logical-id prefix it carries ([`Declared`]), since
//! construct ids become prefixes of their resources' ids.

use constructs::{ConstructTree, LogicalId, Scope};

/// A construct, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Its kind (`KafkaSource`).
    pub kind: String,
    /// Its id or path (`AppLogs`).
    pub path: String,
}

/// Answers which construct emitted a logical id.
pub trait Owners {
    /// The construct that emitted `logical_id`, when known.
    fn owner(&self, logical_id: &str) -> Option<Owner>;
}

/// The constructs a stack file declares: (id, kind) pairs.
pub struct Declared {
    prefixes: Vec<(String, Owner)>,
}

impl Declared {
    /// From the declared constructs' ids and kinds.
    pub fn new(constructs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            prefixes: constructs
                .into_iter()
                .map(|(id, kind)| {
                    let prefix = Scope::root(id.as_str()).logical_id("").as_str().to_owned();
                    (prefix, Owner { kind, path: id })
                })
                .collect(),
        }
    }
}

impl Owners for Declared {
    fn owner(&self, logical_id: &str) -> Option<Owner> {
        self.prefixes
            .iter()
            .filter(|(prefix, _)| logical_id.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, owner)| owner.clone())
    }
}

/// The construct tree of what synth makes now, with the prefix rule for ids it no longer
/// emits.
pub struct Tree<'t> {
    tree: &'t ConstructTree,
    prefixes: Declared,
}

impl<'t> Tree<'t> {
    /// Owners from `tree`.
    pub fn new(tree: &'t ConstructTree) -> Self {
        let prefixes = Declared::new(
            tree.constructs()
                .map(|node| (node.path().to_owned(), node.kind().to_owned())),
        );
        Self { tree, prefixes }
    }
}

impl Owners for Tree<'_> {
    fn owner(&self, logical_id: &str) -> Option<Owner> {
        let emitted = LogicalId::new(logical_id)
            .ok()
            .and_then(|id| self.tree.owner_of(&id).cloned());
        match emitted {
            Some(node) if node.is_stack() => None,
            Some(node) => Some(Owner {
                kind: node.kind().to_owned(),
                path: node.path().to_owned(),
            }),
            None => self.prefixes.owner(logical_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_declared_prefix_owns_an_id() {
        let declared = Declared::new([
            ("App".to_owned(), "AnomalyFunction".to_owned()),
            ("AppLogs".to_owned(), "KafkaSource".to_owned()),
        ]);
        assert_eq!(
            declared.owner("AppLogsMapping"),
            Some(Owner {
                kind: "KafkaSource".into(),
                path: "AppLogs".into()
            })
        );
        assert_eq!(declared.owner("Other"), None);
        assert_eq!(Declared::new([]).owner("AppLogsMapping"), None);
    }
}
