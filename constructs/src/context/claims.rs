//! Stack-wide claims: names a construct takes for itself in a namespace (a consumer group id,
//! a source's binding), so a second construct taking the same is caught; claims some
//! construct must make before synthesis ends; and pools several constructs join under one key
//! (a poller group), checked as a whole once every construct has joined.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::scope::Scope;
use crate::value::Value;

/// One construct's share of a pool: who joined, and the amount it brings (a deploy-time value
/// when it is not a literal).
#[derive(Debug, Clone)]
pub struct PoolMember {
    /// The construct that joined.
    pub scope: Scope,
    /// What it adds to the pool's total.
    pub amount: Value,
}

/// Checks a pool once every member joined: `(key, members)` to the problems found.
pub type PoolCheck = fn(&str, &[PoolMember]) -> Vec<Diagnostic>;

/// The claims made so far and the claims expected.
#[derive(Default)]
pub(super) struct Claims {
    taken: HashMap<(&'static str, String), Scope>,
    expected: Vec<(&'static str, String, Diagnostic)>,
    pools: IndexMap<(&'static str, String), (PoolCheck, Vec<PoolMember>)>,
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

    /// Adds `member` to the pool `key` of `kind`, which `check` checks at the end.
    pub(super) fn join(
        &mut self,
        kind: &'static str,
        key: &str,
        member: PoolMember,
        check: PoolCheck,
    ) {
        self.pools
            .entry((kind, key.to_owned()))
            .or_insert_with(|| (check, Vec::new()))
            .1
            .push(member);
    }

    /// The problems of every pool, in the order the pools were first joined.
    pub(super) fn pool_problems(&self) -> Vec<Diagnostic> {
        self.pools
            .iter()
            .flat_map(|((_, key), (check, members))| check(key, members))
            .collect()
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
