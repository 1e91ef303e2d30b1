//! The `{Key, Value}` tag shape most resource types share.

use serde::Serialize;

use crate::value::Value;

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// Tag key (1–128 characters).
    pub key: String,
    /// Tag value (0–256 characters).
    pub value: Value,
}

impl Tag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// A construct's tags in a stack file: a map of key to value (a string, or an intrinsic),
/// in the order written. The props keep them as a list of [`Tag`]s, so that a key given
/// twice through the builder is reported rather than silently overwritten.
pub(crate) type TagMap = indexmap::IndexMap<String, crate::props::Prop<String>>;

/// `#[serde(with = "crate::resources::tag::map")]`: reads a [`TagMap`] into `Vec<Tag>`.
pub(crate) mod map {
    use serde::{Deserialize, Deserializer};

    use super::{Tag, TagMap};

    /// Reads the map.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Tag>, D::Error> {
        Ok(TagMap::deserialize(d)?
            .into_iter()
            .map(|(key, value)| Tag::new(key, value.into_value()))
            .collect())
    }
}
