//! What a stack file's values refer to: parameters (`{ref: Name}`), attributes of other
//! constructs (`{get_att: Detector.function_arn}`) and other constructs themselves
//! (`scorer: Scorer`).
//!
//! Construct props derive `Deserialize`, and serde gives a `Deserialize` impl no context. So
//! while a stack file is built, its builder installs itself as the [`FileResolver`] of the
//! current thread ([`with_resolver`]); the props' leaf types ([`Prop`](super::Prop),
//! [`Handle`](crate::Handle)) ask it to resolve what they read. The resolver records every
//! problem with its place in the file and answers with a stand-in (`AWS::NoValue`), so one
//! bad reference does not hide the next. Outside a build (plain `serde_json`), references to
//! parameters stay `Ref`s and construct references are refused.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::intrinsic::{Intrinsic, Pseudo};
use crate::value::Value;

/// Pseudo parameters by name.
pub(crate) const PSEUDO: [Pseudo; 7] = [
    Pseudo::Region,
    Pseudo::AccountId,
    Pseudo::Partition,
    Pseudo::UrlSuffix,
    Pseudo::StackName,
    Pseudo::StackId,
    Pseudo::NoValue,
];

/// Resolves a stack file's references while its constructs are read.
pub(crate) trait FileResolver {
    /// `{ref: name}`, written at `property`: a parameter of the file, or a pseudo parameter.
    fn reference(&self, property: &str, name: &str) -> Value;
    /// `{get_att: target}` (`Construct.attribute`), written at `property`.
    fn attribute(&self, property: &str, target: &str) -> Value;
    /// The handle (a `Handle<C>` of the construct type named `kind`) of construct `id`,
    /// which `property` refers to, built first when it is not yet.
    fn construct(
        &self,
        property: &str,
        kind: &'static str,
        id: &str,
    ) -> Result<Box<dyn Any>, Unresolved>;
}

/// Why a construct reference did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unresolved {
    /// The resolver reported the problem, with its location.
    Reported,
    /// Nothing reported: the caller reports this message.
    Message(String),
}

thread_local! {
    static RESOLVER: RefCell<Option<Rc<dyn FileResolver>>> = const { RefCell::new(None) };
    static PATHS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// While alive, `path` is the key path (below the construct) of the value being read.
pub(crate) struct PathGuard(());

impl Drop for PathGuard {
    fn drop(&mut self) {
        PATHS.with(|p| p.borrow_mut().pop());
    }
}

/// Marks the start of reading the value at `path` (a reader of located values calls it for
/// every value it reads); the value's references name it as their property.
pub(crate) fn enter_path(path: &str) -> PathGuard {
    PATHS.with(|p| p.borrow_mut().push(path.to_owned()));
    PathGuard(())
}

/// The key path of the value being read (empty outside a located reader).
pub(crate) fn current_path() -> String {
    PATHS.with(|p| p.borrow().last().cloned().unwrap_or_default())
}

/// Runs `f` with `resolver` answering this thread's references, then removes it (also when
/// `f` panics).
pub(crate) fn with_resolver<R>(resolver: Rc<dyn FileResolver>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Rc<dyn FileResolver>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            RESOLVER.with(|r| *r.borrow_mut() = previous);
        }
    }
    let previous = RESOLVER.with(|r| r.borrow_mut().replace(resolver));
    let _restore = Restore(previous);
    f()
}

/// The installed resolver, if a stack file is being built. The borrow of the thread-local is
/// released before the resolver runs, so it may read further constructs (and resolve their
/// references) itself.
fn current() -> Option<Rc<dyn FileResolver>> {
    RESOLVER.with(|r| r.borrow().clone())
}

/// The value of `{ref: name}`, written at `property`.
pub(crate) fn reference(property: &str, name: &str) -> Value {
    match current() {
        Some(resolver) => resolver.reference(property, name),
        None => PSEUDO
            .into_iter()
            .find(|p| p.name() == name)
            .map_or_else(|| Intrinsic::Ref(name.to_owned()).into(), Value::pseudo),
    }
}

/// The value of `{get_att: target}`; `Err` outside a stack file, where no construct has an
/// id to read an attribute from.
pub(crate) fn attribute(property: &str, target: &str) -> Result<Value, String> {
    match current() {
        Some(resolver) => Ok(resolver.attribute(property, target)),
        None => Err(format!(
            "`{{get_att: {target}}}` reads an attribute of a construct of a stack file, and \
             there is no stack file here"
        )),
    }
}

/// The construct `id` of kind `kind`, as the handle type the caller expects.
pub(crate) fn construct(kind: &'static str, id: &str) -> Result<Box<dyn Any>, Unresolved> {
    match current() {
        Some(resolver) => resolver.construct(&current_path(), kind, id),
        None => Err(Unresolved::Message(format!(
            "`{id}` names a construct of a stack file, and there is no stack file here"
        ))),
    }
}
