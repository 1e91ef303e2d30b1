//! Which construct emitted a logical id, so that messages can say "remove the Kafka source
//! `AppLogs`" rather than "remove the resource `AppLogsMapping`".
//!
//! `synth diff` asks through [`Owners`] only. Once `Synthesized` carries the construct tree
//! (issue 14: each construct's path, kind and logical ids), an `impl Owners` over that tree
//! replaces [`Declared`], which answers from the constructs a stack file declares (the
//! longest logical-id prefix wins, as construct ids become prefixes of their resources' ids)
//! and knows nothing for an example.

use constructs::Scope;

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
