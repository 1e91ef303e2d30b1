//! [`Entry`]: one entry of a section, read later on its own.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

/// An entry of a section whose settings are a `T`. Reading the file's top level accepts any
/// value here: each entry is read into its `T` when the stack is built, in dependency order,
/// with references resolved and every problem reported on its own. The JSON Schema is
/// `T`'s, so editors check entries as they are typed.
pub struct Entry<T>(PhantomData<fn() -> T>);

impl<T> fmt::Debug for Entry<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Entry")
    }
}

impl<T> Clone for Entry<T> {
    fn clone(&self) -> Self {
        Entry(PhantomData)
    }
}

impl<'de, T> Deserialize<'de> for Entry<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Entry(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Entry<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
