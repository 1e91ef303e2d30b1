//! Building the stack a file describes, through the same public builders as Rust code: every
//! construct is added in file order (a construct referred to before its declaration first),
//! references are resolved to handles, and every problem is recorded with its location.

mod constructs;
mod function;
mod kafka;
mod stack;
mod values;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::BuildOptions;
use super::locations::{Locator, Problem};
use super::model::StackConfig;
use super::node::Node;
use super::refs::{AnyHandle, FromHandle, Id, Kind};
use super::suggest::did_you_mean;
use crate::construct::Handle;
use crate::diagnostic::{Diagnostic, Severity};
use crate::stack::Stack;

/// The construct being built, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub(crate) kind: &'a str,
    pub(crate) id: &'a str,
}

/// Builds the stack of `config` (read from `root`); fails with every problem found.
pub(crate) fn build(
    root: &Node,
    config: &StackConfig,
    options: &BuildOptions,
) -> Result<Stack, Vec<Problem>> {
    let mut builder = Builder {
        config,
        locator: Locator::new(root),
        options,
        stack: Stack::new(config.name.clone()),
        order: declared(root),
        handles: HashMap::new(),
        building: HashSet::new(),
        failed: HashSet::new(),
        problems: Vec::new(),
    };
    builder.stack_settings();
    builder.parameters();
    let ids: Vec<String> = builder.order.keys().cloned().collect();
    for id in ids {
        builder.ensure(&id);
    }
    builder.outputs();
    if builder.problems.is_empty() {
        Ok(builder.stack)
    } else {
        Err(builder.problems)
    }
}

/// Every construct id with its kind, in file order.
fn declared(root: &Node) -> IndexMap<String, Kind> {
    let mut order = IndexMap::new();
    for (section, node) in root.entries() {
        if let Some(kind) = Kind::from_section(&section.name) {
            for (key, _) in node.entries() {
                order.entry(key.name.clone()).or_insert(kind);
            }
        }
    }
    order
}

pub(crate) struct Builder<'a> {
    config: &'a StackConfig,
    locator: Locator<'a>,
    options: &'a BuildOptions,
    stack: Stack,
    order: IndexMap<String, Kind>,
    handles: HashMap<String, AnyHandle>,
    /// Constructs being built (a reference back to one is a cycle).
    building: HashSet<String>,
    /// Constructs that could not be built (their problems are recorded).
    failed: HashSet<String>,
    problems: Vec<Problem>,
}

impl<'a> Builder<'a> {
    /// Records an error of the construct `at` on `property`; `value` (as JSON) narrows the
    /// location to the value at fault.
    pub(crate) fn error(
        &mut self,
        at: At<'_>,
        property: &str,
        value: Option<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            construct: at.kind.to_owned(),
            path: crate::scope::visible_name(at.id),
            property: property.to_owned(),
            value,
            problem: problem.into(),
            fix: fix.into(),
        };
        self.problems.push(Problem {
            location: self.locator.locate(&diagnostic),
            diagnostic,
        });
    }

    /// Builds construct `id` (and what it refers to) unless it is built already.
    fn ensure(&mut self, id: &str) -> Option<AnyHandle> {
        if let Some(handle) = self.handles.get(id) {
            return Some(handle.clone());
        }
        let kind = *self.order.get(id)?;
        if !self.building.insert(id.to_owned()) {
            return None;
        }
        let handle = self.construct(kind, id);
        match &handle {
            Some(handle) => {
                self.handles.insert(id.to_owned(), handle.clone());
            }
            None => {
                self.failed.insert(id.to_owned());
            }
        }
        handle
    }

    /// The handle of construct `target`, which `property` of the construct `at` refers to and
    /// which must be a `C`.
    pub(crate) fn handle<C: FromHandle>(
        &mut self,
        at: At<'_>,
        property: &str,
        target: &Id,
    ) -> Option<Handle<C>> {
        let value = Some(format!("{:?}", target.as_str()));
        let Some(kind) = self.order.get(target.as_str()).copied() else {
            let same_kind: Vec<&str> = self
                .order
                .iter()
                .filter(|(_, k)| **k == C::KIND)
                .map(|(id, _)| id.as_str())
                .collect();
            let hint = did_you_mean(target.as_str(), same_kind.iter().copied());
            let fix = if !hint.is_empty() {
                hint
            } else if same_kind.is_empty() {
                format!("declare a {} under `{}`", C::KIND.name(), C::KIND.section())
            } else {
                format!("use one of {}", super::de::list(&same_kind))
            };
            self.error(
                at,
                property,
                value,
                format!(
                    "`{}` is not the id of a construct of this file",
                    target.as_str()
                ),
                fix,
            );
            return None;
        };
        if kind != C::KIND {
            self.error(
                at,
                property,
                value,
                format!(
                    "`{}` is declared in `{}`, but `{property}` takes the id of a {} (declared in `{}`)",
                    target.as_str(),
                    kind.section(),
                    C::KIND.name(),
                    C::KIND.section()
                ),
                format!("refer to a construct of `{}`", C::KIND.section()),
            );
            return None;
        }
        if self.failed.contains(target.as_str()) {
            return None;
        }
        if self.building.contains(target.as_str()) && !self.handles.contains_key(target.as_str()) {
            self.error(
                at,
                property,
                value,
                format!("`{}` refers back to `{}`, a cycle", target.as_str(), at.id),
                "break the cycle: a construct cannot depend on what depends on it",
            );
            return None;
        }
        self.ensure(target.as_str())
            .and_then(|handle| C::from_handle(&handle))
    }

    /// The handle of an optional reference.
    pub(crate) fn optional<C: FromHandle>(
        &mut self,
        at: At<'_>,
        property: &str,
        target: Option<&Id>,
    ) -> Option<Handle<C>> {
        target.and_then(|t| self.handle(at, property, t))
    }

    /// Records that exactly one of `keys` must be given (`given` of them were).
    pub(crate) fn exactly_one(&mut self, at: At<'_>, keys: &[&str], given: &[&str]) {
        let list = super::de::list(keys);
        match given {
            [] => self.error(
                at,
                &keys.join(" | "),
                None,
                format!("needs one of {list}; none is given"),
                format!("add one of {list}"),
            ),
            [first, second, ..] => self.error(
                at,
                second,
                None,
                format!("cannot be combined with `{first}`: give exactly one of {list}"),
                format!("keep exactly one of {list}"),
            ),
            [_] => {}
        }
    }
}
