//! [`Prop`]: one property's value, typed for the stack file and its schema, a [`Value`] for
//! everything else.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

use super::Gives;
use super::expr::{Expr, expr_from_map};
use super::literal::Literal;
use super::resolve;
use crate::value::Value;

/// A construct property: a literal of type `T` or an intrinsic, held as a [`Value`].
///
/// `T` is what the stack file and its JSON Schema expect (`Prop<i64>` reads `500` or
/// `{ref: BatchSize}`); builders take any `impl Into<Value>`, and validation checks literals
/// when the stack synthesizes, so both APIs report the same problems. A `Prop` dereferences
/// to its [`Value`].
///
/// ```
/// use constructs::props::Prop;
/// use constructs::Value;
/// let size: Prop<i64> = Prop::new(500);
/// assert_eq!(size.as_i64(), Some(500));
/// let region: Prop<String> = Prop::new(Value::region());
/// assert!(region.is_intrinsic());
/// ```
pub struct Prop<T> {
    value: Value,
    literal: PhantomData<fn() -> T>,
}

impl<T> Prop<T> {
    /// A property holding `value`.
    pub fn new(value: impl Into<Value>) -> Self {
        Self {
            value: value.into(),
            literal: PhantomData,
        }
    }

    /// The value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value, owned.
    pub fn into_value(self) -> Value {
        self.value
    }
}

impl<T> Deref for Prop<T> {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.value
    }
}

impl<T> Clone for Prop<T> {
    fn clone(&self) -> Self {
        Self::new(self.value.clone())
    }
}

impl<T> PartialEq for Prop<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> fmt::Debug for Prop<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> From<Value> for Prop<T> {
    fn from(value: Value) -> Self {
        Self::new(value)
    }
}

