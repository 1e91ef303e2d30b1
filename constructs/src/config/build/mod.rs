//! Building the stack a file describes. Each construct's entry is read into the construct's
//! own props type (the same struct the Rust builders fill), in file order, a construct
//! referred to before its declaration first; references resolve through the file while an
//! entry is read ([`crate::props::resolve`]). Every problem is recorded with its location;
//! an entry with unknown or unreadable keys is read again without them, so its other
//! problems (and those of the whole stack at synthesis) are reported in the same run.

mod options;
pub(crate) mod read;
mod references;
mod stack;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use indexmap::IndexMap;

pub(crate) use read::read_pruned;

use super::BuildOptions;
use super::locations::{Locator, Problem};
use super::model::StackConfig;
use super::node::Node;
use super::refs::{AnyHandle, Kind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::props::resolve;
use crate::rules::Rule;
use crate::stack::Stack;

/// The construct being read, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub(crate) kind: &'a str,
    pub(crate) id: &'a str,
}

/// What building a file gives.
pub(crate) struct Built {
    /// The stack, with every construct whose entry could be read.
    pub(crate) stack: Stack,
    /// Every problem found.
    pub(crate) problems: Vec<Problem>,
    /// True when every entry was read (unknown keys aside): the stack is the whole file, and
    /// its synthesis reports the constructs' own problems rather than what follows from a
    /// missing entry.
    pub(crate) complete: bool,
}

/// The stack of `config` (read from `root`), built from every entry that could be read, and
/// every problem found on the way.
pub(crate) fn build(root: &Node, config: &StackConfig, options: &BuildOptions) -> Built {
    let builder = Rc::new(FileBuilder {
        root: root.clone(),
        parameters: config.parameters.keys().cloned().collect(),
        options: options.clone(),
        order: declared(root),
        state: RefCell::new(State::new(Stack::new(config.name.clone()))),
    });
    resolve::with_resolver(builder.clone(), || {
        builder.stack_settings(config);
        builder.parameters();
        for id in builder.order.keys() {
            builder.ensure(id);
        }
        builder.outputs();
    });
    let state = builder
        .state
        .replace(State::new(Stack::new(config.name.clone())));
    let mut problems = state.problems;
    // An entry read again without its bad keys may report a reference twice.
    let mut seen = Vec::new();
    problems.retain(|p| {
        let new = !seen.contains(p);
        if new {
            seen.push(p.clone());
        }
        new
    });
    Built {
        stack: state.stack,
        problems,
        complete: state.failed.is_empty() && !state.incomplete,
    }
}

/// Every construct id with its kind, in file order (an id declared twice keeps its first
/// kind; the duplicate is reported when the file is read).
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

/// Builds a file's stack; the [`resolve::FileResolver`] of its thread while it does.
pub(crate) struct FileBuilder {
    root: Node,
    parameters: Vec<String>,
    options: BuildOptions,
    order: IndexMap<String, Kind>,
    state: RefCell<State>,
}

/// What building has produced so far. Borrowed only between reads: reading an entry may
/// read others (the constructs it refers to), which borrow it in turn.
struct State {
    stack: Stack,
    handles: HashMap<String, AnyHandle>,
    /// What is being read, innermost last: constructs (by kind and id), or the stack's own
    /// settings and outputs. A construct reference back to one being read is a cycle.
    reading: Vec<(&'static str, String)>,
    /// Constructs that could not be built (their problems are recorded).
    failed: HashSet<String>,
    /// True when a parameter or output could not be read.
    incomplete: bool,
    /// True when a construct reference of the entry being read did not resolve.
    unresolved: bool,
    /// True while an entry is read again with stand-ins for the constructs it refers to
    /// that could not be built (see `read::entry_props`).
    stand_ins: bool,
    problems: Vec<Problem>,
}

impl State {
    fn new(stack: Stack) -> Self {
        Self {
            stack,
            handles: HashMap::new(),
            reading: Vec::new(),
            failed: HashSet::new(),
            incomplete: false,
            unresolved: false,
            stand_ins: false,
            problems: Vec::new(),
        }
    }

    /// True while construct `id` is being read.
    fn is_reading(&self, id: &str) -> bool {
        self.reading
            .iter()
            .any(|(kind, r)| r == id && Kind::ALL.iter().any(|k| k.name() == *kind))
    }
}

impl FileBuilder {
    /// Records an error of rule `rule` on `property` of the construct `at`; `value` (as
    /// JSON) narrows the location to the value at fault.
    pub(crate) fn error(
        &self,
        rule: &'static Rule,
        at: At<'_>,
        property: &str,
        value: Option<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let diagnostic = Diagnostic {
            rule,
            severity: Severity::Error,
            construct: at.kind.to_owned(),
            path: crate::scope::visible_name(at.id),
            property: property.to_owned(),
            value,
            problem: problem.into(),
            fix: fix.into(),
        };
        let location = Locator::new(&self.root).locate(&diagnostic);
        self.state.borrow_mut().problems.push(Problem {
            location,
            diagnostic,
        });
    }

    /// Records a problem found while reading an entry.
    fn record(&self, problem: Problem) {
        self.state.borrow_mut().problems.push(problem);
    }

    /// What is being read: a construct (kind and id), the stack's settings (`Stack`) or one
    /// of its outputs (`Output`).
    fn at(&self) -> (&'static str, String) {
        let state = self.state.borrow();
        state
            .reading
            .last()
            .cloned()
            .unwrap_or(("Stack", String::new()))
    }

    /// Runs `f` while `what` (kind and id) is being read.
    fn reading<R>(&self, kind: &'static str, id: &str, f: impl FnOnce() -> R) -> R {
        self.state.borrow_mut().reading.push((kind, id.to_owned()));
        let result = f();
        self.state.borrow_mut().reading.pop();
        result
    }

    /// Builds construct `id` (and what it refers to) unless it is built already.
    fn ensure(&self, id: &str) -> Option<AnyHandle> {
        {
            let state = self.state.borrow();
            if let Some(handle) = state.handles.get(id) {
                return Some(handle.clone());
            }
            if state.failed.contains(id) || state.is_reading(id) {
                return None;
            }
        }
        let kind = *self.order.get(id)?;
        let node = self.entry(kind, id)?.clone();
        let handle = self.reading(kind.name(), id, || self.read(kind, id, &node));
        let mut state = self.state.borrow_mut();
        match &handle {
            Some(handle) => {
                state.handles.insert(id.to_owned(), handle.clone());
            }
            None => {
                state.failed.insert(id.to_owned());
            }
        }
        handle
    }

    /// The entry of construct `id` in the section of `kind`.
    fn entry(&self, kind: Kind, id: &str) -> Option<&Node> {
        self.root
            .entry(kind.section())
            .and_then(|(_, section)| section.entry(id))
            .map(|(_, node)| node)
    }
}
