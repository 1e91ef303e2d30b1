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
