//! The construct trait and the typed handles that wire constructs to each other.

use std::fmt;
use std::sync::Arc;

use crate::context::SynthContext;
use crate::scope::Scope;

/// A building block that turns its props into template resources.
///
/// Constructs are added to a [`Stack`](crate::Stack) with an id and synthesized together;
/// each records every problem with its props through the context instead of failing fast.
pub trait Construct: Send + Sync + 'static {
    /// The construct's kind as messages name it, e.g. `KafkaSource`.
    fn kind(&self) -> &'static str;

    /// Validates the props and adds this construct's resources, grants and outputs.
    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext);
}

/// A typed reference to a construct added to a stack: what one construct is given to wire
/// itself to another (`function.source(&logs)`, `secret.arn()`).
///
/// Handles are cheap to clone and carry the construct's scope and props, so the construct
/// that receives one derives references, grants and settings from it.
pub struct Handle<C> {
    scope: Scope,
    inner: Arc<C>,
}

impl<C> Handle<C> {
    pub(crate) fn new(scope: Scope, construct: C) -> Self {
        Self {
            scope,
            inner: Arc::new(construct),
        }
    }

    /// Where the construct sits in its stack.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The construct's id.
    pub fn id(&self) -> &str {
        self.scope.id()
    }

    /// The construct's props.
    pub fn props(&self) -> &C {
        &self.inner
    }
}

impl<C> Clone for Handle<C> {
    fn clone(&self) -> Self {
        Self {
            scope: self.scope.clone(),
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<C> fmt::Debug for Handle<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("scope", &self.scope)
            .finish()
    }
}

impl<C> PartialEq for Handle<C> {
    fn eq(&self, other: &Self) -> bool {
        self.scope == other.scope && Arc::ptr_eq(&self.inner, &other.inner)
    }
}

pub(crate) struct Entry {
    pub(crate) scope: Scope,
    pub(crate) construct: Arc<dyn Construct>,
}

impl<C: Construct> Handle<C> {
    pub(crate) fn entry(&self) -> Entry {
        Entry {
            scope: self.scope.clone(),
            construct: Arc::clone(&self.inner) as Arc<dyn Construct>,
        }
    }
}
