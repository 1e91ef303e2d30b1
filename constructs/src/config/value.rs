//! Values of typed properties: a literal of the property's type, or an intrinsic.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

use crate::props::Literal;
use crate::props::expr::{Expr, expr_from_map};

/// A property value: a literal of type `T`, or an intrinsic (`{ref: Name}`, `{get_att: …}`,
/// `{sub: …}`…) resolved at deploy time. Literals are checked when the stack synthesizes;
/// intrinsics are passed through, as in the Rust API.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    /// A literal.
    Literal(T),
    /// An intrinsic.
    Expr(Expr),
}

struct ValVisitor<T>(PhantomData<T>);

impl<'de, T: Literal> Visitor<'de> for ValVisitor<T> {
    type Value = Val<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, or an intrinsic such as {{ref: Name}}", T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Val<T>, E> {
        T::from_bool(v)
            .map(Val::Literal)
            .ok_or_else(|| E::invalid_type(Unexpected::Bool(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Val<T>, E> {
        T::from_i64(v)
            .map(Val::Literal)
            .ok_or_else(|| E::invalid_type(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Val<T>, E> {
        i64::try_from(v)
            .ok()
            .and_then(T::from_i64)
            .map(Val::Literal)
            .ok_or_else(|| E::invalid_type(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Val<T>, E> {
        T::from_f64(v)
            .map(Val::Literal)
            .ok_or_else(|| E::invalid_type(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Val<T>, E> {
        T::from_str(v)
            .map(Val::Literal)
            .ok_or_else(|| E::invalid_type(Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Val<T>, E> {
        Err(E::invalid_type(Unexpected::Unit, &self))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _seq: A) -> Result<Val<T>, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Val<T>, A::Error> {
        expr_from_map(map).map(Val::Expr)
    }
}

impl<'de, T: Literal> Deserialize<'de> for Val<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValVisitor(PhantomData))
    }
}

impl<T: Literal> JsonSchema for Val<T> {
    fn schema_name() -> Cow<'static, str> {
        "Val".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expr = generator.subschema_for::<Expr>();
        json_schema!({"anyOf": [T::literal_schema(), expr]})
    }
}

/// A list property that may also be given whole by one intrinsic (a `CommaDelimitedList`
/// parameter, say): `[a, b]` or `{ref: Brokers}`.
#[derive(Debug, Clone, PartialEq)]
pub enum ListVal<T> {
    /// Each item on its own.
    Items(Vec<Val<T>>),
    /// The whole list, resolved at deploy time.
    Expr(Expr),
}

impl<'de, T: Literal> Deserialize<'de> for ListVal<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Literal> Visitor<'de> for ListVisitor<T> {
            type Value = ListVal<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a list of {}, or an intrinsic such as {{ref: ListParameter}}",
                    T::EXPECTED
                )
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ListVal<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ListVal::Items(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ListVal<T>, A::Error> {
                expr_from_map(map).map(ListVal::Expr)
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

impl<T: Literal> JsonSchema for ListVal<T> {
    fn schema_name() -> Cow<'static, str> {
        "ListVal".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expr = generator.subschema_for::<Expr>();
        let item = generator.subschema_for::<Val<T>>();
        json_schema!({"anyOf": [{"type": "array", "items": item}, expr]})
    }
}
