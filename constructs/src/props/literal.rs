//! The literal types a property can hold: whole numbers, strings, booleans, numbers and plain
//! scalars, each with its JSON Schema and the message word for what was expected.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

use crate::value::Value;

/// A literal type a [`Prop`](super::Prop) can hold.
pub trait Literal: Sized {
    /// What the literal is, for messages (`a whole number`).
    const EXPECTED: &'static str;
    /// The literal's JSON Schema.
    fn literal_schema() -> Schema;
    /// The literal from a boolean, when that is one.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// The literal from an integer, when that is one.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// The literal from a float, when that is one.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// The literal from a string, when that is one.
    fn from_str(_: &str) -> Option<Self> {
        None
    }
    /// The template value.
    fn to_value(&self) -> Value;
}

impl Literal for i64 {
    const EXPECTED: &'static str = "a whole number";
    fn literal_schema() -> Schema {
        json_schema!({"type": "integer"})
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}

impl Literal for String {
    const EXPECTED: &'static str = "a string";
    fn literal_schema() -> Schema {
        json_schema!({"type": "string"})
    }
    fn from_str(v: &str) -> Option<Self> {
        Some(v.to_owned())
    }
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Literal for bool {
    const EXPECTED: &'static str = "true or false";
    fn literal_schema() -> Schema {
        json_schema!({"type": "boolean"})
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

/// A number as written: whole numbers stay integers in the template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number.
    Int(i64),
    /// A number with a fraction or exponent.
    Float(f64),
}

impl Literal for Number {
    const EXPECTED: &'static str = "a number";
    fn literal_schema() -> Schema {
        json_schema!({"type": "number"})
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Number::Int(v))
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(Number::Float(v))
    }
    fn to_value(&self) -> Value {
        match self {
            Number::Int(i) => Value::Int(*i),
            Number::Float(f) => Value::Float(*f),
        }
    }
}

/// A plain scalar (parameter defaults and allowed values): string, number or boolean.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A string.
    String(String),
    /// A number.
    Number(Number),
    /// A boolean.
    Bool(bool),
}

impl Literal for Scalar {
    const EXPECTED: &'static str = "a string, number or boolean";
    fn literal_schema() -> Schema {
        json_schema!({"type": ["string", "number", "integer", "boolean"]})
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(Scalar::Bool(v))
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Scalar::Number(Number::Int(v)))
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(Scalar::Number(Number::Float(v)))
    }
    fn from_str(v: &str) -> Option<Self> {
        Some(Scalar::String(v.to_owned()))
    }
    fn to_value(&self) -> Value {
        match self {
            Scalar::String(s) => Value::String(s.clone()),
            Scalar::Number(n) => n.to_value(),
            Scalar::Bool(b) => Value::Bool(*b),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LiteralVisitor::<Scalar>(PhantomData))
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Scalar::literal_schema()
    }
}

/// Reads a literal of `T` only.
pub(crate) struct LiteralVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: Literal> Visitor<'de> for LiteralVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_bool(v).ok_or_else(|| E::invalid_type(Unexpected::Bool(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v).ok_or_else(|| E::invalid_type(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        i64::try_from(v)
            .ok()
            .and_then(T::from_i64)
            .ok_or_else(|| E::invalid_type(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v).ok_or_else(|| E::invalid_type(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v).ok_or_else(|| E::invalid_type(Unexpected::Str(v), &self))
    }
}
