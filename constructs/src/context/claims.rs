//! Stack-wide claims: names a construct takes for itself in a namespace (a consumer group id,
//! a source's binding), so a second construct taking the same is caught, and claims some
//! construct must make before synthesis ends.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::scope::Scope;

/// The claims made so far and the claims expected.
#[derive(Default)]
pub(super) struct Claims {
    taken: HashMap<(&'static str, String), Scope>,
    expected: Vec<(&'static str, String, Diagnostic)>,
}

impl Claims {
    /// Claims `key` in `kind` for `scope`; the earlier claimer, when another construct has it.
    pub(super) fn claim(&mut self, kind: &'static str, key: &str, scope: &Scope) -> Option<Scope> {
        match self.taken.get(&(kind, key.to_owned())) {
            Some(previous) if previous != scope => Some(previous.clone()),
            Some(_) => None,
            None => {
                self.taken.insert((kind, key.to_owned()), scope.clone());
                None
            }
        }
    }

    /// Reports `diagnostic` at the end unless `key` is claimed in `kind` by then.
    pub(super) fn expect(&mut self, kind: &'static str, key: &str, diagnostic: Diagnostic) {
        self.expected.push((kind, key.to_owned(), diagnostic));
    }

    /// The diagnostics of the expected claims nobody made.
    pub(super) fn unmet(self) -> impl Iterator<Item = Diagnostic> {
        let taken = self.taken;
        self.expected
            .into_iter()
            .filter(move |(kind, key, _)| !taken.contains_key(&(*kind, key.clone())))
            .map(|(_, _, diagnostic)| diagnostic)
    }
}
