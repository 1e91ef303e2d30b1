//! Reading one construct's entry into its props type. A key that cannot be read (unknown, or
//! of the wrong type) is reported and the entry read again without it, so that one typo does
//! not hide the entry's other problems, nor stop the stack from being synthesized and checked.

use serde::de::DeserializeOwned;

use super::FileBuilder;
use crate::config::de::{self, DeError, ErrorKind};
use crate::config::node::{Node, NodeValue};
use crate::config::parse::problem;
use crate::config::refs::{AnyHandle, Kind};
use crate::construct::{Construct, Handle};
use crate::endpoint::RcfEndpoint;
use crate::function::AnomalyFunction;
use crate::kafka::KafkaSource;
use crate::monitoring::Monitoring;
use crate::props::REPORTED;
use crate::secret::{MtlsSecret, RootCaSecret, SaslSecret};
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::vpc::Vpc;

impl FileBuilder {
    /// Reads construct `id` of `kind` from `node` and adds it to the stack.
    pub(super) fn read(&self, kind: Kind, id: &str, node: &Node) -> Option<AnyHandle> {
        Some(match kind {
            Kind::SaslSecret => AnyHandle::SaslSecret(self.add::<SaslSecret>(kind, id, node)?),
            Kind::MtlsSecret => AnyHandle::MtlsSecret(self.add::<MtlsSecret>(kind, id, node)?),
            Kind::RootCaSecret => {
                AnyHandle::RootCaSecret(self.add::<RootCaSecret>(kind, id, node)?)
            }
            Kind::Vpc => AnyHandle::Vpc(self.add::<Vpc>(kind, id, node)?),
            Kind::Queue => AnyHandle::Queue(self.add::<Queue>(kind, id, node)?),
            Kind::AnomalyTable => {
                AnyHandle::AnomalyTable(self.add::<AnomalyTable>(kind, id, node)?)
            }
            Kind::AlertTopic => AnyHandle::AlertTopic(self.add::<AlertTopic>(kind, id, node)?),
            Kind::RcfEndpoint => AnyHandle::RcfEndpoint(self.add::<RcfEndpoint>(kind, id, node)?),
            Kind::KafkaSource => AnyHandle::KafkaSource(self.add::<KafkaSource>(kind, id, node)?),
            Kind::AnomalyFunction => {
                let function = self.entry_props::<AnomalyFunction>(kind, id, node)?;
                let function = self.with_options(id, function)?;
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

    /// The props of the entry, read again without each key that cannot be read (each reported
    /// once). `None` when the entry as a whole cannot be read: a required key is missing or
    /// unreadable, or a construct it refers to cannot be built.
    pub(super) fn entry_props<C: DeserializeOwned>(
        &self,
        kind: Kind,
        id: &str,
        node: &Node,
    ) -> Option<C> {
        let mut node = node.clone();
        let mut removed: Vec<String> = Vec::new();
        loop {
            let error = match de::from_node::<C>(&node) {
                Ok(props) => return Some(props),
                Err(e) => e,
            };
            if matches!(&error.kind, ErrorKind::Other(message) if message == REPORTED) {
                return None;
            }
            let path = error.path.clone().unwrap_or_default();
            if let ErrorKind::MissingKey(key) = &error.kind {
                let missing = if path.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{path}.{key}")
                };
                // A required key removed because it could not be read: already reported.
                if removed.contains(&missing) {
                    return None;
                }
            }
            let mut p = problem(error.clone(), kind.name(), id);
            if p.location.is_none() {
                p.location = self.entry_location(kind, id);
            }
            self.record(p);
            match removable(&error) {
                Some(key_path) if remove(&mut node, &key_path) => removed.push(key_path),
                _ => return None,
            }
        }
    }

    fn entry_location(&self, kind: Kind, id: &str) -> Option<crate::config::node::Location> {
        self.root
            .entry(kind.section())
            .and_then(|(_, section)| section.entry(id))
            .map(|(key, _)| key.location)
    }
}

/// The key path an entry can be read again without: the key at fault, when the error is
/// about one key of a map (a key inside a list element takes its whole list with it).
fn removable(error: &DeError) -> Option<String> {
    match error.kind {
        ErrorKind::MissingKey(_) => None,
        _ => {
            let path = error.path.as_deref().filter(|p| !p.is_empty())?;
            Some(match path.find('[') {
                Some(bracket) => path[..bracket].to_owned(),
                None => path.to_owned(),
            })
        }
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