impl<T> From<&str> for Prop<T> {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl<T> From<String> for Prop<T> {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

macro_rules! prop_from {
    ($($t:ty),*) => {$(
        impl<T> From<$t> for Prop<T> {
            fn from(literal: $t) -> Self {
                Self::new(literal)
            }
        }
    )*};
}
prop_from!(bool, i32, i64, u32, f64);

impl<T> From<Prop<T>> for Value {
    fn from(prop: Prop<T>) -> Value {
        prop.value
    }
}

impl<T> From<&Prop<T>> for Value {
    fn from(prop: &Prop<T>) -> Value {
        prop.value.clone()
    }
}

/// Reads a literal of `T`, or an intrinsic (a map with one key naming it).
struct PropVisitor<T>(PhantomData<T>);

impl<T: Literal> PropVisitor<T> {
    fn literal<E: de::Error>(
        self,
        literal: Option<T>,
        found: Unexpected<'_>,
    ) -> Result<Prop<T>, E> {
        literal
            .map(|t| Prop::new(t.to_value()))
            .ok_or_else(|| E::invalid_type(found, &self))
    }
}

impl<'de, T: Literal> Visitor<'de> for PropVisitor<T> {
    type Value = Prop<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, or an intrinsic such as {{ref: Name}}", T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Prop<T>, E> {
        self.literal(T::from_bool(v), Unexpected::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Prop<T>, E> {
        self.literal(T::from_i64(v), Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Prop<T>, E> {
        self.literal(
            i64::try_from(v).ok().and_then(T::from_i64),
            Unexpected::Unsigned(v),
        )
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Prop<T>, E> {
        self.literal(T::from_f64(v), Unexpected::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Prop<T>, E> {
        self.literal(T::from_str(v), Unexpected::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Prop<T>, E> {
        Err(E::invalid_type(Unexpected::Unit, &self))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _seq: A) -> Result<Prop<T>, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Prop<T>, A::Error> {
        let property = resolve::current_path();
        let expr = expr_from_map(map)?;
        // A literal that takes any text takes what `sub` and `join` build; a number or a
        // boolean does not (a parameter's `ref` gives one).
        let takes_text = T::from_str("text").is_some();
        if expr.gives() == Gives::List || (expr.builds_text() && !takes_text) {
            return Err(de::Error::custom(format!(
                "is an intrinsic that gives {}, where {} belongs",
                if expr.gives() == Gives::List {
                    "a list"
                } else {
                    "text"
                },
                T::EXPECTED
            )));
        }
        expr.to_value(&property)
            .map(Prop::new)
            .map_err(de::Error::custom)
    }
}

impl<'de, T: Literal> Deserialize<'de> for Prop<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PropVisitor(PhantomData))
    }
}

impl<T: Literal> JsonSchema for Prop<T> {
    fn schema_name() -> Cow<'static, str> {
        "Prop".into()
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
/// parameter, say): `[a, b]` or `{ref: Brokers}`. Held as a [`Value`]: a list of the items,
/// or the intrinsic.
pub struct PropList<T> {
    value: Value,
    item: PhantomData<fn() -> T>,
}

impl<T> PropList<T> {
    /// A list property holding `value` (a list, or an intrinsic giving one).
    pub fn new(value: impl Into<Value>) -> Self {
        Self {
            value: value.into(),
            item: PhantomData,
        }
    }

    /// The value.
    pub fn value(&self) -> &Value {
        &self.value
    }
}

impl<T> Deref for PropList<T> {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.value
    }
}

impl<T> Clone for PropList<T> {
    fn clone(&self) -> Self {
        Self::new(self.value.clone())
    }
}

impl<T> PartialEq for PropList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> fmt::Debug for PropList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Literal> Deserialize<'de> for PropList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Literal> Visitor<'de> for ListVisitor<T> {
            type Value = PropList<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a list of {}, or an intrinsic such as {{ref: ListParameter}}",
                    T::EXPECTED
                )
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<PropList<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Prop<T>>()? {
                    items.push(item.into_value());
                }
                Ok(PropList::new(Value::List(items)))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<PropList<T>, A::Error> {
                let property = resolve::current_path();
                let expr = expr_from_map(map)?;
                if expr.gives() == Gives::Text {
                    return Err(de::Error::custom(
                        "is an intrinsic that gives one value, where a list belongs",
                    ));
                }
                expr.to_value(&property)
                    .map(PropList::new)
                    .map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

impl<T: Literal> JsonSchema for PropList<T> {
    fn schema_name() -> Cow<'static, str> {
        "PropList".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expr = generator.subschema_for::<Expr>();
        let item = generator.subschema_for::<Prop<T>>();
        json_schema!({"anyOf": [{"type": "array", "items": item}, expr]})
    }
}

/// A list property given item by item: each item a literal of `T` or an intrinsic. Held as
/// the items' [`Value`]s; dereferences to a slice of them.
pub struct PropVec<T> {
    items: Vec<Value>,
    item: PhantomData<fn() -> T>,
}

impl<T> PropVec<T> {
    /// A list of `items`.
    pub fn new<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Self {
        Self {
            items: items.into_iter().map(Into::into).collect(),
            item: PhantomData,
        }
    }

    /// Adds an item.
    pub fn push(&mut self, item: impl Into<Value>) {
        self.items.push(item.into());
    }
}

impl<T> Default for PropVec<T> {
    fn default() -> Self {
        Self::new(Vec::<Value>::new())
    }
}

impl<T> Deref for PropVec<T> {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.items
    }
}

impl<T> Clone for PropVec<T> {
    fn clone(&self) -> Self {
        Self::new(self.items.clone())
    }
}

impl<T> PartialEq for PropVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T> fmt::Debug for PropVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<'de, T: Literal> Deserialize<'de> for PropVec<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Prop<T>>::deserialize(deserializer)?;
        Ok(Self::new(items.into_iter().map(Prop::into_value)))
    }
}

impl<T: Literal> JsonSchema for PropVec<T> {
    fn schema_name() -> Cow<'static, str> {
        "PropVec".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<Prop<T>>();
        json_schema!({"type": "array", "items": item})
    }
}

/// An optional property as the `Option<Value>` a resource's properties take.
pub trait OptionalProp {
    /// The value, cloned, when the property is set.
    fn to_value(&self) -> Option<Value>;
}

impl<T> OptionalProp for Option<Prop<T>> {
    fn to_value(&self) -> Option<Value> {
        self.as_ref().map(|prop| prop.value().clone())
    }
}
