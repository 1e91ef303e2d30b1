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
mod handle;
mod literal;
mod prop;
pub(crate) mod resolve;

pub use expr::{AnyValue, Expr, SubArg};
pub use handle::Referable;
pub(crate) use handle::REPORTED;
pub use literal::{Literal, Number, Scalar};
pub use prop::{Prop, PropList, PropVec};
