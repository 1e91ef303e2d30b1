//! Reading one construct's entry into its props type. A key that cannot be read (unknown, or
//! of the wrong type) is reported and the entry read again without it, so that one typo does
//! not hide the entry's other problems, nor stop the stack from being synthesized and checked.

use serde::de::DeserializeOwned;

use super::FileBuilder;
use crate::config::de::{self, DeError, ErrorKind};
use crate::config::locations::{Locator, Problem};
use crate::config::node::{Location, Node, NodeValue};
use crate::config::parse::problem;
use crate::config::refs::{AnyHandle, Kind};
use crate::construct::{Construct, Handle};
use crate::diagnostic::Diagnostics;
use crate::endpoint::RcfEndpoint;
use crate::function::AnomalyFunction;
use crate::kafka::KafkaSource;
use crate::monitoring::Monitoring;
use crate::props::Choices;
use crate::props::REPORTED;
use crate::scope::Scope;
use crate::secret::{MtlsSecret, OAuthSecret, RootCaSecret, SaslSecret};
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::validate::{Validator, exactly_one};
use crate::vpc::Vpc;

impl FileBuilder {
    /// Reads construct `id` of `kind` from `node` and adds it to the stack.
    pub(super) fn read(&self, kind: Kind, id: &str, node: &Node) -> Option<AnyHandle> {
        Some(match kind {
            Kind::SaslSecret => {
                AnyHandle::SaslSecret(self.add_chosen::<SaslSecret>(kind, id, node)?)
            }
            Kind::MtlsSecret => AnyHandle::MtlsSecret(self.add::<MtlsSecret>(kind, id, node)?),
            Kind::RootCaSecret => {
                AnyHandle::RootCaSecret(self.add::<RootCaSecret>(kind, id, node)?)
            }
            Kind::OAuthSecret => AnyHandle::OAuthSecret(self.add::<OAuthSecret>(kind, id, node)?),
            Kind::Vpc => AnyHandle::Vpc(self.add_chosen::<Vpc>(kind, id, node)?),
            Kind::Queue => AnyHandle::Queue(self.add::<Queue>(kind, id, node)?),
            Kind::AnomalyTable => {
                AnyHandle::AnomalyTable(self.add::<AnomalyTable>(kind, id, node)?)
            }
            Kind::AlertTopic => AnyHandle::AlertTopic(self.add::<AlertTopic>(kind, id, node)?),
            Kind::RcfEndpoint => {
                AnyHandle::RcfEndpoint(self.add_chosen::<RcfEndpoint>(kind, id, node)?)
            }
            Kind::KafkaSource => {
                AnyHandle::KafkaSource(self.add_chosen::<KafkaSource>(kind, id, node)?)
            }
            Kind::AnomalyFunction => {
                let function = self.entry_props::<AnomalyFunction>(kind, id, node)?;
                let function = self.with_options(id, node, function);
                AnyHandle::AnomalyFunction(self.state.borrow_mut().stack.add(id, function))
            }
            Kind::Monitoring => AnyHandle::Monitoring(self.add::<Monitoring>(kind, id, node)?),
        })
    }

    fn add<C: Construct + DeserializeOwned>(
        &self,
        kind: Kind,
        id: &str,
        node: &Node,
    ) -> Option<Handle<C>> {
        let construct = self.entry_props::<C>(kind, id, node)?;
        Some(self.state.borrow_mut().stack.add(id, construct))
    }

    /// Like [`add`](Self::add), for a construct made one of several ways: an entry that
    /// does not give exactly one is reported here, with its place in the file, and not built
    /// (synthesizing it would report what follows from the missing choice).
    fn add_chosen<C: Construct + DeserializeOwned + Choices>(
        &self,
        kind: Kind,
        id: &str,
        node: &Node,
    ) -> Option<Handle<C>> {
        let construct = self.entry_props::<C>(kind, id, node)?;
        let problems = construct.choice_problems();
        if !problems.is_empty() {
            let mut diagnostics = Diagnostics::default();
            // Named as `Stack::add` names the construct (quoted when invisible).
            let scope = Scope::root(crate::scope::visible_name(id));
            let mut v = Validator::new(&mut diagnostics, kind.name(), &scope);
            for (keys, given) in problems {
                exactly_one(&mut v, keys, &given);
            }
            let locator = Locator::new(&self.root);
            for diagnostic in diagnostics.iter().cloned() {
                self.record(Problem {
                    location: locator.locate(&diagnostic),
                    diagnostic,
                });
            }
            return None;
        }
        Some(self.state.borrow_mut().stack.add(id, construct))
    }

