//! Construct props, defined once: each construct's props struct derives `Deserialize` and
//! `JsonSchema`, so the Rust builders (thin setters over the struct), the stack-file format,
//! its JSON Schema and the property-test generators all derive from one definition.
//!
//! The leaf types make one struct serve every use: [`Prop<T>`] holds a property's
//! [`Value`](crate::Value) (a literal or an intrinsic) and reads a `T` literal or an
//! intrinsic from a stack file; [`PropList<T>`] a list that an intrinsic may give whole; a
//! [`Handle`](crate::Handle) field reads the id of another construct of the file. While a
//! stack file is built, references resolve through the file ([`resolve`]).

pub(crate) mod expr;
mod expr_kinds;
mod handle;
mod literal;
mod prop;
pub(crate) mod resolve;
pub(crate) mod tags;

pub use expr::{AnyValue, Expr, SubArg};
pub(crate) use expr_kinds::Gives;
pub(crate) use handle::REPORTED;
pub use handle::Referable;
pub use literal::{Literal, Number, Scalar};
pub use prop::{OptionalProp, Prop, PropList, PropVec};

/// A construct made one of several ways, each a stack-file key (`msk`, `self_managed` or
/// `confluent`): exactly one of each set of keys must be given. The Rust constructors each
/// set one; a stack file can give none or several, which its reader reports (and the
/// construct's validation too).
pub trait Choices {
    /// Each set of keys of which exactly one must be given, with the keys given, when that
    /// is not exactly one.
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)>;
}

/// `(keys, given)` when not exactly one of `keys` is set (by `set`, in the same order).
pub(crate) fn choice(
    keys: &'static [&'static str],
    set: &[bool],
) -> Option<(&'static [&'static str], Vec<&'static str>)> {
    let given: Vec<&'static str> = keys
        .iter()
        .zip(set)
        .filter_map(|(key, set)| set.then_some(*key))
        .collect();
    (given.len() != 1).then_some((keys, given))
}
