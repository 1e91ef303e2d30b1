//! Tags as a stack file writes them.

/// A construct's tags in a stack file: a map of key to value (a string, or an intrinsic),
/// in the order written. The props keep them as a list of [`Tag`](crate::resources::Tag)s, so that a key given
/// twice through the builder is reported rather than silently overwritten.
pub(crate) type TagMap = indexmap::IndexMap<String, super::Prop<String>>;

/// `#[serde(deserialize_with = "crate::props::tags::map::deserialize")]`: reads a
/// [`TagMap`] into `Vec<Tag>`.
pub(crate) mod map {
    use serde::{Deserialize, Deserializer};

    use super::TagMap;
    use crate::resources::Tag;

    /// Reads the map.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Tag>, D::Error> {
        Ok(TagMap::deserialize(d)?
            .into_iter()
            .map(|(key, value)| Tag::new(key, value.into_value()))
            .collect())
    }
}