    /// The props of the entry (see [`read_pruned`]), its problems recorded. When a construct
    /// it refers to cannot be built, the entry is read again with stand-ins for such
    /// constructs, so that its own problems further on (an unknown key, say) are reported in
    /// the same run; it is not built either way.
    pub(super) fn entry_props<C: DeserializeOwned>(
        &self,
        kind: Kind,
        id: &str,
        node: &Node,
    ) -> Option<C> {
        let key = self.entry_location(kind, id);
        let props = self.read_entry(kind.name(), id, node, key);
        if props.is_none() && self.state.borrow().unresolved {
            self.state.borrow_mut().stand_ins = true;
            let _: Option<C> = self.read_entry(kind.name(), id, node, key);
            let mut state = self.state.borrow_mut();
            state.stand_ins = false;
            state.unresolved = false;
        }
        props
    }

    /// `node` read as a `C`, for the entry `id` of `what` (its kind, `Parameter`, `Output`)
    /// written at `key`; its problems recorded.
    pub(super) fn read_entry<C: DeserializeOwned>(
        &self,
        what: &str,
        id: &str,
        node: &Node,
        key: Option<Location>,
    ) -> Option<C> {
        read_pruned(node, what, id, key, &mut |p| self.record(p))
    }

    fn entry_location(&self, kind: Kind, id: &str) -> Option<Location> {
        self.root
            .entry(kind.section())
            .and_then(|(_, section)| section.entry(id))
            .map(|(key, _)| key.location)
    }
}

/// `node` read as a `T`; each unknown key is reported through `record` once and the node read
/// again without it. `None` when the node cannot be read (a value of the wrong type, a missing
/// key, a construct it refers to that cannot be built — the resolver has reported that), its
/// problem reported. `what` and `id` name the entry in messages;
/// `key` is where its key is written, for problems with no place of their own.
pub(crate) fn read_pruned<T: DeserializeOwned>(
    node: &Node,
    what: &str,
    id: &str,
    key: Option<Location>,
    record: &mut dyn FnMut(Problem),
) -> Option<T> {
    let mut node = node.clone();
    loop {
        let error = match de::from_node::<T>(&node) {
            Ok(value) => return Some(value),
            Err(e) => e,
        };
        if matches!(&error.kind, ErrorKind::Other(message) if message == REPORTED) {
            return None;
        }
        let mut p = problem(error.clone(), what, id);
        if p.location.is_none() {
            p.location = key;
        }
        record(p);
        match removable(&error) {
            Some(key_path) if remove(&mut node, &key_path) => {}
            _ => return None,
        }
    }
}

/// The key path an entry can be read again without: an unknown key (a misspelt or
/// misplaced setting, whose removal changes nothing else the entry says). Any other problem
/// leaves the entry unread: reading it without the bad value would report what follows from
/// its absence, not what the file says.
fn removable(error: &DeError) -> Option<String> {
    match error.kind {
        ErrorKind::UnknownKey { .. } => error
            .path
            .as_deref()
            .filter(|p| !p.is_empty() && !p.contains('['))
            .map(str::to_owned),
        _ => None,
    }
}

/// Removes the key at `path` (dot-separated map keys) from `node`; false when there is none.
fn remove(node: &mut Node, path: &str) -> bool {
    let (parent, last) = match path.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, path),
    };
    let mut target = node;
    if let Some(parent) = parent {
        for segment in parent.split('.') {
            let NodeValue::Map(entries) = &mut target.value else {
                return false;
            };
            match entries.iter_mut().find(|(k, _)| k.name == segment) {
                Some((_, child)) => target = child,
                None => return false,
            }
        }
    }
    let NodeValue::Map(entries) = &mut target.value else {
        return false;
    };
    let before = entries.len();
    entries.retain(|(k, _)| k.name != last);
    entries.len() < before
}
