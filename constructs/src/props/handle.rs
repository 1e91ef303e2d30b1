//! A construct property that refers to another construct: in Rust a [`Handle`], in a stack
//! file the other construct's id (`scorer: Scorer`).

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use super::resolve::{self, Unresolved};
use crate::construct::Handle;

/// A construct kind other constructs can refer to by id in a stack file.
pub trait Referable: 'static {
    /// The kind, as messages name it (`SaslSecret`).
    const KIND: &'static str;
    /// The stack-file section that declares constructs of this kind (`sasl_secrets`).
    const SECTION: &'static str;
}

/// The message of a deserialization error whose problem the resolver has already reported
/// (with its place in the file): whoever reports errors skips it.
pub(crate) const REPORTED: &str = "\u{0}reported";

impl<'de, C: Referable> Deserialize<'de> for Handle<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor<C>(PhantomData<C>);
        impl<C: Referable> Visitor<'_> for IdVisitor<C> {
            type Value = Handle<C>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "the id of a construct of `{}`", C::SECTION)
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<Handle<C>, E> {
                match resolve::construct(C::KIND, id) {
                    Ok(any) => any
                        .downcast::<Handle<C>>()
                        .map(|h| *h)
                        .map_err(|_| E::custom(format!("`{id}` is not a {}", C::KIND))),
                    Err(Unresolved::Reported) => Err(E::custom(REPORTED)),
                    Err(Unresolved::Message(message)) => Err(E::custom(message)),
                }
            }
        }
        deserializer.deserialize_str(IdVisitor(PhantomData))
    }
}

impl<C: Referable> JsonSchema for Handle<C> {
    fn schema_name() -> Cow<'static, str> {
        format!("{}Id", C::KIND).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": format!("The id of a construct of `{}` in this file.", C::SECTION),
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$",
            "x-construct-section": C::SECTION
        })
    }
}
